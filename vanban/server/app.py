"""The FastAPI application: versioned endpoints over the library's public API, and the page at ``/``.

Documents come as a multipart upload (field ``file``, or ``text``) or as the raw request body;
options are query parameters. Answers are what the command line prints: ``/v1/parse`` the JSON of
``vanban parse``, ``/v1/check`` the report of ``vanban check --format json|sarif``. Errors are
JSON objects ``{"error", "kind", "status"}`` carrying the library's one-line message.
"""


import asyncio
import datetime as dt
import json
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Annotated, Any, Literal, TypeVar

from fastapi import Depends, FastAPI, Query, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse, Response
from fastapi.security import APIKeyHeader
from pydantic import BaseModel
from starlette.exceptions import HTTPException

from vanban.errors import OptionError, UnsupportedFormatError, VanbanError
from vanban.link.corpus import Corpus
from vanban.link.graph import Edge, Graph, Node, node_info
from vanban.models import Document
from vanban.register import book_csv, book_rows, issue_number, register_incoming, register_outgoing
from vanban.register.columns import IncomingRow, OutgoingRow, TrackingRow
from vanban.register.entry import Registration
from vanban.render import layout_names
from vanban.render.layout import parse_settings
from vanban.render.retypeset import FormatReport
from vanban.report import Report
from vanban.schema import SCHEMAS
from vanban.server import jobs
from vanban.server.http import (
    ErrorBody,
    NotFound,
    Unauthorized,
    attachment,
    find_node,
    optional_upload,
    read_upload,
    stem,
)
from vanban.server.middleware import AccessLog, BodyLimit
from vanban.server.settings import Settings
from vanban.server.workers import JobTimeout, Workers
from vanban.store import connect

T = TypeVar("T")
log = logging.getLogger("vanban.server")

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
EDXML = "application/xml"
SARIF = "application/sarif+json"


LayoutName = Annotated[str | None, Query(description=f"layout: {', '.join(layout_names())} "
                                                 "(default: the document's system)")]


class Health(BaseModel):
    """What ``GET /v1/health`` says: the server runs, with or without a store."""

    status: Literal["ok"] = "ok"
    version: str
    store: bool
    workers: int


class MissingNode(Node):
    """A document cited but absent from the corpus, with how many citations name it."""

    cited: int


_ERRORS: dict[int | str, dict[str, Any]] = {code: {"model": ErrorBody} for code in (400, 413, 415, 422, 504)}
_STATUS: list[tuple[type[BaseException], int]] = [
    (NotFound, 404), (Unauthorized, 401), (UnsupportedFormatError, 415), (OptionError, 400), (VanbanError, 422),
]


def _document_body(*, extra: dict[str, Any] | None = None, required: bool = True) -> dict[str, Any]:
    """The OpenAPI request body of an endpoint that takes a document."""
    fields: dict[str, Any] = {"file": {"type": "string", "format": "binary", "description": "the document"},
                              "text": {"type": "string", "description": "the document as text (instead of file)"}}
    fields.update(extra or {})
    return {"requestBody": {"required": required, "content": {
        "multipart/form-data": {"schema": {"type": "object", "properties": fields}},
        "text/plain": {"schema": {"type": "string"}},
        "application/octet-stream": {"schema": {"type": "string", "format": "binary"}},
    }}}


def _codes(values: list[str]) -> list[str]:
    return [c.strip().upper() for v in values for c in v.split(",") if c.strip()]


def _json(data: bytes, media_type: str = "application/json") -> Response:
    return Response(data, media_type=media_type)


def create_app(settings: Settings | None = None) -> FastAPI:
    """The application for ``settings`` (default: no store, one worker process)."""
    settings = settings or Settings()
    workers = Workers(settings.workers, settings.timeout_s)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        workers.start()
        try:
            yield
        finally:
            workers.close()

    app = FastAPI(
        title="vanban",
        version=jobs._version(),
        summary="Vietnamese official documents (văn bản): parse, check, render, exchange, registers.",
        description="The vanban library over HTTP. Every endpoint returns what the library and the "
                    "command line return; the component schemas are those of `schemas/*.json`.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.workers = workers
    app.add_middleware(BodyLimit, max_bytes=settings.max_upload_bytes)
    if settings.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=list(settings.cors_origins), allow_methods=["*"],
                           allow_headers=["*"], expose_headers=["X-Vanban-Report", "X-Request-ID"])
    app.add_middleware(AccessLog)
    _handlers(app)

    api_key = APIKeyHeader(name="X-API-Key", auto_error=False,
                           description="needed by the write endpoints when the server has an API key")

    def writer(key: Annotated[str | None, Depends(api_key)]) -> None:
        if settings.api_key and key != settings.api_key:
            raise Unauthorized("this endpoint writes to the store: send the server's key in X-API-Key")

    def store() -> str:
        if not settings.db:
            raise NotFound("no store configured: start the server with --db PATH")
        return settings.db

    async def in_store(fn: Callable[[], T]) -> T:
        try:
            return await asyncio.wait_for(asyncio.to_thread(fn), settings.timeout_s)
        except asyncio.TimeoutError:
            raise JobTimeout(settings.timeout_s) from None

    # --- documents -------------------------------------------------------------------------------
    @app.get("/v1/health", response_model=Health, tags=["service"])
    async def health() -> Health:
        """The server runs; whether a store is configured."""
        return Health(version=app.version, store=bool(settings.db), workers=settings.workers)

    @app.post("/v1/parse", response_model=Document, responses=_ERRORS, tags=["documents"],
              openapi_extra=_document_body())
    async def parse(request: Request, with_text: bool = False) -> Response:
        """Parse a document (text, DOCX, PDF, edXML, JSON description): the JSON of `vanban parse`."""
        up = await read_upload(request)
        return _json(await workers.run(jobs.parse_job, up.data, up.name, with_text))

    @app.post("/v1/check", response_model=Report, tags=["documents"], openapi_extra=_document_body(),
              responses={**_ERRORS, 200: {"content": {SARIF: {"schema": {
                  "type": "object", "description": "a SARIF 2.1.0 log (format=sarif)"}}}}})
    async def check(request: Request,
                    profile: Annotated[Literal["nd30", "party", "qppl"] | None, Query()] = None,
                    lang: Literal["vi", "en"] = "vi",
                    select: Annotated[list[str], Query(description="rule ids or prefixes (VB1, VB107)")] = [],  # noqa: B006
                    ignore: Annotated[list[str], Query(description="rule ids or prefixes to skip")] = [],  # noqa: B006
                    format: Literal["json", "sarif"] = "json") -> Response:
        """Validate a document: the report of `vanban check --format json|sarif`."""
        up = await read_upload(request)
        out = await workers.run(jobs.check_job, up.data, up.name, profile, lang, _codes(select), _codes(ignore),
                                format)
        return _json(out, SARIF if format == "sarif" else "application/json")


    @app.post("/v1/render", tags=["documents"], openapi_extra=_document_body(),
              responses={**_ERRORS, 200: {"content": {DOCX: {"schema": {"type": "string", "format": "binary"}}},
                                          "description": "the DOCX"}},
              response_class=Response)
    async def render(request: Request, layout: LayoutName = None,
                     margin: Annotated[list[str], Query(description="NAME=MM, e.g. left_mm=35")] = [],  # noqa: B006
                     size: Annotated[list[str], Query(description="COMPONENT=PT, e.g. body=13")] = []  # noqa: B006
                     ) -> Response:
        """Write a document in the official layout (from the JSON `vanban parse` prints, or any document)."""
        margins, sizes = parse_settings(margin, "margin"), parse_settings(size, "size")
        up = await read_upload(request)
        data = await workers.run(jobs.render_job, up.data, up.name, layout, margins, sizes)
        return attachment(data, DOCX, f"{stem(up.name)}.docx")

    @app.post("/v1/format", tags=["documents"], openapi_extra=_document_body(),
              responses={**_ERRORS, 200: {
                  "description": "the re-typeset DOCX (its change report in the X-Vanban-Report header), "
                                 "or the report alone with output=report",
                  "content": {DOCX: {"schema": {"type": "string", "format": "binary"}},
                              "application/json": {"schema": {"$ref": "#/components/schemas/FormatReport"}}}}},
              response_model=FormatReport)
    async def format_(request: Request, layout: LayoutName = None,
                      margin: Annotated[list[str], Query(description="NAME=MM")] = [],  # noqa: B006
                      size: Annotated[list[str], Query(description="COMPONENT=PT")] = [],  # noqa: B006
                      output: Literal["docx", "report"] = "docx") -> Response:
        """Re-typeset a document in the compliant layout: the DOCX and what changed (`vanban format --json`)."""
        margins, sizes = parse_settings(margin, "margin"), parse_settings(size, "size")
        up = await read_upload(request)
        name = f"{stem(up.name)}.docx"
        data, report = await workers.run(jobs.format_job, up.data, up.name, layout, margins, sizes, name)
        if output == "report":
            return _json(report)
        header = json.dumps(json.loads(report))  # ASCII: a header carries no raw UTF-8
        return attachment(data, DOCX, name, **{"x-vanban-report": header})

    @app.post("/v1/export/edxml", tags=["documents"],
              openapi_extra=_document_body(extra={"attachment": {
                  "type": "array", "items": {"type": "string", "format": "binary"},
                  "description": "files the package carries (repeatable)"}}),
              responses={**_ERRORS, 200: {"content": {EDXML: {"schema": {"type": "string"}}},
                                          "description": "the edXML package"}},
              response_class=Response)
    async def export_edxml(request: Request) -> Response:
        """Write a document as an edXML package (QCVN 102:2016), with attachments (`vanban export`)."""
        up = await read_upload(request)
        data = await workers.run(jobs.edxml_job, up.data, up.name, up.files)
        return attachment(data, EDXML, f"{stem(up.name)}.edxml")

    # --- corpus (read-only) ----------------------------------------------------------------------
    def _corpus(query: Callable[[Corpus, str], Any], key: str) -> Callable[[], Any]:
        def run() -> Any:
            with Corpus(store()) as corpus:
                return jsonable_encoder(query(corpus, find_node(corpus, key)))
        return run

    corpus_errors: dict[int | str, dict[str, Any]] = {404: {"model": ErrorBody}}

    @app.get("/v1/documents/{key:path}/citations", response_model=list[Edge], responses=corpus_errors,
             tags=["corpus"])
    async def citations(key: str) -> Any:
        """What a document cites (edges with relation, confidence and reason); `key` is a URI, path or number."""
        return await in_store(_corpus(lambda c, uri: c.cites(uri), key))

    @app.get("/v1/documents/{key:path}/citers", response_model=list[Edge], responses=corpus_errors,
             tags=["corpus"])
    async def citers(key: str) -> Any:
        """Who cites a document."""
        return await in_store(_corpus(lambda c, uri: c.cited_by(uri), key))

    @app.get("/v1/documents/{key:path}/chain", response_model=list[Node], responses=corpus_errors,
             tags=["corpus"])
    async def chain(key: str) -> Any:
        """The implementation chain from the root directive down to a document."""
        return await in_store(_corpus(lambda c, uri: c.chain(uri), key))

    @app.get("/v1/documents/{key:path}", response_model=Node, responses=corpus_errors, tags=["corpus"])
    async def document(key: str) -> Any:
        """A document of the corpus (or a cited, absent one) by URI, stored path or number (`81-KH/TU`)."""
        return await in_store(_corpus(lambda c, uri: node_info(c, uri), key))

    @app.get("/v1/missing", response_model=list[MissingNode], responses=corpus_errors, tags=["corpus"])
    async def missing(limit: Annotated[int | None, Query(ge=1, le=100000)] = None) -> Any:
        """Documents cited but absent from the corpus, most cited first."""
        def run() -> Any:
            with Corpus(store()) as corpus:
                return [{**n.model_dump(mode="json"), "cited": k} for n, k in corpus.missing(limit)]
        return await in_store(run)

    # --- registers ---------------------------------------------------------------------------------
    def _in_register(fn: Callable[[Any], T]) -> Callable[[], T]:
        def run() -> T:
            conn = connect(store())
            try:
                return fn(conn)
            finally:
                conn.close()
        return run

    register_errors: dict[int | str, dict[str, Any]] = {
        **_ERRORS, 401: {"model": ErrorBody}, 404: {"model": ErrorBody},
        200: {"model": Registration, "description": "already in the book: not registered again (see warning)"}}

    @app.post("/v1/register/in", response_model=Registration, status_code=201, responses=register_errors, tags=["registers"],
              dependencies=[Depends(writer)], openapi_extra=_document_body())
    async def register_in(request: Request, date: dt.date | None = None, forward: str | None = None,
                          file_code: str | None = None, receiver: str | None = None, due: dt.date | None = None,
                          note: str | None = None, force: bool = False) -> Any:
        """Register a received document in the incoming book (Số đến, gap-free); `vanban register in`."""
        store()
        up = await read_upload(request)
        doc = await workers.run(jobs.read_job, up.data, up.name)
        reg = await in_store(_in_register(lambda conn: register_incoming(
            conn, doc, on=date, forwarded_to=forward, file_code=file_code, receiver=receiver, due=due, note=note,
            allow_duplicate=force)))
        return JSONResponse(reg.model_dump(mode="json"), status_code=201 if reg.created else 200)

    @app.post("/v1/register/out", response_model=Registration, status_code=201, responses=register_errors, tags=["registers"],
              dependencies=[Depends(writer)], openapi_extra=_document_body(required=False))
    async def register_out(request: Request, date: dt.date | None = None,
                           issue: Annotated[str | None, Query(description="issue the next number for a draft "
                                                              "with this symbol, e.g. QĐ-UBND")] = None,
                           symbol: str | None = None, type: str | None = None, subject: str | None = None,
                           due: dt.date | None = None, expect: Annotated[list[str], Query()] = [],  # noqa: B006
                           copies: Annotated[int | None, Query(ge=1, le=100000)] = None,
                           kept_by: str | None = None, note: str | None = None, force: bool = False) -> Any:
        """Register a sent document in the outgoing book, or issue the next number (`vanban register out`)."""
        store()
        if issue:
            entry = await in_store(_in_register(lambda conn: issue_number(conn, issue, on=date, subject=subject,
                                                                          type_name=type)))
            return JSONResponse(Registration(entry=entry, created=True).model_dump(mode="json"), status_code=201)
        up = await optional_upload(request)
        if up is None:
            raise HTTPException(400, "send the document to register, or ?issue=SYMBOL for a draft's number")
        doc = await workers.run(jobs.read_job, up.data, up.name)
        reg = await in_store(_in_register(lambda conn: register_outgoing(
            conn, doc, on=date, due=due, parties=expect or None, copies=copies, kept_by=kept_by, note=note,
            symbol=symbol, allow_duplicate=force)))
        return JSONResponse(reg.model_dump(mode="json"), status_code=201 if reg.created else 200)

    @app.get("/v1/register", response_model=list[IncomingRow] | list[OutgoingRow] | list[TrackingRow],
             responses={404: {"model": ErrorBody}, 200: {"content": {"text/csv": {"schema": {"type": "string"}}}}},
             tags=["registers"])
    async def register_list(book: Literal["in", "out", "tracking"] = "in",
                            year: Annotated[int | None, Query(ge=1900, le=2999)] = None,
                            format: Literal["json", "csv"] = "json") -> Response:
        """A book with the Phụ lục IV columns (`vanban register list`), as JSON or CSV."""
        rows = await in_store(_in_register(lambda conn: book_rows(conn, book, year)))
        if format == "csv":
            return Response(book_csv(book, rows), media_type="text/csv; charset=utf-8")
        return JSONResponse(jsonable_encoder(rows))

    @app.get("/v1/graph", response_model=Graph, responses=corpus_errors, tags=["corpus"])
    async def graph() -> Any:
        """The whole citation graph (`vanban link export --format json`)."""
        def run() -> Any:
            with Corpus(store()) as corpus:
                return corpus.graph().model_dump(mode="json")
        return await in_store(run)

    from vanban.server.page import page_routes

    app.include_router(page_routes(settings, workers))
    generated = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = library_schemas(generated())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    return app


def library_schemas(spec: dict[str, Any]) -> dict[str, Any]:
    """``spec`` with the library's component schemas exactly as in ``schemas/`` and 400 for invalid requests.

    The components of the library's models come from the same generator as ``vanban schema``, so
    ``/openapi.json`` and ``schemas/*.json`` describe one output; request validation errors are
    answered 400 with an :class:`ErrorBody`, not FastAPI's 422 list.
    """
    components = spec.setdefault("components", {}).setdefault("schemas", {})
    models: list[type[BaseModel]] = [*SCHEMAS.values(), Node, Edge]
    for model in models:
        schema = model.model_json_schema(mode="serialization", ref_template="#/components/schemas/{model}")
        components.update(schema.pop("$defs", {}))
        components[model.__name__] = schema
    error = {"description": "Bad request", "content": {"application/json": {
        "schema": {"$ref": "#/components/schemas/ErrorBody"}}}}
    for path in spec.get("paths", {}).values():
        for op in path.values():
            responses = op.get("responses", {})
            if "HTTPValidationError" in json.dumps(responses.get("422", {})):
                del responses["422"]
            responses.setdefault("400", error)
    for name in ("HTTPValidationError", "ValidationError"):
        components.pop(name, None)
    return spec


def _handlers(app: FastAPI) -> None:
    def error(status: int, message: str, kind: str) -> JSONResponse:
        return JSONResponse(ErrorBody(error=message, kind=kind, status=status).model_dump(), status_code=status)

    async def vanban_error(request: Request, e: Exception) -> JSONResponse:
        status = next(code for cls, code in _STATUS if isinstance(e, cls))
        return error(status, str(e), type(e).__name__)

    async def timeout(request: Request, e: Exception) -> JSONResponse:
        return error(504, f"the work took longer than the {e.args[0]:g}-second limit", "Timeout")

    async def invalid(request: Request, e: Exception) -> JSONResponse:
        assert isinstance(e, RequestValidationError)
        parts = [f"{'.'.join(str(x) for x in err['loc'][1:]) or err['loc'][0]}: {err['msg']}" for err in e.errors()]
        return error(400, "; ".join(parts)[:500], "BadRequest")

    async def http_error(request: Request, e: Exception) -> JSONResponse:
        assert isinstance(e, HTTPException)
        kind = {400: "BadRequest", 404: "NotFound", 405: "MethodNotAllowed", 413: "TooLarge"}.get(e.status_code, "HTTPError")
        return error(e.status_code, str(e.detail), kind)

    async def crash(request: Request, e: Exception) -> JSONResponse:
        log.exception("internal error on %s %s", request.method, request.url.path)
        return error(500, f"internal error ({type(e).__name__}); the server log has the details", "InternalError")

    app.add_exception_handler(VanbanError, vanban_error)
    app.add_exception_handler(JobTimeout, timeout)
    app.add_exception_handler(RequestValidationError, invalid)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(Exception, crash)

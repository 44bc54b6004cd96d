"""Requests and answers of the server: the document a request carries, downloads, error bodies, corpus keys."""

from dataclasses import dataclass
from pathlib import PureWindowsPath
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import Response
from pydantic import BaseModel
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException

from vanban.errors import InputError, VanbanError
from vanban.link.corpus import Corpus
from vanban.normalize import strip_marks


class ErrorBody(BaseModel):
    """An error answer: the library's one-line message, the kind of error and the HTTP status."""

    error: str
    kind: str
    status: int


class NotFound(VanbanError):
    """A document, an entry or a store the request names does not exist."""


class Unauthorized(VanbanError):
    """A write endpoint was called without the configured API key."""


@dataclass
class Upload:
    """A document sent with a request: its bytes, its file name and the other multipart files."""

    data: bytes
    name: str | None
    files: list[tuple[str, str, bytes]]


async def read_upload(request: Request) -> Upload:
    """The document of a request; 400 when there is none."""
    up = await optional_upload(request)
    if up is None:
        raise HTTPException(400, "no document: send it as the multipart field `file` (or `text`) or as the body")
    return up


async def optional_upload(request: Request) -> Upload | None:
    """The document of a request: multipart field ``file`` (or ``text``), else the raw body; ``None`` without one."""
    ctype = request.headers.get("content-type", "")
    if ctype.startswith("multipart/form-data"):
        form = await request.form(max_files=64, max_fields=64)
        files: list[tuple[str, str, bytes]] = []
        for item in form.getlist("attachment"):
            if isinstance(item, UploadFile):
                files.append((PureWindowsPath(item.filename or "attachment").name, item.content_type
                              or "application/octet-stream", await item.read()))
        doc = form.get("file")
        if isinstance(doc, UploadFile):
            data = await doc.read()
            name = PureWindowsPath(doc.filename).name if doc.filename else None
            if data:
                return Upload(data, name, files)
        elif isinstance(doc, str) and doc:
            return Upload(doc.encode("utf-8"), None, files)
        text = form.get("text")
        if isinstance(text, str) and text.strip():
            return Upload(text.encode("utf-8"), None, files)
    else:
        body = await request.body()
        if body:
            return Upload(body, None, [])
    return None


def find_node(corpus: Corpus, key: str) -> str:
    """The URI named by ``key`` (a URI with or without its leading slash, a stored path, a number); 404 if none."""
    try:
        return corpus.node(key)
    except InputError as e:
        if key.startswith("/"):
            raise NotFound(str(e)) from None
        error = str(e)
    try:
        return corpus.node("/" + key)  # a URI whose leading slash the path swallowed
    except InputError:
        raise NotFound(error) from None


def stem(name: str | None) -> str:
    """The file name of ``name`` without folders (Windows ones too) or extension."""
    return PureWindowsPath(name).stem if name else "document"  # a Windows path's folders go too


def attachment(data: bytes, media_type: str, filename: str, **headers: str) -> Response:
    """A download named ``filename`` (an ASCII fallback and the UTF-8 name, RFC 6266)."""
    fallback = "".join(c if c.isascii() and (c.isalnum() or c in "-_.") else "-" for c in strip_marks(filename))
    disposition = f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"
    return Response(data, media_type=media_type, headers={"content-disposition": disposition, **headers})

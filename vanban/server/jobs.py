"""The work a request asks for, run in a worker process: each job takes bytes and returns bytes or models.

Jobs call the library's public API only and return what the command line prints (JSON text,
DOCX or edXML bytes), so the answer of an endpoint is the output of the matching command.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from vanban.exchange.edxml import to_edxml
from vanban.models import Attachment, Document
from vanban.readers import parse_file
from vanban.render import docx_bytes, format_docx, layout_for
from vanban.render.layout import Layout
from vanban.report import Report, render_json, render_sarif
from vanban.rules import all_rules, validate


def _version() -> str:
    """The installed package's version (``vanban.__version__``), as the SARIF log and OpenAPI give it."""
    import vanban

    return str(vanban.__version__)


def read(data: bytes, name: str | None) -> Document:
    """The document in ``data``, with the uploaded file name as its source."""
    doc = parse_file(data)
    return doc.model_copy(update={"source": name}) if name else doc


def parse_job(data: bytes, name: str | None, with_text: bool) -> bytes:
    """``vanban parse --format jsonl``: the document as its line of JSON, written by pydantic's serializer straight to
    UTF-8 (no dictionary of the document, no JSON string before the bytes)."""
    doc = read(data, name)
    return type(doc).__pydantic_serializer__.to_json(doc, exclude=None if with_text else {"text"})


def check(doc: Document, profile: str | None, lang: str, select: list[str], ignore: list[str]) -> Report:
    """The validation report of a read document."""
    return validate(doc, profile, lang=lang, select=select, ignore=ignore)  # type: ignore[arg-type]


def check_job(data: bytes, name: str | None, profile: str | None, lang: str, select: list[str],
              ignore: list[str], fmt: str) -> bytes:
    """``vanban check --format json|sarif``: the report of one document."""
    doc = read(data, name)
    report = check(doc, profile, lang, select, ignore)
    if fmt == "sarif":
        ran = set(report.rules)
        rules = [r.sarif() for r in all_rules() if r.id in ran]
        return render_sarif([report], [doc.text], rules, _version()).encode()
    return render_json([report]).encode()


def _layout(doc: Document, name: str | None, margins: dict[str, float], sizes: dict[str, float]) -> Layout:
    layout = layout_for(doc, name)
    return layout.configured(margins=margins, sizes=sizes) if margins or sizes else layout


def render_job(data: bytes, name: str | None, layout: str | None, margins: dict[str, float],
               sizes: dict[str, float]) -> bytes:
    """``vanban render``: the document (a JSON description or any readable document) as DOCX."""
    doc = read(data, name)
    return docx_bytes(doc, _layout(doc, layout, margins, sizes))


def format_job(data: bytes, name: str | None, layout: str | None, margins: dict[str, float],
               sizes: dict[str, float], output: str) -> tuple[bytes, bytes]:
    """``vanban format --json``: the re-typeset DOCX and the change report (JSON) naming ``output``."""
    doc = read(data, name)
    profile = _layout(doc, layout, margins, sizes) if layout or margins or sizes else None
    with tempfile.TemporaryDirectory(prefix="vanban-format-") as tmp:
        path = Path(tmp) / "out.docx"
        report = format_docx(doc, path, profile)
        out = path.read_bytes()
    report = report.model_copy(update={"output": output})
    return out, json.dumps(report.model_dump(mode="json"), ensure_ascii=False).encode()


def edxml_job(data: bytes, name: str | None, attachments: list[tuple[str, str, bytes]]) -> bytes:
    """``vanban export --format edxml``: the document as an edXML package carrying ``attachments``."""
    doc = read(data, name)
    files = [Attachment(name=n, content_type=t, data=d) for n, t, d in attachments]
    return to_edxml(doc, attachments=files)


def read_job(data: bytes, name: str | None) -> Document:
    """The read document (for the registers, which write in the server process)."""
    return read(data, name)


def page_job(data: bytes, name: str | None, lang: str) -> tuple[Document, Report]:
    """The read document and its report, for the page."""
    doc = read(data, name)
    return doc, check(doc, None, lang, [], [])

"""Readers: turn a file or bytes into a ``Document``, choosing the format by content, not name.

``parse_file`` reads plain text (UTF-8, UTF-16, Windows-1258, TCVN3, VNI), DOCX and PDF; edXML
is recognised and handed to its reader (``vanban.exchange.edxml``). Scans (PNG, JPEG, TIFF, GIF and
PDFs without a text layer) are read with OCR (``vanban.readers.ocr``; Tesseract and the ``ocr`` extra).
Legacy ``.doc``, RTF and OpenDocument are refused with a message saying what to do.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from vanban.errors import InputError, UnsupportedFormatError
from vanban.models import Document
from vanban.readers.description import read_description
from vanban.readers.sniff import sniff
from vanban.readers.text import decode_text

MAX_BYTES = 64 * 1024 * 1024
"""Inputs larger than this are refused (configurable with ``max_bytes``)."""

_REFUSED = {
    "doc": "legacy Word 97-2003 .doc is not supported; convert it to .docx (Word: File > Save As > Word "
           "Document, or `soffice --headless --convert-to docx FILE`)",
    "ole": "an old Office (OLE2) file, not a document vanban reads; save it as .docx or PDF",
    "encrypted-office": "a password-protected Office document; open it in Word and save it without a password",
    "rtf": "RTF is not supported; save it as .docx",
    "odt": "OpenDocument text (.odt) is not supported; save it as .docx",
    "zip": "a ZIP archive that is not a Word document",
}


def read_bytes(source: str | os.PathLike[str] | bytes, max_bytes: int = MAX_BYTES) -> tuple[bytes, str | None]:
    """The bytes of ``source`` (a path or the bytes themselves) and its name, size-checked."""
    if isinstance(source, bytes):
        data, name = source, None
    else:
        path = Path(source)
        if path.is_dir():
            raise InputError(f"{path}: is a folder, not a document")
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(f"{path}: {size} bytes is above the {max_bytes}-byte limit")
        data, name = path.read_bytes(), str(path)
    if len(data) > max_bytes:
        raise InputError(f"{name or 'input'}: {len(data)} bytes is above the {max_bytes}-byte limit")
    return data, name


def read_text(data: bytes, source: str | None = None) -> Document:
    """Read a plain-text document in any supported encoding."""
    from vanban.parse.text import parse_text

    text, encoding = decode_text(data, source)
    doc = parse_text(text, source=source)
    return doc.model_copy(update={"encoding": encoding, "format": "text"})


def _read_docx(data: bytes, source: str | None) -> Document:
    from vanban.readers.docx import read_docx

    return read_docx(data, source)


def _read_pdf(data: bytes, source: str | None, jobs: int = 1) -> Document:
    from vanban.readers.pdf import read_pdf

    return read_pdf(data, source, jobs=jobs)


def _read_image(data: bytes, source: str | None, jobs: int = 1) -> Document:
    from vanban.readers.ocr import read_image

    return read_image(data, source, jobs=jobs)


def _read_edxml(data: bytes, source: str | None) -> Document:
    from vanban.exchange.edxml import read_edxml

    return read_edxml(data, source)


READERS: dict[str, Callable[[bytes, str | None], Document]] = {
    "text": read_text, "docx": _read_docx, "pdf": _read_pdf, "edxml": _read_edxml, "description": read_description,
    "image": _read_image,
}
"""The reader for each format ``sniff`` tells apart."""


def parse_file(source: str | os.PathLike[str] | bytes, *, max_bytes: int = MAX_BYTES, jobs: int = 1) -> Document:
    """Read a document from a path or bytes; the format is told by content (magic bytes).

    ``jobs`` is how many pages of a scan are read with OCR at the same time (one core each).
    """
    data, name = read_bytes(source, max_bytes)
    kind = sniff(data)
    if kind == "text" and name is not None and name.lower().endswith((".yaml", ".yml")):
        return read_description(data, name, yaml=True)  # YAML has no mark of its own: the one name-based case
    if kind in _REFUSED:
        raise UnsupportedFormatError(f"{name or 'input'}: {_REFUSED[kind]}")
    if kind in ("pdf", "image"):
        return (_read_pdf if kind == "pdf" else _read_image)(data, name, max(1, jobs))
    return READERS[kind](data, name)


def parse_files(sources: Iterable[str | os.PathLike[str] | bytes], *, max_bytes: int = MAX_BYTES,
                jobs: int = 1) -> Iterator[Document]:
    """Read many documents, ``jobs`` at a time (scans' OCR runs in its own processes), in the given order.

    An error stops the iteration at the document that raised it, as a loop over ``parse_file`` would.
    """
    if jobs <= 1:
        for source in sources:
            yield parse_file(source, max_bytes=max_bytes)
        return
    from collections import deque

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        pending: deque[Future[Document]] = deque()
        for source in sources:  # at most 2 x jobs documents in flight: memory stays bounded
            pending.append(pool.submit(parse_file, source, max_bytes=max_bytes))
            if len(pending) >= 2 * jobs:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()

"""Telling a file's format by its content (magic bytes), never by its name."""

from __future__ import annotations

import io
import zipfile
from typing import Literal

from vanban.readers.description import looks_like_description
from vanban.readers.html import looks_like_html

Format = Literal["pdf", "docx", "edxml", "description", "html", "markdown", "text", "doc", "odt", "rtf", "zip", "image", "ole",
                 "encrypted-office"]

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_IMAGES = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*", b"GIF87a", b"GIF89a")


def sniff(data: bytes) -> Format:
    """The format of ``data``: ``pdf``, ``docx``, ``edxml``, ``description`` (JSON) or ``text``, or a refused one."""
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return _zip_kind(data)
    if data.startswith(_OLE2):
        if "EncryptedPackage".encode("utf-16-le") in data:
            return "encrypted-office"
        return "doc" if "WordDocument".encode("utf-16-le") in data else "ole"
    if data.lstrip()[:5] == b"{\\rtf":
        return "rtf"
    if data.startswith(_IMAGES):
        return "image"
    if _looks_like_xml(data) and _edxml(data):
        return "edxml"
    if looks_like_description(data):
        return "description"
    if looks_like_html(data):
        return "html"
    if looks_like_markdown(data):
        return "markdown"
    return "text"


def _looks_like_xml(data: bytes) -> bool:
    """True when ``data`` begins (after a BOM and blank space) with ``<``: only then is the edXML reader asked."""
    return data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<")


def _edxml(data: bytes) -> bool:
    from vanban.exchange.edxml import looks_like_edxml  # here: lxml loaded only for XML

    return looks_like_edxml(data)


def looks_like_markdown(data: bytes) -> bool:
    """True when text bytes carry Markdown: a crawler's flattened table cells (``|`` lines), bold
    markers, pandoc grid or pipe tables (checked on the first 256 KiB; UTF-8 and legacy encodings
    keep these ASCII marks as they are)."""
    head = data[:262144]
    if b"\x00" in head[:4096]:
        return False
    cells = head.count(b"\n|\n") + head.count(b"\n|\r\n")
    bold = head.count(b"**")
    grid = head.count(b"\n+--") + head.count(b"\n|---") + head.count(b"\n| ---") + head.count(b"\n|:--")
    return cells >= 3 or bold >= 6 or grid >= 2


def _zip_kind(data: bytes) -> Format:
    """``docx`` for a Word package, ``odt`` for OpenDocument text, ``zip`` otherwise (or broken)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            if "word/document.xml" in names:
                return "docx"
            if "mimetype" in names and zf.getinfo("mimetype").file_size < 200:
                if zf.read("mimetype").startswith(b"application/vnd.oasis.opendocument.text"):
                    return "odt"
    except Exception:  # broken ZIP: the DOCX reader gives the clear error
        return "docx" if b"word/" in data[:65536] else "zip"
    return "zip"

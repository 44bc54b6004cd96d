"""HTML reader: legal-portal, gazette and government pages, parsed with lxml (no network, no entities).

The page is rendered to the lines a reader sees: block elements and ``<br>`` break lines, each
table cell becomes a block of its own (as a crawler's Markdown prints it, cells separated by a
``|`` line), list items read as dash items, scripts, styles and the ``<head>`` are dropped and
white space collapses as a browser collapses it. That text then goes through the same
flattening and page cutting as Markdown (:mod:`vanban.parse.markup`, :mod:`vanban.parse.page`).

Offsets: ``Document.text`` is the page's HTML source (decoded) and every span points into it. The
source is scanned once into its character data (tags, comments, scripts and styles skipped,
entities decoded), each character remembering its source offset; lxml's text nodes are found in
that stream in document order, so each rendered character maps back to the source character it
came from (an entity maps to its ``&``).
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Callable
from functools import cache

from vanban import patterns
from vanban.errors import InputError
from vanban.models import Document
from vanban.normalize import clean_text
from vanban.parse.markup import Flat, flatten_markup
from vanban.readers.text import decode_text

MAX_ELEMENTS = 500_000
"""Pages with more elements than this are refused."""

_SKIP = {"script", "style", "head", "noscript", "template", "svg", "math", "iframe", "object", "select", "button"}
_BLOCK = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "tbody", "thead", "tfoot",
          "section", "article", "header", "footer", "nav", "aside", "main", "blockquote", "pre", "center",
          "dl", "dt", "dd", "form", "fieldset", "figure", "figcaption", "address", "hr", "caption", "body",
          "html"}
_CELL = {"td", "th"}
_OPEN = patterns.compile(r"<!--|<!\[CDATA\[|</?([A-Za-z][A-Za-z0-9:-]*)|<[!?]")
_RAW_ELEMENTS = {"script", "style", "template"}
_ENTITY = patterns.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?")
_WS = patterns.compile(r"[ \t\n\r\f\u00a0]+")
_HTML_HEAD = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|table|div|p)\b",
                        re.IGNORECASE | re.DOTALL)
_HTML_TAGS = re.compile(rb"</?(?:html|body|table|tr|td|p|div|br|span|b|strong)\b", re.IGNORECASE)


def looks_like_html(data: bytes) -> bool:
    """True when ``data`` is an HTML page (a doctype or an HTML root, or many HTML tags near its start)."""
    head = data[:8192].lstrip(b"\xef\xbb\xbf")
    if _HTML_HEAD.match(head):
        return True
    return head.lstrip()[:1] == b"<" and len(_HTML_TAGS.findall(head)) >= 8


def _stream(src: str) -> tuple[str, array[int]]:
    """The character data of ``src`` (markup skipped, entities decoded) and each character's source offset.

    One forward scan: a comment, a ``<script>``/``<style>``/``<template>`` element, a CDATA section
    or a tag is skipped to its end; one left open runs to the end of the source (never rescanned).
    """
    out: list[str] = []
    origin: array[int] = array("l")
    pos = 0
    n = len(src)
    while pos < n:
        lt = src.find("<", pos)
        if lt < 0:
            break
        m = _OPEN.match(src, lt)
        if m is None:  # a bare '<' in text
            _text(src, pos, lt + 1, out, origin)
            pos = lt + 1
            continue
        _text(src, pos, lt, out, origin)
        kind = m.group(0)
        if kind == "<!--":
            end = _find(src, "-->", lt + 4)
        elif kind.startswith("<![CDATA["):
            end = _find(src, "]]>", lt)
        else:
            gt = src.find(">", lt)
            end = n if gt < 0 else gt + 1
            name = (m.group(1) or "").lower()
            if name in _RAW_ELEMENTS and not kind.startswith("</") and end < n:
                close = re.compile(rf"</{name}\s*>", re.IGNORECASE).search(src, end)
                end = n if close is None else close.end()
        pos = end
    _text(src, pos, n, out, origin)
    return "".join(out), origin


def _find(src: str, token: str, start: int) -> int:
    k = src.find(token, start)
    return len(src) if k < 0 else k + len(token)


@cache
def _unescaper() -> Callable[[str], str]:
    """``html.unescape``, imported on the first page read (a text file's read never loads its entity tables)."""
    from html import unescape

    return unescape


def _text(src: str, a: int, b: int, out: list[str], origin: array[int]) -> None:
    pos = a
    unescape = _unescaper()
    for m in _ENTITY.finditer(src, a, b):
        if m.start() > pos:
            out.append(src[pos:m.start()])
            origin.extend(range(pos, m.start()))
        ch = unescape(m.group(0))
        out.append(ch)
        origin.extend([m.start()] * len(ch))
        pos = m.end()
    if b > pos:
        out.append(src[pos:b])
        origin.extend(range(pos, b))


class _Render:
    """Builds the rendered lines and their source offsets."""

    def __init__(self, stream: str, stream_origin: array[int]) -> None:
        self.stream, self.stream_origin = stream, stream_origin
        self.cursor = 0
        self.parts: list[str] = []
        self.origin: array[int] = array("l")
        self.space = False
        self.at_line_start = True
        self.last = 0

    def _mark(self) -> int:
        return self.stream_origin[min(self.cursor, len(self.stream_origin) - 1)] if self.stream_origin else 0

    def text(self, t: str | None) -> None:
        if not t:
            return
        k = self.stream.find(t, self.cursor)
        if k < 0 or k - self.cursor > 4096:  # text lxml repaired or moved: map it to where we are
            offs = [self._mark()] * len(t)
        else:
            offs = list(self.stream_origin[k:k + len(t)])
            self.cursor = k + len(t)
        i = 0
        for m in _WS.finditer(t):
            self._chars(t, offs, i, m.start())
            if not self.at_line_start:
                self.space = True
            i = m.end()
        self._chars(t, offs, i, len(t))

    def _chars(self, t: str, offs: list[int], a: int, b: int) -> None:
        if b <= a:
            return
        if self.space:
            self.parts.append(" ")
            self.origin.append(offs[a])
            self.space = False
        self.parts.append(t[a:b])
        self.origin.extend(offs[a:b])
        self.at_line_start = False
        self.last = offs[b - 1] + 1

    def newline(self) -> None:
        if not self.at_line_start:
            self.parts.append("\n")
            self.origin.append(self.last)
        self.space = False
        self.at_line_start = True

    def cell_break(self) -> None:
        self.newline()
        self.parts.append("|\n")
        self.origin.extend([self.last, self.last])

    def literal(self, s: str) -> None:
        self.parts.append(s)
        self.origin.extend([self._mark()] * len(s))
        self.at_line_start = False


def render_html(src: str, label: str = "input") -> tuple[str, array[int]]:
    """The page rendered to lines (table cells as blocks between ``|`` lines) and each character's source offset."""
    from lxml import etree
    from lxml import html as lhtml

    parser = lhtml.HTMLParser(no_network=True, remove_comments=True, remove_pis=True, huge_tree=False,
                              recover=True, default_doctype=False)
    try:
        root = lhtml.document_fromstring(src, parser=parser) if src.strip() else None
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as e:
        raise InputError(f"{label}: broken HTML ({e})") from None
    stream, stream_origin = _stream(src)
    r = _Render(stream, stream_origin)
    if root is None:
        return "", array("l", [0])
    count = 0
    skipping = 0
    for event, el in etree.iterwalk(root, events=("start", "end")):
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        count += event == "start"
        if count > MAX_ELEMENTS:
            raise InputError(f"{label}: more than {MAX_ELEMENTS} HTML elements")
        if event == "start":
            if skipping or tag in _SKIP:
                skipping += 1
                continue
            if tag in _BLOCK or tag == "li" or tag == "tr":
                r.newline()
            if tag in _CELL:
                r.cell_break()
            if tag == "li":
                r.literal("- ")
            elif tag == "br":
                r.newline()
            r.text(el.text)
        else:
            if skipping:
                skipping -= 1
                if not skipping:  # the end of the skipped element: its tail is page text again
                    r.text(el.tail)
                continue
            if tag in _CELL or tag == "tr":
                r.cell_break()
            elif tag in _BLOCK or tag == "li":
                r.newline()
            r.text(el.tail)
    r.newline()
    r.origin.append(len(src))
    return "".join(r.parts), r.origin


def read_html(data: bytes, source: str | None = None) -> Document:
    """Read an HTML page: the document it holds, spans pointing into the HTML source."""
    from vanban.parse.text import parse_flat

    src, encoding = _decode(data, source)
    rendered, origin = render_html(src, source or "input")
    flat = flatten_markup(rendered)
    composed = array("l", (origin[min(i, len(origin) - 1)] for i in flat.origin))
    doc = parse_flat(src, Flat(flat.text, composed), source=source)
    return doc.model_copy(update={"format": "html", "encoding": encoding})


_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?([A-Za-z0-9_-]+)", re.IGNORECASE)


def _decode(data: bytes, source: str | None) -> tuple[str, str]:
    m = _META_CHARSET.search(data[:4096])
    if m and not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        name = m.group(1).decode("ascii").lower()
        if name not in ("utf-8", "utf8"):
            try:
                return clean_text(data.decode(name)), name
            except (LookupError, UnicodeDecodeError):
                pass
    text, encoding = decode_text(data, source)
    return clean_text(text), encoding


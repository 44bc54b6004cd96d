"""The body as paragraphs to typeset: re-flows hard-wrapped lines and tells each paragraph's role.

Text read from a PDF keeps the page's line breaks; a paragraph then spans several lines. Blank
lines always end a paragraph; a single line break ends one when the line before is short or
ends a sentence and the next line opens a new item, or when either line is a heading in upper
case. The roles only choose the look (``heading`` bold, ``center`` centred bold, ``basis``
italic căn cứ lines, ``article`` bold Điều lines); the words are kept as they are.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass
from typing import Literal

from vanban import patterns
from vanban.models import Document, Table

Role = Literal["text", "heading", "center", "basis", "article", "attached"]

MARK = "\x00"
"""Placeholder for a footnote reference inside body text (never valid XML, so never in input)."""

_ITEM = patterns.compile(
    r"^(?:[-+•–*]\s|\d{1,3}(?:\.\d{1,3})*[.)\-]\s?|[a-zđ]\)\s|[IVXLC]{1,6}[.\-]\s|"
    r"Điều\s+\d|Chương\s+[IVXLC\d]|Mục\s+\d|Phần\s+(?:[IVXLC]|thứ)|Căn cứ\s|Theo đề nghị\s)"
)
_HEADING_MARK = patterns.compile(r"^(?:[IVXLC]{1,6}|\d{1,3}(?:\.\d{1,3})*|[A-Z])[.\-)]\s*\S")
_ARTICLE = patterns.compile(r"^Điều\s+\d+[a-zđ]?\s*[.:]")
_SECTION = patterns.compile(
    r"^(?:Chương\s+[IVXLC\d]+|Mục\s+\d+|Phần\s+(?:[IVXLC]+|thứ\s+\S+)|Tiểu mục\s+\d+|Phụ lục(?:\s+[IVXLC\d]+)?$)\b")
_ATTACHED = patterns.compile(r"^\((?:Ban hành )?[Kk]èm theo\b.*\)$", re.S)
"""The line under an appendix title naming the document it belongs to: ``(Kèm theo Quyết định số ...)``."""
_BASIS = patterns.compile(r"^(?:Căn cứ|Theo đề nghị|Xét đề nghị)\s")
_END = ".:;!?…"
_SPACES = patterns.compile(r" {2,}")
"""Runs of spaces left by justified PDF lines; the paragraph is justified again, so one space is kept."""
_WRAPPED = 130
"""A line longer than this was not wrapped by a page: it is a paragraph of its own."""


@dataclass(frozen=True)
class Block:
    """One paragraph of the body and the role that chooses its look."""

    text: str
    role: Role


def is_caps_line(line: str) -> bool:
    """True for a short line in upper case (``QUYẾT ĐỊNH:``, ``ỦY BAN NHÂN DÂN TỈNH LÀO CAI``)."""
    letters = [c for c in line if c.isalpha()]
    return len(line) <= 150 and len(letters) >= 3 and all(c.isupper() for c in letters)


def _breaks(prev: str, nxt: str, width: float) -> bool:
    if is_caps_line(prev) or is_caps_line(nxt):
        return True
    if _ARTICLE.match(nxt) or _SECTION.match(nxt):
        return True
    starts_item = bool(_ITEM.match(nxt))
    starts_upper = nxt[:1].isupper() or nxt[:1].isdigit() or starts_item
    short = len(prev) < 0.72 * width
    ends = prev.rstrip(MARK)[-1:] in _END
    if ends and (starts_item or (starts_upper and len(prev) < 0.92 * width)):
        return True
    return short and starts_upper


def _join(prev: str, nxt: str) -> str:
    if len(prev) > 1 and prev.endswith("-") and not prev[-2].isspace() and nxt[:1].isalnum():
        return prev + nxt
    return prev + " " + nxt


def reflow(text: str, *, wrapped: bool = True) -> list[str]:
    """Paragraphs of ``text``: blank lines split, wrapped lines are joined back, space runs made single.

    With ``wrapped=False`` (text whose lines are paragraphs, as a DOCX gives) every line is a paragraph.
    In a block of page-wrapped lines a line longer than a wrapped one is two lines the parser joined
    across a page break or a footnote, and is joined like any other; in a block of long lines each
    long line is a paragraph of its own.
    """
    out: list[str] = []
    for block in re.split(r"\n[ \t]*\n", text):
        lines = [_SPACES.sub(" ", ln.strip()) for ln in block.split("\n")]
        lines = [ln for ln in lines if ln]
        if not lines:
            continue
        if not wrapped:
            out.extend(lines)
            continue
        short = sorted(len(ln) for ln in lines if len(ln) <= _WRAPPED)
        width = statistics.median(short[len(short) // 2:]) if short else _WRAPPED
        page_wrapped = len(short) >= 2 and len(short) * 2 > len(lines)
        current = last = lines[0]
        for ln in lines[1:]:
            long_line = len(last) > _WRAPPED or len(ln) > _WRAPPED
            if (long_line and not page_wrapped) or _breaks(last, ln, width):
                out.append(current)
                current = ln
            else:
                current = _join(current, ln)
            last = ln
        out.append(current)
    return out


def classify(paragraphs: list[str], *, dispatch: bool) -> list[Block]:
    """The role of each paragraph; căn cứ lines count as ``basis`` only before the first Điều."""
    blocks: list[Block] = []
    seen_article = dispatch
    for para in paragraphs:
        plain = para.replace(MARK, "")
        role: Role = "text"
        if _ATTACHED.match(plain):
            role = "attached"
        elif _ARTICLE.match(plain):
            seen_article = True
            role = "article"
        elif is_caps_line(plain) or (_SECTION.match(plain) and len(plain) <= 150):
            role = "center"
        elif not seen_article and _BASIS.match(plain):
            role = "basis"
        elif len(plain) <= 160 and _HEADING_MARK.match(plain) and plain.rstrip()[-1:] not in ".;,:":
            role = "heading"
        blocks.append(Block(text=para, role=role))
    return blocks


def _superscript(marker: str) -> str:
    table = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
    return marker.translate(table)


def _anchor_context(doc: Document, note_index: int) -> str | None:
    """Up to 40 characters of ``doc.text`` just before footnote ``note_index``'s reference mark."""
    note = doc.footnotes[note_index]
    text = doc.text
    if not text:
        return None
    if note.anchor is not None:
        pos = note.anchor.start
    else:
        limit = note.span.start if note.span is not None else len(text)
        sup = _superscript(note.marker)
        if sup == note.marker:
            return None
        pos = text.rfind(sup, 0, limit)
        while pos > 0 and text[pos - 1].isspace():
            pos = text.rfind(sup, 0, pos)
        if pos <= 0:
            return None
    before = text[max(0, pos - 60):pos]
    before = re.sub(r"\s+", " ", before).strip()
    return before[-40:] or None


_SUP = "[\u2070\u00b9\u00b2\u00b3\u2074-\u2079]"


def _tag(k: int) -> str:
    return chr(0xF0000 + k)


def body_with_marks(doc: Document) -> tuple[str, list[int]]:
    """The body with :data:`MARK` where each footnote reference goes, and the notes in mark order.

    A note goes at its ``body_offset`` (set by the parser; kept in JSON); else where the body shows its superscript marker (``hoạt động¹,``); otherwise after
    the words that precede its reference mark in ``doc.text`` (from ``Footnote.anchor`` or the
    superscript marker before the note). A note whose place cannot be found ends the body.
    """
    body = doc.body.replace(MARK, "")
    if not doc.footnotes:
        return body, []
    unplaced: list[int] = []
    at_offset = sorted(((n.body_offset, k) for k, n in enumerate(doc.footnotes)
                        if n.body_offset is not None and 0 <= n.body_offset <= len(body)), reverse=True)
    for off, k in at_offset:  # from the end, so earlier offsets still hold
        body = body[:off] + _tag(k) + body[off:]
    placed = {k for _, k in at_offset}
    for k, note in enumerate(doc.footnotes):
        if k in placed:
            continue
        sup = _superscript(note.marker)
        m = None
        if sup != note.marker:
            m = re.search(rf"(?<=\S)(?<!{_SUP}){re.escape(sup)}(?!{_SUP})", body)
        if m:
            body = body[:m.start()] + _tag(k) + body[m.end():]
        else:
            unplaced.append(k)
    late: list[int] = []
    for k in unplaced:
        ctx = _anchor_context(doc, k)
        flat = re.sub(r"\s+", " ", body)
        at = flat.find(ctx) if ctx else -1
        if ctx and at >= 0:
            back = [m.start() for m in re.finditer(r"\s+|\S", body)]
            end = at + len(ctx)
            pos = back[end] if end < len(back) else len(body)
            body = body[:pos] + _tag(k) + body[pos:]
        else:
            late.append(k)
    body = body.rstrip() + "".join(_tag(k) for k in late)
    order = [ord(c) - 0xF0000 for c in body if 0xF0000 <= ord(c) < 0xF0000 + len(doc.footnotes)]
    body = re.sub("[\U000F0000-\U000FFFFD]", MARK, body)
    return body, order


_BOLD = patterns.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*", re.S)
_ITALIC = patterns.compile(r"(?<![*\w])\*(?=[^\s*])([^*]+?)(?<=[^\s*])\*(?![*\w])", re.S)


def inline_styles(text: str) -> list[tuple[str, bool, bool]]:
    """``text`` cut where Markdown-like ``**bold**`` and ``*italic*`` start and end: ``(piece, bold, italic)``.

    The asterisks are markup and are dropped; a lone ``*`` (a bullet, a footnote sign) stays text.
    """
    out: list[tuple[str, bool, bool]] = []
    pos = 0
    for m in _BOLD.finditer(text):
        out += [(p, False, i) for p, _, i in _italics(text[pos:m.start()])]
        out += [(p, True, i) for p, _, i in _italics(m.group(1))]
        pos = m.end()
    out += [(p, False, i) for p, _, i in _italics(text[pos:])]
    return [piece for piece in out if piece[0]]


def _italics(text: str) -> list[tuple[str, bool, bool]]:
    out: list[tuple[str, bool, bool]] = []
    pos = 0
    for m in _ITALIC.finditer(text):
        out.append((text[pos:m.start()], False, False))
        out.append((m.group(1), False, True))
        pos = m.end()
    out.append((text[pos:], False, False))
    return out


def _plain(line: str) -> str:
    return " ".join(line.replace(MARK, " ").split())


def split_tables(text: str, tables: list[Table], source: str) -> list[str | Table]:
    """``text`` cut around each table's lines, in order; a table whose lines are not found stays text.

    A table's lines are those of ``source`` (the part as the model holds it) in its ``part_span``,
    else :meth:`Table.lines`; they are matched line by line, spacing and footnote marks ignored.
    """
    lines = text.split("\n")
    plain = [_plain(ln) for ln in lines]
    pieces: list[str | Table] = []
    cursor = 0
    ordered = sorted(tables, key=lambda t: t.part_span.start if t.part_span else 0)
    for t in ordered:
        if t.part_span is not None and 0 <= t.part_span.start < t.part_span.end <= len(source):
            own = [_plain(ln) for ln in source[t.part_span.start:t.part_span.end].split("\n")]
        else:
            own = [_plain(ln) for ln in t.lines()]
        own = [ln for ln in own if ln]
        if not own:
            continue
        first = next((i for i in range(cursor, len(lines)) if plain[i] == own[0]), None)
        if first is None:
            continue
        last = next((i for i in range(first, min(len(lines), first + 4 * len(own) + 10)) if plain[i] == own[-1]), None)
        if last is None or any(MARK in ln for ln in lines[first:last + 1]):
            continue  # not found, or a footnote mark stands in it: left as text so every note keeps its place
        pieces.append("\n".join(lines[cursor:first]))
        pieces.append(t)
        cursor = last + 1
    pieces.append("\n".join(lines[cursor:]))
    return [p for p in pieces if not isinstance(p, str) or p.strip()]

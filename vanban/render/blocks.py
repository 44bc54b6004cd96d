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

from ..models import Document

Role = Literal["text", "heading", "center", "basis", "article"]

MARK = "\x00"
"""Placeholder for a footnote reference inside body text (never valid XML, so never in input)."""

_ITEM = re.compile(
    r"^(?:[-+•–*]\s|\d{1,3}(?:\.\d{1,3})*[.)\-]\s?|[a-zđ]\)\s|[IVXLC]{1,6}[.\-]\s|"
    r"Điều\s+\d|Chương\s+[IVXLC\d]|Mục\s+\d|Phần\s+(?:[IVXLC]|thứ)|Căn cứ\s|Theo đề nghị\s)"
)
_HEADING_MARK = re.compile(r"^(?:[IVXLC]{1,6}|\d{1,3}(?:\.\d{1,3})*|[A-Z])[.\-)]\s*\S")
_ARTICLE = re.compile(r"^Điều\s+\d+[a-zđ]?\s*[.:]")
_SECTION = re.compile(r"^(?:Chương\s+[IVXLC\d]+|Mục\s+\d+|Phần\s+(?:[IVXLC]+|thứ\s+\S+)|Tiểu mục\s+\d+)\b")
_BASIS = re.compile(r"^(?:Căn cứ|Theo đề nghị|Xét đề nghị)\s")
_END = ".:;!?…"


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


def reflow(text: str) -> list[str]:
    """Paragraphs of ``text``: blank lines split, wrapped lines are joined back."""
    out: list[str] = []
    for block in re.split(r"\n[ \t]*\n", text):
        lines = [ln.strip() for ln in block.split("\n")]
        lines = [ln for ln in lines if ln]
        if not lines:
            continue
        longest = max(len(ln) for ln in lines)
        if len(lines) == 1 or longest > 130:
            out.extend(lines)
            continue
        width = statistics.median(sorted(len(ln) for ln in lines)[len(lines) // 2:])
        current = last = lines[0]
        for ln in lines[1:]:
            if _breaks(last, ln, width):
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
        if _ARTICLE.match(plain):
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


def body_with_marks(doc: Document) -> tuple[str, list[int]]:
    """The body with :data:`MARK` where each footnote reference goes, and the notes in mark order.

    A footnote is placed after the words that precede its reference mark in ``doc.text`` (from
    ``Footnote.anchor`` or, when the reader did not set it, the superscript marker before the
    note). A note whose place cannot be found is attached to the end of the body.
    """
    body = doc.body.replace(MARK, "")
    if not doc.footnotes:
        return body, []
    flat = re.sub(r"\s+", " ", body)
    # map each position of the whitespace-folded body back to the body
    back = [m.start() for m in re.finditer(r"\s+|\S", body)]
    placed: list[tuple[int, int]] = []
    unplaced: list[int] = []
    for k in range(len(doc.footnotes)):
        ctx = _anchor_context(doc, k)
        at = flat.find(ctx) if ctx else -1
        if ctx and at >= 0:
            placed.append((_to_body(back, at + len(ctx), len(body)), k))
        else:
            unplaced.append(k)
    placed.sort()
    out, last = [], 0
    for pos, _ in placed:
        out.append(body[last:pos])
        out.append(MARK)
        last = pos
    out.append(body[last:].rstrip())
    order = [k for _, k in placed]
    for k in unplaced:
        out.append(MARK)
        order.append(k)
    return "".join(out), order


def _to_body(back: list[int], flat_pos: int, size: int) -> int:
    """Body offset of a position in the whitespace-folded body (``back`` maps token starts)."""
    return back[flat_pos] if flat_pos < len(back) else size

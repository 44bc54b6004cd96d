"""Footnotes (chú thích): detached from the body, with the marker's place in the body.

Two shapes are met: OCR'd text with superscript markers (``hoạt động¹`` ... ``¹ Chính thức ...``)
and PDF text layers where the marker is a plain digit glued to a word (``nghề nghiệp.1``) and the
note sits under a separator line at the foot of the page (``1 Nghị định số ...``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from vanban.models import Footnote, Span
from vanban.normalize import SUPERSCRIPTS, superscript_to_digits
from vanban.parse.layout import Line, Reading

_SUPER_DEF = re.compile(rf"^\s*([{SUPERSCRIPTS}]{{1,3}})\s*(\S.*)$")
_PLAIN_DEF = re.compile(r"^\s*(\d{1,3})\s+(\S.*)$")
_SEPARATOR = re.compile(r"^(?:[ \t]{10,}|\s*_{10,}\s*)$")
_SUPER_ANCHOR = re.compile(rf"[{SUPERSCRIPTS}]{{1,3}}")
_PLAIN_ANCHOR = re.compile(r"(?<=[^\W\d_]|[.,;:”\")\]])(\d{1,3})(?=[\s.,;:)]|$)")


def find_footnotes(text: str, lines: Sequence[Line], first: int, last: int) -> tuple[list[Footnote], list[Span]]:
    """Footnotes in lines ``[first, last)``; marks their lines ``footnote``; returns notes and anchors."""
    notes: list[Footnote] = []
    anchors: list[Span] = []
    i = first
    page_start = first
    expect_plain = False
    while i < last:
        ln = lines[i]
        if ln.kind == "furniture":
            page_start = i + 1
            expect_plain = False
            i += 1
            continue
        if ln.kind == "blank":
            if _SEPARATOR.match(ln.text):
                expect_plain = True
            i += 1
            continue
        if ln.kind:
            i += 1
            continue
        m = _SUPER_DEF.match(ln.text)
        if m:
            j = _paragraph_end(lines, i, last, plain=False)
            marker = superscript_to_digits(m.group(1))
            a = _anchor(text, lines[page_start].start if page_start < len(lines) else 0, ln.start, m.group(1), True)
            notes.append(_note(text, lines, i, j, marker, m.start(2), a))
            if a:
                anchors.append(a)
            i = j
            continue
        if expect_plain or (ln.text.lstrip().startswith(tuple("0123456789")) and _after_separator(lines, i)):
            pm = _PLAIN_DEF.match(ln.text)
            if pm:
                j = i
                while j < last:
                    k = _paragraph_end(lines, j, last, plain=True)
                    marker = pm.group(1)
                    a = _anchor(text, lines[page_start].start, lines[i].start, marker, False)
                    notes.append(_note(text, lines, j, k, marker, pm.start(2), a))
                    if a:
                        anchors.append(a)
                    j = k
                    if j < last and lines[j].kind == "":
                        pm = _PLAIN_DEF.match(lines[j].text)
                        if pm and int(pm.group(1)) > int(marker):
                            continue
                    break
                i = j
                expect_plain = False
                continue
        expect_plain = False
        i += 1
    return notes, anchors


def _after_separator(lines: Sequence[Line], i: int) -> bool:
    j = i - 1
    return j >= 0 and lines[j].kind == "blank" and bool(_SEPARATOR.match(lines[j].text))


def _paragraph_end(lines: Sequence[Line], i: int, last: int, *, plain: bool) -> int:
    j = i + 1
    while j < last and j < i + 40:
        ln = lines[j]
        if ln.kind == "blank" and not plain:
            break
        if ln.kind == "furniture":
            break
        if ln.kind == "blank":
            # a blank line ends a plain note when page furniture or the end follows it
            k = j
            while k < last and lines[k].kind == "blank":
                k += 1
            if k >= last or lines[k].kind == "furniture" or _is_page_number(lines[k]):
                break
            j += 1
            continue
        if ln.kind:
            break
        if _SUPER_DEF.match(ln.text):
            break
        if plain and _PLAIN_DEF.match(ln.text):
            break
        j += 1
    return j


def _is_page_number(ln: Line) -> bool:
    return ln.stripped.isdigit() and len(ln.stripped) <= 4


def _note(text: str, lines: Sequence[Line], i: int, j: int, marker: str, body_off: int, anchor: Span | None) -> Footnote:
    for k in range(i, j):
        if lines[k].kind == "":
            lines[k].kind = "footnote"
    start = lines[i].start + body_off
    end = max(lines[k].end for k in range(i, j))
    body = " ".join(ln.stripped for ln in lines[i:j] if ln.kind == "footnote")
    body = _DEF_PREFIX.sub("", body, count=1)
    return Footnote(marker=marker, text=" ".join(body.split()), span=Span(start=start, end=end), anchor=anchor)


_DEF_PREFIX = re.compile(rf"^[{SUPERSCRIPTS}0-9]{{1,3}}\s*")


ANCHOR_WINDOW = 8000
"""How far before a footnote its marker is looked for (about two pages)."""


def _anchor(text: str, lo: int, hi: int, marker: str, superscript: bool) -> Span | None:
    lo = max(lo, hi - ANCHOR_WINDOW)
    region = text[lo:hi]
    best = None
    if superscript:
        for m in _SUPER_ANCHOR.finditer(region):
            if m.group(0) == marker:
                best = m
    else:
        for m in _PLAIN_ANCHOR.finditer(region):
            if m.group(1) == marker:
                best = m
    if best is None:
        return None
    g = 0 if superscript else 1
    return Span(start=lo + best.start(g), end=lo + best.end(g))


def place_in_body(notes: list[Footnote], body: Reading) -> list[Footnote]:
    """The notes with ``body_offset`` set: where each anchored mark stands in the body's reading text."""
    return [note.model_copy(update={"body_offset": at})
            if note.anchor is not None and (at := body.from_source(note.anchor.start)) is not None else note
            for note in notes]

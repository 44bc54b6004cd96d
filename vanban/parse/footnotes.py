"""Footnotes (chú thích): detached from the body, with the marker's place in the body.

Two shapes are met: OCR'd text with superscript markers (``hoạt động¹`` ... ``¹ Chính thức ...``)
and PDF text layers where the marker is a plain digit glued to a word (``nghề nghiệp.1``) and the
note sits under a separator line at the foot of the page (``1 Nghị định số ...``).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from vanban.models import Footnote, Span
from vanban.normalize import SUPERSCRIPTS, superscript_to_digits
from vanban.parse.layout import Line, Lines, Reading, note_lines

_SUPER_DEF = re.compile(rf"^\s*([{SUPERSCRIPTS}]{{1,3}})\s*(\S.*)$")
_PLAIN_DEF = re.compile(r"^\s*(\d{1,3})\s+(\S.*)$")
_SEPARATOR = re.compile(r"^(?:[ \t]{10,}|\s*_{10,}\s*)$")
_SUPER_ANCHOR = re.compile(rf"[{SUPERSCRIPTS}]{{1,3}}")
_PLAIN_ANCHOR = re.compile(r"(?<=[^\W\d_]|[.,;:”\")\]])(\d{1,3})(?=[\s.,;:)]|$)")


_NOTE_LINE = re.compile(rf"\n(?:[^\S\n]*[{SUPERSCRIPTS}]|[ \t]{{10,}}(?=\n|\Z))")
"""The line end before a line that can matter to footnotes: one opening with a superscript marker, or a
separator (a line of spaces only, the rule over the notes of a PDF page)."""


def find_footnotes(text: str, lines: Sequence[Line], first: int, last: int) -> tuple[list[Footnote], list[Span]]:
    """Footnotes in lines ``[first, last)``; marks their lines ``footnote``; returns notes and anchors.

    Lines are visited only where a note can stand (found by one search of the text); the start of the
    page a note is on is looked for back from the note, within the anchor window.
    """
    notes: list[Footnote] = []
    anchors: list[Span] = []
    i = first
    expect_plain = False
    visit_first = True  # line ``first`` may follow a separator above it
    while i < last:
        if not expect_plain and not visit_first:
            nxt = _next_note_line(text, lines, i, last)
            if nxt is None:
                break
            i = nxt
        visit_first = False
        ln = lines[i]
        if ln.kind == "furniture":
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
            a = _anchor(text, _page_start(lines, first, i, ln.start), ln.start, m.group(1), True)
            notes.append(_note(text, lines, i, j, marker, m.start(2), a))
            if a:
                anchors.append(a)
            i = j
            visit_first = True  # the line after a note is read as the full loop would
            continue
        if expect_plain or (ln.text.lstrip().startswith(tuple("0123456789")) and _after_separator(lines, i)):
            pm = _PLAIN_DEF.match(ln.text)
            if pm:
                lo = _page_start(lines, first, i, lines[i].start)
                j = i
                while j < last:
                    k = _paragraph_end(lines, j, last, plain=True)
                    marker = pm.group(1)
                    a = _anchor(text, lo, lines[i].start, marker, False)
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
                visit_first = True
                continue
        expect_plain = False
        i += 1
    return notes, anchors


def _next_note_line(text: str, lines: Sequence[Line], i: int, last: int) -> int | None:
    """The first line in ``[i, last)`` (not the first line) that opens with a superscript or is a separator, else
    ``None``."""
    if isinstance(lines, Lines):  # found with the page furniture, in the same pass
        found = note_lines(lines)
        k = bisect.bisect_left(found, (i,))
        return found[k][0] if k < len(found) and found[k][0] < last else None
    start = lines[i].start
    m = _NOTE_LINE.search(text, start - 1 if start else 0, lines[last - 1].end)
    if m is None:
        return None
    at = i + text.count("\n", start, m.start() + 1) if start else text.count("\n", 0, m.start() + 1)
    if start and m.start() < start:  # the line end just before line i
        at = i
    return at if at < last else None


def _page_start(lines: Sequence[Line], first: int, i: int, hi: int) -> int:
    """Where the page holding line ``i`` starts (after the last page furniture), no earlier than the anchor window."""
    floor = hi - ANCHOR_WINDOW
    if isinstance(lines, Lines):  # the lines above read by their offsets and given kinds, none of them made
        rfind, kinds = lines.text.rfind, lines.given_kinds()
        b = lines.start_of(i)
        for k in range(i - 1, first - 1, -1):
            if kinds.get(k) == "furniture":
                return max(b, floor)
            a = rfind("\n", 0, b - 1) + 1
            if a < floor:
                return floor
            b = a
        return max(b, floor)
    for k in range(i - 1, first - 1, -1):
        ln = lines[k]
        if ln.kind == "furniture":
            return max(lines[k + 1].start, floor)
        if ln.start < floor:
            return floor
    return max(lines[first].start, floor)


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
    parts = []
    for ln in lines[i:j]:  # (the note's lines walked once: each marked, then read)
        if ln.kind == "":
            ln.kind = "footnote"
        if ln.kind == "footnote":
            parts.append(ln.stripped)
    start = lines[i].start + body_off
    end = lines[j - 1].end  # (the lines' ends grow with their index)
    body = " ".join(parts)
    body = _DEF_PREFIX.sub("", body, count=1)
    return Footnote(marker=marker, text=" ".join(body.split()), span=Span(start=start, end=end), anchor=anchor)


_DEF_PREFIX = re.compile(rf"^[{SUPERSCRIPTS}0-9]{{1,3}}\s*")


ANCHOR_WINDOW = 8000
"""How far before a footnote its marker is looked for (about two pages)."""


def _anchor(text: str, lo: int, hi: int, marker: str, superscript: bool) -> Span | None:
    lo = max(lo, hi - ANCHOR_WINDOW)
    if not superscript:
        return _plain_anchor(text, lo, hi, marker)
    best = None
    for m in _SUPER_ANCHOR.finditer(text[lo:hi]):
        if m.group(0) == marker:
            best = m
    if best is None:
        return None
    return Span(start=lo + best.start(), end=lo + best.end())


_CLOSERS = ".,;:”\")]"


def _plain_anchor(text: str, lo: int, hi: int, marker: str) -> Span | None:
    """The last match of ``_PLAIN_ANCHOR`` in ``text[lo:hi]`` that is ``marker``: the marker's digits
    looked for from the end with ``rfind``, each place checked as the pattern would (after a letter or a
    closing mark, before a space, a stop or the window's end), instead of every glued number of the window."""
    n = len(marker)
    p = text.rfind(marker, lo, hi)
    while p >= 0:
        e = p + n
        if p > lo and (e == hi or text[e].isspace() or text[e] in ".,;:)"):
            c = text[p - 1]
            if (c.isalnum() and not c.isdecimal()) or c in _CLOSERS:
                return Span(start=p, end=e)
        p = text.rfind(marker, lo, e - 1)
    return None


def place_in_body(notes: list[Footnote], body: Reading) -> list[Footnote]:
    """The notes with ``body_offset`` set: where each anchored mark stands in the body's reading text."""
    return [note.model_copy(update={"body_offset": at})
            if note.anchor is not None and (at := body.from_source(note.anchor.start)) is not None else note
            for note in notes]

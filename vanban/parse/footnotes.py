"""Footnotes (chú thích): detached from the body, with the marker's place in the body.

Two shapes are met: OCR'd text with superscript markers (``hoạt động¹`` ... ``¹ Chính thức ...``)
and PDF text layers where the marker is a plain digit glued to a word (``nghề nghiệp.1``) and the
note sits under a separator line at the foot of the page (``1 Nghị định số ...``).
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from vanban import patterns
from vanban.models import Footnote, Span
from vanban.normalize import SUPERSCRIPTS, superscript_to_digits
from vanban.parse.layout import Line, Lines, Reading, note_lines

_LINE_START = r"(?<![^\S\n])[^\S\n]*+"
"""A line's leading spaces, from where no space but a line end stands before (the patterns below match at a line's
start, and a search through spaces fails at once inside their run)."""
_SUPER_DEF_AT = patterns.compile(rf"{_LINE_START}([{SUPERSCRIPTS}]{{1,3}})\s*(\S.*)$")
_PLAIN_DEF_AT = patterns.compile(rf"{_LINE_START}(\d{{1,3}})\s+(\S.*)$")
_SEPARATOR_AT = patterns.compile(r"(?<![^\S\n])(?<!_)(?:[ \t]{10,}+|[^\S\n]*+_{10,}\s*)$")
"""A note opening with a superscript marker, one opening with a plain number, a separator: each matched over a
line's bounds in the text (``match(text, start, end)``, where ``$`` stands at the line's end; a search through a run
of spaces or of the rule's ``_`` fails at once inside it)."""
_SUPER_ANCHOR = patterns.compile(rf"[{SUPERSCRIPTS}]{{1,3}}")
_PLAIN_ANCHOR = patterns.compile(r"(?<=[^\W\d_]|[.,;:”\")\]])(\d{1,3})(?=[\s.,;:)]|$)")


_NOTE_LINE = patterns.compile(rf"\n(?:[^\S\n]*[{SUPERSCRIPTS}]|[ \t]{{10,}}(?=\n|\Z))")
"""The line end before a line that can matter to footnotes: one opening with a superscript marker, or a
separator (a line of spaces only, the rule over the notes of a PDF page)."""


def find_footnotes(text: str, lines: Sequence[Line], first: int, last: int) -> tuple[list[Footnote], list[Span]]:
    """Footnotes in lines ``[first, last)``; marks their lines ``footnote``; returns notes and anchors.

    Lines are visited only where a note can stand (found by one search of the text); the start of the
    page a note is on is looked for back from the note, within the anchor window. The lines are read by
    their offsets and kinds (:class:`_LineView`): no line object is made.
    """
    notes: list[Footnote] = []
    anchors: list[Span] = []
    view = _LineView(text, lines)
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
        kind = view.kind(i)
        if kind == "furniture":
            expect_plain = False
            i += 1
            continue
        start, end = view.bounds(i)
        if kind == "blank":
            if _SEPARATOR_AT.match(text, start, end):
                expect_plain = True
            i += 1
            continue
        if kind:
            i += 1
            continue
        m = _SUPER_DEF_AT.match(text, start, end)
        if m:
            j = _paragraph_end(view, i, last, plain=False)
            marker = superscript_to_digits(m.group(1))
            a = _anchor(text, _page_start(lines, first, i, start), start, m.group(1), True)
            notes.append(_note(view, i, j, marker, m.start(2), a))
            if a:
                anchors.append(a)
            i = j
            visit_first = True  # the line after a note is read as the full loop would
            continue
        if expect_plain or (text[start:end].lstrip().startswith(tuple("0123456789")) and _after_separator(view, i)):
            pm = _PLAIN_DEF_AT.match(text, start, end)
            if pm:
                lo = _page_start(lines, first, i, start)
                j = i
                while j < last:
                    k = _paragraph_end(view, j, last, plain=True)
                    marker = pm.group(1)
                    a = _anchor(text, lo, start, marker, False)
                    notes.append(_note(view, j, k, marker, pm.start(2), a))
                    if a:
                        anchors.append(a)
                    j = k
                    if j < last and view.kind(j) == "":
                        pm = _PLAIN_DEF_AT.match(text, *view.bounds(j))
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


def _after_separator(view: _LineView, i: int) -> bool:
    j = i - 1
    return j >= 0 and view.kind(j) == "blank" and bool(_SEPARATOR_AT.match(view.text, *view.bounds(j)))


def _paragraph_end(view: _LineView, i: int, last: int, *, plain: bool) -> int:
    text = view.text
    j = i + 1
    while j < last and j < i + 40:
        kind = view.kind(j)
        if kind == "blank" and not plain:
            break
        if kind == "furniture":
            break
        if kind == "blank":
            # a blank line ends a plain note when page furniture or the end follows it
            k = j
            while k < last and view.kind(k) == "blank":
                k += 1
            if k >= last or view.kind(k) == "furniture" or _is_page_number(view.stripped(k)):
                break
            j += 1
            continue
        if kind:
            break
        start, end = view.bounds(j)
        if _SUPER_DEF_AT.match(text, start, end):
            break
        if plain and _PLAIN_DEF_AT.match(text, start, end):
            break
        j += 1
    return j


def _is_page_number(stripped: str) -> bool:
    return stripped.isdigit() and len(stripped) <= 4


def _note(view: _LineView, i: int, j: int, marker: str, body_at: int, anchor: Span | None) -> Footnote:
    """The note of lines ``[i, j)``, its text from offset ``body_at`` (in line ``i``) on; its lines with content
    marked ``footnote``."""
    parts = []
    for k in range(i, j):  # (the note's lines walked once: each marked, then read)
        kind = view.kind(k)
        if kind == "":
            view.mark(k, "footnote")
            kind = "footnote"
        if kind == "footnote":
            parts.append(view.stripped(k))
    end = view.bounds(j - 1)[1]  # (the lines' ends grow with their index)
    body = " ".join(parts)
    body = _DEF_PREFIX.sub("", body, count=1)
    return Footnote(marker=marker, text=" ".join(body.split()), span=Span(start=body_at, end=end), anchor=anchor)


class _LineView:
    """The lines of ``text`` read by index: their kinds, offsets and stripped text. On :class:`Lines` these are read
    from the kinds given and the lines' widths and stripped lengths (:meth:`Lines.rows`), no line being made; on
    another sequence, from its lines."""

    __slots__ = ("_kinds", "_lines", "_of", "_rows", "text")

    def __init__(self, text: str, lines: Sequence[Line]) -> None:
        self.text = text
        self._lines = lines
        self._of = lines if isinstance(lines, Lines) and lines.text is text else None
        self._rows = self._of.rows() if self._of is not None else None
        self._kinds = self._of.given_kinds() if self._of is not None else {}

    def kind(self, i: int) -> str:
        """The kind of line ``i`` (as :attr:`Line.kind`)."""
        of = self._of
        if of is None:
            return self._lines[i].kind
        k = self._kinds.get(i)
        if k is not None:
            return k
        if self._rows is not None:
            return "" if self._rows.lengths[i] > 0 else "blank"
        start, end = self.bounds(i)
        return of.kind_of(i, start, end)

    def bounds(self, i: int) -> tuple[int, int]:
        """``(start, end)`` of line ``i`` in the text (its line end not included)."""
        of = self._of
        if of is None:
            ln = self._lines[i]
            return ln.start, ln.end
        start = of.start_of(i)
        if self._rows is not None:
            return start, start + self._rows.widths[i]
        end = self.text.find("\n", start)
        return start, len(self.text) if end < 0 else end

    def stripped(self, i: int) -> str:
        """Line ``i`` stripped (as :attr:`Line.stripped`)."""
        if self._of is None:
            return self._lines[i].stripped
        rows = self._rows
        if rows is not None and rows.kept is not None and rows.lengths[i]:
            return rows.kept[i]
        start, end = self.bounds(i)
        return self.text[start:end].strip()

    def mark(self, i: int, kind: str) -> None:
        """Give line ``i`` (not blank) the kind ``kind``."""
        if self._of is None:
            self._lines[i].kind = kind
        else:
            self._of.set_kind(i, kind)


_DEF_PREFIX = patterns.compile(rf"^[{SUPERSCRIPTS}0-9]{{1,3}}\s*")


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

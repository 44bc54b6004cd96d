"""Flattened markup (Markdown from crawlers, pandoc or markitdown) to the plain lines the parser reads.

A web page converted to Markdown prints a document's header table as cells separated by lines that
hold only ``|`` (or as pandoc grid/pipe tables), wraps phrases inside bold and italic markers
(``**CỘNG HÒA XÃ HỘI`` / ``CHỦ NGHĨA VIỆT NAM**``), sometimes splits a word with a marker
(``ng**ày``, ``C**ỤC THUẾ**``) and escapes punctuation with a backslash (``1\\.``, ``\\-``).
:func:`flatten_markup` gives the text a plain copy would have: each table cell a block of its own
lines (cells are separated by a blank line), markers, escapes, heading marks and links removed, a
phrase wrapped inside one marker pair joined back onto one line, and ``Số:`` or a place-date line
split over two lines joined.

Offsets: the result is a :class:`Flat`, whose ``origin[i]`` is the offset in the input of the
flattened character ``i`` (characters inserted by the flattening, such as the blank line between
cells or the space joining two wrapped lines, map to the input position where they stand), with
one extra entry for the end. :meth:`Flat.span` maps a half-open span of the flattened text back to
the smallest span of the input that covers the same characters, so a parsed field still points
into the page as it was given.
"""

from __future__ import annotations

import bisect
import re
from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import compress
from operator import not_ as _not
from typing import overload

from vanban import patterns
from vanban.dates import DATELINE_RE
from vanban.parse.growing import GrowingText

_CELL_BREAK = patterns.compile(r"^[ \t]*\|[ \t]*$")
_GRID_BORDER = patterns.compile(r"^[ \t]*\+(?:[-=:]+\+)+[ \t]*$")
_PIPE_RULE = patterns.compile(r"^[ \t]*(?:\|[ \t]*)?(?::?-{3,}:?[ \t]*\|[ \t]*)+(?::?-{3,}:?[ \t]*)?$")
_PIPE_ROW = patterns.compile(r"^[ \t]*\|.*\|[ \t]*$")
_HEADING = patterns.compile(r"^[ \t]{0,3}#{1,6}(?:[ \t]+|$)")
_QUOTE = patterns.compile(r"^[ \t]{0,3}>[ \t]?")
_BULLET = patterns.compile(r"^([ \t]*)[*+](?=[ \t]+\S)")
"""A Markdown list bullet; its line reads as a dash item."""
_BR = patterns.compile(r"<br\s*/?>", re.IGNORECASE)
_TAG = patterns.compile(r"</?[A-Za-z][A-Za-z0-9]{0,20}(?:\s[^<>\n]{0,300})?/?>")
_IMAGE = patterns.compile(r"!\[[^\]\n]{0,300}\]\([^)\n]{0,500}\)")
_LINK = patterns.compile(r"\[([^\]\n]{0,300})\]\([^)\n]{0,500}\)")
_ESCAPE = patterns.compile(r"\\([!-/:-@\[-`{-~])")
_EMPHASIS = patterns.compile(r"\*+|(?<![\w_])_{2}|_{2}(?![\w_])")
_SPECIAL = patterns.compile(r"[*_\\<\[!#>+]")
_PARTY_STAR = patterns.compile(r"^[ \t]*\*[ \t]*$")
_FOOTNOTE_STAR = patterns.compile(r"\(\*+\)")
_NUMBER_LABEL = patterns.compile(r"^(?:Số|Luật số|Số hiệu|Số ký hiệu)\s*:?$", re.IGNORECASE)
_OPEN_DATE = patterns.compile(r"ngày(?:\s+\d{1,2})?(?:\s+tháng(?:\s+\d{1,2})?)?(?:\s+năm)?$", re.IGNORECASE)
_DATE_REST = patterns.compile(r"^(?:\d{1,2}\s+)?(?:tháng|năm)\b|^\d{1,4}(?:\s|$)", re.IGNORECASE)
_TITLE_HEAD = patterns.compile(r"^(?:CỘNG\s+H[OÒ]À?|CỘNG\s+HÒA\s+XÃ(?:\s+HỘI)?(?:\s+CHỦ)?(?:\s+NGHĨA)?(?:\s+VIỆT)?)$"
                         r"|^Độc\s+lập(?:\s*-\s*Tự\s+do)?(?:\s*-)?$", re.IGNORECASE)
MAX_JOIN = 6
"""A marker pair wrapping more lines than this is not joined (an unbalanced marker)."""


class Origins(Sequence[int]):
    """Input offsets of the characters of a flattened text, kept as runs: a run of copied characters
    (offsets rising by one) or of inserted ones (one offset), so the map costs per run, not per character."""

    def __init__(self, size: int = 0) -> None:
        code = "i" if size < 1 << 30 else "q"  # offsets of an input of ``size`` characters (4 bytes each, as a rule)
        self._at = array(code)  # flattened offset where each run starts
        self._from = array(code)  # input offset of the run's first character
        self._step = array("b")  # 1: copied characters, 0: inserted ones
        self._n = 0

    def copied(self, a: int, b: int) -> None:
        """Append the input characters ``[a, b)``."""
        if b > a:
            self._run(a, b - a, 1)

    def inserted(self, at: int, count: int) -> None:
        """Append ``count`` inserted characters standing at input offset ``at``."""
        if count > 0:
            self._run(at, count, 0)

    def _run(self, origin: int, count: int, step: int) -> None:
        if self._step and self._step[-1] == step and self._from[-1] + (self._n - self._at[-1]) * step == origin:
            self._n += count  # the run before goes on
            return
        self._at.append(self._n)
        self._from.append(origin)
        self._step.append(step)
        self._n += count

    def __len__(self) -> int:
        return self._n

    @overload
    def __getitem__(self, i: int) -> int: ...

    @overload
    def __getitem__(self, i: slice) -> Sequence[int]: ...

    def __getitem__(self, i: int | slice) -> int | Sequence[int]:
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(self._n))]
        if i < 0:
            i += self._n
        if not 0 <= i < self._n:
            raise IndexError(i)
        k = bisect.bisect_right(self._at, i) - 1
        return self._from[k] + (i - self._at[k]) * self._step[k]

    def __iter__(self) -> Iterator[int]:
        ends = [*self._at[1:], self._n]
        for a, b, o, st in zip(self._at, ends, self._from, self._step, strict=True):
            yield from (range(o, o + b - a) if st else [o] * (b - a))


@dataclass(frozen=True, slots=True)
class Flat:
    """A flattened text and, for each of its characters, the input offset it comes from."""

    text: str
    origin: Sequence[int]

    def at(self, pos: int) -> int:
        """The input offset of flattened offset ``pos`` (``len(text)`` maps to the input's end)."""
        return origin_at(self.origin, pos)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The input span covering flattened ``[start, end)``."""
        if end <= start:
            a = self.at(start)
            return a, a
        return self.at(start), self.at(end - 1) + 1


class FlatText:
    """The characters of ``flat[start:]`` (``flat`` a text flattened from ``source``, ``origin`` its map) read from
    ``source`` through the map, so that the flattened text can be let go: a copied run is a slice of the input, the
    characters of an inserted one are kept (a few a line)."""

    def __init__(self, source: str, origin: Origins, flat: str, start: int = 0) -> None:
        self.source = source
        at, step = origin._at, origin._step
        self._at, self._from, self._step, self._start = at, origin._from, step, start
        n = len(at)
        end = start + len(flat)
        # for each inserted run, where in ``_kept`` its flattened offset ``at`` falls (the first one may start
        # before ``start``, where ``flat`` was cut); the runs are walked in C but for the inserted ones
        base = array(at.typecode, [0]) * n
        kept: list[str] = []
        size = 0
        k0 = max(0, bisect.bisect_right(at, start) - 1)
        for k in compress(range(k0, n), map(_not, step[k0:])):
            a = at[k] if at[k] > start else start
            if a >= end:
                break
            e = at[k + 1] if k + 1 < n else origin._n
            piece = flat[a - start:e - start]
            base[k] = size - (a - at[k])
            kept.append(piece)
            size += len(piece)
        self._base = base
        self._kept = "".join(kept)
        self._len = len(flat)

    def __len__(self) -> int:
        return self._len

    def __getitem__(self, i: int | slice, /) -> str:
        if isinstance(i, slice):
            a, b, _ = i.indices(self._len)
        else:
            a = i + self._len if i < 0 else i
            if not 0 <= a < self._len:
                raise IndexError(i)
            b = a + 1
        at, start = self._at, self._start
        a += start
        b += start
        k = bisect.bisect_right(at, a) - 1
        out: list[str] = []
        while a < b:
            e = at[k + 1] if k + 1 < len(at) else b
            e = e if e < b else b
            if self._step[k]:
                o = self._from[k] + a - at[k]
                out.append(self.source[o:o + e - a])
            else:
                o = self._base[k] + a - at[k]
                out.append(self._kept[o:o + e - a])
            a = e
            k += 1
        return out[0] if len(out) == 1 else "".join(out)


def identity(text: str) -> Flat:
    """The flat form of a text that needs no flattening."""
    origin = Origins(len(text))
    origin.copied(0, len(text) + 1)
    return Flat(text, origin)


_FLUSH = 1 << 16
"""Characters of pieces gathered before they are joined onto the flattened text built so far."""


class _Builder:
    """Appends input slices and inserted characters, recording each character's input offset; the text grows in
    place (:class:`GrowingText`), never held beside its pieces."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.out = GrowingText(_FLUSH)
        self.origin = Origins(len(source))

    def add(self, a: int, b: int) -> None:
        if b > a:
            self.out.append(self.source[a:b])
            self.origin.copied(a, b)

    def insert(self, s: str, at: int) -> None:
        if s:
            self.out.append(s)
            self.origin.inserted(at, len(s))

    def build(self, end: int) -> Flat:
        self.origin.inserted(end, 1)
        return Flat(self.out.take(), self.origin)


class _LineBounds(Sequence[tuple[int, int]]):
    """``(start, end)`` of every line of a text (without its line end), kept as one array of line starts
    (no string or tuple per line)."""

    def __init__(self, text: str) -> None:
        starts = array("q", [0])
        find = text.find
        pos = find("\n")
        while pos >= 0:
            starts.append(pos + 1)
            pos = find("\n", pos + 1)
        starts.append(len(text) + 1)
        self._starts = starts

    def __len__(self) -> int:
        return len(self._starts) - 1

    @overload
    def __getitem__(self, i: int) -> tuple[int, int]: ...

    @overload
    def __getitem__(self, i: slice) -> list[tuple[int, int]]: ...

    def __getitem__(self, i: int | slice) -> tuple[int, int] | list[tuple[int, int]]:
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(i)
        return self._starts[i], self._starts[i + 1] - 1


Piece = tuple[int, int]
"""A slice ``[a, b)`` of the input."""


@dataclass(slots=True)
class _Line:
    """One output line as input slices (markup already cut out) and its text."""

    pieces: list[Piece]
    text: str
    at: int  # input offset of the line's start
    raw: tuple[int, int] = (0, 0)  # the input line or cell it comes from, markers included
    dash: int = -1  # input offset of a bullet written as ``-``


def looks_flattened(text: str) -> bool:
    """Cheap test: does ``text`` carry Markdown flattening (cell lines ``|``, bold markers, grid tables)?"""
    end = 200_000  # the head only, counted in place (a slice would copy it)
    # a search for one character skips many times faster than one for two or more: each count below starts
    # at the first of its marker's characters, or is not made when there is none
    star = text.find("*", 0, end)
    bold = text.count("**", star, end) if star >= 0 else 0
    if bold >= 6:
        return True
    bar = text.find("|", 0, end)
    bars = bar >= 0 and text.find("\n|", max(bar - 1, 0), end) >= 0  # the lines led by a bar are counted only when there is one
    cells = (text.count("\n|\n", 0, end) + text.count("\n|  \n", 0, end)) if bars else 0
    grid = _grid_rules(text, end) + ((text.count("\n|---", 0, end) + text.count("\n| ---", 0, end)) if bars else 0)
    return cells >= 3 or grid >= 2 or (bold >= 2 and text.find("\n#", 0, end) >= 0)


def _grid_rules(text: str, end: int) -> int:
    """How many lines of ``text[:end]`` open with a grid table's border ``+--`` (each ``+`` found in one skip)."""
    n = 0
    p = text.find("+", 1, end)
    while p >= 0:
        if text[p - 1] == "\n" and text.startswith("--", p + 1, end):
            n += 1
        p = text.find("+", p + 1, end)
    return n


def flatten_markup(text: str) -> Flat:
    """Flatten Markdown (crawled pages, pandoc, markitdown) to plain lines with an offset map."""
    raw = _LineBounds(text)
    blocks = _blocks(text, raw)
    b = _Builder(text)
    first = True
    for block in blocks:
        lines = _join_wrapped(text, block)
        if not lines:
            continue
        if not first:
            b.insert("\n\n", lines[0].at)
        first = False
        for k, ln in enumerate(lines):
            if k:
                b.insert("\n", ln.at)
            _emit(b, text, ln)
    return b.build(len(text))


def _blocks(text: str, raw: Sequence[tuple[int, int]]) -> Iterator[list[_Line]]:
    """Group the input lines into blocks (cells, paragraphs), table rows cut into their cells; each
    block is given as soon as it is closed (a long text is not held as blocks all at once)."""
    blocks: list[list[_Line]] = []
    cur: list[_Line] = []
    i = 0
    n = len(raw)

    def close() -> None:
        nonlocal cur
        if cur:
            blocks.append(cur)
            cur = []

    while i < n:
        if blocks:
            yield from blocks
            blocks.clear()
        a, e = raw[i]
        s = text[a:e]
        if "|" not in s and "+" not in s:  # no cell, border or table row: a line of text (or a blank one)
            if s.strip():
                cur.extend(_inline_lines(text, a, e))
            else:
                close()
            i += 1
            continue
        if _CELL_BREAK.match(s) or not s.strip():
            close()
            i += 1
            continue
        if _GRID_BORDER.match(s):
            close()
            j = i + 1
            while j < n and not _GRID_BORDER.match(text[raw[j][0]:raw[j][1]]) and _PIPE_ROW.match(
                    text[raw[j][0]:raw[j][1]]):
                j += 1
            if j > i + 1:
                blocks.extend(_grid_row(text, s, raw[i + 1:j]))
            i = j if j > i + 1 else i + 1
            continue
        if _PIPE_RULE.match(s) and "-" in s:
            close()
            i += 1
            continue
        if _PIPE_ROW.match(s) and s.count("|") >= 3:
            close()
            blocks.extend(_pipe_row(text, a, e))
            i += 1
            continue
        cur.extend(_inline_lines(text, a, e))
        i += 1
    close()
    yield from blocks


def _grid_row(text: str, border: str, rows: Sequence[tuple[int, int]]) -> list[list[_Line]]:
    """The cells of one pandoc grid-table row (the lines between two ``+---+`` borders)."""
    cols = [k for k, c in enumerate(border) if c == "+"]
    cells: list[list[_Line]] = [[] for _ in range(max(len(cols) - 1, 1))]
    for a, e in rows:
        s = text[a:e]
        bars = [k for k, c in enumerate(s) if c == "|"]
        edges = bars if len(bars) >= 2 else cols
        for c in range(len(edges) - 1):
            lo, hi = edges[c] + 1, edges[c + 1]
            if lo >= len(s):
                break
            piece = s[lo:hi]
            if piece.strip():
                cells[min(c, len(cells) - 1)].extend(_inline_lines(text, a + lo, a + min(hi, len(s))))
    return [c for c in cells if c]


def _pipe_row(text: str, a: int, e: int) -> list[list[_Line]]:
    """The cells of one pipe-table row ``| a | b |``; ``<br>`` inside a cell breaks its lines."""
    s = text[a:e]
    bars = [k for k, c in enumerate(s) if c == "|" and (k == 0 or s[k - 1] != "\\")]
    out: list[list[_Line]] = []
    for c in range(len(bars) - 1):
        lo, hi = bars[c] + 1, bars[c + 1]
        if s[lo:hi].strip():
            cell = _inline_lines(text, a + lo, a + hi)
            if cell:
                out.append(cell)
    return out


def _inline_lines(text: str, a: int, e: int) -> list[_Line]:
    """One input line (or cell) with its inline markup cut out; ``<br>`` splits it into lines."""
    if text.find("<", a, e) < 0:  # no ``<br>``: one line
        ln = _strip_inline(text, a, e)
        return [ln] if ln is not None else []
    out: list[_Line] = []
    pos = a
    for m in _BR.finditer(text, a, e):
        ln = _strip_inline(text, pos, m.start())
        if ln is not None:
            out.append(ln)
        pos = m.end()
    ln = _strip_inline(text, pos, e)
    if ln is not None:
        out.append(ln)
    return out


def _strip_inline(text: str, a: int, e: int) -> _Line | None:
    s = text[a:e]
    if not s.strip():
        return None
    if _PARTY_STAR.match(s) or not _SPECIAL.search(s):
        body = s.strip()  # the line as it stands, trimmed (what ``_make`` gives for one piece)
        lead = len(s) - len(s.lstrip())
        return _Line([(a + lead, a + lead + len(body))], body, a + lead)
    cut: list[tuple[int, int]] = []  # spans of s removed (relative)
    m = _HEADING.match(s) or _QUOTE.match(s)
    if m:
        cut.append((0, m.end()))
    mb = _BULLET.match(s)
    keep_bullet = mb.end() - 1 if mb else -1
    for m in _IMAGE.finditer(s):
        cut.append((m.start(), m.end()))
    for m in _LINK.finditer(s):
        cut.append((m.start(), m.start() + 1))
        cut.append((m.start(1) + len(m.group(1)), m.end()))
    for m in _TAG.finditer(s):
        cut.append((m.start(), m.end()))
    for m in _ESCAPE.finditer(s):
        cut.append((m.start(), m.start() + 1))
    if s.rstrip().endswith("\\") and not s.rstrip().endswith("\\\\"):
        k = len(s.rstrip()) - 1
        cut.append((k, k + 1))
    escaped = {m.start() + 1 for m in _ESCAPE.finditer(s)}
    stars_kept = {k for m in _FOOTNOTE_STAR.finditer(s) for k in range(m.start() + 1, m.end() - 1)}
    for m in _EMPHASIS.finditer(s):
        if m.start() in escaped or m.start() in stars_kept or m.start() == keep_bullet:
            continue
        cut.append((m.start(), m.end()))
    cut.sort()
    pieces: list[Piece] = []
    pos = 0
    for c0, c1 in cut:
        if c0 > pos:
            pieces.append((a + pos, a + c0))
        pos = max(pos, c1)
    if pos < len(s):
        pieces.append((a + pos, e))
    ln = _make(pieces, text, a)
    if ln is not None:
        ln.raw = (a, e)
    if mb and ln is not None:  # a Markdown bullet (``*``, ``+``) reads as the dash of a list item
        ln.dash = a + keep_bullet
        ln.text = "-" + ln.text[1:]
    return ln


def _make(pieces: list[Piece], text: str, at: int) -> _Line | None:
    # trim outer spaces so a line starts and ends with content
    joined = "".join(text[p0:p1] for p0, p1 in pieces)
    if not joined.strip():
        return None
    lead = len(joined) - len(joined.lstrip())
    trail = len(joined) - len(joined.rstrip())
    out: list[Piece] = []
    skip = lead
    for p0, p1 in pieces:
        if skip:
            d = min(skip, p1 - p0)
            p0 += d
            skip -= d
        if p1 > p0:
            out.append((p0, p1))
    while trail and out:
        p0, p1 = out[-1]
        d = min(trail, p1 - p0)
        trail -= d
        if p1 - d > p0:
            out[-1] = (p0, p1 - d)
        else:
            out.pop()
    text_out = "".join(text[p0:p1] for p0, p1 in out)
    return _Line(out, text_out, out[0][0] if out else at)


def _emphasis_depth(text: str, ln: _Line) -> int:
    """+1 when the line leaves a ``**``/``*`` span open, 0 otherwise (markers counted in the input)."""
    raw = text[ln.raw[0]:ln.raw[1]]
    if "*" not in raw:
        return 0
    raw = _ESCAPE.sub("", raw)
    raw = _FOOTNOTE_STAR.sub("", raw)
    raw = _BULLET.sub(r"\1", raw)
    if _PARTY_STAR.match(raw):
        return 0
    bold = raw.count("**")
    single = raw.replace("**", "").count("*")
    return 1 if bold % 2 or single % 2 else 0


def _join_wrapped(text: str, block: list[_Line]) -> list[_Line]:
    """Join lines a web page wrapped inside one phrase: within one marker pair, after ``Số:``,
    a place-date line cut before its month or year, the national title or motto cut in two."""
    out: list[_Line] = []
    i = 0
    n = len(block)
    while i < n:
        ln = block[i]
        j = i
        if _emphasis_depth(text, ln):
            # find the closing line within MAX_JOIN lines
            k = i + 1
            while k < n and k <= i + MAX_JOIN and not _emphasis_depth(text, block[k]):
                k += 1
            if k < n and k <= i + MAX_JOIN:
                j = k
        cur = _merge(block[i:j + 1]) if j > i else ln
        while j + 1 < n and _continues(cur.text, block[j + 1].text):
            j += 1
            cur = _merge([cur, block[j]])
        out.append(cur)
        i = j + 1
    return out


def _continues(line: str, nxt: str) -> bool:
    s = line.strip()
    if _NUMBER_LABEL.match(s) and len(nxt) <= 60:
        return True
    if _OPEN_DATE.search(s) and _DATE_REST.match(nxt.strip()) and ("," in s or s.lower().startswith("ngày")):
        return True
    return bool(_TITLE_HEAD.match(s)) and len(nxt) <= 60 and not DATELINE_RE.search(nxt)


def _merge(lines: Iterable[_Line]) -> _Line:
    pieces: list[Piece] = []
    parts: list[str] = []
    at = -1
    dash = -1
    for ln in lines:
        if at < 0:
            at, dash = ln.at, ln.dash
        if pieces:
            pieces.append((-1, -1))  # a joining space
            parts.append(" ")
        pieces.extend(ln.pieces)
        parts.append(ln.text)
    return _Line(pieces, "".join(parts), at, dash=dash)


def _emit(b: _Builder, text: str, ln: _Line) -> None:
    prev_end = ln.at
    for p0, p1 in ln.pieces:
        if p0 < 0:
            b.insert(" ", prev_end)
            continue
        if p0 <= ln.dash < p1:
            b.add(p0, ln.dash)
            b.insert("-", ln.dash)
            b.add(ln.dash + 1, p1)
        else:
            b.add(p0, p1)
        prev_end = p1


def origin_at(origin: Sequence[int], pos: int) -> int:
    """The input offset of flattened offset ``pos`` by the flattening's ``origin`` (past the end: the input's end)."""
    return origin[max(0, min(pos, len(origin) - 1))]

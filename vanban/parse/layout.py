"""Lines, columns and page furniture of a text, and the re-joined reading text built from it.

Text from ``pdftotext -layout`` puts the header's two columns side by side (``UBND TỈNH LÀO CAI
      CỘNG HÒA XÃ HỘI ...``); text from a DOCX joins table cells with `` | ``. Both are split
here into :class:`Segment` s carrying their column position. Page furniture is what a page
adds and a document does not have: the gazette's running header ``CÔNG BÁO/Số … /Ngày …``, page
numbers, the portal's e-signature stamp and footers repeated on every page.
"""

from __future__ import annotations

import bisect
import re
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import accumulate, chain, compress, islice, pairwise, repeat
from operator import and_, attrgetter, itemgetter
from typing import Protocol, overload

from vanban import patterns
from vanban.normalize import SUPERSCRIPTS, is_upper_text
from vanban.parse.growing import GrowingText

_GAP = patterns.compile(r"[ \t|](?:(?<=\|)[ \t]*|(?<=[ \t])(?:[ \t]{2,}|[ \t]*\|[ \t]*|(?<=\t)))")
"""A wide gap between two columns: three spaces or more, a table bar with the spaces around it, a tab. (Written
``[ \\t]{3,}|[ \\t]*\\|[ \\t]*|\\t`` with its first character apart, as a class, so that the regex engine skips to the
spaces and bars of a line at once instead of trying each character.)"""
_RUN_WORDS = r"(?i:ÔNG[^\S\n]*+BÁO[^\S\n]*+/[^\S\n]*+Số\b[^\n]*?/[^\S\n]*+Ngày\b)"
"""The gazette's running header past its first letter (``C`` or ``c``)."""
_RUN_HEAD = r"(?:\d{1,4}+[^\S\n]++)?[Cc]" + _RUN_WORDS
"""The gazette's running header from where its line's text opens: ``12 CÔNG BÁO/Số 45 + 46/Ngày 15-01-2021``."""
_RUNNING_HEADER = patterns.compile(r"^[^\S\n]*+" + _RUN_HEAD)
_PAGE_WORD = r"(?:Trang|Page)\s+\d{1,4}(?:\s*/\s*\d{1,4})?"
"""A page number as words print it: ``Trang 3``, ``Page 3/12``."""
_PAGE_NUMBER = patterns.compile(rf"^\s*(?:(?:-\s*)?\d{{1,4}}(?:\s*-)?|{_PAGE_WORD})\s*$")
_ESIGN = patterns.compile(r"^\s*(Người ký|Ký bởi|Email|Cơ quan|Thời gian ký|Signed by|Ngày ký)\s*:\s*(.*?)\s*$")
RULE_LINE = patterns.compile(r"^\s*(?:[_\-–—=.*…]\s*){3,}$|^\s*\*\s*$")
"""A drawn rule (``______``, ``-----``) or the Party header's lone asterisk."""


@dataclass(slots=True)
class Segment:
    """A piece of a line between wide gaps: its text, offsets in the document and column."""

    text: str
    start: int
    end: int
    x: int
    line: int


def has_content(s: str) -> bool:
    """Whether a line (stripped or not) holds content: not blank, nor a line of table rules only (``|  |``, an
    empty row of a flattened header table)."""
    t = s.replace("|", "") if "|" in s else s
    return bool(t) and not t.isspace()


class Line:
    """One line of the text with its offsets; its column segments are computed when first asked.

    A line of a :class:`Lines` is made on demand and kept while it stays in the lines' cache; a kind given
    to it and its replaced segments are kept at once in the :class:`LineBook` it shares with its :class:`Lines` (a
    line holds the book, not the lines: no reference cycle, so the lines and all they hold go as soon as a parse drops
    them).
    """

    __slots__ = ("_default", "_kind", "_owner", "_segments", "end", "index", "start", "stripped", "text")

    def __init__(self, index: int, start: int, end: int, text: str, owner: LineBook | None = None,
                 content: str | None = None) -> None:
        self.index = index
        self.start = start
        self.end = end
        self.text = text
        self._owner = owner
        self._segments: list[Segment] | None = None
        if content is not None:  # the line stripped, known to hold content
            self.stripped = content
            self._default = self._kind = ""
            return
        self.stripped = text.strip()
        # "" content, "blank", "furniture", "esign", "footnote", "stamp", "header", "subject", "tail"
        # a line of table rules only (``|  |``, an empty row of a flattened header table) has no segment
        self._default = self._kind = "" if has_content(self.stripped) else "blank"

    @property
    def kind(self) -> str:
        """What the line is: ``""`` content, ``blank``, ``furniture``, ``esign``, ``footnote``, ``stamp``,
        ``header``, ``subject`` or ``tail``."""
        return self._kind

    @kind.setter
    def kind(self, kind: str) -> None:
        self._kind = kind
        o = self._owner
        if o is not None:
            if kind != self._default:
                o.kinds[self.index] = kind
            else:
                o.kinds.pop(self.index, None)

    @property
    def segments(self) -> list[Segment]:
        """The pieces of the line between wide gaps, with their column positions."""
        if self._segments is None:
            self._segments = _segments(self.text, self.start, self.index) if self.kind != "blank" else []
            o = self._owner
            if o is not None and o.splitter is not None:
                self._segments = o.splitter(self, self._segments)
        return self._segments

    def set_segments(self, segments: list[Segment]) -> None:
        """Replace the line's segments (a merged line split by what its pieces say); its :class:`LineBook` keeps them."""
        self._segments = segments
        if self._owner is not None:
            self._owner.segments[self.index] = segments


Splitter = Callable[[Line, list[Segment]], list[Segment]]
"""Gives a line's segments once more when its columns were merged (see ``parse.merged``)."""


class LineBook:
    """What the lines of a :class:`Lines` share with it: the kinds and segments given to lines and the splitter of
    merged columns."""

    __slots__ = ("kinds", "segments", "splitter")

    def __init__(self) -> None:
        self.kinds: dict[int, str] = {}
        self.segments: dict[int, list[Segment]] = {}
        self.splitter: Splitter | None = None


_STRIDE = 64
_EVERY = patterns.compile(r"(?<![^\n])(?:[^\n]*\n){1,64}")
"""Runs of up to 64 lines, each starting at a line start (the offsets of every 64th line)."""
_CACHE = 4096
"""Lines kept once made, by index modulo the cache size: this many (every line of most documents), more for a long
text (one line per 512 characters and per 16 lines, at most 16 times this), but no more than hold ``_CACHE_CHARS``
characters on average nor fewer than ``_CACHE_LEAST``: the cache, which holds each line's text and segments, stays
small beside the text however long its lines are."""
_CACHE_CHARS = 1 << 17
_CACHE_LEAST = 256
"""Lines kept however long they are: more than the header's window (150 lines) and the foot's (its zone and the lines
its search reads ahead, some 60). Not more: on a text of long lines (a random 2 MB text, 220 characters a line) the
lines the foot's search made filled a cache of 1,024 with 0.9 times the input in the heap, freed but resident."""


class _Range(Sequence[Line]):
    """Lines ``[first, last)`` of a :class:`Lines`, made as they are read."""

    def __init__(self, lines: Lines, first: int, last: int) -> None:
        self._lines, self._first, self._last = lines, first, last

    def _source(self) -> Lines:
        """The lines this is a range of."""
        return self._lines

    def __len__(self) -> int:
        return self._last - self._first

    @overload
    def __getitem__(self, i: int) -> Line: ...

    @overload
    def __getitem__(self, i: slice) -> Sequence[Line]: ...

    def __getitem__(self, i: int | slice) -> Line | Sequence[Line]:
        n = self._last - self._first
        if isinstance(i, slice):
            a, b, step = i.indices(n)
            if step != 1:
                return [self[k] for k in range(a, b, step)]
            return _Range(self._source(), self._first + a, self._first + max(a, b))
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError(i)
        return self._source().get(self._first + i)

    def __iter__(self) -> Iterator[Line]:
        return self._source().iter_range(self._first, self._last)


class Lines(_Range):
    """The lines of a text as a sequence, each :class:`Line` made when asked (no object per line is kept).

    The offsets of every 64th line are summed from the lines' widths (:meth:`rows`) or, on a long text that
    stripping leaves as it is, found by one compiled pattern; a line's offsets are then summed (or found) from
    the nearest of those or from the line last asked for (reading in order is cheap).
    Kinds given to lines and replaced segments are kept in dictionaries, so they cost nothing for
    the lines nobody marks.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self._rows: Rows | None = None
        self._even = len(text) > _WHOLE and not text[:1].isspace() and _UNEVEN.search(text) is None
        rows = self.rows()
        self._widths = rows.widths if rows is not None else None
        self._n = len(rows.widths) if rows is not None else text.count("\n") + 1
        self._first, self._last = 0, self._n  # (no ``_lines``: a range of itself, not a reference to itself)
        full = (self._n - 1) // _STRIDE
        if rows is not None:  # the marks summed from the lines' widths, _STRIDE at a time (a tuple of them each)
            strides = map(sum, zip(*[iter(rows.widths)] * _STRIDE, strict=False))
            marks = array("q", accumulate(islice(map(_STRIDE.__add__, strides), full), initial=0))
        else:
            marks = array("q", [0])
            for k, m in enumerate(_EVERY.finditer(text)):
                if k >= full:
                    break
                marks.append(m.end())
        self._marks = marks
        self._book = LineBook()
        self._kinds = self._book.kinds
        self._segs = self._book.segments
        size = max(_CACHE, min(len(text) // 512, 16 * _CACHE, self._n // 16))
        by_chars = _CACHE_CHARS * self._n // max(1, len(text))  # the lines holding _CACHE_CHARS characters on average
        self._size = max(1, min(self._n, size, max(_CACHE_LEAST, by_chars)))
        self._made: list[Line | None] = [None] * self._size
        self._at = (0, 0)  # (index, start) of the line last located
        self.furniture_candidates: dict[str, list[tuple[int, int]]] | None = None

    def _source(self) -> Lines:
        return self

    @property
    def splitter(self) -> Splitter | None:
        """Gives a line's segments once more when its columns were merged (see ``parse.merged``)."""
        return self._book.splitter

    @splitter.setter
    def splitter(self, splitter: Splitter | None) -> None:
        self._book.splitter = splitter

    def release(self) -> None:
        """Let go of the lines made (their texts and segments) once the lines are read. The lines stay readable
        (made again when asked)."""
        self._made = [None] * self._size

    @overload
    def __getitem__(self, i: int) -> Line: ...

    @overload
    def __getitem__(self, i: slice) -> Sequence[Line]: ...

    def __getitem__(self, i: int | slice) -> Line | Sequence[Line]:
        if type(i) is int and 0 <= i < self._n:  # (a line of the cache at once)
            ln = self._made[i % self._size]
            if ln is not None and ln.index == i:
                return ln
            return self._line(i, self.start_of(i))
        return super().__getitem__(i)

    def rows(self) -> Rows | None:
        """The lengths of the lines as printed and stripped (a line of table rules only made empty), worked out once by
        iterators of C functions, with every line stripped for a text up to ``_WHOLE``; for a longer one, read a
        stretch at a time (no copy of every line beside the text); ``None`` for a long text that stripping leaves as
        it is (no lengths kept: they are its widths)."""
        if self._rows is None and not self._even:
            text = self.text
            if len(text) <= _WHOLE:
                kept: list[str] = []
                widths: list[int] = []  # (lists: quicker to make than arrays)
                for a, b in _stretches(text, 0, len(text), _STRETCH):  # (no split stretch held beside the next)
                    chunk = text[a:b]
                    raw = chunk.split("\n")
                    widths += map(len, raw)
                    kept += map(_strip_of(chunk), raw)
                self._rows = Rows(kept, widths, list(map(len, kept)))
            else:
                self._rows = _long_rows(text)
        return self._rows

    def get(self, i: int) -> Line:
        """Line ``i`` (``0 <= i < len(self)``)."""
        ln = self._made[i % self._size]
        if ln is not None and ln.index == i:
            return ln
        return self._line(i, self.start_of(i))

    def iter_range(self, first: int, last: int) -> Iterator[Line]:
        """The lines ``[first, last)`` in order."""
        if first >= last:
            return
        pos = self.start_of(first)
        for i in range(first, last):
            ln = self._line(i, pos)
            self._at = (i, pos)
            pos = ln.end + 1
            yield ln

    def start_of(self, i: int) -> int:
        """Offset of the first character of line ``i``."""
        made, size = self._made, self._size
        if i > 0 and (prev := made[(i - 1) % size]) is not None and prev.index == i - 1:
            pos = prev.end + 1
        elif (nxt := made[(i + 1) % size]) is not None and nxt.index == i + 1:
            pos = self.text.rfind("\n", 0, nxt.start - 1) + 1
        elif (w := self._widths) is not None:  # summed from the line last located or the mark before
            c, pos = self._at
            if not c - _STRIDE < i < c + _STRIDE:
                c = i - i % _STRIDE
                pos = self._marks[c // _STRIDE]
            pos = pos + sum(w[c:i]) + i - c if c <= i else pos - sum(w[i:c]) - (c - i)
        else:
            c, pos = self._at
            if c - 8 <= i < c:  # a line just before the last one asked for
                rfind = self.text.rfind
                for _ in range(c - i):
                    pos = rfind("\n", 0, pos - 1) + 1
            else:
                if not c <= i < c + _STRIDE:
                    c = i - i % _STRIDE
                    pos = self._marks[c // _STRIDE]
                find = self.text.find
                for _ in range(i - c):
                    pos = find("\n", pos) + 1
        self._at = (i, pos)
        return pos

    def index_at(self, pos: int) -> int:
        """Index of the line holding offset ``pos``."""
        pos = max(0, min(pos, len(self.text)))
        k = bisect.bisect_right(self._marks, pos) - 1
        return k * _STRIDE + self.text.count("\n", self._marks[k], pos)

    def _line(self, i: int, start: int) -> Line:
        slot = i % self._size
        old = self._made[slot]
        if old is not None:
            if old.index == i:
                return old
        rows = self._rows
        if rows is not None:  # (its end and, on a text up to ``_WHOLE``, the line stripped known from the rows)
            end = start + rows.widths[i]
            kept = rows.kept[i] if rows.kept is not None and rows.lengths[i] else None
            ln = self._made[slot] = Line(i, start, end, self.text[start:end], self._book, kept)
        else:
            end = self.text.find("\n", start)
            if end < 0:
                end = len(self.text)
            ln = self._made[slot] = Line(i, start, end, self.text[start:end], self._book)
        if (k := self._kinds.get(i)) is not None:
            ln._kind = k
        if (g := self._segs.get(i)) is not None:
            ln._segments = g
        return ln

    def kind_of(self, i: int, start: int, end: int) -> str:
        """The kind of line ``i`` (``source[start:end]``), read without making the line."""
        k = self._kinds.get(i)
        if k is not None:
            return k
        return "" if has_content(self.text[start:end]) else "blank"

    def set_kind(self, i: int, kind: str) -> None:
        """Give line ``i`` (not blank) the kind ``kind`` without making the line."""
        ln = self._made[i % self._size]
        if ln is not None and ln.index == i:
            ln._kind = kind
        self._kinds[i] = kind

    def set_kinds(self, indexes: Iterable[int], kind: str) -> None:
        """Give the lines ``indexes`` (none blank) the kind ``kind`` at once, without making them."""
        got = dict.fromkeys(indexes, kind)
        self._kinds.update(got)
        made, size = self._made, self._size
        if made.count(None) < size:  # (the lines made already are given it too)
            for i in got:
                ln = made[i % size]
                if ln is not None and ln.index == i:
                    ln._kind = kind

    def given_kinds(self) -> dict[int, str]:
        """The kinds given to lines so far, by line index (not to be changed: :meth:`set_kind` does)."""
        return self._kinds

    def marked(self, first: int, last: int) -> list[tuple[int, str]]:
        """The lines of ``[first, last)`` given a kind, as ``(index, kind)`` in order."""
        found = self.marked_indexes(first, last)
        kinds = self._kinds
        return [(i, kinds[i]) for i in found]

    def marked_indexes(self, first: int, last: int) -> list[int]:
        """The indexes of the lines of ``[first, last)`` given a kind, in order."""
        found = sorted(self._kinds)
        if first <= 0 and last >= self._n:
            return found
        return found[bisect.bisect_left(found, first):bisect.bisect_left(found, last)]

    def marked_early(self) -> frozenset[int]:
        """The lines given a kind so far (page furniture, e-signatures)."""
        return frozenset(self._kinds)


@dataclass(slots=True)
class Rows:
    """The lines of a text with their lengths as printed (``widths``) and stripped (``lengths``), and each line
    stripped (``kept``) for a text up to ``_WHOLE`` (``None`` for a longer one)."""

    kept: list[str] | None
    widths: list[int] | array[int]
    lengths: list[int] | array[int]


def split_lines(text: str) -> Lines:
    """Every line of ``text`` with its offsets, made when asked."""
    return Lines(text)


def _segments(raw: str, offset: int, idx: int) -> list[Segment]:
    out: list[Segment] = []
    if _GAP.search(raw) is None:  # (most lines: one piece)
        _add(out, raw, 0, len(raw), offset, idx)
        return out
    last = 0
    for m in _GAP.finditer(raw):
        if m.start() > last:
            _add(out, raw, last, m.start(), offset, idx)
        last = m.end()
    if last < len(raw):
        _add(out, raw, last, len(raw), offset, idx)
    return out


def _add(out: list[Segment], raw: str, a: int, b: int, offset: int, idx: int) -> None:
    piece = raw[a:b]
    lead = len(piece) - len(piece.lstrip())
    s = piece.strip()
    if s:
        start = a + lead
        out.append(Segment(s, offset + start, offset + start + len(s), start, idx))


_LONG = 30
"""A line of this many characters or more (stripped) not starting with a dash can be a running footer."""
_HS = r"[^\S\n]"
_EOL = _HS + r"*+(?=\n|\Z)"
_OF_PAGES = _HS + r"++\d{1,4}+(?:" + _HS + r"*+/" + _HS + r"*+\d{1,4}+)?" + _EOL
_MARKED_LINE = patterns.compile(
    r"\n(?=[-\dCcNKSTP" + SUPERSCRIPTS + r"\s])(?:[ \t][ \t]{9,}+(?=\n|\Z)(?P<separator>)|" + _HS + r"*+(?:"
    r"[Cc]" + _RUN_WORDS + r"(?P<run>)"
    r"|\d\d{0,3}+(?:" + _HS + r"++[Cc]" + _RUN_WORDS + r"(?P<numbered_run>)|(?:" + _HS + r"*+-)?" + _EOL + r"(?P<page>))"
    r"|-" + _HS + r"*+\d{1,4}+(?:" + _HS + r"*+-)?" + _EOL + r"(?P<marked_page>)"
    r"|Trang" + _OF_PAGES + r"(?P<marked_page2>)|Page" + _OF_PAGES + r"(?P<marked_page3>)"
    r"|Người ký(?P<esign>)|Ký bởi(?P<esign2>)|Signed by(?P<esign3>)"
    r"|[" + SUPERSCRIPTS + r"](?P<note>)))")
"""The lines that can be page furniture or footnotes, found in one pass over the text: a running header
(``_RUN_HEAD``; ``run``, ``numbered_run``), the start of an e-signature block (``esign``, ``esign2``, ``esign3``, checked
with ``_ESIGN``), a page number (``_PAGE_NUMBER``: ``page`` a number, ``marked_page`` one with a dash, ``marked_page2``
and ``3`` with a word), a line opening with a superscript marker (``note``) or a separator (a line of ten spaces or more
only, the rule over the notes of a PDF page). The first line of a text has no line end before it and is looked at apart.
The first look-ahead (the first characters of them all, or a space) lets most lines fail at their first character;
each branch opens with a character class or a letter, so the regex engine skips a branch at its first character
without entering it; every repeat is possessive (what follows each can never start with what it repeats), so a line
that fails is not tried again with fewer spaces or digits. Only which group closed last tells what was found (the
groups are empty)."""
_CHUNK = 1 << 16
_WHOLE = 1 << 18
"""A text up to this size has its lines stripped once and kept (its runs joined from them); a longer one is stripped
64 kB at a time in one pass giving its lines' lengths, its runs stripped from the source again when read (no copy of
every line beside the text)."""


_STRETCH = 1 << 13
"""Characters of a text up to ``_WHOLE`` split at a time (the lines split of a stretch are freed before the next's)."""


def _stretches(text: str, a: int, b: int, size: int = _CHUNK) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of the stretches of whole lines ``text[a:b]`` is read in, each ``size`` characters or a
    little more (to its line's end), in order."""
    while True:
        c = text.find("\n", a + size, b)
        c = b if c < 0 else c
        yield a, c
        if c >= b:
            return
        a = c + 1


def _strip_of(chunk: str) -> Callable[[str], str]:
    """How the lines of ``chunk`` are stripped: :func:`_stripped` (rules only made empty) where a table bar stands."""
    return _stripped if "|" in chunk else str.strip


def _long_rows(text: str) -> Rows:
    """The :class:`Rows` of a text longer than ``_WHOLE``: its lines' widths and lengths (arrays), in one pass 64 kB at
    a time (no line kept)."""
    widths = array("i")  # a line is shorter than 2**31 characters (inputs are refused past 64 MiB)
    lengths = array("i")
    for a, b in _stretches(text, 0, len(text)):
        chunk = text[a:b]
        raw = chunk.split("\n")
        widths.fromlist(list(map(len, raw)))
        lengths.fromlist(list(map(len, map(_strip_of(chunk), raw))))
    return Rows(None, widths, lengths)


_DASHED_PAGE = patterns.compile(rf"^\s*(?:-\s*\d{{1,4}}\s*-|{_PAGE_WORD})\s*$")
"""A page number no table cell looks like: ``- 3 -``, ``Trang 3``, ``Page 3/12`` (a bare ``3`` may be a cell)."""


def _page_footers(lines: Lines, runs: set[int]) -> list[int]:
    """Indexes of the lines that are a running footer: a long mixed-case line printed next to a page break on half the
    pages or more (three at least), and hardly anywhere else; the numbers in it may differ (``Trang 3``).

    A page break is a line holding a form feed, a running header (``runs``) or a page number (``- 3 -``,
    ``Trang 3``; a bare number only within two lines of the others); the text's start and end are page edges too.
    Only the nearest line with content above and below each break is looked at, so a line repeated in the body (a
    form's heading, a consolidated text's note, a clause cited on every page of a list) is content however often it
    is printed; a text without page breaks (a web page, a document's own text) has no footer.
    """
    text = lines.text
    feeds: set[int] = set()
    p = text.find("\f")
    while p >= 0:
        feeds.add(lines.index_at(p))
        p = text.find("\f", _line_end(text, p))
    hard = runs | feeds
    found = _candidates(lines)
    # a page number within two lines of a hard break is a break; one printed with dashes or a word is one anywhere
    breaks = _near(hard, (-2, -1, 1, 2)).intersection(map(itemgetter(0), found["page"]))
    dashed = 0
    for i, a in found["marked_page"]:
        if text[a:a + 1] in "-TP \t" or not i:  # (the first line is in every group: checked)
            row = text[a:_line_end(text, a)]
            if _DASHED_PAGE.match(row):
                dashed += 1
                breaks.add(i)
            elif not i and not _PAGE_NUMBER.match(row):
                breaks.discard(0)
    breaks.update(hard)
    if not breaks:
        return []
    n = len(lines)
    near = _near_breaks(lines, breaks, n)
    need = max(3, (max(len(runs), len(feeds), dashed) + 1) // 2)
    near = _alike_ends(near, need)
    if not near:
        return []
    # a footer may print its page's number: the digit runs of all the lines folded by one substitution
    keys = dict(zip(near, _DIGIT_RUN.sub("0", "\n".join(near.values())).split("\n"), strict=True))
    counts = Counter(keys.values())
    # printed there on half the pages, and four times in five it is printed at all
    words = {k for k, c in counts.items() if c >= need and k[0] != "-" and not is_upper_text(k) and has_content(k)
             and c * 5 >= _printed(text, k) * 4}
    return sorted(j for j, k in keys.items() if k in words)


_DIGIT_RUN = patterns.compile(r"\d+")


def _near_breaks(lines: Lines, breaks: set[int], n: int) -> dict[int, str]:
    """The nearest line with content above and below each of ``breaks`` (and below the text's start, above its end)
    that is no break itself and holds ``_LONG`` characters or more, stripped, by index; the lines' lengths say which
    are blank and long enough, so only those lines are sliced."""
    rows = lines.rows()
    found: dict[int, str] = {}
    if rows is None:  # (a long text stripping leaves as it is: its lines are read)
        for b in (-1, *breaks, n):
            for j, step in ((b - 1, -1), (b + 1, 1)):
                while 0 <= j < n and j not in breaks and lines.get(j).kind == "blank":
                    j += step
                if 0 <= j < n and j not in breaks and len(t := lines.get(j).stripped) >= _LONG:
                    found[j] = t
        return found
    lengths, kept = rows.lengths, rows.kept
    # between two breaks (the text's start and end are the first page's top and the last page's foot), the first line
    # with content and the last
    for b, c in pairwise((-1, *sorted(breaks), n)):
        j = b + 1
        while j < c and not lengths[j]:
            j += 1
        if j < c:
            if lengths[j] >= _LONG:
                found[j] = kept[j] if kept is not None else lines.get(j).stripped
            j = c - 1
            while not lengths[j]:
                j -= 1
            if lengths[j] >= _LONG:
                found[j] = kept[j] if kept is not None else lines.get(j).stripped
    return found


def _alike_ends(near: dict[int, str], need: int) -> dict[int, str]:
    """The lines of ``near`` whose first character opens, and whose last ends, ``need`` of them or more (a digit
    counted as any digit): those whose digit runs folded (``_DIGIT_RUN``) are alike on ``need`` lines are among them."""
    firsts = list(map(itemgetter(0), near.values()))
    lasts = list(map(itemgetter(-1), near.values()))
    ok = list(map(and_, map(_common(firsts, need).__contains__, firsts), map(_common(lasts, need).__contains__, lasts)))
    if all(ok):
        return near
    return {j: near[j] for j in compress(near, ok)}


def _common(chars: list[str], need: int) -> set[str]:
    """The characters of ``chars`` found ``need`` times or more, a digit (``\\d``) counted as any digit."""
    counts = Counter(chars)
    digits = sum(c for ch, c in counts.items() if ch.isdecimal())
    return {ch for ch, c in counts.items() if (digits if ch.isdecimal() else c) >= need}


def _printed(text: str, key: str) -> int:
    """How many times ``text`` prints a line of ``key`` (its digit runs folded to ``0``: any number there)."""
    if "0" not in key:
        return text.count(key)
    return sum(1 for _ in re.finditer(r"\d+".join(map(re.escape, key.split("0"))), text))


_GROUP_OF = ("page", *({"separator": "note", "numbered_run": "run"}.get(g, g.rstrip("23"))
                        for g, _ in sorted(_MARKED_LINE.groupindex.items(), key=itemgetter(1))))
"""The group of :func:`_candidates` each group of ``_MARKED_LINE`` fills, by its number (the two running headers are
one, the separator is a note, ``esign2`` is ``esign``)."""
_LAST = attrgetter("lastindex")
_NEXT = (1).__add__
_BATCH = 512
"""Matches of ``_MARKED_LINE`` read at a time (their offsets and groups taken by C functions, a batch at once): fewer
than the garbage collector's first threshold (700), so a batch's match objects are gone before it looks at them."""


def _candidates(lines: Lines) -> dict[str, list[tuple[int, int]]]:
    """``(index, start)`` of the lines ``_MARKED_LINE`` finds, by group (``run``, ``esign``, ``page``; ``note``: a
    superscript marker or a separator; ``marked_page``: the page numbers of ``page`` that open with a dash or a word),
    each in order; the first line is in every group but ``note``.

    The matches are read a batch at a time: their offsets, groups and line indexes (the line ends counted from one
    match to the next) are worked out by iterators of C functions; only the sorting into groups is a Python step."""
    got = lines.furniture_candidates
    if got is None:
        text = lines.text
        first = [(0, 0)]
        found: dict[str, list[tuple[int, int]]] = {"run": first.copy(), "esign": first.copy(), "page": first.copy(),
                                                   "marked_page": first.copy(), "note": []}
        by_group = [found[g] for g in _GROUP_OF]  # by the number of the group matched
        idx, pos = 0, 0  # the line ends before ``pos`` (a line end, or the text's start), and ``pos``
        matches = _MARKED_LINE.finditer(text)
        count, nl = text.count, repeat("\n")
        while batch := list(islice(matches, _BATCH)):
            ends = list(map(re.Match.start, batch))  # (a match opens at the line end before its line)
            idxs = list(accumulate(map(count, nl, chain((pos,), ends), ends), initial=idx))
            at = zip(map(_NEXT, islice(idxs, 1, None)), map(_NEXT, ends), strict=True)  # (index, start) of each line
            for k, pair in zip(map(_LAST, batch), at, strict=True):
                by_group[k].append(pair)
            idx, pos = idxs[-1], ends[-1]
        page, marked = found["page"], found["marked_page"]
        if len(marked) > 1:
            found["page"] = sorted(chain(page, marked[1:]))
        got = lines.furniture_candidates = found
    return got


def note_lines(lines: Lines) -> list[tuple[int, int]]:
    """``(index, start)`` of the lines that open with a superscript marker or are a separator (ten spaces or
    more only), in order; not the first line."""
    return _candidates(lines)["note"]


def _line_end(text: str, a: int) -> int:
    e = text.find("\n", a)
    return len(text) if e < 0 else e


def mark_furniture(lines: Lines) -> list[tuple[int, int]]:
    """Mark running headers, page numbers, e-signature blocks and running footers.

    Returns the e-signature blocks as (first, last) line-index pairs. The text is searched with
    whole-text patterns; only the lines they find are looked at, and no line object is made but
    for e-signature blocks. A page number within two lines of a running header or footer is furniture too.
    """
    text = lines.text
    found = _candidates(lines)
    # (a line the pattern found is a running header; the first line, in every group, is checked)
    furniture = set(map(itemgetter(0), found["run"]))
    if not _RUNNING_HEADER.match(text[:_line_end(text, 0)]):
        furniture.discard(0)
    furniture.update(_page_footers(lines, furniture))
    esign_blocks: list[tuple[int, int]] = []
    after = 0  # lines before this were taken by an e-signature block
    for i, a in found["esign"]:
        if i < after or i in furniture:  # (a furniture line is no e-signature)
            continue
        e = _line_end(text, a)
        if lines.kind_of(i, a, e) == "blank":
            continue
        s = text[a:e].strip()
        if s.startswith(("Người ký", "Ký bởi", "Signed by")) and _ESIGN.match(s):
            j = i
            while j < len(lines) and j < i + 6 and (lines[j].kind == "blank" or _ESIGN.match(lines[j].stripped)):
                if lines[j].kind != "blank":
                    lines[j].kind = "esign"
                j += 1
            esign_blocks.append((i, j - 1))
            after = j
    for b0, b1 in esign_blocks:  # a furniture line taken into an e-signature block is part of it
        furniture.difference_update(range(b0 + 1, b1 + 1))
    lines.set_kinds(furniture, "furniture")
    # (a line the pattern found is a page number, so not blank; the first line, in every group, is checked)
    pages = _near(furniture, (-2, -1, 1, 2)).intersection(map(itemgetter(0), found["page"])).difference(lines._kinds)
    if 0 in pages and not _PAGE_NUMBER.match(text[:_line_end(text, 0)]):
        pages.discard(0)
    lines.set_kinds(pages, "furniture")
    return esign_blocks


def _near(lines: set[int], steps: tuple[int, ...]) -> set[int]:
    """The line indexes ``steps`` away from one of ``lines``."""
    out: set[int] = set()
    for d in steps:
        out.update(map(d.__add__, lines))
    return out


def mark_page_numbers(lines: Lines, first: int, last: int) -> None:
    """Mark lone page numbers standing between blank lines or at a page break in ``[first, last)``."""
    last = min(last, len(lines))
    if first >= last:
        return
    text = lines.text
    page = _candidates(lines)["page"]
    kinds = lines._kinds
    rows = lines.rows()
    lengths = rows.lengths if rows is not None else []
    n = len(lines)
    for idx, a in page[bisect.bisect_left(page, (first, 0)):]:
        if idx >= last:
            break
        # (a line the pattern found is a page number; the first line, in every group, is checked)
        if idx == 0 and not _PAGE_NUMBER.match(text[a:_line_end(text, a)]):
            continue
        if rows is not None:  # the kinds read from the lines' stripped lengths
            if kinds.get(idx, "" if lengths[idx] else "blank"):
                continue
            prev_blank = idx == 0 or kinds.get(idx - 1, "" if lengths[idx - 1] else "blank") in ("blank", "furniture")
            next_blank = idx + 1 >= n or kinds.get(idx + 1, "" if lengths[idx + 1] else "blank") in ("blank", "furniture")
        else:
            e = _line_end(text, a)
            if lines.kind_of(idx, a, e):
                continue
            prev_blank = idx == 0 or lines.kind_of(idx - 1, text.rfind("\n", 0, a - 1) + 1, a - 1) in ("blank", "furniture")
            next_blank = idx + 1 >= n or lines.kind_of(idx + 1, e + 1, _line_end(text, e + 1)) in ("blank", "furniture")
        if prev_blank or next_blank or "\f" in text[a:_line_end(text, a)]:
            lines.set_kind(idx, "furniture")


def esign_fields(lines: Sequence[Line], block: tuple[int, int]) -> dict[str, str]:
    """The ``Người ký`` / ``Email`` / ``Cơ quan`` / ``Thời gian ký`` values of an e-signature block."""
    out: dict[str, str] = {}
    for ln in lines[block[0]: block[1] + 1]:
        m = _ESIGN.match(ln.stripped)
        if m:
            out[m.group(1)] = m.group(2)
    return out


_NEWLINES = patterns.compile(r"\n*")
_FLUSH = 1 << 22
"""The reading's slices are joined onto its text once they are this many characters (a shorter reading is joined once,
a longer one grows where it is mapped, its slices never many megabytes)."""
_LONG_SOURCE = 1 << 19
"""A reading of a source this long or longer (a megabyte or more) is joined in batches from ``_FIRST_JOIN`` characters
on: its slices are never all held beside their join, and its text grows where it is mapped; the heap's blocks its
slices leave are taken again by the next batch's. A reading of a shorter source is joined once (the largest gazette
text, 0.74 M characters, joined once left its slices' 1.4 times its size in the heap, freed but resident)."""
_FIRST_JOIN = 1 << 14
"""The characters of slices of a reading of a long source joined in its first batch (see ``_LONG_SOURCE``, GrowingText).
(Not ``_BATCH``, which says how many matches :func:`_candidates` reads at a time.)"""
_UNEVEN = patterns.compile(r"[^\S\n](?=\n|\Z)|\n[^\S\n]|\|")
"""A place where stripping each line may change a text: a space ending or starting a line, a table bar."""


def _stripped(row: str) -> str:
    """A line stripped, a line of table rules only (``|  |``) read as empty."""
    s = row.strip()
    return s if has_content(s) else ""


class Chars(Protocol):
    """What a built reading reads of its source: characters by index and by slice (a ``str``, or a view giving the
    same characters, see :meth:`Reading.rebase`)."""

    def __getitem__(self, i: int | slice, /) -> str: ...


@dataclass(slots=True)
class LineTable:
    """The lines of a stretch of a document by their lengths, as printed and stripped.

    ``widths[i]`` is the length of line ``i`` (counted from the stretch's first line, which starts at document
    offset ``start``) and ``lengths[i]`` its length stripped (0 for a blank line or a line of table rules only):
    two integers a line in arrays (8 bytes, no int object), no line object; where a line starts is summed from them
    when asked.
    """

    source: Chars
    start: int
    widths: array[int] | list[int]
    lengths: array[int] | list[int]

    def content(self, a: int, i: int) -> int:
        """Document offset where the content of line ``i`` (starting at ``a``) starts."""
        raw = self.source[a:a + self.widths[i]]
        return a + len(raw) - len(raw.lstrip())


def line_table(source: str, start: int, end: int) -> LineTable | None:
    """The :class:`LineTable` of the lines of ``source[start:end]``, worked out 64 kB at a time by iterators of C
    functions; ``None`` when stripping leaves every line as it is (no table: the lines are slices of the source).
    The lines stripped are not kept: a run of them is stripped from the source when appended (:func:`_run_pieces`)."""
    if not source[start:start + 1].isspace() and _UNEVEN.search(source, start, end) is None:
        return None
    widths = array("i")  # a line is shorter than 2**31 characters (inputs are refused past 64 MiB)
    lengths = array("i")
    for a, b in _stretches(source, start, end):
        chunk = source[a:b]
        rows = chunk.split("\n")
        widths.fromlist(list(map(len, rows)))
        lengths.fromlist(list(map(len, map(_strip_of(chunk), rows))))
    return LineTable(source, start, widths, lengths)


def _run_text(source: str, a: int, b: int) -> str | Iterator[str]:
    """The lines of ``source[a:b]`` each stripped (a line of table rules only made empty) and joined by ``\\n``: at once
    when they are no longer than ``_CHUNK`` characters, else in pieces (:func:`_run_pieces`)."""
    if b - a > _CHUNK:
        return _run_pieces(source, a, b)
    chunk = source[a:b]
    return "\n".join(map(_strip_of(chunk), chunk.split("\n")))


def _run_pieces(source: str, a: int, b: int) -> Iterator[str]:
    """The lines of ``source[a:b]`` each stripped (a line of table rules only made empty) and joined by ``\\n``, in
    pieces of about 64 kB of the source (a long run is never all split beside its join)."""
    for k, (c, d) in enumerate(_stretches(source, a, b)):
        if k:
            yield "\n"
        chunk = source[c:d]
        yield "\n".join(map(_strip_of(chunk), chunk.split("\n")))


def _table(lines: Lines, first: int, last: int, lo: int, hi: int) -> tuple[LineTable, list[str] | None, int] | None:
    """The :class:`LineTable` of lines ``[first, last)`` (``text[lo:hi]``), with the lines stripped as a list when the
    lines have them (each run is joined from it, else stripped from the source), and the index in the table of line
    ``first``: the table of the whole text from the lines' rows when they have them (nothing copied), else
    :func:`line_table`; ``None`` when stripping leaves every line as it is."""
    text = lines.text
    rows = lines.rows()
    if rows is None:
        table = line_table(text, lo, hi)
        return (table, None, 0) if table is not None else None
    if not text[lo:lo + 1].isspace() and _UNEVEN.search(text, lo, hi) is None:
        return None
    return LineTable(text, 0, rows.widths, rows.lengths), rows.kept, first


class Reading:
    """A text assembled from slices of the document, mapping its offsets back to the document.

    Footnotes and page furniture are left out and sentences cut by a page break are re-joined,
    so citations and their subjects read as printed prose; ``to_source`` gives the span back.
    A run of lines is appended at once (:meth:`add_lines`); where each of its lines stands is
    read from its :class:`LineTable` only when an offset inside it is mapped.
    """

    def __init__(self, source: str) -> None:
        self.source = source  # what slices are appended from
        self._chars: Chars = source  # what offsets are mapped back with (:meth:`rebase`)
        # slices and joiners, joined onto the text at once when the reading is under _FLUSH characters (or _FIRST_JOIN, of
        # a long source), else a batch at a time (see GrowingText: a long reading is resized in place, its slices
        # never all beside their join)
        self._grown = GrowingText(_FIRST_JOIN if len(source) >= _LONG_SOURCE else _FLUSH)
        # arrays, not lists: 4 bytes an entry (8 past 2**30 characters), not an int object each (a long reading has
        # thousands of slices)
        code = "i" if len(source) < 1 << 30 else "q"
        self._starts = array(code)  # reading offset of each mapped slice
        self._origins = array(code)  # source offset of each mapped slice
        self._lens = array(code)
        self._runs: dict[int, tuple[LineTable, int, int, int]] = {}  # mapped slice -> table, lines [first, last)
        # it strips and the document offset of the first
        self._maps: dict[int, tuple[array[int], array[int]]] = {}
        self._even: dict[int, int] = {}  # mapped slice -> source end of the lines it holds as they are
        self.length = 0

    def add(self, start: int, end: int) -> None:
        """Append ``source[start:end]``."""
        if end <= start:
            return
        self._starts.append(self.length)
        self._origins.append(start)
        self._lens.append(end - start)
        self._append(self.source[start:end])

    def add_lines(self, table: LineTable, first: int, last: int, at: int, stripped: str | Iterable[str],
                  origin: int | None = None) -> None:
        """Append lines ``[first, last)`` of ``table`` (the first, at document offset ``at``, its content at ``origin``
        when known, and the last with content), each stripped and joined by ``\\n`` (``stripped``, whole or in
        pieces): the same as adding each line's stripped slice with a ``\\n`` joiner between them."""
        self._runs[len(self._starts)] = (table, first, last, at)
        self._starts.append(self.length)
        self._origins.append(table.content(at, first) if origin is None else origin)
        if isinstance(stripped, str):
            self._lens.append(len(stripped))
            self._append(stripped)
            return
        begin = self.length
        for piece in stripped:
            self._append(piece)
        self._lens.append(self.length - begin)

    def add_even(self, start: int, end: int) -> None:
        """Append ``source[start:end]``, lines stripping leaves as they are (the first and last with content): the
        same as :meth:`add_lines` of them."""
        self._even[len(self._starts)] = end
        self._starts.append(self.length)
        self._origins.append(start)
        self._lens.append(end - start)
        self._append(self.source[start:end])

    def _append(self, s: str) -> None:
        """Append a slice."""
        self._grown.append(s)
        self.length += len(s)

    def sep(self, s: str) -> None:
        """Append a joiner that has no place in the source (a space or a newline)."""
        if s:
            g = self._grown
            g.parts.append(s)
            g.size += len(s)
            self.length += len(s)

    def drop_joiners(self) -> None:
        """Take back the joiners appended since the last slice."""
        g = self._grown
        while g.parts and not g.parts[-1].strip():
            n = len(g.parts.pop())
            g.size -= n
            self.length -= n

    def last_char(self) -> str:
        """The last non-space character appended so far ('' when none)."""
        for part in reversed(self._grown.parts):
            t = part.rstrip()  # (the part itself, no copy, when it ends in content)
            if t:
                return t[-1]
        t = self._grown.text.rstrip()
        return t[-1] if t else ""

    def rebase(self, chars: Chars) -> None:
        """Map offsets back with ``chars`` (the source's characters held another way) and let go of the source: nothing
        is appended after."""
        self._chars = chars
        self.source = ""
        for t, _, _, _ in self._runs.values():
            t.source = chars

    @property
    def text(self) -> str:
        """The assembled text."""
        g = self._grown
        if g.parts:
            g.flush()
        return g.text

    def _map(self, k: int) -> tuple[array[int], array[int]]:
        """For the run of lines of slice ``k``: each line's offset in the slice and in the document (one more
        for the end)."""
        got = self._maps.get(k)
        if got is None:
            t, first, last, at = self._runs[k]
            rs = array("q", accumulate(map((1).__add__, t.lengths[first:last]), initial=0))
            ss = array("q", accumulate(map((1).__add__, t.widths[first:last]), initial=at))
            got = self._maps[k] = (rs, ss)
        return got

    def _run_to_source(self, k: int, off: int, end: bool) -> int:
        t, first, _, _ = self._runs[k]
        rs, ss = self._map(k)
        n = t.lengths
        li = bisect.bisect_right(rs, off) - 1
        col = off - rs[li]
        if col < n[first + li]:
            return t.content(ss[li], first + li) + col + (1 if end else 0)
        # a joiner between two lines: snap to the content before it (an end) or after it (a start)
        if end:
            while n[first + li] == 0:
                li -= 1
            return t.content(ss[li], first + li) + n[first + li]
        li += 1
        while n[first + li] == 0:
            li += 1
        return t.content(ss[li], first + li)

    def to_source(self, pos: int, *, end: bool = False) -> int:
        """The document offset of reading offset ``pos`` (``end=True`` for an exclusive end)."""
        if not self._starts:
            return 0
        p = pos - 1 if end and pos > 0 else pos
        k = bisect.bisect_right(self._starts, p) - 1
        if k < 0:
            return self._origins[0]
        off = p - self._starts[k]
        if off >= self._lens[k]:  # inside a joiner: snap to the slice edge
            return self._origins[k] + self._lens[k] if end else (
                self._origins[k + 1] if k + 1 < len(self._origins) else self._origins[k] + self._lens[k])
        if k in self._runs:
            return self._run_to_source(k, off, end and pos > 0)
        if k in self._even:  # a line end snaps to the content before (an end) or after it (a start)
            src = self._chars
            q = self._origins[k] + off
            if src[q] != "\n":
                return q + (1 if end and pos > 0 else 0)
            if end and pos > 0:
                while src[q - 1] == "\n":
                    q -= 1
                return q
            q += 1
            while src[q] == "\n":
                q += 1
            return q
        return self._origins[k] + off + (1 if end and pos > 0 else 0)

    def from_source(self, pos: int) -> int | None:
        """The reading offset of document offset ``pos`` (a cut-out place maps to the end of the slice before it)."""
        k = bisect.bisect_right(self._origins, pos) - 1
        if k < 0 or (pos > self._origins[k] + self._lens[k] and k not in self._runs and k not in self._even):
            return None
        if k in self._even:
            src = self._chars
            if pos > self._even[k] or (src[pos:pos + 1] in ("\n", "") and src[pos - 1] == "\n"):  # past, or blank
                return None
            return self._starts[k] + pos - self._origins[k]
        if k in self._runs:
            t, first, _, _ = self._runs[k]
            rs, ss = self._map(k)
            li = bisect.bisect_right(ss, pos, 0, len(ss) - 1) - 1
            a, n = t.content(ss[li], first + li), t.lengths[first + li]
            if n == 0 or not a <= pos <= a + n:  # a blank line, a line's margin or past the run
                return None
            return self._starts[k] + rs[li] + pos - a
        return self._starts[k] + min(pos - self._origins[k], self._lens[k])

    def to_spans(self, bounds: Iterable[tuple[int, int]]) -> Iterator[tuple[int, int]]:
        """``(to_source(a), to_source(b, end=True))`` for each ``(a, b)`` of ``bounds``, in one forward walk when the bounds
        ascend, given as they are worked out (a long list of spans is not held beside its bounds).

        The walk keeps the stretch of reading offsets it found last that map to the document by one shift (a slice as
        printed, or a line of a run of lines): a bound inside it (a mention's end, most often) is that sum, nothing
        more. In a run of lines the walk counts the ``\\n`` joiners of the text from one offset to the next and sums
        the widths of the lines it passes: no per-line offsets of the run are built (as ``to_source`` does
        once for all its calls), so a few spans in a long run cost what their distance costs in C.
        """
        starts, lens, origins, runs, even, source = self._starts, self._lens, self._origins, self._runs, self._even, self._chars
        last = len(starts) - 1
        if last < 0:
            yield from ((0, 0) for _ in bounds)
            return
        text = self.text
        count, rfind, bisect_right, to_source = text.count, text.rfind, bisect.bisect_right, self.to_source
        k = -1
        lo = hi = 0  # reading offsets where the slice ``k`` starts and the next one does
        run: tuple[LineTable, int, int, int] | None = None
        # in a run of lines: its first line in the table; the line ``li`` of the run, where it starts in the document
        # (``at``) and in the reading (``line``)
        first = li = at = line = 0
        widths: array[int] | list[int] = []
        lengths: array[int] | list[int] = []
        c0 = c1 = shift = 0  # the reading offsets [c0, c1) found last: each maps to itself plus ``shift``

        def find(pos: int, end: bool) -> int:
            """``to_source(pos, end=end)``, walked on from the last bound; the stretch it stands in kept."""
            nonlocal k, lo, hi, run, first, li, at, line, widths, lengths, c0, c1, shift
            tail = end and pos > 0
            p = pos - 1 if tail else pos
            if not lo <= p < hi or k < 0:
                k = bisect_right(starts, p, k if 0 < k and starts[k] <= p else 0) - 1
                if k < 0:
                    return to_source(pos, end=end)
                lo = starts[k]
                hi = starts[k + 1] if k < last else 1 << 62
                run = runs.get(k)
                if run is not None:
                    t, first, _, at = run
                    widths, lengths = t.widths, t.lengths
                    li, line = 0, lo
                elif k not in even:  # a slice as printed
                    c0, c1, shift = lo, lo + lens[k], origins[k] - lo
                    if p < c1:
                        return p + shift + tail
            if run is None or p - lo >= lens[k]:
                return to_source(pos, end=end)
            if p < line:  # the offsets went back
                li, line, at = 0, lo, run[3]
            passed = count("\n", line, p)
            if passed:
                at += sum(widths[first + li:first + li + passed]) + passed
                li += passed
                line = rfind("\n", line, p) + 1
            n = lengths[first + li]
            if p - line >= n:  # a joiner between two lines: snapped as to_source does
                return self._run_to_source(k, p - lo, tail)
            raw = source[at:at + widths[first + li]]
            c0, c1, shift = line, line + n, at + len(raw) - len(raw.lstrip()) - line
            return p + shift + tail

        for a, b in bounds:  # (an end inside the stretch: its last character's offset, plus one)
            yield a + shift if c0 <= a < c1 else find(a, False), b + shift if c0 < b <= c1 else find(b, True)


TERMINAL = ".:;!?”\"»)"


def _rejoins(r: Reading, pending_gap: bool, head: str) -> bool:
    """Whether a line opening with ``head`` goes on a sentence cut by a footnote or page break (``pending_gap``):
    if so, the blank lines between are dropped and one space joins the two."""
    if pending_gap and head[:1].islower() and r.last_char() not in TERMINAL:
        r.drop_joiners()
        r.sep(" ")
        return True
    return False


def _join(r: Reading, pending_gap: bool, body: str) -> None:
    """The joiner before a line of ``body`` once the reading has begun."""
    if not _rejoins(r, pending_gap, body):
        r.sep("\n")


def _add_cut(r: Reading, a: int, b: int, cuts: list[tuple[int, int]], ci: int) -> int:
    """Append ``source[a:b]`` less the ``cuts`` (sorted; those before ``ci`` passed already) inside it; the next cut."""
    while ci < len(cuts) and cuts[ci][0] < a:
        ci += 1
    while ci < len(cuts) and cuts[ci][0] < b:
        c0, c1 = cuts[ci]
        r.add(a, c0)
        a = min(b, c1)
        ci += 1
    r.add(a, b)
    return ci


def _add_even_run(r: Reading, a: int, b: int, started: bool, pending_gap: bool) -> tuple[bool, bool]:
    """Append the lines of ``source[a:b]`` that stripping leaves as they are (content and blank lines, none left out;
    a blank line is empty) as :func:`build_reading` does line by line; returns the new ``started`` and
    ``pending_gap``."""
    text = r.source
    c = _NEWLINES.match(text, a, b).end()  # type: ignore[union-attr]  # (matches always)
    if c >= b:  # no content at all: a blank line each
        if started:
            r.sep("\n" * (b - a + 1))
        return started, pending_gap
    if started and c > a:
        r.sep("\n" * (c - a))
    e = b
    while text[e - 1] == "\n":
        e -= 1
    if started:
        _join(r, pending_gap, text[c:c + 1])
    r.add_even(c, e)
    if e < b:
        r.sep("\n" * (b - e))
    return True, False


def build_reading(text: str, lines: Lines, first: int, last: int, skip: set[str],
                  cuts: Sequence[tuple[int, int]] = ()) -> Reading:
    """Reading text of lines ``[first, last)``, leaving out lines whose kind is in ``skip``.

    Lines are joined with ``\\n``; across a skipped block (a footnote, a page break) a sentence
    whose line ends without punctuation and whose next line starts in lower case is joined
    with a space instead. The lines are stripped at once (:func:`line_table`); each run of lines
    nobody marked (nor cut) between the others is appended as one slice of that text.
    """
    r = Reading(text)
    last = min(last, len(lines))
    if first >= last:
        return r
    cut_list = sorted(cuts)
    lo = lines.start_of(first)
    hi = _line_end(text, lines.start_of(last - 1))
    got = _table(lines, first, last, lo, hi)
    kinds = lines.given_kinds()
    stops = lines.marked_indexes(first, last)
    cut = {lines.index_at(c0) for c0, _ in cut_list if lo <= c0 < hi}.difference(stops)
    if cut:
        stops = sorted(cut.union(stops))
    stops.append(last)
    if got is not None:
        table, stripped, at = got
        _read_table(r, table, stripped, first - at, at, lo, stops, kinds, skip, cut_list)
        return r
    started = False
    pending_gap = False
    ci = 0
    at, pos = 0, lo  # the next line not appended yet (counted from ``first``) and its offset in the text
    for stop in stops:
        i = stop - first
        # lines as they are: found in the text
        start = lines.start_of(stop) if stop < last else hi + 1
        if at < i:  # lines [at, i): content and blank lines only
            started, pending_gap = _add_even_run(r, pos, start - 1, started, pending_gap)
        if stop >= last:
            break
        end = _line_end(text, start)
        at, pos = i + 1, end + 1
        s = text[start:end]
        kind = kinds.get(stop)
        if kind is None:  # a line holding a cut, not marked
            kind = "" if has_content(s) else "blank"
        if kind in skip:
            if started:
                pending_gap = True
            continue
        if kind == "blank":
            if started:
                r.sep("\n")
            continue
        lead = len(s) - len(s.lstrip())
        body = s.strip()
        if started:
            _join(r, pending_gap, body)
        ci = _add_cut(r, start + lead, start + lead + len(body), cut_list, ci)
        started = True
        pending_gap = False
    return r


def _read_table(r: Reading, table: LineTable, listed: list[str] | None, shift: int, at: int, pos: int, stops: list[int],
                kinds: dict[int, str], skip: set[str], cut_list: list[tuple[int, int]]) -> None:
    """:func:`build_reading` of the lines of ``table`` (``listed``: its lines stripped, or ``None``; line ``k`` of the
    document its line ``k - shift``) from its line ``at``, at offset ``pos``: each run of lines between two of ``stops``
    (lines marked or cut; the last, the end) appended as one slice, joined from ``listed`` or stripped from the
    source, the stops line by line. Newlines owed are appended at once before the next slice."""
    text = r.source
    widths, lengths = table.widths, table.lengths
    started = pending_gap = False
    nl = 0  # newline joiners owed
    ci = 0
    end_stop = stops[-1]
    for stop in stops:
        i = stop - shift
        if at < i:  # lines [at, i): content and blank lines only
            c = at
            while lengths[c] == 0:  # blank lines before the first with content
                c += 1
                if c == i:
                    break
            if c > at:
                if started:
                    nl += c - at
                pos += sum(widths[at:c]) + c - at
            if c < i:
                e = i
                while lengths[e - 1] == 0:
                    e -= 1
                span = sum(widths[c:e]) + e - c - 1
                run = "\n".join(listed[c:e]) if listed is not None else _run_text(text, pos, pos + span)
                origin = table.content(pos, c)
                if started:
                    if _rejoins(r, pending_gap, text[origin]):
                        nl = 0
                    else:
                        nl += 1
                if nl:
                    r.sep("\n" * nl)
                r.add_lines(table, c, e, pos, run, origin)
                nl = i - e
                pos += span + 1
                if e < i:
                    pos += sum(widths[e:i]) + i - e
                started, pending_gap = True, False
        if stop >= end_stop:
            break
        start = pos
        end = pos + widths[i]
        at, pos = i + 1, end + 1
        kind = kinds.get(stop)
        if kind is None:  # a line holding a cut, not marked
            kind = "" if lengths[i] else "blank"
        if kind in skip:
            if started:
                pending_gap = True
            continue
        if kind == "blank":
            if started:
                nl += 1
            continue
        s = text[start:end]
        lead = len(s) - len(s.lstrip())
        body = s.strip()
        if started:
            if _rejoins(r, pending_gap, body):
                nl = 0
            else:
                nl += 1
        if nl:
            r.sep("\n" * nl)
            nl = 0
        ci = _add_cut(r, start + lead, start + lead + len(body), cut_list, ci)
        started = True
        pending_gap = False
    if nl:
        r.sep("\n" * nl)


def line_of(lines: Sequence[Line], pos: int) -> int:
    """Index of the line holding document offset ``pos``."""
    if isinstance(lines, Lines):
        return lines.index_at(pos)
    lo, hi = 0, len(lines) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if lines[mid].start <= pos:
            lo = mid
        else:
            hi = mid - 1
    return lo

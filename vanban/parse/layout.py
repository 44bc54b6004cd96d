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
from collections import Counter
from dataclasses import dataclass

from vanban.normalize import is_upper_text

_GAP = re.compile(r"[ \t]{3,}|[ \t]*\|[ \t]*|\t")
_RUNNING_HEADER = re.compile(r"^\s*(?:\d{1,4}\s+)?CÔNG\s*BÁO\s*/\s*Số\b.*?/\s*Ngày\b", re.IGNORECASE)
_PAGE_NUMBER = re.compile(r"^\s*(?:-\s*)?\d{1,4}(?:\s*-)?\s*$|^\s*(?:Trang|Page)\s+\d{1,4}(?:\s*/\s*\d{1,4})?\s*$")
_ESIGN = re.compile(r"^\s*(Người ký|Ký bởi|Email|Cơ quan|Thời gian ký|Signed by|Ngày ký)\s*:\s*(.*?)\s*$")
RULE_LINE = re.compile(r"^\s*(?:[_\-–—=.*…]\s*){3,}$|^\s*\*\s*$")
"""A drawn rule (``______``, ``-----``) or the Party header's lone asterisk."""


@dataclass(slots=True)
class Segment:
    """A piece of a line between wide gaps: its text, offsets in the document and column."""

    text: str
    start: int
    end: int
    x: int
    line: int


class Line:
    """One line of the text with its offsets; its column segments are computed when first asked."""

    __slots__ = ("_segments", "end", "index", "kind", "start", "stripped", "text")

    def __init__(self, index: int, start: int, end: int, text: str) -> None:
        self.index = index
        self.start = start
        self.end = end
        self.text = text
        self.stripped = text.strip()
        self._segments: list[Segment] | None = None
        # "" content, "blank", "furniture", "esign", "footnote", "stamp", "header", "subject", "tail"
        # a line of table rules only (``|  |``, an empty row of a flattened header table) has no segment
        self.kind = "" if self.stripped.replace("|", "").strip() else "blank"

    @property
    def segments(self) -> list[Segment]:
        """The pieces of the line between wide gaps, with their column positions."""
        if self._segments is None:
            self._segments = _segments(self.text, self.start, self.index) if self.kind != "blank" else []
        return self._segments


    def set_segments(self, segments: list[Segment]) -> None:
        """Replace the line's segments (a merged line split by what its pieces say)."""
        self._segments = segments


def split_lines(text: str) -> list[Line]:
    """Every line of ``text`` with its offsets (one pass)."""
    lines: list[Line] = []
    pos = 0
    for idx, raw in enumerate(text.split("\n")):
        lines.append(Line(idx, pos, pos + len(raw), raw))
        pos += len(raw) + 1
    return lines


def _segments(raw: str, offset: int, idx: int) -> list[Segment]:
    out: list[Segment] = []
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


def mark_furniture(lines: list[Line]) -> list[tuple[int, int]]:
    """Mark running headers, page numbers, e-signature blocks and repeated footers.

    Returns the e-signature blocks as (first, last) line-index pairs.
    """
    esign_blocks: list[tuple[int, int]] = []
    # a long mixed-case line printed on three or more pages is a footer; upper-case lines repeat for
    # other reasons (the national title in appendix forms)
    counts = Counter(ln.stripped for ln in lines
                     if len(ln.stripped) >= 30 and not ln.stripped.startswith("-") and not is_upper_text(ln.stripped))
    repeated = {t for t, c in counts.items() if c >= 3}
    i = 0
    while i < len(lines):
        ln = lines[i]
        if ln.kind == "blank":
            i += 1
            continue
        s = ln.stripped
        if _RUNNING_HEADER.match(s) or s in repeated:
            ln.kind = "furniture"
            _mark_page_numbers_near(lines, i)
        elif s.startswith(("Người ký", "Ký bởi", "Signed by")) and _ESIGN.match(s):
            j = i
            while j < len(lines) and j < i + 6 and (lines[j].kind == "blank" or _ESIGN.match(lines[j].stripped)):
                if lines[j].kind != "blank":
                    lines[j].kind = "esign"
                j += 1
            esign_blocks.append((i, j - 1))
            i = j
            continue
        i += 1
    return esign_blocks


def _mark_page_numbers_near(lines: list[Line], i: int) -> None:
    for j in (i - 2, i - 1, i + 1, i + 2):
        if 0 <= j < len(lines) and lines[j].kind == "" and _PAGE_NUMBER.match(lines[j].text):
            lines[j].kind = "furniture"


def mark_page_numbers(lines: list[Line], first: int, last: int) -> None:
    """Mark lone page numbers standing between blank lines or at a page break in ``[first, last)``."""
    for i in range(first, min(last, len(lines))):
        ln = lines[i]
        if ln.kind or not _PAGE_NUMBER.match(ln.text):
            continue
        prev_blank = i == 0 or lines[i - 1].kind in ("blank", "furniture")
        next_blank = i + 1 >= len(lines) or lines[i + 1].kind in ("blank", "furniture")
        if prev_blank or next_blank or "\f" in ln.text:
            ln.kind = "furniture"


def esign_fields(lines: list[Line], block: tuple[int, int]) -> dict[str, str]:
    """The ``Người ký`` / ``Email`` / ``Cơ quan`` / ``Thời gian ký`` values of an e-signature block."""
    out: dict[str, str] = {}
    for ln in lines[block[0]: block[1] + 1]:
        m = _ESIGN.match(ln.stripped)
        if m:
            out[m.group(1)] = m.group(2)
    return out


def column_split(lines: list[Line], first: int, last: int) -> int | None:
    """The x position dividing two columns in lines ``[first, last)``, or ``None`` for one column."""
    xs = [ln.segments[1].x for ln in lines[first:last] if len(ln.segments) >= 2 and ln.kind == ""]
    if not xs:
        return None
    return max(1, min(xs) - 2)


class Reading:
    """A text assembled from slices of the document, mapping its offsets back to the document.

    Footnotes and page furniture are left out and sentences cut by a page break are re-joined,
    so citations and their subjects read as printed prose; ``to_source`` gives the span back.
    """

    def __init__(self, source: str) -> None:
        self.source = source
        self._parts: list[str] = []
        self._starts: list[int] = []  # reading offset of each mapped slice
        self._origins: list[int] = []  # source offset of each mapped slice
        self._lens: list[int] = []
        self.length = 0

    def add(self, start: int, end: int) -> None:
        """Append ``source[start:end]``."""
        if end <= start:
            return
        self._starts.append(self.length)
        self._origins.append(start)
        self._lens.append(end - start)
        self._parts.append(self.source[start:end])
        self.length += end - start

    def sep(self, s: str) -> None:
        """Append a joiner that has no place in the source (a space or a newline)."""
        if s:
            self._parts.append(s)
            self.length += len(s)

    def last_char(self) -> str:
        """The last non-space character appended so far ('' when none)."""
        for part in reversed(self._parts):
            t = part.rstrip()
            if t:
                return t[-1]
        return ""

    @property
    def text(self) -> str:
        """The assembled text."""
        return "".join(self._parts)

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
        return self._origins[k] + off + (1 if end and pos > 0 else 0)

    def from_source(self, pos: int) -> int | None:
        """The reading offset of document offset ``pos`` (a cut-out place maps to the end of the slice before it)."""
        k = bisect.bisect_right(self._origins, pos) - 1
        if k < 0 or pos > self._origins[k] + self._lens[k]:
            return None
        return self._starts[k] + min(pos - self._origins[k], self._lens[k])


TERMINAL = ".:;!?”\"»)"


def build_reading(text: str, lines: list[Line], first: int, last: int, skip: set[str],
                  cuts: list[tuple[int, int]] = ()) -> Reading:  # type: ignore[assignment]
    """Reading text of lines ``[first, last)``, leaving out lines whose kind is in ``skip``.

    Lines are joined with ``\\n``; across a skipped block (a footnote, a page break) a sentence
    whose line ends without punctuation and whose next line starts in lower case is joined
    with a space instead.
    """
    r = Reading(text)
    pending_gap = False
    started = False
    cut_list = sorted(cuts)
    ci = 0
    for ln in lines[first:last]:
        if ln.kind in skip:
            if started:
                pending_gap = True
            continue
        if ln.kind == "blank":
            if started:
                r.sep("\n")
            continue
        s = ln.text
        lead = len(s) - len(s.lstrip())
        body = s.strip()
        if started:
            if pending_gap and r.last_char() not in TERMINAL and body[:1].islower():
                # re-join a sentence cut by a footnote or page break: drop the blank lines between
                while r._parts and not r._parts[-1].strip():
                    r._parts.pop()
                    r.length -= 1
                r.sep(" ")
            else:
                r.sep("\n")
        a, b = ln.start + lead, ln.start + lead + len(body)
        while ci < len(cut_list) and cut_list[ci][0] < a:
            ci += 1
        while ci < len(cut_list) and cut_list[ci][0] < b:
            c0, c1 = cut_list[ci]
            r.add(a, c0)
            a = min(b, c1)
            ci += 1
        r.add(a, b)
        started = True
        pending_gap = False
    return r


def line_of(lines: list[Line], pos: int) -> int:
    """Index of the line holding document offset ``pos`` (binary search)."""
    lo, hi = 0, len(lines) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if lines[mid].start <= pos:
            lo = mid
        else:
            hi = mid - 1
    return lo


def line_bounds(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every line of ``text`` (without its line end), in order."""
    out: list[tuple[int, int]] = []
    pos = 0
    for raw in text.split("\n"):
        out.append((pos, pos + len(raw)))
        pos += len(raw) + 1
    return out

"""The incoming stamp (dấu "ĐẾN", NĐ 30/2020 Phụ lục IV): ``ĐẾN Số: … Ngày: … Chuyển: … Số và ký hiệu HS: …``.

OCR reads the stamp's labels loosely (``Chuyên`` for ``Chuyển``, ``ĐEN`` for ``ĐẾN``), so the
labels are matched on their unaccented letters, and the stamp is recognised only as a cluster
of at least two such lines, one of which only a stamp has.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from functools import lru_cache

from vanban import patterns
from vanban.dates import NUMERIC_DATE, make_date
from vanban.models import IncomingStamp, Span
from vanban.normalize import is_upper_text, strip_marks
from vanban.parse.layout import Line
from vanban.parse.memo import remembered
from vanban.parse.merged import TITLE_ENDS

_DEN = patterns.compile(r"^DEN\b", re.IGNORECASE)
_SO = patterns.compile(r"^(?:DEN\s+)?So(?:\s+den)?\s*:?\s*(?P<n>\d{1,6})?\s*$", re.IGNORECASE)
_NGAY = patterns.compile(r"^(?:DEN\s+)?Ngay(?:\s+den)?\s*:\s*(?P<rest>.*)$", re.IGNORECASE)
_CHUYEN = patterns.compile(r"^Chuy[e]n\s*:\s*(?P<rest>.*)$", re.IGNORECASE)
_HS = patterns.compile(r"^So\s+va\s+ky\s+hieu\s+(?:HS|ho\s+so)\s*:?\s*(?P<rest>.*)$", re.IGNORECASE)
_DATE = patterns.compile(NUMERIC_DATE)


_LEADS = frozenset(("de", "so", "ng", "ch"))
"""The two letters a stamp label opens with (``ĐẾN``, ``Số``, ``Ngày``, ``Chuyển``), marks stripped, lower case."""


@remembered
def _kind(text: str) -> tuple[str, re.Match[str] | None]:
    """The stamp label ``text`` opens with (``so``, ``ngay``, ...) and its match, remembered per text."""
    lead = text.lstrip()[:2]
    key = lead if lead.isascii() else strip_marks(lead)
    if len(key) == 2 and key.isascii() and key.lower() not in _LEADS:
        return "", None  # two plain letters that open no label (a mark cut off would leave fewer)
    plain = strip_marks(text).strip()
    for name, rx in (("hs", _HS), ("chuyen", _CHUYEN), ("ngay", _NGAY), ("so", _SO), ("den", _DEN)):
        m = rx.match(plain)
        if m:
            return name, m
    return "", None


_TOKEN = patterns.compile(r"(\[[^\]]*\]|\\.|\(\?(?:<[=!]|[:=!]))")


def _as_printed(folded: str) -> str:
    """A pattern written for text with marks stripped (``strip_marks``), lower case, made to run on the text
    itself: a lower-case ASCII letter stands for every letter that folds to it, in either case (``d`` ->
    ``[dDđĐ…]``), a class of such letters likewise, ``A-Z`` in a class for every capital folding to one."""
    by_letter: dict[str, str] = {}
    capitals = ""
    for c in (*range(0x41, 0x7B), *range(0xC0, 0x250), *range(0x1E00, 0x1F00)):
        ch = chr(c)
        base = strip_marks(ch)
        if len(base) == 1 and base.isascii() and base.isalpha():
            by_letter[base.lower()] = by_letter.get(base.lower(), "") + ch
            capitals += ch if base.isupper() else ""
    out = []
    for part in _TOKEN.split(folded):
        if re.fullmatch(r"\[[a-z]+\]", part):
            part = "[" + "".join(by_letter[c] for c in part[1:-1]) + "]"
        elif part.startswith("["):
            part = part.replace("A-Z", capitals)
        elif not part.startswith(("\\", "(?")):
            part = "".join(f"[{by_letter[c]}]" if c in by_letter else c for c in part)
        out.append(part)
    return "".join(out)


_AT_DEN, _AT_CHUYEN, _AT_HS = r"(?<=[d][e])n\b", r"(?<=[c][h])uyen[^\S\n]*:", r"(?<=[s][o])[^\S\n]+va[^\S\n]+ky[^\S\n]+hieu"
"""The branches of the labels only a stamp prints (``ĐẾN``, ``Chuyển:``, ``Số và ký hiệu HS``), after their first two
letters, as :func:`_as_printed` reads them: in both patterns below."""


@lru_cache(maxsize=1)
def _label_at() -> re.Pattern[str]:
    """Where a stamp label can open a segment (the letters matched as ``strip_marks`` reads them, in any case):
    a label word, wherever it stands (a merged column may open anywhere). The pattern is led by a class of the
    letters a label opens with, so the search skips to them in C, and a class of the second letters turns most
    of them down at once; each branch looks back at its first two letters. Loose: over-finding costs a line's
    segments, under-finding would lose a stamp (compiled when first asked: only a text with a label
    that only a stamp prints needs it)."""
    return patterns.compile(_as_printed(
        rf"[dcns][ehgo](?:{_AT_DEN}|{_AT_CHUYEN}|(?<=[n][g])ay(?:[^\S\n]+den)?[^\S\n]*:|{_AT_HS}|(?<=[s](o))"
        # a bare "Số" only where a segment "Số: 12" can end after the colon and digits that follow: "ĐẾN" after it,
        # a wide gap among them, or after them the line's end or what a merged column opens with (a capital, a
        # table bar, a rule, a place name); the run is taken whole (the look-ahead and back-reference), so that
        # nothing backtracks over the spaces
        r"(?=[^\S\n]+den|(?:[^\S\n]|[:\d])*?(?:\t|   )|(?=((?:[^\S\n]|[:\d])*))\2(?:\n|\Z|[A-Z|\-_=–—]|[aeiouyd])))"))


_STAMP_ONLY_AT = patterns.compile(_as_printed(rf"[dcs][eho](?:{_AT_DEN}|{_AT_CHUYEN}|{_AT_HS})"))
"""``_label_at()`` for the labels only a stamp prints (``ĐẾN``, ``Chuyển:``, ``Số và ký hiệu HS``), one of which a
stamp must have (``_is_stamp``): a text without them has no stamp, and its number and date lines are not split."""
_STAMP_ONLY = frozenset(("den", "chuyen", "hs"))


_RULE_AND_STOPS = frozenset("|.;,-_=–—")
"""What a segment can open right after (skipping blanks and marks): a table bar, the stop before a trailing name
(``merged._TRAILING_NAME``) or the end of a rule run (``merged._RULE_RUN``)."""
_NUMBER_LABEL = patterns.compile("S[ốổôồỐ]")
"""A segment opening with a number's label (``merged._cuts`` cuts a date line off after it)."""


def _may_open_segment(text: str, p: int, line_start: int) -> bool:
    """Whether a segment of the line starting at ``line_start`` can open at offset ``p`` (loose: no more than what
    it reads): at the line's start, after a gap (``layout._GAP``), or where ``merged._cuts`` cuts a merged line (after
    a title or a rule run; a capital; anywhere after a number's label); blanks and marks before ``p`` are skipped, as
    the segment's ``strip`` and ``strip_marks`` skip them. A word inside running text (``đến`` after a word and one
    space) opens none."""
    if text[p].isupper():
        return True  # a capital opens a name, a title, a date line or an upper-case run
    q = p - 1
    while q >= line_start and (text[q].isspace() or "\u0300" <= text[q] <= "\u036f"):
        q -= 1
    if q < line_start or "\t" in text[q + 1:p] or "   " in text[q + 1:p]:
        return True  # the line's start or a gap (three spaces or a tab, ``[ \t]{3,}``, hold one of those)
    prev = text[q]
    if prev in _RULE_AND_STOPS or unicodedata.normalize("NFD", prev)[:1].upper() in TITLE_ENDS:
        return True
    return _NUMBER_LABEL.search(text, line_start, p) is not None  # a date line cut off after a number (any letter)


def _label_lines(text: str, lines: Sequence[Line], limit: int, pattern: re.Pattern[str] | None = None, *,
                 opening: bool = False, first: int = 0) -> list[int]:
    """Indexes of the lines in ``[first, limit)`` where a segment can open with a stamp's label (``pattern``'s, else
    ``_label_at()``'s; found by one search); ``opening``: only where a segment can open (``_may_open_segment``)."""
    if limit <= first:
        return []
    pattern = pattern or _label_at()
    end = lines[limit - 1].end
    out: list[int] = []
    pos, idx = lines[first].start, first
    at = pos
    while (m := pattern.search(text, at, end)) is not None:
        if opening and not _may_open_segment(text, m.start(), text.rfind("\n", pos, m.start()) + 1 or pos):
            at = m.start() + 1
            continue
        idx += text.count("\n", pos, m.start())
        out.append(idx)
        nl = text.find("\n", m.start(), end)
        if nl < 0:
            break
        pos, idx = nl + 1, idx + 1
        at = pos  # the rest of the line is not searched
    return out


_Hit = tuple[int, str, re.Match[str] | None, str]
"""A stamp label read in a segment: its line's index, the label's kind (``_kind``), its match, the segment's text."""
_REACH = 3
"""The most lines one label of a stamp stands below the one before it (a wider gap parts two clusters)."""


def find_stamp(text: str, lines: Sequence[Line], limit: int) -> tuple[IncomingStamp | None, list[int]]:
    """The incoming stamp among lines ``[0, limit)`` and the indexes of the lines it covers.

    Only the lines where a label that only a stamp prints can open a segment (one search of the top of the text)
    are split into segments; when one holds such a label, the cluster of label lines around it (each within
    ``_REACH`` lines of the next) is found by searching the few lines beside it, and only those are split."""
    limit = min(limit, len(lines))
    best = _first_stamp(text, lines, limit)
    if not best:
        return None, []
    first, last = best[0][0], best[-1][0]
    fields: dict[str, str] = {}
    number: int | None = None
    for _, kind, m, printed in best:
        if m is None:
            continue
        if kind == "so" and m.group("n"):
            number = int(m.group("n"))
        elif kind in ("ngay", "chuyen", "hs"):
            fields[kind] = _value(printed)
    covered = list(range(first, last + 1))
    receiver = None
    for j in range(first - 1, max(-1, first - 3), -1):
        ln = lines[j]
        if ln.kind == "blank":
            continue
        if not ln.kind and is_upper_text(ln.stripped) and not _kind(ln.stripped)[0]:
            receiver = ln.stripped
            covered.insert(0, j)
        break
    date_text = fields.get("ngay") or None
    date = None
    if date_text:
        dm = _DATE.search(date_text)
        if dm:
            date = make_date(dm.group("d"), dm.group("m"), dm.group("y"))
    start = lines[covered[0]].start
    end = lines[last].end
    return IncomingStamp(
        receiver=receiver, number=number, date=date, date_text=date_text,
        forwarded_to=fields.get("chuyen") or None, file_code=fields.get("hs") or None,
        raw=text[start:end].strip(), span=Span(start=start, end=end),
    ), covered


def _first_stamp(text: str, lines: Sequence[Line], limit: int) -> list[_Hit]:
    """The labels of the first cluster that is a stamp (``_is_stamp``), top down, as a reading of every label line
    (``_label_lines``) of ``[0, limit)`` cut into clusters would give them; empty when there is none.

    A stamp's cluster holds a label only a stamp prints: the clusters are grown around those (found first) only,
    line by line over the few lines beside them. Each is grown first over the lines holding a label in a segment,
    which the label lines are among, so without ``_label_at`` (costly to compile): when that wider cluster is no
    stamp, neither is the one of label lines within it, nor any other within it."""
    read: dict[int, list[_Hit]] = {}
    labelled: set[int] = set()

    def hits(i: int) -> list[_Hit]:
        found = read.get(i)
        if found is None:
            ln = lines[i]
            found = [] if ln.kind else [(ln.index, kind, m, seg.text) for seg in ln.segments
                                        for kind, m in (_kind(seg.text),) if kind]
            read[i] = found
        return found

    def holding(a: int, b: int) -> list[int]:
        """The lines of ``[a, b)`` with a label in a segment."""
        return [i for i in range(a, b) if hits(i)]

    def label_lines(a: int, b: int) -> list[int]:
        """The label lines of ``[a, b)`` with a label in a segment."""
        found = [i for i in _label_lines(text, lines, b, first=a) if hits(i)]
        labelled.update(found)
        return found

    def grow(g: int, near: Callable[[int, int], list[int]]) -> tuple[int, int]:
        top = bottom = g
        while above := near(max(0, top - _REACH), top):
            top = above[0]
        while below := near(bottom + 1, min(limit, bottom + _REACH + 1)):
            bottom = below[-1]
        return top, bottom

    done = -1
    for g in _label_lines(text, lines, limit, _STAMP_ONLY_AT, opening=True):
        if g <= done or not any(k in _STAMP_ONLY for _, k, _, _ in hits(g)):
            continue
        top, bottom = grow(g, holding)
        if _is_stamp([h for i in range(top, bottom + 1) for h in read[i]]):
            labelled.add(g)  # a line ``_STAMP_ONLY_AT`` finds, ``_label_at`` finds
            top, bottom = grow(g, label_lines)
            group = [h for i in range(top, bottom + 1) if i in labelled for h in read[i]]
            if _is_stamp(group):
                return group
        done = bottom
    return []


def _value(seg: str) -> str:
    return seg.split(":", 1)[1].strip(" .…") if ":" in seg else ""


def _is_stamp(group: list[_Hit]) -> bool:
    kinds = {k for _, k, _, _ in group}
    return len(group) >= 2 and bool(kinds & {"den", "chuyen", "hs"}) and bool(kinds & {"so", "ngay"})

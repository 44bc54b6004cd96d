"""The header (phần đầu): issuer, number, place and date, the national or Party title, type and subject.

Components are found by what they say, not where they sit, so the same code reads a header
printed in two side-by-side columns (``pdftotext -layout``), in table cells one after the other
(DOCX, the gazette) or flattened by OCR.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate, islice, takewhile

from vanban import patterns
from vanban.catalogue import catalogue
from vanban.dates import DATELINE_RE, MONTH_WORD, make_date
from vanban.errors import NumberSyntaxError
from vanban.models import DocumentNumber, Span
from vanban.normalize import ascii_key, is_upper_text, strip_marks
from vanban.numbering import LABEL_LINE_RE, LABEL_WORD, parse_number
from vanban.parse.alternation import trie_alternation
from vanban.parse.edits import within_edits
from vanban.parse.layout import RULE_LINE, Line, Lines, Segment, line_of
from vanban.parse.memo import remembered

NATIONAL_TITLE_KEY = "conghoaxahoichunghiavietnam"
MOTTO_KEY = "doclaptudohanhphuc"
PARTY_TITLE_KEY = "dangcongsanvietnam"
_GAZETTE_HEADINGS = ("vanbanquyphamphapluat", "vanbanphapluatkhac", "vanbanhopnhat", "vanbankhac")
_CONSOLIDATION_REST = (r"[ÁAáa][Cc]\s+(?:[Tt][Hh][ỰUựu][Cc]|[Nn][Hh][ẬAậa][Nn])\s+[Vv][ĂAăa][Nn]\s+[Bb][ẢAảa][Nn]\s+"
                       r"[Hh][ỢOợo][Pp]\s+[Nn][Hh][ẤAấa][Tt]")
_CONSOLIDATION = patterns.compile(r"[Xx]" + _CONSOLIDATION_REST)
"""``XÁC THỰC VĂN BẢN HỢP NHẤT`` (or ``XÁC NHẬN``) in any case: the heading over a consolidated text's own number."""
_SUBJECT_VV = patterns.compile(r"^(?:V/v|V/V|v/v|[Vv]ề việc|V\.v\.?)\s*:?\s*")
_BODY_START = patterns.compile(
    r"^(?:Căn cứ|Kính gửi|Thực hiện|Theo|Thi hành|[-–+•]\s|Điều\s+\d|Chương\s+[IVXLC\d]|Phần\s+(?:thứ|[IVXLC\d])|"
    r"[IVXLC]+[.\-]\s|\d+[.\-)]\s|[a-zđ]\)\s|Trong|Ngày\s+\d|Qua|Nhằm|Để|Sau khi|Tiếp theo|Hiện nay|Năm\s+\d|Hôm nay|"
    # the statement opening a consolidated text: "Thông tư số 15/2021/TT-BLĐTBXH ngày ..."
    r"(?:Luật|Bộ luật|Pháp lệnh|Nghị định|Nghị quyết|Thông tư|Quyết định|Chỉ thị)(?:\s+\S+){0,12}?\s+số\s+\d)"
)
_CONSOLIDATION_PREAMBLE = patterns.compile(
    r"có\s+hiệu\s+lực\s+(?:thi\s+hành\s+)?(?:kể\s+)?từ\s+ngày[^:]{0,160}?được\s+sửa\s+đổi,?\s+bổ\s+sung\s+(?:bởi|theo)\s*:"
)
"""The statement that opens a consolidated text (văn bản hợp nhất) when its own number is not in the text."""
_BLANK_DATELINE = patterns.compile(r"ngày[\s.…_]*tháng[\s.…_\d]*năm")  # "……, ngày    tháng    năm" of a form
_MARKS = "¹²³⁴⁵⁶⁷⁸⁹⁰*"


def _without_marker(text: str) -> str:
    """A heading without the footnote marker glued to it (``THÔNG TƯ1``, ``QUYẾT ĐỊNH*``); linear, from the end."""
    core = text.rstrip()
    end = len(core)
    while end and (core[end - 1].isdecimal() or core[end - 1] in _MARKS):
        end -= 1
    return core[:end] if end < len(core) else text
_FIRST_BODY = patterns.compile(r"^(?:Căn cứ|Kính gửi|Điều\s+\d|Chương\s+[IVXLC\d]|Phần\s+(?:thứ|[IVXLC\d])|[-–]\s*Căn cứ)")
_URGENCY = {"khan": "KHẨN", "thuongkhan": "THƯỢNG KHẨN", "hoatoc": "HỎA TỐC", "hoatochengio": "HỎA TỐC HẸN GIỜ"}
_SECRECY = {"mat": "MẬT", "toimat": "TỐI MẬT", "tuyetmat": "TUYỆT MẬT"}


@dataclass
class Header:
    """What the header holds; line indexes locate it for the rest of the parser."""

    number: DocumentNumber | None = None
    number_line: int | None = None
    issuer_units: list[list[Segment]] = field(default_factory=list)
    national_title: Segment | None = None
    motto: Segment | None = None
    party_title: Segment | None = None
    place: str | None = None
    date: dt.date | None = None
    date_segment: Segment | None = None
    type_segment: Segment | None = None
    type_name: str | None = None
    subject: str | None = None
    subject_span: Span | None = None
    dispatch_subject: bool = False
    urgency: str | None = None
    secrecy: str | None = None
    subject_parts: list[tuple[int, int]] = field(default_factory=list)
    addressees: list[str] = field(default_factory=list)
    addressee_span: Span | None = None
    addressee_lines: list[int] = field(default_factory=list)
    consolidated: bool = False
    end: int = 0  # first line of the body
    used: set[int] = field(default_factory=set)


_ascii_key = lru_cache(maxsize=8192)(ascii_key)
"""``ascii_key`` remembered: a header's lines are keyed more than once, and a corpus repeats its headings."""


def _key(seg: Segment) -> str:
    return _ascii_key(seg.text)


def number_at(lines: Sequence[Line], i: int, seg: Segment) -> tuple[DocumentNumber, Span] | None:
    """The document number printed in ``seg`` (joined with the next line when it breaks at ``-``)."""
    lm = LABEL_LINE_RE.match(seg.text)
    if not lm or seg.text[:2] == "SỐ":
        return None
    if " " in lm.group("label").strip() and ":" not in lm.group("label"):
        return None  # "Luật số 56/2024/QH15" opening a line of running text cites, it does not number
    text = seg.text
    end = seg.end
    segs = lines[i].segments
    k = segs.index(seg) if seg in segs else -1
    if lm.end() >= len(seg.text.rstrip()) and 0 <= k < len(segs) - 1:
        # "Số:            /HC-QLHC": a blank number leaves a wide gap after the label
        text = f"{seg.text} {segs[k + 1].text}"
        end = segs[k + 1].end
    elif lm.end() >= len(seg.text.rstrip()) and k == len(segs) - 1 and i + 1 < len(lines) and \
            lines[i + 1].segments and not lines[i + 1].kind:
        # "Số:" / "2827/QĐ-UBND": a narrow cell wrapped the number onto the next line
        text = f"{seg.text} {lines[i + 1].segments[0].text}"
        end = lines[i + 1].segments[0].end
    if text.rstrip().endswith((";", ",")):
        return None
    nxt = i + 1
    while text.rstrip().endswith(("-", "/")) and nxt < len(lines) and lines[nxt].segments:
        nseg = lines[nxt].segments[0]
        text = text.rstrip() + nseg.text
        end = nseg.end
        nxt += 1
    try:
        n = parse_number(text)
    except NumberSyntaxError:
        return None
    span = Span(start=seg.start, end=end)
    return n.model_copy(update={"span": span}), span


_LINE_END = patterns.compile("\n")


class _Content:
    """The content lines of ``[0, limit)`` (not blank, marked or stamp), in order, found only as far as they
    are read: the header usually ends a few dozen lines down, and the lines below it are left alone. A line's
    kind is read without making the line (``Lines.kind_of``); the line is made when it is asked for."""

    def __init__(self, text: str, lines: Sequence[Line], stamp_lines: set[int], limit: int) -> None:
        rows = lines.rows() if isinstance(lines, Lines) else None
        if rows is not None:  # from the lines' widths (the last one's end + 1 is the text's length + 1)
            starts = list(accumulate(map((1).__add__, islice(rows.widths, limit)), initial=0))
        else:
            starts = [0, *(m.end() for m in islice(_LINE_END.finditer(text), limit))]
            if len(starts) <= limit:
                starts.append(len(text) + 1)  # the last line has no line end
        self.starts = starts
        """The offsets of the lines ``[0, limit)`` and past the last one (its end + 1)."""
        self._text, self._lines, self._stamp, self._limit = text, lines, stamp_lines, min(limit, len(starts) - 1)
        self._kind = lines.kind_of if isinstance(lines, Lines) else None
        self._found: list[int] = []
        self._keys: dict[int, str] = {}
        self._next = 0

    def indexes(self) -> Iterator[int]:
        """The indexes of the content lines."""
        k = 0
        while True:
            if k == len(self._found) and not self._advance():
                return
            yield self._found[k]
            k += 1

    def _advance(self) -> bool:
        while self._next < self._limit:
            i = self._next
            self._next += 1
            if self.is_content(i):
                self._found.append(i)
                return True
        return False

    def __iter__(self) -> Iterator[Line]:
        lines = self._lines
        return (lines[i] for i in self.indexes())

    def upto(self, index: int) -> Iterator[int]:
        """The indexes of the content lines up to line ``index`` (included)."""
        return takewhile(lambda i: i <= index, self.indexes())

    def is_content(self, i: int) -> bool:
        """Whether line ``i`` (in ``[0, limit)``) is a content line."""
        if i in self._stamp:
            return False
        return (self._kind(i, self.starts[i], self.starts[i + 1] - 1) if self._kind else self._lines[i].kind) == ""

    def first_after(self, index: int) -> int | None:
        """The first content line after line ``index`` (``None`` when none is left before the limit)."""
        return next((i for i in range(index + 1, self._limit) if self.is_content(i)), None)

    @property
    def limit(self) -> int:
        """The end of the lines looked at (``limit``, or the text's line count when it has fewer)."""
        return self._limit

    def key(self, i: int) -> str:
        """Line ``i``'s ``ascii_key`` with its non-ASCII letters left out (a key's ASCII words stay whole in it)."""
        k = self._keys.get(i)
        return k if k is not None else _keyed(self._text[self.starts[i]:self.starts[i + 1] - 1])

    def keys_of(self, a: int, b: int) -> tuple[str, list[str]]:
        """The keys (``key``) of the lines ``[a, b)`` (within the limit), one a line, joined by line ends and apart;
        the marks are taken off the lines at once, and the keys kept for ``key``."""
        keyed = _keyed(self._text[self.starts[a]:self.starts[b] - 1])
        keys = keyed.split("\n")
        self._keys.update(zip(range(a, b), keys, strict=True))
        return keyed, keys

    def labelled(self, a: int, b: int) -> set[int]:
        """The lines of ``[a, b)`` holding a ``Số`` as a number's label opens with (``LABEL_LINE_RE``)."""
        starts = self.starts
        return {bisect.bisect_right(starts, m.start()) - 1
                for m in _LABEL_LETTERS.finditer(self._text, starts[a], starts[b] - 1)}


def _keyed(text: str) -> str:
    """The keys of the lines of ``text`` (``_Content.key``), joined by line ends as the lines are: the ASCII letters of
    its decomposition (``Đ`` as ``D``) in lower case, ASCII blanks left out. The case is lowered on the ASCII bytes
    (no letter outside ASCII lowers to one that a decomposition leaves whole: ``İ`` and the Kelvin sign decompose)."""
    plain = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d")).encode("ascii", "ignore")
    return plain.translate(_LOWER, _BLANKS).decode("ascii")


_CHUNK = 16
"""Lines keyed at once (``_Content.keys_of``) as the top walk goes down."""
_BLANKS = b" \t\r\x0b\x0c\x1c\x1d\x1e\x1f"
"""The ASCII blanks ``str.split`` splits a line at (a key has none), line ends apart."""
_LOWER = bytes.maketrans(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ", b"abcdefghijklmnopqrstuvwxyz")
"""ASCII capitals to lower case, for ``bytes.translate``."""
_LABEL_LETTERS = patterns.compile(LABEL_WORD)
"""What a segment opening with a number's label (``LABEL_LINE_RE``) holds: a line without it gives no number."""


def _read_top(lines: Sequence[Line], content: _Content, h: Header) -> None:
    """Read the number and the titles from the content lines, top down, into ``h``, as far as the number's line
    and 12 lines below it (to the limit when it is not found, or is a consolidated text's own, at its end), and
    the first content line below those.

    Only a line that can give ``h`` something is read (made and split into segments): one whose key holds what
    a missing field needs or opens a wrapped title (``_may_hold``), or, while the number is looked for, one
    holding a number's label. Those lines are found by one search of each chunk of keys (and of text); the
    chunks below the number's 12 lines are not keyed (the one line read there is keyed alone)."""
    a = 0
    while a < content.limit and a <= _last_line(h):
        b = int(min(a + _CHUNK, content.limit, _last_line(h) + 1))
        keyed, keys = content.keys_of(a, b)
        wanted = _sought(*_missing(h))
        found: set[int] = set()
        pos = 0
        while (m := wanted.search(keyed, pos)) is not None:
            j = keyed.count("\n", 0, m.start())
            found.add(a + j)
            pos = keyed.find("\n", m.start()) + 1
            if pos == 0:
                break
        labelled = content.labelled(a, b) if h.number is None and not h.consolidated else set()
        for i in sorted(found | labelled):
            if i > _last_line(h):
                break
            if not content.is_content(i):
                continue
            if (h.number is None and not h.consolidated and i in labelled) or _may_hold(h, keys[i - a]):
                _read_titles(lines, lines[i], h)
        a = b
    if h.number is not None and h.number_line is not None:
        # the walk ends at the first content line below the number's 12: it is read when it can give something
        # (a line the search would not find cannot: see ``_sought``)
        below = content.first_after(h.number_line + 12)
        if below is not None and _may_hold(h, content.key(below)):
            _read_titles(lines, lines[below], h)


def _last_line(h: Header) -> int | float:
    """The last line the top walk reads as it goes down: the number's line + 12 once it is found, else none."""
    return h.number_line + 12 if h.number is not None and h.number_line is not None else float("inf")


def parse_header(text: str, lines: Sequence[Line], stamp_lines: set[int], limit: int) -> Header:
    """Read the header from lines ``[0, limit)``; stamp lines are ignored."""
    h = Header()
    content = _Content(text, lines, stamp_lines, limit)
    # 1. the document's own number; a consolidated text (văn bản hợp nhất) carries its own at the end
    consolidated = _consolidation_number(text, lines)
    if consolidated:
        h.number, h.number_line = consolidated
        h.consolidated = True
    elif _CONSOLIDATION_PREAMBLE.search(text, 0, 8000):
        # the original's header is reprinted; this text's own number and issuer are not given
        h.consolidated = True
    _read_top(lines, content, h)

    anchor = h.number_line if h.number_line is not None and not h.consolidated else None
    window: Iterable[int] = _date_window(text, content, anchor)
    if h.consolidated and h.number is None:
        window = ()  # the reprinted original's date is not this text's date

    # 2. place and date: the first date line after the top of the header (a copy may wrap it); a line is made
    # only when its text holds a year or ends cut after ``ngày`` / ``tháng``
    starts = content.starts
    for i in window:
        if _YEAR.search(text, starts[i], starts[i + 1] - 1) and _MONTH.search(text, starts[i], starts[i + 1] - 1) and \
                _dateline(h, lines[i]):
            h.used.add(i)
            break
        cut = _CUT_AT_END.search(text, starts[i], starts[i + 1] - 1)
        joined = _wrapped_dateline(lines, lines[i]) if cut else None
        if joined is not None and _dateline(h, joined):
            h.used.update((i, i + 1))
            break
    if h.consolidated and h.number and h.number.span:
        _consolidation_date(h, lines)

    # 3. issuer: upper-case segments before the number, last block wins (gazette repeats it)
    stop = anchor if anchor is not None else (h.date_segment.line if h.date_segment else None)
    if h.consolidated and h.number is None:
        pass
    elif h.consolidated and h.number_line is not None:
        near = [ln for ln in lines[max(0, h.number_line - 6):h.number_line] if ln.kind == ""]
        h.issuer_units = _issuer_units(lines, near, h.number_line, h)
        for ln in lines[max(0, h.number_line - 6):h.number_line + 4]:
            if any(_CONSOLIDATION.match(seg.text) for seg in ln.segments):
                h.used.add(ln.index)  # "XÁC THỰC VĂN BẢN HỢP NHẤT"
    elif stop is not None:
        h.issuer_units = _issuer_units(lines, content, stop, h)

    # 4. type heading and subject, after the number / date (a consolidated text: from the top)
    after = -1
    if not h.consolidated:
        after = max([i for i in (h.number_line, h.date_segment.line if h.date_segment else None)
                     if i is not None], default=-1)
    _type_and_subject(lines, h, after, limit, stamp_lines)
    if h.date is None:
        _passing_date(h, text)
    _dispatch_number(h)
    return h


_DAY_HEAD, _DAY_TAIL = "[Nn]g", "[àảáạãa]y"
"""The word ``ngày`` as a date line prints it (OCR slips its tone), cut after its ``g``."""
_DATE_WORD = patterns.compile(f"g(?:(?<={MONTH_WORD})|(?<={_DAY_HEAD})(?={_DAY_TAIL}))")
"""Where a line holds ``tháng`` (``MONTH_WORD``) or ``ngày``: a date line holds the month's word, a line cut after
``ngày`` / ``tháng`` (``_CUT_AT_END``) one of them. Led by their common ``g``, so the search skips to it in C."""
_DATE_LINES = 40
"""How many content lines from the top the date line is looked for in when the number's line is not known."""


def _date_window(text: str, content: _Content, anchor: int | None) -> Iterator[int]:
    """The content lines the date line is looked for in, in order: to 25 lines below the number's line (``anchor``),
    else the first ``_DATE_LINES`` content lines; only those holding a date's word (``_DATE_WORD``), found by one
    search of the window's text (a line without one gives no date: it is not looked at)."""
    starts = content.starts
    if anchor is None:  # the last of the first ``_DATE_LINES`` content lines
        last = next(islice(content.indexes(), _DATE_LINES - 1, None), content.limit - 1)
    else:
        last = min(anchor + 25, content.limit - 1)
    if last < 0:
        return
    end = starts[last + 1] - 1
    pos = starts[0]
    while (m := _DATE_WORD.search(text, pos, end)) is not None:
        i = bisect.bisect_right(starts, m.start()) - 1
        if content.is_content(i):
            yield i
        pos = starts[i + 1]


def _read_titles(lines: Sequence[Line], ln: Line, h: Header) -> None:
    """Read the number, the titles, urgency and secrecy printed in the segments of ``ln`` into ``h``."""
    for seg in _titles_across_lines(lines, ln):
        if h.number is None and not h.consolidated:
            found = number_at(lines, ln.index, seg)
            if found:
                h.number = found[0]
                h.number_line = ln.index
                h.used.add(ln.index)
        k = _key(seg)
        if h.national_title is None and _near(k, NATIONAL_TITLE_KEY):
            h.national_title = seg
            h.used.add(ln.index)
        elif h.motto is None and _near(k, MOTTO_KEY):
            h.motto = seg
            h.used.add(ln.index)
        elif h.party_title is None and _near(k, PARTY_TITLE_KEY):
            h.party_title = seg
            h.used.add(ln.index)
        elif k in _URGENCY and h.urgency is None:
            h.urgency = _URGENCY[k]
            h.used.add(ln.index)
        elif k in _SECRECY and h.secrecy is None:
            h.secrecy = _SECRECY[k]
            h.used.add(ln.index)


_TITLE_WORDS = (("conghoa", "xahoi", "chunghia", "vietnam"), ("docl", "aptu", "dohanh", "phuc"),
                ("dang", "congs", "anvi", "etnam"))
"""Four pieces of the key of each title (national title, motto, Party title), apart."""
_TITLE_PARTS = ("|".join(_TITLE_WORDS[0]), "|".join(_TITLE_WORDS[1]), f"d(?:.{{0,17}}(?:{'|'.join(_TITLE_WORDS[2])})|ang)")
"""``_TITLE_WORDS`` as one pattern a title: a key within three edits of the title's (``_near``) holds one of its
pieces whole. The Party title's key begins with ``d`` (``_near`` asks the first
letter) and its piece starts within 18 letters of it."""


def _wrap_tail(title: str) -> str:
    """After a title key's first four letters, how a line's key goes on to its end (table bars may follow) when its
    last segment may open that title wrapped onto the next line (``_titles_across_lines``): with the rest of the
    segment's key, 30 letters at most (it and the next line's first piece are a title's key within three edits),
    that is the head of the title's key or begins with its first eight letters."""
    nested = ""
    for ch in reversed(title[4:8]):
        nested = f"(?:{ch}{nested})?"
    return f"(?:{nested}|{title[4:8]}[^\\n]{{0,22}})\\|*$"


@lru_cache(maxsize=1)
def _wrap_end() -> re.Pattern[str]:
    """A line's key whose last segment may open a title wrapped onto the next line (see ``_wrap_tail``)."""
    return patterns.compile(trie_alternation((*t[:4], _wrap_tail(t)) for t in _TITLE_KEYS))


@lru_cache(maxsize=32)
def _pending(national: bool, motto: bool, party: bool, urgency: bool, secrecy: bool) -> re.Pattern[str]:
    """One pattern for what a line's key must hold to give the header the fields still missing."""
    alts = [p for p, missing in zip(_TITLE_PARTS, (national, motto, party), strict=True) if missing]
    alts += [*_URGENCY] if urgency else []
    alts += [*_SECRECY] if secrecy else []
    return patterns.compile("|".join(alts) or "(?!)")


@lru_cache(maxsize=32)
def _sought(national: bool, motto: bool, party: bool, urgency: bool, secrecy: bool) -> re.Pattern[str]:
    """The lines whose keys ``_may_hold`` can pass, and a few more, in keys joined by line ends: their pieces' letters
    and the heads of wrapped titles, as one trie led by letters (searched by its first letter)."""
    words = [w for ws, missing in zip(_TITLE_WORDS, (national, motto, party), strict=True) if missing for w in ws]
    words += [*_URGENCY] if urgency else []
    words += [*_SECRECY] if secrecy else []
    branches = [tuple(w) for w in words] + [(*t[:4], _wrap_tail(t)) for t in _TITLE_KEYS]
    return patterns.compile(trie_alternation(branches), re.MULTILINE)


def _missing(h: Header) -> tuple[bool, bool, bool, bool, bool]:
    """Which of the national title, motto, Party title, urgency and secrecy ``h`` has not found yet."""
    return (h.national_title is None, h.motto is None, h.party_title is None, h.urgency is None,
            h.secrecy is None)


def _may_hold(h: Header, k: str) -> bool:
    """Whether a segment of the line keyed ``k`` (``_Content.key``) can still give ``h`` a title, its urgency or
    secrecy, or open a title wrapped onto the next line: a segment's key is a piece of its line's, so what each
    needs is looked for there (and the line's segments, which cost a split, are not made for the many lines
    that cannot). The Party title's pieces are common words (``đang``, ``Việt Nam``): a line holding one is read
    only when a stretch of its key can be within three edits of the title's (``_may_be_party``)."""
    if _wrap_end().search(k) is not None:
        return True
    national, motto, party, urgency, secrecy = _missing(h)
    if _pending(national, motto, False, urgency, secrecy).search(k) is not None:
        return True
    return party and _pending(False, False, True, False, False).search(k) is not None and _may_be_party(k)


_PARTY_GRAMS = patterns.compile("(?=(" + "|".join(PARTY_TITLE_KEY[i:i + 3] for i in range(0, len(PARTY_TITLE_KEY), 3)) + "))")
"""The Party title's key cut in six pieces of three letters, found where each stands (overlapping)."""


def _may_be_party(k: str) -> bool:
    """Whether the key ``k`` holds a stretch that can be a segment's key within three edits of the Party title's (as
    ``_near`` asks): it begins with ``d`` and is at most three letters longer than the title's, and three edits
    leave three of its six pieces of three letters whole in it (an edit spoils one piece at most)."""
    grams = [(m.start(), m.group(1)) for m in _PARTY_GRAMS.finditer(k)]
    if len({g for _, g in grams}) < 3:
        return False
    reach = len(PARTY_TITLE_KEY) + 3 - 3  # the last place a piece can begin in such a stretch, from its ``d``
    d = k.find("d")
    while d >= 0:
        if len({g for q, g in grams if d <= q <= d + reach}) >= 3:
            return True
        d = k.find("d", d + 1)
    return False


def _dispatch_number(h: Header) -> None:
    """Read ``5348/CT-CS`` as a công văn's issuer and unit when no type name is printed over a ``V/v`` subject."""
    n = h.number
    if n is None or n.form != "named" or n.system != "state" or h.type_segment is not None or not h.dispatch_subject:
        return
    cat = catalogue()
    first = strip_marks(n.type_code or "").upper()
    name = unit_text(h.issuer_units[-1]) if h.issuer_units else ""
    initials = "".join(w[0] for w in strip_marks(name).upper().split() if w[0].isalpha())
    if not (first == initials or cat.issuer(n.type_code or "") is not None) or \
            any(cat.issuer(c) is not None for c in n.issuer_codes[:1]):
        return  # "15/UQ-SCT" of the Sở Công Thương: a type code and the issuer's code
    try:
        again = parse_number(n.raw, dispatch=True)
    except NumberSyntaxError:
        return
    h.number = again.model_copy(update={"span": n.span, "label": n.label})


_PASSED = patterns.compile(r"thông\s+qua\s+ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})")


def _passing_date(h: Header, text: str) -> None:
    """A law (luật, nghị quyết of the National Assembly) is dated by the day it was passed."""
    last = None
    for found in _PASSED.finditer(text):
        last = found
    if last is not None:
        h.date = make_date(last.group(1), last.group(2), last.group(3))


def _near(key: str, target: str) -> bool:
    if key == target:
        return True
    if abs(len(key) - len(target)) > 3 or not key or key[0] != target[0]:
        return False
    return _few_edits(key, target)


@lru_cache(maxsize=1024)
def _few_edits(key: str, target: str) -> bool:
    """At most 3 edits apart (remembered: a corpus repeats its headings' misprints)."""
    return within_edits(key, target, 3)


_VBHN = patterns.compile("V[Bb][Hh][Nn]")
"""The type code of a consolidated text's own number as it can be printed: ``CODE`` opens with a capital, and the
catalogue reads the code in any case (``canonical_type_code``). A text without it has no such number."""
_NUMBER_REACH = 6
"""How many lines from a consolidation heading its number is looked for (before or after it)."""
_HEADING_HEAD = patterns.compile(r"[Xx][ÁAáa][Cc]\s")
"""How a consolidation heading (``_CONSOLIDATION``) begins: searched in the few lines where one can give a number."""


def _lines_up(text: str, a: int, n: int) -> int:
    """Start of the line ``n`` lines above the line starting at ``a`` (or of the first line)."""
    for _ in range(n):
        if a == 0:
            break
        a = text.rfind("\n", 0, a - 1) + 1
    return a


def _run_on_top(text: str, a: int) -> int:
    """Start of the highest line from which a number's text can run on down to the line starting at ``a``
    (``number_at`` joins the next line when a line ends in its label, ``-`` or ``/``): each line above it holds
    one of those, or the walk stops."""
    while a > 0:
        b = text.rfind("\n", 0, a - 1) + 1
        if text.find("-", b, a - 1) < 0 and text.find("/", b, a - 1) < 0 and \
                _LABEL_LETTERS.search(text, b, a - 1) is None:
            break
        a = b
    return a


def _consolidation_headings(text: str) -> list[re.Match[str]]:
    """The consolidation headings (``_CONSOLIDATION``) that can have a consolidated text's number within
    ``_NUMBER_REACH`` lines, in order: only where the text prints ``VBHN`` are they looked for, from
    ``_NUMBER_REACH`` lines above the line the number can start on to as many below the code."""
    starts: set[int] = set()
    for v in _VBHN.finditer(text):
        line = text.rfind("\n", 0, v.start()) + 1
        a = _lines_up(text, _run_on_top(text, line), _NUMBER_REACH)
        b = v.start()
        for _ in range(_NUMBER_REACH + 1):  # the start of the line ``_NUMBER_REACH`` + 1 below the code's
            b = text.find("\n", b) + 1
            if b == 0:
                b = len(text)
                break
        starts.update(m.start() for m in _HEADING_HEAD.finditer(text, a, min(len(text), b + 3)) if m.start() < b)
    return [m for p in sorted(starts) if (m := _CONSOLIDATION.match(text, p)) is not None]


def _consolidation_number(text: str, lines: Sequence[Line]) -> tuple[DocumentNumber, int] | None:
    for m in _consolidation_headings(text):
        # the VBHN number sits within a few lines of the heading, before or after it
        line_idx = line_of(lines, m.start())
        for j in range(max(0, line_idx - _NUMBER_REACH), min(len(lines), line_idx + _NUMBER_REACH + 1)):
            if not _LABEL_LETTERS.search(lines[j].text):
                continue  # no segment opens with a number's label
            for seg in lines[j].segments:
                found = number_at(lines, j, seg)
                if found and found[0].type_code == "VBHN":
                    return found[0], j
    return None


def _dateline(h: Header, ln: Line) -> bool:
    """Read the place and date line from ``ln`` (its segments re-joined) into ``h``."""
    segs = ln.segments
    for k, seg in enumerate(segs):
        rest = " ".join(x.text for x in segs[k:])
        m = DATELINE_RE.match(rest)
        if not m or not (m.group("y") or m.group("y2")):
            continue
        if m.group("y2"):
            h.date = make_date(m.group("d2"), m.group("m2"), m.group("y2"))
        else:
            place = (m.group("place") or m.group("place2") or "").strip() or None
            if place is None and rest[m.end():].strip(" .,;"):
                continue  # "Ngày 01 tháng 12 năm 2025, Cục ..." opens a sentence, it is no date line
            h.place = place
            h.date = make_date(m.group("d"), m.group("m"), m.group("y"))
        # map the end of the match in the re-joined string back to the document
        end, pos = seg.start, 0
        for x in segs[k:]:
            if m.end() <= pos + len(x.text):
                end = x.start + (m.end() - pos)
                break
            pos += len(x.text) + 1
            end = x.end
        h.date_segment = Segment(m.group(0).strip(), seg.start, end, seg.x, seg.line)
        return True
    return False


_TITLE_HEADS = ("conghoa", "dangcong", "doclap")
_TITLE_KEYS = (NATIONAL_TITLE_KEY, PARTY_TITLE_KEY, MOTTO_KEY)
_DATE_CUT = patterns.compile(r"(?:[Nn]g[àảáạãa]y|tháng)\s*\d{0,2}\s*$")
_CUT_AT_END = patterns.compile(f"(?:{_DAY_HEAD}{_DAY_TAIL}|tháng)" + r"\s*\d{0,2}[\s|]*$")
"""``_DATE_CUT`` at the end of a line (its last segment is the line's end but for gaps): only such a line is
split into segments to be joined with the next (``_wrapped_dateline``)."""
_YEAR = patterns.compile(r"\d{4}")
"""What a date line (``DATELINE_RE``) holds within one segment: a line without it is not split to be read."""
_MONTH = patterns.compile(MONTH_WORD)
"""A line without the word ``tháng`` reads no date line (``DATELINE_RE``)."""


def _titles_across_lines(lines: Sequence[Line], ln: Line) -> list[Segment]:
    """The segments of ``ln``, a title wrapped onto the next line (``CỘNG HÒA XÃ HỘI`` / ``CHỦ NGHĨA VIỆT NAM``)
    given back as one segment over both lines; the next line's piece is then left out of the header."""
    segs = ln.segments
    if not segs:
        return segs
    last = segs[-1]
    k = _key(last)
    if len(k) < 4 or not any(t.startswith(k) or k.startswith(t[:8]) for t in _TITLE_KEYS) or \
            any(_near(k, t) for t in _TITLE_KEYS):
        return segs  # "CỘNG" / "HÒA XÃ HỘI ...", "CỘNG HÒA XÃ HỘI" / "CHỦ NGHĨA VIỆT NAM"
    # only a line ending in the head of a title has the next line made and split
    nxt = lines[ln.index + 1] if ln.index + 1 < len(lines) else None
    if nxt is None or not nxt.segments or nxt.kind:
        return segs
    follow = nxt.segments[0]
    if not any(_near(k + _key(follow), t) for t in _TITLE_KEYS):
        return segs
    nxt.set_segments(nxt.segments[1:])
    return [*segs[:-1], Segment(f"{last.text} {follow.text}", last.start, follow.end, last.x, last.line)]


def _wrapped_dateline(lines: Sequence[Line], ln: Line) -> Line | None:
    """``Hà Nội, ngày 20`` / ``tháng 11 năm 2025``: the two lines as one (same offsets), or ``None``."""
    if not ln.segments or ln.index + 1 >= len(lines) or not _DATE_CUT.search(ln.segments[-1].text):
        return None
    nxt = lines[ln.index + 1]
    if nxt.kind or not nxt.segments:
        return None
    joined = Line(ln.index, ln.start, nxt.end, (ln.text + " " + nxt.text))
    joined.set_segments([*ln.segments, *nxt.segments])
    return joined


def _consolidation_date(h: Header, lines: Sequence[Line]) -> None:
    assert h.number_line is not None
    for j in range(max(0, h.number_line - 4), min(len(lines), h.number_line + 10)):
        if _YEAR.search(lines[j].text) and _dateline(h, lines[j]):
            return




def _is_issuer_candidate(seg: Segment, h: Header) -> bool:
    if any(t is not None and t.start <= seg.start < t.end for t in (h.national_title, h.motto, h.party_title)):
        return False
    return _issuer_text(seg.text)


@remembered
def _issuer_text(t: str) -> bool:
    """Can a segment printing ``t`` be a line of the issuer's name (by its text alone)? Remembered per text."""
    if not is_upper_text(t) or RULE_LINE.match(t) or len(t) > 90 or t.endswith((";", ":")) or (
            t.endswith(",") and len(t.split()) < 2):  # "CỤC ĐỔI MỚI SÁNG TẠO," goes on; "CP," is a citation's tail
        return False
    if (sum(ch.isalpha() for ch in t) < 3 and not catalogue().organ_head(t)) or (
            any(ch.isdigit() for ch in t) and not t.startswith("SỐ ")):
        return False  # "CP;", "132/2025/QH15;": the tail of a wrapped citation, not a name
    k = _ascii_key(t)
    if any(k.startswith(g) for g in _GAZETTE_HEADINGS) or k in _URGENCY or k in _SECRECY or _CONSOLIDATION.match(t):
        return False
    if catalogue().type_by_heading(t) is not None:
        return False
    return not LABEL_LINE_RE.match(t) or t[:2] == "SỐ"


def _issuer_units(lines: Sequence[Line], content: Iterable[Line], stop: int, h: Header) -> list[list[Segment]]:
    groups: list[list[Segment]] = []
    current: list[Segment] = []
    prev_index = -2
    for ln in content:
        if ln.index >= stop:
            break
        cands = [s for s in ln.segments if _is_issuer_candidate(s, h)]
        # a blank or rule line between two lines closes a block
        gap = any(lines[j].kind == "blank" or RULE_LINE.match(lines[j].text) for j in range(prev_index + 1, ln.index))
        if gap and current:
            groups.append(current)
            current = []
        if ln.segments and RULE_LINE.match(ln.segments[0].text) and current:
            # a rule under the left column closes the block; one under the title (right column) does not
            groups.append(current)
            current = []
        # keep only the left column when a line holds two upper-case pieces
        if cands:
            current.append(cands[0])
            h.used.add(ln.index)
        prev_index = ln.index
    if current:
        groups.append(current)
    groups = [g for g in groups if g]
    if not groups:
        return []
    block = groups[-1]
    units: list[list[Segment]] = []
    cat = catalogue()
    for j, seg in enumerate(block):
        # a line opens a new body only with an organ word (BỘ, SỞ, ỦY BAN, TỈNH ỦY, ...); "TỈNH LÀO CAI",
        # "VÀ XÃ HỘI", "BINH VÀ XÃ HỘI", "THEO QUYẾT ĐỊNH" continue the name above. A narrow cell may cut
        # the organ words themselves ("HUYỆN" / "ỦY THANH CHƯƠNG", "ỦY" / "BAN NHÂN DÂN").
        # One word alone on a line opens nothing by itself ("SỞ TÀI NGUYÊN VÀ MÔI" / "TRƯỜNG"): it ends the
        # name above unless it heads an organ's name with the next line.
        lone = len(seg.text.split()) == 1
        opens = (cat.organ_start(seg.text) and not lone) or (
            cat.organ_head(seg.text) and j + 1 < len(block) and cat.organ_start(f"{seg.text} {block[j + 1].text}"))
        if units and (not opens or not cat.organ_start(unit_text(units[-1])) or units[-1][-1].text.rstrip().endswith(("-", "–", ",", " VÀ"))):
            units[-1].append(seg)
        else:
            units.append([seg])
    return units


def unit_text(unit: list[Segment]) -> str:
    """The name printed by a block of header segments, joined on one line."""
    return " ".join(" ".join(s.text.split()) for s in unit).replace(" - ", " - ").strip(" -")


def _type_and_subject(lines: Sequence[Line], h: Header, after: int, limit: int, stamp_lines: set[int]) -> None:
    catalog = catalogue()
    start = after + 1 if after >= 0 else 0
    # công văn subject: "V/v ..." near the number (left column), possibly over several lines
    if h.number_line is not None and not h.consolidated:
        for j in range(h.number_line, min(len(lines), h.number_line + 6)):
            ln = lines[j]
            for si, seg in enumerate(ln.segments):
                named = h.number is not None and h.number.type_code not in (None, "CV")
                if _SUBJECT_VV.match(seg.text) and (seg.text[:2] in ("V/", "v/", "V.") or
                                                    (seg.text[:2] in ("Về", "về") and not named)):
                    _dispatch_subject(lines, h, j, si)
                    break
            if h.subject:
                break
    type_line = None
    for ln in lines[start:min(limit, start + 40)]:
        if ln.kind or ln.index in stamp_lines or not ln.segments:
            continue  # a line without segments was read into the title above it (``Độc lập`` / ``Tự do - Hạnh phúc``)
        seg = ln.segments[0]
        if len(ln.segments) == 1 and is_upper_text(seg.text):
            entry = catalog.type_by_heading(_without_marker(seg.text).strip(" :"))
            if entry is not None:
                h.type_segment = seg
                h.type_name = entry.name
                type_line = ln.index
                h.used.add(ln.index)
                break
        if h.subject is None and _BODY_START.match(seg.text) and ln.index > (h.number_line or 0) + 2:
            break
    body_from = start
    if type_line is not None:
        body_from = type_line + 1
        body_from = _collective_line(lines, h, body_from, stamp_lines)
        if not h.subject:
            body_from = _named_subject(lines, h, body_from, stamp_lines)
    elif h.subject and h.subject_span:
        body_from = line_of(lines, h.subject_span.end) + 1
    # Kính gửi (addressees) right after the subject
    body_from = _addressees(lines, h, body_from)
    h.end = body_from


_OF_COLLECTIVE = patterns.compile(r"^(?P<pre>(?:\S+\s+){0,3}?)CỦA\s+(?P<organ>\S.*)$")


def _collective_line(lines: Sequence[Line], h: Header, first: int, stamp_lines: set[int]) -> int:
    """Take ``CỦA BỘ CHÍNH TRỊ`` (or ``KẾT LUẬN CỦA BAN BÍ THƯ``) under a Party type heading as part of it.

    The line names the collective that adopted the text; the trích yếu is the ``về ...`` line(s) after it.
    Returns the line where the subject starts.
    """
    i = first
    while i < len(lines) and (lines[i].kind == "blank" or i in stamp_lines):
        i += 1
    if i >= len(lines) or lines[i].kind or len(lines[i].segments) != 1 or h.type_segment is None:
        return first
    seg = lines[i].segments[0]
    m = _OF_COLLECTIVE.match(seg.text)
    if not m or not is_upper_text(seg.text) or not catalogue().organ_start(m.group("organ")):
        return first
    pre = m.group("pre").strip()
    if pre and catalogue().type_by_heading(pre) is None:
        return first  # "LÀM VIỆC CỦA BAN ...": the subject itself
    nxt = i + 1
    while nxt < len(lines) and lines[nxt].kind == "blank":
        nxt += 1
    if nxt >= len(lines) or not lines[nxt].stripped or RULE_LINE.match(lines[nxt].stripped) or \
            _BODY_START.match(lines[nxt].stripped):
        return first  # nothing follows: the line is the subject
    t = h.type_segment
    h.type_segment = Segment(f"{t.text} {seg.text}", t.start, seg.end, t.x, t.line)
    h.used.add(i)
    return i + 1


def _dispatch_subject(lines: Sequence[Line], h: Header, j: int, si: int) -> None:
    seg = lines[j].segments[si]
    x = seg.x
    pieces = [_SUBJECT_VV.sub("", seg.text, count=1)]
    start, end = seg.start, seg.end
    h.subject_parts.append((seg.start, seg.end))
    k = j + 1
    while k < len(lines) and k < j + 8:
        ln = lines[k]
        if ln.kind == "blank" or not ln.segments:
            break
        nxt = ln.segments[0]
        if abs(nxt.x - x) > 12 and len(ln.segments) == 1 and nxt.x > x + 12:
            break
        key = _ascii_key(nxt.text)
        if _BLANK_DATELINE.search(ln.stripped):
            h.used.add(k)  # the place and date line of an unfilled form
            break
        if (DATELINE_RE.match(nxt.text) or _near(key, MOTTO_KEY)
                or nxt.text.startswith("Kính gửi") or key in _URGENCY or key in _SECRECY):
            break
        if _ascii_key(nxt.text).startswith(_TITLE_HEADS):
            break
        pieces.append(nxt.text)
        end = nxt.end
        h.subject_parts.append((nxt.start, nxt.end))
        h.used.add(k)
        k += 1
    h.subject = " ".join(" ".join(p.split()) for p in pieces if p).strip() or None
    h.subject_span = Span(start=start, end=end)
    h.dispatch_subject = True
    h.used.add(j)


def _named_subject(lines: Sequence[Line], h: Header, first: int, stamp_lines: set[int]) -> int:
    pieces: list[str] = []
    taken: list[int] = []
    start = end = None
    mixed = False
    i = first
    n = len(lines)
    while i < n and i < first + 30:
        ln = lines[i]
        if ln.index in stamp_lines or ln.kind in ("furniture", "esign"):
            i += 1
            continue
        if ln.kind == "blank":
            if pieces:
                break
            i += 1
            continue
        s = ln.stripped
        if RULE_LINE.match(s):
            if pieces:
                i += 1
                break
            i += 1
            continue
        if pieces and (_BODY_START.match(s) or (mixed and is_upper_text(s)) or len(pieces) >= 12):
            break
        if pieces and _opens_paragraph(lines, i, first):
            break
        if pieces and is_upper_text(s) and _enacting(s, h):
            break  # "GIÁM ĐỐC SỞ CÔNG THƯƠNG" over the căn cứ: who decides, not the subject
        if not pieces and _FIRST_BODY.match(s):
            break
        pieces.append(" ".join(s.split()))
        mixed = mixed or not is_upper_text(s)
        lead = ln.start + (len(ln.text) - len(ln.text.lstrip()))
        if start is None:
            start = lead
        end = ln.start + len(ln.text.rstrip())
        h.subject_parts.append((lead, end))
        taken.append(i)
        i += 1
    if pieces and start is not None and end is not None:
        if pieces[-1].rstrip().endswith((".", ";", ":")) and not pieces[-1].rstrip().endswith("..."):
            # a trích yếu never ends like a sentence: this is the first paragraph of the body
            h.subject_parts = [p for p in h.subject_parts if p[0] < start]
            return first
        h.used.update(taken)
        h.subject = " ".join(pieces)
        h.subject_span = Span(start=start, end=end)
    return i


_PARAGRAPH_INDENT = 2
"""Spaces before a line that a layout text (a PDF's or a scan's) prints as the indented first line of a paragraph."""


def _opens_paragraph(lines: Sequence[Line], i: int, first: int) -> bool:
    """True when line ``i`` of a layout text is the first line of a justified paragraph: indented, as wide
    as the widest line near it, and followed by a line that starts at the margin. A centred trích yếu is
    never followed so when a PDF prints no blank line between it and the body."""
    if i + 1 >= len(lines):
        return False
    text, below = lines[i].text, lines[i + 1].text
    indent = len(text) - len(text.lstrip(" "))
    if indent < _PARAGRAPH_INDENT or not below[:1].strip():
        return False
    width = max(len(lines[j].text.rstrip()) for j in range(first, min(len(lines), first + 30)))
    return len(text.rstrip()) >= 0.9 * width


def _enacting(s: str, h: Header) -> bool:
    """True when an upper-case line names who enacts the text: an official title or the issuer itself."""
    if catalogue().position_start(s):
        return True
    key = ascii_key(s)
    return any(key.startswith(ascii_key(unit_text(u))) for u in h.issuer_units[-1:])


def _addressees(lines: Sequence[Line], h: Header, first: int) -> int:
    i = first
    while i < len(lines) and (lines[i].kind in ("blank", "furniture") or i in h.used):
        i += 1
    if i >= len(lines) or not lines[i].segments:
        return first
    seg = lines[i].segments[0]
    whole = " ".join(x.text for x in lines[i].segments)
    m = re.match(r"^Kính\s+gửi\s*:?\s*", whole)
    if not m:
        return first
    items: list[str] = []
    rest = whole[m.end():].strip()
    start = seg.start
    end = lines[i].segments[-1].end
    if rest:
        items.append(rest)
    j = i + 1
    while j < len(lines) and j < i + 30:
        ln = lines[j]
        if ln.kind == "blank":
            if items:
                break
            j += 1
            continue
        if ln.kind:
            j += 1
            continue
        s = ln.stripped
        if s.startswith(("-", "–", "+", "•")):
            items.append(s.lstrip("-–+• ").strip())
        elif items and not items[-1].endswith((";", ".", ":")) and (s[:1].islower() or s[:1] == "("):
            items[-1] = items[-1] + " " + s  # the name wrapped onto the next line
        else:
            break
        end = ln.end
        j += 1
    h.addressees = [_strip_item(x) for x in items if _strip_item(x)]
    h.addressee_lines = list(range(i, j))
    h.addressee_span = Span(start=start, end=end)
    return j


def _strip_item(s: str) -> str:
    s = " ".join(s.split()).lstrip("-–+• ")
    return s.rstrip(";,.").strip()

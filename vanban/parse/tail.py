"""The foot of a document: the signature block (chữ ký) and the recipients (nơi nhận).

In a two-column foot (``Nơi nhận:`` left, ``KT. GIÁM ĐỐC`` right) the columns are told apart
by the x position of each segment; in a flattened text they simply follow each other.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice

from vanban import patterns
from vanban.catalogue import catalogue
from vanban.models import Signature, Span
from vanban.normalize import is_upper_text, strip_marks
from vanban.parse.alternation import trie_alternation
from vanban.parse.layout import RULE_LINE, Line, Lines, Segment, line_of
from vanban.parse.memo import remembered
from vanban.parse.merged import TITLE_ENDS
from vanban.parse.search import Openings, lines_with

_AUTHORITY = patterns.compile(rf"^(?P<p>{catalogue().authority_re.pattern})\s*(?P<rest>[A-ZĐÀ-Ỹ].*)$")
_RECIPIENTS = patterns.compile(r"^(?:Nơi\s+nhận|NƠI\s+NHẬN)\s*:?\s*(?P<rest>.*)$")
_RECIPIENTS_HEAD = patterns.compile("(?<![^\\S\\n])[^\\S\\n]*[Nn][ơƠ][iI]")  # tried once per run of spaces
"""How a line opening the recipients starts: ``Nơi nhận:``, or ``Nơi`` alone (``nhận:`` wrapped below)."""
_RECIPIENTS_LINE = patterns.compile("\n[^\\S\\n]*+[Nn][ơƠ][iI]")
"""A line end and ``_RECIPIENTS_HEAD`` after it, where its look-behind holds: its spaces taken whole (searched faster)."""
_ITEM = patterns.compile(r"^[-–+•]\s*")
_UPPER = "[" + "".join(chr(c) for c in range(0x41, 0x1F00) if chr(c).isupper()) + "]"
_CAPS = patterns.compile(_UPPER + _UPPER)  # two classes, not {2}: a pattern led by a class is searched fast
_ARTIFACT = patterns.compile(r"\[[^\]\n]{0,12}\]|[a-z]?[\[\]{}]+")  # text-layer debris where a signature image sits ("y]")
_NAME_WORD = patterns.compile(r"^[A-ZĐÀ-Ỹ][a-zđà-ỹ]*$")
_DEBRIS = patterns.compile(r"[\[\]{}]")
"""What every piece of debris (``_ARTIFACT``) holds: a text without it has none to cut out."""


_TITLE_MOST = 80
"""The longest line of a signature block's titles (an authority or an official title, in capitals)."""
_upper = remembered(is_upper_text, longest=_TITLE_MOST)
"""``is_upper_text``, remembered for a text as long as a block's title: a foot's segments are read by the signature
search, then again by each reading of its zone, and a corpus repeats its titles. A longer text (prose, mostly, which
fails at its first small letter) is not remembered: the foot's search reads every line holding the hint, which may be
thousands of long lines, and their texts would stay in memory after the parse."""


def _without_debris(s: str) -> str:
    """``s`` with the debris ``_ARTIFACT`` finds cut out (``s`` itself when it has none)."""
    return _ARTIFACT.sub("", s) if _DEBRIS.search(s) else s


def _block_hint(*, brackets: bool) -> re.Pattern[str]:
    """What a line holding a signature block's first line must hold somewhere: a bracket (debris cut out
    before reading) or, in capitals, an authority prefix as printed or the first word of an official
    title with its marks slipped (as ``catalogue().position_start`` reads it) and no letter after it, either
    where a segment can open: after no letter, or after the last letter of a title (``NAM``, ``PHÚC``) a
    merged line is cut at. So the foot is looked for with one pattern over the body instead of a look at
    every line in capitals, and a word in capitals holding a title's first letters (``QUY``, ``CHỨC``) is
    passed over.

    Without ``brackets``, the same but its brackets (``_BLOCK_LEAD``, the brackets found apart), searched faster: led
    by two classes, the first letter and the next one, whose lookbehind looks at the first again as the hint does (the
    parse compiles only this one)."""
    cat = catalogue()
    # the letters that are not lower-case and read as one ASCII letter without their marks (``Ộ`` -> o)
    like: dict[str, list[str]] = {}
    cut: list[str] = []  # the letters a title ends with, in either case, as a merged line's pieces are cut after them
    for cp in (*range(0x41, 0x5B), *range(0x61, 0x7B), *range(0xC0, 0x250), *range(0x1E00, 0x1F00), 0x212A, 0x212B):
        ch = chr(cp)
        k = strip_marks(ch).lower()
        if not ch.islower() and len(k) == 1 and "a" <= k <= "z":
            like.setdefault(k, []).append(re.escape(ch))
        if unicodedata.normalize("NFD", ch)[0].upper() in TITLE_ENDS:
            cut.append(re.escape(ch))
    marks = "[\u0300-\u036f]*"
    words = {" ".join(strip_marks(p).lower().split()).split()[0] for p in cat.positions}
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for w in sorted(words):
        by_first.setdefault(w[0], []).append((*(f"[{''.join(like[x])}]{marks}" for x in w[1:]), "(?![^\\W\\d_])"))
    # the words after one first letter as a trie: they share their letters' classes (each costs its compile)
    branches = [f"(?<=[{''.join(like[x])}]){marks}{trie_alternation(rest)}" for x, rest in by_first.items()]
    spellings = sorted({a for a in (x for au in cat.authorities for x in (au.prefix, *au.variants))})
    spellings = [a for a in spellings if not any(b != a and a.startswith(b) for b in spellings)]
    branches += [f"(?<={re.escape(a[0])}){re.escape(a[1:])}" for a in spellings]
    firsts = {c for x in by_first for c in like[x]} | {re.escape(a[0]) for a in spellings}
    seconds = {c for w in words for c in like[w[1]]} | {re.escape(a[1]) for a in spellings}
    # led by one class: the pattern is searched by its first character; a second one in capitals (or a mark)
    # and what stands before the first are asked before each branch looks behind at it
    first, second = f"[{''.join(sorted(firsts))}", f"[{''.join(sorted(seconds))}\u0300-\u036f]"
    letters = f"(?:(?<![^\\W\\d_].)|(?<=[{''.join(cut)}].))(?:{'|'.join(branches)})"  # read from the second letter
    if brackets:
        return patterns.compile(f"{first}\\[\\]{{}}](?:(?<=[\\[\\]{{}}])|(?={second}){letters})")
    # without brackets: two classes consumed (a class after another fails at once, where a branch would try each of
    # its ways), then the letters read from the second as above (a lookbehind of one)
    return patterns.compile(f"{first}]{second}(?<=(?={letters}).)")


_BLOCK_LEAD = _block_hint(brackets=False)
_DEBRIS_CHARS = "[]{}"
"""The brackets the hint finds anywhere (``_block_hint``): looked for by ``str.find`` beside ``_BLOCK_LEAD``."""


@dataclass
class Tail:
    """Signature blocks and recipients found at the foot of a document."""

    signatures: list[Signature] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    recipients_span: Span | None = None
    start: int | None = None  # first line of the foot
    end: int | None = None  # line after the last signature / recipient line
    used: set[int] = field(default_factory=set)


@remembered
def _position_start(s: str) -> bool:
    """Does ``s`` begin with an official title (``catalogue().position_start``)? Remembered: a block's title lines
    are read again with each of their words' tails (``_split_position``), and a corpus repeats its titles."""
    return catalogue().position_start(s)


@remembered
def _is_name(s: str) -> tuple[str, str | None] | None:
    """(name, honorific) when ``s`` is a person's name such as ``Nguyễn Thiện Cẩm`` (remembered: a foot's
    lines are read more than once, and a corpus repeats its signers)."""
    t = " ".join(s.split())
    honorific = None
    hm = catalogue().honorific_re.match(t)
    if hm:
        honorific = hm.group(0).strip()
        t = t[hm.end():]
    words = t.split()
    if not 2 <= len(words) <= 6 or len(t) > 45:
        return None
    if not all(_NAME_WORD.match(w) for w in words):
        return None
    return t, honorific


def _rows(lines: Sequence[Line], first: int, last: int) -> list[list[Segment]]:
    """The segments of each line of ``[first, last)`` not given a kind, in order (the foot's lines, walked once). On
    :class:`Lines` a line's kind is read from the kinds given and the lines' stripped lengths: a blank or marked line
    (two lines in five of a foot's, on the gazette texts) is not made."""
    if not isinstance(lines, Lines) or (rows := lines.rows()) is None:
        return [ln.segments for ln in lines[first:last] if ln.kind == ""]
    kinds, lengths = lines.given_kinds(), rows.lengths
    return [lines[i].segments for i in range(first, last)
            if (kinds[i] == "" if i in kinds else lengths[i] > 0)]


def _split_of(rows: list[list[Segment]]) -> int | None:
    """The x position dividing two columns in the lines whose segments are ``rows`` (two columns where a line holds
    two segments), or ``None`` for one column."""
    xs = [segs[1].x for segs in rows if len(segs) >= 2]
    return max(1, min(xs) - 2) if xs else None


def _streams(rows: list[list[Segment]], split: int | None) -> tuple[list[Segment], list[Segment]]:
    """The segments of ``rows`` left and right of ``split`` (``_split_of``'s)."""
    if split is None:
        return [s for segs in rows for s in segs], []
    left: list[Segment] = []
    right: list[Segment] = []
    for segs in rows:
        for seg in segs:
            if seg.x >= split:
                right.append(seg)
            else:
                left.append(seg)
    return left, right


_BLOCK_READ = 8
"""How many segments from its first a signature block is read over (and the one after the last, a name's wrapped end)."""

Blocks = dict[tuple[tuple[str, int, int, int], ...], tuple[Signature, int] | None]
"""The signature blocks read in one foot (``_block_at``), by the segments read."""


def _block_at(stream: list[Segment], i: int, read: Blocks) -> tuple[Signature, int] | None:
    """``_signature_from(stream, i)``, remembered in ``read`` by the segments it reads (``_BLOCK_READ`` and one): the
    search for the foot reads its block, then the foot's zone reads it again."""
    key = tuple((s.text, s.start, s.end, s.line) for s in stream[i:i + _BLOCK_READ + 1])
    if key in read:
        hit = read[key]
        return (hit[0], i + hit[1]) if hit is not None else None
    found = _signature_from(stream, i)
    read[key] = (found[0], found[1] - i) if found is not None else None
    return found


def _signature_from(stream: list[Segment], i: int) -> tuple[Signature, int] | None:
    """A signature block starting at ``stream[i]``; returns it and the index after it."""
    chain: list[str] = []
    upper: list[str] = []
    j = i
    while j < len(stream) and j < i + _BLOCK_READ:
        s = " ".join(_without_debris(stream[j].text).split())
        if not s or RULE_LINE.match(s) or s.startswith(("(", "[")):
            j += 1
            continue
        named = _is_name(s)
        if (chain or upper) and j + 1 < len(stream) and stream[j + 1].line == stream[j].line + 1:
            # "Vũ" / "Chiến Thắng", "Nguyễn Quỳnh" / "Thiện": a narrow cell wrapped the name
            longer = _is_name(f"{s} {stream[j + 1].text}")
            if longer and (named is None or len(stream[j + 1].text.split()) == 1):
                named, j = longer, j + 1
        if named and (chain or upper):
            name, honorific = named
            authority = title = None
            if chain:
                m = _AUTHORITY.match(chain[-1])
                if m:
                    authority = _norm_prefix(m.group("p"))
                    title = m.group("rest").strip()
            extra, position = _split_position(upper)
            if extra:
                title = " ".join([title, extra]) if title else extra
            start, end = stream[i].start, stream[j].end
            return Signature(authority=authority, authority_title=title, position=position, signer=name,
                             honorific=honorific, chain=tuple(chain), span=Span.of(start, end)), j + 1
        if not _upper(s) or len(s) > _TITLE_MOST:
            return None
        if _AUTHORITY.match(s):
            if upper and chain and not any(_position_start(u) for u in upper):
                # "TM. ỦY BAN NHÂN" / "DÂN" / "KT. CHỦ TỊCH": the collective's name wrapped
                chain[-1] = " ".join([chain[-1], *upper])
                upper = []
            if upper:  # an authority after a position line starts another block
                return None
            chain.append(s)
        else:
            upper.append(s)
        j += 1
    return None


def _split_position(upper: list[str]) -> tuple[str | None, str | None]:
    """Split the upper-case lines under the authority into the rest of its title and the position.

    ``["TÒA ÁN NHÂN DÂN TỐI CAO", "PHÓ CHÁNH ÁN"]`` -> (``TÒA ÁN NHÂN DÂN TỐI CAO``, ``PHÓ CHÁNH ÁN``);
    ``["PHÓ", "TRƯỞNG BAN"]`` (a title broken over two lines) -> (None, ``PHÓ TRƯỞNG BAN``).
    """
    if not upper:
        return None, None
    words = " ".join(upper).split()
    for k in range(len(words)):
        if _position_start(" ".join(words[k:])):
            return (" ".join(words[:k]) or None), " ".join(words[k:])
    return (" ".join(" ".join(upper[:-1]).split()) or None), upper[-1]


def _norm_prefix(p: str) -> str:
    p = p.strip()
    if "/" in p:
        return p.rstrip(".")
    return p if p.endswith(".") else p + "."


def _block_start(s: str) -> bool:
    """Can ``s`` open a signature block (an authority or an official title, in capitals)?"""
    if not _upper(s) and not any(b in s for b in "[]{}"):
        return False  # lower-case letters, and no debris that could hold them
    s = " ".join(_without_debris(s).split())
    return _upper(s) and len(s) <= _TITLE_MOST and (bool(_AUTHORITY.match(s)) or _position_start(s))


_is_block_start = remembered(_block_start, longest=_TITLE_MOST)
"""``_block_start``, remembered for a text as long as a block's title (see ``_upper``)."""


def parse_tail(text: str, lines: Sequence[Line], first: int) -> Tail:
    """Find the recipients list and the signature blocks after line ``first``."""
    t = Tail()
    labels = _Labels(text, lines, first)
    sig_line = None
    read: Blocks = {}
    for i in _hinted_lines(text, lines, first):
        labels.read(i + 15)  # the lines looked at below: a label cut there is joined first
        ln = lines[i]
        if ln.kind == "" and any(_is_block_start(s.text) for s in ln.segments):
            if _any_signature(_segments_of(_rows(lines, i, min(len(lines), i + 16))), read):
                sig_line = i
                break
    # a label more than 40 lines past the signature is dropped below: none is read past the foot's lines (45)
    labels.read(sig_line + 44 if sig_line is not None else None)
    rec_line = labels.line
    if rec_line is not None and sig_line is not None and abs(rec_line - sig_line) > 40:
        rec_line = None  # a "Nơi nhận:" far from the signature belongs to a form in an appendix
    starts = [x for x in (rec_line, sig_line) if x is not None]
    if not starts:
        return t
    t.start = min(starts)
    zone_first = max(first, t.start - 1)
    zone_end = min(len(lines), max(starts) + 45)
    taken: set[int] = set()
    last_used = t.start
    rows = _rows(lines, zone_first, zone_end)
    split = _split_of(rows)
    streams = _streams(rows, split) if rec_line is not None or split is not None else None
    if rec_line is not None and streams is not None:
        last_used = max(last_used, _recipients(t, streams[0], taken))
    combined = _segments_of(rows, taken)
    found = _signatures(combined, read)
    if split is not None and streams is not None:
        # two signatures side by side read better column by column
        left, right = streams
        by_column = _signatures([s for s in right if s.start not in taken], read) + _signatures(
            [s for s in left if s.start not in taken], read)
        if len(by_column) > len(found):
            found = by_column
    for sig, last_line in found:
        if not t.signatures or _close(t, sig):
            t.signatures.append(sig)
            last_used = max(last_used, last_line)
    t.signatures.sort(key=lambda s: s.span.start if s.span else 0)
    for sig in t.signatures:
        if sig.span:
            t.used.update(_lines_between(lines, sig.span.start, sig.span.end))
    t.end = last_used + 1
    return t


class _Labels:
    """The first line from ``first`` on that opens with a ``Nơi nhận`` label, looked for only as far as asked (a
    label cut by a narrow cell, ``Nơi`` / ``nhận:``, is joined on the lines when read: ``_wrapped_label``)."""

    def __init__(self, text: str, lines: Sequence[Line], first: int) -> None:
        self._lines = lines
        self._found = _label_lines(text, lines, first)
        self._done = False
        self.line: int | None = None
        """The label's line, once read (``None`` while not found)."""

    def read(self, last: int | None) -> None:
        """Read the lines opening like a label, up to line ``last`` (to the end when ``None``), until one is one: the
        text is searched no further than that line."""
        if self._done:
            return
        lines = self._lines
        for i in self._found.before(len(lines) if last is None else last + 1):
            if lines[i].kind == "" and (_RECIPIENTS.match(lines[i].stripped) or _wrapped_label(lines, lines[i])):
                self.line = i
                self._done = True
                return


def _label_lines(text: str, lines: Sequence[Line], first: int) -> Openings:
    """The lines from ``first`` on that start as a ``Nơi nhận`` label does (one search, led by the line end), read
    as far as asked."""
    return Openings(_RECIPIENTS_HEAD, text, lines, first, led=_RECIPIENTS_LINE)


def _hinted_lines(text: str, lines: Sequence[Line], first: int) -> Iterator[int]:
    """The lines from ``first`` on that may open a signature block: holding the hint (``_block_hint``: its letters,
    ``_BLOCK_LEAD``, and its brackets, found apart) and two capitals."""
    return lines_with(_BLOCK_LEAD, text, lines, first, keep=lambda a, b: bool(_CAPS.search(text, a, b)),
                      chars=_DEBRIS_CHARS)


def _wrapped_label(lines: Sequence[Line], ln: Line) -> bool:
    """``Nơi`` / ``nhận:`` cut by a narrow cell: the two pieces become one label segment on the first line."""
    if ln.stripped.lower() != "nơi" or ln.index + 1 >= len(lines):
        return False
    nxt = lines[ln.index + 1]
    if nxt.kind or not nxt.segments or not nxt.segments[0].text.lower().startswith("nhận"):
        return False
    a, b = ln.segments[0], nxt.segments[0]
    ln.set_segments([Segment(f"{a.text} {b.text}", a.start, b.end, a.x, a.line)])
    nxt.set_segments(nxt.segments[1:])
    return True


def _segments_of(rows: list[list[Segment]], taken: set[int] | frozenset[int] = frozenset()) -> list[Segment]:
    """The segments of ``rows`` (``_rows``) in order, but those starting at an offset in ``taken``."""
    return [s for segs in rows for s in segs if s.start not in taken]


_BARE_AUTHORITY = patterns.compile(rf"^(?:{catalogue().authority_re.pattern})$")


def _joined(stream: list[Segment]) -> list[Segment]:
    """``KT.`` / ``CHỦ TỊCH``: an authority prefix wrapped away from its title, joined back to it."""
    return list(_joining(stream))


def _joining(stream: list[Segment]) -> Iterator[Segment]:
    """The segments of ``_joined``, one at a time (joined only as far as they are read)."""
    i = 0
    while i < len(stream):
        seg = stream[i]
        nxt_text = stream[i + 1].text if i + 1 < len(stream) else ""
        if nxt_text and _upper(nxt_text) and (_BARE_AUTHORITY.match(seg.text.strip()) or _cut_title(seg.text, nxt_text)):
            nxt = stream[i + 1]
            yield Segment(f"{seg.text.strip()} {nxt.text}", seg.start, nxt.end, seg.x, nxt.line)
            i += 2
            continue
        yield seg
        i += 1


def _cut_title(head: str, rest: str) -> bool:
    """``GIÁM`` / ``ĐỐC``: an official title cut by a narrow cell (the head alone is no title)."""
    return (_upper(head) and len(head.split()) <= 2 and not _position_start(head)
            and not _AUTHORITY.match(head) and _position_start(f"{head.strip()} {rest}"))


def _signatures(stream: list[Segment], read: Blocks) -> list[tuple[Signature, int]]:
    """The signature blocks of ``stream`` in order, each with its last line (blocks read before found in ``read``)."""
    stream = _joined(stream)
    out: list[tuple[Signature, int]] = []
    i = 0
    while i < len(stream):
        if _is_block_start(stream[i].text):
            found = _block_at(stream, i, read)
            if found:
                out.append((found[0], stream[found[1] - 1].line))
                i = found[1]
                continue
        i += 1
    return out


def _any_signature(stream: list[Segment], read: Blocks) -> bool:
    """Whether a signature block starts in ``stream``: its segments joined (``_joined``) only as far as the blocks
    looked at read them, the first block found ending the search."""
    segments = _joining(stream)
    joined: list[Segment] = []
    k = 0
    while True:
        # a block read at ``k`` sees the segments up to ``k + _BLOCK_READ``: as it would in the whole joined stream
        joined += islice(segments, max(0, k + _BLOCK_READ + 1 - len(joined)))
        if k >= len(joined):
            return False
        if _is_block_start(joined[k].text) and _block_at(joined, k, read):
            return True
        k += 1


def _close(t: Tail, sig: Signature) -> bool:
    first = t.signatures[0].span
    return bool(first and sig.span and abs(sig.span.start - first.start) < 4000)


def _lines_between(lines: Sequence[Line], start: int, end: int) -> range:
    return range(line_of(lines, start), line_of(lines, max(start, end - 1)) + 1)


def _recipients(t: Tail, stream: list[Segment], taken: set[int]) -> int:
    """Read the ``Nơi nhận:`` list from the left column; returns the last line it used."""
    items: list[str] = []
    start = end = None
    last_line = t.start or 0
    in_list = False
    beside = False
    prev_line = -1
    for seg in stream:
        s = " ".join(seg.text.split())
        if not in_list:
            m = _RECIPIENTS.match(s)
            if m:
                in_list = True
                start, end, prev_line = seg.start, seg.end, seg.line
                taken.add(seg.start)
                rest = m.group("rest").strip()
                if rest:
                    items.extend(_split_items(rest))
            continue
        if seg.line - prev_line > 3 and items:
            break
        if _ITEM.match(s):
            items.extend(_split_items(s))
        elif _upper(s):
            beside = True
            continue  # a piece of the signature block printed in the same column
        elif beside and _is_name(s):
            continue  # the signer's name under that piece, not the last item wrapped
        elif items and not items[-1].endswith(".") and seg.line - prev_line == 1:
            # a wrapped item continues on the next line; after a blank line or a signature line it ends
            joined = _split_items(items.pop() + " " + s)
            items.extend(joined)
        else:
            break
        beside = False
        taken.add(seg.start)
        end = seg.end
        last_line = prev_line = seg.line
        t.used.add(seg.line)
        if items[-1].lower().startswith("lưu") and s.rstrip().endswith("."):
            break
    t.recipients = [x for x in (_clean_item(i) for i in items) if x]
    if start is not None and end is not None:
        t.recipients_span = Span(start=start, end=end)
    return last_line


def _split_items(s: str) -> list[str]:
    parts = re.split(r"(?:^|[;,.]\s+)[-–+•]\s+", s)
    return [p for p in (x.strip() for x in parts) if p]


def _clean_item(s: str) -> str:
    s = _ITEM.sub("", " ".join(s.split()))
    return s.rstrip(" ;,.").strip()

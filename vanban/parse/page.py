"""A document inside a web page: where the document's own text begins and ends.

A legal portal or government site prints site notices before the document (copyright, "Đang tải
văn bản...", a news-style summary citing the document) and after it (the portal's title line
``Công văn 5348/CT-CS ngày 20/11/2025 ...``, "Văn bản liên quan" lists with dozens of dates, login
and privacy notices, an English translation). That is chrome: a number, date or type read from it
is not the document's.

The document begins at its own header, found from the upper-case Quốc hiệu (``CỘNG HÒA XÃ HỘI CHỦ
NGHĨA VIỆT NAM``) or Party heading (``ĐẢNG CỘNG SẢN VIỆT NAM``): it starts after the last line of
chrome before that title (a prose line, or a site line the chrome catalogue
``vanban/data/web_chrome.json`` names), so the issuer's block and a ``Số:`` printed above the title stay
in. It ends before the first chrome line after the header: the portal's title line (a type name
followed by the document's own ``Số:`` number, without ``số``), a catalogued site line, or an English
national title followed by the same number (the portal's translation). Everything in between,
signature, recipients and appendices included, is the document. A page whose title stands after a
body (``Điều 1.``, ``Căn cứ``: a form or a quotation in an appendix) is taken whole.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources

from vanban import patterns
from vanban.catalogue import catalogue
from vanban.dates import DATELINE_RE
from vanban.normalize import ascii_key, fold, is_upper_text, strip_marks
from vanban.parse.alternation import trie_alternation

_TITLE = patterns.compile(r"(?:^[ \t]*|(?<=[ \t]{2})|(?<=\|)[ \t]*)(?:CỘNG\s+H(?:ÒA|OÀ)\s+XÃ\s+HỘI\s+CHỦ\s+NGHĨA\s+VIỆT\s+NAM"
                    r"|ĐẢNG\s+CỘNG\s+SẢN\s+VIỆT\s+NAM)", re.MULTILINE)
_OWN_NUMBER = patterns.compile(r"^[ \t]*Số\s*(?:hiệu\s*)?:?\s*(\d[^\s,;]*(?:\s*/\s*[^\s,;|]+)*)", re.IGNORECASE | re.MULTILINE)
_BODY_LINE = patterns.compile(r"^[ \t]*(?:Điều\s+\d+\s*\.|Căn\s+cứ\s|Chương\s+[IVXLC]+\b)", re.MULTILINE)
_PROSE = 25
"""A mixed-case line at least this long before the Quốc hiệu is page chrome (a notice, a summary)."""
_SENTENCE_END = ".!?:;…)"
_LONG = 60
"""A mixed-case line this long before the Quốc hiệu is prose even without a final stop."""
_RUNNING = patterns.compile(r"^(?:\d{1,4}\s+)?CÔNG\s*BÁO\s*/", re.IGNORECASE)
_ESIGN = patterns.compile(r"^(?:Người ký|Ký bởi|Email|Cơ quan|Thời gian ký|Signed by|Ngày ký)\s*:")
_HEADER_WORDS = patterns.compile(r"^(?:Số|V/v|Về việc|Kính gửi|Nơi nhận|ĐẾN|Chuyển|Ngày)\b|\bsố\s*:", re.IGNORECASE)
_MARKER_SLACK = 30
"""A chrome line is the marker plus at most this many characters (a body line that starts alike is longer)."""
_NUMBER_LINES = 40
"""How far after the Quốc hiệu the document's own ``Số:`` is looked for (from the header's start)."""


@lru_cache(maxsize=1)
def _web_chrome() -> dict[str, list[str]]:
    """``web_chrome.json``, read once."""
    with resources.files("vanban").joinpath("data").joinpath("web_chrome.json").open(encoding="utf-8") as f:
        data: dict[str, list[str]] = json.load(f)
    return data


@lru_cache(maxsize=1)
def _chrome() -> tuple[tuple[str, ...], tuple[str, ...]]:
    data = _web_chrome()
    ends = tuple(fold(s) for s in (*data["end_lines"], *data["english_titles"]))
    starts = tuple(fold(x) for x in data["start_lines"])
    return ends, starts


@lru_cache(maxsize=1)
def _title() -> re.Pattern[str]:
    """A portal's title line (a type name and the number), compiled when a line holding the serial number asks."""
    names = sorted({n for t in catalogue().types.values() for n in (t.name, *t.aliases) if len(n) > 3},
                   key=len, reverse=True)
    english = sorted(_web_chrome()["english_types"], key=len, reverse=True)
    return patterns.compile(r"^\s*(?:(?:" + "|".join(re.escape(n) for n in names) + r")\s+|(?:"
                      + "|".join(re.escape(n) for n in english) + r")\s+No\.?\s*)(\S+)(?:\s|$)", re.IGNORECASE)


@lru_cache(maxsize=1)
def _english() -> frozenset[str]:
    return frozenset(fold(s) for s in _web_chrome()["english_titles"])


def _is_chrome_before(s: str, starts: tuple[str, ...]) -> bool:
    """A line of the page before the header: prose (a notice, a summary) or a catalogued site line."""
    if not s:
        return False
    if fold(s).startswith(starts):
        return True
    if len(s) < _PROSE or is_upper_text(s) or _RUNNING.match(s) or _ESIGN.match(s) or DATELINE_RE.search(s):
        return False
    # a sentence (a notice, a summary), not a wrapped subject or name: capitalised, finished or long
    if not (s[0].isupper() or s[0].isdigit()) or not (s[-1] in _SENTENCE_END or len(s) >= _LONG):
        return False
    return not _HEADER_WORDS.search(s)


def document_span(text: str) -> tuple[int, int]:
    """The part ``[start, end)`` of ``text`` that is the document, chrome before and after left out."""
    m = _TITLE.search(text)
    if m is None:
        return 0, len(text)
    if len(_BODY_LINE.findall(text, 0, m.start())) >= 2:  # a body before it: a form or quotation, not the header
        return 0, len(text)
    title_line = text.rfind("\n", 0, m.start()) + 1
    start = _header_start(text, title_line)
    end = _document_end(text, _line_end(text, title_line), start)
    if end == len(text) and start == 0:
        return 0, len(text)
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _line_end(text: str, a: int) -> int:
    """End (without its line end) of the line starting at ``a``."""
    b = text.find("\n", a)
    return len(text) if b < 0 else b


@lru_cache(maxsize=4)
def _down(n: int) -> re.Pattern[str]:
    """A line and the ``n`` lines below it (fewer at the end of the text), without the last one's line end."""
    return patterns.compile(rf"[^\n]*(?:\n[^\n]*){{0,{n}}}")


def _lines_down(text: str, a: int, n: int) -> int:
    """End of the line ``n`` lines below the line starting at ``a`` (or of the last line)."""
    return _down(n).match(text, a).end()  # type: ignore[union-attr]  # (it matches the empty string)


def _header_start(text: str, title_line: int) -> int:
    """Start of the header: the line after the last chrome line before the Quốc hiệu (0 when none)."""
    starts = _chrome()[1]
    a = title_line
    while a > 0:  # the lines above the title, upwards
        a = text.rfind("\n", 0, a - 1) + 1
        if _is_chrome_before(text[a:_line_end(text, a)].strip(), starts):
            j = _line_end(text, a) + 1
            while j < title_line and not text[j:_line_end(text, j)].strip():
                j = _line_end(text, j) + 1
            return j
    return 0


def _translation(text: str, a: int, own: str | None) -> bool:
    """Does the English national title on the line starting at ``a`` open a translation of this document (its number follows)?"""
    if own is None:
        return False
    return own in ascii_key(text[a:_lines_down(text, a, _NUMBER_LINES // 2)])


_HEAD_LETTERS = 12
"""How many letters of a catalogued chrome line the search for the lines that may open with one asks for."""
_HEAD_PATTERN_LETTERS = 4
"""How many of them its pattern asks: each letter's class costs its compile (about 60 µs, one per trie node), so
the lines the pattern finds are walked through the rest in a trie of the same classes (``_opens_as``)."""

_Node = dict[str | None, "_Node"]
"""A node of the trie of ``_heads``: each character of a letter's class to the node after the letter (its marks
skipped), ``None`` to the node after a run of spaces, ``""`` (to an empty node) where a chrome line's letters end."""


@lru_cache(maxsize=1)
def _heads() -> tuple[re.Pattern[str], _Node]:
    """The lines (after their line end) that may open with a catalogued chrome line, as ``_document_end`` asks: a
    capital, then the chrome line's first letters as ``fold`` reads them, whatever their case, marks and tone
    placement (any run of spaces for one). A pattern finding them by their first ``_HEAD_PATTERN_LETTERS`` (ending
    after the line's spaces), and the trie of all ``_HEAD_LETTERS`` that ``_opens_as`` walks a found line through.
    Only the lines both find are folded and compared.

    The classes of the letters at a node are disjoint and hold no space nor mark, and no run of spaces follows
    another, so the walk takes each character's one way, as the pattern of all the letters would."""
    by_base: dict[str, set[str]] = {}
    for cp in (*range(0x41, 0x250), *range(0x1E00, 0x1F00), 0x212A, 0x212B):
        ch = chr(cp)
        base = strip_marks(ch)
        if len(base) == 1 and base.isalpha():
            by_base.setdefault(base.lower(), set()).add(ch)

    def one_of(chars: frozenset[str]) -> str:
        return "[" + "".join(re.escape(c) for c in sorted(chars)) + "]" if len(chars) > 1 else re.escape(*chars)

    def loose(ch: str) -> frozenset[str] | None:
        return None if ch.isspace() else frozenset({ch, *by_base.get(strip_marks(ch).lower(), ())})

    branches: list[tuple[frozenset[str] | None, ...]] = []
    leads: set[str] = set()
    for e in _chrome()[0]:
        if e[0].upper() != e[0]:
            capitals = frozenset(c for c in (e[0].upper(), *by_base.get(strip_marks(e[0]).lower(), ())) if c.isupper())
            leads |= capitals
            branches.append((capitals, *(loose(c) for c in e[1:_HEAD_LETTERS])))
    root: _Node = {}
    for b in branches:
        node = root
        for t in b:
            if t is None:
                node = node.setdefault(None, {})
            else:
                node = node[next(iter(t))] if next(iter(t)) in node else _child(node, t)
        node[""] = {}
    tokens = [tuple(r"[^\S\n]+" if t is None else one_of(t) + "[\u0300-\u036f]*" for t in b[:_HEAD_PATTERN_LETTERS])
              for b in branches]
    # the spaces taken whole and the first letter asked at once: most line ends fail there, before the branches
    # (written as a trie: the catalogue's lines share their first words, and each letter class costs its compile)
    return patterns.compile(r"\n[^\S\n]*+(?=" + (one_of(frozenset(leads)) if leads else "(?!)") + ")(?="
                      + (trie_alternation(tokens) if tokens else "(?!)") + ")"), root


def _child(node: _Node, chars: frozenset[str]) -> _Node:
    """A new node after a letter of class ``chars`` at ``node``."""
    child: _Node = {}
    for c in chars:
        node[c] = child
    return child


def _opens_as(text: str, a: int, node: _Node) -> bool:
    """Does the text at ``a`` open as a branch of the trie ``node`` reads: each letter one of its class's characters,
    then any marks; a space a run of spaces (no line end)?"""
    n = len(text)
    while "" not in node:
        if a >= n:
            return False
        ch = text[a]
        a += 1
        nxt = node.get(ch)
        if nxt is not None:
            while a < n and "\u0300" <= text[a] <= "\u036f":
                a += 1
        elif None in node and ch != "\n" and ch.isspace():
            nxt = node[None]
            while a < n and text[a] != "\n" and text[a].isspace():
                a += 1
        else:
            return False
        node = nxt
    return True


def _head_lines(text: str, after: int) -> set[int]:
    """The starts of the lines after offset ``after`` that may open with a catalogued chrome line (``_heads``)."""
    pattern, trie = _heads()
    return {m.start() + 1 for m in pattern.finditer(text, after) if _opens_as(text, m.end(), trie)}


@lru_cache(maxsize=1)
def _ends() -> tuple[int, dict[str, tuple[str, ...]], tuple[str, ...]]:
    """The longest chrome line a line can be (with the slack), the catalogued chrome lines (folded) by their
    first two characters, and those shorter than two (a line is compared only with the ones it can start with)."""
    ends = _chrome()[0]
    by_head: dict[str, list[str]] = {}
    for e in ends:
        by_head.setdefault(e[:2], []).append(e)
    short = tuple(e for e in ends if len(e) < 2)
    return max(len(e) for e in ends) + _MARKER_SLACK, {k: tuple(v) for k, v in by_head.items()}, short


_BEFORE_NUMBER = frozenset(" \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
                           "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000.oO"
                           + "".join(map(chr, range(0x300, 0x370))))
"""What stands before the number of a portal title line (``title`` in ``_chrome``): a space, or ``No.``'s dot or
``o``, or a mark its ``ascii_key`` drops."""


_PRINTED_AS_KEYED = patterns.compile(r"[0-9/.\-]*")
"""The characters an ``ascii_key`` has only from themselves (a title line's number holds them as its key does)."""


def _document_end(text: str, after: int, start: int) -> int:
    """Start of the first chrome line after offset ``after`` (the Quốc hiệu's line end), or the end of the text.

    Only the lines holding the document's serial number (a portal title line) or opening like a
    catalogued chrome line are looked at."""
    english = _english()
    longest, by_head, short = _ends()
    head = text[start:_lines_down(text, text.rfind("\n", 0, after) + 1, _NUMBER_LINES)]
    nm = _OWN_NUMBER.search(head)
    own = ascii_key(nm.group(1)) if nm else None
    serial = re.match(r"\d+", own).group(0) if own else None  # type: ignore[union-attr]
    found = _head_lines(text, after)
    if serial is not None and own is not None:
        # a title line prints the number as its key begins: its first digits and ``/-.`` as they are (``20/2025/``)
        lead = _PRINTED_AS_KEYED.match(own).group(0)  # type: ignore[union-attr]
        lead = lead if lead.startswith(serial) else serial
        pos = text.find(lead, after + 1)
        while pos >= 0:
            if text[pos - 1] in _BEFORE_NUMBER:  # where a title line's number can begin (not inside a number)
                a = text.rfind("\n", 0, pos) + 1
                found.add(a)
                pos = text.find(lead, _line_end(text, a))
            else:
                pos = text.find(lead, pos + 1)
    for a in sorted(found):
        if a <= after:
            continue
        s = text[a:_line_end(text, a)].strip()
        if not s:
            continue
        if serial is not None and serial in s:
            tm = _title().match(s)
            if tm is not None and ascii_key(tm.group(1)).rstrip(".,;") == own:
                return a
        if s[0].isupper() and len(s) <= longest and s[:2].lower() in by_head:
            f = fold(s)
            if any(f.startswith(e) and len(f) <= len(e) + _MARKER_SLACK for e in (*by_head.get(f[:2], ()), *short)) and (
                    f not in english or _translation(text, a, own)):
                return a
    return len(text)

"""References (dẫn chiếu): every document a text cites, found in one pass over the reading text.

A citation is a number in the grammar of :mod:`vanban.numbering`, optionally announced by a
type word and ``số`` (``Kế hoạch số 81-KH/TU``), followed by any of a date (``ngày 05-7-2017``),
an issuer (``của Ban Thường vụ Tỉnh ủy``), a Party term (``khóa X``) and a subject (``về ...``).
Looking around a citation is bounded (a clause back, a few hundred characters ahead), so the cost
grows with the length of the text, not with the number of citations times the length.
"""

from __future__ import annotations

import datetime as dt
import re
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain

from vanban import patterns
from vanban.catalogue import catalogue
from vanban.dates import DATE_RE, date_from_match
from vanban.models import DocumentNumber, Reference, Relation, Span
from vanban.normalize import fold
from vanban.numbering import (
    _BODY,
    FREE_RE,
    NOT_AFTER,
    NUMBER_RE,
    number_from_match,
    trailing_marker,
    with_issuer_codes,
)
from vanban.parse.alternation import trie_alternation
from vanban.parse.layout import Reading

_GUARD = rf"[\w{re.escape(NOT_AFTER)}]"
"""What a number cannot follow (``NUMBER_RE``'s look-behind)."""
_SO = r"(?<!\w)[Ss][ốôồổ][ \t]*:?[ \t]*(?:\n[ \t]*)?"
_FREE_BODY = FREE_RE.pattern.split(")", 1)[1]  # FREE_RE without its look-behind
_CITE_RE = patterns.compile(
    rf"(?=[SsQT0-9])(?:(?P<so>{_SO})|(?<!{_GUARD}))(?:{_BODY}|(?(so)(?P<free>{_FREE_BODY})|(?!)))(?![/\w])"
)
_ROMAN = r"(?:X{0,3})(?:IX|IV|V?I{0,3})"
# What may follow a citation, each matched at one position (``pattern.match(text, pos, window_end)``)
_AFTER = patterns.compile(
    rf"[\s,*]*(?:(?P<term>(?:\(\s*)?(?:khóa|khoá|Khóa|Khoá)\s+(?P<t>{_ROMAN})\b\s*\)?)"
    r"|(?P<date>(?:\(|được\s+)?(?:ban\s+hành\s+)?(?:ngày|ngay)\s*)"
    r"|(?P<issuer>(?:của|do)\s+))"
)
"""A Party term (``khóa X``), the lead of a date (``ngày``) or of an issuer (``của``): each opens with a
different letter after the spaces, so the alternative that matches is the only one that can."""
_SUBJECT_AFTER = patterns.compile(
    r"(?i:[\s,:*]*(?:(?P<q>[“\"][“\"*]*)\s*)?(?P<lead>về\s+việc|về|V/v|quy\s+định|hướng\s+dẫn|ban\s+hành)\b)"
    r"|(?P<quoted>[\s,:]*[“\"]\s*\*?)"
)
"""The lead of a subject (``về``, ``quy định``, maybe in quotes), else an opening quote."""
_AHEAD = patterns.compile(f"{_AFTER.pattern}|{_SUBJECT_AFTER.pattern}")
"""What ``_AFTER`` matches, else what ``_SUBJECT_AFTER`` does: the next thing after a citation, in one match."""
_ISSUER_STOP = frozenset(w.strip() for w in
    """về|quy định|hướng dẫn|ban hành|sửa đổi|bổ sung|phê duyệt|thực hiện|tại|đối với|trong|theo|đã|được|là|có|
    khóa|khoá|ngày|nhằm|giao|cho|để|với|kèm|gồm|như|thì|mà|nhưng|đến|từ|khi|năm|tháng|lần|việc|trước|sau|này|
    hướng|quyết định|chỉ đạo|triển khai|tổ chức thực hiện|các|những|trên|dưới|số""".split("|")
)
_PASSIVE = patterns.compile(r"\bđược\s+$")
_COORDINATED = patterns.compile(r"[\s,*”\"]*(?:(?:và|hoặc|cùng)[\s*“\"]*|“[\s*“\"]*)?$")
_TRAILING = frozenset(("và", "-", "–", "của", "hoặc"))
_STOPWORDS = frozenset("của và các về việc trong theo đối với cho được có là những một này đã để tại từ trên".split())


def _letter(ch: str) -> str:
    """``ch`` as the word patterns hold it: lower-cased, unless its lower case is two characters (``İ``)."""
    low = ch.lower()
    return low if len(low) == 1 else ch


def _tokens(word: str) -> tuple[str, ...]:
    """``word`` as pattern tokens, one a character (:func:`_letter`; a space stands for any run of blanks)."""
    return tuple(r"\s+" if ch == " " else re.escape(_letter(ch)) for ch in word)


def _trie(words: Iterable[str]) -> str:
    """A pattern matching any of ``words`` (case-insensitively, a space as ``\\s+``), the longest first.

    The words share their prefixes (``Thông tư`` / ``Thông tư liên tịch`` / ``Thông báo``), so a
    position is tried letter by letter once instead of word by word; a longer word is tried before
    the shorter one it extends, which is what an alternation sorted longest-first matches.
    """
    words = list(words)
    first = "".join(sorted({re.escape(_letter(w[0])) for w in words if w[:1] not in ("", " ")}))
    return f"(?=[{first}]){trie_alternation(map(_tokens, words))}"


def _lower_trie(words: Iterable[str], blank: str) -> re.Pattern[str] | None:
    """The word pattern of :func:`_trie` for a lower-cased text, led by the character before the word.

    Case-sensitive, and opening with that character out of ``blank`` (a class of the non-word characters
    the text can hold, so ``(?<!\\w)`` without a look-behind): the engine skips to the blanks in one fast
    loop and tries a word only after one, instead of at every letter that can start one. ``None`` when a
    word has a letter whose lower case is not one character.
    """
    words = list(words)
    if any(k != k.lower() for k in _letters(words)):
        return None
    return patterns.compile(f"{blank}{trie_alternation(map(_tokens, words))}(?!\\w)")


def _letters(words: Iterable[str]) -> set[str]:
    """The characters of ``words`` but spaces, as the word patterns hold them (:func:`_letter`)."""
    return {_letter(ch) for w in words for ch in w if ch != " "}


def _type_alternation() -> re.Pattern[str]:
    return patterns.compile(rf"(?<!\w)(?:{_trie(_type_names())})(?!\w)", re.IGNORECASE)


def _type_names() -> set[str]:
    cat = catalogue()
    names = set(cat.types) | set(cat.citable)
    for t in cat.types.values():
        names.update(t.aliases)
    return names


_TYPES_RE: re.Pattern[str] | None = None
_CUES_RE: re.Pattern[str] | None = None
_SIBLING_RE: re.Pattern[str] | None = None


def _sibling_re() -> re.Pattern[str]:
    """A list's next item announcing another citation (``, *Chỉ thị số``), from the character it is found by.

    The item opens with ``,``/``;`` or a blank then ``và``/``hoặc``; the pattern is led by the ``,``/``;``, the
    ``à`` of ``và`` or the ``ặ`` of ``hoặc`` (a case-sensitive class: the engine skips to those characters in
    its fast loop) and looks behind for the rest of the opening, so it is tried at far fewer places than a
    pattern led by the blank (one in five characters). :func:`_sibling` gives where the item opens.
    """
    global _SIBLING_RE
    if _SIBLING_RE is None:
        _SIBLING_RE = patterns.compile(
            rf"(?-i:[,;àÀặẶ])(?:(?<=[,;])|(?<=\svà)|(?<=\shoặ)c)\s*[*“\"]*\s*(?:{_types_re().pattern})\s+(?:số\b|\d)",
            re.IGNORECASE)
    return _SIBLING_RE


_SIBLING_LEAD = {",": 0, ";": 0, "à": 2, "À": 2, "ặ": 3, "Ặ": 3}
"""How far before the character :func:`_sibling_re` is led by the item opens (the blank before ``và``/``hoặc``)."""


def _sibling(text: str, start: int, end: int) -> int:
    """Where the first next item of a list (:func:`_sibling_re`) in ``text[start:end]`` opens, else -1."""
    search = _sibling_re().search
    pos = start
    while True:
        m = search(text, pos, end)
        if m is None:
            return -1
        at = m.start()
        opens = at - _SIBLING_LEAD[text[at]]
        if opens >= start:
            return opens
        pos = at + 1  # its blank stands before the window: not an item in it


def _types_re() -> re.Pattern[str]:
    global _TYPES_RE
    if _TYPES_RE is None:
        _TYPES_RE = _type_alternation()
    return _TYPES_RE


def _cues_re() -> re.Pattern[str]:
    global _CUES_RE
    if _CUES_RE is None:
        _CUES_RE = patterns.compile(rf"(?<!\w)(?:{_trie(catalogue().relation_cues)})(?!\w)", re.IGNORECASE)
    return _CUES_RE


@dataclass
class _Lowered:
    """The type and cue patterns for a lower-cased look-back, and the characters where that is exact."""

    types: re.Pattern[str]
    cues: re.Pattern[str]
    unsafe: re.Pattern[str]
    last_break: re.Pattern[str]
    """Up to the last character a word cannot hold (a digit, a mark): a match can only open there."""


_LOWERED: list[_Lowered | None] = []
_PLAIN = "".join(chr(c) for c in (*range(0x80), *range(0xA0, 0x250), *range(0x300, 0x370), *range(0x1EA0, 0x1F00),
                                  *range(0x2000, 0x2070)))
"""Latin letters, Vietnamese letters, combining marks and punctuation: where a look-back is lower-cased."""


def _lowered() -> _Lowered | None:
    """The lower-case patterns, or ``None`` when the catalogue's words do not allow them.

    A look-back is lower-cased (``str.lower``) and searched case-sensitively only when each of its
    characters is one whose lower case is one character, keeps its class (``\\w``, ``\\s``) and is what
    the case-insensitive patterns equate it with (``ı`` and ``ſ`` match ``i`` and ``s`` there, but
    lower-case to themselves): the result is then the same as the case-insensitive search's. Such a text's
    non-word characters are the lower cases of the safe ones; the patterns open with one of them.
    """
    if not _LOWERED:
        names, cues = _type_names(), catalogue().relation_cues
        letters = _letters(names) | _letters(cues)
        by_lower: dict[str, set[str]] = {}
        bad = set()
        for ch in _PLAIN:
            low = ch.lower()
            if len(low) != 1 or bool(re.match(r"\w", ch)) != bool(re.match(r"\w", low)) or ch.isspace() != low.isspace():
                bad.add(ch)
            by_lower.setdefault(low, set()).add(ch)
        for x in letters:
            bad |= set(re.findall("(?i)" + re.escape(x), _PLAIN)) ^ by_lower.get(x, set())
        safe = [ch for ch in _PLAIN if ch not in bad]
        blank = "[" + "".join(re.escape(b) for b in sorted({ch.lower() for ch in safe if not re.match(r"\w", ch)})) + "]"
        types_re, cues_re = _lower_trie(names, blank), _lower_trie(cues, blank)
        if types_re is None or cues_re is None:
            _LOWERED.append(None)
            return None
        breaks = sorted({low for low in (ch.lower() for ch in safe) if not low.isalpha() and not low.isspace()})
        _LOWERED.append(_Lowered(types_re, cues_re, patterns.compile(f"[^{''.join(re.escape(ch) for ch in safe)}]"),
                                 patterns.compile(f"(?s:.*)[{''.join(re.escape(b) for b in breaks)}]")))
    return _LOWERED[0]


@dataclass(slots=True)
class Mention:
    """One citation in the reading text, before mentions are merged into references."""

    number: DocumentNumber
    span: Span  # in the document
    rstart: int  # in the reading text
    rend: int
    type_name: str | None = None
    date: dt.date | None = None
    issuer: str | None = None
    term: str | None = None
    subject_at: int = -1  # reading offsets of the subject as printed (its closing quote left out), -1 for none
    subject_to: int = -1
    subject_end: int = -1  # reading offset where the subject ends
    relation: Relation = "mentions"
    via: Mention | None = None
    own: bool = False  # the document citing itself ("Kèm theo Quyết định số 1696/QĐ-UBND ngày ...")
    source: str = ""  # the reading text
    identity: str = ""  # the number's identity, computed once per distinct number
    repeats: Repeats | None = None  # the plain repeats of this mention folded into it (see :class:`Repeats`)

    @property
    def subject(self) -> str | None:
        """What the cited document is about (``về ...``), made from the reading text when asked: merging asks
        for the first mention's of each reference, most mentions' are never made."""
        return _subject_text(self.source[self.subject_at:self.subject_to]) if self.subject_at >= 0 else None

    @property
    def context(self) -> str:
        """The reading text around the mention (to tell which term an unqualified mention means)."""
        lo = self.rstart - 160 if self.rstart > 160 else 0
        hi = self.subject_end if self.subject_end > self.rend else self.rend + 160
        return self.source[lo:hi]


class Repeats:
    """The plain repeats of a mention, held compactly: a repeat of a number already cited in the reading that
    adds nothing (no date, issuer, term, subject nor enclosing citation; the same type name and number object)
    keeps only its span, its relation and the bounds of its context in the reading (:attr:`Mention.context`).

    A text cites a few documents many times: most of its mentions are such repeats.
    """

    __slots__ = ("context", "relations", "spans")

    def __init__(self) -> None:
        self.spans: list[Span] = []
        self.relations: list[Relation] = []
        self.context: array[int] = array("q")  # (start, end) of each repeat's context, flat

    def context_of(self, source: str, k: int) -> str:
        """The context of the ``k``-th repeat in ``source`` (the reading text)."""
        return source[self.context[2 * k]:self.context[2 * k + 1]]


def scan(reading: Reading, own: DocumentNumber | None) -> list[Mention]:
    """Every citation in ``reading``; mentions of the document's own number are flagged ``own``. A plain repeat
    of a number cited before in the reading is folded into the last mention of it held whole (``repeats``).

    Done in passes over a batch of citations at a time, each pass with its own few patterns (the number,
    the look-back, the look-ahead): a pattern run many times in a row stays warm in the processor's caches,
    where interleaving all of them per citation evicts one with the other. A batch is bounded, so the
    matches held at once are too, whatever the text. The mentions are mapped to the document at the end,
    in one forward walk over the reading (``Reading.to_spans``).
    """
    text = reading.text
    if "/" not in text and "-" not in text and "–" not in text and "CVN" not in text:
        return []  # no number can be there (:func:`_matches`): a footnote or a subject often holds none
    size = len(text)
    own_key = own.identity if own else None
    look_ahead, ahead, coordinated = _look_ahead, _AHEAD.match, _COORDINATED.match
    out: list[Mention] = []  # the mentions held whole
    owners: list[Mention] = []  # for each mention in order, the one it is (held whole) or is folded into
    rstarts: array[int] = array("q")
    rends: array[int] = array("q")
    latest: dict[str, Mention] = {}  # the last mention held whole of each number
    prev: Mention | None = None
    subjects: list[tuple[int, Mention]] = []  # the mentions (and their indices) with a subject after them
    i = 0
    prev_end = 0
    for matches in _matches(text):
        batch, after, prev_end = _read_backs(text, matches, own_key, prev_end)
        for mention, pos in zip(batch, after, strict=True):
            # what follows: its term, date and issuer, then its subject (past a trimmed footnote marker)
            # (most have none of them: the first look tells, and ends the mention where it ends)
            window_end = pos + 600 if pos + 600 < size else size
            if (am := ahead(text, pos, window_end)) is None:
                mention.subject_end = pos
            else:
                look_ahead(text, am, window_end, mention)
            cite_start, end = mention.rstart, mention.rend
            if prev is not None:
                if (not prev.own and mention.relation == "mentions"
                        and coordinated(text, prev.subject_end if prev.subject_end > prev.rend else prev.rend,
                                        cite_start)):
                    # "Thực hiện Chỉ thị số 07-CT/TW ... và Hướng dẫn số 31-HD/BTGTW": one cue for both
                    mention.relation, mention.via = prev.relation, prev.via
                if subjects:
                    # the latest of the last eight mentions whose subject this one stands in
                    floor = i - 8
                    for k, earlier in reversed(subjects):
                        if k < floor:
                            break
                        if earlier.rend <= cite_start < earlier.subject_end:
                            mention.via = earlier
                            break
                    if len(subjects) > 32:
                        subjects = [s for s in subjects if s[0] >= floor]
            if mention.subject_end > end and not mention.own:
                subjects.append((i, mention))
            prev = mention
            i += 1
            rstarts.append(cite_start)
            rends.append(end)
            owner = latest.get(mention.identity)
            if (owner is not None and mention.via is None and mention.subject_at < 0 and mention.date is None
                    and mention.issuer is None and mention.term is None and mention.number is owner.number
                    and mention.type_name == owner.type_name):
                if (reps := owner.repeats) is None:
                    reps = owner.repeats = Repeats()
                reps.relations.append(mention.relation)
                reps.context.append(cite_start - 160 if cite_start > 160 else 0)
                reps.context.append(mention.subject_end if mention.subject_end > end else end + 160)
                owners.append(owner)
            else:
                out.append(mention)
                latest[mention.identity] = owner = mention
                owners.append(owner)
    del prev, subjects, latest
    # in the document, in the order of the text: one walk over the reading
    span_of, no_span = Span.of, _NO_SPAN
    for owner, (start, end) in zip(owners, reading.to_spans(zip(rstarts, rends, strict=True)), strict=True):
        if owner.span is no_span:
            owner.span = span_of(start, end)
        else:
            owner.repeats.spans.append(span_of(start, end))  # type: ignore[union-attr]
    return out


_BATCH = 512
"""The most matches read in one batch of passes."""


def _read_backs(text: str, matches: list[re.Match[str]], own_key: str | None,
                prev_end: int) -> tuple[list[Mention], list[int], int]:
    """The mentions the matches give, with what the text before each says of it (back to ``prev_end``, the end
    of the mention before); where each match ends (a trimmed footnote marker included); the last one's end.

    What stands before a citation (back to the previous one or 90 characters) is the type word that announces
    it and the relation the cue of its clause names. Only the clause the text before ends with is read
    (:func:`_clause_start`), and a clause once (:func:`_read_clause`, remembered: a text repeats ``Căn cứ
    Nghị định``, ``, Luật``); whether a cue is passive (``được sửa đổi``) is looked at in the text before
    itself, as it may reach before the clause.
    """
    out: list[Mention] = []
    after: list[int] = []
    number_of, clause_start, read_clause, known, passive = _number, _clause_start, _read_clause, _BACKS, _PASSIVE.search
    numbers, no_span = _NUMBERS, _NO_SPAN
    for m in matches:
        start, m_end = m.span()
        lookback_start = start - 90 if start - 90 > prev_end else prev_end
        back = text[lookback_start:start]
        cs = clause_start(back)
        # a match opening with S/s is one with the label "số" (a number cannot begin with the letter),
        # and only such a match can have a free-form number: the type word may stand further back
        key = (back[cs:], text[start] in "Ss")
        got = known.get(key)
        if got is None:
            got = read_clause(*key)
            if len(known) >= _BACKS_MAX:
                known.clear()
            known[key] = got
        type_name, type_pos, cue, relation = got
        if cue is not None and passive(back, max(0, cs + cue - 12), cs + cue):
            # "được sửa đổi, bổ sung bởi ...": the cited document acts on another one, not this one on it
            relation = "mentions"
        nkey = (m.group(), type_name)
        found = numbers.get(nkey)  # _number's memory, looked up here (None also for a match read as no citation)
        if found is None:
            if nkey in numbers or (found := number_of(m, type_name)) is None:
                continue
        number, trim, type_name, identity = found
        end = m_end - trim
        # every field in order (a positional call): type, date, issuer, term, subject (at, to, end), relation, via,
        # own, source, identity
        out.append(Mention(number, no_span, lookback_start + cs + type_pos if type_pos is not None else start, end,
                           type_name, None, None, None, -1, -1, -1, relation, None,
                           bool(own_key) and identity == own_key, text, identity))
        after.append(m_end)
        prev_end = end
    return out, after, prev_end


_NO_SPAN = Span.of(0, 0)
"""A mention's span until its pass maps it to the document."""


def _matches(text: str) -> Iterator[list[re.Match[str]]]:
    """The matches of ``_CITE_RE`` as ``finditer`` gives them, tried only where one can start, in batches of
    ``_BATCH`` (or a few more).

    A match of ``_CITE_RE`` opens with ``[SsQT0-9]`` (its look-ahead), then a number of one to six digits (maybe
    ``.ddd``) and a separator, or QCVN/TCVN, perhaps after a label ``số``. So each separator (``/``, ``-``,
    ``–``) is found with ``str.find`` and the run of digits before it walked back over, then the label before
    that; ``_CITE_RE`` then tries each such place (a few hold no citation). The separators are walked in the
    order of the text, and one before the end of the last match is passed over unread: every place it leads
    back to stands before it, where no match is tried.
    Each place where a match does start, but for a label before a digit other than ``[0-9]``, is among those
    tried.
    """
    match = _CITE_RE.match
    out: list[re.Match[str]] = []
    pos = 0
    # QCVN/TCVN and the labels before them (few): tried in their place among the others
    standards: list[int] = []
    for v in _STANDARD.finditer(text):
        at = v.start() - 2
        label = _label_start(text, at)
        standards += (at,) if label < 0 else (label, at)
    standards.append(len(text) + 1)
    si = 0
    for p in chain.from_iterable(_separators(text)):
        if p < pos:
            continue  # inside the last match
        # walk back over blanks, the run of digits (maybe "ddd.") before the separator
        q = p
        while q > 0 and text[q - 1] in _BLANK:
            q -= 1
        if not (q > 0 and text[q - 1].isdecimal()):  # \d is a decimal digit
            continue
        k = q - 1
        while k > 0 and text[k - 1].isdecimal():
            k -= 1
        if k > 1 and text[k - 1] == "." and text[k - 2].isdecimal():
            k -= 2
            while k > 0 and text[k - 1].isdecimal():
                k -= 1
        # a number cannot follow a letter, digit, "/", ".", "-", "–" or "%" (NUMBER_RE's look-behind)
        # and a label ends in a blank, ":" or the "ố" of "số": places that can start nothing are left out
        c = text[k - 1] if k else " "
        # a label is read before [0-9] only; it ends in "ố" or a blank, ":" or "\n" after one of those or "ố"
        label = (_label_start(text, k) if c in _LABEL_TAIL and text[k] in _ASCII_DIGITS
                 and (c in _LABEL_LAST or (k > 1 and text[k - 2] in _LABEL_TAIL)) else -1)
        first = label if label >= 0 else k
        while standards[si] < first:
            at = standards[si]
            si += 1
            if at >= pos and (hit := match(text, at)) is not None:
                out.append(hit)
                pos = hit.end()
        if label >= pos and (hit := match(text, label)) is not None:
            out.append(hit)
            pos = hit.end()
        if k >= pos and not (c.isalnum() or c in _NOT_BEFORE) and (hit := match(text, k)) is not None:
            out.append(hit)
            pos = hit.end()
        if len(out) >= _BATCH:
            yield out
            out = []
    for at in standards[si:-1]:
        if at >= pos and (hit := match(text, at)) is not None:
            out.append(hit)
            pos = hit.end()
    if out:
        yield out


_BLANK = " \t"
_NOT_BEFORE = "_" + NOT_AFTER  # with the letters and digits, what a number cannot follow
_LABEL_TAIL = " \t\n:ốôồổ"
_LABEL_LAST = "ốôồổ"
_ASCII_DIGITS = frozenset("0123456789")
_STANDARD = patterns.compile("V(?<=[QT]CV)N")
"""The ``VN`` of ``QCVN``/``TCVN``: led by the one letter, the engine skips to each ``V`` in a fast loop and looks
behind only there (a search for ``CVN`` as a string tries many more places)."""


def _separators(text: str) -> Iterator[list[int]]:
    """Where each ``/``, ``-`` and ``–`` of ``text`` is, in order, in lists of those in a stretch of ``_STRETCH``
    characters (each found with ``str.find``; the positions held at once are bounded, whatever the text)."""
    find = text.find
    size = len(text)
    for a in range(0, size, _STRETCH):
        b = a + _STRETCH if a + _STRETCH < size else size
        out: list[int] = []
        for sep in "/-–":
            p = find(sep, a, b)
            while p >= 0:
                out.append(p)
                p = find(sep, p + 1, b)
        out.sort()
        yield out


_STRETCH = 1 << 16
"""How many characters :func:`_separators` looks through at a time."""


def _label_start(text: str, j: int) -> int:
    """Where a label ``số`` (``[ \\t]*:?[ \\t]*(?:\\n[ \\t]*)?`` after it) ending at ``j`` begins, else -1."""
    while j > 0 and text[j - 1] in _BLANK:
        j -= 1
    if j > 0 and text[j - 1] == "\n":
        j -= 1
        while j > 0 and text[j - 1] in _BLANK:
            j -= 1
    if j > 0 and text[j - 1] == ":":
        j -= 1
        while j > 0 and text[j - 1] in _BLANK:
            j -= 1
    if j > 1 and text[j - 1] in "ốôồổ" and text[j - 2] in "Ss":
        return j - 2
    return -1


_NUMBERS: dict[tuple[str, str | None], tuple[DocumentNumber, int, str | None, str] | None] = {}
_NUMBERS_MAX = 4096


def _number(m: re.Match[str], type_name: str | None) -> tuple[DocumentNumber, int, str | None, str] | None:
    """The number a citation match gives, the footnote marker's length cut from its end, its type name
    and identity; ``None`` when it is no citation. Remembered per matched string and type: a text cites
    the same documents again and again, and a corpus cites the same laws."""
    key = (m.group(0), type_name)
    if key in _NUMBERS:
        return _NUMBERS[key]
    found = _read_number(m, type_name)
    if len(_NUMBERS) >= _NUMBERS_MAX:
        _NUMBERS.clear()
    _NUMBERS[key] = found
    return found


def _read_number(m: re.Match[str], type_name: str | None) -> tuple[DocumentNumber, int, str | None, str] | None:
    # the match's string alone decides: the label "số" (in it) or the look-behind before a bare number,
    # which is the same as NUMBER_RE's
    text = m.string
    body_start = m.end("so") if m.group("so") else m.start()
    raw = text[body_start:m.end()]
    dispatch = True if type_name and _fold(type_name) in ("công văn", "văn bản") else None
    try:
        number = number_from_match(m, raw=" ".join(raw.split()), dispatch=dispatch)
    except Exception:
        return None
    end = m.end()
    # a footnote marker glued to the symbol (NĐ-CP3) is not part of it
    if number.issuer_codes and number.form in ("legal", "named", "party"):
        last = number.issuer_codes[-1]
        _, marker = trailing_marker(last)
        trimmed = NUMBER_RE.match(text, body_start, end - len(marker)) if marker else None
        if trimmed:
            end -= len(marker)
            number = number_from_match(trimmed, raw=" ".join(text[body_start:end].split()), dispatch=dispatch)
    elif number.form == "free":
        # "58/2024/QH15" then the footnote marker "1": no term has three digits
        trimmed = _assembly_before_marker(text, body_start, end)
        if trimmed:
            end = trimmed.end()
            number = number_from_match(trimmed, raw=" ".join(text[body_start:end].split()), dispatch=dispatch)
    if number.form == "free" and not type_name:
        return None
    if type_name is None:
        entry = catalogue().type_by_code(number.type_code, number.system) if number.type_code else None
        type_name = entry.name if entry else None
    return number, m.end() - end, type_name, number.identity


@lru_cache(maxsize=4096)
def _fold(s: str) -> str:
    """``fold`` of a type word or cue, remembered (a few dozen distinct ones)."""
    return fold(s)


@lru_cache(maxsize=4096)
def _type_name(word: str) -> str:
    """The catalogue name of a type word as printed (``quyết định`` -> ``Quyết định``), remembered."""
    entry = catalogue().type_by_name(word)
    return entry.name if entry else word[:1].upper() + word[1:]


def _assembly_before_marker(text: str, start: int, end: int) -> re.Match[str] | None:
    """An assembly number (``58/2024/QH15``) followed by one or two footnote digits, without them."""
    for k in (1, 2):
        if end - k <= start or not text[end - k:end].isdigit():
            break
        m = NUMBER_RE.match(text, start, end - k)
        if m and m.end() == end - k and m.group("anum"):
            return m
    return None


def _clause_start(back: str) -> int:
    """Where the clause that ``back`` ends with begins: after its last ``;``, ``:``, ``.`` before a space
    or blank line.

    Found from the end with ``rfind``. Where blank lines run together (``\\n\\n\\n``) the offset can
    be later than the end of the last break ``finditer`` would give, but only by white space, where
    no type word or cue starts.
    """
    cs = max(back.rfind(";"), back.rfind(":")) + 1
    n = len(back)
    j = back.rfind(".", cs)
    while j >= cs:
        if j + 1 < n and back[j + 1].isspace():
            cs = j + 1
            break
        j = back.rfind(".", cs, j)
    j = back.rfind("\n")
    while j > cs:
        k = back.rfind("\n", 0, j)
        if k < 0 or k + 1 < cs:
            break
        if not back[k + 1:j].strip(" \t"):
            cs = j + 1
            break
        j = k
    return cs


_BACKS: dict[tuple[str, bool], tuple[str | None, int | None, int | None, Relation]] = {}
"""What each clause read says (:func:`_read_clause`), by the clause and whether its type word may stand back."""
_BACKS_MAX = 4096


def _read_clause(clause: str, loose: bool) -> tuple[str | None, int | None, int | None, Relation]:
    """The type word announcing a citation at the end of ``clause``: its catalogue name and start, right before
    the citation or (``loose``) earlier in the clause; where the clause's last relation cue before it starts
    and the relation that cue names."""
    lowered = _lowered()
    if lowered is not None and not lowered.unsafe.search(clause):
        # a blank before the clause stands for what is there (its start, or the break that ends the clause
        # before); a match opens with the blank before its word: the word is at ``start`` in ``clause``
        hay, d, types, cues = " " + clause.lower(), -1, lowered.types, lowered.cues
        brk = lowered.last_break.match(hay)
        tail = brk.end() - 1 if brk else 0
    else:
        hay, d, types, cues = clause, 0, _types_re(), _cues_re()
        tail = 0
    # the type word usually follows the clause's last break (``khoản 2 Điều 13 Thông tư``), which no match
    # holds: the last match is the last one after it, else the last one before it
    best = None
    for best in types.finditer(hay, tail):  # noqa: B007 - the last match
        pass
    if best is None and tail > 0:
        for best in types.finditer(hay, 0, tail + 1):  # noqa: B007 - the last match
            pass
    type_name, type_pos = None, None
    if best is not None:
        a, b = best.start(), best.end() + d
        words = len(clause[b:].split())
        if words <= 1 or (loose and words <= 12):
            type_name, type_pos = _type_name(clause[a:b]), a
    cue = None
    for cue in cues.finditer(hay, 0, len(hay) if type_pos is None else type_pos - d):  # noqa: B007 - the last match
        pass
    if cue is None:
        return type_name, type_pos, None, "mentions"
    c0 = cue.start()
    rel = catalogue().relation_cues.get(_fold(clause[c0:cue.end() + d]), "mentions")
    return type_name, type_pos, c0, rel  # type: ignore[return-value]


def _look_ahead(text: str, am: re.Match[str], window_end: int, mention: Mention) -> None:
    """Read what follows a citation, from ``am`` (the first look): its term, date and issuer (in any order), then
    its subject.

    Each look is one match of ``_AHEAD`` (what ``_AFTER`` matches, else what ``_SUBJECT_AFTER`` does): where
    nothing more of the three follows, the same match tells whether a subject does. At most four looks.
    """
    i = am.pos
    ahead = _AHEAD.match
    looks = 1
    while True:
        if am.start("term") >= 0:
            if mention.term is not None:
                break
            mention.term = am.group("t")
            i = am.end()
        elif am.start("date") >= 0:
            dd = DATE_RE.match(text, am.end(), window_end) if mention.date is None else None
            if dd is None:
                break
            mention.date = _date(dd)
            i = dd.end()
            if i < window_end and text[i] == ")":
                i += 1
        elif am.start("issuer") >= 0:
            issuer, used = _issuer_phrase(text, am.end(), window_end) if mention.issuer is None else (None, 0)
            if not issuer:
                break
            mention.issuer = issuer
            i = used
        else:
            _subject(text, am, window_end, mention)
            return
        if looks == 4:
            break
        looks += 1
        if (next_am := ahead(text, i, window_end)) is None:
            mention.subject_end = i
            return
        am = next_am
    sm = _SUBJECT_AFTER.match(text, i, window_end)
    if sm is None:
        mention.subject_end = i
    else:
        _subject(text, sm, window_end, mention)


_DATES: dict[str, dt.date | None] = {}


def _date(dd: re.Match[str]) -> dt.date | None:
    """The date of a ``DATE_RE`` match, one object per printed date (a text gives the same dates again and again)."""
    printed = dd.group()
    if printed in _DATES:
        return _DATES[printed]
    if len(_DATES) >= 4096:
        _DATES.clear()
    date = _DATES[printed] = date_from_match(dd)
    return date


_STOP = patterns.compile(r"[,;.()“”\"*]")


def _issuer_phrase(text: str, start: int, window_end: int) -> tuple[str | None, int]:
    """The issuer named from ``start`` (``Ban Thường vụ Tỉnh ủy``) and where its last word ends.

    At most 14 words, up to a stop word (``về``, ``quy định``), a number or a punctuation mark.
    """
    hi = start + 200 if start + 200 < window_end else window_end
    stop = _STOP.search(text, start, hi)
    seg = text[start:stop.start() if stop else hi]
    tokens = seg.split(None, 15)[:15]  # 14 words and the next one at most, before any punctuation
    if not tokens or not tokens[0][:1].isupper():
        return None, start
    count = len(tokens)
    n = 1
    while n < count and n < 14:
        w = tokens[n]
        lw = w.lower()
        if (lw in _ISSUER_STOP or w[:1].isdigit()
                or (lw in _ISSUER_PAIRS and n + 1 < count and f"{lw} {tokens[n + 1].lower()}" in _ISSUER_STOP)):
            break
        n += 1
    words = tokens[:n]
    while words and words[-1].lower() in _TRAILING:
        words.pop()
    if not words:
        return None, start
    pos = 0
    for w in tokens[:n]:  # where the n-th word ends
        pos = seg.index(w, pos) + len(w)
    return " ".join(words), start + pos


_ISSUER_PAIRS = frozenset(w.split()[0] for w in _ISSUER_STOP if " " in w)
"""The first words of the two-word stop words (``quy`` of ``quy định``)."""


_CLOSE_QUOTE = patterns.compile(r"[”\"]")
_SUBJECT_END = patterns.compile(r";|\.(?=\s|$)|\n\s*\n|\n(?=[-–+•]\s)")


def _subject(text: str, sm: re.Match[str], window_end: int, mention: Mention) -> None:
    """The subject a match of ``_SUBJECT_AFTER`` opens, up to its closing quote, the end of its sentence
    or the next item of a list of citations."""
    if sm.start("lead") >= 0:
        start = sm.start("lead")
        if sm.group("lead")[:2].lower() == "về":
            start = sm.end("lead")
        quoted = bool(sm.group("q"))
    else:
        start = sm.end()
        quoted = True
    end = window_end
    if quoted:
        close = _CLOSE_QUOTE.search(text, start, window_end)
        if close:
            end = close.start()
    else:
        br = _SUBJECT_END.search(text, start, window_end)
        end = br.start() if br else min(window_end, start + 300)
    sib = _sibling(text, start, end)
    if sib >= 0:
        end = sib
    mention.subject_at, mention.subject_to = start, end
    mention.subject_end = end + (1 if quoted else 0)


def _subject_text(printed: str) -> str | None:
    """A subject as printed made one line: spaces and emphasis marks run together, stray quotes and ``về`` off."""
    subject = " ".join(printed.replace("*", " ").split()).strip(" ,\"")
    if subject.startswith("“") and subject.count("“") > subject.count("”"):
        subject = subject[1:]
    if subject.endswith("”") and subject.count("”") > subject.count("“"):
        subject = subject[:-1]
    if subject[:3].lower() == "về ":
        subject = subject[3:]
    return subject or None


def own_date(mentions: list[Mention]) -> dt.date | None:
    """The date a document gives itself when it cites its own number (an appendix heading)."""
    return next((m.date for m in mentions if m.own and m.date), None)


_WORD = patterns.compile(r"[^\W\d_]{2,}")


def _words(s: str) -> set[str]:
    return {w for w in _WORD.findall(fold(s)) if w not in _STOPWORDS}


def merge(mentions: list[Mention]) -> list[Reference]:
    """Group mentions into distinct cited documents (number + Party term) in order of first mention.

    The repeats folded into a mention are handed over as they are merged (its ``repeats`` cleared): their spans
    are the references' own, and the rest of them is let go before the references are made.
    """
    precedence = {r: i for i, r in enumerate(catalogue().relation_precedence)}
    last = precedence.get("mentions", 99)
    groups: dict[str, _Group] = {}  # in order of first mention
    mentions = [m for m in mentions if not m.own]
    by_number: dict[str, set[str]] = {}
    termed: dict[str, list[Mention]] = {}
    for m in mentions:
        if m.term:
            by_number.setdefault(m.identity, set()).add(m.term)
            termed.setdefault(m.identity, []).append(m)
    term_words: dict[str, list[tuple[str, set[str]]]] = {}
    for m in mentions:
        key = m.identity
        term = m.term
        terms = by_number.get(key)
        if term is None and terms:
            if len(terms) == 1:
                term = next(iter(terms))
            else:
                if key not in term_words:
                    term_words[key] = _term_words(termed[key], terms)
                term = _pick_term(m.context, term_words[key])
            m.term = term
        gkey = f"{key}@{term}" if term else key
        if (g := groups.get(gkey)) is None:
            g = groups[gkey] = _Group(m.number, m.span, last)
        g.add(m, term, precedence)
        if (reps := m.repeats) is None:
            continue
        m.repeats = None
        if not terms:  # (a repeat has no term of its own)
            g.add_repeats(m, reps, precedence)
            continue
        for k, (span, relation) in enumerate(zip(reps.spans, reps.relations, strict=True)):
            if len(terms) == 1:
                term = next(iter(terms))
            else:
                if key not in term_words:
                    term_words[key] = _term_words(termed[key], terms)
                term = _pick_term(reps.context_of(m.source, k), term_words[key])
            gkey = f"{key}@{term}" if term else key
            if (g := groups.get(gkey)) is None:
                g = groups[gkey] = _Group(m.number, span, last)
            g.add_repeat(m, span, relation, term, precedence)
    return [g.reference() for g in groups.values()]


class _Group:
    """The mentions of one cited document as they are merged: their spans, the relation the first of the
    precedence order they name (``rank`` its place), the first nested one and the first type name, issuer, date,
    term and subject they give."""

    __slots__ = ("date", "issuer", "nested", "number", "rank", "relation", "span", "spans", "subject", "term",
                 "type_name")

    def __init__(self, number: DocumentNumber, span: Span, last: int) -> None:
        self.number, self.span, self.rank = number, span, last
        self.spans: list[Span] = []
        self.relation: Relation = "mentions"
        self.nested: Mention | None = None
        self.type_name: str | None = None
        self.issuer: str | None = None
        self.date: dt.date | None = None
        self.term: str | None = None
        self.subject: str | None = None

    def add(self, m: Mention, term: str | None, precedence: dict[str, int]) -> None:
        """Merge in mention ``m`` (its term ``term``)."""
        self.spans.append(m.span)
        if m.via is None:
            if (r := precedence.get(m.relation, 99)) < self.rank:
                self.relation, self.rank = m.relation, r
        elif self.nested is None:
            self.nested = m
        self.type_name = self.type_name or m.type_name
        self.issuer = self.issuer or m.issuer
        self.date = self.date or m.date
        self.term = self.term or term
        if not self.subject and m.subject_at >= 0:
            self.subject = m.subject

    def add_repeat(self, m: Mention, span: Span, relation: Relation, term: str | None,
                   precedence: dict[str, int]) -> None:
        """Merge in a plain repeat of ``m`` (its span, relation and term)."""
        self.spans.append(span)
        if (r := precedence.get(relation, 99)) < self.rank:
            self.relation, self.rank = relation, r
        self.type_name = self.type_name or m.type_name
        self.term = self.term or term

    def add_repeats(self, m: Mention, reps: Repeats, precedence: dict[str, int]) -> None:
        """Merge in all the plain repeats of ``m``, which have no term."""
        self.spans += reps.spans
        rank = self.rank
        for relation in reps.relations:
            if (r := precedence.get(relation, 99)) < rank:
                self.relation, self.rank = relation, r
                rank = r
        self.type_name = self.type_name or m.type_name

    def reference(self) -> Reference:
        """The reference the merged mentions make."""
        nested = self.nested
        via = nested.via.number.canonical if nested is not None and nested.via is not None else None
        via_rel: Relation | None = nested.relation if nested is not None else None
        n, date, issuer = self.number, self.date or None, self.issuer or None
        return Reference.of(
            canonical=n.canonical, type=self.type_name or None, type_code=n.type_code, number=n.number,
            year=n.year or (date.year if date is not None else None), issuer_code=n.issuer_code, issuer=issuer,
            date=date, term=self.term or None, subject=self.subject or None, relation=self.relation,
            system=n.system, form=n.form, via=via, via_relation=via_rel,
            likely=_likely(n, issuer), span=self.span, mentions=self.take_spans(),
        )

    def take_spans(self) -> tuple[Span, ...]:
        """The spans merged, handed over (a long list is not held beside its tuple once this one is made)."""
        spans = tuple(self.spans)
        self.spans = []
        return spans


def _likely(n: DocumentNumber, issuer: object) -> str | None:
    """The canonical number meant by a symbol whose issuer code has a one-letter slip, else ``None``.

    A two-letter code in capitals (``CN``) is too short to tell a slip from a unit's own code: it is
    corrected only when the citation names the issuer (``của Thủ tướng Chính phủ``) or when its case
    shows a catalogue spelling (``Tg``).
    """
    if n.form not in ("legal", "named", "party") or not n.issuer_codes:
        return None  # a công văn's codes are local units the catalogue does not list
    codes = _near_codes(n.issuer_codes, issuer if isinstance(issuer, str) else None)
    return with_issuer_codes(n, list(codes)).canonical if codes is not None else None


@lru_cache(maxsize=4096)
def _near_codes(issuer_codes: tuple[str, ...], issuer: str | None) -> tuple[str, ...] | None:
    """The issuer codes as the catalogue spells them (see ``_likely``), ``None`` when none changes;
    remembered (a text cites the same issuers again and again)."""
    cat = catalogue()
    named = cat.issuer_by_name(issuer) if issuer is not None else None
    codes = []
    for c in issuer_codes:
        near = cat.issuer_near(c)
        if near and (len(c) > 2 or not c.isupper() or (named is not None and named.code == near)):
            c = near
        codes.append(c)
    return None if codes == list(issuer_codes) else tuple(codes)


def _term_words(termed: list[Mention], terms: set[str]) -> list[tuple[str, set[str]]]:
    """Each term (in order) with the words of the subjects its termed mentions give, once per number."""
    words: dict[str, set[str]] = {t: set() for t in terms}
    for x in termed:
        if x.term in words and (subject := x.subject):
            words[x.term] |= _words(subject)
    return [(t, words[t]) for t in sorted(terms)]


def _pick_term(context: str, term_words: list[tuple[str, set[str]]]) -> str | None:
    """The term of an unqualified mention of a number cited under several: the one whose subjects' words
    (``_term_words``) fit its context (the text around it) best."""
    ctx = _words(context)
    best, best_score = None, 0.0
    for t, words in term_words:
        if not words:
            continue
        score = len(ctx & words) / len(words)
        if score > best_score:
            best, best_score = t, score
    return best if best_score >= 0.25 else None

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
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice

from vanban.catalogue import catalogue
from vanban.dates import DATE_RE, date_from_match
from vanban.models import DocumentNumber, Reference, Relation, Span
from vanban.normalize import fold
from vanban.numbering import _BODY, FREE_RE, NUMBER_RE, number_from_match, trailing_marker, with_issuer_codes
from vanban.parse.layout import Reading

_SO = r"(?<!\w)[Ss][ốôồổ][ \t]*:?[ \t]*(?:\n[ \t]*)?"
_FREE_BODY = FREE_RE.pattern.split(")", 1)[1]  # FREE_RE without its look-behind
_CITE_RE = re.compile(
    rf"(?=[SsQT0-9])(?:(?P<so>{_SO})|(?<![\w/.\-–%]))(?:{_BODY}|(?(so)(?P<free>{_FREE_BODY})|(?!)))(?![/\w])"
)
_CITE_START = re.compile(
    r"[0-9SsQT](?:(?<=[0-9])(?<![\w/.\-–%][0-9])\d{0,5}(?:\.\d{1,3})?[ \t]*[-–/]"
    r"|(?<=[Ss])(?<!\w[Ss])[ốôồổ][ \t]*:?[ \t]*(?:\n[ \t]*)?[0-9QT]"
    r"|(?<=[QT])(?<![\w/.\-–%][QT])CVN)"
)
"""Where a citation can start: what every match of ``_CITE_RE`` begins with, led by a character class
so that the regex engine skips the text between candidates at full speed."""
_ROMAN = r"(?:X{0,3})(?:IX|IV|V?I{0,3})"
_TERM_RE = re.compile(rf"^[\s,*]*(?:\(\s*)?(?:khóa|khoá|Khóa|Khoá)\s+(?P<t>{_ROMAN})\b\s*\)?")
_DATE_AFTER = re.compile(r"^[\s,*]*(?:\(|được\s+)?(?:ban\s+hành\s+)?(?:ngày|ngay)\s*")
_ISSUER_AFTER = re.compile(r"^[\s,*]*(?:của|do)\s+")
_SUBJECT_AFTER = re.compile(r"^[\s,:*]*(?:(?P<q>[“\"][“\"*]*)\s*)?(?P<lead>về\s+việc|về|V/v|quy\s+định|hướng\s+dẫn|ban\s+hành)\b", re.IGNORECASE)
_QUOTED = re.compile(r"^[\s,:]*[“\"]\s*\*?")
_CLAUSE_BREAK = re.compile(r"[;:]|\.(?=\s)|\n[ \t]*\n")
_ISSUER_STOP = frozenset(w.strip() for w in
    """về|quy định|hướng dẫn|ban hành|sửa đổi|bổ sung|phê duyệt|thực hiện|tại|đối với|trong|theo|đã|được|là|có|
    khóa|khoá|ngày|nhằm|giao|cho|để|với|kèm|gồm|như|thì|mà|nhưng|đến|từ|khi|năm|tháng|lần|việc|trước|sau|này|
    hướng|quyết định|chỉ đạo|triển khai|tổ chức thực hiện|các|những|trên|dưới|số""".split("|")
)
_PASSIVE = re.compile(r"\bđược\s+$")
_COORDINATED = re.compile(r"[\s,*”\"]*(?:(?:và|hoặc|cùng)[\s*“\"]*|“[\s*“\"]*)?$")
_TRAILING = frozenset(("và", "-", "–", "của", "hoặc"))
_STOPWORDS = frozenset("của và các về việc trong theo đối với cho được có là những một này đã để tại từ trên".split())


def _trie(words: Iterable[str]) -> str:
    """A pattern matching any of ``words`` (case-insensitively, a space as ``\\s+``), the longest first.

    The words share their prefixes (``Thông tư`` / ``Thông tư liên tịch`` / ``Thông báo``), so a
    position is tried letter by letter once instead of word by word; a longer word is tried before
    the shorter one it extends, which is what an alternation sorted longest-first matches.
    """
    root: dict[str, dict] = {}  # type: ignore[type-arg]
    for w in words:
        node = root
        for ch in w:
            low = ch.lower()
            node = node.setdefault(low if len(low) == 1 else ch, {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str:  # type: ignore[type-arg]
        alts = [(r"\s+" if k == " " else re.escape(k)) + emit(child) for k, child in sorted(node.items()) if k]
        if not alts:
            return ""
        if len(alts) == 1 and "" not in node:
            return alts[0]
        return "(?:" + "|".join(alts) + ")" + ("?" if "" in node else "")

    first = "".join(sorted({re.escape(k) for k in root if k and k != " "}))
    return f"(?=[{first}]){emit(root)}"


def _type_alternation() -> re.Pattern[str]:
    cat = catalogue()
    names = set(cat.types) | set(cat.citable)
    for t in cat.types.values():
        names.update(t.aliases)
    return re.compile(rf"(?<!\w)(?:{_trie(names)})(?!\w)", re.IGNORECASE)


_TYPES_RE: re.Pattern[str] | None = None
_CUES_RE: re.Pattern[str] | None = None
_SIBLING_RE: re.Pattern[str] | None = None


def _sibling_re() -> re.Pattern[str]:
    """A list's next item announcing another citation (``, *Chỉ thị số``): a subject ends there."""
    global _SIBLING_RE
    if _SIBLING_RE is None:
        _SIBLING_RE = re.compile(
            rf"(?:[,;]|\s(?:và|hoặc))\s*[*“\"]*\s*(?:{_types_re().pattern})\s+(?:số\b|\d)", re.IGNORECASE)
    return _SIBLING_RE


def _types_re() -> re.Pattern[str]:
    global _TYPES_RE
    if _TYPES_RE is None:
        _TYPES_RE = _type_alternation()
    return _TYPES_RE


def _cues_re() -> re.Pattern[str]:
    global _CUES_RE
    if _CUES_RE is None:
        _CUES_RE = re.compile(rf"(?<!\w)(?:{_trie(catalogue().relation_cues)})(?!\w)", re.IGNORECASE)
    return _CUES_RE


@dataclass
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
    subject: str | None = None
    subject_end: int = -1  # reading offset where the subject ends
    relation: Relation = "mentions"
    via: Mention | None = None
    context: str = ""
    own: bool = False  # the document citing itself ("Kèm theo Quyết định số 1696/QĐ-UBND ngày ...")


def scan(reading: Reading, own: DocumentNumber | None) -> list[Mention]:
    """Every citation in ``reading``; mentions of the document's own number are flagged ``own``."""
    text = reading.text
    out: list[Mention] = []
    prev_end = 0
    own_key = own.identity if own else None
    for m in _citations(text):
        num_start = m.start("so") if m.group("so") else m.start()
        body_start = m.end("so") if m.group("so") else m.start()
        raw = text[body_start:m.end()]
        lookback_start = max(prev_end, num_start - 90)
        back = text[lookback_start:num_start]
        type_name, type_pos = _type_before(back, bool(m.group("free")) or bool(m.group("so")))
        dispatch = None
        if type_name and fold(type_name) in ("công văn", "văn bản"):
            dispatch = True
        number = _number(m, " ".join(raw.split()), dispatch)
        if number is None:
            continue
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
            continue
        own_mention = bool(own_key) and number.identity == own_key
        if type_name is None:
            entry = catalogue().type_by_code(number.type_code, number.system) if number.type_code else None
            type_name = entry.name if entry else None
        cite_start = lookback_start + type_pos if type_pos is not None else num_start
        span = Span(start=reading.to_source(cite_start), end=reading.to_source(end, end=True))
        mention = Mention(number=number, span=span, rstart=cite_start, rend=end, type_name=type_name, own=own_mention)
        _look_ahead(text, m.end(), mention)  # past a trimmed footnote marker
        mention.relation = _relation(text[lookback_start:cite_start])
        prev = out[-1] if out else None
        if (prev is not None and not prev.own and mention.relation == "mentions"
                and _COORDINATED.match(text, max(prev.subject_end, prev.rend), cite_start)):
            # "Thực hiện Chỉ thị số 07-CT/TW ... và Hướng dẫn số 31-HD/BTGTW": one cue for both
            mention.relation, mention.via = prev.relation, prev.via
        ctx_lo = max(0, cite_start - 160)
        mention.context = text[ctx_lo:min(len(text), mention.subject_end if mention.subject_end > end else end + 160)]
        for earlier in reversed(out[-8:]):
            if not earlier.own and earlier.rend <= cite_start < earlier.subject_end:
                mention.via = earlier
                break
        out.append(mention)
        prev_end = end
    return out


def _citations(text: str) -> Iterator[re.Match[str]]:
    """The matches of ``_CITE_RE`` in ``text``, as ``finditer`` gives them, tried only where one can start."""
    search, match = _CITE_START.search, _CITE_RE.match
    pos = 0
    while (c := search(text, pos)) is not None:
        m = match(text, c.start())
        if m is None:
            pos = c.start() + 1
        else:
            yield m
            pos = m.end()


_NUMBERS: dict[tuple[tuple[str | None, ...], str, bool | None], DocumentNumber | None] = {}
_NUMBERS_MAX = 4096


def _number(m: re.Match[str], raw: str, dispatch: bool | None) -> DocumentNumber | None:
    """``number_from_match`` of a citation (``None`` when it is no number), remembered: a text cites
    the same documents again and again, and a corpus cites the same laws."""
    key = (m.groups(), raw, dispatch)
    if key in _NUMBERS:
        return _NUMBERS[key]
    try:
        number: DocumentNumber | None = number_from_match(m, raw=raw, dispatch=dispatch)
    except Exception:
        number = None
    if len(_NUMBERS) >= _NUMBERS_MAX:
        _NUMBERS.clear()
    _NUMBERS[key] = number
    return number


def _assembly_before_marker(text: str, start: int, end: int) -> re.Match[str] | None:
    """An assembly number (``58/2024/QH15``) followed by one or two footnote digits, without them."""
    for k in (1, 2):
        if end - k <= start or not text[end - k:end].isdigit():
            break
        m = NUMBER_RE.match(text, start, end - k)
        if m and m.end() == end - k and m.group("anum"):
            return m
    return None


def _last_in_clause(pattern: re.Pattern[str], back: str) -> re.Match[str] | None:
    """The last match of ``pattern`` in the clause that ``back`` ends with."""
    clause_start = 0
    for cm in _CLAUSE_BREAK.finditer(back):
        clause_start = cm.end()
    best = None
    for m in pattern.finditer(back, clause_start):
        best = m
    return best


def _type_before(back: str, loose: bool) -> tuple[str | None, int | None]:
    """The type word that announces a citation: right before it, or (``loose``) earlier in the clause."""
    best = _last_in_clause(_types_re(), back)
    if best is None:
        return None, None
    gap = back[best.end():]
    words = len(gap.split())
    if words <= 1 or (loose and words <= 12):
        entry = catalogue().type_by_name(best.group(0))
        name = entry.name if entry else best.group(0)[:1].upper() + best.group(0)[1:]
        return name, best.start()
    return None, None


def _look_ahead(text: str, pos: int, mention: Mention) -> None:
    window_end = min(len(text), pos + 600)
    i = pos
    for _ in range(4):
        seg = text[i:window_end]
        tm = _TERM_RE.match(seg)
        if tm and mention.term is None:
            mention.term = tm.group("t")
            i += tm.end()
            continue
        dm = _DATE_AFTER.match(seg)
        if dm and mention.date is None:
            dd = DATE_RE.match(seg, dm.end())
            if dd:
                mention.date = date_from_match(dd)
                i += dd.end()
                if seg[dd.end():dd.end() + 1] == ")":
                    i += 1
                continue
        im = _ISSUER_AFTER.match(seg)
        if im and mention.issuer is None:
            issuer, used = _issuer_phrase(seg[im.end():])
            if issuer:
                mention.issuer = issuer
                i += im.end() + used
                continue
        break
    _subject(text, i, window_end, mention)


_TOKEN = re.compile(r"[^\s,;.()“”\"*]+|[,;.()“”\"*]")


def _issuer_phrase(s: str) -> tuple[str | None, int]:
    words: list[str] = []
    pos = 0
    tokens = list(islice(_TOKEN.finditer(s, 0, 200), 16))  # 14 words, the next one and a stop at most
    for k, wm in enumerate(tokens):
        w = wm.group(0)
        if w in ",;.()“”\"*":
            break
        lw = w.lower()
        nxt = tokens[k + 1].group(0).lower() if k + 1 < len(tokens) else ""
        if words and (lw in _ISSUER_STOP or f"{lw} {nxt}" in _ISSUER_STOP):
            break
        if not words and not w[:1].isupper():
            return None, 0
        if w[:1].isdigit():
            break
        words.append(w)
        pos = wm.end()
        if len(words) >= 14:
            break
    while words and words[-1].lower() in _TRAILING:
        words.pop()
    if not words:
        return None, 0
    return " ".join(words), pos


_CLOSE_QUOTE = re.compile(r"[”\"]")
_SUBJECT_END = re.compile(r";|\.(?=\s|$)|\n\s*\n|\n(?=[-–+•]\s)")


def _subject(text: str, i: int, window_end: int, mention: Mention) -> None:
    seg = text[i:window_end]
    sm = _SUBJECT_AFTER.match(seg)
    qm = _QUOTED.match(seg)
    if not sm and not qm:
        mention.subject_end = i
        return
    if sm:
        start = i + sm.start("lead")
        lead = sm.group("lead").lower()
        if lead.startswith("về"):
            start = i + sm.end("lead")
        quoted = bool(sm.group("q"))
    else:
        assert qm is not None
        start = i + qm.end()
        quoted = True
    end = window_end
    if quoted:
        close = _CLOSE_QUOTE.search(text, start, window_end)
        if close:
            end = close.start()
    else:
        br = _SUBJECT_END.search(text, start, window_end)
        end = br.start() if br else min(window_end, start + 300)
    sib = _sibling_re().search(text, start, end)
    if sib:
        end = sib.start()
    subject = " ".join(text[start:end].replace("*", " ").split()).strip(" ,\"")
    if subject.startswith("“") and subject.count("“") > subject.count("”"):
        subject = subject[1:]
    if subject.endswith("”") and subject.count("”") > subject.count("“"):
        subject = subject[:-1]
    if subject.lower().startswith("về "):
        subject = subject[3:]
    mention.subject = subject or None
    mention.subject_end = end + (1 if quoted else 0)


def _relation(back: str) -> Relation:
    best = _last_in_clause(_cues_re(), back)
    if best is None or _PASSIVE.search(back, max(0, best.start() - 12), best.start()):
        # "được sửa đổi, bổ sung bởi ...": the cited document acts on another one, not this one on it
        return "mentions"
    rel = catalogue().relation_cues.get(fold(best.group(0)), "mentions")
    return rel  # type: ignore[return-value]


def own_date(mentions: list[Mention]) -> dt.date | None:
    """The date a document gives itself when it cites its own number (an appendix heading)."""
    return next((m.date for m in mentions if m.own and m.date), None)


def _words(s: str) -> set[str]:
    return {w for w in re.findall(r"[^\W\d_]{2,}", fold(s)) if w not in _STOPWORDS}


def merge(mentions: list[Mention]) -> list[Reference]:
    """Group mentions into distinct cited documents (number + Party term) in order of first mention."""
    cat = catalogue()
    groups: dict[str, list[Mention]] = {}
    order: list[str] = []
    by_number: dict[str, set[str]] = {}
    termed: dict[str, list[Mention]] = {}
    mentions = [m for m in mentions if not m.own]
    for m in mentions:
        if m.term:
            by_number.setdefault(m.number.identity, set()).add(m.term)
            termed.setdefault(m.number.identity, []).append(m)
    for m in mentions:
        key = m.number.identity
        terms = by_number.get(key, set())
        term = m.term
        if term is None and terms:
            term = _pick_term(m, termed[key], terms)
            m.term = term
        gkey = f"{key}@{term}" if term else key
        if gkey not in groups:
            groups[gkey] = []
            order.append(gkey)
        groups[gkey].append(m)
    precedence = {r: i for i, r in enumerate(cat.relation_precedence)}
    refs: list[Reference] = []
    for gkey in order:
        ms = groups[gkey]
        first = ms[0]
        direct = [m for m in ms if m.via is None]
        rel: Relation = "mentions"
        for m in direct:
            if precedence.get(m.relation, 99) < precedence.get(rel, 99):
                rel = m.relation
        nested = next((m for m in ms if m.via is not None), None)
        via = nested.via.number.canonical if nested and nested.via else None
        via_rel: Relation | None = nested.relation if nested else None
        n = first.number
        refs.append(Reference(
            canonical=n.canonical, type=_first(ms, "type_name"), type_code=n.type_code, number=n.number,
            year=n.year or _year(ms), issuer_code=n.issuer_code, issuer=_first(ms, "issuer"),
            date=_first(ms, "date"), term=_first(ms, "term"), subject=_first(ms, "subject"), relation=rel,
            system=n.system, form=n.form, via=via, via_relation=via_rel,
            likely=_likely(n, _first(ms, "issuer")), span=first.span,
            mentions=tuple(m.span for m in ms),
        ))
    return refs


def _likely(n: DocumentNumber, issuer: object) -> str | None:
    """The canonical number meant by a symbol whose issuer code has a one-letter slip, else ``None``.

    A two-letter code in capitals (``CN``) is too short to tell a slip from a unit's own code: it is
    corrected only when the citation names the issuer (``của Thủ tướng Chính phủ``) or when its case
    shows a catalogue spelling (``Tg``).
    """
    if n.form not in ("legal", "named", "party") or not n.issuer_codes:
        return None  # a công văn's codes are local units the catalogue does not list
    cat = catalogue()
    named = cat.issuer_by_name(issuer) if isinstance(issuer, str) else None
    codes = []
    for c in n.issuer_codes:
        near = cat.issuer_near(c)
        if near and (len(c) > 2 or not c.isupper() or (named is not None and named.code == near)):
            c = near
        codes.append(c)
    if codes == list(n.issuer_codes):
        return None
    return with_issuer_codes(n, codes).canonical


def _first(ms: list[Mention], attr: str) -> object:
    for m in ms:
        v = getattr(m, attr)
        if v:
            return v
    return None


def _year(ms: list[Mention]) -> int | None:
    d = _first(ms, "date")
    return d.year if isinstance(d, dt.date) else None


def _pick_term(m: Mention, termed: list[Mention], terms: set[str]) -> str | None:
    """The term of an unqualified mention: the only one, or the one whose subject fits its context."""
    if len(terms) == 1:
        return next(iter(terms))
    ctx = _words(m.context)
    best, best_score = None, 0.0
    for t in sorted(terms):
        words: set[str] = set()
        for x in termed:
            if x.term == t:
                words |= _words(x.subject or "")
        if not words:
            continue
        score = len(ctx & words) / len(words)
        if score > best_score:
            best, best_score = t, score
    return best if best_score >= 0.25 else None

"""Reference resolution: which document of the corpus does each citation name, and how sure are we.

Three steps, cheapest first, each link carrying a ``confidence`` in ``[0, 1]`` and a ``reason``:

1. **exact** on the number's identity (leading zeros, case and spacing ignored), then
   disambiguation when several documents share the number: the year (state numbers restart every
   year), the Party term (khóa: ``11-CT/TW`` of khóa VIII is not that of khóa X), the full date,
   the issuer's name, and "issued before the citing document";
2. **OCR-tolerant key**: diacritics dropped and look-alike characters (``0``/``O``, ``1``/``l``/``I``)
   merged, for ``QD-TTg`` against ``QĐ-TTg``;
3. **fuzzy** with rapidfuzz, only over a blocked candidate set — the documents of the same type and
   issuer, or of the same type and number — never all pairs, and only when a second fact (the
   date or the subject) agrees.

What stays unresolved points to a placeholder node, "cited, not in corpus", whose URI depends only
on what the numbering law says identifies the document; adding that document later fills it.

Inside one document, :func:`short_mentions` binds short forms (``Kế hoạch này``, ``Chỉ thị nêu
trên``, ``Kế hoạch số 81``) to an earlier full citation of a compatible type, in one pass with a
bounded look-back, and leaves them unresolved with a reason when the antecedent is missing or
ambiguous. :func:`statement_edges` reads what the citing document says about two cited documents
(``Thực hiện Hướng dẫn 31 ... ban hành Kế hoạch 81``: the plan implements the guidance).
"""

from __future__ import annotations

import bisect
import datetime as dt
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Any, NamedTuple

from pydantic import BaseModel, ConfigDict
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from vanban import patterns
from vanban.catalogue import catalogue
from vanban.link.identity import Identity, PartialDate, number_slug, slug, term_of
from vanban.models import Document, Reference, Relation, Span, identity_key
from vanban.normalize import fold, strip_marks

YEARLESS_FORMS = frozenset({"named", "dispatch", "party", "free"})
"""Number shapes that do not carry their year: two documents may share them in different years/terms."""

_OCR = str.maketrans({"o": "0", "l": "1", "i": "1", "|": "1", "–": "-", "—": "-", " ": ""})
_ABBREVIATIONS = (("ubnd", "ủy ban nhân dân"), ("hđnd", "hội đồng nhân dân"), ("btv", "ban thường vụ"))
_LEAD_DIGITS = patterns.compile(r"\d+")
FUZZY_CUTOFF = 85.0
MAX_BLOCK = 5000
LOOK_BACK = 3000
"""Characters a short mention may look back for its antecedent (``Kế hoạch này``)."""


# --- keys ---------------------------------------------------------------------------------------

def number_key(canonical: str) -> str:
    """Exact key of a number: leading zeros dropped, case folded (``07-CT/TW`` -> ``7-ct/tw``)."""
    return identity_key(canonical)


def ocr_key(canonical: str) -> str:
    """OCR-tolerant key: no diacritics, look-alike characters merged (``QD-TTG`` == ``QĐ-TTg``)."""
    return strip_marks(identity_key(canonical)).translate(_OCR)


def serial(canonical: str) -> str:
    """The serial number that opens a number (``07`` of ``07-CT/TW``), leading zeros dropped."""
    m = _LEAD_DIGITS.match(canonical.strip())
    return (m.group(0).lstrip("0") or "0") if m else ""


def block_key(type_code: str | None, canonical: str, year: int | None) -> str | None:
    """Fuzzy block for a slip in the symbol: same type, serial number and year (``qđ#15#2020``)."""
    if not year:
        return None
    return f"{strip_marks(type_code or 'cv').casefold()}#{serial(canonical)}#{year}"


def date_key(canonical: str, date: str | None) -> str | None:
    """Fuzzy block for a slip in the serial number: same symbol (OCR-folded) and same day."""
    if not date:
        return None
    okey = ocr_key(canonical)
    return okey[len(serial(canonical)):].lstrip("0123456789") + "@" + date


@lru_cache(maxsize=65536)
def issuer_fold(name: str | None) -> str:
    """Issuer name key with common abbreviations spelt out (``UBND tỉnh`` == ``Ủy ban nhân dân tỉnh``)."""
    if not name:
        return ""
    s = fold(name)
    for short, full in _ABBREVIATIONS:
        s = re.sub(rf"\b{short}\b", full, s)
    return s


def placeholder_identity(ref: Reference) -> Identity:
    """The identity of a cited-but-absent document, from what identifies it under its numbering law.

    A number that carries its year needs nothing else; a state number without a year is keyed by
    the citation's year (numbers restart every year); a Party number by its term (khóa) when known.
    The day is left out on purpose so that every citation of the same document, with or without a
    date, lands on the same placeholder.
    """
    term = term_of(ref.system, ref.issuer_code, ref.date, ref.term)
    date = PartialDate(ref.year) if ref.year and ref.form != "party" else None
    actor = slug(ref.issuer_code) if ref.issuer_code else "unknown"
    return Identity(slug(ref.type) if ref.type else "van-ban", actor or "unknown",
                    number_slug(ref.canonical) or "unknown", date, None if date else term)


def document_keys(doc: Document) -> dict[str, Any]:
    """What the resolver knows of a document as a candidate, by column (the store's and the batch tables' order).

    The keys (``nkey``, ``okey``, ``block``, ``dkey``) are set only for a numbered document; the
    issuer is the name with its parent body, ``issuer_key`` its folded form and ``place`` the place
    that name ends with.
    """
    n = doc.number
    numbered = n is not None and bool(n.number)
    issuer = " ".join(x for x in (doc.issuer.name, doc.issuer.parent) if x) if doc.issuer else None
    year = (n.year if n else None) or (doc.date.year if doc.date else None)
    date = iso(doc.date)
    return {
        "canonical": n.canonical if n else None,
        "nkey": number_key(n.canonical) if n and numbered else None,
        "okey": ocr_key(n.canonical) if n and numbered else None,
        "block": block_key(n.type_code, n.canonical, year) if n and numbered else None,
        "dkey": date_key(n.canonical, date) if n and numbered else None,
        "type": doc.type.name if doc.type else None, "type_code": n.type_code if n else None,
        "issuer_code": n.issuer_code if n else None, "issuer": issuer, "issuer_key": issuer_fold(issuer),
        "place": place_of(issuer_fold(issuer)), "system": doc.system, "form": n.form if n else None,
        "date": date, "year": year, "term": term_of(n.system, n.issuer_code, doc.date) if n else None,
        "subject": doc.subject,
    }


def reference_keys(ref: Reference) -> dict[str, Any]:
    """What the resolver knows of one citation, by column (the store's and the batch tables' order)."""
    return {
        "canonical": ref.canonical, "nkey": number_key(ref.canonical), "okey": ocr_key(ref.canonical),
        "block": block_key(ref.type_code, ref.canonical, ref.year), "dkey": date_key(ref.canonical, iso(ref.date)),
        "placeholder": placeholder_identity(ref).uri, "type": ref.type, "type_code": ref.type_code,
        "issuer_code": ref.issuer_code, "issuer": ref.issuer, "issuer_key": issuer_fold(ref.issuer),
        "system": ref.system, "form": ref.form, "date": iso(ref.date), "year": ref.year,
        "term": term_of(ref.system, ref.issuer_code, ref.date, ref.term), "subject": ref.subject,
        "relation": ref.relation,
    }


# --- the decision -------------------------------------------------------------------------------

class Candidate(NamedTuple):
    """What the resolver knows of one corpus document."""

    id: int
    uri: str
    okey: str
    year: int | None
    term: str | None
    date: str | None
    issuer: str
    subject: str
    type: str = ""

    @property
    def suspect(self) -> bool:
        """True when the number's year and the date disagree (a misread number, usually)."""
        return bool(self.year and self.date and self.date[:4].isdigit() and int(self.date[:4]) != self.year)


class Cited(NamedTuple):
    """What the resolver knows of one citation (a stored reference)."""

    id: int
    canonical: str
    nkey: str
    okey: str
    block: str | None
    dkey: str | None
    form: str
    year: int | None
    term: str | None
    date: str | None
    issuer: str
    subject: str
    citing_date: str | None
    citing_doc: int
    type: str = ""


@dataclass(frozen=True)
class Link:
    """The outcome for one citation: the document it names (``None``: placeholder) and why."""

    ref_id: int
    doc_id: int | None
    uri: str | None
    confidence: float
    reason: str


def _check(ref: Cited, doc: Candidate) -> tuple[bool, int, list[str]]:
    """(compatible, score, facts) of a candidate sharing the citation's number key."""
    facts: list[str] = []
    score = 0
    if type_family(ref.type) and type_family(doc.type) and type_family(ref.type) != type_family(doc.type):
        return False, 0, [f"type {ref.type} != {doc.type}"]
    if ref.term and doc.term:
        if ref.term != doc.term:
            return False, 0, [f"term {ref.term} != {doc.term}"]
        score += 3
        facts.append(f"term {doc.term}")
    if ref.date and doc.date:
        if ref.date != doc.date:
            if ref.form in YEARLESS_FORMS:
                return False, 0, [f"date {ref.date} != {doc.date}"]
            score -= 1
            facts.append(f"dates differ ({ref.date} cited, {doc.date} printed)")
        else:
            score += 3
            facts.append(f"date {doc.date}")
    elif ref.year and doc.year:
        if ref.year != doc.year and ref.form in YEARLESS_FORMS:
            return False, 0, [f"year {ref.year} != {doc.year}"]
        if ref.year == doc.year:
            score += 2
            facts.append(f"year {doc.year}")
    if ref.citing_date and doc.date and doc.date > ref.citing_date:
        return False, 0, [f"issued {doc.date}, after the citing document"]
    if ref.issuer and doc.issuer:
        ref_place, doc_place = place_of(ref.issuer), place_of(doc.issuer)
        if ref_place and doc_place:
            if not (ref_place.startswith(doc_place) or doc_place.startswith(ref_place)):
                return False, 0, [f"issuer in {ref_place!r}, not {doc_place!r}"]
            score += 1
            facts.append("issuer agrees")
        elif ref.issuer == doc.issuer or fuzz.ratio(ref.issuer, doc.issuer) >= 90:
            score += 1
            facts.append("issuer agrees")
    return True, score, facts


def decide(ref: Cited, exact: Sequence[Candidate], ocr: Sequence[Candidate],
           fuzzy: Sequence[Candidate]) -> tuple[Candidate | None, float, str]:
    """Pick the document a citation names from its exact, OCR-key and blocked fuzzy candidates."""
    for stage, pool in (("exact number", exact), ("OCR-tolerant number", ocr)):
        pool = [c for c in pool if c.id != ref.citing_doc]
        if not pool:
            continue
        checked = [(c, *_check(ref, c)) for c in pool]
        ok = [(c, s, f) for c, good, s, f in checked if good]
        if not ok:
            continue
        ok.sort(key=lambda x: (x[1], x[0].date or ""), reverse=True)
        best, score, facts = ok[0]
        base = 1.0 if stage == "exact number" else 0.9
        if best.suspect:
            base *= 0.5
            facts = [*facts, f"but the document's number year {best.year} disagrees with its date {best.date}"]
        if len(ok) > 1 and ok[1][1] == score:
            return best, round(base * 0.5, 3), (
                f"{stage}; ambiguous between {len(ok)} documents, chose the latest issued"
                + (f" ({', '.join(facts)})" if facts else ""))
        if score > 1 or ref.form not in YEARLESS_FORMS:
            why = ", ".join(facts) if facts else "number carries its year"
            return best, round(base * (0.98 if score >= 0 else 0.8), 3), f"{stage}; {why}"
        return best, round(base * 0.7, 3), (f"{stage}; the citation gives no date, year or term: "
                                             "the only document with this number" + "".join(f", {f}" for f in facts))
    if fuzzy:
        choices = {i: c.okey for i, c in enumerate(fuzzy) if c.id != ref.citing_doc}
        for _, fscore, k in process.extract(ref.okey, choices, scorer=fuzz.ratio,
                                            score_cutoff=FUZZY_CUTOFF, limit=5):
            found = _fuzzy_accept(ref, fuzzy[k], fscore)
            if found is not None:
                return fuzzy[k], found[0], found[1]
    return None, 0.0, "cited, not in corpus"


def _fuzzy_accept(ref: Cited, c: Candidate, score: float) -> tuple[float, str] | None:
    """Accept a near-miss number only with a second fact: siblings (15/2022 and 14/2022 of one
    ministry, signed the same day) are common, so a differing serial needs date *and* subject."""
    good, _, _ = _check(ref, c)
    if not good or (ref.year and c.year and ref.year != c.year):
        return None
    same_date = bool(ref.date and ref.date == c.date)
    subj = fuzz.token_sort_ratio(ref.subject, c.subject) if ref.subject and c.subject else 0.0
    m1, m2 = _LEAD_DIGITS.match(ref.okey), _LEAD_DIGITS.match(c.okey)
    same_serial = bool(m1 and m2 and m1.group(0) == m2.group(0))
    sym1, sym2 = ref.okey[len(m1.group(0)) if m1 else 0:], c.okey[len(m2.group(0)) if m2 else 0:]
    if same_serial and Levenshtein.distance(sym1, sym2) > (2 if len(sym1) >= 12 else 1):
        return None  # another issuer's document with the same serial, not an OCR slip
    if same_serial and (same_date or subj >= 85):
        proof = f"date {c.date}" if same_date else f"subject {subj:.0f}% alike"
        return round(0.75 * score / 100, 3), f"fuzzy symbol {score:.0f}% alike, same serial number; {proof}"
    if not same_serial and same_date and subj >= 95:
        return round(0.6 * score / 100, 3), f"fuzzy serial number {score:.0f}% alike; date {c.date}, subject {subj:.0f}% alike"
    return None


_FAMILIES = {"bộ luật": "luật", "văn bản": ""}


_PLACE_RE = patterns.compile(
    r"(?<!\w)((?:tỉnh|thành phố|huyện|quận|thị xã|xã|phường)\s+(?!ủy\b|hội\b|đoàn\b)\w[\w -]*)$")


@lru_cache(maxsize=65536)
def place_of(issuer: str | None) -> str | None:
    """The place a (folded) issuer name ends with (``ủy ban nhân dân tỉnh lào cai`` -> ``tỉnh lào cai``)."""
    if not issuer:
        return None
    m = _PLACE_RE.search(issuer)
    return m.group(1).strip() if m else None


@cache
def type_family(type_name: str) -> str:
    """Types that cite each other interchangeably (``Bộ luật``/``Luật``) share a family."""
    f = fold(type_name)
    return _FAMILIES.get(f, f)


def near_keys(okey: str, block: dict[int, str], limit: int = 5) -> list[int]:
    """Ids of the documents of a fuzzy block whose OCR key is at least ``FUZZY_CUTOFF``% like ``okey``."""
    return [k for _, _, k in process.extract(okey, block, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF,
                                              limit=limit)]


# --- short mentions inside one document ------------------------------------------------------------

class ShortMention(BaseModel):
    """A short form of a citation (``Kế hoạch này``, ``Chỉ thị nêu trên``, ``Kế hoạch số 81``).

    ``target`` is the canonical number of the full citation it stands for, ``self_reference`` is
    true when it names the document itself (``Thông tư này`` inside a Thông tư); when neither,
    ``reason`` says why it stays unresolved.
    """

    model_config = ConfigDict(frozen=True)

    text: str
    span: Span
    type: str
    target: str | None = None
    target_index: int | None = None
    self_reference: bool = False
    reason: str


@cache
def _rules() -> dict[str, Any]:
    with (resources.files("vanban") / "data" / "link_rules.json").open(encoding="utf-8") as f:
        data: dict[str, Any] = json.load(f)
    return data


def type_rank(type_name: str | None) -> int | None:
    """Place of a type in an implementation chain (0 = root directive), or ``None`` when unranked."""
    if not type_name:
        return None
    rank: dict[str, int] = _rules()["rank"]
    return rank.get(type_name)


@cache
def _short_re() -> re.Pattern[str]:
    cat = catalogue()
    names = sorted({n for t in cat.types.values() for n in (t.name, *t.aliases)} | {"Văn bản"},
                   key=len, reverse=True)
    types = "|".join(re.escape(n) for n in names)
    ana = "|".join(re.escape(w) for w in sorted(_rules()["anaphora"], key=len, reverse=True))
    own = "|".join(re.escape(w) for w in _rules()["self"])
    return patterns.compile(
        rf"(?<![\w])(?P<type>{types})(?:[ \t]+(?P<num>(?:số[ \t]+)?(?P<n>\d{{1,6}}))(?![\d/\-–.,]\d|[\d/\-–\w])"
        rf"|[ \t]+(?P<ana>{ana})|[ \t]+(?P<own>{own}))(?![\w])"
    )


_PARA_RE = patterns.compile(r"\n[ \t]*\n|\n[ \t]*[-–+•][ \t]|^", re.M)


def short_mentions(doc: Document, *, look_back: int = LOOK_BACK) -> tuple[ShortMention, ...]:
    """Bind every short form of ``doc`` to its antecedent citation of a compatible type (one pass)."""
    text = doc.text
    if not text:
        return ()
    events: list[tuple[int, int, int]] = []
    for i, ref in enumerate(doc.references):
        for sp in ref.mentions or (ref.span,):
            events.append((sp.start, sp.end, i))
    events.sort()
    paras = [m.start() for m in _PARA_RE.finditer(text)]
    own_type = fold(doc.type.name) if doc.type else None
    last: dict[str, list[tuple[int, int]]] = {}  # folded type -> [(position, ref index)] newest last
    by_number: dict[tuple[str, int], set[int]] = {}
    out: list[ShortMention] = []
    k = 0
    for m in _short_re().finditer(text):
        while k < len(events) and events[k][1] <= m.start():
            start, _, i = events[k]
            ref = doc.references[i]
            t = fold(ref.type) if ref.type else ""
            last.setdefault(t, []).append((start, i))
            if ref.number and ref.number.isdigit():
                by_number.setdefault((t, int(ref.number)), set()).add(i)
            k += 1
        if k < len(events) and events[k][0] < m.end():
            continue  # inside a full citation
        type_name = m.group("type")
        t = fold(type_name)
        span = Span(start=m.start(), end=m.end())
        para = paras[bisect.bisect_right(paras, m.start()) - 1] if paras else 0
        if m.group("own"):
            if t == own_type:
                out.append(ShortMention(text=m.group(0), span=span, type=type_name, self_reference=True,
                                        reason="names the document itself"))
                continue
            if own_type == fold("Văn bản hợp nhất") and type_name in _rules()["consolidated"]:
                out.append(ShortMention(text=m.group(0), span=span, type=type_name, self_reference=True,
                                        reason="names the text this consolidation restates"))
                continue
        if m.group("n"):
            hits = by_number.get((t, int(m.group("n"))), set())
            if len(hits) == 1:
                i = next(iter(hits))
                out.append(ShortMention(text=m.group(0), span=span, type=type_name,
                                        target=doc.references[i].canonical, target_index=i,
                                        reason="repeats the number of an earlier citation"))
            else:
                why = (f"{len(hits)} earlier citations of {type_name} số {m.group('n')}" if hits
                       else f"no earlier citation of {type_name} số {m.group('n')}")
                out.append(ShortMention(text=m.group(0), span=span, type=type_name, reason=why))
            continue
        if m.group("num"):
            continue
        if t == fold("Văn bản"):
            pool = [x for lst in last.values() for x in lst if x[0] >= para]
            distinct = {i for _, i in pool}
            if len(distinct) == 1:
                i = distinct.pop()
                out.append(ShortMention(text=m.group(0), span=span, type=type_name,
                                        target=doc.references[i].canonical, target_index=i,
                                        reason="the only citation earlier in the paragraph"))
            else:
                out.append(ShortMention(text=m.group(0), span=span, type=type_name,
                                        reason=f"generic 'văn bản' with {len(distinct)} citations in the paragraph"))
            continue
        cands = [(p, i) for p, i in last.get(t, ()) if p >= m.start() - look_back]
        if not cands and m.group("own") and type_name in _rules()["attached"]:
            out.append(ShortMention(text=m.group(0), span=span, type=type_name, self_reference=True,
                                    reason=f"the {type_name} issued with this document"))
            continue
        if not cands:
            out.append(ShortMention(text=m.group(0), span=span, type=type_name,
                                    reason=f"no earlier {type_name} cited within {look_back} characters"))
            continue
        p, i = cands[-1]
        rivals = {j for q, j in cands if q >= para and j != i}
        if rivals and p >= para:
            names = ", ".join(sorted(doc.references[j].canonical for j in rivals | {i}))
            out.append(ShortMention(text=m.group(0), span=span, type=type_name,
                                    reason=f"ambiguous: {names} all precede it in the paragraph"))
            continue
        out.append(ShortMention(text=m.group(0), span=span, type=type_name,
                                target=doc.references[i].canonical, target_index=i,
                                reason=f"nearest earlier {type_name}"))
    return tuple(out)


# --- what the citing document says about two cited documents -------------------------------------

@dataclass(frozen=True)
class RefEdge:
    """An edge between two documents cited by one document: ``source`` ``relation`` ``target``."""

    source: int  # index into doc.references
    target: int
    relation: Relation
    confidence: float
    reason: str


_PASSIVE_RE = patterns.compile(r"(?<!\w)được(?:\s+\S+){0,8}?\s+(?:bởi|tại|theo)(?:\s+\S+){0,2}\s*$")
_SENTENCE_RE = patterns.compile(r"\.[ \t]*(?:\n|[ \t](?=[A-ZĐ\-]))|\n[ \t]*\n|\n[ \t]*[-–+•][ \t]")


@cache
def _lead_cue_re() -> re.Pattern[str]:
    cues = [fold(p) for p, rel in catalogue().relation_cues.items() if rel in ("implements", "continues")]
    alt = "|".join(re.escape(c) for c in sorted(set(cues), key=len, reverse=True))
    return patterns.compile(rf"(?:^|[\s,;(])(?:{alt})\s*$")


@cache
def _issue_re() -> re.Pattern[str]:
    verbs = "|".join(re.escape(v) for v in _rules()["issue_verbs"])
    return patterns.compile(rf"(?<!\w)(?:{verbs})(?:\s+\S+){{0,3}}\s*$")


def statement_edges(doc: Document) -> tuple[RefEdge, ...]:
    """Edges between cited documents that ``doc`` states, found in one pass over its text.

    - ``via``: the parser saw ``Kế hoạch 81-KH/TU ... về thực hiện Chỉ thị 07-CT/TW``, so the plan
      implements the directive;
    - ``Thực hiện X ...; ... ban hành Y`` in one sentence: Y was issued to carry out X;
    - two cited documents with the same subject where one is of a lower rank (a Hướng dẫn with the
      subject of a Chỉ thị): the lower implements the higher.
    """
    refs = doc.references
    out: dict[tuple[int, int], RefEdge] = {}
    first: dict[str, int] = {}
    for i, r in enumerate(refs):
        first.setdefault(r.canonical, i)
    text = doc.text
    for i, r in enumerate(refs):
        if r.via and r.via in first and first[r.via] != i:
            rel: Relation = r.via_relation or "mentions"
            j = first[r.via]
            before = fold(text[max(0, r.span.start - 80):r.span.start]) if text else ""
            if rel != "mentions" and _PASSIVE_RE.search(before):
                # "X được sửa đổi, bổ sung bởi Y": the parser reads X -> Y; the act is Y's
                out[(i, j)] = RefEdge(i, j, rel, 0.85, f"{r.via} is said to be acted on by {r.canonical} (passive)")
            else:
                out[(j, i)] = RefEdge(j, i, rel, 0.9, f"subject of {r.via} names {r.canonical}")
    if text and len(refs) > 1:
        events = sorted((sp.start, sp.end, i) for i, r in enumerate(refs) for sp in (r.mentions or (r.span,)))
        bounds = [0, *(m.end() for m in _SENTENCE_RE.finditer(text)), len(text) + 1]
        by_sentence: dict[int, list[tuple[int, int, int]]] = {}
        for ev in events:
            by_sentence.setdefault(bisect.bisect_right(bounds, ev[0]) - 1, []).append(ev)
        for si, evs in by_sentence.items():
            if len(evs) < 2:
                continue
            start = bounds[si]
            for a in range(len(evs) - 1):
                x_start, x_end, x = evs[a]
                if not _lead_cue_re().search(fold(text[max(start, x_start - 40):x_start])):
                    continue
                for b in range(a + 1, len(evs)):
                    y_start, _, y = evs[b]
                    if y == x:
                        continue
                    if _issue_re().search(fold(text[max(x_end, y_start - 60):y_start])):
                        out.setdefault((y, x), RefEdge(
                            y, x, "implements", 0.8,
                            f"'{text[x_start:x_end]} ... ban hành {text[y_start:evs[b][1]]}' in one sentence"))
                        break
                break
    ranked = [(n, type_rank(r.type), fold(r.subject or "")) for n, r in enumerate(refs[:200])]
    for low, low_rank, low_subject in ranked:
        if low_rank is None or len(low_subject) < 20:
            continue
        for high, high_rank, high_subject in ranked:
            if (high == low or high_rank is None or high_rank >= low_rank or len(high_subject) < 20
                    or (low, high) in out or (high, low) in out):
                continue
            if low_subject == high_subject or fuzz.ratio(low_subject, high_subject) >= 95:
                out[(low, high)] = RefEdge(low, high, "implements", 0.6,
                                           f"{refs[low].type} and {refs[high].type} share the subject "
                                           f"'{refs[low].subject}'")
    return tuple(out.values())


def iso(d: dt.date | None) -> str | None:
    """ISO form of a date, or ``None``."""
    return d.isoformat() if d else None

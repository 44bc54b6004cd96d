"""Rules on cited documents (NĐ 30/2020 Phụ lục I II.6; Luật 80/2015 Điều 10; HD 36-HD/VPTW)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from vanban import patterns
from vanban.dates import make_date
from vanban.errors import NumberSyntaxError
from vanban.models import Document, Reference, Span
from vanban.numbering import parse_number
from vanban.rules.presence import date_is_guess
from vanban.rules.registry import Context, Hit, rule
from vanban.rules.spans import span_text

_NAME_ONLY = frozenset({"Luật", "Bộ luật", "Pháp lệnh", "Hiến pháp"})


_CLAUSE_START = patterns.compile(r"[;.:\n]\s*(?:-\s*)?Căn cứ\s", re.IGNORECASE)


def _printed(doc: Document, ref: Reference) -> str:
    return span_text(doc, ref.span) or ref.canonical


_DATE_AFTER = patterns.compile(r"\s*,?\s*(?:ban hành\s+)?ngày\s*\d")


def _dated_mention(doc: Document, ref: Reference) -> Span:
    """The first mention followed by its date (where a date finding belongs), else the first mention."""
    for m in ref.mentions or (ref.span,):
        if _DATE_AFTER.match(doc.text, m.end, min(len(doc.text), m.end + 40)):
            return m
    return ref.span


def _in_basis_clause(doc: Document, ref: Reference, at: Span | None = None) -> bool:
    """True when the first mention opens a ``Căn cứ ...`` clause (the citation is the clause's object)."""
    start = (at or ref.span).start
    window = doc.text[max(0, start - 60):start]
    clauses = list(_CLAUSE_START.finditer("\n" + window))
    if not clauses:
        return False
    last = clauses[-1]
    between = ("\n" + window)[last.end():]
    return not re.search(r"[;.]", between) and len(between.split()) <= 4


@rule("VB501")
def cited_after_citing(doc: Document, ctx: Context) -> Iterator[Hit]:
    """No cited document is dated after the citing one."""
    if doc.date is None or date_is_guess(doc):
        return
    for ref in doc.references:
        if ref.date is not None and ref.date > doc.date:
            span = _dated_mention(doc, ref)
            yield Hit(text=doc.text[span.start:span.end], span=span,
                      args={"cited": ref.date.strftime("%d/%m/%Y"), "date": doc.date.strftime("%d/%m/%Y")})


@rule("VB502")
def cited_number_year_mismatch(doc: Document, ctx: Context) -> Iterator[Hit]:
    """A cited legal number's year equals the year of its cited date."""
    for ref in doc.references:
        if ref.date is None or ref.form not in ("legal", "assembly"):
            continue
        try:
            year = parse_number(ref.canonical).year  # the number's own year (Reference.year may come from the date)
        except NumberSyntaxError:
            continue
        if year is not None and year != ref.date.year:
            span = _dated_mention(doc, ref)
            yield Hit(text=doc.text[span.start:span.end], span=span,
                      args={"year": str(year), "cited_year": ref.date.year})


def _first(ref: Reference) -> Span:
    """The first mention in reading order (``Reference.span`` is the fullest one)."""
    return min((ref.span, *ref.mentions), key=lambda s: s.start)


def _basis_refs(doc: Document) -> Iterator[tuple[Reference, Span]]:
    """Documents cited as a basis (căn cứ) at their first mention, other than laws and ordinances."""
    for ref in doc.references:
        first = _first(ref)
        if ref.relation != "based_on" or ref.via is not None or not _in_basis_clause(doc, ref, first):
            continue
        if ref.form in ("assembly", "standard", "free") or ref.type in _NAME_ONLY:
            continue
        yield ref, first


@rule("VB503")
def citation_date_missing(doc: Document, ctx: Context) -> Iterator[Hit]:
    """A document cited as a basis (căn cứ) gives its date on first mention."""
    for _ref, first in _basis_refs(doc):  # the date printed with the first mention, not learnt elsewhere
        if not _DATE_AFTER.match(doc.text, first.end, min(len(doc.text), first.end + 40)):
            yield Hit(text=doc.text[first.start:first.end], span=first)


@rule("VB507")
def legal_citation_date_missing(doc: Document, ctx: Context) -> Iterator[Hit]:
    """Before the 2025 law on legal documents, a legal document's căn cứ gives the cited date."""
    yield from citation_date_missing(doc, ctx)


@rule("VB508")
def citation_issuer_missing(doc: Document, ctx: Context) -> Iterator[Hit]:
    """A document cited as a basis (căn cứ) names its issuer on first mention."""
    for ref, first in _basis_refs(doc):
        if not ref.issuer:
            yield Hit(text=doc.text[first.start:first.end], span=first)


_GLUED = patterns.compile(r"(?<![\w/.])(?P<n>\d{1,5})/(?P<y>(?:19|20)\d{2})/(?P<code>[A-ZĐ][A-Za-zĐđ]{2,12})(?![\w/-])")
"""A legal number whose type and issuer codes are run together: ``30/2020/NĐCP``."""
_BAD_DATE = patterns.compile(r"(?<!\w)ngày\s+(?:(?P<wd>\d{1,2})\s+tháng\s+(?P<wm>\d{1,2})\s+năm\s+(?P<wy>\d{4})"
                       r"|(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>\d{4}))(?!\d)")


@rule("VB505")
def cited_number_malformed(doc: Document, ctx: Context) -> Iterator[Hit]:
    """A cited legal number joins its type and issuer codes with ``-`` (``30/2020/NĐ-CP``)."""
    cat = ctx.catalogue
    for m in _GLUED.finditer(doc.text):
        code = m.group("code")
        for k in range(1, len(code)):
            head, tail = code[:k], code[k:]
            if cat.abbreviation(head, "legal") and cat.issuer(tail) is not None:
                fixed = f"{m.group('n')}/{m.group('y')}/{head}-{tail}"
                yield Hit(text=m.group(0), span=Span(start=m.start(), end=m.end()), suggestion=fixed)
                break


@rule("VB506")
def cited_date_impossible(doc: Document, ctx: Context) -> Iterator[Hit]:
    """Every date the text gives (``ngày 31/02/2021``) exists in the calendar."""
    own = doc.spans.get("date")
    for m in _BAD_DATE.finditer(doc.text):
        if own is not None and own.start <= m.start() < own.end:
            continue  # the document's own date: VB301
        d, mo, y = (m.group("wd"), m.group("wm"), m.group("wy")) if m.group("wd") else (m.group("d"), m.group("m"),
                                                                                           m.group("y"))
        if make_date(d, mo, y) is None:
            yield Hit(text=m.group(0), span=Span(start=m.start(), end=m.end()))


@rule("VB504")
def citation_system_mismatch(doc: Document, ctx: Context) -> Iterator[Hit]:
    """Party documents cited with Party numbers, state documents with state numbers."""
    cat = ctx.catalogue
    for ref in doc.references:
        if not ref.issuer_code or ref.form in ("standard", "free", "assembly"):
            continue
        codes = [c for c in ref.issuer_code.split("-") if c]
        entries = [cat.issuer(c, ref.date) for c in codes]
        systems = {e.system for e in entries if e is not None}
        if ref.form == "party" and systems and "party" not in systems:
            yield Hit(text=_printed(doc, ref), span=ref.span,
                      args={"owner": "cơ quan nhà nước", "owner_en": "a state body", "style": "Đảng",
                            "style_en": "Party", "hint": ""},
                      suggestion=_state_form(ref))
        elif ref.form in ("named", "legal", "dispatch") and systems == {"party"}:
            yield Hit(text=_printed(doc, ref), span=ref.span,
                      args={"owner": "cơ quan Đảng", "owner_en": "a Party body", "style": "nhà nước",
                            "style_en": "state", "hint": ""},
                      suggestion=_party_form(ref))


def _party_form(ref: Reference) -> str | None:
    if ref.number and ref.type_code and ref.issuer_code:
        return f"{ref.number}-{ref.type_code}/{ref.issuer_code}"
    return None


def _state_form(ref: Reference) -> str | None:
    if ref.number and ref.type_code and ref.issuer_code:
        return f"{ref.number}/{ref.type_code}-{ref.issuer_code}"
    return None

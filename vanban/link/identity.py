"""Document identity: who issued what, when, under which numbering law, and its stable URI.

A document is named by a URI in the spirit of Akoma Ntoso's FRBR work URIs::

    /akn/vn/act/nghi-dinh/cp/2020-03-05/30-2020-nd-cp
         |  |   |         |  |          '- number: the số và ký hiệu, folded to ASCII
         |  |   |         |  '- date: YYYY-MM-DD, or partial YYYY-MM / YYYY, or khoa-<term>, or undated
         |  |   |         '- actor: the issuer's abbreviation (cp, ttg, btgtu, stttt)
         |  |   '- subtype: the Vietnamese type name (nghi-dinh, bao-cao, cong-van, chi-thi)
         |  '- doctype: always ``act``
         '- country: ``vn``

The numbering law decides what makes two numbers the same document (``match_key``): a state
administrative number restarts every year per issuer (Nghị định 30/2020 Điều 15), so its year
belongs to the key; a legal-normative number carries its year; a Party number runs per type per
Party-committee term, khóa (HD 36-HD/VPTW), so ``11-CT/TW`` of khóa VIII and of khóa X differ.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from vanban import patterns
from vanban.errors import InputError
from vanban.models import Document, Reference, System
from vanban.normalize import strip_marks

URI_PREFIX = "/akn/vn/act/"
_SLUG_RE = patterns.compile(r"[^a-z0-9]+")
_DATE_RE = patterns.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_TERM_RE = patterns.compile(r"^khoa-([ivxlc]+)$")
_URI_RE = patterns.compile(
    r"^/akn/vn/act/(?P<subtype>[a-z0-9]+(?:-[a-z0-9]+)*)/(?P<actor>[a-z0-9]+(?:-[a-z0-9]+)*)"
    r"/(?P<date>[a-z0-9-]+)/(?P<number>[a-z0-9]+(?:[-.][a-z0-9]+)*)$"
)
UNDATED = "undated"
UNKNOWN = "unknown"


@lru_cache(maxsize=65536)
def slug(text: str) -> str:
    """ASCII, lower-case, ``-``-joined form of ``text`` (``Nghị định`` -> ``nghi-dinh``)."""
    return _SLUG_RE.sub("-", strip_marks(text).casefold()).strip("-")


def number_slug(canonical: str) -> str:
    """The number as a URI segment: ``30/2020/NĐ-CP`` -> ``30-2020-nd-cp``, ``07-CT/TW`` -> ``7-ct-tw``."""
    s = slug(canonical.replace(".", ""))
    return re.sub(r"^0+(?=\d)", "", s)


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date of which only the year, or the year and month, may be known (``2017``, ``2017-07``)."""

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if self.day is not None and self.month is None:
            raise InputError("a partial date with a day needs a month")
        if self.day is not None and self.month is not None:
            dt.date(self.year, self.month, self.day)  # raises ValueError on 2021-02-30
        elif self.month is not None and not 1 <= self.month <= 12:
            raise InputError(f"month {self.month} out of range")

    @property
    def partial(self) -> bool:
        """True when the day (or month) is unknown."""
        return self.day is None

    @property
    def date(self) -> dt.date | None:
        """The full date, or ``None`` when partial."""
        if self.month is None or self.day is None:
            return None
        return dt.date(self.year, self.month, self.day)

    def __str__(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Read ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``."""
        m = _DATE_RE.match(text)
        if not m:
            raise InputError(f"not a date: {text!r}")
        try:
            return cls(int(m.group(1)), int(m.group(2)) if m.group(2) else None,
                       int(m.group(3)) if m.group(3) else None)
        except ValueError as e:
            raise InputError(f"not a date: {text!r} ({e})") from None

    @classmethod
    def of(cls, date: dt.date | None, year: int | None) -> PartialDate | None:
        """The full ``date`` when known, else the bare ``year``, else ``None``."""
        if date is not None:
            return cls(date.year, date.month, date.day)
        return cls(year) if year else None


@dataclass(frozen=True)
class Identity:
    """The parts of a document URI; ``str(identity)`` prints it and :meth:`parse` reads it back.

    ``date`` may be partial (a citation often gives only the year); when no date is known a
    Party document may still carry its ``term`` (khóa), printed ``khoa-viii`` in the date slot.
    """

    subtype: str
    actor: str
    number: str
    date: PartialDate | None = None
    term: str | None = None

    @property
    def uri(self) -> str:
        """The URI ``/akn/vn/act/<subtype>/<actor>/<date>/<number>``."""
        if self.date is not None:
            when = str(self.date)
        elif self.term:
            when = f"khoa-{self.term.lower()}"
        else:
            when = UNDATED
        return f"{URI_PREFIX}{self.subtype}/{self.actor}/{when}/{self.number}"

    def __str__(self) -> str:
        return self.uri

    @property
    def partial_date(self) -> bool:
        """True when the date slot is not a full day (a year, a month, a term or nothing)."""
        return self.date is None or self.date.partial

    @classmethod
    def parse(cls, uri: str) -> Identity:
        """Read a URI printed by :attr:`uri`; ``Identity.parse(u).uri == u`` for every valid ``u``."""
        m = _URI_RE.match(uri.strip())
        if not m:
            raise InputError(f"not a vanban document URI: {uri!r}")
        when = m.group("date")
        date: PartialDate | None = None
        term: str | None = None
        tm = _TERM_RE.match(when)
        if tm:
            term = tm.group(1).upper()
        elif when != UNDATED:
            date = PartialDate.parse(when)
        return cls(m.group("subtype"), m.group("actor"), m.group("number"), date, term)


@cache
def _congresses() -> tuple[tuple[dt.date, str], ...]:
    with (resources.files("vanban") / "data" / "party_terms.json").open(encoding="utf-8") as f:
        data = json.load(f)
    return tuple(sorted((dt.date.fromisoformat(c["closed"]), c["term"]) for c in data["congresses"]))


def party_term(date: dt.date | None) -> str | None:
    """The Central Committee term (khóa, Roman numeral) in force on ``date``."""
    if date is None:
        return None
    term = None
    for closed, name in _congresses():
        if date > closed:
            term = name
    return term


def _central_party(issuer_code: str | None) -> bool:
    from vanban.catalogue import catalogue

    if not issuer_code:
        return False
    entry = catalogue().issuer(issuer_code.split("-")[0])
    return entry is not None and entry.system == "party" and entry.level == "central"


def term_of(system: System | None, issuer_code: str | None, date: dt.date | None,
            stated: str | None = None) -> str | None:
    """The Party term a number belongs to: the one stated, else derived from the date (central organs)."""
    if stated:
        return stated.upper()
    if system == "party" and _central_party(issuer_code):
        return party_term(date)
    return None


def _identity(canonical: str, type_name: str | None, issuer_code: str | None,
              date: PartialDate | None, term: str | None) -> Identity:
    actor = slug(issuer_code) if issuer_code else UNKNOWN
    return Identity(slug(type_name) if type_name else "van-ban", actor or UNKNOWN,
                    number_slug(canonical) or UNKNOWN, date, None if date else term)


def document_identity(doc: Document) -> Identity | None:
    """The identity of a parsed document, or ``None`` when it has no number."""
    n = doc.number
    if n is None or not n.number:
        return None
    year = n.year or (doc.date.year if doc.date else None)
    term = term_of(n.system, n.issuer_code, doc.date)
    return _identity(n.canonical, doc.type.name if doc.type else None, n.issuer_code,
                     PartialDate.of(doc.date, year), term)


def reference_identity(ref: Reference) -> Identity:
    """The identity a citation names (its date often partial: the year of the number, or none)."""
    term = term_of(ref.system, ref.issuer_code, ref.date, ref.term)
    return _identity(ref.canonical, ref.type, ref.issuer_code, PartialDate.of(ref.date, ref.year), term)

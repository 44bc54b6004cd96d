"""The catalogues: document types, issuer abbreviations, signature authorities, relation cues.

The data live in ``vanban/data/*.json``; this module loads them once and answers look-ups in
constant time (dictionaries keyed by code and by folded name), so no caller scans a list.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from functools import cache, cached_property
from importlib import resources
from typing import Any, NamedTuple

from vanban import patterns
from vanban.models import System
from vanban.normalize import fold, strip_marks, strip_tones


def in_force(valid_from: dt.date | None, valid_to: dt.date | None, on: dt.date | None) -> bool:
    """True when ``on`` falls within ``[valid_from, valid_to]`` (open ends; always when ``on`` is None)."""
    if on is None:
        return True
    if valid_from and on < valid_from:
        return False
    return not (valid_to and on > valid_to)


class TypeEntry(NamedTuple):
    """A document type with its abbreviation(s) per system.

    The catalogue's entries are named tuples: a dataclass costs a compile of each of its methods when its class is
    made (a third of a millisecond), and every command's start-up makes these classes.
    """

    name: str
    aliases: tuple[str, ...]
    codes: dict[str, tuple[str, ...]]  # system -> codes, current first

    def code_for(self, system: str | None) -> str | None:
        """The current abbreviation in ``system`` (any system when ``None``)."""
        if system is not None:
            codes = self.codes.get(system, ())
            return codes[0] if codes else None
        for codes in self.codes.values():
            if codes:
                return codes[0]
        return None


class Abbreviation(NamedTuple):
    """One abbreviation of one type in one system, with its legal source and validity."""

    code: str
    system: str
    type_name: str
    source: str
    status: str
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None

    def in_force(self, on: dt.date | None) -> bool:
        """True when the abbreviation was prescribed on date ``on`` (always when ``on`` is None)."""
        return in_force(self.valid_from, self.valid_to, on)


class IssuerEntry(NamedTuple):
    """An issuing body's abbreviation, name and validity dates."""

    code: str
    name: str
    system: str
    level: str
    aliases: tuple[str, ...] = ()
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    takes_term: bool = False

    def in_force(self, on: dt.date | None) -> bool:
        """True when the body existed under this abbreviation on date ``on``."""
        return in_force(self.valid_from, self.valid_to, on)


class Authority(NamedTuple):
    """A signature authority prefix (``KT.``, ``T/M``): its kind (TM, KT, TL, TUQ, Q) and meaning."""

    prefix: str
    system: str
    kind: str
    meaning: str
    variants: tuple[str, ...]
    also_for: tuple[str, ...] = ()
    prescribed: bool = True


def _bare(s: str) -> str:
    """Lower-case key without marks, single-spaced: OCR-tolerant, for upper-case headings only."""
    return " ".join(strip_marks(s).lower().split())


def _date(s: str | None) -> dt.date | None:
    return dt.date.fromisoformat(s) if s else None


def _load(name: str) -> Any:
    with resources.files("vanban").joinpath("data").joinpath(name).open(encoding="utf-8") as f:
        return json.load(f)


class Catalogue:
    """All catalogue look-ups; use :func:`catalogue` for the shared, loaded instance."""

    def __init__(self) -> None:
        types = _load("types.json")
        self.types: dict[str, TypeEntry] = {}
        self._type_by_key: dict[str, TypeEntry] = {}
        self._type_by_bare: dict[str, TypeEntry] = {}
        self.abbreviations: list[Abbreviation] = []
        self._abbr: dict[tuple[str, str], list[Abbreviation]] = {}
        self._codes_ci: dict[str, set[str]] = {}
        for t in types["types"]:
            codes: dict[str, list[str]] = {}
            for a in t["abbreviations"]:
                ab = Abbreviation(a["code"], a["system"], t["name"], a["source"], a["status"],
                                  _date(a.get("valid_from")), _date(a.get("valid_to")))
                self.abbreviations.append(ab)
                self._abbr.setdefault((ab.system, ab.code), []).append(ab)
                self._codes_ci.setdefault(ab.code.casefold(), set()).add(ab.code)
                self._codes_ci.setdefault("\0" + strip_marks(ab.code).casefold(), set()).add(ab.code)
                lst = codes.setdefault(ab.system, [])
                if ab.status == "current":
                    lst.insert(0, ab.code)
                else:
                    lst.append(ab.code)
            entry = TypeEntry(t["name"], tuple(t["aliases"]), {k: tuple(v) for k, v in codes.items()})
            self.types[entry.name] = entry
            for n in (entry.name, *entry.aliases):
                self._type_by_key[fold(n)] = entry
                self._type_by_bare.setdefault(_bare(n), entry)
        self.citable: tuple[str, ...] = tuple(types["citable"])
        self.legal_only: frozenset[str] = frozenset(types["legal_only"])
        self.party_only: frozenset[str] = frozenset(types["party_only"])

        self.issuers: dict[str, list[IssuerEntry]] = {}
        self._issuer_ci: dict[str, set[str]] = {}
        self._issuer_by_name: dict[str, IssuerEntry] = {}
        issuers = _load("issuers.json")
        for d in issuers["issuers"]:
            e = IssuerEntry(d["code"], d["name"], d["system"], d["level"], tuple(d.get("aliases", ())),
                            _date(d.get("valid_from")), _date(d.get("valid_to")), bool(d.get("takes_term")))
            self.issuers.setdefault(e.code, []).append(e)
            self._issuer_ci.setdefault(e.code.casefold(), set()).add(e.code)
            self._issuer_ci.setdefault("\0" + strip_marks(e.code).casefold(), set()).add(e.code)
            for n in (e.name, *e.aliases):
                self._issuer_by_name.setdefault(fold(n), e)

        self._issuer_deletions: dict[str, set[str]] = {}
        for code in self.issuers:
            for k in range(len(code)):
                self._issuer_deletions.setdefault((code[:k] + code[k + 1:]).casefold(), set()).add(code)

        self.organ_re = patterns.compile(rf"(?:{'|'.join(map(re.escape, sorted(issuers['organ_words'], key=len, reverse=True)))})(?!\w)")
        """Matches the word an issuing body's name begins with (``BỘ``, ``SỞ``, ``ỦY BAN``, ``TỈNH ỦY``)."""
        self._organ_heads = frozenset(" ".join(w.split()[:k]) for w in issuers["organ_words"]
                                      for k in range(1, len(w.split()) + 1))
        self._organ_words: tuple[str, ...] = tuple(issuers["organ_words"])

        sig = _load("signatures.json")
        self.authorities: tuple[Authority, ...] = tuple(
            Authority(a["prefix"], a["system"], a["kind"], a["meaning"], tuple(a["variants"]),
                      tuple(a.get("also_for", ())), a.get("prescribed", True)) for a in sig["authorities"]
        )
        self._authority_by_text = {t: a for a in reversed(self.authorities) for t in (a.prefix, *a.variants)}
        self._authority_form = {(a.system, k): a.prefix for a in self.authorities if a.prescribed
                                for k in (a.kind, *a.also_for)}
        self.positions: tuple[str, ...] = tuple(sorted(sig["positions"], key=len, reverse=True))
        self.academic_titles: frozenset[str] = frozenset(sig["academic_titles"])
        self.honorifics: tuple[str, ...] = tuple(sorted((*sig["academic_titles"], *sig["ranks"]), key=len, reverse=True))
        self.position_re = patterns.compile(rf"(?:{'|'.join(map(re.escape, self.positions))})(?![^\W\d_])")
        """Matches an official title opening a position line (``PHÓ TRƯỞNG BAN``)."""
        self.honorific_re = patterns.compile(
            "(?:" + "|".join(re.escape(h) + ("" if h.endswith(".") else r"(?=\s)") for h in self.honorifics) + r")\s*")
        """Matches a rank or academic title printed before a name (``Trung tướng``, ``PGS.TS.``)."""

        rel = _load("relations.json")
        self.relation_cues: dict[str, str] = {}
        for relation, phrases in rel["relations"].items():
            for p in phrases:
                self.relation_cues[fold(p)] = relation
        self.relation_precedence: tuple[str, ...] = tuple(rel["precedence"])

    # --- patterns few texts ask for, compiled when one does ---------------------------------
    @cached_property
    def authority_re(self) -> re.Pattern[str]:
        """Matches an authority prefix as printed, prescribed or not (``KT.``, ``K/T``, ``T/M.``, ``TM``)."""
        spellings = sorted(self._authority_by_text, key=len, reverse=True)
        return patterns.compile(rf"(?:{'|'.join(map(re.escape, spellings))})(?![a-zđ/])")

    @cached_property
    def _organ_toneless(self) -> re.Pattern[str]:
        """An organ word with its tone marks dropped (``HUYỆN ÚY`` as OCR may print ``ỦY``)."""
        words = sorted({strip_tones(w) for w in self._organ_words}, key=lambda w: (-len(w), w))  # (one order every run)
        return patterns.compile(rf"(?:{'|'.join(map(re.escape, words))})(?!\w)")

    @cached_property
    def _position_bare(self) -> re.Pattern[str]:
        """An official title in the bare key of ``_bare`` (its marks slipped by OCR)."""
        bare = sorted({re.escape(_bare(p)).replace(chr(92) + " ", " ") for p in self.positions}, key=len, reverse=True)
        return patterns.compile(rf"(?:{'|'.join(bare)})(?![a-z])")

    # --- document types -------------------------------------------------------------------
    def type_by_name(self, name: str) -> TypeEntry | None:
        """The type called ``name`` (any case, either tone placement), or ``None``."""
        return self._type_by_key.get(fold(name))

    def type_by_heading(self, heading: str) -> TypeEntry | None:
        """The type a heading in capitals names, tolerating OCR slips in its marks (``KÉT LUẬN``)."""
        return self._type_by_key.get(fold(heading)) or self._type_by_bare.get(_bare(heading))

    def organ_start(self, text: str) -> bool:
        """True when ``text`` begins with an organ word, a tone mark slipped by OCR allowed (``HUYỆN ÚY``)."""
        return bool(self.organ_re.match(text) or self._organ_toneless.match(strip_tones(text)))

    def organ_head(self, text: str) -> bool:
        """True when ``text`` is an organ word or its first words (``ỦY`` of ``ỦY BAN``), as narrow cells wrap it."""
        return " ".join(text.split()) in self._organ_heads

    def position_start(self, text: str) -> bool:
        """True when ``text`` begins with an official title, its marks slipped by OCR allowed."""
        return bool(self.position_re.match(text) or self._position_bare.match(_bare(text)))

    def type_by_code(self, code: str, system: str | None = None, on: dt.date | None = None) -> TypeEntry | None:
        """The type abbreviated ``code`` in ``system`` (case-insensitive fallback), or ``None``."""
        for exact in self._code_variants(code, self._codes_ci):
            systems = (system,) if system else ("state", "party", "legal")
            for s in systems:
                abbrs = self._abbr.get((s, exact))
                if abbrs:
                    live = [a for a in abbrs if a.in_force(on)] or abbrs
                    return self.types[live[0].type_name]
        return None

    def abbreviation(self, code: str, system: str) -> list[Abbreviation]:
        """Every catalogue record of ``code`` as a type abbreviation in ``system``."""
        return list(self._abbr.get((system, code), ()))

    def is_type_code(self, code: str) -> bool:
        """True when ``code`` is a type abbreviation in any system (exact case, then any case)."""
        return bool(self._code_variants(code, self._codes_ci))

    def canonical_type_code(self, code: str) -> str:
        """``code`` in its catalogue spelling when it matches one case-insensitively (``TTG``)."""
        found = self._code_variants(code, self._codes_ci)
        return found[0] if found else code

    # --- issuers -----------------------------------------------------------------------------
    def issuer(self, code: str, on: dt.date | None = None) -> IssuerEntry | None:
        """The body abbreviated ``code`` (a term suffix such as ``QH15`` allowed) on date ``on``."""
        base = code.rstrip("0123456789") if code[-1:].isdigit() else code
        for exact in self._code_variants(base, self._issuer_ci):
            entries = self.issuers[exact]
            if base != code and not entries[0].takes_term:
                continue
            live = [e for e in entries if e.in_force(on)] or entries
            return live[0]
        return None

    def canonical_issuer_code(self, code: str) -> str:
        """``code`` in its catalogue spelling (``TTG`` -> ``TTg``), else unchanged."""
        tail = ""
        base = code
        while base and base[-1].isdigit():
            tail = base[-1] + tail
            base = base[:-1]
        found = self._code_variants(base, self._issuer_ci)
        return (found[0] + tail) if found else code

    def issuer_near(self, code: str) -> str | None:
        """The one catalogue code that ``code`` misses by a dropped or an extra letter (``Tg`` -> ``TTg``).

        ``None`` when ``code`` is in the catalogue, is shorter than two letters, or is near no code or
        several. Looked up in an index of one-letter deletions, never by scanning the catalogue.
        """
        if len(code) < 2 or self.issuer(code) is not None:
            return None
        found = set(self._issuer_deletions.get(code.casefold(), ()))
        if len(code) > 2:
            for k in range(len(code)):
                found.update(self._issuer_ci.get((code[:k] + code[k + 1:]).casefold(), ()))
        return next(iter(found)) if len(found) == 1 else None

    def issuer_by_name(self, name: str) -> IssuerEntry | None:
        """The catalogue body whose name or alias is ``name``, or ``None``."""
        return self._issuer_by_name.get(fold(name))

    # --- signatures --------------------------------------------------------------------------
    def authority(self, prefix: str) -> Authority | None:
        """The authority written ``prefix`` (``KT.``, ``K/T``, ``KT``), or ``None``."""
        return self._authority_by_text.get(prefix.strip())

    def authority_form(self, kind: str, system: str) -> str | None:
        """How ``system`` prescribes writing an authority of ``kind`` (``KT`` -> ``KT.`` or ``K/T``)."""
        return self._authority_form.get((system, kind))

    @staticmethod
    def _code_variants(code: str, index: dict[str, set[str]]) -> list[str]:
        hits = index.get(code.casefold())
        if not hits and code.isascii():
            # OCR and HTML drop diacritics: QD-TTg for QĐ-TTg (ascii keys are in the same index).
            hits = index.get("\0" + code.casefold())
        if hits:
            if code in hits:
                return [code]
            return sorted(hits)
        return []


@cache
def layouts() -> dict[str, Any]:
    """The layout catalogue: page, margins and component sizes per system, each with its allowed range."""
    data: dict[str, Any] = _load("layouts.json")
    return data


@cache
def catalogue() -> Catalogue:
    """The loaded catalogue (read once per process)."""
    return Catalogue()


def system_codes(system: System) -> frozenset[str]:
    """Every type abbreviation of ``system``."""
    return frozenset(a.code for a in catalogue().abbreviations if a.system == system)

"""The validation engine: pick the profile and the rules in force on the document's date, run them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from vanban.catalogue import catalogue
from vanban.errors import OptionError, VanbanError
from vanban.models import Document
from vanban.report import SEVERITY_ORDER, Finding, Lang, Profile, Report
from vanban.rules.presence import gazette_copy, national_title, party_title
from vanban.rules.registry import PROFILE_OF_SYSTEM, PROFILES, Context, Rule, all_rules


def profile_of(doc: Document) -> Profile:
    """The profile matching the document's numbering system (``nd30`` when unknown).

    When the parser could not tell the system, a printed ``ĐẢNG CỘNG SẢN VIỆT NAM`` heading makes it a
    Party document.
    """
    heading = party_title(doc)
    if doc.system is None and heading is not None and heading.span.start < _PARTY_HEADING_WITHIN \
            and national_title(doc) is None:
        return "party"
    return PROFILE_OF_SYSTEM.get(doc.system or "state", "nd30")


LANGS: tuple[Lang, ...] = ("vi", "en")
"""The languages of the findings' messages."""


def rule_ids(values: str | Iterable[str] | None) -> tuple[str, ...]:
    """Rule ids or id prefixes from a string (``"VB1,VB204"``) or an iterable of them; ``OptionError`` if unknown."""
    if values is None:
        return ()
    items = [values] if isinstance(values, str) else list(values)
    out: list[str] = []
    for v in items:
        if not isinstance(v, str):
            raise OptionError(f"a rule id must be a string, not {type(v).__name__}")
        out.extend(c.strip().upper() for c in v.split(",") if c.strip())
    known = [r.id for r in all_rules()]
    for prefix in out:
        if not any(rid.startswith(prefix) for rid in known):
            raise OptionError(f"unknown rule {prefix} (see `vanban rules`)")
    return tuple(out)


COPIES = ("gazette", "original")
"""Kinds of copy: ``gazette`` (a Công báo copy: no Nơi nhận, may be cut between issues), ``original``."""


def check_options(profile: str | None = None, lang: str = "vi", copy: str | None = None) -> None:
    """Refuse a profile, language or kind of copy that is not one of the accepted values, with ``OptionError``."""
    if profile is not None and profile not in PROFILES:
        raise OptionError(f"unknown profile {profile!r} (one of {', '.join(PROFILES)})")
    if lang not in LANGS:
        raise OptionError(f"unknown language {lang!r} (one of {', '.join(LANGS)})")
    if copy is not None and copy not in COPIES:
        raise OptionError(f"unknown copy kind {copy!r} (one of {', '.join(COPIES)})")


def select_rules(profile: Profile, on: dt.date, select: str | Iterable[str] = (),
                 ignore: str | Iterable[str] = ()) -> list[Rule]:
    """The rules of ``profile`` in force on ``on``, narrowed by id prefixes to select and ignore."""
    sel = rule_ids(select)
    ign = rule_ids(ignore)
    rules = all_rules()
    return [r for r in rules
            if profile in r.profiles and r.in_force(on) and r.check is not None
            and (not sel or r.id.startswith(sel)) and not (ign and r.id.startswith(ign))]


_PARTY_HEADING_WITHIN = 600
"""The Party heading opens the page; one quoted further down (an appendix's examples) says nothing."""


def validate(doc: Document, profile: Profile | None = None, *, lang: Lang = "vi",
             select: str | Iterable[str] = (), ignore: str | Iterable[str] = (),
             today: dt.date | None = None, copy: str | None = None) -> Report:
    """Check ``doc`` against the rules of its profile in force on its date; returns a :class:`Report`.

    ``copy`` is ``gazette`` for a Công báo copy, ``original`` otherwise; ``None`` tells them apart by
    the gazette's running header and portal signature.
    """
    check_options(profile, lang, copy)
    if not isinstance(doc, Document):
        raise OptionError(f"validate expects a Document, not {type(doc).__name__} (read it with parse_file)")
    prof: Profile = profile or profile_of(doc)
    day = today or dt.date.today()
    on = doc.date or day
    kind = copy or ("gazette" if gazette_copy(doc) else "original")
    ctx = Context(profile=prof, on=on, catalogue=catalogue(), today=day, copy=kind)
    rules = select_rules(prof, on, select, ignore)
    findings: list[Finding] = []
    for r in rules:
        assert r.check is not None
        try:
            hits = list(r.check(doc, ctx))
        except Exception as e:  # a broken rule (a plug-in's, say) is named, not hidden in a traceback
            raise VanbanError(f"rule {r.id} ({r.origin}) failed on {doc.source or 'the document'}: {e!r}") from e
        for hit in hits:
            args = {"text": " ".join((hit.text or "").split()), "suggestion": hit.suggestion or "", **hit.args}
            findings.append(Finding(rule=r.id, severity=r.severity, message=r.format(lang, args),
                                    text=hit.text, span=hit.span, paragraph=hit.paragraph,
                                    suggestion=hit.suggestion))
    findings.sort(key=lambda f: (f.span.start if f.span else -1, f.paragraph if f.paragraph is not None else -1,
                                 SEVERITY_ORDER[f.severity], f.rule))
    return Report(source=doc.source, profile=prof, lang=lang, checked_on=on.isoformat(),
                  rules=tuple(r.id for r in rules), findings=tuple(findings))

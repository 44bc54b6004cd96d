"""The rule registry: metadata from ``vanban/data/rules.json`` bound to small check functions.

A rule is a function ``check(doc, ctx) -> Iterable[Hit]`` registered with :func:`rule`. Built-in
rules take their metadata (severity, profiles, clause, normativity, dates in force, messages) from
``rules.json``, the single source for ``vanban rules`` and ``docs/rules.md``; a user package
passes the same metadata as keyword arguments and is found through the entry-point group
``vanban.rules`` (see ``docs/validation.md``).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import warnings
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import import_module, metadata, resources
from typing import Any, cast

from vanban import patterns
from vanban.catalogue import Catalogue
from vanban.errors import OptionError, VanbanError
from vanban.models import Document, Span
from vanban.report import Profile, Severity

PROFILES: tuple[Profile, ...] = ("nd30", "party", "qppl")
PROFILE_OF_SYSTEM: dict[str, Profile] = {"state": "nd30", "party": "party", "legal": "qppl"}
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")
ENTRY_POINT_GROUP = "vanban.rules"
BUILTIN_MODULES = ("components", "wording", "numbers", "dates", "signature", "authority", "references",
                   "recipients", "ocr", "typography", "paragraphs")
_ID_RE = patterns.compile(r"^[A-Z][A-Za-z]*\d+$")


@dataclass(frozen=True)
class Hit:
    """What a check function reports: the offending text, where it is, and message arguments.

    ``args`` fill the ``{placeholders}`` of the rule's messages; ``suggestion`` is a proposed
    reading or fix, shown to the user and never applied.
    """

    text: str | None = None
    span: Span | None = None
    paragraph: int | None = None
    args: Mapping[str, object] = field(default_factory=dict)
    suggestion: str | None = None


@dataclass(frozen=True)
class Context:
    """What a check function may use besides the document: profile, date of the rules, catalogue, copy kind."""

    profile: Profile
    on: dt.date
    catalogue: Catalogue
    today: dt.date = field(default_factory=dt.date.today)
    copy: str | None = None
    """``today``: the day of the check (dates after it are in the future); ``copy``: ``gazette`` when the
    text is a Công báo copy, which leaves out the Nơi nhận block and may cut a document between issues."""


Check = Callable[[Document, Context], Iterable[Hit]]


@dataclass(frozen=True)
class Rule:
    """A rule: its metadata and its check function (``None`` while only described in ``rules.json``)."""

    id: str
    name: str
    severity: Severity
    profiles: tuple[Profile, ...]
    clause: str
    normativity: str
    summary: Mapping[str, str]
    message: Mapping[str, str]
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    check: Check | None = None
    origin: str = "vanban"

    def in_force(self, on: dt.date) -> bool:
        """True when the requirement applied on date ``on``."""
        if self.valid_from and on < self.valid_from:
            return False
        return not (self.valid_to and on > self.valid_to)

    def format(self, lang: str, args: Mapping[str, object]) -> str:
        """The message in ``lang`` (Vietnamese when missing) with ``args`` filled in."""
        template = self.message.get(lang) or self.message["vi"]
        try:
            return template.format(**args)
        except (KeyError, IndexError, ValueError):
            return template

    def sarif(self) -> dict[str, Any]:
        """The SARIF 2.1.0 ``reportingDescriptor`` of this rule."""
        from vanban.report import SARIF_LEVEL

        return {
            "id": self.id,
            "name": self.name,
            "shortDescription": {"text": self.summary.get("en") or self.summary["vi"]},
            "fullDescription": {"text": self.summary["vi"]},
            "help": {"text": f"{self.clause}. See docs/rules.md#{self.id.lower()}."},
            "defaultConfiguration": {"level": SARIF_LEVEL[self.severity]},
            "properties": {"profiles": list(self.profiles), "clause": self.clause,
                           "normativity": self.normativity},
        }


def _date(s: str | None) -> dt.date | None:
    return dt.date.fromisoformat(s) if s else None


def _spec(d: Mapping[str, Any], origin: str) -> Rule:
    rid = str(d["id"])
    if not _ID_RE.match(rid):
        raise VanbanError(f"rule id {rid!r} is not letters followed by digits (VB107)")
    severity = d["severity"]
    if severity not in SEVERITIES:
        raise VanbanError(f"rule {rid}: severity {severity!r} is not one of {', '.join(SEVERITIES)}")
    profiles = tuple(d["profiles"])
    for p in profiles:
        if p not in PROFILES:
            raise VanbanError(f"rule {rid}: profile {p!r} is not one of {', '.join(PROFILES)}")
    message = dict(d["message"])
    summary = dict(d.get("summary") or message)
    if "vi" not in message or "vi" not in summary:
        raise VanbanError(f"rule {rid}: a Vietnamese message ('vi') is required")
    try:
        valid_from, valid_to = _date(d.get("valid_from")), _date(d.get("valid_to"))
    except (TypeError, ValueError):
        raise VanbanError(f"rule {rid}: valid_from/valid_to must be ISO dates (2020-03-05)") from None
    return Rule(id=rid, name=str(d["name"]), severity=severity, profiles=cast(tuple[Profile, ...], profiles),
                clause=str(d.get("clause", "")), normativity=str(d.get("normativity", "mandatory")),
                summary=summary, message=message, valid_from=valid_from, valid_to=valid_to, origin=origin)


class Registry:
    """Every known rule by id; built-in metadata is loaded from ``rules.json``."""

    def __init__(self) -> None:
        with (resources.files("vanban") / "data" / "rules.json").open(encoding="utf-8") as f:
            data = json.load(f)
        self._meta: dict[str, Rule] = {}
        self.retired: dict[str, str] = dict(data.get("retired", {}))
        for d in data["rules"]:
            spec = _spec(d, "vanban")
            if spec.id in self._meta:
                raise VanbanError(f"rules.json lists {spec.id} twice")
            self._meta[spec.id] = spec
        self.rules: dict[str, Rule] = {}

    def add(self, spec: Rule) -> None:
        """Register a rule with its check; an id is never registered twice."""
        if spec.id in self.rules:
            raise VanbanError(f"rule {spec.id} is registered twice ({spec.origin}, {self.rules[spec.id].origin})")
        if spec.id in self.retired:
            raise VanbanError(f"rule id {spec.id} is retired and may not be reused")
        self.rules[spec.id] = spec

    def builtin(self, rid: str) -> Rule:
        """The metadata of built-in rule ``rid`` from ``rules.json``."""
        try:
            return self._meta[rid]
        except KeyError:
            raise VanbanError(f"rule {rid} has no entry in vanban/data/rules.json") from None

    def unbound(self) -> list[str]:
        """Ids listed in ``rules.json`` that have no check function."""
        return sorted(set(self._meta) - set(self.rules))


@cache
def _registry() -> Registry:
    return Registry()


def rule(rid: str, **meta: Any) -> Callable[[Check], Check]:
    """Decorator registering ``check`` as rule ``rid``.

    Built-in rules pass only the id (metadata come from ``rules.json``); a user package passes
    ``name``, ``severity``, ``profiles``, ``message`` (``{"vi": ..., "en": ...}``) and optionally
    ``clause``, ``normativity``, ``summary``, ``valid_from``, ``valid_to``.
    """

    def register(check: Check) -> Check:
        reg = _registry()
        if meta:
            if rid.startswith("VB"):
                raise VanbanError(f"rule id {rid}: the VB prefix is reserved for vanban's own rules")
            try:
                spec = _spec({"id": rid, **meta}, check.__module__)
            except KeyError as e:
                raise VanbanError(f"rule {rid}: {e.args[0]} is required") from None
        else:
            spec = reg.builtin(rid)
        reg.add(replace(spec, check=check))
        return check

    return register


def load_plugins(entry_points: Iterable[metadata.EntryPoint] | None = None) -> list[str]:
    """Import the modules named by the ``vanban.rules`` entry points; returns the names loaded.

    Importing such a module registers its rules (it uses :func:`rule`). A plug-in that fails to
    load is reported with a warning and skipped: the built-in rules still run.
    """
    eps = metadata.entry_points(group=ENTRY_POINT_GROUP) if entry_points is None else entry_points
    loaded: list[str] = []
    for ep in eps:
        try:
            ep.load()
        except Exception as e:
            warnings.warn(f"vanban: rule package {ep.name!r} failed to load: {e}", stacklevel=2)
            continue
        loaded.append(ep.name)
    return loaded


def unregister(rid: str) -> None:
    """Remove a plug-in rule (tests, reloading a plug-in); built-in rules cannot be removed."""
    reg = _registry()
    if rid in reg.rules and reg.rules[rid].origin == "vanban":
        raise VanbanError(f"rule {rid} is built in and cannot be removed")
    reg.rules.pop(rid, None)


@cache
def _load_all() -> None:
    for name in BUILTIN_MODULES:
        import_module(f"{__package__}.{name}")
    load_plugins()


def all_rules() -> list[Rule]:
    """Every registered rule (built-in and from ``vanban.rules`` entry points), sorted by id."""
    _load_all()
    return sorted(_registry().rules.values(), key=_sort_key)


def get_rule(rid: str) -> Rule:
    """The registered rule ``rid``; :class:`OptionError` when unknown."""
    _load_all()
    try:
        return _registry().rules[rid]
    except KeyError:
        raise OptionError(f"unknown rule {rid}") from None


def _sort_key(r: Rule) -> tuple[str, int]:
    m = re.match(r"^([A-Za-z]+)(\d+)$", r.id)
    return (m.group(1), int(m.group(2))) if m else (r.id, 0)


def retired_ids() -> dict[str, str]:
    """Retired rule ids with the reason; they are never reused."""
    return dict(_registry().retired)


def unbound_ids() -> list[str]:
    """Ids described in ``rules.json`` without a check function (should be empty)."""
    _load_all()
    return _registry().unbound()

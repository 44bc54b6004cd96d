"""Validation rules for Nghị định 30/2020 (state), the Party guides and legal-normative documents.

``validate(doc)`` checks a :class:`~vanban.models.Document` against the rules of its profile in
force on its date; :func:`rule` registers a check function (also from user packages, through the
entry-point group ``vanban.rules``); :func:`rules_markdown` renders the rule catalogue.
"""

from __future__ import annotations

from vanban.rules.catalog import rules_json, rules_markdown, rules_text
from vanban.rules.engine import LANGS, check_options, profile_of, rule_ids, select_rules, validate
from vanban.rules.registry import (
    ENTRY_POINT_GROUP,
    PROFILES,
    Context,
    Hit,
    Rule,
    all_rules,
    get_rule,
    load_plugins,
    rule,
    unregister,
)

__all__ = [
    "ENTRY_POINT_GROUP",
    "LANGS",
    "PROFILES",
    "Context",
    "Hit",
    "Rule",
    "all_rules",
    "check_options",
    "get_rule",
    "load_plugins",
    "profile_of",
    "rule",
    "rule_ids",
    "rules_json",
    "rules_markdown",
    "rules_text",
    "select_rules",
    "unregister",
    "validate",
]

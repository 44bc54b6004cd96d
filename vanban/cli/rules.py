"""``vanban rules [--format text|json|markdown] [--profile P] [--lang vi|en]``: the rule catalogue."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from vanban.rules import PROFILES, rules_json, rules_markdown, rules_text


def _run(args: argparse.Namespace) -> int:
    if args.format == "json":
        sys.stdout.write(rules_json(args.profile))
    elif args.format == "markdown":
        sys.stdout.write(rules_markdown())
    else:
        sys.stdout.write(rules_text(args.profile, args.lang))
    return 0


def register(sub: Any) -> None:
    """Add the ``rules`` command."""
    p = sub.add_parser("rules")
    p.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    p.add_argument("--profile", choices=PROFILES, default=None)
    p.add_argument("--lang", choices=("vi", "en"), default="vi")
    p.set_defaults(func=_run)

"""``vanban check PATH... [--format text|json|sarif] [--profile P|gazette-copy] [--copy gazette|original] ...``.

Other options: ``[--lang vi|en] [--select/--ignore VB...]``.

Exit status: 0 when no finding has error severity, 1 when one has, 2 on usage errors or unreadable
input (one line on stderr).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from vanban.readers import parse_file
from vanban.report import render_json, render_sarif, render_text
from vanban.rules import PROFILES, all_rules, validate
from vanban.rules.engine import COPIES

GAZETTE_COPY = "gazette-copy"


def _codes(values: list[str] | None) -> list[str]:
    out: list[str] = []
    for v in values or []:
        out.extend(c.strip().upper() for c in v.split(",") if c.strip())
    return out


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("vanban")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "0"


def _run(args: argparse.Namespace) -> int:
    select, ignore = _codes(args.select), _codes(args.ignore)
    docs = [parse_file(path) for path in args.paths]  # every file read first: bad input exits 2 early
    profile, copy = args.profile, args.copy
    if profile == GAZETTE_COPY:  # the rule set of the document's system, checked as a Công báo copy
        profile, copy = None, "gazette"
    reports = [validate(doc, profile, lang=args.lang, select=select, ignore=ignore, copy=copy) for doc in docs]
    texts = [doc.text for doc in docs]
    if args.format == "json":
        out = render_json(reports)
    elif args.format == "sarif":
        ran = {rid for r in reports for rid in r.rules}
        out = render_sarif(reports, texts, [r.sarif() for r in all_rules() if r.id in ran], _version())
    else:
        out = render_text(reports, texts)
    sys.stdout.write(out)
    return 0 if all(r.ok for r in reports) else 1


def register(sub: Any) -> None:
    """Add the ``check`` command."""
    p = sub.add_parser("check", help="validate documents against NĐ 30/2020, the Party guides or VBQPPL rules")
    p.add_argument("paths", nargs="+", metavar="PATH", help="text, DOCX, PDF or edXML files")
    p.add_argument("--format", choices=("text", "json", "sarif"), default="text")
    p.add_argument("--profile", choices=(*PROFILES, GAZETTE_COPY), default=None,
                   help="rule set (default: from the document's system: state->nd30, party->party, legal->qppl); "
                        "gazette-copy: the system's rules for a Công báo copy")
    p.add_argument("--copy", choices=COPIES, default=None,
                   help="gazette: a Công báo copy (no Nơi nhận); default: told by the gazette's marks")
    p.add_argument("--lang", choices=("vi", "en"), default="vi", help="language of the messages")
    p.add_argument("--select", action="append", metavar="VB...", help="only these rule ids or id prefixes")
    p.add_argument("--ignore", action="append", metavar="VB...", help="skip these rule ids or id prefixes")
    p.set_defaults(func=_run)

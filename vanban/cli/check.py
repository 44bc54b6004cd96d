"""``vanban check PATH... [--format text|json|sarif] [--profile P|gazette-copy] [--copy gazette|original] ...``.

Other options: ``[--lang vi|en] [--select/--ignore VB...] [--jobs N]``.

Files and folders; an input that cannot be read or checked is reported (a line ``path: reason`` on
stderr; ``{"source", "error"}`` in JSON; a ``toolExecutionNotifications`` entry in SARIF) and the
others are checked. With ``--jobs N`` each file is read, parsed and checked in one of N worker
processes, which send back only its report and where its findings are; the output is the same. Exit status: 2 when an input failed, else 1 when a finding has error severity,
else 0; 2 also on usage errors.
"""

from __future__ import annotations

import argparse
import json
import sys
from functools import partial
from typing import Any

from vanban.batch import map_many
from vanban.cli.inputs import add_inputs, add_jobs, exit_code, report_failure
from vanban.models import Document
from vanban.report import Lang, Positions, Profile, Report, positions, render_sarif, render_text
from vanban.rules import PROFILES, all_rules, check_options, rule_ids, validate
from vanban.rules.engine import COPIES

GAZETTE_COPY = "gazette-copy"


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("vanban")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "0"


def _checked(doc: Document, profile: Profile | None, lang: Lang, select: tuple[str, ...], ignore: tuple[str, ...],
             copy: str | None) -> tuple[Report, dict[int, tuple[int, int]]]:
    """The report of one document and the line/column of its findings: all the output needs (no text)."""
    report = validate(doc, profile, lang=lang, select=select, ignore=ignore, copy=copy)
    return report, positions(report, doc.text)


def _run(args: argparse.Namespace) -> int:
    profile, copy = args.profile, args.copy
    if profile == GAZETTE_COPY:  # the rule set of the document's system, checked as a Công báo copy
        profile, copy = None, "gazette"
    check_options(profile, args.lang, copy)
    step = partial(_checked, profile=profile, lang=args.lang, select=rule_ids(args.select or ()),
                   ignore=rule_ids(args.ignore or ()), copy=copy)
    reports: list[Report] = []
    places: list[Positions] = []
    items: list[dict[str, Any]] = []  # JSON: reports and failures in input order
    failures: list[tuple[str, str]] = []
    for outcome, value in map_many(step, args.paths, jobs=args.jobs):
        if value is None:
            report_failure(outcome)
            failures.append((outcome.source, outcome.error or ""))
            items.append(outcome.error_json())
            continue
        reports.append(value[0])
        places.append(value[1])
        items.append(value[0].model_dump(mode="json"))
    if args.format == "json":
        out = json.dumps(items[0] if len(items) == 1 else items, ensure_ascii=False, indent=2) + "\n"
    elif args.format == "sarif":
        ran = {rid for r in reports for rid in r.rules}
        out = render_sarif(reports, places, [r.sarif() for r in all_rules() if r.id in ran], _version(), failures)
    else:
        out = render_text(reports, places, failed=len(failures))
    sys.stdout.write(out)
    return exit_code(len(failures), not all(r.ok for r in reports))


def register(sub: Any) -> None:
    """Add the ``check`` command."""
    p = sub.add_parser("check")
    add_inputs(p)
    p.add_argument("--format", choices=("text", "json", "sarif"), default="text")
    p.add_argument("--profile", choices=(*PROFILES, GAZETTE_COPY), default=None,
                   help="rule set (default: from the document's system: state->nd30, party->party, legal->qppl); "
                        "gazette-copy: the system's rules for a Công báo copy")
    p.add_argument("--copy", choices=COPIES, default=None,
                   help="gazette: a Công báo copy (no Nơi nhận); default: told by the gazette's marks")
    p.add_argument("--lang", choices=("vi", "en"), default="vi", help="language of the messages")
    p.add_argument("--select", action="append", metavar="VB...", help="only these rule ids or id prefixes")
    p.add_argument("--ignore", action="append", metavar="VB...", help="skip these rule ids or id prefixes")
    add_jobs(p)
    p.set_defaults(func=_run)

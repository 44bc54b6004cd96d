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
from typing import Any, NamedTuple

import vanban
from vanban.batch import map_many
from vanban.cli import inputs
from vanban.cli.inputs import JsonList, add_inputs, add_jobs, exit_code, list_item, report_failure
from vanban.models import Document
from vanban.report import (
    Lang,
    Positions,
    Profile,
    Report,
    finding_lines,
    positions,
    render_sarif,
    text_summary,
)
from vanban.rules import PROFILES, all_rules, check_options, rule_ids, validate
from vanban.rules.engine import COPIES

GAZETTE_COPY = "gazette-copy"


class Checked(NamedTuple):
    """What comes back of one checked document: its output made where it was checked, or its report (SARIF)."""

    out: bytes
    """Text: its finding lines; JSON: its report as an item of the printed list (UTF-8); SARIF: empty."""
    findings: int
    errors: int
    report: Report | None = None
    """SARIF only (the rules and indexes of the log depend on every report), with :attr:`places`."""
    places: Positions | None = None


def _checked(doc: Document, profile: Profile | None, lang: Lang, select: tuple[str, ...], ignore: tuple[str, ...],
             copy: str | None, form: str) -> Checked:
    """One document checked, and its output made here (a worker process with ``--jobs``): no text goes back."""
    report = validate(doc, profile, lang=lang, select=select, ignore=ignore, copy=copy)
    places = positions(report, doc.text)
    if form == "sarif":
        return Checked(b"", len(report.findings), report.errors, report, places)
    if form == "json":
        out = list_item(json.dumps(report.model_dump(mode="json"), ensure_ascii=False, indent=2))
    else:
        out = "".join(line + "\n" for line in finding_lines(report, places))
    return Checked(out.encode(), len(report.findings), report.errors)


def _run(args: argparse.Namespace) -> int:
    profile, copy = args.profile, args.copy
    if profile == GAZETTE_COPY:  # the rule set of the document's system, checked as a Công báo copy
        profile, copy = None, "gazette"
    check_options(profile, args.lang, copy)
    step = partial(_checked, profile=profile, lang=args.lang, select=rule_ids(args.select or ()),
                   ignore=rule_ids(args.ignore or ()), copy=copy, form=args.format)
    reports: list[Report] = []  # SARIF
    places: list[Positions] = []
    out, flush = inputs.stdout_bytes(), inputs.terminal()
    items = JsonList(out)
    failures: list[tuple[str, str]] = []
    findings = errors = documents = 0
    for outcome, value in map_many(step, args.paths, jobs=args.jobs, warm=True):
        if value is None:
            report_failure(outcome)
            failures.append((outcome.source, outcome.error or ""))
            if args.format == "json":
                items.add(list_item(json.dumps(outcome.error_json(), ensure_ascii=False, indent=2)).encode())
            continue
        documents += 1
        findings += value.findings
        errors += value.errors
        if value.report is not None and value.places is not None:
            reports.append(value.report)
            places.append(value.places)
        elif args.format == "json":
            items.add(value.out)
        else:
            out.write(value.out)
            if flush:
                out.flush()
    if args.format == "json":
        items.close()
    elif args.format == "sarif":
        ran = {rid for r in reports for rid in r.rules}
        sys.stdout.write(render_sarif(reports, places, [r.sarif() for r in all_rules() if r.id in ran], vanban.__version__,
                                      failures))
    else:
        lang: Lang = args.lang if documents else "vi"
        sys.stdout.write(text_summary(findings, errors, documents, lang, len(failures)) + "\n")
    return exit_code(len(failures), errors > 0)


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

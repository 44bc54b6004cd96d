"""``vanban format IN.docx -o OUT.docx``: re-typeset a document in the compliant layout and report changes."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from vanban.cli.render import add_layout_options, configured_layout
from vanban.readers import parse_file
from vanban.render import format_docx, layout_for


def _run(args: argparse.Namespace) -> int:
    doc = parse_file(args.input)
    profile = None
    if args.layout or args.margin or args.size:
        profile = configured_layout(args, layout_for(doc, args.layout))
    report = format_docx(doc, args.output, profile)
    if args.json:
        sys.stdout.write(json.dumps(report.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n")
        return 0
    print(f"{report.output}: {report.layout} layout, {len(report.changes)} change(s)")
    for c in report.changes:
        was = c.was if c.was is not None else "(none)"
        now = c.now if c.now is not None else "(left out)"
        print(f"  {c.component}: {was} -> {now}")
    return 0


def register(sub: Any) -> None:
    """Add the ``format`` command."""
    p = sub.add_parser("format")
    p.add_argument("input", metavar="IN", help="the document to re-typeset (DOCX, text, PDF)")
    p.add_argument("-o", "--output", required=True, metavar="OUT.docx")
    p.add_argument("--json", action="store_true", help="print the change report as JSON")
    add_layout_options(p)
    p.set_defaults(func=_run)

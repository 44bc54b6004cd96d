"""``vanban parse PATH... [--format json|jsonl]``: documents as JSON.

Each input gives one object; an input that cannot be read gives ``{"source": ..., "error": ...}``
in its place and a line on stderr, and the exit status is 2 at the end.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from vanban.batch import parse_many
from vanban.cli.inputs import add_inputs, exit_code, report_failure
from vanban.models import Document


def document_json(doc: Document, *, with_text: bool = False) -> dict[str, Any]:
    """The JSON object printed for one document (``text`` left out unless asked for)."""
    data: dict[str, Any] = doc.model_dump(mode="json", exclude=None if with_text else {"text"})
    return data


def _run(args: argparse.Namespace) -> int:
    objects = []
    failed = 0
    for outcome in parse_many(args.paths, jobs=args.jobs):
        if outcome.document is None:
            failed += 1
            report_failure(outcome)
            obj = outcome.error_json()
        else:
            obj = document_json(outcome.document, with_text=args.with_text)
        if args.format == "jsonl":
            sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")
            sys.stdout.flush()
        else:
            objects.append(obj)
    if args.format == "json":
        out: Any = objects[0] if len(objects) == 1 else objects
        sys.stdout.write(json.dumps(out, ensure_ascii=False, indent=2) + "\n")
    return exit_code(failed)


def register(sub: Any) -> None:
    """Add the ``parse`` command."""
    p = sub.add_parser("parse", help="parse documents and print them as JSON")
    add_inputs(p)
    p.add_argument("--format", choices=("json", "jsonl"), default="json")
    p.add_argument("--with-text", action="store_true", help="include the full normalised text")
    p.add_argument("--jobs", type=int, default=1, metavar="N",
                   help="documents (and pages of a scan) read at the same time; OCR uses one core per job")
    p.set_defaults(func=_run)

"""``vanban parse PATH... [--format json|jsonl]``: documents as JSON."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from vanban.models import Document
from vanban.readers import parse_files


def document_json(doc: Document, *, with_text: bool = False) -> dict[str, Any]:
    """The JSON object printed for one document (``text`` left out unless asked for)."""
    data: dict[str, Any] = doc.model_dump(mode="json", exclude=None if with_text else {"text"})
    return data


def _run(args: argparse.Namespace) -> int:
    objects = []
    for doc in parse_files(args.paths, jobs=args.jobs):
        objects.append(document_json(doc, with_text=args.with_text))
        if args.format == "jsonl":
            sys.stdout.write(json.dumps(objects[-1], ensure_ascii=False) + "\n")
    if args.format == "json":
        out: Any = objects[0] if len(objects) == 1 else objects
        sys.stdout.write(json.dumps(out, ensure_ascii=False, indent=2) + "\n")
    return 0


def register(sub: Any) -> None:
    """Add the ``parse`` command."""
    p = sub.add_parser("parse", help="parse documents and print them as JSON")
    p.add_argument("paths", nargs="+", metavar="PATH", help="text, DOCX, PDF or edXML files")
    p.add_argument("--format", choices=("json", "jsonl"), default="json")
    p.add_argument("--with-text", action="store_true", help="include the full normalised text")
    p.add_argument("--jobs", type=int, default=1, metavar="N",
                   help="documents (and pages of a scan) read at the same time; OCR uses one core per job")
    p.set_defaults(func=_run)

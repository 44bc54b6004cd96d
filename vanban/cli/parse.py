"""``vanban parse PATH... [--format json|jsonl] [--jobs N]``: documents as JSON.

Each input gives one object; an input that cannot be read gives ``{"source": ..., "error": ...}``
in its place and a line on stderr, and the exit status is 2 at the end. With ``--jobs N`` each
document is read, parsed and written as JSON in one of N worker processes; the output is the same,
in input order.
"""

from __future__ import annotations

import argparse
import json
from functools import partial
from typing import Any

from vanban.batch import map_many
from vanban.cli import inputs
from vanban.cli.inputs import JsonList, add_inputs, add_jobs, exit_code, json_item, report_failure
from vanban.models import Document


def document_json(doc: Document, *, with_text: bool = False) -> dict[str, Any]:
    """The JSON object printed for one document (``text`` left out unless asked for)."""
    data: dict[str, Any] = doc.model_dump(mode="json", exclude=None if with_text else {"text"})
    return data


def _printed(data: dict[str, Any], indent: int | None) -> bytes:
    """``data`` as printed: one compact line, or with ``indent`` an item of the printed list
    (:func:`~vanban.cli.inputs.json_item`)."""
    if indent is None:
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    return json_item(data)


def _json_of(doc: Document, *, with_text: bool, indent: int | None) -> bytes:
    """The JSON printed for one document in UTF-8, made where it was parsed (a worker process with ``--jobs``).

    Written by pydantic's serializer straight to UTF-8: the text ``_printed`` gives of :func:`document_json`, without
    the dictionary of the whole document (its every span an object) nor the JSON held as a string before it is
    encoded. JSON text holds no raw line end, so each of the indented form's is a line of the list item.
    """
    data = type(doc).__pydantic_serializer__.to_json(doc, indent=indent, exclude=None if with_text else {"text"})
    return data if indent is None else b"  " + data.replace(b"\n", b"\n  ")


def _run(args: argparse.Namespace) -> int:
    indent = None if args.format == "jsonl" else 2
    step = partial(_json_of, with_text=args.with_text, indent=indent)
    out_bytes = inputs.stdout_bytes()
    items = JsonList(out_bytes)
    failed = 0
    for outcome, out in map_many(step, args.paths, jobs=args.jobs, warm=True):
        if out is None:
            failed += 1
            report_failure(outcome)
            out = _printed(outcome.error_json(), indent)
        if args.format == "jsonl":
            out_bytes.write(out)
            out_bytes.write(b"\n")
            out_bytes.flush()
        else:
            items.add(out)
    if args.format == "json":
        items.close()
    return exit_code(failed)


def register(sub: Any) -> None:
    """Add the ``parse`` command."""
    p = sub.add_parser("parse")
    add_inputs(p)
    p.add_argument("--format", choices=("json", "jsonl"), default="json")
    p.add_argument("--with-text", action="store_true", help="include the full normalised text")
    add_jobs(p)
    p.set_defaults(func=_run)

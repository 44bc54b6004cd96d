"""``vanban schema [--out DIR] [--check]``: the JSON Schemas of the output objects, the batch tables' Arrow schemas."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from vanban.archive.tables import stale_table_schemas, write_table_schemas
from vanban.schema import stale_schemas, write_schemas


def _run(args: argparse.Namespace) -> int:
    out = Path(args.out)
    if args.check:
        stale = [out / n for n in stale_schemas(out)] + [out / "tables" / n for n in stale_table_schemas(out / "tables")]
        for path in stale:
            print(f"stale: {path}")
        return 1 if stale else 0
    for path in [*write_schemas(out), *write_table_schemas(out / "tables")]:
        print(path)
    return 0


def register(sub: Any) -> None:
    """Add the ``schema`` command."""
    p = sub.add_parser("schema")
    p.add_argument("--out", default="schemas", help="folder (default: ./schemas)")
    p.add_argument("--check", action="store_true", help="exit 1 when the files differ from the models")
    p.set_defaults(func=_run)

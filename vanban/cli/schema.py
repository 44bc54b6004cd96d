"""``vanban schema [--out DIR] [--check]``: the JSON Schemas of the output objects."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from vanban.schema import stale_schemas, write_schemas


def _run(args: argparse.Namespace) -> int:
    out = Path(args.out)
    if args.check:
        stale = stale_schemas(out)
        for name in stale:
            print(f"stale: {out / name}")
        return 1 if stale else 0
    for path in write_schemas(out):
        print(path)
    return 0


def register(sub: Any) -> None:
    """Add the ``schema`` command."""
    p = sub.add_parser("schema", help="write the JSON Schemas of the output objects")
    p.add_argument("--out", default="schemas", help="folder (default: ./schemas)")
    p.add_argument("--check", action="store_true", help="exit 1 when the files differ from the models")
    p.set_defaults(func=_run)

"""``vanban batch PATHS... --out DIR``: parse, check and cross-link an archive on a Dask cluster."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from vanban.archive import run_batch
from vanban.cli.inputs import exit_code


def _run(args: argparse.Namespace) -> int:
    report = run_batch(args.paths, args.out, scheduler=args.scheduler, workers=args.workers,
                       partition_size=args.partition_size, progress=not args.quiet and sys.stderr.isatty())
    if not args.quiet:
        print(report)
    return exit_code(report.failed)  # 2 when a file could not be read, as the other batch commands


def register(sub: Any) -> None:
    """Add the ``batch`` command."""
    p = sub.add_parser("batch")
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or folders (any fsspec URL: s3://, gs://, ...)")
    p.add_argument("--out", required=True, metavar="DIR", help="folder (or fsspec URL) for the Parquet tables")
    p.add_argument("--scheduler", default=None, metavar="ADDRESS",
                   help="a running Dask scheduler (tcp://host:8786); default a local cluster")
    p.add_argument("--workers", type=int, default=2, metavar="N", help="local cluster workers (default 2)")
    p.add_argument("--partition-size", type=int, default=128, metavar="N", help="files per task (default 128)")
    p.add_argument("--quiet", action="store_true", help="no progress bar and no summary")
    p.set_defaults(func=_run)

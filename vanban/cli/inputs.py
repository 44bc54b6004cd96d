"""What the batch commands share: the input argument, the one-line report of a failed input, the exit code."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from vanban.batch import Outcome

INPUT_HELP = ("files and folders (folders are walked for .docx, .pdf, .edxml, .doc and for .txt, .md, .html, "
              ".json, .yaml, .xml files that look like documents)")


def add_inputs(p: Any) -> None:
    """Add the ``PATH...`` argument of a batch command."""
    p.add_argument("paths", nargs="+", metavar="PATH", help=INPUT_HELP)


def _jobs(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of processes (1 or more)")
    return n


def add_jobs(p: Any) -> None:
    """Add ``--jobs N``: inputs read, parsed and serialised in N worker processes, output in input order."""
    p.add_argument("--jobs", type=_jobs, default=1, metavar="N",
                   help="work on N files at the same time in N processes (one core each); output in input order")


def report_failure(outcome: Outcome) -> None:
    """One line ``path: reason`` on stderr for an input that failed."""
    print(f"{outcome.source}: {outcome.error}", file=sys.stderr, flush=True)


def exit_code(failed: int, errors: bool = False) -> int:
    """2 when an input failed, else 1 when a finding has error severity, else 0."""
    return 2 if failed else 1 if errors else 0

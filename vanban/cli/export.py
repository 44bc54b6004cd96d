"""``vanban export --format edxml IN... [-o OUT] [--attach FILE...]``: write documents as exchange packages.

One input file: ``-o`` names the package (default: stdout). Several inputs or a folder: ``-o``
names a folder (created), and each document is written there as ``NAME.edxml`` (the path inside
a given folder is kept). An input that fails is reported on stderr and the others are written;
the exit status is then 2. With ``--jobs N`` each package is made in one of N worker processes.
"""

from __future__ import annotations

import argparse
import sys
from functools import partial
from pathlib import Path
from typing import Any

from vanban.batch import map_many
from vanban.cli.inputs import add_inputs, add_jobs, exit_code, report_failure
from vanban.errors import OptionError
from vanban.exchange.edxml import to_edxml
from vanban.models import Document


def _target(source: str, folders: list[Path], out: Path, taken: set[Path]) -> Path:
    """Where the package of ``source`` goes: its path inside its folder, or its name, with ``.edxml``."""
    path = Path(source)
    rel = Path(path.name)
    for folder in folders:
        if path.is_relative_to(folder):
            rel = path.relative_to(folder)
            break
    target = out / rel.with_suffix(".edxml")
    if target in taken:  # a.txt and a.docx side by side
        target = out / rel.with_name(rel.name + ".edxml")
    taken.add(target)
    return target


def _run(args: argparse.Namespace) -> int:
    folders = [Path(p) for p in args.paths if Path(p).is_dir()]
    single = len(args.paths) == 1 and not folders
    if not single and args.output in (None, "-"):
        raise OptionError("several inputs or a folder: give -o FOLDER for the packages")
    out = Path(args.output) if args.output not in (None, "-") else None
    if out is not None and not single:
        out.mkdir(parents=True, exist_ok=True)
    taken: set[Path] = set()
    count = 0
    step = partial(_package, attachments=tuple(args.attach or ()))
    for outcome, data in map_many(step, args.paths, jobs=args.jobs, warm=True):
        if data is None:
            report_failure(outcome)
            count += 1
        elif out is None:
            sys.stdout.buffer.write(data)
        else:
            target = out if single else _target(outcome.source, folders, out, taken)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
    return exit_code(count)


def _package(doc: Document, attachments: tuple[str, ...]) -> bytes:
    """The edXML package of one document, made where it was parsed (a worker process with ``--jobs``)."""
    return to_edxml(doc, attachments=attachments)


def register(sub: Any) -> None:
    """Add the ``export`` command."""
    p = sub.add_parser("export")
    add_inputs(p)
    p.add_argument("--format", choices=("edxml",), default="edxml")
    p.add_argument("-o", "--output", metavar="OUT",
                   help="output file for one input (default: stdout); output folder for several or a folder")
    p.add_argument("--attach", action="append", metavar="FILE", help="a file to carry base64-encoded (repeatable)")
    add_jobs(p)
    p.set_defaults(func=_run)

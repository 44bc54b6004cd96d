"""``vanban export --format edxml IN -o OUT.edxml [--attach FILE...]``: write a document as an exchange package."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from vanban.exchange.edxml import to_edxml
from vanban.readers import parse_file


def _run(args: argparse.Namespace) -> int:
    doc = parse_file(args.input)
    data = to_edxml(doc, attachments=args.attach or ())
    if args.output in (None, "-"):
        sys.stdout.buffer.write(data)
    else:
        Path(args.output).write_bytes(data)
    return 0


def register(sub: Any) -> None:
    """Add the ``export`` command."""
    p = sub.add_parser("export", help="write a document as an edXML package (QCVN 102:2016)")
    p.add_argument("input", metavar="IN", help="text, DOCX, PDF or edXML file")
    p.add_argument("--format", choices=("edxml",), default="edxml")
    p.add_argument("-o", "--output", metavar="OUT", help="output file (default: stdout)")
    p.add_argument("--attach", action="append", metavar="FILE", help="a file to carry base64-encoded (repeatable)")
    p.set_defaults(func=_run)

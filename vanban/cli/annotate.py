"""``vanban annotate FILE -o OUT.html``: the text with every citation linked."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from vanban.link.annotate import annotate
from vanban.link.corpus import Corpus
from vanban.readers import parse_file
from vanban.store import is_url


def _run(args: argparse.Namespace) -> int:
    doc = parse_file(args.file)
    if args.db and (is_url(args.db) or Path(args.db).exists()):
        with Corpus(args.db) as corpus:
            html = annotate(doc, corpus)
    else:
        html = annotate(doc, None)
    if args.output:
        Path(args.output).write_text(html, encoding="utf-8")
    else:
        sys.stdout.write(html)
    return 0


def register(sub: Any) -> None:
    """Add the ``annotate`` command."""
    p = sub.add_parser("annotate")
    p.add_argument("file", metavar="FILE")
    p.add_argument("-o", "--output", default=None, metavar="OUT.html")
    p.add_argument("--db", default="vanban.db", help="corpus to resolve against (default ./vanban.db, if present)")
    p.set_defaults(func=_run)

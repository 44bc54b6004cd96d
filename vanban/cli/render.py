"""``vanban render INPUT -o OUT.docx``: write a document in the official layout of its system."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from vanban.readers import parse_file
from vanban.render import layout_for, layout_names, render_docx
from vanban.render.layout import Layout
from vanban.render.layout import parse_settings as layout_settings


def parse_settings(pairs: list[str] | None, what: str) -> dict[str, float]:
    """``["left_mm=35", "body=13"]`` as a dict; ``InputError`` on a malformed pair."""
    return layout_settings(pairs, f"--{what}")


def configured_layout(args: argparse.Namespace, base: Layout) -> Layout:
    """``base`` with the ``--margin`` and ``--size`` settings of the command line applied."""
    margins = parse_settings(args.margin, "margin")
    sizes = parse_settings(args.size, "size")
    if not margins and not sizes:
        return base
    return base.configured(margins=margins, sizes=sizes)


def add_layout_options(p: Any) -> None:
    """The ``--layout``, ``--margin`` and ``--size`` options shared by ``render`` and ``format``."""
    p.add_argument("--layout", choices=layout_names(), help="layout to use (default: the document's system)")
    p.add_argument("--margin", action="append", metavar="NAME=MM",
                   help="margin inside the allowed range, e.g. left_mm=35 (repeatable)")
    p.add_argument("--size", action="append", metavar="COMPONENT=PT",
                   help="font size of a component inside its allowed range, e.g. body=13 (repeatable)")


def _run(args: argparse.Namespace) -> int:
    doc = parse_file(args.input)
    layout = configured_layout(args, layout_for(doc, args.layout))
    path = render_docx(doc, args.output, layout)
    print(f"{path} ({layout.name} layout)", file=sys.stdout)
    return 0


def register(sub: Any) -> None:
    """Add the ``render`` command."""
    p = sub.add_parser("render")
    p.add_argument("input", metavar="INPUT", help="JSON/YAML description (as `vanban parse` prints) or a document")
    p.add_argument("-o", "--output", required=True, metavar="OUT.docx")
    add_layout_options(p)
    p.set_defaults(func=_run)

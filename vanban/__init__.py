"""vanban: Vietnamese official documents (văn bản) — parse, validate, cross-link and render.

The public names below are imported on first use (PEP 562): ``import vanban`` costs only this
module, and ``from vanban import parse_text`` imports the parser, not the renderers, the linker or
the exchange formats. ``vanban.__all__`` lists every name; each resolves as an ordinary attribute.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from vanban.batch import Outcome as Outcome
    from vanban.batch import parse_many as parse_many
    from vanban.batch import validate_many as validate_many
    from vanban.errors import InputError as InputError
    from vanban.errors import InternalError as InternalError
    from vanban.errors import NumberSyntaxError as NumberSyntaxError
    from vanban.errors import OptionError as OptionError
    from vanban.errors import UnsupportedFormatError as UnsupportedFormatError
    from vanban.errors import VanbanError as VanbanError
    from vanban.exchange.edxml import read_edxml as read_edxml
    from vanban.exchange.edxml import to_edxml as to_edxml
    from vanban.link.annotate import annotate as annotate
    from vanban.link.corpus import Corpus as Corpus
    from vanban.link.graph import Edge as Edge
    from vanban.link.graph import Graph as Graph
    from vanban.link.graph import Node as Node
    from vanban.link.identity import Identity as Identity
    from vanban.link.identity import PartialDate as PartialDate
    from vanban.models import Document as Document
    from vanban.models import DocumentNumber as DocumentNumber
    from vanban.models import DocumentType as DocumentType
    from vanban.models import IncomingStamp as IncomingStamp
    from vanban.models import Issuer as Issuer
    from vanban.models import Reference as Reference
    from vanban.models import Signature as Signature
    from vanban.models import Table as Table
    from vanban.models import TableCell as TableCell
    from vanban.numbering import format_number as format_number
    from vanban.numbering import parse_number as parse_number
    from vanban.parse.text import parse_text as parse_text
    from vanban.readers import parse_file as parse_file
    from vanban.readers import parse_files as parse_files
    from vanban.render import format_docx as format_docx
    from vanban.render import render_docx as render_docx
    from vanban.report import Finding as Finding
    from vanban.report import Report as Report
    from vanban.rules import validate as validate

    __version__: str

_HOMES: dict[str, tuple[str, ...]] = {
    "vanban.batch": ("Outcome", "parse_many", "validate_many"),
    "vanban.errors": ("InputError", "InternalError", "NumberSyntaxError", "OptionError", "UnsupportedFormatError",
                      "VanbanError"),
    "vanban.exchange.edxml": ("read_edxml", "to_edxml"),
    "vanban.link.annotate": ("annotate",),
    "vanban.link.corpus": ("Corpus",),
    "vanban.link.graph": ("Edge", "Graph", "Node"),
    "vanban.link.identity": ("Identity", "PartialDate"),
    "vanban.models": ("Document", "DocumentNumber", "DocumentType", "IncomingStamp", "Issuer", "Reference",
                      "Signature", "Table", "TableCell"),
    "vanban.numbering": ("format_number", "parse_number"),
    "vanban.parse.text": ("parse_text",),
    "vanban.readers": ("parse_file", "parse_files"),
    "vanban.render": ("format_docx", "render_docx"),
    "vanban.report": ("Finding", "Report"),
    "vanban.rules": ("validate",),
}
_HOME = {name: module for module, names in _HOMES.items() for name in names}
"""Where each public name is defined: its module is imported when the name is first asked for."""

__all__ = sorted([*_HOME, "__version__"])


def _installed_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("vanban")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree that was never installed
        return "0+unknown"


def __getattr__(name: str) -> Any:
    """A public name imported from its module on first use (then kept here); ``__version__`` read from metadata."""
    if name == "__version__":
        value: Any = _installed_version()
    elif name in _HOME:
        value = getattr(importlib.import_module(_HOME[name]), name)
    else:
        raise AttributeError(f"module 'vanban' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """The module's names with every public one, imported or not."""
    return sorted({*globals(), *__all__})

"""vanban: Vietnamese official documents (văn bản) — parse, validate, cross-link and render."""

from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as _version

from vanban.batch import Outcome, parse_many, validate_many
from vanban.errors import (
    InputError,
    InternalError,
    NumberSyntaxError,
    OptionError,
    UnsupportedFormatError,
    VanbanError,
)
from vanban.exchange.edxml import read_edxml, to_edxml
from vanban.link.annotate import annotate
from vanban.link.corpus import Corpus
from vanban.link.graph import Edge, Graph, Node
from vanban.link.identity import Identity, PartialDate
from vanban.models import (
    Document,
    DocumentNumber,
    DocumentType,
    IncomingStamp,
    Issuer,
    Reference,
    Signature,
    Table,
    TableCell,
)
from vanban.numbering import format_number, parse_number
from vanban.parse.text import parse_text
from vanban.readers import parse_file, parse_files
from vanban.render import format_docx, render_docx
from vanban.report import Finding, Report
from vanban.rules import validate

try:
    __version__: str = _version("vanban")
    """The installed distribution's version (``0.2.0``)."""
except PackageNotFoundError:  # pragma: no cover - running from a source tree that was never installed
    __version__ = "0+unknown"

__all__ = [
    "Corpus",
    "Document",
    "DocumentNumber",
    "DocumentType",
    "Edge",
    "Finding",
    "Graph",
    "Identity",
    "IncomingStamp",
    "InputError",
    "InternalError",
    "Issuer",
    "Node",
    "NumberSyntaxError",
    "OptionError",
    "Outcome",
    "PartialDate",
    "Reference",
    "Report",
    "Signature",
    "Table",
    "TableCell",
    "UnsupportedFormatError",
    "VanbanError",
    "__version__",
    "annotate",
    "format_docx",
    "format_number",
    "parse_file",
    "parse_files",
    "parse_many",
    "parse_number",
    "parse_text",
    "read_edxml",
    "render_docx",
    "to_edxml",
    "validate",
    "validate_many",
]

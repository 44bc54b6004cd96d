"""vanban: Vietnamese official documents (văn bản) — parse, validate, cross-link and render."""

from .annotate import annotate
from .corpus import Corpus
from .edxml import read_edxml, to_edxml
from .errors import InputError, NumberSyntaxError, UnsupportedFormatError, VanbanError
from .graph import Edge, Graph, Node
from .identity import Identity, PartialDate
from .models import Document, DocumentNumber, DocumentType, IncomingStamp, Issuer, Reference, Signature
from .numbering import format_number, parse_number
from .parser import parse_text
from .readers import parse_file
from .render import format_docx, render_docx
from .report import Finding, Report
from .rules import validate

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
    "Issuer",
    "Node",
    "NumberSyntaxError",
    "PartialDate",
    "Reference",
    "Report",
    "Signature",
    "UnsupportedFormatError",
    "VanbanError",
    "annotate",
    "format_docx",
    "format_number",
    "parse_file",
    "parse_number",
    "parse_text",
    "read_edxml",
    "render_docx",
    "to_edxml",
    "validate",
]

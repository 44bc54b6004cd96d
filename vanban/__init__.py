"""vanban: Vietnamese official documents (văn bản) — parse, validate, cross-link and render."""

from vanban.errors import InputError, NumberSyntaxError, UnsupportedFormatError, VanbanError
from vanban.exchange.edxml import read_edxml, to_edxml
from vanban.link.annotate import annotate
from vanban.link.corpus import Corpus
from vanban.link.graph import Edge, Graph, Node
from vanban.link.identity import Identity, PartialDate
from vanban.models import Document, DocumentNumber, DocumentType, IncomingStamp, Issuer, Reference, Signature
from vanban.numbering import format_number, parse_number
from vanban.parse.text import parse_text
from vanban.readers import parse_file, parse_files
from vanban.render import format_docx, render_docx
from vanban.report import Finding, Report
from vanban.rules import validate

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
    "parse_files",
    "parse_number",
    "parse_text",
    "read_edxml",
    "render_docx",
    "to_edxml",
    "validate",
]

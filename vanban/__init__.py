"""vanban: Vietnamese official documents (văn bản) — parse, validate, cross-link and render."""

from .edxml import read_edxml, to_edxml
from .errors import InputError, NumberSyntaxError, UnsupportedFormatError, VanbanError
from .models import Document, DocumentNumber, DocumentType, IncomingStamp, Issuer, Reference, Signature
from .numbering import format_number, parse_number
from .parser import parse_text
from .readers import parse_file
from .render import format_docx, render_docx
from .report import Finding, Report
from .rules import validate

__all__ = [
    "Document",
    "DocumentNumber",
    "DocumentType",
    "Finding",
    "IncomingStamp",
    "InputError",
    "Issuer",
    "NumberSyntaxError",
    "Reference",
    "Report",
    "Signature",
    "UnsupportedFormatError",
    "VanbanError",
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

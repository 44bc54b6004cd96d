"""vanban: Vietnamese official documents (văn bản) — parse, validate, cross-link and render."""

from .edxml import read_edxml, to_edxml
from .errors import InputError, NumberSyntaxError, UnsupportedFormatError, VanbanError
from .models import Document, DocumentNumber, DocumentType, IncomingStamp, Issuer, Reference, Signature
from .numbering import format_number, parse_number
from .parser import parse_text
from .readers import parse_file

__all__ = [
    "Document", "DocumentNumber", "DocumentType", "IncomingStamp", "InputError", "Issuer",
    "NumberSyntaxError", "Reference", "Signature", "UnsupportedFormatError", "VanbanError",
    "format_number", "parse_file", "parse_number", "parse_text", "read_edxml", "to_edxml",
]

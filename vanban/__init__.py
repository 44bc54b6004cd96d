"""vanban: Vietnamese official documents (văn bản) — parse, validate, cross-link and render."""

from .annotate import annotate
from .corpus import Corpus
from .errors import InputError, NumberSyntaxError, UnsupportedFormatError, VanbanError
from .models import Document, DocumentNumber, DocumentType, IncomingStamp, Issuer, Reference, Signature
from .graph import Edge, Graph, Node
from .identity import Identity, PartialDate
from .numbering import format_number, parse_number
from .parser import parse_text
from .readers import parse_file

__all__ = [
    "Corpus", "Document", "Edge", "Graph", "Identity", "Node", "PartialDate", "annotate", "DocumentNumber", "DocumentType", "IncomingStamp", "InputError", "Issuer",
    "NumberSyntaxError", "Reference", "Signature", "UnsupportedFormatError", "VanbanError",
    "format_number", "parse_file", "parse_number", "parse_text",
]

"""vanban: Vietnamese official documents (văn bản) — parse, validate, cross-link and render."""

from .annotate import annotate
from .corpus import Corpus
from .errors import InputError, NumberSyntaxError, UnsupportedFormatError, VanbanError
from .graph import Edge, Graph, Node
from .identity import Identity, PartialDate
from .models import Document, DocumentNumber, DocumentType, IncomingStamp, Issuer, Reference, Signature
from .numbering import format_number, parse_number
from .parser import parse_text
from .readers import parse_file

__all__ = [
    "Corpus",
    "Document",
    "DocumentNumber",
    "DocumentType",
    "Edge",
    "Graph",
    "Identity",
    "IncomingStamp",
    "InputError",
    "Issuer",
    "Node",
    "NumberSyntaxError",
    "PartialDate",
    "Reference",
    "Signature",
    "UnsupportedFormatError",
    "VanbanError",
    "annotate",
    "format_number",
    "parse_file",
    "parse_number",
    "parse_text",
]

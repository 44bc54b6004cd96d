"""The library's own exceptions: every failure a caller should handle is a ``VanbanError``."""

from __future__ import annotations


class VanbanError(Exception):
    """Base class of every error vanban raises on purpose; its message is one line for people."""


class InputError(VanbanError):
    """The input cannot be read as a document (empty, binary, corrupt, too large, hostile)."""


class UnsupportedFormatError(InputError):
    """The input is a known format that this version cannot read (legacy .doc, scanned PDF, ...)."""


class NumberSyntaxError(VanbanError, ValueError):
    """A string is not a document number and symbol (số và ký hiệu) in any of the three systems."""


class OcrUnavailableError(UnsupportedFormatError):
    """A scan needs OCR and this machine cannot do it: the Tesseract program (Debian packages
    ``tesseract-ocr``, ``tesseract-ocr-vie``) or the ``vanban[ocr]`` extra is missing."""

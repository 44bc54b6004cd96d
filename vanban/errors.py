"""The library's own exceptions: every failure a caller should handle is a ``VanbanError``.

The hierarchy (documented in ``docs/errors.md``)::

    VanbanError
    ├── InputError                the input cannot be read as a document (missing, unreadable, binary, ...)
    │   └── UnsupportedFormatError  a known format this version does not read (.doc, RTF, ...)
    │       └── OcrUnavailableError  a scan, and no Tesseract or no ``vanban[ocr]`` extra here
    ├── OptionError               an argument is not one of the accepted values (profile, lang, rule id, ...)
    ├── NumberSyntaxError         a string is not a document number and symbol
    ├── StoreError                the store cannot be written or read (disk full, read-only, locked too long)
    └── InternalError             a fault inside vanban on one input, caught by the batch functions
"""

from __future__ import annotations


class VanbanError(Exception):
    """Base class of every error vanban raises on purpose; its message is one line for people."""


class InputError(VanbanError):
    """The input cannot be read as a document (missing, unreadable, empty, binary, corrupt, too large, hostile)."""


class UnsupportedFormatError(InputError):
    """The input is a known format that this version cannot read (legacy .doc, scanned PDF, ...)."""


class OptionError(VanbanError, ValueError):
    """An argument is not one of the values accepted (unknown profile, language, rule id, layout, book, ...)."""


class NumberSyntaxError(VanbanError, ValueError):
    """A string is not a document number and symbol (số và ký hiệu) in any of the three systems."""


class InternalError(VanbanError):
    """An unexpected fault inside vanban on one input; the batch functions report it and go on."""

    @classmethod
    def wrap(cls, exc: BaseException, source: str | None = None) -> InternalError:
        """The error reported for ``exc`` raised while handling ``source``: names the exception type."""
        where = f"{source}: " if source else ""
        detail = str(exc).splitlines()[0] if str(exc) else ""
        return cls(f"{where}internal error ({type(exc).__name__}{': ' + detail if detail else ''}); "
                   "please report it with the input")


class StoreError(VanbanError):
    """The store cannot be written or read (disk full, read-only file, locked too long); nothing stored is lost."""


class OcrUnavailableError(UnsupportedFormatError):
    """A scan needs OCR and this machine cannot do it: the Tesseract program (Debian packages
    ``tesseract-ocr``, ``tesseract-ocr-vie``) or the ``vanban[ocr]`` extra is missing."""

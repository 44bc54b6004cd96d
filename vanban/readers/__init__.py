"""Readers: turn a file or bytes into a ``Document``, choosing the format by content, not name."""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import InputError
from ..models import Document
from .text import decode_text

MAX_BYTES = 64 * 1024 * 1024
"""Inputs larger than this are refused (configurable with ``max_bytes``)."""


def read_bytes(source: str | os.PathLike[str] | bytes, max_bytes: int = MAX_BYTES) -> tuple[bytes, str | None]:
    """The bytes of ``source`` (a path or the bytes themselves) and its name, size-checked."""
    if isinstance(source, bytes):
        data, name = source, None
    else:
        path = Path(source)
        if path.is_dir():
            raise InputError(f"{path}: is a folder, not a document")
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(f"{path}: {size} bytes is above the {max_bytes}-byte limit")
        data, name = path.read_bytes(), str(path)
    if len(data) > max_bytes:
        raise InputError(f"{name or 'input'}: {len(data)} bytes is above the {max_bytes}-byte limit")
    return data, name


def parse_file(source: str | os.PathLike[str] | bytes, *, max_bytes: int = MAX_BYTES) -> Document:
    """Read a document from a path or bytes; the format is told by content (magic bytes)."""
    from ..parser import parse_text

    data, name = read_bytes(source, max_bytes)
    from ..edxml import looks_like_edxml, read_edxml

    if looks_like_edxml(data):
        return read_edxml(data, name)
    text, encoding = decode_text(data, name)
    doc = parse_text(text, source=name)
    return doc.model_copy(update={"encoding": encoding, "format": "text"})

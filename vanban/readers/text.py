"""Plain-text input: decode bytes to Unicode, refusing what is not text."""

from __future__ import annotations

import codecs

from ..errors import InputError


def looks_binary(data: bytes) -> bool:
    """True when ``data`` is not text: NUL bytes or many control characters in its first 8 KiB."""
    head = data[:8192]
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return controls > max(8, len(head) // 50)


def decode_text(data: bytes, name: str | None = None) -> tuple[str, str]:
    """Decode text bytes; returns the text and the encoding's name (``utf-8``, ``utf-8-sig``)."""
    label = name or "input"
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as e:
            raise InputError(f"{label}: broken UTF-16 text ({e.reason})") from None
    if looks_binary(data):
        raise InputError(f"{label}: binary data, not a text document")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as e:
        raise InputError(f"{label}: not valid UTF-8 text (byte {e.start}); convert it to UTF-8") from None

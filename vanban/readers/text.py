"""Plain-text input: decode bytes to Unicode (UTF-8, UTF-16, Windows-1258, TCVN3, VNI), refusing what is not text."""

from __future__ import annotations

import codecs
import re

from vanban.errors import InputError
from vanban.readers.encodings import decode_legacy, detect_single_byte

_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
"""A well-formed multi-byte UTF-8 sequence; legacy Vietnamese 8-bit text practically never has one."""
_CONTROLS = bytes(b for b in range(32) if b < 9 or b > 13)
"""Control bytes that plain text does not hold (tab, line feed, vertical tab, form feed, CR are kept)."""


def looks_binary(data: bytes) -> bool:
    """True when ``data`` is not text: NUL bytes or many control characters in its first 8 KiB."""
    head = data[:8192]
    if b"\x00" in head:
        return True
    controls = len(head) - len(head.translate(None, _CONTROLS))  # counted in C: the folder walk runs it per file
    return controls > max(8, len(head) // 50)


def _utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le``/``utf-16-be`` when ``data`` looks like BOM-less UTF-16 text, else ``None``."""
    head = data[:4096]
    if len(head) < 4 or len(head) % 2:
        head = head[: len(head) - len(head) % 2]
    if len(head) < 4:
        return None
    even = head[0::2].count(0)
    odd = head[1::2].count(0)
    half = len(head) // 2
    if odd > 0.3 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.3 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def decode_text(data: bytes, name: str | None = None) -> tuple[str, str]:
    """Decode text bytes; returns the text and the detected encoding's name.

    Names: ``utf-8``, ``utf-8-sig``, ``utf-16``, ``utf-16-le``, ``utf-16-be``, ``windows-1258``,
    ``tcvn3``, ``vni``. Legacy encodings are told apart by which reads as Vietnamese best.
    """
    label = name or "input"
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as e:
            raise InputError(f"{label}: broken UTF-8 text after its byte-order mark (byte {e.start})") from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as e:
            raise InputError(f"{label}: broken UTF-16 text ({e.reason})") from None
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        try:
            text = data.decode(utf16)
        except UnicodeDecodeError:
            text = ""
        if text and not looks_binary(text[:4096].encode("utf-8", errors="replace")):
            return text, utf16
    if looks_binary(data):
        raise InputError(f"{label}: binary data, not a text document")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as e:
        if _UTF8_SEQUENCE.search(data, 0, e.start + 4):  # real UTF-8 letters before the broken bytes
            raise InputError(f"{label}: not valid UTF-8 text (byte {e.start}); convert it to UTF-8") from None
    encoding = detect_single_byte(data)
    return decode_legacy(data, encoding), encoding


def utf8_encoding(head: bytes) -> str | None:
    """``utf-8`` or ``utf-8-sig`` (a byte-order mark) when :func:`decode_text` decodes bytes beginning with ``head`` (their
    first 8 KiB or more) as UTF-8 if they are; ``None`` when it may read them another way (UTF-16, binary data)."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or _utf16_without_bom(head) is not None:
        return None
    return None if looks_binary(head) else "utf-8"

"""Text encodings of Vietnamese files: Unicode, Windows-1258 and the legacy 8-bit font encodings.

Before Unicode (TCVN 6909:2001) Vietnamese text was typed in 8-bit *font encodings*: TCVN3 (also
called ABC; fonts ``.VnTime``, ``.VnArial``) and VNI (fonts ``VNI-Times``). The bytes only read
right in their own fonts; on any other system ``Hà Nội`` shows as ``Hµ Néi`` (TCVN3) or ``Haø
Noäi`` (VNI). TCVN3 has no upper-case accented letters: headings were typed in lower case in an
upper-case font (``.VnTimeH``), so the font name decides the case.

Conversion is table-driven (tables in ``vanban/data/legacy_encodings.json``) and runs in C:
bytes go through ``codecs.charmap_decode``, strings through ``str.translate``; VNI writes tone
and vowel marks as separate characters after the letter, which become Unicode combining marks
that NFC composes.
"""

from __future__ import annotations

import codecs
import json
import unicodedata
from functools import lru_cache
from importlib import resources
from typing import NamedTuple

from vanban import patterns
from vanban.errors import OptionError

LEGACY_ENCODINGS = ("tcvn3", "vni")
"""The legacy font encodings this module converts (besides ``windows-1258``, a real code page)."""

# Letters of the Vietnamese alphabet (lower case, NFC): used to judge which decoding reads best.
_VOWELS = "aăâeêioôơuưy"
_TONED = "".join(
    unicodedata.normalize("NFC", v + t) for v in _VOWELS for t in ("\u0300", "\u0301", "\u0303", "\u0309", "\u0323")
)
VIETNAMESE_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzđ" + _VOWELS + _TONED)
_WORD = patterns.compile(r"[^\W\d_]+")


class _Tables(NamedTuple):  # (a named tuple: a dataclass's class costs a compile per method at import)
    bytes_to_text: dict[str, dict[int, str]]  # encoding -> byte -> text (all 256 bytes)
    str_to_text: dict[str, dict[int, str]]  # encoding -> ord(cp1252 char) -> text
    tcvn3_prefixes: tuple[str, ...]
    tcvn3_upper_suffix: str
    vni_prefixes: tuple[str, ...]


def _cp1252(b: int) -> str:
    try:
        return bytes([b]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(b)


@lru_cache(maxsize=1)
def _tables() -> _Tables:
    raw = json.loads(resources.files("vanban").joinpath("data/legacy_encodings.json").read_text("utf-8"))
    by_bytes: dict[str, dict[int, str]] = {}
    by_str: dict[str, dict[int, str]] = {}
    for enc in LEGACY_ENCODINGS:
        table = {b: _cp1252(b) for b in range(256)}
        for hexbyte, text in raw[enc]["bytes"].items():
            table[int(hexbyte, 16)] = text
        by_bytes[enc] = table
        # A DOCX stores legacy text as the Windows-1252 reading of its bytes (or Latin-1 for 80-9F).
        # A DOCX stores legacy text as the Windows-1252 reading of its bytes, or (symbol fonts)
        # in the private-use area at U+F000 + byte.
        strs = {ord(_cp1252(b)): t for b, t in table.items() if b >= 0x80 and _cp1252(b) != t}
        strs.update({0xF000 + b: t for b, t in table.items() if b >= 0x20})
        by_str[enc] = strs
    fonts = raw["fonts"]
    return _Tables(by_bytes, by_str, tuple(fonts["tcvn3_prefixes"]), fonts["tcvn3_upper_suffix"],
                   tuple(fonts["vni_prefixes"]))


@lru_cache(maxsize=4)
def _charmap(encoding: str) -> str | dict[int, str]:
    """The decoding table: a 256-character string when every byte gives one character (fastest)."""
    table = _tables().bytes_to_text[encoding]
    if all(len(table[b]) == 1 for b in range(256)):
        return "".join(table[b] for b in range(256))
    return table


def decode_legacy(data: bytes, encoding: str) -> str:
    """Decode bytes in ``tcvn3``, ``vni`` or ``windows-1258`` to NFC Unicode."""
    if encoding in ("windows-1258", "cp1258"):
        text = data.decode("cp1258", errors="replace")
    elif encoding == "tcvn3":  # the table gives precomposed letters: already NFC
        return codecs.charmap_decode(data, "strict", _charmap(encoding))[0]
    elif encoding in LEGACY_ENCODINGS:
        text, _ = codecs.charmap_decode(data, "strict", _charmap(encoding))
    else:
        raise OptionError(f"unknown legacy encoding {encoding!r}")
    return unicodedata.normalize("NFC", text)


def convert_legacy(text: str, encoding: str, *, upper: bool = False) -> str:
    """Convert a string holding legacy-font characters (as a DOCX stores them) to NFC Unicode."""
    out = unicodedata.normalize("NFC", text.translate(_tables().str_to_text[encoding]))
    return out.upper() if upper else out


def legacy_font(font: str | None) -> tuple[str, bool] | None:
    """The legacy encoding a font name implies and whether it is an upper-case font, or ``None``.

    ``.VnTime`` -> ``("tcvn3", False)``; ``.VnTimeH`` -> ``("tcvn3", True)``; ``VNI-Times`` -> ``("vni", False)``.
    """
    if not font:
        return None
    t = _tables()
    name = font.strip().lower()
    if name.startswith(t.tcvn3_prefixes):
        return "tcvn3", name.endswith(t.tcvn3_upper_suffix)
    if name.startswith(t.vni_prefixes):
        return "vni", False
    return None


def vietnamese_score(text: str) -> int:
    """How Vietnamese ``text`` reads: words made only of Vietnamese letters with at most one tone,
    counting those with a non-ASCII letter double (higher is better)."""
    score = 0
    toned = set(_TONED)
    for m in _WORD.finditer(text.lower()):
        w = m.group()
        if not all(ch in VIETNAMESE_LETTERS for ch in w):
            score -= 1
            continue
        if sum(ch in toned for ch in w) > 1:
            score -= 1
            continue
        score += 1 if w.isascii() else 2
    return score


def detect_single_byte(data: bytes, sample: int = 65536) -> str:
    """Which of ``windows-1258``, ``tcvn3`` and ``vni`` reads ``data`` (not UTF-8) as Vietnamese best."""
    head = data[:sample]
    best, best_score = "windows-1258", None
    for enc in ("windows-1258", "tcvn3", "vni"):
        score = vietnamese_score(decode_legacy(head, enc))
        if best_score is None or score > best_score:
            best, best_score = enc, score
    return best


@lru_cache(maxsize=4)
def _inverse(encoding: str) -> dict[int, str]:
    """Unicode letter -> the byte string (as Latin-1 characters) that writes it in ``encoding``."""
    singles = [bytes([b]) for b in range(0x20, 256) if b != 0x7F]
    inv: dict[int, str] = {}
    for seq in singles:
        out = decode_legacy(seq, encoding)
        if len(out) == 1 and not out.isascii():
            inv.setdefault(ord(out), seq.decode("latin-1"))
    if encoding != "tcvn3":  # marks written after the letter
        for base in singles:
            for m in range(0x80, 256):
                out = decode_legacy(base + bytes([m]), encoding)
                if len(out) != 1 or ord(out) in inv:
                    continue
                # VNI has upper-case marks (C0-DF) for upper-case letters
                if encoding != "vni" or out.isupper() == (m < 0xE0):
                    inv[ord(out)] = (base + bytes([m])).decode("latin-1")
    return inv


def encode_legacy(text: str, encoding: str) -> bytes:
    """Write NFC Unicode ``text`` in ``tcvn3``, ``vni`` or ``windows-1258`` (unwritable letters -> ``?``)."""
    enc = "windows-1258" if encoding == "cp1258" else encoding
    inv = _inverse(enc)
    if enc == "tcvn3":  # no upper-case toned letters: write them in lower case
        text = "".join(ch if ord(ch) in inv or ch.isascii() else ch.lower() for ch in text)
    out = unicodedata.normalize("NFC", text).translate(inv)
    return out.encode("latin-1", errors="replace")

"""A one-colour bitmap with Vietnamese text drawn from a small pixel font, saved as PNG (zlib only).

The font (``data/stamp_font.json``) has base glyphs five pixels wide; a Vietnamese letter is drawn
from its NFD decomposition: the base glyph, then its marks (circumflex, breve, horn, the five tone
marks) stacked above or below. Characters the font lacks are drawn as a hollow box.
"""

from __future__ import annotations

import json
import struct
import unicodedata
import zlib
from functools import lru_cache
from importlib import resources

CELL_W = 6
"""Advance of one character in font pixels (five of ink, one of space)."""
ABOVE = 4
"""Font pixels reserved above the cap height for stacked marks."""
CELL_H = ABOVE + 11
"""Height of a text line in font pixels: marks, 7 rows of letter, descender and dot below."""
_BELOW = {"\u0323"}
_HORN = "\u031b"


@lru_cache(maxsize=1)
def _font() -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    raw = resources.files("vanban").joinpath("data/stamp_font.json").read_text(encoding="utf-8")
    data = json.loads(raw)
    return data["glyphs"], data["marks"]


class Bitmap:
    """A ``width`` x ``height`` canvas of ink (1) and background (0) pixels."""

    def __init__(self, width: int, height: int) -> None:
        self.width, self.height = width, height
        self.rows = [bytearray(width) for _ in range(height)]

    def dot(self, x: int, y: int, scale: int = 1) -> None:
        """Ink a ``scale`` x ``scale`` square at (x, y); outside the canvas is ignored."""
        for yy in range(y, y + scale):
            if 0 <= yy < self.height:
                row = self.rows[yy]
                for xx in range(x, x + scale):
                    if 0 <= xx < self.width:
                        row[xx] = 1

    def rectangle(self, x0: int, y0: int, x1: int, y1: int, thickness: int = 1) -> None:
        """An outline rectangle from (x0, y0) to (x1, y1) inclusive."""
        for t in range(thickness):
            for x in range(x0, x1 + 1):
                self.dot(x, y0 + t)
                self.dot(x, y1 - t)
            for y in range(y0, y1 + 1):
                self.dot(x0 + t, y)
                self.dot(x1 - t, y)

    def _pattern(self, rows: list[str], x: int, y: int, scale: int) -> None:
        for r, line in enumerate(rows):
            for c, px in enumerate(line):
                if px == "#":
                    self.dot(x + c * scale, y + r * scale, scale)

    def char(self, ch: str, x: int, y: int, scale: int = 1) -> None:
        """Draw one character with its top-left cell corner at (x, y)."""
        glyphs, marks = _font()
        parts = list(unicodedata.normalize("NFD", ch) or " ")
        base, extra = parts[0], parts[1:]
        rows = glyphs.get(base)
        top = y + ABOVE * scale
        if rows is None:
            rows = ["#####", "#...#", "#...#", "#...#", "#...#", "#...#", "#####"]
        above = [m for m in extra if m not in _BELOW and m != _HORN and m in marks]
        if base == "i" and above:
            rows = [".....", *rows[1:]]  # í, ì, ỉ, ĩ lose the dot under their tone mark
        self._pattern(rows, x, top, scale)
        ink = next((i for i, line in enumerate(rows) if "#" in line), 0)
        level = top + ink * scale
        for m in above:
            pattern = marks[m]
            level -= len(pattern) * scale
            self._pattern(pattern, x, level, scale)
        if _HORN in extra:
            self.dot(x + 5 * scale, top + (ink - 1) * scale, scale)
            self.dot(x + 5 * scale, top + ink * scale, scale)
        if any(m in _BELOW for m in extra):
            self._pattern(marks["\u0323"], x, top + 8 * scale, scale)

    def text(self, s: str, x: int, y: int, scale: int = 1, max_width: int | None = None) -> int:
        """Draw ``s`` from (x, y); stops before ``max_width`` pixels. Returns the x after the text."""
        for ch in unicodedata.normalize("NFC", s):
            if max_width is not None and x + CELL_W * scale > max_width:
                break
            self.char(ch, x, y, scale)
            x += CELL_W * scale
        return x

    def png(self, ink: tuple[int, int, int] = (192, 0, 0)) -> bytes:
        """The bitmap as a PNG: palette of a transparent background and one ink colour."""
        def chunk(kind: bytes, body: bytes) -> bytes:
            return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

        raw = b"".join(b"\x00" + bytes(row) for row in self.rows)
        return (b"\x89PNG\r\n\x1a\n"
                + chunk(b"IHDR", struct.pack(">IIBBBBB", self.width, self.height, 8, 3, 0, 0, 0))
                + chunk(b"PLTE", bytes((255, 255, 255, *ink)))
                + chunk(b"tRNS", b"\x00\xff")
                + chunk(b"IDAT", zlib.compress(raw, 9))
                + chunk(b"IEND", b""))

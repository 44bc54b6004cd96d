"""The filled "ĐẾN" stamp of an incoming entry, as text and as an SVG image for electronic copies.

The paper stamp is a 50 mm x 35 mm rectangle (Nghị định 30/2020/NĐ-CP Phụ lục IV): the receiving
body's name, the large label ``ĐẾN`` beside ``Số:`` and ``Ngày:``, then ``Chuyển:`` and
``Số và ký hiệu HS:``. Two images: SVG at that physical size (its text stays Vietnamese text,
searchable and sharp at any zoom, about one kilobyte), and a PNG of 400 x 280 pixels (8 pixels per
millimetre) drawn with vanban's own pixel font, transparent around red ink, for tools that only
take raster images.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from vanban.register.bitmap import CELL_H, CELL_W, Bitmap
from vanban.register.columns import day
from vanban.register.entry import Entry

WIDTH_MM, HEIGHT_MM = 50, 35
"""Size of the stamp (Phụ lục IV)."""


def _receiver(e: Entry) -> str:
    return (e.receiver or "TÊN CƠ QUAN, TỔ CHỨC").upper()


def stamp_text(e: Entry) -> str:
    """The filled stamp as five lines of text."""
    return "\n".join((
        _receiver(e),
        f"ĐẾN  Số: {e.seq}",
        f"     Ngày: {day(e.registered_on)}",
        f"Chuyển: {e.forwarded_to or ''}".rstrip(),
        f"Số và ký hiệu HS: {e.file_code or ''}".rstrip(),
    ))


def _wrap(text: str, width: int) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split():
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    return [*lines, current] if current else lines


def stamp_svg(e: Entry, *, colour: str = "#c00000") -> str:
    """The filled stamp as an SVG image of 50 mm x 35 mm (red ink by default)."""
    head = _wrap(_receiver(e), 30)[:2]
    y = 5.0
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH_MM}mm" height="{HEIGHT_MM}mm" '
        f'viewBox="0 0 {WIDTH_MM} {HEIGHT_MM}" font-family="Times New Roman, serif" fill="{colour}">',
        f'<rect x="0.6" y="0.6" width="{WIDTH_MM - 1.2}" height="{HEIGHT_MM - 1.2}" fill="none" '
        f'stroke="{colour}" stroke-width="0.6"/>',
    ]
    for text in head:
        parts.append(f'<text x="25" y="{y:.1f}" font-size="3" font-weight="bold" text-anchor="middle">'
                     f"{escape(text)}</text>")
        y += 3.6
    y += 1.5
    parts.append(f'<text x="3" y="{y + 4.5:.1f}" font-size="7" font-weight="bold">ĐẾN</text>')
    parts.append(f'<text x="20" y="{y + 1.5:.1f}" font-size="3.4">Số: {e.seq}</text>')
    parts.append(f'<text x="20" y="{y + 6.5:.1f}" font-size="3.4">Ngày: {escape(day(e.registered_on))}</text>')
    y += 12.5
    parts.append(f'<text x="3" y="{y:.1f}" font-size="3.2">Chuyển: {escape(e.forwarded_to or "")}</text>')
    parts.append(f'<text x="3" y="{y + 5:.1f}" font-size="3.2">Số và ký hiệu HS: {escape(e.file_code or "")}</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


PNG_WIDTH, PNG_HEIGHT = 400, 280
"""Pixel size of the PNG stamp (8 pixels per millimetre)."""


def stamp_png(e: Entry, *, ink: tuple[int, int, int] = (192, 0, 0)) -> bytes:
    """The filled stamp as a PNG of 400 x 280 pixels, transparent background, red ink by default."""
    img = Bitmap(PNG_WIDTH, PNG_HEIGHT)
    img.rectangle(0, 0, PNG_WIDTH - 1, PNG_HEIGHT - 1, thickness=3)
    small, big, margin = 2, 4, 14
    line = CELL_H * small
    per_line = (PNG_WIDTH - 2 * margin) // (CELL_W * small)
    y = 10
    for text in _wrap(_receiver(e), per_line)[:2]:
        width = len(text) * CELL_W * small
        img.text(text, (PNG_WIDTH - width) // 2, y, small)
        y += line
    y += 10
    img.text("ĐẾN", margin, y, big)
    left = margin + 3 * CELL_W * big + 20
    img.text(f"Số: {e.seq}", left, y, small, max_width=PNG_WIDTH - margin)
    img.text(f"Ngày: {day(e.registered_on)}", left, y + line, small, max_width=PNG_WIDTH - margin)
    y += CELL_H * big + 8
    for text in _wrap(f"Chuyển: {e.forwarded_to or ''}", per_line)[:2]:
        img.text(text, margin, y, small, max_width=PNG_WIDTH - margin)
        y += line
    img.text(f"Số và ký hiệu HS: {e.file_code or ''}", margin, y, small, max_width=PNG_WIDTH - margin)
    return img.png(ink)

"""The filled "ĐẾN" stamp of an incoming entry, as text and as an SVG image for electronic copies.

The paper stamp is a 50 mm x 35 mm rectangle (Nghị định 30/2020/NĐ-CP Phụ lục IV): the receiving
body's name, the large label ``ĐẾN`` beside ``Số:`` and ``Ngày:``, then ``Chuyển:`` and
``Số và ký hiệu HS:``. The image is SVG at that physical size: its text stays Vietnamese text
(searchable, sharp at any zoom, no font to embed), and it is about one kilobyte.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from .book import Entry
from .columns import day

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

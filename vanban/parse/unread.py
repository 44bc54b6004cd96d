"""Parts printed but not readable: a number line or a date line the header parser could not read.

The header parser reads what follows the rules; when a ``Số:`` line or a place/date line is there
but malformed (``Số: SXD-QLGT/1103``, ``Lào Cai, 13/3/2026``), this module records its text and span
as an :class:`~vanban.models.Unread` so that the validator says what is wrong with it instead of
calling the part missing. It only looks at the header lines the parser left unclaimed.
"""

from __future__ import annotations

from collections.abc import Sequence

from vanban import patterns
from vanban.models import Span, Unread
from vanban.numbering import LABEL_LINE_RE
from vanban.parse.layout import Line

_NUMBER_BODY = patterns.compile(r"[A-ZĐ0-9]")
_NUMERIC_DATELINE = patterns.compile(
    r"^(?:[^\W\d_][^\d,]{0,60}?,?\s*)?(?:[Nn]gày\s*)?\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{2,4}\s*$")
"""``Lào Cai, 13/3/2026`` or ``ngày 13/3/2026``: a date line written in figures."""
_BROKEN_DATELINE = patterns.compile(
    r"^(?:[^\W\d_][^\d,]{0,60}?,\s*)?[Nn]gày\s*\d{1,2}\s+(?:tháng\s*)?\d{1,2}\s+(?:năm\s*)?\d{4}\s*$")
"""``Hà Nội, ngày 13 tháng 3 2026``: a worded date line with a word left out."""


def unread_number(lines: Sequence[Line], limit: int, skip: set[int]) -> Unread | None:
    """The first header line labelled ``Số`` that carries a symbol the number grammar did not read."""
    for ln in lines[:limit]:
        if ln.index in skip or ln.kind not in ("", "header"):
            continue
        for seg in ln.segments:
            m = LABEL_LINE_RE.match(seg.text)
            if m is None or not seg.text.lstrip("*_| \t").startswith("Số"):
                continue  # "SỐ" in a heading, "số 64/2025/QH15" in running text
            rest = seg.text[m.end():].strip()
            label = m.group(0)
            if " " in label.strip() and ":" not in label:
                continue  # "Luật số 56/2024/QH15" in running text
            if ("/" in rest or "-" in rest) and _NUMBER_BODY.search(rest) and len(rest.split()) <= 3:
                return Unread(part="number", text=seg.text.strip(), span=Span(start=seg.start, end=seg.end))
    return None


def unread_date(lines: Sequence[Line], first: int, last: int, skip: set[int]) -> Unread | None:
    """The first header line that is a place/date line in a form the date grammar does not read."""
    for ln in lines[first:last]:
        if ln.index in skip or ln.kind not in ("", "header"):
            continue
        for seg in ln.segments:
            t = seg.text.strip()
            if _NUMERIC_DATELINE.match(t) or _BROKEN_DATELINE.match(t):
                return Unread(part="date", text=t, span=Span(start=seg.start, end=seg.start + len(seg.text.rstrip())))
    return None

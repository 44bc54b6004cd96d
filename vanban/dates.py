"""Dates as Vietnamese documents print them: ``ngày 05 tháng 01 năm 2020``, ``05-7-2017``, ``20/8/21``."""

from __future__ import annotations

import datetime as dt
import re

from vanban import patterns

NUMERIC_DATE = r"(?P<d>\d{1,2})[ \t]*[-/.][ \t]*(?P<m>\d{1,2})[ \t]*[-/.][ \t]*(?P<y>\d{4}|\d{2})(?!\d)"
WORDED_DATE = r"(?P<wd>\d{1,2})[ \t\n]+tháng[ \t\n]+(?P<wm>\d{1,2})[ \t\n]+năm[ \t\n]+(?P<wy>\d{4})(?!\d)"
DATE_RE = patterns.compile(rf"(?:{WORDED_DATE}|{NUMERIC_DATE})")
"""A date in either style; groups ``wd/wm/wy`` (worded) or ``d/m/y`` (numeric)."""


def make_date(day: str | int | None, month: str | int | None, year: str | int | None) -> dt.date | None:
    """A real calendar date from its printed parts (two-digit years are 20xx), else ``None``."""
    try:
        d, m, y = int(day or 0), int(month or 0), int(year or 0)
    except ValueError:
        return None
    if y < 100:
        y += 2000 if y < 70 else 1900
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def date_from_match(m: re.Match[str]) -> dt.date | None:
    """The date of a ``DATE_RE`` match, or ``None`` when the printed parts are not a real date."""
    if m.group("wd") is not None:
        return make_date(m.group("wd"), m.group("wm"), m.group("wy"))
    return make_date(m.group("d"), m.group("m"), m.group("y"))


def parse_date(text: str) -> dt.date | None:
    """The first date in ``text`` in any supported style, or ``None``."""
    m = DATE_RE.search(text)
    return date_from_match(m) if m else None


_UPPER_LETTERS = "".join(chr(c) for c in range(0x41, 0x1F00) if chr(c).isupper())
MONTH_WORD = "th[áảàa]ng"
"""The word ``tháng`` as a date line prints it (OCR slips its tone): every date line holds it."""
DATELINE_RE = patterns.compile(
    rf"^(?:(?P<place>[{_UPPER_LETTERS}](?:[^\W\d_]|[ .'-]){{0,60}}?)\s*(?P<comma>,)?\s*|(?P<place2>[^\W\d_](?:[^\W\d_]|[ .'-]){{0,60}}?)\s*,\s*)?"
    r"[Nn]g[àảáạãa]y\s*(?P<d>\d{1,2})?[\s.…_/]*"  # OCR slips the tone of "ngày"
    + MONTH_WORD + r"\s*(?P<m>\d{1,2})?[\s.…_/]*n[ăa]m\s*(?P<y>\d{4})"
    r"|^(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})\s+năm\s+(?P<y2>\d{4})\s*$"
)
"""``Hà Nội, ngày 05 tháng 01 năm 2020`` (the comma may be lost; the day is blank in unissued copies).

Groups: ``place`` (capitalised, ``comma`` after it or not) or ``place2`` (any case, comma required),
``d``, ``m``, ``y``; or ``d2``, ``m2``, ``y2`` for a bare ``30 tháng 3 năm 2018``."""

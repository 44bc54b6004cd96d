"""Word list numbering (``word/numbering.xml``): the labels Word draws but does not store as text.

Legal texts often number their articles and clauses automatically (``Điều %1.``, ``%1.``, ``%2)``);
without the labels the body would read ``Phạm vi điều chỉnh`` for ``Điều 1. Phạm vi điều chỉnh``.
Counters run per list instance (``w:num``); a level's counter restarts when a higher level moves.
"""

from __future__ import annotations

import re
from typing import Any

from vanban import patterns

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
          (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))
_PLACEHOLDER = patterns.compile(r"%([1-9])")
_LETTERS = "abcdđeghiklmnopqrstuvxy"  # Vietnamese lists skip f, j, w, z and put đ after d


def _roman(n: int) -> str:
    out = []
    for value, digits in _ROMAN:
        while n >= value:
            out.append(digits)
            n -= value
    return "".join(out)


def _letter(n: int) -> str:
    """``a``, ``b``, ... then ``aa``, ``bb`` as Word does (Latin alphabet)."""
    alphabet = "abcdefghijklmnopqrstuvwxyz"
    return alphabet[(n - 1) % 26] * ((n - 1) // 26 + 1) if n > 0 else ""


def format_counter(n: int, fmt: str) -> str:
    """Draw counter ``n`` in Word's number format ``fmt`` (``decimal``, ``lowerLetter``, ``upperRoman``...)."""
    if fmt in ("decimal", "decimalZero"):
        return f"{n:02d}" if fmt == "decimalZero" else str(n)
    if fmt == "lowerLetter":
        return _letter(n)
    if fmt == "upperLetter":
        return _letter(n).upper()
    if fmt == "lowerRoman":
        return _roman(n)
    if fmt == "upperRoman":
        return _roman(n).upper()
    if fmt == "none":
        return ""
    return str(n)


class ListNumbering:
    """Labels of numbered paragraphs, counted in document order."""

    def __init__(self, root: Any | None) -> None:
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}  # abstractNumId -> ilvl -> (fmt, text, start)
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}  # numId -> (abstractNumId, start overrides)
        self.counters: dict[str, list[int]] = {}
        if root is None:
            return
        for ab in root.iterfind(W + "abstractNum"):
            aid = ab.get(W + "abstractNumId") or ""
            lv: dict[int, tuple[str, str, int]] = {}
            for lvl in ab.iterfind(W + "lvl"):
                ilvl = _int(lvl.get(W + "ilvl"), 0)
                fmt = _val(lvl.find(W + "numFmt")) or "decimal"
                text = _val(lvl.find(W + "lvlText")) or ""
                lv[ilvl] = (fmt, text, _int(_val(lvl.find(W + "start")), 1))
            self.levels[aid] = lv
        for num in root.iterfind(W + "num"):
            nid = num.get(W + "numId") or ""
            aid = _val(num.find(W + "abstractNumId")) or ""
            overrides = {}
            for ov in num.iterfind(W + "lvlOverride"):
                so = ov.find(W + "startOverride")
                if so is not None:
                    overrides[_int(ov.get(W + "ilvl"), 0)] = _int(_val(so), 1)
            self.nums[nid] = (aid, overrides)

    def label(self, num_id: str, ilvl: int) -> str:
        """The next label of list ``num_id`` at level ``ilvl`` (``""`` when there is none)."""
        if num_id in ("", "0") or num_id not in self.nums or not 0 <= ilvl < 9:
            return ""
        aid, overrides = self.nums[num_id]
        levels = self.levels.get(aid, {})
        if ilvl not in levels:
            return ""
        counters = self.counters.get(num_id)
        if counters is None:
            counters = self.counters[num_id] = [0] * 9
        for k in range(9):
            if k > ilvl:
                counters[k] = 0
        start = overrides.get(ilvl, levels[ilvl][2])
        counters[ilvl] = start if counters[ilvl] == 0 else counters[ilvl] + 1
        fmt, text, _ = levels[ilvl]
        if fmt == "bullet":
            return "-" if not text or not text.isprintable() or ord(text[0]) >= 0xE000 else text

        def fill(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            if k not in levels:
                return ""
            n = counters[k] or overrides.get(k, levels[k][2])
            return format_counter(n, fmt if k == ilvl else levels[k][0])

        return _PLACEHOLDER.sub(fill, text)


def _val(el: Any | None) -> str | None:
    return el.get(W + "val") if el is not None else None


def _int(v: str | None, default: int) -> int:
    try:
        return int(v) if v is not None else default
    except ValueError:
        return default

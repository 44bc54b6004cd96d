"""Repairs of glyphs that broken PDF font maps put in place of Vietnamese letters.

Some PDF fonts map glyphs to the wrong code points: ``ƣ`` (U+01A3) for ``ư``, ``Õ`` for ``Ò``
(``CỘNG HÕA``). One-for-one repairs apply everywhere; a repair that could also hit a real word
(``Õ`` is a real letter) applies only once the document's own national title proves the font
misreads it, and only before the letters where the misread form is not Vietnamese (``HÕA``).
The tables are in ``vanban/data/pdf_glyphs.json``; every repair keeps the text's length.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from vanban import patterns


@dataclass(frozen=True)
class _Signal:
    seen: str
    pattern: re.Pattern[str]
    means: str


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[int, str], tuple[_Signal, ...]]:
    raw = json.loads(resources.files("vanban").joinpath("data/pdf_glyphs.json").read_text("utf-8"))
    letters = str.maketrans(raw["letters"])
    signals = tuple(
        _Signal(s["seen"], patterns.compile(re.escape(s["misread"]) + f"(?=[{re.escape(s['before'])}])"), s["means"])
        for s in raw["signals"]
    )
    return letters, signals


def repair_glyphs(text: str) -> str:
    """Repair wrongly mapped glyphs in a PDF text layer (NFC in, NFC out, same length)."""
    letters, signals = _tables()
    text = text.translate(letters)
    for s in signals:
        if s.seen in text:
            text = s.pattern.sub(s.means, text)
    return text

"""Checks of one short text (a header's or a foot's line) remembered across lines and documents.

A header and a foot are read more than once (the stamp, the titles, the issuer, the signature all
look at the same lines), and a corpus repeats them (titles, issuers, authorities, signers). A long
text is not remembered: the memory kept stays small whatever the input.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache, wraps
from typing import TypeVar

T = TypeVar("T")

SHORT = 400
"""The longest text remembered."""


def remembered(check: Callable[[str], T], longest: int = SHORT) -> Callable[[str], T]:
    """``check`` (a pure function of one text) remembered for texts of at most ``longest`` characters."""
    cached = lru_cache(maxsize=4096)(check)

    @wraps(check)
    def call(text: str) -> T:
        return cached(text) if len(text) <= longest else check(text)

    return call

"""The facts the rules use, loaded once from ``vanban/data/checks.json``."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any


@cache
def facts() -> dict[str, Any]:
    """The parsed ``checks.json`` (Party collectives, authority forms, OCR terms, typography)."""
    with (resources.files("vanban") / "data" / "checks.json").open(encoding="utf-8") as f:
        data: dict[str, Any] = json.load(f)
    return data

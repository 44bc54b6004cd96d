"""Shared fixtures: where the dev corpora live (``../shared`` beside the clone, or $VANBAN_SHARED)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "bao-cao-85-BC-BTGTU.txt"


def shared_dir() -> Path:
    """The shared folder with the corpora."""
    env = os.environ.get("VANBAN_SHARED")
    return Path(env) if env else ROOT.parent / "shared"


def load_jsonl(path: Path) -> list[dict[str, Any]]:
    """Every JSON object of a JSON-lines file."""
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


@pytest.fixture(scope="session")
def shared() -> Path:
    """The shared folder; tests that need it are skipped when it is absent."""
    d = shared_dir()
    if not (d / "corpus").is_dir():
        pytest.skip("shared corpus not found (set VANBAN_SHARED)")
    return d


@pytest.fixture(scope="session")
def gazette(shared: Path) -> list[dict[str, Any]]:
    """The 150 gazette documents of ``corpus/dev.jsonl``."""
    return load_jsonl(shared / "corpus" / "dev.jsonl")


@pytest.fixture(scope="session")
def admin(shared: Path) -> list[dict[str, Any]]:
    """The hand-checked administrative and Party documents of ``corpus/admin/dev.jsonl``."""
    return load_jsonl(shared / "corpus" / "admin" / "dev.jsonl")

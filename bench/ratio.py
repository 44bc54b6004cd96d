"""The speed of ``parse_text`` as a multiple of a bare regex pass over the same texts (the "regex floor").

A ratio, not a time: both passes run on the same machine in the same minute, interleaved, best of
many rounds, timed in CPU time of the thread (time spent waiting for a core shared with other work
is not counted), so the machine's speed and load cancel out to a large extent. ``bench/throughput.py`` prints
it for the gazette dev corpus and for the texts that ship in the repository, and writes the
baseline (``--write-baseline``) that ``tests/test_throughput.py`` holds the repository set to.
"""

from __future__ import annotations

import gc
import json
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from vanban import parse_file, parse_text

ROOT = Path(__file__).resolve().parents[1]
BARE = re.compile(r"\d+[-/][A-ZĐ][\w/-]*")
"""A number-shaped pattern: one ``finditer`` of it over the text is the floor any parser pays."""
BASELINE = ROOT / "tests" / "data" / "throughput_baseline.json"
TOLERANCE = 1.30
"""The test fails when the repository set's ratio grows by more than 30 % over the baseline."""


def repo_texts() -> list[str]:
    """The documents that ship in the repository as text: the examples, the admin samples, the DOCX samples' text."""
    examples = sorted((ROOT / "examples").rglob("*.txt"))
    samples = ROOT / "tests" / "data" / "samples"
    with (samples / "admin.jsonl").open(encoding="utf-8") as f:
        admin = [json.loads(line)["text"] for line in f if line.strip()]
    docx = [parse_file(p).text for p in sorted(samples.glob("*.docx"))]
    return [p.read_text(encoding="utf-8") for p in examples] + admin + docx


def gazette_texts(shared: Path) -> list[str] | None:
    """The texts of the gazette dev corpus (``corpus/dev.jsonl``), or ``None`` without the corpus."""
    path = shared / "corpus" / "dev.jsonl"
    if not path.exists():
        return None
    with path.open(encoding="utf-8") as f:
        return [json.loads(line)["text"] for line in f if line.strip()]


def parse_pass(texts: list[str]) -> None:
    """``parse_text`` over every text."""
    for t in texts:
        parse_text(t)


def floor_pass(texts: list[str]) -> None:
    """One ``finditer`` of the number-shaped pattern over every text."""
    for t in texts:
        for _ in BARE.finditer(t):
            pass


def _timed(fn: Callable[[list[str]], None], texts: list[str], inner: int = 1) -> float:
    gc.collect()
    t = time.thread_time()
    for _ in range(inner):
        fn(texts)
    return (time.thread_time() - t) / inner


def measure(texts: list[str], rounds: int) -> tuple[float, float]:
    """Best time of a parse pass and of a floor pass over ``texts``, the two interleaved for ``rounds`` rounds."""
    parse_pass(texts)  # warm the catalogues and compiled patterns
    parse, floor = float("inf"), float("inf")
    inner = max(1, int(0.005 / max(_timed(floor_pass, texts), 1e-6)))  # floor samples of >= 5 ms: above timer noise
    for _ in range(rounds):
        parse = min(parse, _timed(parse_pass, texts))
        floor = min(floor, _timed(floor_pass, texts, inner))
    return parse, floor


def read_baseline() -> dict[str, Any]:
    """The committed baseline: ``{"sets": {name: {"ratio": ..., "documents": ..., "bytes": ...}}, ...}``."""
    data: dict[str, Any] = json.loads(BASELINE.read_text(encoding="utf-8"))
    return data


def write_baseline(sets: dict[str, dict[str, float]], note: str) -> None:
    """Write the baseline of each measured set (the ratio parse time ÷ floor time)."""
    data = {"what": "parse_text time / regex floor time on the same texts, best of interleaved rounds "
                    "(bench/ratio.py); written by `python bench/throughput.py --write-baseline`",
            "note": note, "sets": sets}
    BASELINE.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")

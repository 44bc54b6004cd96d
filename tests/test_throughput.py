"""Parsing does not get slower relative to the regex floor: a ratio against a committed baseline, not a time.

The texts that ship in the repository are parsed and scanned by one bare regex pass, interleaved,
best of many rounds (``bench/ratio.py``); the ratio of the two times must stay within 30 % of
``tests/data/throughput_baseline.json``, which ``python bench/throughput.py --write-baseline`` writes
(rewrite it when the parser gets faster on purpose; see docs/development.md). Machine speed and
load cancel out of the ratio; no absolute time is asserted.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

from ratio import TOLERANCE, measure, read_baseline, repo_texts

ROUNDS = 30
"""Rounds of each measurement: the best of 30 is stable on a loaded 2-core machine."""
ATTEMPTS = 3
"""Measurements before a ratio over the limit counts as a regression."""


def test_parse_time_over_the_regex_floor_stays_within_30_percent_of_the_baseline() -> None:
    texts = repo_texts()
    baseline = read_baseline()["sets"]["repo"]
    assert baseline["documents"] == len(texts), "the repository's texts changed: rewrite the baseline"
    ratios: list[float] = []
    for _ in range(ATTEMPTS):  # a burst of other work can slow one measurement; a regression slows them all
        parse, floor = measure(texts, ROUNDS)
        ratios.append(parse / floor)
        print(f"ratio {ratios[-1]:.2f} x (baseline {baseline['ratio']:.2f} x)")
        if ratios[-1] <= baseline["ratio"] * TOLERANCE:
            break
    assert min(ratios) <= baseline["ratio"] * TOLERANCE, (
        f"parse_text takes {min(ratios):.2f} x the regex floor on the repository texts (best of {ratios}), more "
        f"than {TOLERANCE:.2f} x the baseline {baseline['ratio']:.2f} x")

"""Planted defects (``tests/planting.py``): validation points at ≥ 95 % of them, text and DOCX, no kind at 0.

Each kind of defect is planted one at a time into the hand-checked state and Party documents of the dev
corpus and the seed (text), and into DOCX files rendered from them (XML mutations). Harmless edits
(controls) and the rendered files themselves raise no new finding.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests import planting
from tests.conftest import ROOT
from vanban import parse_text

MIN_RATE = 0.95


@pytest.fixture(scope="module")
def bases(shared: Path) -> dict[str, str]:
    """The base texts (admin + party dev documents and the seed)."""
    return planting.text_bases(shared, ROOT)


def _report(name: str, tally: planting.Tally) -> None:
    print(f"\n{name}: detection per kind\n{tally.table()}\nmissed: {tally.missed}")


def test_text_defects_are_pointed_at(bases: dict[str, str]) -> None:
    tally = planting.plant_text(bases)
    _report("text", tally)
    assert tally.control_alarms == []
    assert not [k for k in planting.TEXT_KINDS if tally.planted[k] and not tally.caught[k]], "a kind never caught"
    assert all(tally.planted[k] for k in planting.TEXT_KINDS), "a kind applies to no base document"
    assert tally.rate() >= MIN_RATE


def test_text_defects_in_cells_layout_are_pointed_at(bases: dict[str, str]) -> None:
    # a variant of each base: every wide gap is a line break, the cells read one after another (as a
    # DOCX or HTML table comes out), so the Nơi nhận items and the signature lines interleave
    cells = {f"{k}~cells": "\n".join(c for line in v.split("\n")
                                      for c in (re.split(r"\s{3,}", line.strip()) if line.strip() else [""]))
             for k, v in bases.items()}
    tally = planting.plant_text(cells)
    _report("text, cells layout", tally)
    assert tally.control_alarms == []
    assert tally.rate() >= MIN_RATE


def test_docx_defects_are_pointed_at(bases: dict[str, str]) -> None:
    docs = {k: parse_text(v, source=k) for k, v in bases.items() if len(v) < 30000}
    tally = planting.plant_docx(docs)
    _report("docx", tally)
    assert tally.control_alarms == []
    assert not [k for k in planting.DOCX_KINDS if tally.planted[k] and not tally.caught[k]], "a kind never caught"
    assert all(tally.planted[k] for k in planting.DOCX_KINDS)
    assert tally.rate() >= MIN_RATE


def test_a_planted_defect_not_pointed_at_is_counted_missed() -> None:
    # the measure can fail: a defect whose rule is ignored is not "pointed at"
    text = (ROOT / "examples" / "bao-cao-85-BC-BTGTU.txt").read_text(encoding="utf-8")
    doc = parse_text(text)
    planted = planting.signer_academic(doc.text, doc)
    assert planted is not None
    after = list(planting.validate(parse_text(planted.text), ignore=["VB404"], today=planting.TODAY).findings)
    assert not planting.pointed(planted, [], after)

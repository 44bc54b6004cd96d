"""Precision of error and warning findings on the dev corpora, every finding judged once by reading.

``tests/data/judged_findings.jsonl`` lists each error/warning finding that ``validate`` gives on the
dev corpora (admin, party, 30 gazette texts, the gazette PDFs and Word files, the web pages) with a
verdict and the reason read in the text. A finding not in the file fails the test (judge it, add
it); the share of true verdicts must stay at 90 % or more.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from tests.dev_findings import dev_documents
from vanban import validate

JUDGED = Path(__file__).parent / "data" / "judged_findings.jsonl"


def _key(doc_id: str, rule: str, text: str | None, paragraph: int | None) -> tuple[str, str, str, int | None]:
    return (doc_id, rule, " ".join((text or "").split()), paragraph)


def _judged() -> dict[tuple[str, str, str, int | None], str]:
    rows = [json.loads(x) for x in JUDGED.read_text(encoding="utf-8").split("\n") if x.strip()]
    return {_key(r["id"], r["rule"], r["text"], r["paragraph"]): r["verdict"] for r in rows}


def test_judged_file_is_well_formed() -> None:
    rows = [json.loads(x) for x in JUDGED.read_text(encoding="utf-8").split("\n") if x.strip()]
    assert rows
    for r in rows:
        assert r["verdict"] in ("true", "false") and r["reason"].strip() and r["rule"].startswith("VB")


def test_precision_of_error_and_warning_findings(shared: Path) -> None:
    judged = _judged()
    verdicts: Counter[str] = Counter()
    unjudged = []
    for _, doc_id, doc in dev_documents(shared):
        for f in validate(doc).findings:
            if f.severity not in ("error", "warning"):
                continue
            key = _key(doc_id, f.rule, f.text, f.paragraph)
            if key not in judged:
                unjudged.append(key)
                continue
            verdicts[judged[key]] += 1
    assert not unjudged, f"findings not judged yet (read them, add them to {JUDGED.name}): {unjudged[:10]}"
    total = verdicts["true"] + verdicts["false"]
    precision = verdicts["true"] / total if total else 1.0
    print(f"\nprecision of error+warning findings: {verdicts['true']}/{total} = {100 * precision:.1f} %")
    assert precision >= 0.90

"""The dev corpora as validated documents: the inputs of the precision test (every finding judged by reading)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from vanban import Document, parse_file, parse_text

GAZETTE_TEXTS = 30
"""How many gazette texts of ``corpus/dev.jsonl`` (in file order) are judged."""


def dev_documents(shared: Path) -> Iterator[tuple[str, str, Document]]:
    """(corpus, id, document) for admin, party, 30 gazette texts, gazette/Word files and web pages."""
    corpus = shared / "corpus"

    def rows(rel: str) -> list[dict[str, object]]:
        path = corpus / rel
        if not path.exists():
            return []
        return [json.loads(x) for x in path.read_text(encoding="utf-8").split("\n") if x.strip()]

    for r in rows("admin/dev.jsonl"):
        yield "admin", str(r["id"]), parse_text(str(r["text"]), source=str(r["id"]))
    for r in rows("party/dev.jsonl"):
        yield "party", str(r["id"]), parse_text(str(r["text"]), source=str(r["id"]))
    for r in rows("dev.jsonl")[:GAZETTE_TEXTS]:
        yield "gazette30", str(r["id"]), parse_text(str(r["text"]), source=str(r["id"]))
    files = corpus / "files"
    for f in sorted(files.glob("*.pdf")) + sorted(files.glob("*.docx")):
        yield "files", f.name, parse_file(f)
    for r in rows("web/dev.jsonl"):
        text = str(r["text"])[int(str(r["body_start"])):int(str(r["body_end"]))]
        yield "web", str(r["id"]), parse_text(text, source=str(r["id"]))

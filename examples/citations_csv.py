"""For a research script: list every citation in a folder of documents as CSV on standard output.

    python examples/citations_csv.py FOLDER > citations.csv
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import vanban

COLUMNS = ["file", "document", "cited", "type", "date", "issuer", "term", "relation", "start", "end"]


def main(folder: str) -> int:
    """Write one CSV row per cited document of every readable file under ``folder``."""
    out = csv.writer(sys.stdout)
    out.writerow(COLUMNS)
    for path in sorted(p for p in Path(folder).rglob("*") if p.is_file()):
        try:
            doc = vanban.parse_file(path)
        except vanban.VanbanError as e:
            print(f"skipped {path}: {e}", file=sys.stderr)
            continue
        own = doc.number.canonical if doc.number else ""
        for ref in doc.references:
            out.writerow([str(path), own, ref.canonical, ref.type or "", ref.date or "", ref.issuer or "",
                          ref.term or "", ref.relation, ref.span.start, ref.span.end])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "."))

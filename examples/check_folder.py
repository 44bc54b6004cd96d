"""For another application: validate every document in a folder; exit 1 when any has an error.

    python examples/check_folder.py FOLDER [--json]

Prints one line per finding (or one JSON object per document with --json). Exit codes: 0 no
error-severity finding, 1 at least one, 2 a file could not be read.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import vanban


def main(folder: str, as_json: bool = False) -> int:
    """Check each readable file under ``folder``; the exit code says whether any failed."""
    errors = unreadable = 0
    for path in sorted(p for p in Path(folder).rglob("*") if p.is_file()):
        try:
            doc = vanban.parse_file(path)
        except vanban.VanbanError as e:
            print(f"{path}: unreadable: {e}", file=sys.stderr)
            unreadable += 1
            continue
        report = vanban.validate(doc)
        errors += report.errors
        if as_json:
            print(json.dumps({"file": str(path), "ok": report.ok, "findings": [
                f.model_dump(mode="json") for f in report.findings]}, ensure_ascii=False))
        else:
            for f in report.findings:
                print(f"{path}: {f.rule} {f.severity}: {f.message}")
    if unreadable:
        return 2
    return 1 if errors else 0


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--json"]
    sys.exit(main(args[0] if args else ".", "--json" in sys.argv))

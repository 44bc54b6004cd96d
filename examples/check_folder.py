"""For another application: validate every document in a folder; exit 1 when any has an error.

    python examples/check_folder.py FOLDER [--json]

Prints one line per finding (or one JSON object per document with --json); a file that cannot be
read is one line on stderr and the others are still checked. Exit codes: 0 no error-severity
finding, 1 at least one, 2 a file could not be read.
"""

from __future__ import annotations

import json
import sys

import vanban


def main(folder: str, as_json: bool = False) -> int:
    """Check each document under ``folder``; the exit code says whether any failed."""
    errors = unreadable = 0
    for outcome in vanban.validate_many(folder):
        report = outcome.report
        if report is None:
            print(f"{outcome.source}: unreadable: {outcome.error}", file=sys.stderr)
            unreadable += 1
            continue
        errors += report.errors
        if as_json:
            print(json.dumps({"file": outcome.source, "ok": report.ok, "findings": [
                f.model_dump(mode="json") for f in report.findings]}, ensure_ascii=False))
        else:
            for f in report.findings:
                print(f"{outcome.source}: {f.rule} {f.severity}: {f.message}")
    if unreadable:
        return 2
    return 1 if errors else 0


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--json"]
    sys.exit(main(args[0] if args else ".", "--json" in sys.argv))

"""For a developer: parse documents and print a one-screen summary of each.

    python examples/summary.py examples/bao-cao-85-BC-BTGTU.txt
"""

from __future__ import annotations

import sys

import vanban


def summary(doc: vanban.Document) -> str:
    """A few lines naming what the document is, who sent it, who signed it and what it cites."""
    sig = doc.signature
    lines = [
        f"{doc.type.name if doc.type else 'Văn bản'} {doc.number.canonical if doc.number else '(không số)'}"
        f" — {doc.issuer.name if doc.issuer else '?'} ({doc.system or '?'})",
        f"  ngày: {doc.date or '—'}  nơi ban hành: {doc.place or '—'}",
        f"  trích yếu: {doc.subject or '—'}",
        f"  ký: {' '.join(x for x in (sig.authority, sig.authority_title) if x) if sig else ''}"
        f" / {sig.position if sig else ''} / {sig.signer if sig else '—'}",
    ]
    if doc.incoming_stamp:
        s = doc.incoming_stamp
        lines.append(f"  dấu đến: số {s.number} ngày {s.date} tại {s.receiver}")
    lines.append(f"  nơi nhận: {'; '.join(doc.recipients) or '—'}")
    lines.append(f"  dẫn chiếu: {len(doc.references)} văn bản")
    for ref in doc.references:
        term = f" (khóa {ref.term})" if ref.term else ""
        lines.append(f"    - {ref.type or ''} {ref.canonical}{term} {ref.date or ''} [{ref.relation}]")
    return "\n".join(lines)


def main(paths: list[str]) -> int:
    """Print the summary of every path; exit 2 on an unreadable file."""
    code = 0
    for path in paths:
        try:
            print(summary(vanban.parse_file(path)))
        except vanban.VanbanError as e:
            print(f"{path}: {e}", file=sys.stderr)
            code = 2
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Every Document the parser makes from the dev corpora and the tests' documents, to compare two versions.

    python bench/snapshot.py [--shared PATH] --out before.jsonl
    python bench/snapshot.py [--shared PATH] --out after.jsonl --compare before.jsonl

A change meant to make parsing faster (or smaller) must not change what is read. This script
parses the gazette, admin, Party and web dev corpora (``parse_text``), the corpus's PDF and DOCX
files (``parse_file``), the examples, the documents the tests write in every layout
(``tests/kinds.py``, ``tests/web_layouts.py``) and three variants of every text (CRLF line ends,
upper-case, OCR-style slips of marks), and writes one line per input: its name and the Document's
JSON. ``--compare`` prints every input whose Document differs from the earlier run's, with the
first fields that differ, and exits 1 when any does.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path

from vanban import parse_file, parse_text

ROOT = Path(__file__).resolve().parents[1]
_SLIPS = str.maketrans({"ể": "ê", "ủ": "ù", "ạ": "a", "ố": "ô", "ư": "u", "Đ": "D"})


def _jsonl(path: Path) -> Iterator[dict[str, object]]:
    if path.exists():
        with path.open(encoding="utf-8") as f:
            yield from (json.loads(line) for line in f if line.strip())


def texts(shared: Path) -> Iterator[tuple[str, str]]:
    """(name, text) of every text input."""
    corpus = shared / "corpus"
    for sub in ("", "admin", "party", "web"):
        for k, rec in enumerate(_jsonl(corpus / sub / "dev.jsonl")):
            yield f"{sub or 'gazette'}:{rec.get('id', k)}", str(rec["text"])
    for p in sorted((ROOT / "examples").rglob("*.txt")):
        yield f"example:{p.relative_to(ROOT)}", p.read_text(encoding="utf-8")
    sys.path.insert(0, str(ROOT))
    from tests.kinds import LAYOUTS, render
    from tests.test_parse_party import CASES as PARTY
    from tests.test_parse_state_kinds import CASES as STATE
    from tests.web_layouts import WEB_LAYOUTS, render_web

    for name, (spec, _) in sorted({**STATE, **{f"party-{k}": v for k, v in PARTY.items()}}.items()):
        for layout in LAYOUTS:
            yield f"kind:{name}:{layout}", render(spec, layout)
        for layout in WEB_LAYOUTS:
            yield f"web-kind:{name}:{layout}", render_web(spec, layout, "12/2025/QĐ-UBND", "20/11/2025")


def variants(shared: Path) -> Iterator[tuple[str, str]]:
    """Every text, then its CRLF, upper-case and OCR-slip variants."""
    for name, text in texts(shared):
        yield name, text
        yield f"{name}:crlf", text.replace("\n", "\r\n")
        yield f"{name}:upper", text.upper()
        yield f"{name}:slips", text.translate(_SLIPS)


def files(shared: Path) -> Iterator[Path]:
    """The corpus's PDF and DOCX files and the repository's samples."""
    for d in (shared / "corpus" / "files", shared / "corpus" / "admin" / "files", ROOT / "tests" / "data" / "samples",
              ROOT / "examples"):
        yield from sorted(p for p in d.glob("*") if p.suffix in (".pdf", ".docx"))


def snapshot(shared: Path) -> dict[str, str]:
    """Name → the Document's JSON, for every input."""
    out: dict[str, str] = {}
    for name, text in variants(shared):
        out[name] = parse_text(text).model_dump_json()
    for p in files(shared):
        # The repository's own files are named by where the checkout is; any checkout compares alike.
        out[f"file:{p.name}"] = parse_file(p).model_dump_json().replace(str(ROOT), "<repo>")
    return out


def _differences(a: str, b: str) -> list[str]:
    x, y = json.loads(a), json.loads(b)
    return [k for k in sorted(set(x) | set(y)) if x.get(k) != y.get(k)]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--out", required=True)
    ap.add_argument("--compare")
    args = ap.parse_args()
    snap = snapshot(Path(args.shared))
    with open(args.out, "w", encoding="utf-8") as f:
        for name, js in snap.items():
            f.write(json.dumps({"name": name, "doc": js}, ensure_ascii=False) + "\n")
    print(f"{len(snap)} documents written to {args.out}")
    if not args.compare:
        return 0
    before = {r["name"]: r["doc"] for r in _jsonl(Path(args.compare))}
    changed = [n for n in snap if before.get(n) != snap[n]]
    missing = [n for n in before if n not in snap]
    for n in changed:
        what = _differences(before[n], snap[n]) if n in before else ["(new input)"]
        print(f"changed {n}: {', '.join(what)}")
    for n in missing:
        print(f"missing {n}")
    print(f"{len(changed)} of {len(snap)} changed, {len(missing)} missing")
    return 1 if changed or missing else 0


if __name__ == "__main__":
    sys.exit(main())

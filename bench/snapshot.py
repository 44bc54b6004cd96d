"""Every Document the parser makes from the dev corpora and the tests' documents, to compare two versions.

    python bench/snapshot.py [--shared PATH] --out before.jsonl
    python bench/snapshot.py [--shared PATH] --out after.jsonl --compare before.jsonl

A change meant to make parsing faster (or smaller) must not change what is read. This script
parses the gazette, admin, Party and web dev corpora (``parse_text``), the corpus's PDF and DOCX
files (``parse_file``), the examples, the documents the tests write in every layout
(``tests/kinds.py``, ``tests/web_layouts.py``), three variants of every text (CRLF line ends,
upper-case, OCR-style slips of marks) and, for a fifth of the gazette and web texts and every admin,
Party and example text, eight layouts they are not printed in (indented lines, tabs, pages with a
footer, a page number and a form feed, table bars, no final line end, doubled blank lines, ``| |``
rows, an astral character) and, for a few, the text repeated past 300 k characters with and without
pages; and writes one line per input: its name and the Document's JSON. ``--compare`` prints every
input whose Document differs from the earlier run's, with the first fields that differ, and exits 1
when any does.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Callable, Iterator
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


_FOOTER = "Cổng Thông tin điện tử Chính phủ - Văn phòng Chính phủ giữ bản quyền"


def _paged(text: str) -> str:
    """``text`` cut into pages of 40 lines, each ending with a footer, its dashed page number and a form feed."""
    out: list[str] = []
    for k, line in enumerate(text.split("\n")):
        out.append(line)
        if k % 40 == 39:
            out += ["", _FOOTER, "", f"- {k // 40 + 1} -", "\f"]
    return "\n".join(out)


def _empty_rows(text: str) -> str:
    """``text`` with a ``| |`` line (an empty row of a flattened table) put in every 25 lines or so."""
    rows = text.split("\n")
    rng = random.Random(len(text))
    for _ in range(len(rows) // 25):
        rows.insert(rng.randrange(len(rows)), "| |")
    return "\n".join(rows)


def _long(text: str) -> str:
    """``text`` repeated past 300 k characters (read in stretches, not whole)."""
    return "\n".join([text] * (300_000 // max(1, len(text)) + 1))


LAYOUTS: dict[str, Callable[[str], str]] = {
    "indent": lambda t: "\n".join("   " + row + "  " for row in t.split("\n")),
    "tabs": lambda t: "\n".join("\t" + row if k % 3 == 0 else row for k, row in enumerate(t.split("\n"))),
    "pages": _paged,
    "bars": lambda t: "\n".join("| " + row + " |" if k < 30 and row.strip() else row
                                 for k, row in enumerate(t.split("\n"))),
    "nofinal": lambda t: t.rstrip("\n") + "   ",
    "blanks": lambda t: t.replace("\n", "\n\n"),
    "emptyrows": _empty_rows,
    "astral": lambda t: t.replace("Điều", "\U0001d403 Điều", 5),
}
"""Layouts the dev texts are not printed in, each made from a text."""


def variants(shared: Path) -> Iterator[tuple[str, str]]:
    """Every text, then its CRLF, upper-case and OCR-slip variants; some in other layouts and at length."""
    kept = 0
    for name, text in texts(shared):
        yield name, text
        yield f"{name}:crlf", text.replace("\n", "\r\n")
        yield f"{name}:upper", text.upper()
        yield f"{name}:slips", text.translate(_SLIPS)
        kind, _, rest = name.partition(":")
        number = int(digits) if (digits := "".join(filter(str.isdigit, rest[-6:]))) else 0
        if kind in ("admin", "party", "example") or (kind in ("gazette", "web") and number % 5 == 0):
            for layout, make in LAYOUTS.items():
                yield f"{name}:{layout}", make(text)
            kept += 1
            if kept % 8 == 1:
                yield f"{name}:long", _long(text)
                yield f"{name}:long-pages", _paged(_long(text))


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

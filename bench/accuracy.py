"""Accuracy of ``parse_text`` on the dev corpora: prints one table per corpus and the misses.

    python bench/accuracy.py [--shared PATH] [--misses]

Gazette (``corpus/dev.jsonl``): number and type, numbers folded as the corpus README says
(ASCII, lower case, Đ->d, '/'->'-', dots dropped, leading zeros of the first segment ignored).
Administrative and Party (``corpus/admin/dev.jsonl``, parsed from its ``text``): each annotated
field; references by recall and precision of distinct cited numbers.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

from vanban import Document, parse_text
from vanban.normalize import fold, strip_marks

ROOT = Path(__file__).resolve().parents[1]


def number_key(s: str | None) -> str | None:
    """The congbao URL-slug folding of a number, leading zeros of the first segment dropped."""
    if not s:
        return None
    k = strip_marks(s)
    k = re.sub(r"\s+", "", k).lower().replace("/", "-").replace(".", "")
    return re.sub(r"^0+(?=\d)", "", k)


def text_key(s: str | None) -> str:
    """Comparison key of a printed field: folded, single-spaced, outer punctuation dropped."""
    return fold(s or "").strip(" .;,:-").replace(" - ", "-")


def own_number(doc: Document) -> str | None:
    """The document's number as a canonical string, ``None`` when absent or blank."""
    return doc.number.canonical if doc.number and doc.number.number else None


def gazette_table(rows: list[dict[str, Any]], misses: list[str]) -> dict[str, float]:
    """Number and type accuracy over the gazette corpus."""
    ok_n = ok_t = 0
    for r in rows:
        doc = parse_text(r["text"])
        truth = r["truth"]
        got_n = number_key(own_number(doc))
        if got_n == number_key(truth["number_key"]) or got_n == truth["number_key"]:
            ok_n += 1
        else:
            misses.append(f"gazette {r['id']} number: got {own_number(doc)!r} want {truth['number_key']!r}")
        got_t = doc.type.name if doc.type else None
        if text_key(got_t) == text_key(truth["type"]):
            ok_t += 1
        else:
            misses.append(f"gazette {r['id']} type: got {got_t!r} want {truth['type']!r}")
    n = len(rows)
    return {"number": ok_n / n, "type": ok_t / n, "n": n}


def _refs(doc: Document) -> set[str]:
    return {number_key(r.canonical) or "" for r in doc.references}


def admin_table(rows: list[dict[str, Any]], misses: list[str]) -> dict[str, Any]:
    """Per-field accuracy over the administrative and Party corpus."""
    fields = ["number", "type", "issuer", "date", "subject", "signer", "position", "authority",
              "addressees", "recipients"]
    ok = dict.fromkeys(fields, 0)
    tp = fp = fn = 0
    for r in rows:
        doc = parse_text(r["text"])
        t = r["truth"]
        sig = doc.signature
        got: dict[str, Any] = {
            "number": number_key(own_number(doc)),
            "type": text_key(doc.type.name if doc.type else None),
            "issuer": text_key(doc.issuer.name if doc.issuer else None),
            "date": doc.date.isoformat() if doc.date else None,
            "subject": text_key(doc.subject),
            "signer": text_key(sig.signer if sig else None),
            "position": text_key(sig.position if sig else None),
            "authority": text_key(sig.authority if sig else None).rstrip("."),
            "addressees": [text_key(x) for x in doc.addressees],
            "recipients": [text_key(x) for x in doc.recipients],
        }
        want: dict[str, Any] = {
            "number": number_key(t["number"]),
            "type": text_key(t["type"]),
            "issuer": text_key(t["issuer"]),
            "date": t["date"],
            "subject": text_key(t["subject"]),
            "signer": text_key(t["signer"]),
            "position": text_key(t["signer_position"]),
            "authority": text_key(t["authority"]).rstrip("."),
            "addressees": [text_key(x) for x in t["addressees"]],
            "recipients": [text_key(x) for x in t["recipients"]],
        }
        for f in fields:
            if got[f] == want[f]:
                ok[f] += 1
            else:
                misses.append(f"admin {r['id']} {f}: got {got[f]!r} want {want[f]!r}")
        truth_refs = {number_key(x["number"]) or "" for x in t["references"]}
        got_refs = _refs(doc)
        tp += len(truth_refs & got_refs)
        fp += len(got_refs - truth_refs)
        fn += len(truth_refs - got_refs)
        for x in sorted(truth_refs - got_refs):
            misses.append(f"admin {r['id']} reference missed: {x}")
        for x in sorted(got_refs - truth_refs):
            misses.append(f"admin {r['id']} reference extra: {x}")
    n = len(rows)
    out: dict[str, Any] = {f: ok[f] / n for f in fields}
    out["references recall"] = tp / (tp + fn) if tp + fn else 1.0
    out["references precision"] = tp / (tp + fp) if tp + fp else 1.0
    out["n"] = n
    return out


def _print(title: str, table: dict[str, Any]) -> None:
    print(f"\n{title} (n={table['n']})")
    print(f"{'field':<24}{'accuracy':>10}")
    for k, v in table.items():
        if k != "n":
            print(f"{k:<24}{v * 100:>9.1f}%")


def main(argv: list[str] | None = None) -> int:
    """Print the accuracy tables."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--misses", action="store_true", help="list every miss")
    args = ap.parse_args(argv)
    corpus = Path(args.shared) / "corpus"
    if not corpus.is_dir():
        print(f"no corpus at {corpus}", file=sys.stderr)
        return 2
    misses: list[str] = []
    with (corpus / "dev.jsonl").open(encoding="utf-8") as f:
        gazette = [json.loads(line) for line in f]
    with (corpus / "admin" / "dev.jsonl").open(encoding="utf-8") as f:
        admin = [json.loads(line) for line in f]
    _print("Gazette dev corpus: number and type", gazette_table(gazette, misses))
    _print("Administrative and Party dev set", admin_table(admin, misses))
    if args.misses:
        print("\nMisses:")
        for m in misses:
            print(" ", m)
    return 0


if __name__ == "__main__":
    sys.exit(main())

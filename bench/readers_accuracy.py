"""Readers vs. extracted text: do the original PDF/DOCX files give the annotated fields as well?

    python bench/readers_accuracy.py [--shared PATH] [--misses]

Admin set (``corpus/admin/dev.jsonl`` rows with an ``original_file``): each field is scored for
``parse_text(row.text)`` and for ``parse_file(original)`` side by side (references: recall of the
annotated cited numbers, and extras). Gazette files (``corpus/files/manifest.jsonl``): number and
type of the 12 Công báo PDFs by ``parse_file`` and, for comparison, of their dev ``text``;
numbers folded as the corpus README says. The NĐ 30/2020 DOCX files must parse without error.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from accuracy import number_key, own_number, text_key

from vanban import Document, VanbanError, parse_file, parse_text

ROOT = Path(__file__).resolve().parents[1]
FIELDS = ("number", "type", "issuer", "date", "signer", "recipients", "references")


def _fields(doc: Document) -> dict[str, Any]:
    sig = doc.signature
    return {
        "number": number_key(own_number(doc)),
        "type": text_key(doc.type.name if doc.type else None),
        "issuer": text_key(doc.issuer.name if doc.issuer else None),
        "date": doc.date.isoformat() if doc.date else None,
        "signer": text_key(sig.signer if sig else None),
        "recipients": [text_key(x) for x in doc.recipients],
        "references": {number_key(r.canonical) or "" for r in doc.references},
    }


def _truth(t: dict[str, Any]) -> dict[str, Any]:
    return {
        "number": number_key(t["number"]),
        "type": text_key(t["type"]),
        "issuer": text_key(t["issuer"]),
        "date": t["date"],
        "signer": text_key(t["signer"]),
        "recipients": [text_key(x) for x in t["recipients"]],
        "references": {number_key(x["number"]) or "" for x in t["references"]},
    }


def _score(field: str, got: Any, want: Any) -> float:
    if field == "references":
        return len(got & want) / len(want) if want else float(not got)
    return float(got == want)


def admin(corpus: Path, misses: list[str]) -> None:
    """Per document and field: score from the text, score from the original file."""
    rows = [json.loads(line) for line in (corpus / "admin" / "dev.jsonl").open(encoding="utf-8")]
    rows = [r for r in rows if r.get("original_file") and (corpus / "admin" / r["original_file"]).is_file()]
    totals = {f: [0.0, 0.0] for f in FIELDS}
    print(f"Admin originals vs their text (n={len(rows)}); cells: text/file, references = recall")
    print(f"{'document':<30}" + "".join(f"{f[:10]:>12}" for f in FIELDS))
    for r in rows:
        want = _truth(r["truth"])
        from_text = _fields(parse_text(r["text"]))
        from_file = _fields(parse_file(corpus / "admin" / r["original_file"]))
        cells = []
        for f in FIELDS:
            a, b = _score(f, from_text[f], want[f]), _score(f, from_file[f], want[f])
            totals[f][0] += a
            totals[f][1] += b
            cells.append(f"{a:.2f}/{b:.2f}")
            if b < 1:
                misses.append(f"{r['id']} {f}: file gave {from_file[f]!r}, want {want[f]!r}")
        extra = len(from_file["references"] - want["references"]), len(from_text["references"] - want["references"])
        print(f"{r['id'][:29]:<30}" + "".join(f"{c:>12}" for c in cells) + f"   extra refs file/text {extra[0]}/{extra[1]}")
    n = len(rows)
    print(f"{'TOTAL (mean)':<30}" + "".join(f"{totals[f][0] / n:>6.2f}/{totals[f][1] / n:<5.2f}" for f in FIELDS))


def gazette(corpus: Path, misses: list[str]) -> None:
    """Number and type of the gazette PDFs, and the NĐ 30/2020 DOCX files."""
    files = corpus / "files"
    manifest = [json.loads(line) for line in (files / "manifest.jsonl").open(encoding="utf-8")]
    dev = {json.loads(line)["id"]: json.loads(line) for line in (corpus / "dev.jsonl").open(encoding="utf-8")}
    ok = {"file number": 0, "file type": 0, "text number": 0, "text type": 0}
    pdfs = [m for m in manifest if m["format"] == "pdf"]
    print(f"\nGazette PDFs (n={len(pdfs)}): number and type")
    for m in pdfs:
        want = m["truth"]
        doc = parse_file(files / m["file"])
        got_n, got_t = number_key(own_number(doc)), doc.type.name if doc.type else None
        n_ok = got_n == number_key(want["number_key"])
        t_ok = text_key(got_t) == text_key(want["type"])
        ok["file number"] += n_ok
        ok["file type"] += t_ok
        row = dev.get(m.get("dev_id", ""))
        if row is not None:
            tdoc = parse_text(row["text"])
            ok["text number"] += number_key(own_number(tdoc)) == number_key(want["number_key"])
            ok["text type"] += text_key(tdoc.type.name if tdoc.type else None) == text_key(want["type"])
        print(f"  {m['file']:<22} number {own_number(doc)!s:<28} {'ok' if n_ok else 'MISS'}   type {got_t!s:<20} "
              f"{'ok' if t_ok else 'MISS'}   e-signatures {len(doc.digital_signatures)}")
        if not n_ok or not t_ok:
            misses.append(f"{m['file']}: got {own_number(doc)!r} {got_t!r}, want {want}")
    for k, v in ok.items():
        print(f"  {k:<12} {v}/{len(pdfs)}")
    print("\nNĐ 30/2020 DOCX and DOC files")
    for m in manifest:
        if m["format"] not in ("docx", "doc"):
            continue
        try:
            doc = parse_file(files / m["file"])
            print(f"  {m['file']:<24} ok   number {own_number(doc)!s:<16} type {doc.type.name if doc.type else None}"
                  f"   paragraphs {len(doc.paragraphs)}")
        except VanbanError as e:
            print(f"  {m['file']:<24} refused: {e}")


def main(argv: list[str] | None = None) -> int:
    """Print the side-by-side tables."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--misses", action="store_true", help="list what the files got wrong")
    args = ap.parse_args(argv)
    corpus = Path(args.shared) / "corpus"
    if not corpus.is_dir():
        print(f"no corpus at {corpus}", file=sys.stderr)
        return 2
    misses: list[str] = []
    admin(corpus, misses)
    gazette(corpus, misses)
    if args.misses:
        print("\nMisses (from files):")
        for m in misses:
            print(" ", m)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Accuracy of ``parse_text`` on the dev corpora: prints one table per corpus and the misses.

    python bench/accuracy.py [--shared PATH] [--misses]

Gazette (``corpus/dev.jsonl``): number and type, numbers folded as the corpus README says
(ASCII, lower case, Đ->d, '/'->'-', dots dropped, leading zeros of the first segment ignored).
Administrative and Party (``corpus/admin/dev.jsonl``, parsed from its ``text``): each annotated
field; references by recall and precision of distinct cited numbers.
Web (``corpus/web/dev.jsonl``, legal-portal pages flattened to Markdown): number, type, date,
issuer and signer, read by ``parse_text`` and by ``parse_file`` (the page's UTF-8 bytes), on the
whole page ("web page") and on the document cut out of it (``text[body_start:body_end]``, "web
document"). The issuer is right when the portal's normalised name (``Tỉnh Hà Tĩnh``) is contained
in issuer + parent, case and tone marks folded. ``chrome`` counts pages whose number or date was
read outside the document (from the portal's title line, related-document lists, ...).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

from vanban import Document, parse_file, parse_text
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


WEB_FIELDS = ("number", "type", "date", "issuer", "signer")


def _issuer_ok(doc: Document, want: str) -> bool:
    """The portal's name contained in issuer + parent (either order), folded."""
    if doc.issuer is None:
        return False
    key = fold(want)
    name, parent = fold(doc.issuer.name), fold(doc.issuer.parent or "")
    return key in f"{name} {parent}" or key in f"{parent} {name}"


def _outside(span: Any, lo: int, hi: int) -> bool:
    return span is not None and not (lo <= span.start and span.end <= hi)


def web_table(rows: list[dict[str, Any]], misses: list[str], *, cut: bool, reader: str) -> dict[str, Any]:
    """Number, type, date, issuer and signer over the web pages (or the documents cut out of them)."""
    ok = dict.fromkeys(WEB_FIELDS, 0)
    chrome = 0
    label = f"web {'document' if cut else 'page'} {reader}"
    for r in rows:
        text = r["text"][r["body_start"]:r["body_end"]] if cut else r["text"]
        doc = parse_text(text) if reader == "text" else parse_file(text.encode("utf-8"))
        t = r["truth"]
        sig = doc.signature
        got = {
            "number": number_key(own_number(doc)),
            "type": text_key(doc.type.name if doc.type else None),
            "date": doc.date.isoformat() if doc.date else None,
            "signer": text_key(sig.signer if sig else None),
        }
        want = {
            "number": number_key(t["number"]),
            "type": text_key(t["type"]),
            "date": t["date"],
            "signer": text_key(t["signer"]),
        }
        for f in WEB_FIELDS:
            good = _issuer_ok(doc, t["issuer"]) if f == "issuer" else got[f] == want[f]
            if good:
                ok[f] += 1
            else:
                shown = (doc.issuer.name, doc.issuer.parent) if f == "issuer" and doc.issuer else got.get(f)
                misses.append(f"{label} {r['id']} {f}: got {shown!r} want {t[f] if f == 'issuer' else want[f]!r}")
        if not cut:
            lo, hi = r["body_start"], r["body_end"]
            nspan = doc.number.span if doc.number else None
            dspan = doc.spans.get("date")
            if _outside(nspan, lo, hi) or _outside(dspan, lo, hi):
                chrome += 1
                misses.append(f"{label} {r['id']} number/date read from the chrome")
    n = len(rows)
    out: dict[str, Any] = {f: ok[f] / n for f in WEB_FIELDS}
    if not cut:
        out["from chrome (count)"] = chrome
    out["n"] = n
    return out


def _print(title: str, table: dict[str, Any]) -> None:
    print(f"\n{title} (n={table['n']})")
    print(f"{'field':<24}{'accuracy':>10}")
    for k, v in table.items():
        if k == "n":
            continue
        print(f"{k:<24}{v:>10}" if isinstance(v, int) else f"{k:<24}{v * 100:>9.1f}%")


def main(argv: list[str] | None = None) -> int:
    """Print the accuracy tables."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--misses", action="store_true", help="list every miss")
    ap.add_argument("--web-readers", default="text,file", help="web readers to measure: text, file or text,file")
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
    web_path = corpus / "web" / "dev.jsonl"
    if web_path.is_file():
        with web_path.open(encoding="utf-8") as f:
            web = [json.loads(line) for line in f]
        for reader in args.web_readers.split(","):
            for cut in (False, True):
                title = f"Web dev set, {'document cut out of the page' if cut else 'whole page'}, parse_{reader}"
                _print(title, web_table(web, misses, cut=cut, reader=reader))
    if args.misses:
        print("\nMisses:")
        for m in misses:
            print(" ", m)
    return 0


if __name__ == "__main__":
    sys.exit(main())

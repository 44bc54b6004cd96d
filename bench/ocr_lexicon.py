"""Build ``vanban/data/ocr_lexicon.tsv.gz``: the syllables and syllable pairs of Vietnamese official text
that the OCR reader corrects tone-mark slips against (see docs/ocr.md, "Lexicon").

    python bench/ocr_lexicon.py [--shared PATH]

Sources: the catalogues in ``vanban/data`` (type, issuer and position names), the text of
Nghị định 30/2020/NĐ-CP and its appendices (``corpus/files/*.docx``), and the text-layer or web texts
of the shared dev corpora. The documents the OCR bench scans (the corpus PDFs, the seed, the variants in
``tests/data/scans``) and texts that are themselves OCR output are left out, so the bench measures the
correction on text it was not built from. Counts: syllables and adjacent pairs (whitespace between),
lower case, NFC; kept when seen at least twice.
Lines written without marks (ASCII Vietnamese) are left out. A token that starts with a digit counts
as the word ``<n>``, and a phrase's end (a word followed by ``.,;:!?`` or a dash between spaces) as the pair (word, ``</s>``).
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "vanban" / "data" / "ocr_lexicon.tsv.gz"
_TOKEN = re.compile(r"\S+")
MIN_COUNT = 2
NUMBER, END, SENTENCE_MARKS, DASHES = "<n>", "</s>", ".,;:!?", "-–—"
"""A token that starts with a digit counts as one word ``<n>`` (``số <n>`` is common, ``sơ <n>`` is not);
a word followed by a mark of a phrase's end (``SENTENCE_MARKS``, or a dash between spaces) makes the pair (word, ``</s>``). The
reader (:mod:`vanban.readers.lexicon`) uses the same two names."""


def catalogue_texts() -> Iterator[str]:
    """Names the catalogues hold: types, issuers and their aliases, signature titles and positions."""
    data = ROOT / "vanban" / "data"
    for t in json.loads((data / "types.json").read_text(encoding="utf-8"))["types"]:
        yield t["name"]
        yield from t.get("aliases", [])
    issuers = json.loads((data / "issuers.json").read_text(encoding="utf-8"))
    for i in issuers["issuers"]:
        yield i["name"]
        yield i["name"].upper()
        yield from i.get("aliases", [])
    sig = json.loads((data / "signatures.json").read_text(encoding="utf-8"))
    for key in ("positions", "academic_titles", "ranks"):
        for p in sig.get(key, []):
            yield p if isinstance(p, str) else " ".join(str(v) for v in p.values() if isinstance(v, str))
    yield "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nĐẢNG CỘNG SẢN VIỆT NAM"


def corpus_texts(shared: Path) -> Iterator[str]:
    """Texts of the shared corpora, without the documents the OCR bench scans and without OCR output."""
    corpus = shared / "corpus"
    scanned = {p.stem for p in (corpus / "files").glob("*.pdf")} | {p.stem for p in (corpus / "admin" / "files").glob("*.pdf")}
    for path in sorted(corpus.glob("**/dev.jsonl")):
        for line in path.read_text(encoding="utf-8").split("\n"):
            if not line.strip():
                continue
            d = json.loads(line)
            if d["id"] in scanned or "ocr" in str(d.get("extraction", "")).lower() or "85-BC" in d["id"]:
                continue
            yield d.get("text") or ""
    import docx

    for path in sorted((corpus / "files").glob("nd30-2020-*.docx")):
        document = docx.Document(str(path))
        yield "\n".join(p.text for p in document.paragraphs)
        for table in document.tables:
            for row in table.rows:
                for cell in row.cells:
                    yield cell.text


def syllable(token: str) -> str | None:
    """The token as a lower-case syllable, or None when it holds anything but letters."""
    if token and all(c.isalpha() for c in token):
        return token.lower()
    return None


def marked(line: str) -> bool:
    """Whether a line is Vietnamese written with its marks (a line stripped of them would teach slips)."""
    words = [w for w in line.split() if w.isalpha()]
    return len(words) < 4 or sum(1 for w in words if not w.isascii()) >= 0.3 * len(words)


def main() -> int:
    """Count and write the lexicon."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = ap.parse_args()
    uni: Counter[str] = Counter()
    bi: Counter[str] = Counter()
    texts = list(catalogue_texts()) * MIN_COUNT  # catalogue names count as seen enough
    texts += list(corpus_texts(args.shared))
    for line in (ln for text in texts for ln in unicodedata.normalize("NFC", text).split("\n")):
        if not marked(line):
            continue
        prev: str | None = None
        for m in _TOKEN.finditer(line):
            raw = m.group()
            core = raw.strip(".,;:!?()[]\"'“”‘’…-–*")
            s = syllable(core) or (NUMBER if core[:1].isdigit() else None)
            if s is not None:
                uni[s] += 1
                if prev is not None and core == raw.rstrip(".,;:!?)\"'”’…").lstrip("(\"'“‘") and raw[0].isalnum():
                    bi[f"{prev} {s}"] += 1
                if s != NUMBER and raw[-1] in SENTENCE_MARKS and raw[:len(raw) - 1].endswith(core):
                    bi[f"{s} {END}"] += 1  # a phrase ends after it (Đảng., đẳng,: never đăng, always before ký)
                    uni[END] += 1
            elif prev not in (None, NUMBER) and not raw.strip(DASHES):
                bi[f"{prev} {END}"] += 1  # a dash between spaces parts two phrases (Độc lập - Tự do)
                uni[END] += 1
            prev = s if s is not None and raw[-1].isalnum() else None
    lines = [f"u\t{w}\t{c}" for w, c in sorted(uni.items()) if c >= MIN_COUNT]
    lines += [f"b\t{w}\t{c}" for w, c in sorted(bi.items()) if c >= MIN_COUNT]
    OUT.write_bytes(gzip.compress(("\n".join(lines) + "\n").encode("utf-8"), mtime=0))
    print(f"{OUT.relative_to(ROOT)}: {sum(1 for x in lines if x[0] == 'u')} syllables, "
          f"{sum(1 for x in lines if x[0] == 'b')} pairs, {OUT.stat().st_size // 1024} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())

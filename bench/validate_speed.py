"""Validation speed and findings per rule.

1. Parses the 150 gazette documents of ``corpus/dev.jsonl`` (not timed), then times
   ``vanban.validate`` over all of them (best of 5 rounds) and prints the findings per rule.
2. Times ``validate`` on a two-page DOCX document model (paragraphs with fonts and sizes, A4 page)
   with the typography rules included (median of 300 runs), and on a real two-page công văn DOCX
   of ``corpus/admin/files`` read by ``parse_file``.

``--show RULE`` prints the first ten findings of that rule with their context, for reading.
Usage: ``python bench/validate_speed.py [--shared DIR] [--show VB113]``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

from vanban import Document, parse_text, validate
from vanban.models import PageSetup, Paragraph, RunStyle, Span

ROOT = Path(__file__).resolve().parents[1]

HEADER = [
    ("UBND TỈNH LÀO CAI", 13), ("SỞ CÔNG THƯƠNG", 13), ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 13),
    ("Độc lập - Tự do - Hạnh phúc", 14), ("Số: 1894/KH-SCT", 13), ("Lào Cai, ngày 09 tháng 4 năm 2021", 14),
    ("KẾ HOẠCH", 14), ("Triển khai chương trình khuyến công năm 2021", 14),
]
PARAGRAPH = ("Căn cứ Quyết định số 1288/QĐ-UBND ngày 05/3/2021 của Ủy ban nhân dân tỉnh Lào Cai về phê duyệt "
             "chương trình khuyến công, Sở Công Thương xây dựng kế hoạch triển khai với các nội dung sau: hỗ trợ "
             "cơ sở công nghiệp nông thôn đầu tư máy móc thiết bị, tổ chức hội chợ, đào tạo nghề và truyền nghề.")
TAIL = [
    ("Nơi nhận:", 12), ("- UBND tỉnh (b/c);", 11), ("- Bộ Công Thương (b/c);", 11), ("- Lưu: VT, QLCN.", 11),
    ("KT. GIÁM ĐỐC", 14), ("PHÓ GIÁM ĐỐC", 14), ("Nguyễn Văn An", 14),
]


def two_page_docx() -> Document:
    """A two-page Kế hoạch as the DOCX reader models it: ~40 paragraphs, Times New Roman, A4."""
    body = [(f"{i}. {PARAGRAPH}", 14) for i in range(1, 13)]
    lines = HEADER + body + TAIL
    text = "\n\n".join(t for t, _ in lines) + "\n"
    doc = parse_text(text, source="ke-hoach-2-trang.docx")
    paras, pos = [], 0
    for i, (t, size) in enumerate(lines):
        paras.append(Paragraph(index=i, text=t, span=Span(start=pos, end=pos + len(t)),
                               style=RunStyle(font="Times New Roman", size_pt=size, bold=i in (0, 1, 2, 6))))
        pos += len(t) + 2
    page = PageSetup(width_mm=210, height_mm=297, top_mm=20, bottom_mm=20, left_mm=30, right_mm=15,
                     orientation="portrait")
    return doc.model_copy(update={"format": "docx", "paragraphs": tuple(paras), "page": page})


def main() -> int:
    """Run the benchmark and print its figures."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", default=os.environ.get("VANBAN_SHARED", str(ROOT.parent / "shared")))
    ap.add_argument("--show", action="append", default=[], metavar="RULE", help="print ten findings of RULE")
    args = ap.parse_args()
    corpus = Path(args.shared) / "corpus" / "dev.jsonl"
    if not corpus.is_file():
        print(f"corpus not found: {corpus}", file=sys.stderr)
        return 2
    rows = [json.loads(line) for line in corpus.open(encoding="utf-8") if line.strip()]
    t0 = time.perf_counter()
    docs = [parse_text(r["text"], source=r["id"]) for r in rows]
    parse_s = time.perf_counter() - t0

    rounds = []
    reports = []
    for _ in range(5):
        t0 = time.perf_counter()
        reports = [validate(d) for d in docs]
        rounds.append(time.perf_counter() - t0)
    print(f"documents: {len(docs)}  parse: {parse_s:.2f} s (not part of the target)")
    print(f"validate all {len(docs)}: best {min(rounds):.3f} s, median {statistics.median(rounds):.3f} s "
          f"(target < 2 s), {min(rounds) / len(docs) * 1000:.2f} ms/doc")

    counts = Counter(f.rule for r in reports for f in r.findings)
    docs_hit = Counter(rid for r in reports for rid in set(r.rule_ids()))
    severity = {f.rule: f.severity for r in reports for f in r.findings}
    print(f"\nfindings: {sum(counts.values())} in {sum(1 for r in reports if r.findings)} documents")
    print(f"{'rule':<7} {'severity':<8} {'findings':>8} {'documents':>9}")
    for rid, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"{rid:<7} {severity[rid]:<8} {n:>8} {docs_hit[rid]:>9}")

    doc = two_page_docx()
    validate(doc)
    times = []
    for _ in range(300):
        t0 = time.perf_counter()
        report = validate(doc)
        times.append(time.perf_counter() - t0)
    typo = [rid for rid in report.rules if rid.startswith("VB8")]
    print(f"\ntwo-page DOCX model ({len(doc.paragraphs)} paragraphs, {len(doc.text)} chars, "
          f"typography rules {', '.join(typo)}): median {statistics.median(times) * 1000:.2f} ms, "
          f"p95 {sorted(times)[int(len(times) * 0.95)] * 1000:.2f} ms (target < 10 ms); "
          f"findings: {[f.rule for f in report.findings]}")

    real = Path(args.shared) / "corpus" / "admin" / "files" / "lc-sct-cv-gtyb-word.docx"
    rdoc = None
    if real.is_file():
        from vanban import InputError, parse_file

        t0 = time.perf_counter()
        try:
            rdoc = parse_file(real)
        except InputError as e:
            print(f"real DOCX {real.name}: not read ({e}); merge branch readers for the DOCX reader")
    if rdoc is not None:
        read_ms = (time.perf_counter() - t0) * 1000
        validate(rdoc)
        times = []
        for _ in range(300):
            t0 = time.perf_counter()
            rreport = validate(rdoc)
            times.append(time.perf_counter() - t0)
        print(f"real DOCX {real.name} ({len(rdoc.paragraphs)} paragraphs, read in {read_ms:.0f} ms): validate median "
              f"{statistics.median(times) * 1000:.2f} ms, p95 {sorted(times)[int(len(times) * 0.95)] * 1000:.2f} ms; "
              f"findings: {[f.rule for f in rreport.findings]}")

    for rid in args.show:
        print(f"\n== ten findings of {rid}")
        shown = 0
        for d, r in zip(docs, reports, strict=True):
            for f in r.findings:
                if f.rule != rid or shown >= 10:
                    continue
                shown += 1
                where = ""
                if f.span is not None:
                    where = " ".join(d.text[max(0, f.span.start - 60):f.span.end + 60].split())
                print(f"- {d.source}: {f.message} | {where}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

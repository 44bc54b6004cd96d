"""Reader speed: pages/s for PDFs, documents/s for DOCX, MB/s of legacy-encoding conversion.

    python bench/readers_speed.py [--shared PATH]

Over the files in ``corpus/files`` and ``corpus/admin/files``; parsing (``parse_text``) included.
The conversion figure decodes 20 MB of the seed written in each legacy encoding (best of three runs).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from vanban import VanbanError, parse_file
from vanban.readers.encodings import decode_legacy, encode_legacy
from vanban.readers.pdf import pdf_text
from vanban.readers.text import decode_text

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    """Print the speed figures."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    args = ap.parse_args(argv)
    corpus = Path(args.shared) / "corpus"
    files = sorted([*(corpus / "files").glob("*"), *(corpus / "admin" / "files").glob("*")])
    pdfs = [f for f in files if f.suffix == ".pdf"]
    docxs = [f for f in files if f.suffix == ".docx"]
    if not pdfs and not docxs:
        print(f"no files under {corpus}", file=sys.stderr)
        return 2
    pages = 0
    t0 = time.perf_counter()
    for f in pdfs:
        _, n = pdf_text(f.read_bytes(), str(f))
        pages += n
    t_text = time.perf_counter() - t0
    t0 = time.perf_counter()
    for f in pdfs:
        parse_file(f)
    t_parse = time.perf_counter() - t0
    print(f"PDF   {len(pdfs)} files, {pages} pages: text layer {pages / t_text:.1f} pages/s, "
          f"parse_file {pages / t_parse:.1f} pages/s")
    t0 = time.perf_counter()
    ok = 0
    for f in docxs:
        try:
            parse_file(f)
            ok += 1
        except VanbanError as e:
            print(f"  {f.name}: {e}")
    dt = time.perf_counter() - t0
    print(f"DOCX  {ok} documents: parse_file {ok / dt:.1f} documents/s ({dt / max(ok, 1) * 1000:.0f} ms each)")
    seed = (ROOT / "examples" / "bao-cao-85-BC-BTGTU.txt").read_text(encoding="utf-8")
    for enc in ("windows-1258", "tcvn3", "vni"):
        one = encode_legacy(seed, enc)
        data = one * max(1, (20 << 20) // len(one))
        conv = both = float("inf")
        detected = ""
        for _ in range(3):  # best of three: other processes share the machine
            t0 = time.perf_counter()
            decode_legacy(data, enc)
            conv = min(conv, time.perf_counter() - t0)
            t0 = time.perf_counter()
            _, detected = decode_text(data)
            both = min(both, time.perf_counter() - t0)
        mb = len(data) / 1e6
        print(f"{enc:<13} {mb:.0f} MB: conversion {mb / conv:.1f} MB/s, detection+conversion {mb / both:.1f} MB/s "
              f"(detected {detected})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

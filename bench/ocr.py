"""OCR: pages per second and how much of what the text layer gives the OCR reading gives.

    python bench/ocr.py [--dpi 200] [--jobs 1] [--shared PATH] [--no-prep] [--misses]

Documents: the variants in ``tests/data/scans`` and the seed, rendered to DOCX and printed through
LibreOffice (``soffice``); with the shared corpus, its real PDFs too (the first two and last two
pages of each, which hold every field measured). Each PDF is scanned as an office scanner would
(``--dpi``, skew of ±0.5-2°, speckle noise, JPEG quality 75, image-only PDF) and read with OCR;
each field is compared with the reading of the PDF's text layer. A cell is the share of the fields
the text layer gives that OCR gives identically (subject: exactly after whitespace normalisation, and
as mean character similarity; recipients: share of the items). Pages/s is measured on one core
(``--jobs 1``) unless asked otherwise, as wall time (upper bound on a loaded machine) and as CPU time
(this process and its Tesseract runs), with the load average printed.
``--no-prep`` reads the scans without deskew, denoising and binarisation, to show what they bring.
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rapidfuzz.distance import Levenshtein  # noqa: E402

from tests.scans import docx_to_pdf, field_values, scan_of, soffice  # noqa: E402
from vanban import parse_file, parse_text, render_docx  # noqa: E402
from vanban.readers import read_description  # noqa: E402

FIELDS = ("number", "type", "date", "issuer", "signer", "subject", "recipients")


def made_pdfs(work: Path) -> list[tuple[str, bytes]]:
    """The test variants and the seed, rendered and printed to PDF through LibreOffice."""
    out: list[tuple[str, bytes]] = []
    sources = sorted((ROOT / "tests" / "data" / "scans").glob("*.json"))
    for src in sources:
        doc = read_description(src.read_bytes(), str(src))
        docx = render_docx(doc, work / f"{src.stem}.docx")
        out.append((src.stem, docx_to_pdf(docx, work).read_bytes()))
    seed = parse_text((ROOT / "examples" / "bao-cao-85-BC-BTGTU.txt").read_text(encoding="utf-8"))
    docx = render_docx(seed, work / "seed.docx")
    out.append(("seed", docx_to_pdf(docx, work).read_bytes()))
    return out


def real_pdfs(shared: Path) -> list[tuple[str, bytes]]:
    """The corpus's real PDFs, cut to their first two and last two pages."""
    from pypdf import PdfReader, PdfWriter

    out: list[tuple[str, bytes]] = []
    for path in sorted((shared / "corpus" / "files").glob("*.pdf")) + sorted(
            (shared / "corpus" / "admin" / "files").glob("*.pdf")):
        reader = PdfReader(path)
        n = len(reader.pages)
        keep = sorted({i for i in (0, 1, n - 2, n - 1) if 0 <= i < n})
        writer = PdfWriter()
        for i in keep:
            writer.add_page(reader.pages[i])
        buf = io.BytesIO()
        writer.write(buf)
        out.append((path.stem, buf.getvalue()))
    return out


def cpu_seconds() -> float:
    """CPU time of this process and of its finished children (the tesseract runs)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def similarity(a: str | None, b: str | None) -> float:
    """Character similarity of two strings (1 when equal)."""
    if a is None or b is None:
        return float(a == b)
    return 1 - Levenshtein.normalized_distance(" ".join(a.split()), " ".join(b.split()))


def cache_tesseract(folder: Path) -> None:
    """Tesseract's words of an image (and page segmentation mode) kept in ``folder``, keyed by the image's bytes."""
    import copy
    import hashlib
    import pickle

    import vanban.readers.ocr as ocr

    folder.mkdir(parents=True, exist_ok=True)
    run = ocr.run_tesseract

    def cached(image: object, psm: int = 3) -> list[ocr.Word]:
        key = hashlib.sha256(image.tobytes() + f"{image.size}{psm}".encode()).hexdigest()  # type: ignore[attr-defined]
        path = folder / f"{key}.pickle"
        if path.exists():
            words: list[ocr.Word] = pickle.loads(path.read_bytes())
        else:
            words = run(image, psm)
            path.write_bytes(pickle.dumps(words))
        return copy.deepcopy(words)

    ocr.run_tesseract = cached  # type: ignore[assignment]


def main() -> int:
    """Run the bench and print the table."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--dpi", type=int, default=200)
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--no-prep", action="store_true", help="no deskew, denoising or binarisation")
    ap.add_argument("--misses", action="store_true")
    ap.add_argument("--only", default="", help="substring of the document names to run")
    ap.add_argument("--cache", type=Path, help="keep Tesseract's words of each image here (for iterating on the "
                    "steps after Tesseract; the throughput figures are then meaningless)")
    args = ap.parse_args()
    if args.cache:
        cache_tesseract(args.cache)
    if soffice() is None:
        print("LibreOffice is needed (apt-get install libreoffice-writer-nogui fonts-liberation2)")
        return 1
    if args.no_prep:
        import vanban.readers.scan as scan

        original = scan.prepare
        scan.prepare = lambda page, **_: original(page, binarise=False, deskew=False)  # type: ignore[assignment]
        import vanban.readers.ocr as ocr

        ocr.prepare = scan.prepare  # type: ignore[attr-defined]
    with tempfile.TemporaryDirectory() as tmp:
        groups = [("made (DOCX via LibreOffice, not in shared/)", made_pdfs(Path(tmp)))]
    if (args.shared / "corpus").is_dir():
        groups.append(("real (shared corpus PDFs)", real_pdfs(args.shared)))
    else:
        print(f"(no shared corpus at {args.shared}: real PDFs skipped)")
    misses: list[str] = []
    pages_total, seconds_total, cpu_total = 0, 0.0, 0.0
    skews = (1.5, -2.0, 0.7, -1.0, 2.0, -0.5)
    print(f"OCR at {args.dpi} dpi, jobs={args.jobs}, preparation {'off' if args.no_prep else 'on'}")
    print(f"{'group':<44}{'n':>3}" + "".join(f"{f[:10]:>11}" for f in FIELDS) + f"{'subj~':>8}")
    for title, pdfs in groups:
        # each document keeps its place in the whole set (its skew and noise) when --only picks some
        picked = [(k, n, d) for k, (n, d) in enumerate(pdfs) if args.only in n]
        hit = dict.fromkeys(FIELDS, 0.0)
        have = dict.fromkeys(FIELDS, 0)
        subject_sim: list[float] = []
        for k, name, pdf in picked:
            want = field_values(parse_file(pdf))
            scan = scan_of(pdf, dpi=args.dpi, skew=skews[k % len(skews)], seed=k)
            t, cpu = time.perf_counter(), cpu_seconds()
            doc = parse_file(scan, jobs=args.jobs)
            seconds_total += time.perf_counter() - t
            cpu_total += cpu_seconds() - cpu
            pages_total += len(doc.ocr.pages) if doc.ocr else 0
            got = field_values(doc)
            for f in ("subject",):  # exact after whitespace normalisation
                want[f], got[f] = (" ".join(v.split()) if v else v for v in (want[f], got[f]))
            for f in FIELDS:
                if not want[f]:
                    continue
                if f == "recipients":
                    have[f] += len(want[f])
                    hit[f] += sum(1 for x in want[f] if x in got[f])
                else:
                    have[f] += 1
                    hit[f] += float(got[f] == want[f])
                if got[f] != want[f]:
                    misses.append(f"{name} {f}: OCR {got[f]!r}, text layer {want[f]!r}")
                    if args.misses:
                        print(misses[-1], flush=True)
            if want["subject"]:
                subject_sim.append(similarity(got["subject"], want["subject"]))
        cells = "".join(f"{(hit[f] / have[f] if have[f] else float('nan')):>11.2f}" for f in FIELDS)
        sim = sum(subject_sim) / len(subject_sim) if subject_sim else float("nan")
        print(f"{title[:43]:<44}{len(picked):>3}{cells}{sim:>8.3f}", flush=True)
        print(f"{'  (fields the text layer gives)':<47}" + "".join(f"{have[f]:>11}" for f in FIELDS))
    if seconds_total:
        print(f"throughput: {pages_total} pages in {seconds_total:.1f} s = {pages_total / seconds_total:.2f} pages/s "
              f"(jobs={args.jobs}; includes rasterising, preparation, Tesseract and parsing); "
              f"CPU {cpu_total:.1f} s = {pages_total / cpu_total:.2f} pages per CPU second (one core, unloaded)")
    print(f"load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
    return 0


if __name__ == "__main__":
    sys.exit(main())

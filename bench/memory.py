"""Peak memory of parsing large inputs, as a multiple of the input size.

    python bench/memory.py [--text-mb 50] [--letters-mb 2] [--docx-paragraphs 20000] [--gazette-kb 100 [--shared PATH]]

Each case runs in a fresh process that first parses the seed documents (the interpreter, the catalogues, the
compiled patterns and caches of a first parse and the library code a parse runs are then in place); the figure is
how far reading and parsing the input raise that process's peak resident size over its resident size just before,
its heap trimmed (Linux's ``/proc/self/clear_refs`` resets the peak; elsewhere, the peak over the peak of a
process that parsed the seeds and a one-line document), divided by the input size: a random text of ``--text-mb``
MB (words of real documents, digits, punctuation, table pipes and random line lengths), a text of
``--letters-mb`` MB of one-letter lines (a cost per line shows there) and a DOCX whose ``word/document.xml`` holds
``--docx-paragraphs`` formatted paragraphs (also divided by that part's size). With ``--gazette-kb K``, also each
text of the gazette dev corpus of at least K KB (its median and largest figure, and how many are over 5x).
"""

from __future__ import annotations

import argparse
import io
import os
import random
import statistics
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from ratio import gazette_texts

ROOT = Path(__file__).resolve().parents[1]

CHILD = """
import ctypes, ctypes.util, gc, resource, sys, time
import vanban
import rapidfuzz.distance  # loaded by the header on demand: library code in the baseline, not memory of the input

def status(key):
    return next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith(key)) * 1024

path = sys.argv[1]
# what a first parse builds (patterns, caches) and the library code it runs (paged in on first use) are in the
# baseline too: the seed documents (a party report and a state letter, whose Quốc hiệu sends the parse through the
# page's chrome) go the input's way (parse_file, which loads the readers) through every part of the parser
for seed in sys.argv[2:]:
    vanban.parse_file(seed)
gc.collect()
try:  # the heap's free memory handed back (glibc): what was freed before is not reused by the parse in some runs only
    ctypes.CDLL(ctypes.util.find_library("c")).malloc_trim(0)
except (OSError, AttributeError, TypeError):
    pass
try:  # the peak counted from here: Linux resets this process's VmHWM to its resident size on "5"
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")
    before = status("VmRSS:")
except (OSError, StopIteration):
    before = -1
t = time.process_time()
try:
    doc = vanban.parse_file(path)
    what = f"{len(doc.text)} chars, {len(doc.references)} citations"
except vanban.VanbanError as e:
    what = f"refused: {e}"
try:
    peak = status("VmHWM:")
except (OSError, StopIteration):  # ru_maxrss would start from the parent's peak (Linux keeps it over exec)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(what, f"{time.process_time() - t:.1f} s CPU", before, peak, flush=True)
"""


def random_text(size: int, seed: int = 1) -> str:
    """About ``size`` bytes of text made of words of the seed document, numbers and layout marks."""
    rng = random.Random(seed)
    words = (ROOT / "examples" / "bao-cao-85-BC-BTGTU.txt").read_text(encoding="utf-8").split()
    extra = ["|", "**", "Số:", "1/QĐ-UBND", "ngày", "05/3/2020", "-", "*", "Điều", "1.", "CỘNG", "HÒA", "\t"]
    pool = words + extra * 20
    out: list[str] = []
    n = 0
    while n < size:
        line = " ".join(rng.choice(pool) for _ in range(rng.choice((1, 3, 8, 20, 60, 200))))
        out.append(line)
        n += len(line.encode()) + 1
    return "\n".join(out)


def letter_lines(size: int, seed: int = 1) -> str:
    """About ``size`` bytes of lines of one letter each."""
    rng = random.Random(seed)
    return "\n".join(rng.choice("abcdefghiklmnopqrstuvxyđ") for _ in range(size // 2))


def docx_of(paragraphs: int) -> tuple[bytes, int]:
    """A DOCX of formatted paragraphs with citations, and the size of its ``word/document.xml``."""
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    para = ('<w:p><w:pPr><w:jc w:val="both"/><w:spacing w:before="120"/></w:pPr><w:r><w:rPr><w:rFonts '
            'w:ascii="Times New Roman"/><w:sz w:val="28"/></w:rPr><w:t xml:space="preserve">Căn cứ Nghị định số '
            '30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ về công tác văn thư; </w:t></w:r><w:r><w:rPr><w:b/>'
            '<w:sz w:val="28"/></w:rPr><w:t>Điều {i}. Nội dung quy định chi tiết.</w:t></w:r></w:p>')
    xml = (f'<?xml version="1.0" encoding="UTF-8"?><w:document {w}><w:body><w:p><w:r><w:t>Số: 1/QĐ-UBND</w:t>'
           f'</w:r></w:p>{"".join(para.format(i=i) for i in range(paragraphs))}</w:body></w:document>').encode()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", xml)
    return buf.getvalue(), len(xml)


def peak_of(path: Path) -> tuple[str, int, int]:
    """What the child printed, its resident size just before the parse (-1 where the peak cannot be reset) and
    its peak resident size from then on (from its start where it cannot be reset), in bytes."""
    seeds = (ROOT / "examples" / "bao-cao-85-BC-BTGTU.txt", ROOT / "examples" / "letters" / "cong-van-899-STTTT-TTBCBC.txt")
    out = subprocess.run([sys.executable, "-c", CHILD, str(path), *map(str, seeds)], capture_output=True, text=True,
                         check=True)
    *what, before, peak = out.stdout.split()
    return " ".join(what), int(before), int(peak)


def growth_of(path: Path, tiny: Path) -> tuple[str, int]:
    """What parsing ``path`` said and how far it raised the resident size: its peak over the resident size of the
    same process, warmed up, just before the parse; where Linux's peak reset is missing, the peak over the peak of
    a process that parsed ``tiny`` (a one-line document)."""
    what, before, peak = peak_of(path)
    if before < 0:
        before = peak_of(tiny)[2]
    return what, peak - before


def main() -> None:
    """Print the peak memory of each case over the baseline."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--text-mb", type=float, default=50)
    ap.add_argument("--letters-mb", type=float, default=2)
    ap.add_argument("--docx-paragraphs", type=int, default=20_000)
    ap.add_argument("--gazette-kb", type=float, default=0, help="also each gazette text of at least this many KB")
    ap.add_argument("--shared", default=os.environ.get("VANBAN_SHARED", str(ROOT.parent / "shared")))
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        tiny = d / "tiny.txt"
        tiny.write_text("Số: 1/QĐ-UBND\n", encoding="utf-8")
        if args.gazette_kb:
            gazette_cases(d, tiny, Path(args.shared), args.gazette_kb)
        text_case(d, tiny, f"one-letter lines {args.letters_mb:g} MB", letter_lines(int(args.letters_mb * 2**20)))
        data, xml_size = docx_of(args.docx_paragraphs)
        docx = d / "big.docx"
        docx.write_bytes(data)
        del data
        what, growth = growth_of(docx, tiny)
        print(f"DOCX (document.xml {xml_size / 2**20:.0f} MiB): {what}; peak {growth / 2**20:.0f} MiB over the "
              f"process before it, {growth / xml_size:.1f} x document.xml")
        text_case(d, tiny, f"random text {args.text_mb:g} MB", random_text(int(args.text_mb * 2**20)))


def gazette_cases(d: Path, tiny: Path, shared: Path, least_kb: float) -> None:
    """Print the median and largest peak over the gazette texts of at least ``least_kb`` KB."""
    corpus = gazette_texts(shared)
    if corpus is None:
        print(f"no gazette corpus under {shared}")
        return
    texts = [t for t in corpus if len(t.encode()) >= least_kb * 1e3]
    path = d / "gazette.txt"
    figures = []
    for text in texts:
        path.write_text(text, encoding="utf-8")
        figures.append(growth_of(path, tiny)[1] / path.stat().st_size)
    if figures:
        print(f"gazette texts of {least_kb:g} KB or more ({len(figures)}): median {statistics.median(figures):.2f} x, "
              f"largest {max(figures):.2f} x, {sum(x > 5 for x in figures)} over 5 x")


def text_case(d: Path, tiny: Path, name: str, body: str) -> None:
    """Print the peak of parsing ``body`` written to a file."""
    path = d / "case.txt"
    path.write_text(body, encoding="utf-8")
    del body
    size = path.stat().st_size
    what, growth = growth_of(path, tiny)
    print(f"{name}: {what}; peak {growth / 2**20:.0f} MiB over the process before it, {growth / size:.1f} x the input")


if __name__ == "__main__":
    main()

"""Speed and memory of ``parse_text`` in one run, beside one bare compiled-regex pass over the same bytes.

    python bench/throughput.py [--shared PATH] [--repeat 3] [--text-mb 50] [--write-baseline]

Prints, for the gazette dev corpus (``corpus/dev.jsonl``): MB/s and documents/s of ``parse_text``,
the MB/s of a single ``finditer`` of a number-shaped pattern over the same texts (the floor any
parser pays) and the ratio of the two times; the same ratio for the texts that ship in the
repository, beside the committed baseline ``tests/data/throughput_baseline.json`` (which
``tests/test_throughput.py`` holds to within 30 %); the time of one generated 5 MB document over
one 1 MB document (5 when linear), each parsed again (a document parsed before finds its numbers and
clauses in the parse's memories, which hold a 1 MB document's but not a 5 MB one's) and each a
document not parsed before; and peak memory — each case parsed in a fresh process
(``bench/memory.py``), its peak resident size over its size just before, divided by the input size — of
the corpus's largest document, ``--text-mb`` MB of random text and 2 MB of one-letter lines.
``--write-baseline`` writes the ratios measured now as the new baseline.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sys
import tempfile
import time
from pathlib import Path

from memory import growth_of, letter_lines, random_text
from ratio import (
    BASELINE,
    TOLERANCE,
    gazette_texts,
    measure,
    read_baseline,
    repo_texts,
    write_baseline,
)

from vanban import parse_text

ROOT = Path(__file__).resolve().parents[1]
REPO_ROUNDS = 30


def generated(size_bytes: int, seed: int = 7) -> str:
    """A long realistic document: the seed's body repeated with fresh citation numbers."""
    rng = random.Random(seed)
    seed_text = (ROOT / "examples" / "bao-cao-85-BC-BTGTU.txt").read_text(encoding="utf-8")
    head, _, rest = seed_text.partition("Theo yêu cầu")
    body, _, foot = ("Theo yêu cầu" + rest).partition("Nơi nhận:")
    parts = [head]
    size = len(head.encode())
    while size < size_bytes:
        chunk = re.sub(r"\d+(?=-(?:KH|CT|KL|NQ|HD|QĐ)/)", lambda m: str(rng.randint(1, 999)), body)
        parts.append(chunk)
        size += len(chunk.encode())
    parts.append("Nơi nhận:" + foot)
    return "".join(parts)


def best(fn: object, *args: object, repeat: int = 1) -> float:
    """Best wall time of ``repeat`` calls."""
    out = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        fn(*args)  # type: ignore[operator]
        out = min(out, time.perf_counter() - t)
    return out


def _set(texts: list[str], parse: float, floor: float) -> dict[str, float]:
    return {"ratio": round(parse / floor, 3), "documents": len(texts), "bytes": sum(len(t.encode()) for t in texts)}


def _memory(largest: str, text_mb: float) -> None:
    """Peak resident size over the process's size before the parse, ÷ input size, each case in a fresh process."""
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        tiny = d / "tiny.txt"
        tiny.write_text("Số: 1/QĐ-UBND\n", encoding="utf-8")
        print("peak memory of reading and parsing, over the resident size of the warmed-up process before it:")
        cases = {"largest corpus document": largest, f"random text {text_mb:g} MiB": random_text(int(text_mb * 2**20)),
                 "one-letter lines 2 MiB": letter_lines(2 * 2**20)}
        for name, text in cases.items():
            path = d / "case.txt"
            path.write_text(text, encoding="utf-8")
            size = path.stat().st_size
            _, growth = growth_of(path, tiny)
            print(f"  {name:26} {size / 2**20:7.2f} MiB in, peak {growth / 2**20:6.1f} MiB over = {growth / size:5.2f} x "
                  f"the input")


def main(argv: list[str] | None = None) -> int:
    """Print the throughput, ratio and memory figures."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=os.environ.get("VANBAN_SHARED", str(ROOT.parent / "shared")))
    ap.add_argument("--repeat", type=int, default=3, help="rounds over the corpus and the generated documents")
    ap.add_argument("--text-mb", type=float, default=50, help="size of the random text of the memory case")
    ap.add_argument("--write-baseline", action="store_true", help=f"write the ratios to {BASELINE.relative_to(ROOT)}")
    args = ap.parse_args(argv)
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
    sets: dict[str, dict[str, float]] = {}
    gazette = gazette_texts(Path(args.shared))
    if gazette is None:
        print(f"no corpus under {args.shared}: the gazette figures are left out", file=sys.stderr)
    else:
        mb = sum(len(t.encode()) for t in gazette) / 1e6
        parse, floor = measure(gazette, args.repeat)
        sets["gazette"] = _set(gazette, parse, floor)
        print(f"gazette corpus: {len(gazette)} documents, {mb:.2f} MB")
        print(f"  parse_text       {mb / parse:8.2f} MB/s {len(gazette) / parse:8.1f} documents/s")
        print(f"  regex floor      {mb / floor:8.2f} MB/s")
        print(f"  ratio parse time / floor time: {parse / floor:.2f} x")
    repo = repo_texts()
    parse, floor = measure(repo, REPO_ROUNDS)
    sets["repo"] = _set(repo, parse, floor)
    known = read_baseline()["sets"] if BASELINE.exists() else {}
    for name, got in sets.items():
        was = known.get(name, {}).get("ratio")
        versus = f"; baseline {was:.2f} x, the test's limit {was * TOLERANCE:.2f} x" if was else ""
        print(f"ratio on the {name} set ({got['documents']} documents): {got['ratio']:.2f} x{versus}")
    one, five = generated(1_000_000), generated(5_000_000)
    t1 = best(parse_text, one, repeat=args.repeat)
    t5 = best(parse_text, five, repeat=args.repeat)
    print(f"generated 1 MB: {t1:.3f} s, 5 MB: {t5:.3f} s, ratio 5 MB / 1 MB: {t5 / t1:.2f} (linear = 5)")
    f1 = min(best(parse_text, generated(1_000_000, seed=100 + k)) for k in range(args.repeat))
    f5 = min(best(parse_text, generated(5_000_000, seed=200 + k)) for k in range(args.repeat))
    print(f"  each parse a document not parsed before: 1 MB: {f1:.3f} s, 5 MB: {f5:.3f} s, ratio {f5 / f1:.2f}")
    _memory(max(gazette or repo, key=len), args.text_mb)
    if args.write_baseline:
        load = " ".join(f"{x:.2f}" for x in os.getloadavg())
        write_baseline(sets, f"written {time.strftime('%Y-%m-%d %H:%M', time.gmtime())} UTC, load average {load}")
        print(f"baseline written: {BASELINE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

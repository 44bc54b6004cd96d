"""Speed of ``parse_text`` over the gazette dev corpus, beside one bare compiled-regex pass.

    python bench/throughput.py [--shared PATH] [--repeat N]

Prints MB/s and documents/s of ``parse_text``, the MB/s of a single ``finditer`` of a
number-shaped regex over the same text (the floor any parser pays), their ratio, and the cost
of one generated 1 MB and one 5 MB document (the 5 MB one must take at most 6x the 1 MB one:
parsing is linear, with no per-citation rescans).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from pathlib import Path

from vanban import parse_text

ROOT = Path(__file__).resolve().parents[1]
BARE = re.compile(r"\d+[-/][A-ZĐ][\w/-]*")


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


def timed(fn: object, *args: object, repeat: int = 1) -> float:
    """Best wall time of ``repeat`` calls."""
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        fn(*args)  # type: ignore[operator]
        best = min(best, time.perf_counter() - t)
    return best


def main(argv: list[str] | None = None) -> int:
    """Print the throughput figures."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    path = Path(args.shared) / "corpus" / "dev.jsonl"
    if not path.exists():
        print(f"no corpus at {path}", file=sys.stderr)
        return 2
    with path.open(encoding="utf-8") as f:
        texts = [json.loads(line)["text"] for line in f]
    mb = sum(len(t.encode()) for t in texts) / 1e6

    def parse_all() -> None:
        for t in texts:
            parse_text(t)

    def regex_all() -> None:
        for t in texts:
            for _ in BARE.finditer(t):
                pass

    parse_all()  # warm the catalogue and compiled patterns
    t_parse = timed(parse_all, repeat=args.repeat)
    t_regex = timed(regex_all, repeat=args.repeat)
    print(f"corpus: {len(texts)} documents, {mb:.2f} MB")
    print(f"parse_text:       {mb / t_parse:8.2f} MB/s  {len(texts) / t_parse:8.1f} documents/s")
    print(f"bare regex pass:  {mb / t_regex:8.2f} MB/s")
    print(f"ratio parse/regex speed: {t_regex / t_parse:.3f}")
    one, five = generated(1_000_000), generated(5_000_000)
    t1 = timed(parse_text, one, repeat=args.repeat)
    t5 = timed(parse_text, five, repeat=args.repeat)
    print(f"generated 1 MB: {t1:.3f} s   5 MB: {t5:.3f} s   ratio 5MB/1MB: {t5 / t1:.2f} (linear = 5, limit 6)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

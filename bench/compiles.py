"""Compile time of every regular expression a fresh ``vanban`` process compiles: at import, then in its first parse.

    python bench/compiles.py [--shared PATH] [--top 30] [--repeat 7]

The start-up ``S`` of a command (``bench/jobs.py``) holds the patterns its modules compile when imported and those
compiled when a parse first asks for them. This imports the modules ``vanban check`` imports, then parses the
smallest gazette dev text (``corpus/dev.jsonl``), with ``re.compile`` and the ``re`` functions that take a pattern
wrapped to note each new pattern and where it was asked for (the module and line). It then compiles each noted
pattern again ``--repeat`` times (the cache purged, the garbage collector off: the best time, stable on a shared
host) and prints the totals per phase and per module and the costliest patterns.

A character class holding a character past U+00FF costs its compile about 60 µs whatever its size (a 64 Ki
table is built and cut into 256 blocks), and a range costs its compile in proportion to its length
(``À-Ỹ``: 7,700 characters, about 0.2 ms): a pattern of many such classes (a trie of letters with their marks)
is where the time goes.
"""

from __future__ import annotations

import argparse
import collections
import gc
import inspect
import json
import os
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
_WRAPPED = ("compile", "match", "search", "fullmatch", "sub", "subn", "split", "findall", "finditer")


def _smallest(shared: Path) -> str:
    """The shortest text of the gazette dev corpus (the file ``bench/jobs.py`` measures start-up on), read before
    ``vanban`` is imported."""
    path = shared / "corpus" / "dev.jsonl"
    if not path.exists():
        sys.exit(f"no {path}")
    with path.open(encoding="utf-8") as f:
        texts = [json.loads(line)["text"] for line in f if line.strip()]
    return min(texts, key=lambda t: len(t.encode()))


def _note(seen: dict[tuple[Any, int], tuple[str, str]], phase: list[str]) -> None:
    """Wrap the ``re`` functions so that each new pattern is noted with the place that asked for it."""
    for name in _WRAPPED:
        real = getattr(re, name)

        def wrapper(pattern: Any, *args: Any, _real: Callable[..., Any] = real, **kwargs: Any) -> Any:
            if isinstance(pattern, str):
                flags = int(inspect.signature(_real).bind(pattern, *args, **kwargs).arguments.get("flags", 0))
                if (pattern, flags) not in seen:
                    frame = inspect.currentframe()
                    caller = frame.f_back if frame is not None else None
                    where = "?" if caller is None else f"{Path(caller.f_code.co_filename).name}:{caller.f_lineno}"
                    seen[(pattern, flags)] = (where, phase[0])
            return _real(pattern, *args, **kwargs)

        setattr(re, name, wrapper)


def main(argv: list[str] | None = None) -> int:
    """Print the compile times."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=os.environ.get("VANBAN_SHARED", str(ROOT.parent / "shared")))
    ap.add_argument("--top", type=int, default=30, help="how many of the costliest patterns to print")
    ap.add_argument("--repeat", type=int, default=7, help="compiles of each pattern (the best is kept)")
    args = ap.parse_args(argv)
    text = _smallest(Path(args.shared))
    seen: dict[tuple[Any, int], tuple[str, str]] = {}
    phase = ["import"]
    compile_ = re.compile
    _note(seen, phase)
    import vanban.cli
    import vanban.cli.check
    import vanban.parse  # noqa: F401

    phase[0] = "parse"
    from vanban import parse_text

    parse_text(text)
    gc.disable()
    rows = []
    for (pattern, flags), (where, ph) in seen.items():
        best = float("inf")
        for _ in range(args.repeat):
            re.purge()
            t = time.perf_counter()
            compile_(pattern, flags)
            best = min(best, time.perf_counter() - t)
        rows.append((best, where, ph, pattern))
    rows.sort(reverse=True)
    by_phase: collections.Counter[str] = collections.Counter()
    by_module: collections.Counter[tuple[str, str]] = collections.Counter()
    for best, where, ph, _ in rows:
        by_phase[ph] += best
        by_module[(ph, where.split(":")[0])] += best
    print(f"{len(rows)} patterns: " + ", ".join(f"{ph} {1e3 * v:.1f} ms" for ph, v in by_phase.items()))
    for (ph, module), v in by_module.most_common(20):
        print(f"  {1e3 * v:7.2f} ms  {ph:6s} {module}")
    for best, where, ph, pattern in rows[:args.top]:
        print(f"{1e3 * best:7.2f} ms  {ph:6s} {where:24s} {pattern[:60]!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

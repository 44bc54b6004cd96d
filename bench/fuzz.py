"""The long fuzzing campaign: hypothesis properties at bench scale plus a plain random loop.

    python bench/fuzz.py [--examples 100000] [--random 5000] [--seed 1]

Part 1 runs the properties of ``tests/test_fuzz_properties.py`` with the ``bench`` profile of
``tests/mutations.py`` (``--examples`` in total, split over mutated documents, header/footer
fragment mixes, arbitrary strings and arbitrary bytes). Part 2 is a loop of its own, seeded, that
damages real documents and random bytes with ``random`` (no hypothesis), measures time per byte and
the memory peak per input (tracemalloc) and re-parses the slowest inputs at 4x their size to see the
time grow linearly. Prints examples run, crashes found (with the input that failed), the slowest
bytes/s and the worst time and memory ratios.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import traceback
import tracemalloc
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from tests.mutations import FRAGMENTS, documents, file_bytes, fragment_mix, mutated  # noqa: E402
from tests.test_fuzz_properties import check_document  # noqa: E402
from vanban import VanbanError, parse_file, parse_text  # noqa: E402


class Tally:
    """Examples run, crashes and the slowest input of one campaign."""

    def __init__(self) -> None:
        self.examples = 0
        self.crashes: list[str] = []
        self.slowest_bps = float("inf")
        self.slowest: str | bytes = ""
        self.seconds = 0.0

    def timed(self, fn: Callable[[], object], data: str | bytes) -> None:
        """Run one example, keeping the lowest throughput (inputs above 200 bytes, below: fixed cost)."""
        t = time.process_time()  # CPU time: other processes on a busy machine do not count
        fn()
        dt = max(time.process_time() - t, 1e-6)
        self.examples += 1
        self.seconds += dt
        if self.examples % 5000 == 0:
            print(f"    {self.examples} examples, {self.seconds:.0f} s CPU in the library", flush=True)
        if len(data) >= 200 and len(data) / dt < self.slowest_bps:
            self.slowest_bps, self.slowest = len(data) / dt, data


def parse_text_checked(text: str) -> None:
    """parse_text with the document's promises checked."""
    check_document(parse_text(text))


def parse_file_checked(data: bytes) -> None:
    """parse_file: a Document (promises checked) or a VanbanError."""
    try:
        check_document(parse_file(data))
    except VanbanError:
        pass


def hypothesis_part(total: int, tally: Tally) -> None:
    """The hypothesis properties with the bench profile, ``total`` examples in all."""
    bench = settings.get_profile("bench")
    shares: tuple[tuple[st.SearchStrategy[Any], Callable[[Any], None], float], ...] = (
        (mutated(), parse_text_checked, 0.3), (fragment_mix(), parse_text_checked, 0.3),
              (st.text(max_size=2000), parse_text_checked, 0.2), (file_bytes(), parse_file_checked, 0.2))
    for strategy, fn, share in shares:
        prop = _property(strategy, fn, int(total * share) + 1, bench, tally)

        try:
            prop()
        except Exception as e:
            tally.crashes.append(f"{fn.__name__}: {type(e).__name__}: {e}"[:500])
            traceback.print_exc(limit=-3)
        print(f"  {fn.__name__:20} {strategy!r:.40} {tally.examples:>8} examples so far", flush=True)


def _property(strategy: st.SearchStrategy[Any], fn: Callable[[Any], None], n: int, profile: settings,
              tally: Tally) -> Callable[[], None]:
    @settings(profile, max_examples=n)
    @given(strategy)
    def prop(x: Any) -> None:
        tally.timed(lambda: fn(x), x)

    return prop


def damage(rng: random.Random, text: str) -> str:
    """One random damage of a document (the loop's own mutations, unlike the strategies')."""
    lines = text.split("\n")
    for _ in range(rng.randint(1, 8)):
        op = rng.randrange(9)
        i = rng.randrange(len(lines)) if lines else 0
        if not lines:
            lines = [""]
        if op == 0:
            del lines[i:i + rng.randint(1, 5)]
        elif op == 1:
            lines[i:i] = lines[i:i + rng.randint(1, 5)] * rng.randint(2, 6)
        elif op == 2:
            rng.shuffle(lines)
        elif op == 3:
            line = lines[i]
            at = rng.randint(0, len(line))
            lines[i] = line[:at] + rng.choice(["|", "**", "\x00", "\ufeff", "\u0301" * 5, "/", "-", "Số:"]) + line[at:]
        elif op == 4:
            lines.insert(i, (" " * rng.randint(0, 60)).join(rng.sample(FRAGMENTS, 2)))
        elif op == 5:
            lines[i] = lines[i][:300] * rng.randint(50, 2000)
        elif op == 6:
            lines = lines[: max(1, i)]
        elif op == 7:
            lines[i] = "".join(rng.choice("|*-/:.0123456789 ĐQUBNDSốsố\t") for _ in range(rng.randint(1, 3000)))
        else:
            lines.insert(i, "Số: 1" + rng.choice(["/QĐ-UBND", "/QĐ", "-BC/BTGTU", "/2026"]) * rng.randint(5, 300))
    return "\n".join(lines)


def random_part(count: int, seed: int, tally: Tally) -> tuple[float, float]:
    """The plain random loop; returns the worst memory ratio (peak / input bytes) and time growth at 4x."""
    rng = random.Random(seed)
    docs = documents()
    worst_mem = 0.0
    for k in range(count):
        if k % 5 == 4:
            data = rng.randbytes(rng.randint(0, 5000))
            if rng.random() < 0.5:
                data = rng.choice(docs).encode()[: rng.randint(0, 20000)] + data
            tally.timed(partial(parse_file_checked, data), data)
            continue
        text = damage(rng, rng.choice(docs))
        if k % 50 == 0 and len(text) > 5000:
            tracemalloc.start()
            try:
                parse_text(text)
                _, peak = tracemalloc.get_traced_memory()
            finally:
                tracemalloc.stop()
            worst_mem = max(worst_mem, peak / len(text.encode()))
        try:
            tally.timed(partial(parse_text_checked, text), text)
        except Exception as e:
            tally.crashes.append(f"random #{k}: {type(e).__name__}: {e} (input {text[:200]!r})"[:500])
    growth = 0.0
    if tally.slowest:
        base = tally.slowest

        def best(x: str | bytes) -> float:
            run = parse_text_checked if isinstance(x, str) else parse_file_checked
            return min(_time(partial(run, x)) for _ in range(3))  # type: ignore[arg-type]

        growth = best(base * 4) / max(best(base), 1e-6)
    return worst_mem, growth


def _time(fn: Callable[[], object]) -> float:
    t = time.process_time()
    fn()
    return time.process_time() - t


def main() -> None:
    """Run both parts and print the figures."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--examples", type=int, default=100_000, help="hypothesis examples in total")
    ap.add_argument("--random", type=int, default=5_000, help="inputs of the plain random loop")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    print(f"documents: {len(documents())} real texts")
    for doc in documents()[:2]:  # load the catalogues and compile the patterns before timing anything
        parse_text_checked(doc)
        parse_file_checked(doc.encode())
    hyp = Tally()
    t0 = time.perf_counter()
    hypothesis_part(args.examples, hyp)
    print(f"hypothesis: {hyp.examples} examples, {len(hyp.crashes)} crashes, "
          f"slowest {hyp.slowest_bps:,.0f} bytes/s, {time.perf_counter() - t0:.0f} s")
    own = Tally()
    t0 = time.perf_counter()
    mem, growth = random_part(args.random, args.seed, own)
    print(f"random loop: {own.examples} inputs, {len(own.crashes)} crashes, slowest {own.slowest_bps:,.0f} bytes/s "
          f"({len(own.slowest)} bytes), slowest input x4 takes x{growth:.1f} the time, "
          f"memory peak <= {mem:.1f} x input, {time.perf_counter() - t0:.0f} s")
    for c in hyp.crashes + own.crashes:
        print("CRASH", c)
    print(f"total: {hyp.examples + own.examples} inputs, {len(hyp.crashes) + len(own.crashes)} crashes")


if __name__ == "__main__":
    main()

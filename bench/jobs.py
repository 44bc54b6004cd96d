"""Speed-up of ``--jobs N`` over one job for ``vanban check``, ``parse`` and ``export`` on the gazette dev texts.

    python bench/jobs.py [--shared PATH] [--jobs 2] [--repeat 3] [--limit N]

Writes the documents of ``corpus/dev.jsonl`` as ``.txt`` files in a temporary folder, runs each
command over the folder with ``--jobs 1`` and ``--jobs N`` (best wall time of ``--repeat`` runs,
the two alternating), checks that both print (or write) the same bytes, and prints the speed-up —
as measured, and net of the start-up of one ``vanban`` process (the same run over one small file),
which no number of jobs shortens — and the CPU time of each run (workers included: what the pool
costs over one job). The load average is printed before and after: on cores shared with other
work the wall-time figures are a floor.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ratio import gazette_texts

ROOT = Path(__file__).resolve().parents[1]
COMMANDS: dict[str, list[str]] = {
    "check": ["check"],
    "check --format sarif": ["check", "--format", "sarif"],
    "parse --format jsonl": ["parse", "--format", "jsonl"],
    "parse (json)": ["parse"],
    "export": ["export", "-o", "{out}"],
}


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(argv: list[str], out: Path) -> tuple[float, float, bytes]:
    """Wall time and CPU time (its workers included) of ``vanban ARGV``, and what it printed (or wrote)."""
    shutil.rmtree(out, ignore_errors=True)
    args = [a.replace("{out}", str(out)) for a in argv]
    t, cpu = time.perf_counter(), _cpu()
    done = subprocess.run([sys.executable, "-m", "vanban", *args], capture_output=True, check=False)
    wall, cpu = time.perf_counter() - t, _cpu() - cpu
    if done.returncode not in (0, 1):
        sys.exit(f"vanban {' '.join(args)} failed ({done.returncode}): {done.stderr.decode()[-500:]}")
    if out.exists():
        return wall, cpu, b"".join(p.name.encode() + p.read_bytes() for p in sorted(out.rglob("*.edxml")))
    return wall, cpu, done.stdout


def main(argv: list[str] | None = None) -> int:
    """Print the speed-up of each command."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=os.environ.get("VANBAN_SHARED", str(ROOT.parent / "shared")))
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--limit", type=int, default=0, help="only the first N documents")
    ap.add_argument("--commands", default=",".join(COMMANDS), help="comma-separated subset of: " + ", ".join(COMMANDS))
    args = ap.parse_args(argv)
    texts = gazette_texts(Path(args.shared))
    if texts is None:
        print(f"no corpus under {args.shared}", file=sys.stderr)
        return 2
    texts = texts[: args.limit] if args.limit else texts
    print(f"{len(texts)} texts, {sum(len(t.encode()) for t in texts) / 1e6:.1f} MB; {os.cpu_count()} cores; "
          f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "dev"
        folder.mkdir()
        for i, text in enumerate(texts):
            (folder / f"doc-{i:03d}.txt").write_text(text, encoding="utf-8")
        out = Path(tmp) / "out"
        start = min(run(["check", str(folder / "doc-000.txt")], out)[0] for _ in range(args.repeat))
        print(f"start-up (vanban check over one file): {start:.2f} s")
        print(f"{'command':22} {'1 job':>8} {f'{args.jobs} jobs':>8} {'speed-up':>9} {'net of start-up':>16} "
              f"{'CPU 1 job':>10} {f'CPU {args.jobs} jobs':>11}")
        for name in args.commands.split(","):
            argv_ = [*COMMANDS[name], str(folder)]
            best = {1: (float("inf"), 0.0), args.jobs: (float("inf"), 0.0)}
            outputs: dict[int, bytes] = {}
            for _ in range(args.repeat):
                for jobs in best:
                    wall, cpu, printed = run([*argv_, "--jobs", str(jobs)], out)
                    best[jobs] = min(best[jobs], (wall, cpu))
                    outputs[jobs] = printed
            (one, cpu1), (many, cpu_n) = best[1], best[args.jobs]
            same = "same output" if outputs[1] == outputs[args.jobs] else "OUTPUT DIFFERS"
            net = (one - start) / max(many - start, 1e-9)
            print(f"{name:22} {one:7.2f}s {many:7.2f}s {one / many:8.2f}x {net:15.2f}x {cpu1:9.2f}s {cpu_n:10.2f}s"
                  f"  {same}")
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

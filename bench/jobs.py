"""Speed-up of ``--jobs N`` over one job for ``vanban check``, ``parse`` and ``export`` on the gazette dev texts.

    python bench/jobs.py [--shared PATH] [--jobs 2] [--repeat 3] [--limit N]

Writes the documents of ``corpus/dev.jsonl`` as ``.txt`` files in a temporary folder, runs each
command over the folder with ``--jobs 1`` and ``--jobs N`` (best wall time of ``--repeat`` runs,
the two alternating), checks that both print (or write) the same bytes, and prints the speed-up —
as measured, and net of the start-up of one ``vanban`` process (the same command over the smallest
file), which no number of jobs shortens — and the CPU time of each run (workers included: what the
pool costs over one job).

It also splits each command's one-job CPU time into the serial start-up ``S`` (the interpreter, the
imports, the arguments: the CPU time of the command over the smallest file) and the work ``W`` on
the files (the rest), and prints the speed-up ``(S + W) / (S + W / N)`` those two allow: CPU time
hardly moves with other work on the machine, so this is the figure to read when the cores are
shared (≥ 1.7× with two jobs needs ``S`` ≤ 0.21 ``W``). The last column adds the pool's own cost: the
``N``-job run's CPU time ``C`` (workers included) beyond ``S``, spread over ``N`` cores, gives
``(S + W) / (S + (C - S) / N)`` — what the wall-time speed-up is on ``N`` idle cores when the pool
balances its workers. The load average is printed before and after: on cores shared with other work
the wall-time figures are a floor.

The commands run as an installed package does, from compiled bytecode (in a temporary cache:
``PYTHONDONTWRITEBYTECODE`` would make every run compile the package's source again), and run the
``vanban`` of the tree this script stands in (``PYTHONPATH``), not one installed elsewhere.
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


ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
ENV["PYTHONPATH"] = os.pathsep.join([str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])])
"""This tree's ``vanban`` is the one run (an installed or editable one elsewhere would be found first otherwise)."""


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(argv: list[str], out: Path) -> tuple[float, float, bytes]:
    """Wall time and CPU time (its workers included) of ``vanban ARGV``, and what it printed (or wrote)."""
    if out.is_dir():
        shutil.rmtree(out)
    out.unlink(missing_ok=True)  # one input's package is a file
    args = [a.replace("{out}", str(out)) for a in argv]
    t, cpu = time.perf_counter(), _cpu()
    done = subprocess.run([sys.executable, "-m", "vanban", *args], capture_output=True, check=False, env=ENV)
    wall, cpu = time.perf_counter() - t, _cpu() - cpu
    if done.returncode not in (0, 1):
        sys.exit(f"vanban {' '.join(args)} failed ({done.returncode}): {done.stderr.decode()[-500:]}")
    if out.is_dir():
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
        ENV["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "pycache")
        folder = Path(tmp) / "dev"
        folder.mkdir()
        for i, text in enumerate(texts):
            (folder / f"doc-{i:03d}.txt").write_text(text, encoding="utf-8")
        smallest = min(folder.iterdir(), key=lambda p: p.stat().st_size)
        out = Path(tmp) / "out"
        run(["check", str(smallest)], out)  # fills the bytecode cache
        print(f"{'command':22} {'1 job':>8} {f'{args.jobs} jobs':>8} {'speed-up':>9} {'net of start-up':>16} "
              f"{'CPU 1 job':>10} {f'CPU {args.jobs} jobs':>11} {'S (CPU)':>8} {'W (CPU)':>8} {'S/W':>5} "
              f"{'(S+W)/(S+W/N)':>14} {'with pool CPU':>14}")
        for name in args.commands.split(","):
            argv_ = [*COMMANDS[name], str(folder)]
            starts = [run([*COMMANDS[name], str(smallest)], out)[:2] for _ in range(args.repeat)]
            start, start_cpu = min(w for w, _ in starts), min(c for _, c in starts)
            best = {1: (float("inf"), 0.0), args.jobs: (float("inf"), 0.0)}
            cpus: dict[int, float] = {1: float("inf"), args.jobs: float("inf")}
            outputs: dict[int, bytes] = {}
            for _ in range(args.repeat):
                for jobs in best:
                    wall, cpu, printed = run([*argv_, "--jobs", str(jobs)], out)
                    best[jobs] = min(best[jobs], (wall, cpu))
                    cpus[jobs] = min(cpus[jobs], cpu)
                    outputs[jobs] = printed
            (one, _), (many, _) = best[1], best[args.jobs]
            work = cpus[1] - start_cpu
            same = "same output" if outputs[1] == outputs[args.jobs] else "OUTPUT DIFFERS"
            net = (one - start) / max(many - start, 1e-9)
            bound = (start_cpu + work) / (start_cpu + work / args.jobs)
            pooled = cpus[1] / (start_cpu + (cpus[args.jobs] - start_cpu) / args.jobs)
            print(f"{name:22} {one:7.2f}s {many:7.2f}s {one / many:8.2f}x {net:15.2f}x {cpus[1]:9.2f}s "
                  f"{cpus[args.jobs]:10.2f}s {start_cpu:7.2f}s {work:7.2f}s {start_cpu / work:5.2f} {bound:13.2f}x"
                  f" {pooled:13.2f}x  {same}")
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Dask scaling of ``vanban batch``: documents/s per worker for 1 and 2 workers, memory per worker.

    python bench/dask_scale.py [--docs N] [--partition-size P]

Writes N synthetic text documents (the example documents of the repository with a fresh number
each: ``Số: {i}/...``, so every file is a distinct document) to a temporary folder, then times
the single-process path (:func:`vanban.archive.run.process_files`, no Dask) and ``run_batch`` on a
``LocalCluster`` of 1 and 2 single-threaded worker processes (cluster start-up excluded). Prints
documents/s, documents/s per worker, its ratio to the single-process rate, and each worker's peak
resident memory. Needs the ``vanban[dask]`` extra. On a machine shared with other jobs the figures
move from run to run; give the run its cores.
"""

from __future__ import annotations

import argparse
import re
import resource
import tempfile
import time
from pathlib import Path
from typing import Any

from distributed import Client, LocalCluster

from vanban.archive import BatchReport, run_batch
from vanban.archive.run import list_files, process_files

ROOT = Path(__file__).resolve().parents[1]
NUMBER = re.compile(r"^(\s*Số:\s*)(\d+)", re.M)


def templates() -> list[str]:
    """The example texts that carry a number line to vary."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples").rglob("*.txt"))]
    return [t for t in texts if NUMBER.search(t)]


def write_docs(folder: Path, n: int) -> None:
    """N documents cycling through the templates, each with its own number."""
    base = templates()
    for i in range(n):
        text = NUMBER.sub(lambda m, i=i: f"{m.group(1)}{i + 1}", base[i % len(base)], count=1)
        (folder / f"doc-{i:06d}.txt").write_text(text, encoding="utf-8")


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def on_cluster(folder: Path, out: Path, workers: int, partition_size: int) -> tuple[BatchReport, float, list[float]]:
    """A batch on a local cluster of ``workers`` processes: its report, total seconds, each worker's peak MB."""
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        start = time.perf_counter()
        report = run_batch([str(folder)], str(out), scheduler=cluster.scheduler_address, partition_size=partition_size)
        took = time.perf_counter() - start
        peaks: dict[str, Any] = client.run(_peak_mb)
    return report, took, sorted(peaks.values())


def main() -> None:
    """Run the bench and print the figures."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=2000)
    ap.add_argument("--partition-size", type=int, default=64)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "docs"
        folder.mkdir()
        write_docs(folder, args.docs)
        files = list_files([str(folder)])
        start = time.perf_counter()
        rows = process_files(files)
        single = len(rows["documents"]) / (time.perf_counter() - start)
        print(f"single process: {single:.1f} documents/s, peak {_peak_mb():.0f} MB")
        for workers in (1, 2):
            report, took, peaks = on_cluster(folder, Path(tmp) / f"out{workers}", workers, args.partition_size)
            rate = args.docs / report.parse_s
            print(f"dask {workers} worker(s): parse+check {rate:.1f} documents/s, {rate / workers:.1f} per worker "
                  f"({rate / workers / single:.0%} of single process); join {report.join_s:.1f} s; "
                  f"total {args.docs / took:.1f} documents/s; peak per worker "
                  + ", ".join(f"{p:.0f} MB" for p in peaks))


if __name__ == "__main__":
    main()

"""Dask scaling of ``vanban batch``: documents/s per worker for 1 and 2 workers, memory per worker.

    python bench/dask_scale.py [--docs 100000] [--sample 1000] [--workers 2] [--partition-size 256]
                               [--templates FILE.jsonl]

Writes ``--docs`` synthetic text documents to a temporary folder: the repository's example and
sample documents that print a number line, each copy with its own number (``Số: {i}``), and the
citations one template makes of another renumbered to the latest copy of the cited one, one in
seven with an OCR slip (``Đ`` read ``D``), so resolution has exact and OCR-tolerant work at any
size. ``--templates`` adds the texts of a JSON-lines file (``{"text": ...}`` per line, e.g. the
dev corpus) as further templates.

Then it times, on the same machine:

1. the single-process path on the first ``--sample`` documents, warm (one document read first):
   the work of one task (:func:`vanban.archive.run.write_partition`: read, parse, check, Arrow
   rows, Parquet written) in this process, no Dask;
2. ``run_batch`` on a ``LocalCluster`` of 1 single-threaded worker process over the same sample;
3. ``run_batch`` on a ``LocalCluster`` of ``--workers`` processes over all ``--docs`` documents.

For each cluster run it prints the **steady rate** (documents per second of the parse-and-check
phase on warm workers: cluster start and worker imports excluded, ``BatchReport.steady_rate``),
that rate per worker and its ratio to the single-process rate, the same in CPU terms (documents
per CPU-second of the workers, which the machine's other load does not change), the resolution
time, the **end-to-end rate** (documents per second of the whole call, cluster start, resolution
and stop included), and each worker's peak resident memory. The scaling from 1 to ``--workers``
is the ratio of the steady rates. On a machine shared with other jobs the wall-clock figures
measure the contention; give the run its cores, one per worker plus one for the scheduler and
client. At 100 documents/s per core, 100 000 documents on 2 workers take about 10 minutes.
"""

from __future__ import annotations

import argparse
import json
import re
import tempfile
import time
from pathlib import Path
from typing import Any

from distributed import Client

from vanban.archive import BatchReport, run_batch
from vanban.archive.run import cpu_seconds, list_files, local_cluster, peak_mb, warm_up, write_partition
from vanban.parse.text import parse_text

ROOT = Path(__file__).resolve().parents[1]
NUMBER = re.compile(r"^(\s*Số:?\s*)(\d+)", re.M)
LEAD = re.compile(r"^\d+")


def templates(extra: Path | None = None) -> list[tuple[str, str]]:
    """(text, canonical number) of every template text with a number line."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples").rglob("*.txt"))]
    lines = (ROOT / "tests" / "data" / "samples" / "admin.jsonl").read_text(encoding="utf-8").splitlines()
    if extra is not None:
        lines += extra.read_text(encoding="utf-8").splitlines()
    texts += [json.loads(line)["text"] for line in lines if line.strip()]
    out = []
    for text in texts:
        n = parse_text(text).number
        if NUMBER.search(text) and n is not None and n.number and LEAD.match(n.canonical):
            out.append((text, n.canonical))
    return out


def write_docs(folder: Path, n: int, base: list[tuple[str, str]]) -> None:
    """N documents cycling through the templates, each with its own number; citations renumbered to copies."""
    k = len(base)
    for i in range(n):
        t = i % k
        text = NUMBER.sub(lambda m, i=i: f"{m.group(1)}{i + 1}", base[t][0], count=1)
        for u, (_, canonical) in enumerate(base):
            j = i - ((i - u) % k or k) if u != t else -1
            if u == t or j < 0 or canonical not in text:
                continue
            cited = LEAD.sub(str(j + 1), canonical)
            text = text.replace(canonical, cited.replace("Đ", "D") if i % 7 == 0 else cited)
        (folder / f"doc-{i:06d}.txt").write_text(text, encoding="utf-8")


def single(files: list[str], out: Path) -> tuple[float, float]:
    """Warm single-process documents/s, wall and per CPU-second: the work of one task (Parquet written), no Dask."""
    warm_up()
    wall, cpu = time.perf_counter(), cpu_seconds()
    counts = write_partition(str(out), 0, files)
    n = counts["documents"] + counts["failures"]
    return n / (time.perf_counter() - wall), n / (cpu_seconds() - cpu)


def on_cluster(folder: Path, out: Path, workers: int, partition_size: int) -> tuple[BatchReport, float, list[float]]:
    """A batch on a fresh local cluster: its report, the cluster's start seconds, each worker's peak MB."""
    start = time.perf_counter()
    with local_cluster(workers) as cluster, Client(cluster) as client:
        up = time.perf_counter() - start
        report = run_batch([str(folder)], str(out), scheduler=cluster.scheduler_address, partition_size=partition_size)
        peaks: dict[str, Any] = client.run(peak_mb)
    return report, up, sorted(peaks.values())


def show(name: str, workers: int, report: BatchReport, up: float, peaks: list[float], rate: float,
         cpu_rate: float) -> None:
    """Print one cluster run's figures."""
    steady = report.steady_rate
    per_cpu = report.documents / report.parse_cpu_s if report.parse_cpu_s else 0.0
    end_to_end = (report.documents + report.failed) / (report.total_s + up)
    print(f"{name}: {report.documents} documents, {report.partitions} partitions\n"
          f"  steady (parse+check, warm workers): {steady:.1f} documents/s, {steady / workers:.1f} per worker "
          f"= {steady / workers / rate:.0%} of single process\n"
          f"  per CPU-second of the workers: {per_cpu:.1f} documents = {per_cpu / cpu_rate:.0%} of single process\n"
          f"  resolution {report.join_s:.1f} s ({report.edges} edges of {report.references} citations); "
          f"cluster start {up:.1f} s + warm-up {report.start_s:.1f} s\n"
          f"  end to end (start, parse, resolution, stop): {end_to_end:.1f} documents/s\n"
          f"  peak memory per worker: " + ", ".join(f"{p:.0f} MB" for p in report.parse_peak_mb)
          + " after the parse phase, " + ", ".join(f"{p:.0f} MB" for p in peaks) + " after resolution")


def main() -> None:
    """Run the bench and print the figures."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=10_000)
    ap.add_argument("--sample", type=int, default=1000, help="documents of the single-process and 1-worker runs")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--partition-size", type=int, default=256)
    ap.add_argument("--templates", type=Path, default=None, metavar="FILE.jsonl")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder, sample = Path(tmp) / "docs", Path(tmp) / "sample"
        folder.mkdir()
        sample.mkdir()
        base = templates(args.templates)
        t = time.perf_counter()
        write_docs(folder, args.docs, base)
        write_docs(sample, min(args.sample, args.docs), base)
        print(f"{args.docs} synthetic documents from {len(base)} templates written in "
              f"{time.perf_counter() - t:.0f} s; sample {min(args.sample, args.docs)}")
        rate, cpu_rate = single(list_files([str(sample)]), Path(tmp) / "out0")
        print(f"single process: {rate:.1f} documents/s ({cpu_rate:.1f} per CPU-second), peak {peak_mb():.0f} MB")
        one, up1, peaks1 = on_cluster(sample, Path(tmp) / "out1", 1, args.partition_size)
        show("dask, 1 worker, sample", 1, one, up1, peaks1, rate, cpu_rate)
        many, up, peaks = on_cluster(folder, Path(tmp) / "out", args.workers, args.partition_size)
        show(f"dask, {args.workers} workers, all documents", args.workers, many, up, peaks, rate, cpu_rate)
        print(f"scaling 1 -> {args.workers} workers (steady rates): {many.steady_rate / one.steady_rate:.2f}x")


if __name__ == "__main__":
    main()

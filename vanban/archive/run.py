"""The batch run: list files through fsspec, parse and check them on Dask workers, write Parquet.

Files are cut into partitions of ``partition_size``; each partition is one task that reads its
files through fsspec (local paths, or ``s3://``, ``gs://``, ... when the user has the driver),
parses them (:func:`vanban.readers.parse_file`), validates them (:func:`vanban.rules.validate`),
flattens them to Arrow tables and writes its own Parquet part of each table under ``out`` — so a
worker holds one partition at a time and nothing goes back through the client but counts. Before
the clock starts every worker imports the parser and reads one document (catalogues loaded,
patterns compiled), so the parse phase measures parsing. Resolution then runs on the cluster
(:mod:`vanban.archive.resolve`): the linker's exact, OCR-tolerant and blocked fuzzy steps as
joins on the identity keys.
"""

from __future__ import annotations

import hashlib
import importlib
import logging
import posixpath
import resource
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from vanban.archive.tables import arrow_schema, document_rows
from vanban.errors import InputError, VanbanError

_SKIP_SUFFIXES = (".db", ".db-wal", ".db-shm", ".sqlite", ".parquet")


@dataclass
class BatchReport:
    """What a batch did: documents written, files that failed, citations and edges found, tasks run."""

    documents: int = 0
    failed: int = 0
    references: int = 0
    findings: int = 0
    edges: int = 0
    partitions: int = 0
    start_s: float = 0.0
    """Seconds to start the local cluster (0 on a running one) and warm its workers up."""
    parse_s: float = 0.0
    """Seconds of the parse-and-check phase (the tasks on the workers, warm)."""
    parse_cpu_s: float = 0.0
    """CPU seconds the workers spent in the parse-and-check phase (summed over workers)."""
    parse_peak_mb: list[float] = field(default_factory=list)
    """Each worker's peak resident memory (MB) at the end of the parse phase, before resolution."""
    join_s: float = 0.0
    """Seconds of the resolution (joins, fuzzy step, edges written)."""
    total_s: float = 0.0
    """Seconds from the call to the return (listing files and stopping the cluster included)."""

    @property
    def steady_rate(self) -> float:
        """Files per second of the parse-and-check phase on warm workers (cluster start excluded)."""
        return (self.documents + self.failed) / self.parse_s if self.parse_s else 0.0

    @property
    def end_to_end_rate(self) -> float:
        """Files per second of the whole call: start, parse, resolution and stop."""
        return (self.documents + self.failed) / self.total_s if self.total_s else 0.0

    def __str__(self) -> str:
        return (f"documents={self.documents} failed={self.failed} references={self.references} "
                f"findings={self.findings} edges={self.edges} partitions={self.partitions} "
                f"start_s={self.start_s:.1f} parse_s={self.parse_s:.1f} join_s={self.join_s:.1f} "
                f"total_s={self.total_s:.1f} steady={self.steady_rate:.1f}/s end_to_end={self.end_to_end_rate:.1f}/s")


def _need() -> None:
    try:
        import dask  # noqa: F401
        import fsspec  # noqa: F401
        import pyarrow  # noqa: F401
    except ImportError:
        raise InputError("vanban batch needs Dask, pyarrow and fsspec (pip install 'vanban[dask]')") from None


def list_files(paths: Iterable[str]) -> list[str]:
    """Every file named, or under the folders named, through fsspec (hidden files and stores skipped), sorted."""
    from fsspec.core import url_to_fs

    out: list[str] = []
    for path in paths:
        fs, root = url_to_fs(str(path))
        proto = fs.protocol[0] if isinstance(fs.protocol, (tuple, list)) else fs.protocol
        prefix = "" if proto in ("file", "local") else f"{proto}://"
        if fs.isdir(root):
            found = sorted(fs.find(root))
            for f in found:
                rel = posixpath.relpath(f, root).split("/")
                if not any(p.startswith(".") for p in rel) and not f.endswith(_SKIP_SUFFIXES):
                    out.append(prefix + f)
        elif fs.exists(root):
            out.append(prefix + root)
        else:
            raise InputError(f"{path}: no such file or folder")
    return sorted(set(out))


def process_files(files: Sequence[str], first_id: int = 0) -> dict[str, list[dict[str, Any]]]:
    """Read, parse and validate ``files``: the rows of every table (the single-process path).

    ``first_id`` is the ``documents.id`` of the first file (its place in the batch's file list).
    """
    import fsspec

    from vanban.readers import parse_file
    from vanban.rules import validate

    rows: dict[str, list[dict[str, Any]]] = {"documents": [], "references": [], "findings": [], "failures": []}
    for i, path in enumerate(files, first_id):
        try:
            with fsspec.open(path, "rb") as f:
                data = f.read()
            doc = parse_file(data).model_copy(update={"source": path})
            got = document_rows(doc, path, hashlib.sha256(data).hexdigest(), validate(doc), id=i)
        except (VanbanError, OSError) as e:
            rows["failures"].append({"source": path, "message": str(e)})
            continue
        except Exception as e:  # a parser fault on one file must not stop an archive
            rows["failures"].append({"source": path, "message": f"internal error ({type(e).__name__}: {e})"})
            continue
        for table, found in got.items():
            rows[table].extend(found)
    return rows


def cpu_seconds() -> float:
    """CPU seconds used by this process so far (user + system)."""
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def peak_mb() -> float:
    """Peak resident memory of this process so far, MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def warm_up() -> None:
    """Worker set-up: import the readers, parser and rules and read one document (catalogues, patterns)."""
    from vanban.readers import parse_file
    from vanban.rules import validate

    validate(parse_file(_WARM_TEXT.encode("utf-8")))


_WARM_TEXT = ("ỦY BAN NHÂN DÂN\nTỈNH LÀO CAI\nSố: 12/QĐ-UBND\nLào Cai, ngày 02 tháng 01 năm 2025\n"
              "QUYẾT ĐỊNH\nVề việc giao chỉ tiêu\nCăn cứ Luật Tổ chức chính quyền địa phương số 65/2025/QH15;\n"
              "Điều 1. Giao chỉ tiêu.\nNơi nhận:\n- Như Điều 1;\n- Lưu: VT.\nCHỦ TỊCH\nNguyễn Văn A\n")


def write_partition(out: str, index: int, files: Sequence[str], first_id: int = 0) -> dict[str, int]:
    """Worker task: process one partition and write its part of each table; returns row counts."""
    import fsspec
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = process_files(files, first_id)
    fs, root = fsspec.core.url_to_fs(out)
    counts = {}
    for table, found in rows.items():
        fs.makedirs(f"{root}/{table}", exist_ok=True)
        t = pa.Table.from_pylist(found, schema=arrow_schema(table))
        with fs.open(f"{root}/{table}/part-{index:06d}.parquet", "wb") as f:
            pq.write_table(t, f)
        counts[table] = len(found)
    return counts


def local_cluster(workers: int) -> Any:
    """A ``LocalCluster`` of ``workers`` single-threaded processes without the workers' statistical profiler.

    The profiler samples the running task's stack every 10 ms under the GIL; for a pure-Python
    parser that is CPU the parse does not get (a real cluster is configured by its owner:
    ``distributed.worker.profile.enabled: false`` there too).
    """
    dask: Any = importlib.import_module("dask")
    dist: Any = importlib.import_module("distributed")
    # the scheduler of a local cluster runs in this process: its shuffle plugin logs every join's start and end
    # as a warning, a screenful per batch that says nothing wrong
    logging.getLogger("distributed.shuffle").setLevel(logging.ERROR)
    with dask.config.set({"distributed.worker.profile.enabled": False}):
        return dist.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)


def run_batch(paths: Iterable[str], out: str, *, scheduler: str | None = None, workers: int = 2,
              partition_size: int = 128, progress: bool = False) -> BatchReport:
    """Parse, check and cross-link every file of ``paths`` on a Dask cluster; write the Parquet tables to ``out``.

    ``scheduler`` is the address of a running cluster (``tcp://host:8786``); without it a
    ``LocalCluster`` of ``workers`` single-threaded processes is started and stopped. ``progress``
    shows Dask's progress bar (the dashboard shows the same on a real cluster).
    """
    _need()
    dist: Any = importlib.import_module("distributed")  # untyped: used through Any
    from vanban.archive.resolve import resolve_edges

    begin = time.perf_counter()
    files = list_files(paths)
    if not files:
        raise InputError("no files to read")
    size = max(1, partition_size)
    starts = range(0, len(files), size)
    chunks = [files[i:i + size] for i in starts]
    cluster = None if scheduler else local_cluster(workers)
    client = dist.Client(scheduler or cluster)
    report = BatchReport(partitions=len(chunks))
    try:
        client.run(warm_up)
        cpu: dict[str, float] = client.run(cpu_seconds)
        start = time.perf_counter()
        report.start_s = start - begin
        futures = client.map(write_partition, [out] * len(chunks), range(len(chunks)), chunks, list(starts), pure=False)
        if progress:
            dist.progress(futures)
        for c in client.gather(futures):
            report.documents += c["documents"]
            report.failed += c["failures"]
            report.references += c["references"]
            report.findings += c["findings"]
        report.parse_s = time.perf_counter() - start
        report.parse_cpu_s = sum(v - cpu.get(w, 0.0) for w, v in client.run(cpu_seconds).items())
        report.parse_peak_mb = sorted(client.run(peak_mb).values())
        report.edges = resolve_edges(out)
        report.join_s = time.perf_counter() - start - report.parse_s
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    report.total_s = time.perf_counter() - begin
    return report

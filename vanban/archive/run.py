"""The batch run: list files through fsspec, parse and check them on Dask workers, write Parquet.

Files are cut into partitions of ``partition_size``; each partition is one task that reads its
files through fsspec (local paths, or ``s3://``, ``gs://``, ... when the user has the driver),
parses them (:func:`vanban.readers.parse_file`), validates them (:func:`vanban.rules.validate`)
and writes its own Parquet part of each table under ``out`` — so a worker holds one partition at a
time and nothing goes back through the client but counts. Resolution is then a join on the
identity key: every citation whose number key (``nkey``) is the number key of a document of the
batch becomes an edge to it (the exact step of :mod:`vanban.link.resolve`; the OCR-tolerant and
fuzzy steps run when the batch is loaded into a :class:`~vanban.link.Corpus`).
"""

from __future__ import annotations

import hashlib
import importlib
import posixpath
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from vanban.archive.tables import TABLES, document_rows
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
    parse_s: float = 0.0
    """Seconds of the parse-and-check phase (the tasks on the workers)."""
    join_s: float = 0.0
    """Seconds of the resolution join."""

    def __str__(self) -> str:
        return (f"documents={self.documents} failed={self.failed} references={self.references} "
                f"findings={self.findings} edges={self.edges} partitions={self.partitions} "
                f"parse_s={self.parse_s:.1f} join_s={self.join_s:.1f}")


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


def process_files(files: Sequence[str]) -> dict[str, list[dict[str, Any]]]:
    """Read, parse and validate ``files``: the rows of every table (the single-process path)."""
    import fsspec

    from vanban.readers import parse_file
    from vanban.rules import validate

    rows: dict[str, list[dict[str, Any]]] = {"documents": [], "references": [], "findings": [], "failures": []}
    for path in files:
        try:
            with fsspec.open(path, "rb") as f:
                data = f.read()
            doc = parse_file(data).model_copy(update={"source": path})
            got = document_rows(doc, path, hashlib.sha256(data).hexdigest(), validate(doc))
        except (VanbanError, OSError) as e:
            rows["failures"].append({"source": path, "message": str(e)})
            continue
        except Exception as e:  # a parser fault on one file must not stop an archive
            rows["failures"].append({"source": path, "message": f"internal error ({type(e).__name__}: {e})"})
            continue
        for table, found in got.items():
            rows[table].extend(found)
    return rows


def arrow_schema(table: str) -> Any:
    """The pyarrow schema of one table of :data:`~vanban.archive.tables.TABLES`."""
    import pyarrow as pa

    return pa.schema([(name, pa.type_for_alias(ty)) for name, ty in TABLES[table]])


def _write_part(out: str, index: int, files: Sequence[str]) -> dict[str, int]:
    """Worker task: process one partition and write its part of each table; returns row counts."""
    import fsspec
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = process_files(files)
    fs, root = fsspec.core.url_to_fs(out)
    counts = {}
    for table, found in rows.items():
        fs.makedirs(f"{root}/{table}", exist_ok=True)
        t = pa.Table.from_pylist(found, schema=arrow_schema(table))
        with fs.open(f"{root}/{table}/part-{index:06d}.parquet", "wb") as f:
            pq.write_table(t, f)
        counts[table] = len(found)
    return counts


def resolve_edges(out: str) -> int:
    """Join the citations on the documents' number keys into ``edges`` (a Dask dataframe join); returns edges."""
    import dask.dataframe as dd

    refs = dd.read_parquet(f"{out}/references", columns=["source", "ordinal", "nkey", "relation"])
    docs = dd.read_parquet(f"{out}/documents", columns=["source", "uri", "nkey"]).dropna(subset=["nkey"])
    uris = dd.read_parquet(f"{out}/documents", columns=["source", "uri"]).rename(columns={"uri": "source_uri"})
    hits = refs.merge(docs.rename(columns={"source": "target_source", "uri": "target_uri"}), on="nkey")
    edges = hits.merge(uris, on="source")
    edges = edges[[name for name, _ in TABLES["edges"]]]
    edges.to_parquet(f"{out}/edges", schema=arrow_schema("edges"), write_index=False, overwrite=True)
    return int(dd.read_parquet(f"{out}/edges", columns=["nkey"]).shape[0].compute())


def run_batch(paths: Iterable[str], out: str, *, scheduler: str | None = None, workers: int = 2,
              partition_size: int = 64, progress: bool = False) -> BatchReport:
    """Parse, check and cross-link every file of ``paths`` on a Dask cluster; write the Parquet tables to ``out``.

    ``scheduler`` is the address of a running cluster (``tcp://host:8786``); without it a
    ``LocalCluster`` of ``workers`` single-threaded processes is started and stopped. ``progress``
    shows Dask's progress bar (the dashboard shows the same on a real cluster).
    """
    _need()
    dist: Any = importlib.import_module("distributed")  # untyped: used through Any

    files = list_files(paths)
    if not files:
        raise InputError("no files to read")
    chunks = [files[i:i + partition_size] for i in range(0, len(files), max(1, partition_size))]
    cluster = None if scheduler else dist.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                                  dashboard_address=None)
    client = dist.Client(scheduler or cluster)
    try:
        start = time.perf_counter()
        futures = client.map(_write_part, [out] * len(chunks), range(len(chunks)), chunks, pure=False)
        if progress:
            dist.progress(futures)
        counts = client.gather(futures)
        report = BatchReport(partitions=len(chunks))
        for c in counts:
            report.documents += c["documents"]
            report.failed += c["failures"]
            report.references += c["references"]
            report.findings += c["findings"]
        report.parse_s = time.perf_counter() - start
        report.edges = resolve_edges(out)
        report.join_s = time.perf_counter() - start - report.parse_s
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    return report

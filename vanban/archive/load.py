"""A batch's Parquet tables into a corpus store (SQLite or PostgreSQL): ``vanban link load DIR --db URL``.

The documents are rebuilt from their ``document`` JSON and stored as :meth:`Corpus.add_documents`
stores parsed documents (citations, what the citing text says about them, short mentions); the
``edges`` table becomes the store's links as the cluster resolved them, without resolving again.
In a store that was empty, every other citation points to its placeholder ("cited, not in
corpus"); in a store that already held documents, the store's resolver examines the citations
left, so documents of earlier loads and of this one find each other.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from vanban.archive.tables import document_from_row
from vanban.errors import InputError
from vanban.link.corpus import Corpus
from vanban.models import Document
from vanban.store import Connection, transaction

_PLACEHOLDERS = (
    "INSERT INTO corpus_links (ref_id, doc_id, node, confidence, reason) "
    "SELECT r.id, NULL, r.puri, 0.0, 'cited, not in corpus' FROM corpus_refs r "
    "WHERE NOT EXISTS (SELECT 1 FROM corpus_links l WHERE l.ref_id = r.id)")
_LINK = ("INSERT INTO corpus_links (ref_id, doc_id, node, confidence, reason) VALUES (?,?,?,?,?) "
         "ON CONFLICT (ref_id) DO UPDATE SET doc_id = excluded.doc_id, node = excluded.node, "
         "confidence = excluded.confidence, reason = excluded.reason")
_CHUNK = 500


@dataclass
class LoadReport:
    """What a load did: documents added, replaced or unchanged, links taken from ``edges``, citations left."""

    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    linked: int = 0
    rest: int = 0

    def __str__(self) -> str:
        return (f"added={self.added} replaced={self.replaced} unchanged={self.unchanged} "
                f"linked={self.linked} rest={self.rest}")


def _parts(out: str, table: str, columns: list[str], batch: int) -> Iterator[list[dict[str, Any]]]:
    """The rows of one table, part by part in file order, ``batch`` rows at a time."""
    import fsspec
    import pyarrow.dataset as ds

    fs, root = fsspec.core.url_to_fs(out)
    if not fs.isdir(f"{root}/{table}"):
        raise InputError(f"{out}: no '{table}' table here (the --out folder of `vanban batch`)")
    data = ds.dataset(f"{root}/{table}", filesystem=fs, format="parquet")
    for frag in sorted(data.get_fragments(), key=lambda f: str(f.path)):
        for b in frag.to_batches(columns=columns, batch_size=batch):
            yield b.to_pylist()


def _ids(c: Connection, sql: str, keys: list[Any]) -> list[tuple[Any, ...]]:
    """Rows of ``sql`` (one ``IN (...)`` placeholder ``{}``) for ``keys``, in chunks."""
    rows: list[tuple[Any, ...]] = []
    for i in range(0, len(keys), _CHUNK):
        part = keys[i:i + _CHUNK]
        rows.extend(c.execute(sql.format(",".join("?" * len(part))), part).fetchall())
    return rows


def load_parquet(out: str, db: str | Corpus, *, batch: int = 2000) -> LoadReport:
    """Load the tables ``vanban batch`` wrote at ``out`` into the corpus store ``db`` (a path, URL or Corpus)."""
    corpus = Corpus(db) if isinstance(db, str) else db
    try:
        empty = corpus.stats()["documents"] == 0
        report = LoadReport()

        def docs() -> Iterator[tuple[Document, str, str]]:
            for rows in _parts(out, "documents", ["source", "content_hash", "document"], batch):
                for row in rows:
                    yield document_from_row(row), row["source"], row["content_hash"]

        added = corpus.add_documents(docs(), batch=batch)
        report.added, report.replaced, report.unchanged = added.added, added.replaced, added.unchanged
        for rows in _parts(out, "edges", ["source", "ordinal", "target_uri", "target_source", "confidence",
                                          "reason"], batch):
            with transaction(corpus.conn, serial="corpus") as c:
                sources = sorted({r["source"] for r in rows} | {r["target_source"] for r in rows})
                doc_id = {s: i for i, s in _ids(c, "SELECT id, source FROM corpus_documents WHERE source IN ({})",
                                                sources)}
                ref_id = {(d, o): i for i, d, o in _ids(
                    c, "SELECT id, doc_id, ordinal FROM corpus_refs WHERE doc_id IN ({})",
                    sorted({doc_id[r["source"]] for r in rows if r["source"] in doc_id}))}
                links = [(ref_id[(doc_id[r["source"]], r["ordinal"])], doc_id[r["target_source"]], r["target_uri"],
                          r["confidence"], r["reason"]) for r in rows
                         if r["source"] in doc_id and r["target_source"] in doc_id
                         and (doc_id[r["source"]], r["ordinal"]) in ref_id]
                c.executemany(_LINK, links)
                report.linked += len(links)
        if empty:
            with transaction(corpus.conn, serial="corpus") as c:
                report.rest = c.execute(_PLACEHOLDERS).rowcount
        else:
            report.rest = corpus.resolve()
        return report
    finally:
        if isinstance(db, str):
            corpus.close()

"""The corpus index: documents, their citations and the links between them, in one SQLite file.

``Corpus(path)`` opens (creating) the store — ``./vanban.db`` by default, ``":memory:"`` for
tests — shared with the registers (tables ``register_*``); this module owns the ``corpus_*``
tables. Every document is written in its own ``BEGIN IMMEDIATE`` transaction on a WAL database,
so a crash, an interrupt or a second process never loses or duplicates a committed document.
A file is known by its resolved path; re-adding it unchanged (same SHA-256) is a no-op, a
changed file replaces its old version. Citations are resolved after each add (see
:mod:`vanban.link.resolve`); unresolved ones point to placeholders that later additions fill in.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import sqlite3
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, TextIO

from vanban.errors import InputError, InternalError, VanbanError
from vanban.link import graph as queries
from vanban.link.graph import Edge, Graph, Node
from vanban.link.identity import Identity, PartialDate, document_identity, slug, term_of
from vanban.link.resolve import (
    MAX_BLOCK,
    YEARLESS_FORMS,
    Candidate,
    Cited,
    ShortMention,
    block_key,
    date_key,
    decide,
    document_keys,
    iso,
    issuer_fold,
    near_keys,
    number_key,
    ocr_key,
    place_of,
    placeholder_identity,
    reference_keys,
    short_mentions,
    statement_edges,
)
from vanban.models import Document, Reference
from vanban.processes import worker_setup
from vanban.readers import read_bytes, read_document
from vanban.readers.discover import expand_inputs
from vanban.store import Connection, connect, dialect_of, migrate, transaction

_V1 = """
CREATE TABLE IF NOT EXISTS corpus_documents (
    id {id},
    source TEXT NOT NULL UNIQUE,
    content_hash TEXT NOT NULL,
    uri TEXT NOT NULL,
    canonical TEXT, nkey TEXT, okey TEXT, block TEXT, dkey TEXT,
    type TEXT, type_code TEXT, issuer_code TEXT, issuer TEXT, issuer_key TEXT, place TEXT,
    system TEXT, form TEXT, date TEXT, year INTEGER, term TEXT, subject TEXT,
    added_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS corpus_documents_uri ON corpus_documents(uri);
CREATE INDEX IF NOT EXISTS corpus_documents_nkey ON corpus_documents(nkey, date);
CREATE INDEX IF NOT EXISTS corpus_documents_nkey_year ON corpus_documents(nkey, year, date);
CREATE INDEX IF NOT EXISTS corpus_documents_okey ON corpus_documents(okey);
CREATE INDEX IF NOT EXISTS corpus_documents_block ON corpus_documents(block);
CREATE INDEX IF NOT EXISTS corpus_documents_dkey ON corpus_documents(dkey);
CREATE TABLE IF NOT EXISTS corpus_refs (
    id {id},
    doc_id INTEGER NOT NULL REFERENCES corpus_documents(id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    canonical TEXT NOT NULL, nkey TEXT NOT NULL, okey TEXT NOT NULL, block TEXT, dkey TEXT,
    puri TEXT NOT NULL,
    type TEXT, type_code TEXT, issuer_code TEXT, issuer TEXT, issuer_key TEXT, system TEXT, form TEXT,
    date TEXT, year INTEGER, term TEXT, subject TEXT, relation TEXT NOT NULL,
    start INTEGER, "end" INTEGER, mentions TEXT
);
CREATE INDEX IF NOT EXISTS corpus_refs_doc ON corpus_refs(doc_id);
CREATE INDEX IF NOT EXISTS corpus_refs_nkey ON corpus_refs(nkey);
CREATE INDEX IF NOT EXISTS corpus_refs_okey ON corpus_refs(okey);
CREATE INDEX IF NOT EXISTS corpus_refs_block ON corpus_refs(block);
CREATE INDEX IF NOT EXISTS corpus_refs_dkey ON corpus_refs(dkey);
CREATE TABLE IF NOT EXISTS corpus_links (
    ref_id INTEGER PRIMARY KEY REFERENCES corpus_refs(id) ON DELETE CASCADE,
    doc_id INTEGER,
    node TEXT NOT NULL,
    confidence DOUBLE PRECISION NOT NULL,
    reason TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS corpus_links_node ON corpus_links(node);
CREATE INDEX IF NOT EXISTS corpus_links_doc ON corpus_links(doc_id);
CREATE TABLE IF NOT EXISTS corpus_ref_edges (
    id {id},
    doc_id INTEGER NOT NULL REFERENCES corpus_documents(id) ON DELETE CASCADE,
    src_ref INTEGER NOT NULL REFERENCES corpus_refs(id) ON DELETE CASCADE,
    dst_ref INTEGER NOT NULL REFERENCES corpus_refs(id) ON DELETE CASCADE,
    relation TEXT NOT NULL, confidence DOUBLE PRECISION NOT NULL, reason TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS corpus_ref_edges_doc ON corpus_ref_edges(doc_id);
CREATE INDEX IF NOT EXISTS corpus_ref_edges_src ON corpus_ref_edges(src_ref);
CREATE INDEX IF NOT EXISTS corpus_ref_edges_dst ON corpus_ref_edges(dst_ref);
CREATE TABLE IF NOT EXISTS corpus_short (
    id {id},
    doc_id INTEGER NOT NULL REFERENCES corpus_documents(id) ON DELETE CASCADE,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL, type TEXT NOT NULL,
    target TEXT, self_reference INTEGER NOT NULL, reason TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS corpus_short_doc ON corpus_short(doc_id);
"""
MIGRATIONS = (_V1,)
"""The ``corpus_`` tables, version by version (applied by :func:`vanban.store.migrate`)."""

BATCH = 5000
_DOC_COLS = "id, uri, okey, year, term, date, issuer_key, subject, type"
_BATCH_SQL = (
    "SELECT r.id, r.canonical, r.nkey, r.okey, r.block, r.dkey, r.form, r.year, r.term, r.date, r.issuer_key, "
    "r.subject, cd.date, r.doc_id, r.puri, r.type "
    "FROM (SELECT * FROM corpus_refs r0 WHERE r0.id > ? AND NOT EXISTS "
    "(SELECT 1 FROM corpus_links l WHERE l.ref_id = r0.id) ORDER BY r0.id LIMIT ?) r "
    "JOIN corpus_documents cd ON cd.id = r.doc_id ORDER BY r.id")
MAX_EXACT = 20
"""Documents sharing one number looked at (latest first): ``01/QĐ-UBND`` exists in every province."""
_EXACT_SQL = f"SELECT {_DOC_COLS} FROM corpus_documents WHERE "
_EXACT_FILTERS = (
    " AND year = ?",  # the citation's year, for numbers that do not carry one
    " AND date = ?",  # the citation's full date, same
    " AND (term IS NULL OR term = ?)",  # the Party term
    " AND (date IS NULL OR date <= ?)",  # issued on or before the citing document
    " AND (place IS NULL OR substr(place, 1, length(CAST(? AS TEXT))) = ? "
    "OR substr(CAST(? AS TEXT), 1, length(place)) = place)",
    # the issuer's place, when the citation names it (three parameters)
)
_BLOCKS_SQL = (
    f"SELECT * FROM (SELECT id, okey FROM corpus_documents WHERE block = ? LIMIT {MAX_BLOCK}) b "
    f"UNION ALL SELECT * FROM (SELECT id, okey FROM corpus_documents WHERE dkey = ? LIMIT {MAX_BLOCK}) d")


@dataclass
class AddReport:
    """What an add did: counts per outcome and the files that could not be read (path, message)."""

    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    resolved: int = 0

    def __str__(self) -> str:
        return (f"added={self.added} replaced={self.replaced} unchanged={self.unchanged} "
                f"failed={len(self.failed)} resolved={self.resolved}")


def content_hash(data: bytes) -> str:
    """SHA-256 of a file's bytes, hex."""
    return hashlib.sha256(data).hexdigest()


def _parse_job(path: str) -> tuple[str, str, Document | None, str | None]:
    """Worker: read and parse one file; returns (path, hash, document, error message)."""
    try:
        data, name = read_bytes(path)
        return path, content_hash(data), read_document(data, name).model_copy(update={"source": path}), None
    except VanbanError as e:
        return path, "", None, str(e).removeprefix(f"{path}: ")
    except Exception as e:  # a parser fault on one file must not abort a long add
        return path, "", None, str(InternalError.wrap(e))


def _reason(e: BaseException, path: Path) -> str:
    if isinstance(e, FileNotFoundError) and path.is_symlink():
        return "a link to a missing file"
    if isinstance(e, OSError):
        return e.strerror or str(e)
    return str(e)


def iter_files(paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]]) -> Iterator[Path]:
    """Every file named, and the document files inside the folders named (see :mod:`vanban.readers.discover`).

    ``paths`` is one path or many; a name that does not exist is passed on, for the add to report it.
    """
    for item in expand_inputs(paths):
        if not isinstance(item, (str, os.PathLike)):
            raise InputError(f"Corpus.add takes paths, not {type(item).__name__}; use add_text or add_document")
        yield Path(item)


class _Progress:
    """A one-line counter on stderr, only on a terminal."""

    def __init__(self, total: int, enabled: bool, stream: TextIO = sys.stderr) -> None:
        self.total = total
        self.enabled = enabled and stream.isatty()
        self.stream = stream
        self.last = 0.0

    def update(self, done: int, report: AddReport, force: bool = False) -> None:
        now = time.monotonic()
        if not self.enabled or (not force and now - self.last < 0.2):
            return
        self.last = now
        self.stream.write(f"\r[{done}/{self.total}] added {report.added}, replaced {report.replaced}, "
                          f"unchanged {report.unchanged}, failed {len(report.failed)}")
        self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\n")
            self.stream.flush()


class Corpus:
    """A corpus of documents in a store: a SQLite file (``path`` default ``./vanban.db``) or a
    PostgreSQL URL (``postgresql://user@host/db``, the ``vanban[postgres]`` extra)."""

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self.path = str(path) if path is not None else "vanban.db"
        self.conn: Connection = connect(self.path)
        try:
            if dialect_of(self.conn).name == "sqlite":
                self.conn.execute("PRAGMA cache_size=-262144")  # up to 256 MB of pages: big corpora stay fast
            migrate(self.conn, "corpus", MIGRATIONS)
        except sqlite3.DatabaseError as e:
            self.conn.close()
            raise InputError(f"{self.path}: not a vanban database ({e})") from None

    # --- life cycle ---------------------------------------------------------------------------
    def close(self) -> None:
        """Close the store."""
        self.conn.close()

    def __enter__(self) -> Corpus:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- adding -------------------------------------------------------------------------------
    def add(self, paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]], *, jobs: int = 1,
            progress: bool = False, resolve: bool = True) -> AddReport:
        """Add one path or many, files and folders; unchanged files are skipped by hash, changed ones replaced.

        A file that cannot be read or parsed is listed in the report's ``failed`` and the others go on.

        ``jobs`` > 1 parses in that many processes; ``progress`` shows a counter on a terminal.
        Each document commits on its own, so an interrupted add keeps what it wrote and a rerun
        resumes where it stopped.
        """
        report = AddReport()
        files: list[str] = []
        for given in iter_files(paths):
            try:
                files.append(str(given.resolve(strict=True)))
            except (OSError, RuntimeError) as e:  # missing, a dangling link, a link loop
                report.failed.append((str(given), _reason(e, given)))
        bar = _Progress(len(files), progress)
        todo: list[str] = []
        for f in files:
            try:
                h = content_hash(read_bytes(f)[0])
            except VanbanError as e:
                report.failed.append((f, str(e).removeprefix(f"{f}: ")))
                continue
            if self._stored_hash(f) == h:
                report.unchanged += 1
            else:
                todo.append(f)
        done = len(files) - len(todo)
        try:
            for path, h, doc, err in self._parse_all(todo, jobs):
                done += 1
                if doc is None:
                    report.failed.append((path, err or "unreadable"))
                else:
                    self._count(report, self.add_document(doc, source=path, content_hash=h, resolve=False))
                bar.update(done, report)
        finally:
            bar.update(done, report, force=True)
            bar.close()
        if resolve:
            report.resolved = self.resolve()
        return report

    @staticmethod
    def _count(report: AddReport, outcome: str) -> None:
        if outcome == "added":
            report.added += 1
        elif outcome == "replaced":
            report.replaced += 1
        else:
            report.unchanged += 1

    def _parse_all(self, files: Sequence[str], jobs: int) -> Iterator[tuple[str, str, Document | None, str | None]]:
        if jobs <= 1 or len(files) < 2:
            for f in files:
                yield _parse_job(f)
            return
        pool = ProcessPoolExecutor(max_workers=jobs, initializer=worker_setup, initargs=(os.getpid(),))
        try:
            pending: set[Future[tuple[str, str, Document | None, str | None]]] = set()
            it = iter(files)
            for f in it:
                pending.add(pool.submit(_parse_job, f))
                if len(pending) >= jobs * 4:
                    break
            while pending:
                finished, pending = wait(pending, return_when=FIRST_COMPLETED)
                for fut in finished:
                    yield fut.result()
                    nxt = next(it, None)
                    if nxt is not None:
                        pending.add(pool.submit(_parse_job, nxt))
        finally:
            pool.shutdown(wait=True, cancel_futures=True)

    def add_text(self, text: str, source: str, *, resolve: bool = True) -> str:
        """Parse ``text`` and add it under the name ``source``; returns added|replaced|unchanged."""
        from vanban.parse.text import parse_text

        h = content_hash(text.encode("utf-8"))
        if self._stored_hash(source) == h:
            return "unchanged"
        outcome = self.add_document(parse_text(text, source=source), source=source, content_hash=h,
                                     resolve=False)
        if resolve:
            self.resolve()
        return outcome

    def add_document(self, doc: Document, *, source: str, content_hash: str, resolve: bool = True) -> str:
        """Store one parsed document (one transaction); returns added|replaced|unchanged."""
        rows = _document_rows(doc, source, content_hash)
        with transaction(self.conn, serial="corpus") as c:
            outcome = self._write(c, rows, invalidate=self._has_links(c))
        if resolve and outcome != "unchanged":
            self.resolve()
        return outcome

    def add_documents(self, items: Iterable[tuple[Document, str, str]], *, batch: int = 2000) -> AddReport:
        """Store many parsed documents ``(doc, source, hash)``, ``batch`` per transaction (bulk loads)."""
        report = AddReport()
        buf: list[_Rows] = []

        def flush() -> None:
            with transaction(self.conn, serial="corpus") as c:
                linked = self._has_links(c)
                for rows in buf:
                    self._count(report, self._write(c, rows, invalidate=linked))
            buf.clear()

        for doc, source, h in items:
            buf.append(_document_rows(doc, source, h))
            if len(buf) >= batch:
                flush()
        if buf:
            flush()
        return report

    def _stored_hash(self, source: str) -> str | None:
        row = self.conn.execute("SELECT content_hash FROM corpus_documents WHERE source=?", (source,)).fetchone()
        return row[0] if row else None

    @staticmethod
    def _has_links(c: Connection) -> bool:
        return bool(c.execute("SELECT EXISTS (SELECT 1 FROM corpus_links)").fetchone()[0])

    def _write(self, c: Connection, rows: _Rows, *, invalidate: bool = True) -> str:
        old = c.execute("SELECT id, content_hash FROM corpus_documents WHERE source=?", (rows.source,)).fetchone()
        if old and old[1] == rows.doc[0]:  # doc[0] is the content hash
            return "unchanged"
        if old:
            c.execute("DELETE FROM corpus_links WHERE doc_id=?", (old[0],))
            c.execute("DELETE FROM corpus_documents WHERE id=?", (old[0],))
        cur = c.execute(
            "INSERT INTO corpus_documents (source, content_hash, uri, canonical, nkey, okey, block, dkey, "
            "type, type_code, issuer_code, issuer, issuer_key, place, system, form, date, year, term, subject, "
            "added_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id", (rows.source, *rows.doc))
        doc_id = int(cur.fetchone()[0])
        ref_ids: list[int] = []
        for r in rows.refs:
            ref_ids.append(c.execute(
                "INSERT INTO corpus_refs (doc_id, ordinal, canonical, nkey, okey, block, dkey, puri, type, "
                "type_code, issuer_code, issuer, issuer_key, system, form, date, year, term, subject, "
                'relation, start, "end", mentions) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) '
                "RETURNING id", (doc_id, *r)).fetchone()[0])
        c.executemany(
            "INSERT INTO corpus_ref_edges (doc_id, src_ref, dst_ref, relation, confidence, reason) "
            "VALUES (?,?,?,?,?,?)",
            [(doc_id, ref_ids[e.source], ref_ids[e.target], e.relation, e.confidence, e.reason)
             for e in rows.edges])
        c.executemany(
            'INSERT INTO corpus_short (doc_id, start, "end", text, type, target, self_reference, reason) '
            "VALUES (?,?,?,?,?,?,?,?)",
            [(doc_id, s.span.start, s.span.end, s.text, s.type, s.target, int(s.self_reference), s.reason)
             for s in rows.shorts])
        if invalidate and rows.doc[3]:  # a numbered document may answer citations linked before it
            nkey, okey, block, dkey = rows.doc[3:7]
            c.execute("DELETE FROM corpus_links WHERE ref_id IN (SELECT id FROM corpus_refs WHERE nkey=?)", (nkey,))
            c.execute("DELETE FROM corpus_links WHERE doc_id IS NULL AND ref_id IN "
                      "(SELECT id FROM corpus_refs WHERE okey=? UNION SELECT id FROM corpus_refs WHERE block=? "
                      "UNION SELECT id FROM corpus_refs WHERE dkey=?)", (okey, block, dkey))
        return "replaced" if old else "added"

    # --- resolution -------------------------------------------------------------------------------
    def resolve(self, *, full: bool = False) -> int:
        """Resolve every citation not yet linked (``full``: re-examine the unresolved ones too).

        Works in batches of ``BATCH`` citations, each its own transaction: the exact candidates
        come from one indexed join per batch, the OCR-key and fuzzy blocks from indexed look-ups
        for the citations the join did not settle. Nothing is held in memory beyond a batch.
        """
        if full:
            with transaction(self.conn, serial="corpus") as c:
                c.execute("DELETE FROM corpus_links WHERE doc_id IS NULL")
        done = 0
        last_id = 0
        while True:
            with transaction(self.conn, serial="corpus") as c:
                rows = c.execute(_BATCH_SQL, (last_id, BATCH)).fetchall()
                if not rows:
                    break
                out = []
                for row in rows:
                    ref, puri = _cited(row)
                    cand, conf, why = _sql_resolve(c, ref)
                    out.append((ref.id, cand.id if cand else None, cand.uri if cand else puri, conf, why))
                c.executemany("INSERT INTO corpus_links (ref_id, doc_id, node, confidence, reason) VALUES (?,?,?,?,?) "
                              "ON CONFLICT (ref_id) DO UPDATE SET doc_id = excluded.doc_id, node = excluded.node, "
                              "confidence = excluded.confidence, reason = excluded.reason", out)
                done += len(out)
                last_id = rows[-1][0]
        return done

    def resolve_reference(self, ref: Reference, *, citing: Document | None = None) -> tuple[str, bool, float, str]:
        """Resolve one citation that is not stored: (node URI, present, confidence, reason)."""
        cited = _cited_from_reference(ref, citing)
        cand, conf, why = _sql_resolve(self.conn, cited)
        if cand is not None:
            return cand.uri, True, conf, why
        return placeholder_identity(ref).uri, False, conf, why

    # --- queries (see vanban.link.graph) ----------------------------------------------------------------
    def node(self, key: str) -> str:
        """The node URI named by ``key``: a URI, a stored file path, or a number (``81-KH/TU``)."""
        return queries.find_node(self, key)

    def cites(self, doc: str) -> list[Edge]:
        """Edges out of ``doc``: what it cites and what its citations are said to do."""
        return queries.cites(self, self.node(doc))

    def cited_by(self, doc: str) -> list[Edge]:
        """Edges into ``doc``: who cites it."""
        return queries.cited_by(self, self.node(doc))

    def chain(self, doc: str) -> list[Node]:
        """The implementation chain from the root directive down to ``doc``."""
        return queries.chain(self, self.node(doc))

    def responses(self, doc: str) -> list[Node]:
        """The documents that answer ``doc`` (a request)."""
        return queries.responses(self, self.node(doc))

    def missing(self, limit: int | None = None) -> list[tuple[Node, int]]:
        """Cited documents not in the corpus, most cited first, with their citation counts."""
        return queries.missing(self, limit)

    def most_cited(self, n: int = 10) -> list[tuple[Node, int]]:
        """The ``n`` most cited documents, present or absent, with their citation counts."""
        return queries.most_cited(self, n)

    def graph(self) -> Graph:
        """The whole citation graph (present documents, placeholders, edges)."""
        return queries.whole_graph(self)

    def stats(self) -> dict[str, int]:
        """Counts of documents, citations, links to present documents and placeholders."""
        q = self.conn.execute
        return {
            "documents": q("SELECT COUNT(*) FROM corpus_documents").fetchone()[0],
            "references": q("SELECT COUNT(*) FROM corpus_refs").fetchone()[0],
            "linked": q("SELECT COUNT(*) FROM corpus_links WHERE doc_id IS NOT NULL").fetchone()[0],
            "missing": q("SELECT COUNT(*) FROM corpus_links WHERE doc_id IS NULL").fetchone()[0],
            "unresolved": q("SELECT COUNT(*) FROM corpus_refs r WHERE NOT EXISTS "
                            "(SELECT 1 FROM corpus_links l WHERE l.ref_id = r.id)").fetchone()[0],
        }

    def short_mentions(self, doc: str) -> list[ShortMention]:
        """The short mentions stored for a present document (``Kế hoạch này`` and its antecedent)."""
        from vanban.models import Span

        rows = self.conn.execute(
            'SELECT s.start, s."end", s.text, s.type, s.target, s.self_reference, s.reason FROM corpus_short s '
            "JOIN corpus_documents d ON d.id = s.doc_id WHERE d.uri = ? ORDER BY s.doc_id, s.start",
            (self.node(doc),)).fetchall()
        return [ShortMention(span=Span(start=a, end=b), text=t, type=ty, target=tg, self_reference=bool(sr),
                             reason=why) for a, b, t, ty, tg, sr, why in rows]


# --- rows -------------------------------------------------------------------------------------------

@dataclass
class _Rows:
    source: str
    doc: tuple[Any, ...]
    refs: list[tuple[Any, ...]]
    edges: tuple[Any, ...]
    shorts: tuple[ShortMention, ...]


def document_uri(doc: Document, content_hash: str) -> str:
    """The URI of a stored document; an unnumbered one is named by its content hash."""
    ident = document_identity(doc)
    if ident is None:
        ident = Identity(slug(doc.type.name) if doc.type else "van-ban",
                         slug(doc.issuer.code) if doc.issuer and doc.issuer.code else "unknown",
                         f"unnumbered-{content_hash[:12]}", PartialDate.of(doc.date, None))
    return ident.uri


def _document_rows(doc: Document, source: str, h: str) -> _Rows:
    now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    row = (h, document_uri(doc, h), *document_keys(doc).values(), now)
    refs = [(i, *reference_keys(r).values(), r.span.start, r.span.end,
             json.dumps([[s.start, s.end] for s in r.mentions]) if r.mentions else None)
            for i, r in enumerate(doc.references)]
    return _Rows(source, row, refs, statement_edges(doc), short_mentions(doc))


def _cited(row: Sequence[Any]) -> tuple[Cited, str]:
    (rid, canonical, nkey, okey, block, dkey, form, year, term, date, issuer, subject, citing_date,
     doc_id, puri, type_) = row
    return Cited(rid, canonical, nkey, okey, block, dkey, form, year, term, date, issuer or "",
                 subject or "", citing_date, doc_id, type_ or ""), puri


def _cited_from_reference(ref: Reference, citing: Document | None) -> Cited:
    return Cited(0, ref.canonical, number_key(ref.canonical), ocr_key(ref.canonical),
                 block_key(ref.type_code, ref.canonical, ref.year), date_key(ref.canonical, iso(ref.date)),
                 ref.form, ref.year, term_of(ref.system, ref.issuer_code, ref.date, ref.term), iso(ref.date),
                 issuer_fold(ref.issuer), ref.subject or "", iso(citing.date) if citing else None, -1,
                 ref.type or "")


def _candidate(row: Sequence[Any]) -> Candidate:
    did, uri, okey, year, term, date, issuer, subject, type_ = row
    return Candidate(did, uri, okey or "", year, term, date, issuer or "", subject or "", type_ or "")


@lru_cache(maxsize=128)
def _exact_sql(key: str, mask: tuple[bool, ...]) -> str:
    """The number query on ``key`` with only the filters the citation can fill (so indexes apply)."""
    where = "".join(f for f, on in zip(_EXACT_FILTERS, mask, strict=True) if on)
    return f"{_EXACT_SQL}{key} = ?{where} ORDER BY date DESC NULLS LAST, id LIMIT {MAX_EXACT}"


def _sql_resolve(c: Connection, ref: Cited) -> tuple[Candidate | None, float, str]:
    """Resolve one citation with indexed look-ups: exact number, then OCR key, then the fuzzy blocks."""
    yearless = ref.form in YEARLESS_FORMS
    place = place_of(ref.issuer)
    values = (ref.year if yearless else None, ref.date if yearless else None, ref.term, ref.citing_date, place)
    mask = tuple(v is not None for v in values)
    params: list[Any] = []
    for i, v in enumerate(values):
        if v is not None:
            params.extend((v, v, v) if i == len(values) - 1 else (v,))
    exact = [_candidate(r) for r in c.execute(_exact_sql("nkey", mask), [ref.nkey, *params])]
    ocr: list[Candidate] = []
    fuzzy: list[Candidate] = []
    if not exact:
        ocr = [_candidate(r) for r in c.execute(_exact_sql("okey", mask), [ref.okey, *params])]
        if not ocr and (ref.block or ref.dkey):
            keys = {row[0]: row[1] for row in c.execute(_BLOCKS_SQL, (ref.block, ref.dkey))}
            hits = near_keys(ref.okey, keys)
            if hits:
                marks = ",".join("?" * len(hits))
                fuzzy = [_candidate(r) for r in c.execute(
                    f"SELECT {_DOC_COLS} FROM corpus_documents WHERE id IN ({marks})", hits)]
    return decide(ref, exact, ocr, fuzzy)

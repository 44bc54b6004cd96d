"""Entries of the registers (sổ đăng ký văn bản đến / đi): the table, its rows and the look-ups.

Both books live in one table of the shared store, ``register_entry``; a row is an :class:`Entry`.
``book`` fills them, ``tracking`` links requests and their answers.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from vanban.errors import InputError, StoreError
from vanban.models import identity_key
from vanban.normalize import fold
from vanban.numbering import parse_number
from vanban.store import Connection, check_columns, dict_rows, migrate

Book = Literal["in", "out"]
"""``in``: sổ đăng ký văn bản đến (received); ``out``: sổ đăng ký văn bản đi (sent)."""

_V1 = """
CREATE TABLE IF NOT EXISTS register_entry (
    id {id},
    book TEXT NOT NULL CHECK (book IN ('in', 'out')),
    year INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    series TEXT NOT NULL DEFAULT '',
    registered_on TEXT NOT NULL,
    number TEXT,
    identity TEXT,
    doc_date TEXT,
    type_name TEXT,
    subject TEXT,
    issuer TEXT,
    signer TEXT,
    recipients TEXT NOT NULL DEFAULT '[]',
    parties TEXT NOT NULL DEFAULT '[]',
    receiver TEXT,
    forwarded_to TEXT,
    file_code TEXT,
    copies INTEGER,
    kept_by TEXT,
    sent_on TEXT,
    signed_for TEXT,
    note TEXT,
    due_date TEXT,
    source TEXT,
    UNIQUE (book, year, series, seq)
);
CREATE INDEX IF NOT EXISTS register_entry_identity ON register_entry (identity);
CREATE TABLE IF NOT EXISTS register_reply_to (
    entry_id INTEGER NOT NULL REFERENCES register_entry (id),
    identity TEXT NOT NULL,
    canonical TEXT NOT NULL,
    PRIMARY KEY (entry_id, identity)
);
CREATE INDEX IF NOT EXISTS register_reply_to_identity ON register_reply_to (identity);
CREATE TABLE IF NOT EXISTS register_response (
    request_id INTEGER NOT NULL REFERENCES register_entry (id),
    reply_id INTEGER REFERENCES register_entry (id),
    party TEXT NOT NULL DEFAULT '',
    how TEXT NOT NULL CHECK (how IN ('reference', 'manual')),
    answered_on TEXT,
    UNIQUE (request_id, party, reply_id)
);
"""
_V2 = """
CREATE TABLE IF NOT EXISTS register_counter (
    book TEXT NOT NULL,
    year INTEGER NOT NULL,
    series TEXT NOT NULL DEFAULT '',
    last INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (book, year, series)
);
CREATE TABLE register_response_v2 (
    id {id},
    request_id INTEGER NOT NULL REFERENCES register_entry (id),
    reply_id INTEGER REFERENCES register_entry (id),
    party TEXT NOT NULL DEFAULT '',
    how TEXT NOT NULL CHECK (how IN ('reference', 'manual')),
    answered_on TEXT,
    UNIQUE (request_id, party, reply_id)
);
INSERT INTO register_response_v2 (request_id, reply_id, party, how, answered_on)
    SELECT request_id, reply_id, party, how, answered_on FROM register_response ORDER BY answered_on, request_id;
DROP TABLE register_response;
ALTER TABLE register_response_v2 RENAME TO register_response;
CREATE INDEX IF NOT EXISTS register_response_request ON register_response (request_id)
"""
_V3 = """
ALTER TABLE register_entry ADD COLUMN content_key TEXT;
CREATE INDEX IF NOT EXISTS register_entry_content ON register_entry (book, content_key)
"""
MIGRATIONS = (_V1, _V2, _V3)
"""The register tables, version by version: v1 the books and tracking; v2 the per-book-and-year counter
rows writers lock (``register_counter``) and answers numbered in the order they were recorded; v3 the
key of an unnumbered document's text (``content_key``), so registering it again finds it."""


class Entry(BaseModel):
    """One row of a book: ``seq`` is the Số đến (incoming) or the order in the outgoing book.

    ``registered_on`` is the Ngày đến (incoming) or the registration day (outgoing); ``receiver``
    the receiving body printed on the stamp; ``forwarded_to`` the stamp's Chuyển (the unit or
    person it goes to); ``file_code`` the Số và ký hiệu HS (hồ sơ); ``parties`` the bodies an
    outgoing request expects an answer from; ``due_date`` the thời hạn giải quyết.
    """

    model_config = ConfigDict(frozen=True)

    id: int
    book: Book
    year: int
    seq: int
    series: str = ""
    registered_on: dt.date
    number: str | None = None
    identity: str | None = None
    doc_date: dt.date | None = None
    type_name: str | None = None
    subject: str | None = None
    issuer: str | None = None
    signer: str | None = None
    recipients: tuple[str, ...] = ()
    parties: tuple[str, ...] = ()
    receiver: str | None = None
    forwarded_to: str | None = None
    file_code: str | None = None
    copies: int | None = None
    kept_by: str | None = None
    sent_on: dt.date | None = None
    signed_for: str | None = None
    note: str | None = None
    due_date: dt.date | None = None
    source: str | None = None


class Registration(BaseModel):
    """The outcome of registering one document: its row, and a warning when it was a duplicate."""

    model_config = ConfigDict(frozen=True)

    entry: Entry
    created: bool
    warning: str | None = None
    answered: tuple[int, ...] = ()


_COLUMNS = tuple(re.findall(r"^    (\w+) [A-Z]+", _V1.split(");")[0], re.M))
_ADDED = ("content_key",)  # columns of later versions (a store from before them lacks them)


def ensure_schema(conn: Connection) -> None:
    """Create or update the ``register_`` tables (see :data:`MIGRATIONS`).

    A same-named table of another program is an ``InputError``; a store that may only be read is
    read as it is, even when it is of an older version.
    """
    check_columns(conn, "register_entry", _COLUMNS, added=_ADDED)
    try:
        migrate(conn, "register", MIGRATIONS)
    except StoreError:
        if _has_entries_table(conn):
            return  # a store that may only be read: its books can still be read as they are
        raise


def _has_entries_table(conn: Connection) -> bool:
    try:
        conn.execute("SELECT 1 FROM register_entry LIMIT 1").fetchone()
    except Exception:
        return False
    return True


def _date(value: object) -> dt.date | None:
    return dt.date.fromisoformat(value) if isinstance(value, str) and value else None


def entry_from_row(row: dict[str, object]) -> Entry:
    """An ``Entry`` from a ``register_entry`` row."""
    d: dict[str, Any] = dict(row)
    for key in ("registered_on", "doc_date", "sent_on", "due_date"):
        d[key] = _date(d[key])
    d["recipients"] = tuple(json.loads(d["recipients"]))
    d["parties"] = tuple(json.loads(d["parties"]))
    return Entry(**d)


def get_entry(conn: Connection, entry_id: int) -> Entry:
    """The entry with this id."""
    rows = dict_rows(conn.execute("SELECT * FROM register_entry WHERE id = ?", (entry_id,)))
    if not rows:
        raise InputError(f"no register entry {entry_id}")
    return entry_from_row(rows[0])


def entries(conn: Connection, book: Book, year: int | None = None) -> list[Entry]:
    """Every entry of ``book`` (in ``year`` when given), in book order."""
    ensure_schema(conn)
    sql = "SELECT * FROM register_entry WHERE book = ?"
    args: list[object] = [book]
    if year is not None:
        sql += " AND year = ?"
        args.append(year)
    rows = dict_rows(conn.execute(sql + " ORDER BY year, series, seq", args))
    return [entry_from_row(r) for r in rows]


def find_entry(conn: Connection, book: Book, *, year: int, seq: int | None = None,
               number: str | None = None) -> Entry:
    """The entry of ``book`` in ``year`` with Số đến ``seq`` or with the document number ``number``."""
    ensure_schema(conn)
    if seq is not None:
        rows = dict_rows(conn.execute("SELECT * FROM register_entry WHERE book=? AND year=? AND seq=? ORDER BY id",
                                      (book, year, seq)))
    elif number is not None:
        rows = dict_rows(conn.execute("SELECT * FROM register_entry WHERE book=? AND year=? AND identity=? ORDER BY id",
                                      (book, year, identity_key(parse_number(number).canonical))))
    else:
        raise InputError("give a Số đến or a document number")
    if not rows:
        raise InputError(f"no entry {seq or number} in the {book} book of {year}")
    return entry_from_row(rows[0])


def _fold(name: str | None) -> str:
    return fold(name or "")

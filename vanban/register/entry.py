"""Entries of the registers (sổ đăng ký văn bản đến / đi): the table, its rows and the look-ups.

Both books live in one table of the shared store, ``register_entry``; a row is an :class:`Entry`.
``book`` fills them, ``tracking`` links requests and their answers.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
from typing import Literal

from pydantic import BaseModel, ConfigDict

from vanban.errors import InputError, StoreError
from vanban.models import identity_key
from vanban.normalize import fold
from vanban.numbering import parse_number
from vanban.store import check_columns

Book = Literal["in", "out"]
"""``in``: sổ đăng ký văn bản đến (received); ``out``: sổ đăng ký văn bản đi (sent)."""

SCHEMA = """
CREATE TABLE IF NOT EXISTS register_entry (
    id INTEGER PRIMARY KEY,
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
    content_key TEXT,
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


_COLUMNS = tuple(re.findall(r"^    (\w+) [A-Z]+", SCHEMA.split(");")[0], re.M))
_ADDED = ("content_key",)  # columns newer than the first stores: added on opening


def ensure_schema(conn: sqlite3.Connection) -> None:
    """Create the ``register_`` tables when they are missing (a same-named foreign table is an ``InputError``)."""
    try:
        for column in check_columns(conn, "register_entry", _COLUMNS, added=_ADDED):
            conn.execute(f"ALTER TABLE register_entry ADD COLUMN {column} TEXT")
        conn.executescript(SCHEMA)
    except sqlite3.OperationalError as e:
        if "readonly" in str(e) and conn.execute("SELECT 1 FROM sqlite_master WHERE name='register_entry'").fetchone():
            return  # a read-only store of an older version: it can still be read
        raise StoreError(f"cannot prepare the registers in the store ({e})") from None


def _date(value: object) -> dt.date | None:
    return dt.date.fromisoformat(value) if isinstance(value, str) and value else None


def entry_from_row(row: sqlite3.Row) -> Entry:
    """An ``Entry`` from a ``register_entry`` row."""
    d = dict(row)
    for key in ("registered_on", "doc_date", "sent_on", "due_date"):
        d[key] = _date(d[key])
    d["recipients"] = tuple(json.loads(d["recipients"]))
    d["parties"] = tuple(json.loads(d["parties"]))
    return Entry(**d)


def get_entry(conn: sqlite3.Connection, entry_id: int) -> Entry:
    """The entry with this id."""
    conn.row_factory = sqlite3.Row
    row = conn.execute("SELECT * FROM register_entry WHERE id = ?", (entry_id,)).fetchone()
    if row is None:
        raise InputError(f"no register entry {entry_id}")
    return entry_from_row(row)


def entries(conn: sqlite3.Connection, book: Book, year: int | None = None) -> list[Entry]:
    """Every entry of ``book`` (in ``year`` when given), in book order."""
    ensure_schema(conn)
    conn.row_factory = sqlite3.Row
    sql = "SELECT * FROM register_entry WHERE book = ?"
    args: list[object] = [book]
    if year is not None:
        sql += " AND year = ?"
        args.append(year)
    rows = conn.execute(sql + " ORDER BY year, series, seq", args).fetchall()
    return [entry_from_row(r) for r in rows]


def find_entry(conn: sqlite3.Connection, book: Book, *, year: int, seq: int | None = None,
               number: str | None = None) -> Entry:
    """The entry of ``book`` in ``year`` with Số đến ``seq`` or with the document number ``number``."""
    ensure_schema(conn)
    conn.row_factory = sqlite3.Row
    if seq is not None:
        row = conn.execute("SELECT * FROM register_entry WHERE book=? AND year=? AND seq=? ORDER BY id",
                           (book, year, seq)).fetchone()
    elif number is not None:
        row = conn.execute("SELECT * FROM register_entry WHERE book=? AND year=? AND identity=?",
                           (book, year, identity_key(parse_number(number).canonical))).fetchone()
    else:
        raise InputError("give a Số đến or a document number")
    if row is None:
        raise InputError(f"no entry {seq or number} in the {book} book of {year}")
    return entry_from_row(row)


def _fold(name: str | None) -> str:
    return fold(name or "")

"""The embedded SQLite store shared by the corpus index and the registers (one file, ``vanban.db``).

Every write runs in a ``BEGIN IMMEDIATE`` transaction on a WAL database, so a crash or a
second process never leaves a half-written document and never loses a committed one.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from vanban.errors import InputError, StoreError

DEFAULT_DB = "vanban.db"


def connect(path: str | Path | None = None, *, timeout_s: float = 30.0, read_only: bool = False) -> sqlite3.Connection:
    """Open (creating) the store at ``path`` (``:memory:`` for tests; default ``./vanban.db``).

    ``read_only=True`` (for commands that only read) opens an existing store without writing to it
    (a missing one reads as empty and is not created); a store the process may not write is opened
    that way too, so queries still work.
    """
    target = str(path) if path is not None else DEFAULT_DB
    if target != ":memory:" and (read_only or _not_writable(target)):
        return _connect_read_only(target, timeout_s)
    try:
        conn = sqlite3.connect(target, timeout=timeout_s, isolation_level=None, check_same_thread=False)
        conn.execute(f"PRAGMA busy_timeout={int(timeout_s * 1000)}")
        conn.execute("PRAGMA foreign_keys=ON")
        if target != ":memory:":
            _wal(conn, timeout_s)
            conn.execute("PRAGMA synchronous=NORMAL")
    except sqlite3.OperationalError as e:
        if "readonly" in str(e) and os.path.exists(target):
            return _connect_read_only(target, timeout_s)
        raise InputError(f"{target}: cannot open the store ({e})") from None
    except sqlite3.DatabaseError as e:
        raise InputError(f"{target}: not a vanban database ({e})") from None
    return conn


def _not_writable(target: str) -> bool:
    """An existing store file (or its folder, where SQLite keeps its journal) the process cannot write."""
    if not os.path.exists(target):
        return False
    folder = os.path.dirname(os.path.abspath(target))
    return not os.access(target, os.W_OK) or not os.access(folder, os.W_OK)


def _connect_read_only(target: str, timeout_s: float) -> sqlite3.Connection:
    if not os.path.exists(target):  # nothing stored yet: read an empty store, create no file
        return sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    uri = Path(target).resolve().as_uri() + "?mode=ro"
    try:
        conn = sqlite3.connect(uri, uri=True, timeout=timeout_s, isolation_level=None, check_same_thread=False)
        conn.execute(f"PRAGMA busy_timeout={int(timeout_s * 1000)}")
        conn.execute("PRAGMA schema_version").fetchone()
    except sqlite3.DatabaseError as e:
        raise InputError(f"{target}: cannot read the store ({e})") from None
    return conn


def _wal(conn: sqlite3.Connection, timeout_s: float) -> None:
    """Switch to WAL; the switch can report "locked" at once while another process starts up, so retry."""
    deadline = time.monotonic() + timeout_s
    delay = 0.01
    while True:
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as e:
            if "locked" not in str(e) or time.monotonic() > deadline:
                raise
            time.sleep(delay)
            delay = min(delay * 2, 0.25)


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """Run the block as one write transaction (taken at once, so writers queue, never interleave).

    A write SQLite refuses (disk full, read-only store, lock held too long) rolls the whole block
    back and raises :class:`StoreError`: what was stored before stays as it was.
    """
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as e:
        raise StoreError(f"cannot write the store ({e})") from None
    try:
        yield conn
    except BaseException as e:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        if isinstance(e, sqlite3.OperationalError):
            raise StoreError(f"cannot write the store ({e}); nothing was changed") from None
        raise
    else:
        try:
            conn.execute("COMMIT")
        except sqlite3.OperationalError as e:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise StoreError(f"cannot write the store ({e}); nothing was changed") from None


def check_columns(conn: sqlite3.Connection, table: str, columns: Iterable[str], *,
                  added: Iterable[str] = ()) -> list[str]:
    """The ``added`` columns (new in this version) that ``table`` lacks, for the caller to add.

    A ``table`` that lacks any other of ``columns`` belongs to another program: ``InputError``.
    """
    have = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
    if not have:
        return []
    missing = [c for c in columns if c not in have]
    later = set(added)
    foreign = [c for c in missing if c not in later]
    if foreign:
        raise InputError(f"the store has a table {table!r} of another program (no column "
                         f"{', '.join(foreign[:3])}); use another --db file")
    return missing

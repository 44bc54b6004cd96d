"""The embedded SQLite store shared by the corpus index and the registers (one file, ``vanban.db``).

Every write runs in a ``BEGIN IMMEDIATE`` transaction on a WAL database, so a crash or a
second process never leaves a half-written document and never loses a committed one.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import InputError

DEFAULT_DB = "vanban.db"


def connect(path: str | Path | None = None, *, timeout_s: float = 30.0) -> sqlite3.Connection:
    """Open (creating) the store at ``path`` (``:memory:`` for tests; default ``./vanban.db``)."""
    target = str(path) if path is not None else DEFAULT_DB
    try:
        conn = sqlite3.connect(target, timeout=timeout_s, isolation_level=None, check_same_thread=False)
        conn.execute("PRAGMA foreign_keys=ON")
        if target != ":memory:":
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute(f"PRAGMA busy_timeout={int(timeout_s * 1000)}")
    except sqlite3.DatabaseError as e:
        raise InputError(f"{target}: not a vanban database ({e})") from None
    return conn


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """Run the block as one write transaction (taken at once, so writers queue, never interleave)."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    else:
        conn.execute("COMMIT")

"""The embedded SQLite store shared by the corpus index and the registers (one file, ``vanban.db``).

Every write runs in a ``BEGIN IMMEDIATE`` transaction on a WAL database, so a crash or a
second process never leaves a half-written document and never loses a committed one.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from vanban.errors import InputError

DEFAULT_DB = "vanban.db"


def connect(path: str | Path | None = None, *, timeout_s: float = 30.0) -> sqlite3.Connection:
    """Open (creating) the store at ``path`` (``:memory:`` for tests; default ``./vanban.db``)."""
    target = str(path) if path is not None else DEFAULT_DB
    try:
        conn = sqlite3.connect(target, timeout=timeout_s, isolation_level=None, check_same_thread=False)
        conn.execute(f"PRAGMA busy_timeout={int(timeout_s * 1000)}")
        conn.execute("PRAGMA foreign_keys=ON")
        if target != ":memory:":
            _wal(conn, timeout_s)
            conn.execute("PRAGMA synchronous=NORMAL")
    except sqlite3.OperationalError as e:
        raise InputError(f"{target}: cannot open the store ({e})") from None
    except sqlite3.DatabaseError as e:
        raise InputError(f"{target}: not a vanban database ({e})") from None
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
    """Run the block as one write transaction (taken at once, so writers queue, never interleave)."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    else:
        conn.execute("COMMIT")

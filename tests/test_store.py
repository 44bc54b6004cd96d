"""``vanban.store``: opening a store by path or URL, versioned migrations, both backends."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from vanban import register as reg
from vanban.cli import main
from vanban.errors import InputError
from vanban.register.entry import _V1, MIGRATIONS
from vanban.store import connect, dialect_of, migrate, statements

ROOT = Path(__file__).resolve().parents[1]


def _version(url: str, component: str) -> int:
    conn = connect(url)
    try:
        return int(conn.execute("SELECT version FROM vanban_schema WHERE component = ?", (component,)).fetchone()[0])
    finally:
        conn.close()


def test_migrations_apply_once_and_record_their_version(store_url: str) -> None:
    conn = connect(store_url)
    reg.entries(conn, "in")  # creates the register tables
    assert _version(store_url, "register") == len(MIGRATIONS) == 3
    migrate(conn, "register", MIGRATIONS)  # up to date: nothing runs again
    tables = {"register_entry", "register_counter", "register_response", "register_reply_to"}
    for table in tables:
        conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()
    # a later version applies only its own step
    migrate(conn, "register", (*MIGRATIONS, "CREATE TABLE register_extra (id {id}, note TEXT)"))
    conn.execute("INSERT INTO register_extra (note) VALUES (?)", ("x",))
    assert conn.execute("SELECT id FROM register_extra").fetchone()[0] == 1
    assert _version(store_url, "register") == len(MIGRATIONS) + 1
    conn.close()


def test_processes_opening_a_new_store_at_once_migrate_it_once(store_url: str) -> None:
    code = ("import sys; from vanban import Corpus; from vanban.register import entries; from vanban.store import connect\n"
            "c = Corpus(sys.argv[1]); entries(c.conn, 'in'); c.close()")
    procs = [subprocess.Popen([sys.executable, "-c", code, store_url], stderr=subprocess.PIPE, text=True,
                              env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}) for _ in range(3)]
    for p in procs:
        _, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
    assert (_version(store_url, "corpus"), _version(store_url, "register")) == (1, 3)


def test_store_of_the_first_version_is_upgraded_keeping_its_rows(tmp_path: Path) -> None:
    """A vanban.db written before versioning (no vanban_schema, answers without id) opens and keeps its data."""
    path = tmp_path / "old.db"
    old = sqlite3.connect(path)
    for stmt in statements(_V1, dialect_of(old)):
        old.execute(stmt)
    old.execute("INSERT INTO register_entry (book, year, seq, registered_on, number) "
                "VALUES ('out', 2021, 899, '2021-08-10', '899/STTTT-TTBCBC')")
    old.execute("INSERT INTO register_entry (book, year, seq, registered_on, number, due_date) "
                "VALUES ('in', 2021, 5, '2021-08-12', '12/BTGTU', '2021-08-20')")
    old.execute("INSERT INTO register_response VALUES (2, 1, '', 'reference', '2021-08-15')")
    old.commit()
    old.close()
    conn = connect(path)
    status = reg.status(conn, 2)
    assert [(a.reply_id, a.reply_number, a.answered_on.isoformat() if a.answered_on else None)
            for a in status.answers] == [(1, "899/STTTT-TTBCBC", "2021-08-15")]
    assert [e.seq for e in reg.entries(conn, "out", 2021)] == [899]
    assert _version(str(path), "register") == 3


@pytest.mark.parametrize("url", ["postgresql://nobody@127.0.0.1:1/none", "postgresql://u:secret@127.0.0.1:1/x"])
def test_unreachable_server_is_one_line_error_without_password(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(InputError) as err:
        connect(url, timeout_s=2)
    assert "secret" not in str(err.value) and "\n" not in str(err.value)
    assert main(["register", "list", "--db", url, "--book", "in"]) == 2
    out = capsys.readouterr()
    assert out.err.count("\n") == 1 and "secret" not in out.err and "Traceback" not in out.err

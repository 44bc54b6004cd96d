"""The store under stress: foreign files, a full disk, read-only stores, re-run batches, dotted numbers.

Every case comes from the fuzzing run of issue 10; each asserts the error is the library's own and
that nothing stored before is lost.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest

from vanban import InputError, VanbanError, parse_text
from vanban.cli import main
from vanban.errors import StoreError
from vanban.register import register_incoming, register_outgoing
from vanban.register.entry import entries
from vanban.store import connect

from .conftest import SEED

NQ = """\
CHÍNH PHỦ | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
 | Độc lập - Tự do - Hạnh phúc
Số: {number} | Hà Nội, ngày 5 tháng 3 năm 2026

NGHỊ QUYẾT
Về việc thí điểm cơ chế đặc thù

Nội dung nghị quyết.

Nơi nhận:
- Lưu: VT.
TM. CHÍNH PHỦ
THỦ TƯỚNG
Phạm Minh Chính
"""

UNNUMBERED = """\
HỘI NÔNG DÂN XÃ TÂN LẬP

THƯ MỜI

Kính mời đồng chí tới dự hội nghị tổng kết năm {year} vào sáng thứ Hai.
"""


@pytest.mark.parametrize("number", ["66.17/2026/NQ-CP", "66.1/2026/NQ-CP"])
def test_register_out_takes_a_dotted_number(number: str, tmp_path: Path) -> None:
    conn = connect(tmp_path / "v.db")
    first = register_outgoing(conn, parse_text(NQ.format(number="66/2026/NQ-CP")))
    dotted = register_outgoing(conn, parse_text(NQ.format(number=number)))
    assert first.created and dotted.created
    assert dotted.entry.number == number and dotted.entry.seq >= 66
    again = register_outgoing(conn, parse_text(NQ.format(number=number)))
    assert not again.created and again.entry.id == dotted.entry.id


def test_register_out_cli_with_a_dotted_number(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "nq.txt"
    f.write_text(NQ.format(number="66.17/2026/NQ-CP"), encoding="utf-8")
    assert main(["register", "out", "--db", str(tmp_path / "v.db"), str(f)]) == 0
    assert "66.17/2026/NQ-CP" in capsys.readouterr().out


def test_foreign_sqlite_file_with_a_same_named_table_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    other = sqlite3.connect(path)
    other.execute("CREATE TABLE register_entry (id INTEGER PRIMARY KEY, title TEXT)")
    other.execute("INSERT INTO register_entry (title) VALUES ('kept')")
    other.commit()
    other.close()
    with pytest.raises(InputError, match="another program"):
        register_incoming(connect(path), parse_text(SEED.read_text(encoding="utf-8")))
    check = sqlite3.connect(path)
    assert check.execute("SELECT title FROM register_entry").fetchall() == [("kept",)]


def test_store_of_an_older_version_gets_the_new_column(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    conn = connect(path)
    register_incoming(conn, parse_text(SEED.read_text(encoding="utf-8")))
    conn.execute("DROP INDEX register_entry_content")  # a store of version 2, before the key
    conn.execute("ALTER TABLE register_entry DROP COLUMN content_key")
    conn.execute("UPDATE vanban_schema SET version = 2 WHERE component = 'register'")
    doc = parse_text(UNNUMBERED.format(year=2025))
    assert register_incoming(conn, doc).created
    assert not register_incoming(conn, doc).created


def test_full_disk_is_a_store_error_and_loses_nothing(tmp_path: Path) -> None:
    conn = connect(tmp_path / "v.db")
    kept = register_incoming(conn, parse_text(SEED.read_text(encoding="utf-8"))).entry
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count={pages}")  # the file may not grow: a full disk for SQLite
    big = parse_text(UNNUMBERED.format(year=2025) + "Nội dung dài. " * 20_000)
    with pytest.raises(StoreError, match="full"):
        for k in range(50):
            register_incoming(conn, big.model_copy(update={"text": big.text + str(k), "subject": "x" * 50_000}))
    assert kept.id in {e.id for e in entries(conn, "in")}
    assert isinstance(StoreError("x"), VanbanError)


def test_rerun_register_in_does_not_register_unnumbered_documents_twice(tmp_path: Path,
                                                                         capsys: pytest.CaptureFixture[str]) -> None:
    files = []
    for year in (2024, 2025):
        f = tmp_path / f"thu-moi-{year}.txt"
        f.write_text(UNNUMBERED.format(year=year), encoding="utf-8")
        files.append(str(f))
    db = str(tmp_path / "v.db")
    assert main(["register", "in", "--db", db, "--date", "2026-01-05", files[0]]) == 0  # interrupted batch
    assert main(["register", "in", "--db", db, "--date", "2026-01-05", *files]) == 0  # run again
    conn = connect(db)
    assert len(entries(conn, "in")) == 2
    assert "already in the incoming book" in capsys.readouterr().err
    # a different text is a different document, and --force still registers a copy on purpose
    assert main(["register", "in", "--db", db, "--force", files[0]]) == 0
    assert len(entries(conn, "in")) == 3


def test_read_only_store_answers_read_only_queries(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "v.db"
    conn = connect(db)
    register_incoming(conn, parse_text(SEED.read_text(encoding="utf-8")))
    conn.close()
    before = db.read_bytes()
    ro = connect(db, read_only=True)
    assert len(entries(ro, "in")) == 1
    with pytest.raises(StoreError):
        register_incoming(ro, parse_text(UNNUMBERED.format(year=2025)))
    ro.close()
    os.chmod(db, stat.S_IRUSR | stat.S_IRGRP)
    os.chmod(tmp_path, stat.S_IRUSR | stat.S_IXUSR)
    try:
        assert main(["register", "list", "--book", "in", "--db", str(db)]) == 0
        assert "85-BC/BTGTU" in capsys.readouterr().out
        assert len(entries(connect(db), "in")) == 1  # a store it may not write opens read-only
    finally:
        os.chmod(tmp_path, stat.S_IRWXU)
        os.chmod(db, stat.S_IRUSR | stat.S_IWUSR)
    assert db.read_bytes() == before


def test_read_only_command_does_not_create_a_store(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "missing.db"
    assert main(["register", "list", "--book", "in", "--db", str(db)]) == 0
    assert capsys.readouterr().out.strip() == "[]"
    assert main(["register", "stamp", "--db", str(db), "--year", "2021", "--number", "9"]) == 2
    assert "no entry 9" in capsys.readouterr().err
    assert not db.exists()


def _children(pid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                out.append(int(entry.name))
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc to find the workers")
def test_workers_of_link_add_die_with_a_killed_parent(tmp_path: Path) -> None:
    import subprocess
    import sys
    import time

    folder = tmp_path / "docs"
    folder.mkdir()
    seed = SEED.read_text(encoding="utf-8")
    for k in range(400):
        (folder / f"bc-{k}.txt").write_text(seed.replace("85-BC", f"{k + 100}-BC") * 3, encoding="utf-8")
    parent = subprocess.Popen([sys.executable, "-m", "vanban", "link", "add", "--db", str(tmp_path / "c.db"),
                               "--jobs", "2", str(folder)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        workers: list[int] = []
        while time.monotonic() < deadline and len(workers) < 2 and parent.poll() is None:
            time.sleep(0.2)
            workers = _children(parent.pid)
        assert len(workers) >= 2, "the workers did not start"
        parent.kill()
        parent.wait()
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and any(_alive(w) for w in workers):
            time.sleep(0.2)
        assert not [w for w in workers if _alive(w)]
    finally:
        if parent.poll() is None:
            parent.kill()

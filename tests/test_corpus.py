"""``vanban.Corpus``: the embedded store — adding, re-adding, replacing, parallel and concurrent adds."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import vanban
from vanban import Corpus, InputError
from vanban.store import connect

from .conftest import SEED
from .linkdocs import CV_899, KH_81


def _folder(tmp_path: Path, admin: list[dict[str, Any]]) -> Path:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / SEED.name).write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "kh-81.txt").write_text(KH_81, encoding="utf-8")
    (folder / "cv-899.txt").write_text(CV_899, encoding="utf-8")
    for d in admin:
        try:
            vanban.parse_text(d["text"])
        except Exception:  # a parser fault is reported to the parser's owner, not tested here
            continue
        (folder / f"{d['id']}.txt").write_text(d["text"], encoding="utf-8")
    return folder


def test_add_is_idempotent_and_replaces_changed_files(tmp_path: Path, store_url: str) -> None:
    path = tmp_path / "seed.txt"
    path.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    with Corpus(store_url) as c:
        first = c.add([path])
        assert (first.added, first.unchanged) == (1, 0)
        refs = c.stats()["references"]
        assert refs == len(vanban.parse_file(path).references) > 10
        again = c.add([path])
        assert (again.added, again.replaced, again.unchanged) == (0, 0, 1)
        path.write_text(KH_81, encoding="utf-8")  # same file, new content
        changed = c.add([path])
        assert (changed.added, changed.replaced) == (0, 1)
        stats = c.stats()
        assert stats["documents"] == 1
        assert stats["references"] == len(vanban.parse_text(KH_81).references)
        assert c.node(str(path)).endswith("/81-kh-tu")


def test_add_text_hash_noop_and_memory_store() -> None:
    with Corpus(":memory:") as c:
        assert c.add_text(CV_899, "cv-899") == "added"
        assert c.add_text(CV_899, "cv-899") == "unchanged"
        assert c.add_text(CV_899 + "\n", "cv-899") == "replaced"
        assert c.stats()["documents"] == 1


def test_parallel_parse_equals_serial(tmp_path: Path, admin: list[dict[str, Any]], store_url: str) -> None:
    folder = _folder(tmp_path, admin)
    with Corpus(tmp_path / "a.db") as a, Corpus(store_url) as b:
        ra = a.add([folder], jobs=1)
        rb = b.add([folder], jobs=3)
        assert ra.added == rb.added == len(list(folder.iterdir()))
        ga, gb = a.graph(), b.graph()
        assert set(ga.nodes) == set(gb.nodes) and set(ga.edges) == set(gb.edges)
        assert len(ga.edges) > 20


def test_two_processes_add_at_once(tmp_path: Path, admin: list[dict[str, Any]], store_url: str) -> None:
    folder = _folder(tmp_path, admin)
    db = store_url
    cmd = [sys.executable, "-m", "vanban", "link", "add", str(folder), "--db", str(db), "--quiet"]
    procs = [subprocess.Popen(cmd, stderr=subprocess.PIPE) for _ in range(2)]
    for p in procs:
        _, err = p.communicate(timeout=120)
        assert p.returncode == 0, err.decode()
    conn = connect(db)
    sources = [r[0] for r in conn.execute("SELECT source FROM corpus_documents")]
    expected = sorted(str(f.resolve()) for f in folder.iterdir())
    assert sorted(sources) == expected  # none lost, none twice
    refs = conn.execute("SELECT COUNT(*) FROM corpus_refs").fetchone()[0]
    per_doc = sum(len(vanban.parse_file(f).references) for f in folder.iterdir())
    assert refs == per_doc
    linked = conn.execute("SELECT COUNT(*) FROM corpus_links").fetchone()[0]
    assert linked == refs  # every citation resolved exactly once
    conn.close()


def test_interrupted_add_keeps_committed_work(tmp_path: Path, admin: list[dict[str, Any]],
                                              monkeypatch: pytest.MonkeyPatch, store_url: str) -> None:
    folder = _folder(tmp_path, admin)
    import vanban.link.corpus as corpus_mod

    real = corpus_mod._parse_job
    calls = {"n": 0}

    def flaky(path: str) -> Any:
        calls["n"] += 1
        if calls["n"] == 4:
            raise KeyboardInterrupt
        return real(path)

    monkeypatch.setattr(corpus_mod, "_parse_job", flaky)
    with Corpus(store_url) as c, pytest.raises(KeyboardInterrupt):
        c.add([folder])
    monkeypatch.setattr(corpus_mod, "_parse_job", real)
    with Corpus(store_url) as c:
        assert c.stats()["documents"] == 3
        report = c.add([folder])
        assert report.unchanged == 3
        assert report.added == len(list(folder.iterdir())) - 3
        assert c.stats()["unresolved"] == 0


def test_progress_is_silent_off_a_terminal(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with Corpus(":memory:") as c:
        c.add([SEED], progress=True)
    assert capsys.readouterr().err == ""


def test_a_store_that_is_not_one_raises_a_library_error(tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(InputError):
        Corpus(junk)


def test_missing_path_is_reported_and_the_others_added(tmp_path: Path) -> None:
    with Corpus(":memory:") as c:
        report = c.add([tmp_path / "nope", SEED])
    assert report.added == 1
    assert report.failed == [(str(tmp_path / "nope"), "No such file or directory")]


def test_one_path_given_as_a_string_is_one_path(tmp_path: Path) -> None:
    (tmp_path / "letters").mkdir()
    (tmp_path / "letters" / "cv.txt").write_text(CV_899, encoding="utf-8")
    with Corpus(":memory:") as c:
        assert c.add(str(tmp_path / "letters")).added == 1
        assert c.add("letters").failed == [("letters", "No such file or directory")]


def test_unreadable_file_is_reported_not_fatal(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(CV_899, encoding="utf-8")
    bad = tmp_path / "bad.bin"
    bad.write_bytes(bytes(range(256)) * 50)
    with Corpus(":memory:") as c:
        report = c.add([good, bad])
        assert report.added == 1
        assert [Path(p).name for p, _ in report.failed] == ["bad.bin"]

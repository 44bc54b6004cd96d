"""``vanban batch`` / ``run_batch``: a Dask LocalCluster gives the same tables as the single-process path."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import vanban
from vanban.cli import main
from vanban.errors import InputError

from .conftest import ROOT, SAMPLES, SEED, load_jsonl, shared_dir
from .linkdocs import CT_07, KH_81

pytest.importorskip("distributed", reason="needs the vanban[dask] extra (pip install -e '.[dev]')")
pq = pytest.importorskip("pyarrow.parquet")

from vanban.archive import TABLES, document_from_row, run_batch  # noqa: E402
from vanban.archive.run import list_files, process_files  # noqa: E402


def _archive(tmp_path: Path) -> Path:
    """The examples, the shipped samples (each admin.jsonl text as a file) and, with VANBAN_SHARED, the dev corpus."""
    folder = tmp_path / "archive"
    folder.mkdir()
    for f in [*sorted((ROOT / "examples").rglob("*")), *sorted(SAMPLES.glob("*.docx"))]:
        if f.is_file() and f.suffix in (".txt", ".docx", ".json", ".xml", ".pdf"):
            (folder / f.name).write_bytes(f.read_bytes())
    (folder / "kh-81.txt").write_text(KH_81, encoding="utf-8")
    (folder / "ct-07.txt").write_text(CT_07, encoding="utf-8")
    for d in load_jsonl(SAMPLES / "admin.jsonl"):
        (folder / f"sample-{d['id']}.txt").write_text(d["text"], encoding="utf-8")
    dev = shared_dir() / "corpus" / "dev.jsonl"
    if dev.is_file():
        for d in load_jsonl(dev):
            (folder / f"dev-{d['id']}.txt").write_text(d["text"], encoding="utf-8")
    return folder


def _table(out: Path, name: str) -> list[dict[str, Any]]:
    rows = pq.read_table(out / name).to_pylist()
    return sorted(rows, key=lambda r: json.dumps(r, sort_keys=True, default=str))


def _same(a: list[dict[str, Any]], b: list[dict[str, Any]]) -> bool:
    key = lambda r: json.dumps(r, sort_keys=True, default=str)  # noqa: E731
    return sorted(map(key, a)) == sorted(map(key, b))


def test_local_cluster_equals_single_process(tmp_path: Path) -> None:
    folder = _archive(tmp_path)
    out = tmp_path / "out"
    report = run_batch([str(folder)], str(out), workers=2, partition_size=8)
    files = list_files([str(folder)])
    assert report.partitions == -(-len(files) // 8) >= 2
    single = process_files(files)
    for table in ("documents", "references", "findings", "failures"):
        got = _table(out, table)
        assert [c for c in pq.read_schema(next((out / table).glob("*.parquet"))).names] == [c for c, _ in TABLES[table]]
        assert _same(got, single[table]), table
    docs = _table(out, "documents")
    assert report.documents == len(docs) >= 15 and report.references == len(_table(out, "references")) > 50
    # each row gives back the document the library parses from the file
    for row in docs:
        assert document_from_row(row) == vanban.parse_file(row["source"]).model_copy(update={"source": row["source"]})
    # resolution by join: the seed report cites Kế hoạch 81-KH/TU, present in the batch
    edges = _table(out, "edges")
    assert report.edges == len(edges)
    by_key: dict[str, list[dict[str, Any]]] = {}
    for d in single["documents"]:
        if d["nkey"]:
            by_key.setdefault(d["nkey"], []).append(d)
    uri = {d["source"]: d["uri"] for d in single["documents"]}
    expected = [{"source": r["source"], "ordinal": r["ordinal"], "source_uri": uri[r["source"]],
                 "target_uri": d["uri"], "target_source": d["source"], "relation": r["relation"], "nkey": r["nkey"]}
                for r in single["references"] for d in by_key.get(r["nkey"], [])]
    assert _same(edges, expected) and len(expected) > 0
    seed = str(folder / SEED.name)
    kh = str(folder / "kh-81.txt")
    assert any(e["source"] == seed and e["target_source"] == kh for e in edges)


def test_cli_batch_and_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "seed.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / ".hidden.txt").write_text("x", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["batch", str(folder), "--out", str(out), "--workers", "1"]) == 0
    assert capsys.readouterr().out.startswith("documents=1 failed=0")
    assert [r["source"] for r in pq.read_table(out / "documents").to_pylist()] == [str(folder / "seed.txt")]
    assert main(["batch", str(tmp_path / "nope"), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no such file or folder" in err
    with pytest.raises(InputError):
        list_files([str(tmp_path / "nope")])

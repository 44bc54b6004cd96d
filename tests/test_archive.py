"""``vanban batch`` / ``run_batch``: a Dask LocalCluster gives the same tables as the single-process path."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import vanban
from vanban.cli import main
from vanban.errors import InputError
from vanban.link.corpus import Corpus

from .conftest import ROOT, SAMPLES, SEED, load_jsonl, shared_dir
from .linkdocs import CT_07, CT_11_VIII, CT_11_X, KH_81, OCR_DOC, TT_15, decision

pytest.importorskip("distributed", reason="needs the vanban[dask] extra (pip install -e '.[dev]')")
pq = pytest.importorskip("pyarrow.parquet")

from vanban.archive import TABLES, document_from_row, document_rows, load_parquet, run_batch  # noqa: E402
from vanban.archive.run import list_files, process_files  # noqa: E402
from vanban.archive.tables import arrow_schema, stale_table_schemas  # noqa: E402


def _archive(tmp_path: Path) -> Path:
    """The examples, the shipped samples (each admin.jsonl text as a file) and, with VANBAN_SHARED, the dev corpus."""
    folder = tmp_path / "archive"
    folder.mkdir()
    for f in [*sorted((ROOT / "examples").rglob("*")), *sorted(SAMPLES.glob("*.docx"))]:
        if f.is_file() and f.suffix in (".txt", ".docx", ".json", ".xml", ".pdf"):
            (folder / f.name).write_bytes(f.read_bytes())
    (folder / "kh-81.txt").write_text(KH_81, encoding="utf-8")
    (folder / "ct-07.txt").write_text(CT_07, encoding="utf-8")
    # the OCR-tolerant and fuzzy steps: a Thông tư citing two decisions with damaged symbols, a
    # sibling that must stay unresolved, and two directives sharing a number split by term
    for name, text in (("tt-41.txt", OCR_DOC), ("qd-1234.txt", decision("1234/QĐ-ĐHQG", "06")),
                       ("qd-1235.txt", decision("1235/QĐ-ĐHQG", "07")), ("tt-15.txt", TT_15),
                       ("ct-11-viii.txt", CT_11_VIII), ("ct-11-x.txt", CT_11_X)):
        (folder / name).write_text(text, encoding="utf-8")
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
        assert pq.read_schema(next((out / table).glob("*.parquet"))).names == [c.name for c in TABLES[table]]
        assert _same(got, single[table]), table
    docs = _table(out, "documents")
    assert report.documents == len(docs) >= 15 and report.references == len(_table(out, "references")) > 50
    # each row gives back the document the library parses from the file
    for row in docs:
        assert document_from_row(row) == vanban.parse_file(row["source"]).model_copy(update={"source": row["source"]})
    # resolution on the cluster gives the edges the single-process linker stores for the same documents
    edges = _table(out, "edges")
    assert report.edges == len(edges)
    key = lambda r: json.dumps(r, sort_keys=True, default=str)  # noqa: E731
    got, want = set(map(key, edges)), set(map(key, _linker_edges(single["documents"])))
    assert (sorted(got - want), sorted(want - got)) == ([], []) and len(edges) == len(got) > 20
    seed, kh = str(folder / SEED.name), str(folder / "kh-81.txt")
    # the seed report cites Kế hoạch 81-KH/TU, present twice (the examples' copy and kh-81.txt)
    assert any(e["source"] == seed and e["target_uri"].endswith("/2017-07-05/81-kh-tu") for e in edges)
    assert {e["target_source"] for e in edges if e["target_uri"].endswith("/81-kh-tu")} <= {kh, str(folder / "ke-hoach-81-KH-TU.txt")}
    reasons = {e["target_source"].rsplit("/", 1)[-1]: e["reason"] for e in edges
               if e["source"] == str(folder / "tt-41.txt")}
    assert reasons["qd-1234.txt"].startswith("OCR-tolerant number")
    assert reasons["qd-1235.txt"].startswith("fuzzy symbol")


_LINKS = ("SELECT d.source, r.ordinal, d.uri, l.node, t.source, r.relation, r.nkey, l.confidence, l.reason "
          "FROM corpus_links l JOIN corpus_refs r ON r.id = l.ref_id JOIN corpus_documents d ON d.id = r.doc_id "
          "LEFT JOIN corpus_documents t ON t.id = l.doc_id")


def _links(corpus: Corpus) -> list[dict[str, Any]]:
    """Every stored link as an ``edges`` row (``target_source`` None for a placeholder)."""
    names = [c.name for c in TABLES["edges"]]
    return [dict(zip(names, row, strict=True)) for row in corpus.conn.execute(_LINKS).fetchall()]


def _linker(documents: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The single-process linker's links for the documents of the rows (added in id order, then resolved)."""
    with Corpus(":memory:") as corpus:
        corpus.add_documents((document_from_row(d), d["source"], d["content_hash"])
                             for d in sorted(documents, key=lambda d: d["id"]))
        corpus.resolve()
        return _links(corpus)


def _linker_edges(documents: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The citations the single-process linker resolves to a present document, as ``edges`` rows."""
    return [e for e in _linker(documents) if e["target_source"] is not None]


@pytest.fixture(scope="module")
def small_batch(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A batch of the seed, its cited plan and directive and the OCR/fuzzy variants, run on one worker."""
    folder = tmp_path_factory.mktemp("small")
    for name, text in (("seed.txt", SEED.read_text(encoding="utf-8")), ("kh-81.txt", KH_81), ("ct-07.txt", CT_07),
                       ("tt-41.txt", OCR_DOC), ("qd-1234.txt", decision("1234/QĐ-ĐHQG", "06")),
                       ("qd-1235.txt", decision("1235/QĐ-ĐHQG", "07")), ("tt-15.txt", TT_15)):
        (folder / "in").mkdir(exist_ok=True)
        (folder / "in" / name).write_text(text, encoding="utf-8")
    out = folder / "out"
    run_batch([str(folder / "in")], str(out), workers=1, partition_size=3)
    return folder / "in", out


def test_load_parquet_into_store(small_batch: tuple[Path, Path], store_url: str,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    folder, out = small_batch
    assert main(["link", "load", str(out), "--db", store_url]) == 0
    assert capsys.readouterr().out.startswith("added=7 replaced=0 unchanged=0 linked=")
    documents = pq.read_table(out / "documents").to_pylist()
    expected = _linker(documents)
    with Corpus(store_url) as corpus:
        got = _links(corpus)
        assert _same(got, expected) and len(got) == sum(d["references"] for d in documents)
        assert corpus.stats()["unresolved"] == 0 and corpus.stats()["linked"] >= 5
        seed = str(folder / "seed.txt")
        assert any(e.target.endswith("/2017-07-05/81-kh-tu") for e in corpus.cites(seed))
        # loading again changes nothing; a store that held documents resolves the rest itself
        report = load_parquet(str(out), corpus)
        assert (report.added, report.unchanged, report.rest) == (0, 7, 0)
        assert _same(_links(corpus), expected)
    with pytest.raises(InputError, match="no 'documents' table"):
        load_parquet(str(folder), store_url)


def test_document_arrow_round_trip(small_batch: tuple[Path, Path]) -> None:
    _, out = small_batch
    for row in pq.read_table(out / "documents").to_pylist():
        doc = document_from_row(row)
        assert doc == vanban.parse_file(row["source"]).model_copy(update={"source": row["source"]})
        again = document_rows(doc, row["source"], row["content_hash"], vanban.validate(doc), id=row["id"])
        assert again["documents"] == [row]
        refs = [r for r in pq.read_table(out / "references").to_pylist() if r["source"] == row["source"]]
        assert sorted(refs, key=lambda r: r["ordinal"]) == again["references"]


def test_table_schemas_checked_in() -> None:
    assert stale_table_schemas(ROOT / "schemas" / "tables") == []
    for table, columns in TABLES.items():
        schema = json.loads((ROOT / "schemas" / "tables" / f"{table}.arrow.json").read_text(encoding="utf-8"))
        assert [c["name"] for c in schema["columns"]] == [c.name for c in columns]
        assert arrow_schema(table).names == [c.name for c in columns]


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

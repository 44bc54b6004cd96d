"""Resolution and the citation graph: ``Corpus.cites/cited_by/chain/responses/missing`` and ``vanban link``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

import vanban
from vanban import Corpus
from vanban.cli import main
from vanban.link.resolve import short_mentions, statement_edges

from .conftest import SEED
from .linkdocs import CT_07, CT_11_VIII, CT_11_X, CV_899, KH_81, OCR_DOC, TT_15, decision

SEED_TEXT = SEED.read_text(encoding="utf-8")
CHAIN = ["07-CT/TW", "31-HD/BTGTW", "81-KH/TU", "85-BC/BTGTU"]


def _seed_corpus(url: str, *extra: tuple[str, str]) -> Corpus:
    c = Corpus(url)
    c.add_text(SEED_TEXT, "seed")
    for name, text in extra:
        c.add_text(text, name)
    return c


def _edge(edges: list[vanban.Edge], canonical_part: str) -> vanban.Edge:
    hits = [e for e in edges if e.target.endswith(canonical_part) or e.source.endswith(canonical_part)]
    assert hits, f"no edge with {canonical_part}"
    return hits[0]


def test_seed_alone_gives_the_chain_and_the_response(store_url: str) -> None:
    with _seed_corpus(store_url) as c:
        assert [n.canonical for n in c.chain("85-BC/BTGTU")] == CHAIN
        assert [n.present for n in c.chain("85-BC/BTGTU")] == [False, False, False, True]
        answers = c.responses("899/STTTT-TTBCBC")
        assert [n.canonical for n in answers] == ["85-BC/BTGTU"]
        to_899 = _edge(c.cites("85-BC/BTGTU"), "/899-stttt-ttbcbc")
        assert to_899.relation == "responds_to" and to_899.reason == "cited, not in corpus"
        # the 31-HD/BTGTW step comes from "Thực hiện Hướng dẫn 31 ...; ... ban hành Kế hoạch 81"
        into_31 = [e for e in c.cited_by("31-HD/BTGTW") if e.source.endswith("/81-kh-tu")]
        assert into_31 and into_31[0].relation == "implements" and "ban hành" in into_31[0].reason


def test_later_additions_fill_placeholders(store_url: str) -> None:
    with _seed_corpus(store_url) as c:
        missing_before = {n.canonical for n, _ in c.missing()}
        assert {"81-KH/TU", "899/STTTT-TTBCBC", "07-CT/TW"} <= missing_before
        c.add_text(KH_81, "kh-81")
        c.add_text(CV_899, "cv-899")
        c.add_text(CT_07, "ct-07")
        missing_after = {n.canonical for n, _ in c.missing()}
        assert not {"81-KH/TU", "899/STTTT-TTBCBC", "07-CT/TW"} & missing_after
        edge = _edge(c.cites("85-BC/BTGTU"), "/2017-07-05/81-kh-tu")
        assert edge.relation == "implements" and edge.confidence >= 0.9
        answers = c.responses("899/STTTT-TTBCBC")
        assert [n.canonical for n in answers] == ["85-BC/BTGTU"] and answers[0].present
        chain = c.chain("85-BC/BTGTU")
        assert [n.canonical for n in chain] == CHAIN
        assert [n.present for n in chain] == [True, False, True, True]
        # the plan's own citation of the directive is an edge too
        assert any(e.target.endswith("/2016-09-05/7-ct-tw") and e.relation == "implements"
                   for e in c.cites("81-KH/TU"))


def test_two_directives_11_ct_tw_split_by_term(store_url: str) -> None:
    with _seed_corpus(store_url, ("ct11-viii", CT_11_VIII), ("ct11-x", CT_11_X)) as c:
        by_target = {e.target: e for e in c.cites("85-BC/BTGTU") if "11-ct-tw" in e.target}
        assert set(by_target) == {"/akn/vn/act/chi-thi/tw/1996-12-28/11-ct-tw",
                                  "/akn/vn/act/chi-thi/tw/2007-04-13/11-ct-tw"}
        assert all("term" in e.reason for e in by_target.values())
        # the khóa VIII directive is the one the seed says it implements (mua và đọc báo)
        assert by_target["/akn/vn/act/chi-thi/tw/1996-12-28/11-ct-tw"].relation == "implements"


def test_ocr_key_fuzzy_and_siblings(store_url: str) -> None:
    with Corpus(store_url) as c:
        c.add_text(decision("1234/QĐ-ĐHQG", "06"), "qd-1234")
        c.add_text(decision("1235/QĐ-ĐHQG", "07"), "qd-1235")
        c.add_text(TT_15, "tt-15")
        c.add_text(OCR_DOC, "tt-41")
        edges = {e.target.rsplit("/", 1)[-1]: e for e in c.cites("41/2026/TT-BTC")}
        # diacritic lost in the issuer code: OCR-tolerant key
        assert edges["1234-qd-dhqg"].reason.startswith("OCR-tolerant number")
        assert edges["1234-qd-dhqg"].target.endswith("/2016-12-06/1234-qd-dhqg")
        # Q read as O: fuzzy within the block, confirmed by the date
        fuzzy = edges["1235-qd-dhqg"]
        assert fuzzy.target.endswith("/2016-12-07/1235-qd-dhqg")
        assert fuzzy.reason.startswith("fuzzy symbol") and 0.5 < fuzzy.confidence < 0.9
        # 14/2022 and 15/2022 of one ministry signed the same day are siblings, not an OCR slip
        assert edges["14-2022-tt-bldtbxh"].reason == "cited, not in corpus"
        # "Xã hội" in a ministry's name is not a commune (xã): the issuer check must not reject it
        assert edges["15-2022-tt-bldtbxh"].reason.startswith("exact number")


SHORT_CASES: list[tuple[str, str, list[tuple[str, str | None, bool]]]] = [
    ("the seed: 'Kế hoạch này' skips the nearer Chỉ thị", SEED_TEXT, [("Kế hoạch này", "81-KH/TU", False)]),
    ("own type + này is the document itself", KH_81,
     [("Chỉ thị nêu trên", "07-CT/TW", False), ("Kế hoạch này", None, True)]),
    ("anaphora without antecedent stays open", "BÁO CÁO\nTheo Công văn số 12/UBND-VX ngày 05/01/2021.\n\n"
     "Việc thực hiện Chỉ thị nêu trên còn chậm.", [("Chỉ thị nêu trên", None, False)]),
    ("the regulation issued with a decision", "ỦY BAN NHÂN DÂN TỈNH LÀO CAI\nSố: 15/QĐ-UBND\n\nQUYẾT ĐỊNH\n"
     "Ban hành Quy chế làm việc\n\nĐiều 1. Ban hành kèm theo Quyết định này Quy chế làm việc.\n"
     "Điều 2. Quy chế này có hiệu lực kể từ ngày ký.", [("Quyết định này", None, True), ("Quy chế này", None, True)]),
    ("two candidates in the paragraph: ambiguous", "BÁO CÁO\nThực hiện Chỉ thị số 49-CT/TW và Chỉ thị số "
     "46-CT/TW, đề nghị quán triệt Chỉ thị nêu trên.", [("Chỉ thị nêu trên", None, False)]),
    ("a repeated number binds to its full citation", "BÁO CÁO\nThực hiện Kế hoạch số 81-KH/TU ngày "
     "05-7-2017 của Ban Thường vụ Tỉnh ủy.\n\nKết quả thực hiện Kế hoạch số 81 đạt yêu cầu; "
     "Kế hoạch số 82 chưa triển khai.", [("Kế hoạch số 81", "81-KH/TU", False), ("Kế hoạch số 82", None, False)]),
]


@pytest.mark.parametrize(("case", "text", "expected"), SHORT_CASES, ids=[c[0] for c in SHORT_CASES])
def test_short_mentions(case: str, text: str, expected: list[tuple[str, str | None, bool]]) -> None:
    found = short_mentions(vanban.parse_text(text))
    got = [(s.text, s.target, s.self_reference) for s in found]
    assert got == expected
    for s in found:
        assert s.reason
        assert s.span.length == len(s.text)


def test_statement_edges_of_the_seed() -> None:
    doc = vanban.parse_text(SEED_TEXT)
    refs = doc.references
    said = {(refs[e.source].canonical, refs[e.target].canonical, e.relation) for e in statement_edges(doc)}
    assert ("81-KH/TU", "07-CT/TW", "implements") in said  # via the plan's subject
    assert ("81-KH/TU", "31-HD/BTGTW", "implements") in said  # "Thực hiện 31 ... ban hành 81"
    assert ("31-HD/BTGTW", "07-CT/TW", "implements") in said  # same subject, guidance below directive
    assert ("07-CT/TW", "31-HD/BTGTW", "implements") not in said


def test_dev_corpus_every_reference_linked_or_missing(store_url: str, gazette: list[dict[str, Any]]) -> None:
    with Corpus(store_url) as c:
        c.add_text(SEED_TEXT, "seed", resolve=False)
        for d in gazette:
            c.add_text(d["text"], d["id"], resolve=False)
        c.resolve()
        stats = c.stats()
        assert stats["documents"] == len(gazette) + 1
        assert stats["unresolved"] == 0
        assert stats["linked"] + stats["missing"] == stats["references"] > 1000
        assert stats["linked"] >= 10
        ranked = [k for _, k in c.missing()]
        assert ranked == sorted(ranked, reverse=True) and ranked[0] > 10
        assert sum(ranked) == stats["missing"]
        graph = c.graph()
        ids = [n.id for n in graph.nodes]
        assert len(ids) == len(set(ids))
        known = set(ids)
        assert all(e.source in known and e.target in known for e in graph.edges)


def test_cli_link_add_show_missing_export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "seed.txt").write_text(SEED_TEXT, encoding="utf-8")
    (folder / "kh81.txt").write_text(KH_81, encoding="utf-8")
    db = str(tmp_path / "v.db")
    assert main(["link", "add", str(folder), "--db", db, "--jobs", "2"]) == 0
    assert "added=2" in capsys.readouterr().out
    assert main(["link", "show", "85-BC/BTGTU", "--db", db, "--format", "json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert [u.rsplit("/", 1)[-1] for u in shown["chain"]] == ["7-ct-tw", "31-hd-btgtw", "81-kh-tu", "85-bc-btgtu"]
    assert shown["short_mentions"][0]["target"] == "81-KH/TU"
    assert main(["link", "missing", "--db", db]) == 0
    assert "899/STTTT-TTBCBC" in capsys.readouterr().out
    assert main(["link", "export", "--format", "json", "--db", db]) == 0
    graph = json.loads(capsys.readouterr().out)
    assert set(graph) == {"nodes", "edges"}
    assert set(graph["nodes"][0]) == {"id", "canonical", "type", "issuer", "date", "present", "source"}
    assert set(graph["edges"][0]) == {"source", "target", "relation", "confidence", "reason", "kind", "stated_in"}
    present = [n for n in graph["nodes"] if n["present"]]
    assert sorted(Path(n["source"]).name for n in present) == ["kh81.txt", "seed.txt"]
    assert main(["link", "export", "--format", "graphml", "--db", db]) == 0
    root = etree.fromstring(capsys.readouterr().out.encode())
    assert len(root.findall(".//{http://graphml.graphdrawing.org/xmlns}node")) == len(graph["nodes"])
    assert main(["link", "export", "--format", "dot", "--db", db]) == 0
    assert capsys.readouterr().out.startswith("digraph vanban {")


def test_cli_errors_are_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not sqlite" * 200)
    assert main(["link", "missing", "--db", str(junk)]) == 2
    assert main(["link", "show", "999-XX/YY", "--db", str(tmp_path / "empty.db")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2 and all(line.startswith("vanban: ") for line in err)
    assert not (tmp_path / "empty.db").exists()  # a command that only reads never creates a store


def test_show_names_documents_by_type_and_number(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "v.db")
    for name, text in (("seed.txt", SEED_TEXT), ("kh81.txt", KH_81), ("ct07.txt", CT_07)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    assert main(["link", "add", "--quiet", "--db", db, *(str(tmp_path / n) for n in ("seed.txt", "kh81.txt",
                                                                                      "ct07.txt"))]) == 0
    assert main(["link", "show", "85-BC/BTGTU", "--db", db]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "Báo cáo 85-BC/BTGTU"
    assert "  chain: Chỉ thị 07-CT/TW → Hướng dẫn 31-HD/BTGTW → Kế hoạch 81-KH/TU → Báo cáo 85-BC/BTGTU" in out
    assert any(line.startswith("  → implements   Kế hoạch 81-KH/TU  [") for line in out)
    assert not any("/akn/" in line for line in out[2:])  # URIs only on the uri line


def test_edges_say_whether_they_are_citations_or_statements(store_url: str) -> None:
    with _seed_corpus(store_url) as c:
        own = _edge(c.cites("85-BC/BTGTU"), "/81-kh-tu")
        assert own.kind == "citation" and own.stated_in is None
        stated = [e for e in c.cited_by("31-HD/BTGTW") if e.source.endswith("/81-kh-tu")]
        assert stated and stated[0].kind == "statement" and stated[0].stated_in is not None
        assert stated[0].stated_in.endswith("/85-bc-btgtu") and "stated in" not in stated[0].reason


def test_most_cited_counts_present_and_absent_documents(store_url: str) -> None:
    with _seed_corpus(store_url, ("kh-81", KH_81), ("ct-07", CT_07)) as c:
        top = c.most_cited(3)
        assert len(top) == 3 and [k for _, k in top] == sorted((k for _, k in top), reverse=True)
        counts = {n.canonical: k for n, k in c.most_cited(100)}
        assert counts["07-CT/TW"] == 2  # cited by the report and by the plan
        assert {n.present for n, _ in c.most_cited(100)} == {True, False}
        assert c.most_cited(0) == []

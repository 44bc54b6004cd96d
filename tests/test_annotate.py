"""``vanban.link.annotate`` and ``vanban annotate FILE -o OUT.html``."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import html as lxml_html

import vanban
from vanban import Corpus
from vanban.cli import main

from .conftest import SEED
from .linkdocs import KH_81


def _links(page: str) -> list[lxml_html.HtmlElement]:
    return list(lxml_html.fromstring(page.encode("utf-8")).iter("a"))


def test_every_citation_becomes_a_link() -> None:
    doc = vanban.parse_file(SEED)
    with Corpus(":memory:") as c:
        c.add_text(KH_81, "kh-81")
        page = vanban.annotate(doc, c)
    anchors = _links(page)
    refs = [a for a in anchors if "ref" in a.get("class", "").split()]
    assert len(refs) == sum(len(r.mentions or (r.span,)) for r in doc.references)
    to_81 = [a for a in refs if a.text_content().endswith("81-KH/TU")]
    assert to_81 and all(a.get("href") == "/akn/vn/act/ke-hoach/tu/2017-07-05/81-kh-tu" for a in to_81)
    assert all("missing" not in a.get("class") for a in to_81)
    to_899 = [a for a in refs if "899/STTTT-TTBCBC" in a.text_content()]
    assert to_899 and "missing" in to_899[0].get("class")
    short = [a for a in anchors if a.get("class") == "short"]
    assert [a.text_content() for a in short] == ["Kế hoạch này"]
    first_81 = next(i for i, r in enumerate(doc.references) if r.canonical == "81-KH/TU")
    assert short[0].get("href") == f"#ref-{first_81}"
    text = lxml_html.fromstring(page.encode("utf-8")).text_content()
    assert doc.text.strip()[:40] in text


def test_cli_annotate(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out.html"
    assert main(["annotate", str(SEED), "-o", str(out), "--db", str(tmp_path / "none.db")]) == 0
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and 'class="ref missing"' in page
    assert main(["annotate", str(tmp_path / "absent.txt")]) == 2
    assert capsys.readouterr().err.startswith("vanban: ")

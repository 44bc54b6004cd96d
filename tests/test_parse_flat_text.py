"""The flattened text let go during a parse: read back through the input (``FlatText``), the same document as a parse
that keeps it; the lines let go (``Lines.release``) stay readable."""

from __future__ import annotations

import random

import pytest

from vanban import parse_text
from vanban.normalize import clean_text
from vanban.parse.layout import Segment, split_lines
from vanban.parse.markup import FlatText, Origins, flatten_markup
from vanban.parse.page import document_span
from vanban.parse.text import parse_flat, parse_markup

from .test_parse_web import CASES as WEB_CASES
from .web_layouts import render_web

HEADER = ("| ỦY BAN NHÂN DÂN TỈNH LÀO CAI | **CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM** |\n|---|---|\n"
          "| Số: 12/QĐ-UBND | *Lào Cai, ngày 05 tháng 3 năm 2024* |\n\n# QUYẾT ĐỊNH\n\n**Về việc ban hành quy chế**\n\n")
BODY = ("Căn cứ Luật Tổ chức chính quyền địa phương số 65/2025/QH15;\n\n"
        "* Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ;\n\n"
        "**Điều 1\\.** Ban hành kèm theo Quyết định này quy chế [xem](http://x.vn) \\- mục 𝐀 1.\n\n"
        "|  |\n|\n| a | b | c |\n\n+---+---+\n| x | y |\n+---+---+\n\n")
FOOT = "**Nơi nhận:**\n- Như Điều 3;\n- Lưu: VT.\n\n**CHỦ TỊCH**\n\nNguyễn Văn A"

CASES = {
    "a decision": HEADER + BODY + FOOT,
    "long, repeated past a million characters": HEADER + BODY * 9000 + FOOT,
    "CRLF, no final newline": (HEADER + BODY + FOOT).replace("\n", "\r\n").rstrip(),
    "empty lines and bars only": "|\n|\n\n**x**\n" * 40,
    "inside a page's chrome": "Trang chủ | Văn bản\n\n**Tin mới**\n\n" + HEADER + BODY + FOOT + "\n\nBản quyền © 2024 | Liên hệ",
    "astral characters and bullets": "**𝐀𝐁** 𝔸\n* một\n+ hai **ba** _bốn_\n\n| 😀 | 𝔹 |\n" * 30,
}


@pytest.mark.parametrize("name", CASES)
def test_flat_text_gives_the_characters_of_the_flattened_text(name: str) -> None:
    text = clean_text(CASES[name])
    flat = flatten_markup(text)
    assert isinstance(flat.origin, Origins)
    rng = random.Random(len(text))
    n = len(flat.text)
    for a, b in {(0, n), document_span(flat.text), (n // 3, n), (n, n)}:
        doc = flat.text[a:b]
        view = FlatText(text, flat.origin, doc, a)
        assert len(view) == len(doc) and view[0:len(doc)] == doc
        for _ in range(300):
            x = rng.randrange(len(doc) + 1)
            y = rng.randrange(x, min(len(doc), x + 200) + 1)
            assert view[x:y] == doc[x:y]
            if x < len(doc):
                assert view[x] == doc[x] and view[x - len(doc)] == doc[x - len(doc)]
        with pytest.raises(IndexError):
            view[len(doc)]


@pytest.mark.parametrize("name", CASES)
def test_a_parse_that_lets_the_flattened_text_go_reads_the_same_document(name: str) -> None:
    text = clean_text(CASES[name])
    kept = parse_flat(text, flatten_markup(text))
    assert parse_markup(text) == kept
    if kept.references:
        assert all(text[s.start:s.end] for r in kept.references for s in r.mentions)


def test_parse_text_of_markdown_is_the_parse_that_keeps_the_flattened_text() -> None:
    text = clean_text(CASES["a decision"])
    doc = parse_text(text)
    assert doc == parse_flat(text, flatten_markup(text))
    assert doc.number is not None and doc.number.canonical == "12/QĐ-UBND"
    assert {r.canonical for r in doc.references} >= {"65/2025/QH15", "30/2020/NĐ-CP"}


def test_released_lines_stay_readable_with_their_kinds_and_segments() -> None:
    rows = [f"{k:05d}   " + "chữ " * 75 for k in range(3000)]
    text = "\n".join(rows)
    lines = split_lines(text)
    given = [Segment("x", lines[5].start, lines[5].start + 1, 0, 5)]
    lines[5].set_segments(given)
    lines[7].kind = "header"
    made = [lines[i] for i in range(0, 3000, 97)]
    lines.release()
    assert all(ln is not None for ln in made)  # (lines held elsewhere are left as they are)
    for i in (0, 5, 7, 2999, 1500):
        ln = lines[i]
        assert (ln.text, ln.start) == (rows[i], text.index(rows[i]))
    assert lines[5].segments == given and lines[7].kind == "header"


@pytest.mark.parametrize("layout", ["crawler", "pandoc", "markitdown"])
@pytest.mark.parametrize("name", list(WEB_CASES)[:3])
def test_a_document_cut_out_of_its_page_reads_the_same_when_the_page_is_let_go(name: str, layout: str) -> None:
    spec, want = WEB_CASES[name]
    text = clean_text(render_web(spec, layout, want["number"], "05/12/2025"))
    flat = flatten_markup(text)
    a, b = document_span(flat.text)
    assert (a, b) != (0, len(flat.text))  # (the page's chrome is cut off)
    assert isinstance(flat.origin, Origins)
    view = FlatText(text, flat.origin, flat.text[a:b], a)
    assert view[0:b - a] == flat.text[a:b]
    assert parse_markup(text) == parse_flat(text, flat)

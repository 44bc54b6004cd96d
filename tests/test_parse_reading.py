"""The reading text's offsets mapped back to the document one by one and in a batch agree."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

import vanban.parse.text as text_module
from vanban import parse_text
from vanban.parse.layout import Reading

EXAMPLE = (Path(__file__).resolve().parents[1] / "examples" / "bao-cao-85-BC-BTGTU.txt").read_text(encoding="utf-8")
_TABLE = "| Số | Văn bản |\n|---|---|\n| 1 | Nghị định số 30/2020/NĐ-CP |\n|  | |\n| 2 | Chỉ thị số 05-CT/TW |\n"


def _readings(text: str, monkeypatch: pytest.MonkeyPatch) -> list[Reading]:
    """The readings the parser scans for citations in ``text``."""
    got: list[Reading] = []
    scan = text_module.scan

    def keep(reading: Reading, own: object) -> object:
        got.append(reading)
        return scan(reading, own)  # type: ignore[arg-type]

    monkeypatch.setattr(text_module, "scan", keep)
    parse_text(text)
    return got


@pytest.mark.parametrize("text", [
    EXAMPLE,
    EXAMPLE.replace("\n", "\r\n"),  # CRLF
    EXAMPLE.replace("\n\n", "\n\n\n\n"),  # runs of empty lines
    EXAMPLE.replace("\n", "\n    ", 40),  # indented lines (a line's margin is left out of the reading)
    EXAMPLE.rstrip("\n") + "\nCăn cứ Luật số 80/2015/QH13",  # the text ends without a newline, on a citation
    "Căn cứ Nghị định số 30/2020/NĐ-CP;\n\n" + _TABLE + "\nTheo Công văn số 12/UBND-VP 𝐀𝐁 ngày 05/3/2020.",  # table, astral
    "Số: 1/QĐ-UBND\n" + "\n".join(f"   Căn cứ Quyết định số {i}/QĐ-UBND 😀 của UBND tỉnh;   " for i in range(60)),
    "a",
    "",
])
def test_to_spans_is_to_source_of_each(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    readings = _readings(text, monkeypatch)
    assert readings or not text.strip()
    for reading in readings:
        size = len(reading.text)
        starts = [reading.to_source(p) for p in range(size + 1)]
        ends = [reading.to_source(p, end=True) for p in range(size + 1)]
        # every span of a short reading; ascending spans with gaps and repeats, as mentions' are; then in any order
        every = [(a, b) for a in range(size + 1) for b in range(a, min(size, a + 3) + 1)]
        rng = random.Random(size)
        picked = sorted(tuple(sorted(rng.choices(range(size + 1), k=2))) for _ in range(60))
        for bounds in (every, picked, picked[::-1], [(b, a) for a, b in picked]):
            assert list(reading.to_spans(bounds)) == [(starts[a], ends[b]) for a, b in bounds]
        assert list(reading.to_spans([])) == []


def test_subject_and_context_of_a_mention() -> None:
    doc = parse_text("Thực hiện Kế hoạch số 81-KH/TU ngày 05-7-2017 của Ban Thường vụ Tỉnh ủy "
                     "về “thực hiện *Chỉ thị* số 07-CT/TW”; và Công văn số 12/UBND-VP.")
    refs = {r.canonical: r for r in doc.references}
    assert refs["81-KH/TU"].subject == "“thực hiện Chỉ thị số 07-CT/TW”"
    assert refs["07-CT/TW"].via == "81-KH/TU"
    assert refs["12/UBND-VP"].subject is None


def test_unqualified_mention_takes_the_term_its_context_fits() -> None:
    text = ("Căn cứ Chỉ thị số 11-CT/TW của Bộ Chính trị (khóa VIII) về công tác xây dựng Đảng ở cơ sở nông thôn;\n"
            "Thực hiện Chỉ thị số 11-CT/TW của Bộ Chính trị (khóa XII) về tăng cường công tác bảo vệ môi trường biển;\n"
            "Các chi bộ tiếp tục quán triệt Chỉ thị số 11-CT/TW về xây dựng Đảng ở cơ sở nông thôn trong năm tới.\n")
    doc = parse_text(text)
    starts = {r.term: [s.start for s in r.mentions] for r in doc.references}
    assert starts == {"VIII": [text.index("Chỉ thị"), text.rindex("Chỉ thị")], "XII": [text.index("Chỉ thị", 30)]}


_BATCHED = [
    EXAMPLE,
    EXAMPLE.replace("\n", "\r\n"),
    EXAMPLE.replace("\n\n", "\n\n\n\n").replace("\n", "\n    ", 40),
    "Căn cứ Nghị định số 30/2020/NĐ-CP;\n\n" + _TABLE * 3 + "\nTheo Công văn số 12/UBND-VP 𝐀𝐁 ngày 05/3/2020.",
    "| a |\n|\n**Căn cứ** Nghị định số 30/2020/NĐ-CP\n|\n" * 4 + EXAMPLE,  # Markdown, flattened
    EXAMPLE.rstrip("\n") + "\nCăn cứ Luật số 80/2015/QH13",
    "Số: 1/QĐ-UBND\n" + "\n".join(f"   Căn cứ Quyết định số {i}/QĐ-UBND 😀 của UBND tỉnh;   " for i in range(60)),
]


@pytest.mark.parametrize("batch", [1, 7, 4096])
@pytest.mark.parametrize("text", _BATCHED)
def test_a_reading_joined_in_batches_is_the_reading_joined_once(text: str, batch: int,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """A reading of a long source is joined in batches from ``_FIRST_JOIN`` characters on: the document is the same."""
    import vanban.parse.layout as layout

    once = parse_text(text)
    monkeypatch.setattr(layout, "_LONG_SOURCE", 0)
    monkeypatch.setattr(layout, "_FIRST_JOIN", batch)
    assert parse_text(text) == once

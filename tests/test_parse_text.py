"""``parse_text`` on the seed report and on the dev corpora."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vanban import Document, parse_text
from vanban.errors import InputError

from .conftest import SEED

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from accuracy import admin_table, gazette_table


@pytest.fixture(scope="module")
def seed() -> Document:
    return parse_text(SEED.read_text(encoding="utf-8"), source=str(SEED))


def test_seed_header(seed: Document) -> None:
    assert seed.system == "party"
    assert seed.number is not None
    assert seed.number.canonical == "85-BC/BTGTU"
    assert seed.number.label == "Số"
    assert seed.type is not None and seed.type.name == "Báo cáo" and seed.type.code == "BC"
    assert seed.issuer is not None and seed.issuer.name == "Ban Tuyên giáo Tỉnh ủy"
    assert seed.issuer.inferred  # the OCR text lost the header; the number's code names the issuer
    assert seed.date is None and seed.place is None  # the OCR text has no place/date line
    assert seed.party_title is None and seed.national_title is None
    assert seed.subject is not None and seed.subject.startswith("Kết quả triển khai, thực hiện Kế hoạch số 81-KH/TU")


def test_seed_stamp_with_ocr_slip(seed: Document) -> None:
    stamp = seed.incoming_stamp
    assert stamp is not None
    assert stamp.receiver == "SỞ THÔNG TIN VÀ TRUYỀN THÔNG"
    assert stamp.number == 783
    assert stamp.date == dt.date(2021, 8, 20)  # printed 20/8/21
    assert "Chuyên:" in stamp.raw  # the OCR slip is kept as printed, not silently corrected
    assert stamp.forwarded_to is None and stamp.file_code is None


def test_seed_signature_and_recipients(seed: Document) -> None:
    sig = seed.signature
    assert sig is not None
    assert (sig.authority, sig.authority_title, sig.position, sig.signer) == (
        "K/T", "TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", "Nguyễn Thiện Cẩm")
    assert seed.recipients == ("Sở Thông tin và Truyền thông", "Phòng Tuyên truyền", "Lưu VT")
    assert seed.addressees == ()


def test_seed_footnotes_detached_and_sentence_rejoined(seed: Document) -> None:
    assert [f.marker for f in seed.footnotes] == ["1", "2", "3"]
    assert seed.footnotes[0].text == "Chính thức đi vào hoạt động từ 13h ngày 24-02-2021."
    assert seed.footnotes[2].text == "Kế hoạch số 46-KH/BTGTU, ngày 08-6-2021"
    assert "Đảng bộ tỉnh đã đánh dấu sự phát triển" in seed.body
    assert "trong tình hình mới\". Tham mưu" in seed.body.replace("*", "")
    assert "Chính thức đi vào hoạt động" not in seed.body
    assert "Triển khai trên 4.961 hội nghị" not in seed.body
    for note in seed.footnotes:
        assert note.span is not None and seed.text[note.span.start:note.span.end].endswith(note.text[-10:])


# every distinct numbered document the seed cites, with the date it gives (None: not given)
SEED_REFERENCES: list[tuple[str, str | None, dt.date | None]] = [
    ("81-KH/TU", None, dt.date(2017, 7, 5)),
    ("07-CT/TW", None, None),
    ("899/STTTT-TTBCBC", None, dt.date(2021, 8, 10)),
    ("52/2016/QĐ-TTg", None, dt.date(2016, 12, 6)),
    ("31-HD/BTGTW", None, dt.date(2017, 4, 20)),
    ("2466-QĐ/TU", None, dt.date(2020, 10, 7)),
    ("11-CT/TW", "VIII", None),
    ("35-NQ/TW", "XII", None),
    ("07-CT/TU", None, dt.date(2021, 6, 4)),
    ("49-CT/TW", None, None),
    ("46-CT/TW", None, None),
    ("41-CT/TW", None, dt.date(2015, 2, 5)),
    ("49-KL/TW", None, None),
    ("11-CT/TW", "X", None),
    ("50-KL/TW", None, None),
    ("52-KL/TW", None, None),
    ("76-KL/TW", None, None),
    ("33-NQ/TW", "XI", None),
    ("173-KL/TW", None, None),
    ("51-KL/TW", None, dt.date(2019, 5, 30)),
    ("46-KH/BTGTU", None, dt.date(2021, 6, 8)),
]


def test_seed_references(seed: Document) -> None:
    got = [(r.canonical, r.term, r.date) for r in seed.references]
    assert got == SEED_REFERENCES
    for r in seed.references:
        assert r.canonical.split("-")[0].split("/")[0] in seed.text[r.span.start:r.span.end]


def test_seed_two_directives_11_ct_tw_told_apart(seed: Document) -> None:
    both = [r for r in seed.references if r.canonical == "11-CT/TW"]
    assert [r.term for r in both] == ["VIII", "X"]
    viii, x = both
    # the first, unqualified mention ("... đọc báo, tạp chí của Đảng") is the term-VIII directive
    first = seed.text.index("Chỉ thị số 11-CT/TW")
    assert viii.mentions[0].start <= first < viii.mentions[0].end
    assert len(viii.mentions) == 2 and len(x.mentions) == 1
    assert "mua và đọc báo" in (viii.subject or "") and "khuyến học" in (x.subject or "")
    assert viii.identity != x.identity
    ct_tw = next(r for r in seed.references if r.canonical == "07-CT/TW")
    ct_tu = next(r for r in seed.references if r.canonical == "07-CT/TU")
    assert ct_tw.identity != ct_tu.identity and ct_tw.issuer_code == "TW" and ct_tu.issuer_code == "TU"


@pytest.mark.parametrize(("canonical", "relation", "issuer"), [
    ("899/STTTT-TTBCBC", "responds_to", "Sở Thông tin và Truyền thông"),
    ("81-KH/TU", "implements", "Ban Thường vụ Tỉnh ủy"),
    ("31-HD/BTGTW", "implements", "Ban Tuyên giáo Trung ương"),
    ("52/2016/QĐ-TTg", "mentions", "Thủ tướng Chính phủ"),
    ("07-CT/TW", "mentions", "Ban Bí thư"),
])
def test_seed_relations(seed: Document, canonical: str, relation: str, issuer: str) -> None:
    ref = next(r for r in seed.references if r.canonical == canonical)
    assert ref.relation == relation
    assert ref.issuer == issuer


def test_seed_nested_citation(seed: Document) -> None:
    ct = next(r for r in seed.references if r.canonical == "07-CT/TW")
    assert ct.via == "81-KH/TU" and ct.via_relation == "implements"
    assert ct.subject == "đẩy mạnh công tác thông tin cơ sở trong tình hình mới"


def test_seed_spans_point_into_text(seed: Document) -> None:
    assert seed.number is not None and seed.number.span is not None
    assert seed.text[seed.number.span.start:seed.number.span.end] == "Số 85-BC/BTGTU"
    assert seed.type is not None and seed.type.span is not None
    assert seed.text[seed.type.span.start:seed.type.span.end] == "BÁO CÁO"
    sub = seed.spans["subject"]
    assert seed.text[sub.start:sub.end].startswith("Kết quả triển khai")


@pytest.mark.parametrize(("text", "field", "expected"), [
    # Eth (U+00D0) in a symbol is read as Đ
    ("UBND TỈNH X\nSố: 2/2019/QÐ-UBND\nQUYẾT ĐỊNH\nVề việc y\n", "number", "2/2019/QĐ-UBND"),
    # spaces around the slash and a missing colon
    ("SỞ CÔNG THƯƠNG\nSố 6240 /SCT-KHCN\nV/v z\n", "number", "6240/SCT-KHCN"),
    # decomposed (NFD) input comes back NFC
    ("Số 85-BC/BTGTU\n\nBA\u0301O CA\u0301O\n\nKê\u0301t qua\u0309\n", "type", "Báo cáo"),
])
def test_tolerant_header(text: str, field: str, expected: str) -> None:
    doc = parse_text(text)
    value = getattr(doc, field)
    assert (value.canonical if field == "number" else value.name) == expected


def test_empty_and_non_str() -> None:
    assert parse_text("").number is None
    assert parse_text("   \n\n").references == ()
    with pytest.raises(InputError):
        parse_text(b"bytes")  # type: ignore[arg-type]


def test_gazette_number_and_type(gazette: list[dict[str, Any]]) -> None:
    table = gazette_table(gazette, [])
    assert table["number"] >= 0.98
    assert table["type"] >= 0.98


def test_admin_fields(admin: list[dict[str, Any]]) -> None:
    table = admin_table(admin, [])
    for field, value in table.items():
        if field != "n":
            assert value >= 0.95, field


GAZETTE_CASES = [
    # id, issuer, date, (authority, authority_title, position, honorific, signer) of the first signature, count
    ("congbao-36844", "VIỆN KIỂM SÁT NHÂN DÂN TỐI CAO - TÒA ÁN NHÂN DÂN TỐI CAO - BỘ CÔNG AN - BỘ QUỐC PHÒNG - "
     "BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", dt.date(2022, 2, 18),
     ("KT.", "CHÁNH ÁN TÒA ÁN NHÂN DÂN TỐI CAO", "PHÓ CHÁNH ÁN", None, "Nguyễn Trí Tuệ"), 5),
    ("congbao-43559", "QUỐC HỘI", dt.date(2024, 11, 27), (None, None, "CHỦ TỊCH QUỐC HỘI", None, "Trần Thanh Mẫn"), 1),
    ("congbao-469496", "CHÍNH PHỦ", None, ("KT.", "THỦ TƯỚNG", "PHÓ THỦ TƯỚNG", None, "Nguyễn Văn Thắng"), 1),
    ("congbao-39344", "BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", dt.date(2023, 5, 18),
     ("KT.", "BỘ TRƯỞNG", "THỨ TRƯỞNG", None, "Lê Tấn Dũng"), 1),
]


@pytest.mark.parametrize(("doc_id", "issuer", "date", "signature", "count"), GAZETTE_CASES)
def test_gazette_documents(gazette: list[dict[str, Any]], doc_id: str, issuer: str, date: dt.date | None,
                           signature: tuple[str | None, ...], count: int) -> None:
    row = next(r for r in gazette if r["id"] == doc_id)
    doc = parse_text(row["text"])
    assert doc.issuer is not None and doc.issuer.name == issuer
    if date is not None:
        assert doc.date == date
    sig = doc.signature
    assert sig is not None
    assert (sig.authority, sig.authority_title, sig.position, sig.honorific, sig.signer) == signature
    assert len(doc.signatures) == count
    # the portal's e-signature is a digital-signature record, never the signer
    assert all(d.signer != sig.signer for d in doc.digital_signatures)
    assert not any("CÔNG BÁO" in line for line in doc.body.splitlines())


_SEED_LINES = SEED.read_text(encoding="utf-8").splitlines()


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(_SEED_LINES), max_size=60), st.text(max_size=200))
def test_shuffled_seed_lines_never_break_the_parser(lines: list[str], noise: str) -> None:
    text = "\n".join(lines) + noise
    doc = parse_text(text)
    for ref in doc.references:
        assert 0 <= ref.span.start < ref.span.end <= len(doc.text)
    for span in doc.spans.values():
        assert 0 <= span.start <= span.end <= len(doc.text)


def test_every_gazette_reference_span_shows_its_number(gazette: list[dict[str, Any]]) -> None:
    checked = 0
    for row in gazette[::5]:
        doc = parse_text(row["text"])
        for ref in doc.references:
            printed = "".join(doc.text[ref.span.start:ref.span.end].split())
            assert (ref.number or "") in printed, (row["id"], ref.canonical, printed)
            checked += 1
    assert checked > 100


SINGLE_COLUMN_CONG_VAN = """SỞ THÔNG TIN VÀ TRUYỀN THÔNG
Số: 899/STTTT-TTBCBC
V/v báo cáo kết quả thực hiện Quyết định số 52/2016/QĐ-TTg
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Tây Ninh, ngày 10 tháng 8 năm 2021

Kính gửi:
- Ban Tuyên giáo Tỉnh ủy;
- Sở Văn hóa, Thể thao và Du lịch;
- UBND các huyện, thị xã, thành phố.

Thực hiện Quyết định số 52/2016/QĐ-TTg ngày 06/12/2016 của Thủ tướng Chính phủ, đề nghị các cơ quan
báo cáo trước ngày 25/8/2021./.

Nơi nhận:
- Như trên;
- Lưu: VT, TTBCBC.

KT. GIÁM ĐỐC
PHÓ GIÁM ĐỐC

Nguyễn Văn A
"""


def test_single_column_cong_van() -> None:
    doc = parse_text(SINGLE_COLUMN_CONG_VAN)
    assert doc.type is not None and doc.type.name == "Công văn" and doc.type.code is None
    assert doc.number is not None and doc.number.unit_code == "TTBCBC"
    assert doc.subject == "báo cáo kết quả thực hiện Quyết định số 52/2016/QĐ-TTg"
    assert (doc.place, doc.date) == ("Tây Ninh", dt.date(2021, 8, 10))
    assert doc.addressees == ("Ban Tuyên giáo Tỉnh ủy", "Sở Văn hóa, Thể thao và Du lịch",
                              "UBND các huyện, thị xã, thành phố")
    assert doc.recipients == ("Như trên", "Lưu: VT, TTBCBC")
    assert doc.signature is not None and doc.signature.signer == "Nguyễn Văn A"
    assert [r.canonical for r in doc.references] == ["52/2016/QĐ-TTg"]
    assert doc.references[0].relation == "implements"


@pytest.mark.parametrize(("sentence", "expected"), [
    # one cue for two coordinated citations
    ("Thực hiện Chỉ thị số 07-CT/TW, ngày 05-9-2016 của Ban Bí thư về đẩy mạnh công tác thông tin cơ sở và "
     "Hướng dẫn số 31-HD/BTGTW, ngày 20-4-2017 của Ban Tuyên giáo Trung ương; Ban Thường vụ ban hành Kế hoạch.",
     [("07-CT/TW", "Chỉ thị", "implements", None), ("31-HD/BTGTW", "Hướng dẫn", "implements", None)]),
    # passive voice: the amending law acts on the cited one, not the citing document on it
    ("Căn cứ Luật Bảo hiểm y tế số 25/2008/QH12 được sửa đổi, bổ sung bởi Luật số 32/2013/QH13;",
     [("25/2008/QH12", "Luật", "based_on", None), ("32/2013/QH13", "Luật", "mentions", None)]),
    # the type word is the one that names the document, several words before "số"
    ("Theo quy định của Luật Điện ảnh số 62/2006/QH11.", [("62/2006/QH11", "Luật", "based_on", None)]),
    # percent-encoded bytes of a URL are not a number
    ("Xem https://vbpl.vn/?q=S%E1%BB%91%2021/2020/TT- BL%C4%90TBXH tại trang.", []),
    # nested: the Chỉ thị is cited inside the subject of the Kế hoạch
    ("Thực hiện Kế hoạch số 81-KH/TU, ngày 05-7-2017 của Ban Thường vụ Tỉnh ủy về thực hiện Chỉ thị số "
     "07-CT/TW của Ban Bí thư.",
     [("81-KH/TU", "Kế hoạch", "implements", None), ("07-CT/TW", "Chỉ thị", "mentions", "81-KH/TU")]),
])
def test_citation_relations(sentence: str, expected: list[tuple[str, str, str, str | None]]) -> None:
    refs = parse_text(sentence).references
    assert [(r.canonical, r.type, r.relation, r.via) for r in refs] == expected


@pytest.mark.parametrize(("header", "issuer", "parent"), [
    ("ỦY BAN NHÂN DÂN\nTỈNH LÀO CAI\nSố: 12/QĐ-UBND", "ỦY BAN NHÂN DÂN TỈNH LÀO CAI", None),
    ("UBND TỈNH LÀO CAI\nSỞ CÔNG THƯƠNG\nSố: 12/SCT-VP", "SỞ CÔNG THƯƠNG", "UBND TỈNH LÀO CAI"),
    ("ĐẢNG BỘ TỈNH LÀO CAI\nHUYỆN ỦY BẢO THẮNG\n*\nSố 12-BC/HU", "HUYỆN ỦY BẢO THẮNG", "ĐẢNG BỘ TỈNH LÀO CAI"),
    ("BỘ LAO ĐỘNG - THƯƠNG\nBINH VÀ XÃ HỘI\nSố: 18/2021/TT-BLĐTBXH", "BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", None),
    ("SỞ CÔNG THƯƠNG\nĐOÀN KIỂM TRA\nTHEO QUYẾT ĐỊNH\nSỐ 1050/QĐ-SCT\nSố: 1105/KH-ĐKT",
     "ĐOÀN KIỂM TRA THEO QUYẾT ĐỊNH SỐ 1050/QĐ-SCT", "SỞ CÔNG THƯƠNG"),
    ("BAN CHẤP HÀNH TRUNG ƯƠNG\nBAN TỔ CHỨC\n*\nSố 38 - HD/BTCTW", "BAN TỔ CHỨC", "BAN CHẤP HÀNH TRUNG ƯƠNG"),
])
def test_issuer_and_parent(header: str, issuer: str, parent: str | None) -> None:
    doc = parse_text(header + "\nLào Cai, ngày 05 tháng 3 năm 2024\n")
    assert doc.issuer is not None and (doc.issuer.name, doc.issuer.parent) == (issuer, parent)


@pytest.mark.parametrize("variant", ["collapse-gaps", "no-indent", "no-blank-lines", "crlf", "nfd"])
def test_admin_fields_survive_layout_variants(admin: list[dict[str, Any]], variant: str) -> None:
    import re
    import unicodedata

    change = {
        "collapse-gaps": lambda t: re.sub(r"[ \t]{3,}", "   ", t),
        "no-indent": lambda t: "\n".join(line.lstrip() for line in t.split("\n")),
        "no-blank-lines": lambda t: "\n".join(line for line in t.split("\n") if line.strip()),
        "crlf": lambda t: t.replace("\n", "\r\n"),
        "nfd": lambda t: unicodedata.normalize("NFD", t),
    }[variant]
    table = admin_table([{**row, "text": change(row["text"])} for row in admin], [])
    for field, value in table.items():
        if field != "n":
            assert value >= 0.95, (variant, field)


def test_motto_wrapped_by_ocr_is_read_as_header(gazette: list[dict[str, Any]]) -> None:
    """``Độc lập`` / ``O Tự do - Hạnh phúc``: the wrapped motto is one title; the header reads as before."""
    row = next(r for r in gazette if r["id"] == "congbao-468970")
    plain = parse_text(row["text"])
    wrapped = parse_text(row["text"].replace("Độc lập - Tự do - Hạnh phúc", "Độc lập\nO Tự do - Hạnh phúc", 1))
    assert wrapped.number == plain.number and wrapped.type == plain.type
    assert wrapped.motto is not None and wrapped.motto.startswith("Độc lập")


@pytest.mark.parametrize("enabled", [True, False])
def test_cycle_collector_paused_during_a_parse_and_restored(enabled: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    """A parse pauses the cycle collector and leaves it as it found it, on error too and across threads."""
    import gc
    import threading

    import vanban.parse.text as text_module

    inside: list[bool] = []
    plain = text_module._parse_plain

    def watched(text: str, source: str | None) -> Document:
        inside.append(gc.isenabled())
        return plain(text, source)

    monkeypatch.setattr(text_module, "_parse_plain", watched)
    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        seed = SEED.read_text(encoding="utf-8")
        threads = [threading.Thread(target=parse_text, args=(seed,)) for _ in range(3)]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        assert gc.isenabled() is enabled
        with pytest.raises(InputError):
            parse_text(b"bytes")  # type: ignore[arg-type]
        assert gc.isenabled() is enabled
        assert parse_text(seed).number.canonical == "85-BC/BTGTU"  # type: ignore[union-attr]
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()
    assert inside == [False] * 4


_PROCEDURE_ROW = ("Thủ tục công nhận tổ chức khoa học và công nghệ\n| \nKhông quá 15 ngày làm việc kể từ ngày nhận hồ sơ\n| \n"
                  "- Luật Khoa học, công nghệ và\nđổi mới sáng tạo số 93/2025/QH15 ngày 27/6/2025;\n| \n")
_PAGE_FOOTER = "Tài liệu này thuộc sở hữu của cơ quan ban hành. Việc phát tán trái phép bị nghiêm cấm"


def test_lines_repeated_in_the_body_are_content() -> None:
    """A long line printed many times in a text without page breaks (a procedure table of a web page) is body text,
    with its citations; the same line next to every page break is a running footer."""
    head = "ỦY BAN NHÂN DÂN\nTỈNH LÀO CAI\nSố: 12/QĐ-UBND\nQUYẾT ĐỊNH\nVề việc công bố thủ tục hành chính\n"
    doc = parse_text(head + _PROCEDURE_ROW * 4)
    assert doc.body.count("đổi mới sáng tạo số 93/2025/QH15") == 4
    (ref,) = [r for r in doc.references if r.canonical == "93/2025/QH15"]
    assert len(ref.mentions) == 4
    pages = [f"Điều {k}. Nội dung của điều {k} theo Nghị định số 30/2020/NĐ-CP.\n\n{_PAGE_FOOTER}\n" for k in (1, 2, 3, 4)]
    paged = parse_text(head + "\f".join(pages))
    assert _PAGE_FOOTER not in paged.body
    assert paged.body.count("Nghị định số 30/2020/NĐ-CP") == 4

"""Every rule added for issue 12: a document that triggers it and one that does not (table-driven).

Three clean documents (a state Kế hoạch, a state công văn, a Party Nghị quyết) raise no error or
warning; each case changes one thing and expects its rule, at the changed text.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from vanban import parse_text, validate
from vanban.models import PageSetup, Paragraph, RunStyle, Span

TODAY = dt.date(2026, 11, 30)

KE_HOACH = """UBND TỈNH LÀO CAI                         CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
SỞ CÔNG THƯƠNG                                   Độc lập - Tự do - Hạnh phúc

Số: 1894/KH-SCT                          Lào Cai, ngày 09 tháng 4 năm 2021

KẾ HOẠCH
Triển khai chương trình khuyến công năm 2021

Căn cứ Nghị định số 45/2012/NĐ-CP ngày 21/5/2012 của Chính phủ về khuyến công;
Căn cứ Quyết định số 1288/QĐ-UBND ngày 05/3/2021 của Ủy ban nhân dân tỉnh Lào Cai về phê duyệt chương trình khuyến công;
Sở Công Thương xây dựng kế hoạch triển khai với các nội dung sau: hỗ trợ cơ sở công nghiệp nông thôn đầu tư máy móc thiết bị, tổ chức hội chợ, đào tạo nghề và truyền nghề.

Nơi nhận:                                         KT. GIÁM ĐỐC
- UBND tỉnh (b/c);                                PHÓ GIÁM ĐỐC
- Bộ Công Thương (b/c);
- Lưu: VT, QLCN.

                                                  Nguyễn Văn An
"""

CONG_VAN = """UBND TỈNH LÀO CAI                         CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
SỞ XÂY DỰNG                                      Độc lập - Tự do - Hạnh phúc

Số: 1103/SXD-QLGT                         Lào Cai, ngày 13 tháng 3 năm 2026
V/v báo cáo tình hình giao thông

                     Kính gửi: Sở Công Thương tỉnh Lào Cai

Sở Xây dựng tỉnh Lào Cai trân trọng đề nghị Sở Công Thương tỉnh Lào Cai tổng hợp, báo cáo tình hình thực hiện trước ngày 30/3/2026./.

Nơi nhận:                                         TM. ỦY BAN NHÂN DÂN
- Như trên;                                       CHỦ TỊCH
- Giám đốc Sở (b/c);
- Lưu: VT, QLGT.

                                                  Trần Xuân Hiện
"""

PARTY = """ĐẢNG BỘ TỈNH LÀO CAI                          ĐẢNG CỘNG SẢN VIỆT NAM
TỈNH ỦY LÀO CAI
        *
Số 26-NQ/TU                               Lào Cai, ngày 05 tháng 12 năm 2025

NGHỊ QUYẾT
về nhiệm vụ chính trị năm 2026

Tỉnh ủy Lào Cai quyết nghị các nhiệm vụ chính trị trọng tâm năm 2026 với các chỉ tiêu phát triển kinh tế, xã hội, quốc phòng và an ninh của toàn tỉnh.

Nơi nhận:                                        T/M BAN THƯỜNG VỤ
- Ban Bí thư (báo cáo),                          BÍ THƯ
- Các đảng ủy trực thuộc Tỉnh ủy,
- Lưu Văn phòng Tỉnh ủy.

                                                 Trịnh Việt Hùng
"""

BASES = {"ke_hoach": KE_HOACH, "cong_van": CONG_VAN, "party": PARTY}

CASES = [
    # rule, base, printed text, replacement, text the finding points at
    ("VB115", "ke_hoach", "CỘNG HÒA XÃ HỘI", "CỘNG HÕA XÃ HỘI", "CỘNG HÕA"),
    ("VB115", "cong_van", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Cộng hòa xã hội chủ nghĩa Việt Nam", "Cộng hòa"),
    ("VB116", "ke_hoach", "Hạnh phúc", "Hạnh Phúc", "Hạnh Phúc"),
    ("VB116", "cong_van", "Độc lập - Tự do - Hạnh phúc", "Độc lập-Tự do-Hạnh phúc", "Độc lập-Tự do"),
    ("VB117", "ke_hoach", "Triển khai chương trình", "V/v triển khai chương trình", "V/v"),
    ("VB118", "cong_van", "                     Kính gửi: Sở Công Thương tỉnh Lào Cai\n", "", None),
    ("VB208", "ke_hoach", "1894/KH-SCT", "1894/TB-SCT", "TB"),
    ("VB216", "cong_van", "Số: 1103/SXD-QLGT", "Số: SXD-QLGT/1103", "SXD-QLGT/1103"),
    ("VB217", "cong_van", "1103/SXD-QLGT", "1103/SCT-QLGT", "SCT"),
    ("VB309", "cong_van", "Lào Cai, ngày 13 tháng 3 năm 2026", "Lào Cai, 13/3/2026", "13/3/2026"),
    ("VB310", "ke_hoach", "năm 2021\n\nKẾ", "năm 2099\n\nKẾ", "2099"),
    ("VB405", "cong_van", "TM. ỦY BAN NHÂN DÂN", "TM. GIÁM ĐỐC SỞ", "TM. GIÁM ĐỐC SỞ"),
    ("VB406", "ke_hoach", "PHÓ GIÁM ĐỐC", "GIÁM ĐỐC", "GIÁM ĐỐC"),
    ("VB407", "ke_hoach", "KT. GIÁM ĐỐC", "", "PHÓ GIÁM ĐỐC"),
    ("VB408", "ke_hoach", "KT. GIÁM ĐỐC\n- UBND tỉnh (b/c);                                PHÓ GIÁM ĐỐC",
     "TL. ỦY BAN NHÂN DÂN\n- UBND tỉnh (b/c);                                CHÁNH VĂN PHÒNG", "ỦY BAN NHÂN DÂN"),
    ("VB409", "ke_hoach", "Nguyễn Văn An", "NGUYỄN VĂN AN", "NGUYỄN VĂN AN"),
    ("VB503", "ke_hoach", "45/2012/NĐ-CP ngày 21/5/2012 của", "45/2012/NĐ-CP của", "45/2012/NĐ-CP"),
    ("VB505", "ke_hoach", "45/2012/NĐ-CP", "45/2012/NĐCP", "45/2012/NĐCP"),
    ("VB506", "ke_hoach", "ngày 05/3/2021", "ngày 30/02/2021", "ngày 30/02/2021"),
    ("VB508", "ke_hoach", "ngày 21/5/2012 của Chính phủ về", "ngày 21/5/2012 về", "Nghị định số 45/2012/NĐ-CP"),
    ("VB604", "ke_hoach", "- Bộ Công Thương (b/c);", "Bộ Công Thương (b/c);", "Bộ Công Thương (b/c);"),
    ("VB402", "party", "T/M BAN THƯỜNG VỤ", "K/T BAN THƯỜNG VỤ", "K/T BAN THƯỜNG VỤ"),
]


def _serious(text: str, rule: str) -> list[tuple[str, str | None]]:
    return [(f.rule, f.text) for f in validate(parse_text(text), today=TODAY).findings
            if f.severity in ("error", "warning") and f.rule == rule]


@pytest.mark.parametrize("name", sorted(BASES))
def test_clean_documents_raise_nothing(name: str) -> None:
    findings = [f for f in validate(parse_text(BASES[name]), today=TODAY).findings if f.severity != "info"]
    assert findings == []


@pytest.mark.parametrize(("rule", "base", "old", "new", "at"), CASES, ids=[f"{c[0]}-{c[1]}" for c in CASES])
def test_rule_fires_on_the_changed_text(rule: str, base: str, old: str, new: str, at: str | None) -> None:
    text = BASES[base]
    assert old in text
    assert _serious(text, rule) == []  # the document that does not trigger it
    hits = _serious(text.replace(old, new, 1), rule)
    assert hits, f"{rule} did not fire"
    if at is not None:
        assert any(at in (t or "") or ((t or "") in at and t) for _, t in hits), hits


def test_malformed_number_is_not_missing_and_does_not_cascade() -> None:
    doc = parse_text(CONG_VAN.replace("Số: 1103/SXD-QLGT", "Số: SXD-QLGT/1103"))
    assert [u.part for u in doc.unread] == ["number"]
    rules = {f.rule for f in validate(doc, today=TODAY).findings}
    assert "VB216" in rules and not rules & {"VB105", "VB109", "VB110", "VB111"}


def test_date_in_figures_is_not_missing() -> None:
    rules = {f.rule for f in validate(parse_text(CONG_VAN.replace("ngày 13 tháng 3 năm 2026", "13/3/2026")),
                                      today=TODAY).findings}
    assert "VB309" in rules and "VB107" not in rules


def test_decision_numbered_like_a_dispatch_stays_a_decision() -> None:
    text = KE_HOACH.replace("KẾ HOẠCH", "QUYẾT ĐỊNH").replace("1894/KH-SCT", "1894/CV-SCT")
    doc = parse_text(text)
    assert doc.type is not None and doc.type.name == "Quyết định"
    rules = {f.rule for f in validate(doc, today=TODAY).findings}
    assert "VB111" not in rules


def test_gazette_copy_needs_no_recipients() -> None:
    text = KE_HOACH.split("Nơi nhận:")[0] + "                                   KT. GIÁM ĐỐC\n" \
        "                                   PHÓ GIÁM ĐỐC\n                                   Nguyễn Văn An\n"
    doc = parse_text(text)
    assert "VB113" in {f.rule for f in validate(doc, today=TODAY).findings}
    assert "VB113" not in {f.rule for f in validate(doc, today=TODAY, copy="gazette").findings}
    cut = parse_text(KE_HOACH.split("Nơi nhận:")[0] + "(Xem tiếp Công báo số 137 + 138)\n")
    assert not {"VB112", "VB113"} & {f.rule for f in validate(cut, today=TODAY).findings}


def test_party_secretariat_signs_without_position() -> None:
    text = PARTY.replace("T/M BAN THƯỜNG VỤ", "T/M BAN BÍ THƯ").replace("BÍ THƯ\n", "\n", 1)
    assert "VB403" not in {f.rule for f in validate(parse_text(text), today=TODAY).findings}


def test_justified_motto_in_a_pdf_is_not_missing() -> None:
    text = KE_HOACH.replace("Độc lập - Tự do - Hạnh phúc", "Độc     lập   -   Tự    do   -   Hạnh   phúc")
    assert not {"VB102", "VB116"} & {f.rule for f in validate(parse_text(text), today=TODAY).findings}


BODY = ("Sở Công Thương xây dựng kế hoạch triển khai với các nội dung sau: hỗ trợ cơ sở công nghiệp nông thôn "
        "đầu tư máy móc thiết bị, tổ chức hội chợ.")
# rule, the paragraph changed (its text starts so; None: the page), the change
DOCX_CASES: list[tuple[str, str | None, dict[str, object]]] = [
    ("VB806", "UBND TỈNH LÀO CAI", {"borders": True}),
    ("VB807", "Sở Công Thương xây dựng", {"alignment": "left"}),
    ("VB808", "Sở Công Thương xây dựng", {"first_line_indent_cm": 0.0}),
    ("VB809", "Sở Công Thương xây dựng", {"line_rule": "exact", "line_pt": 10.0}),
    ("VB811", "Nơi nhận:", {"style": RunStyle(font="Times New Roman", size_pt=12, bold=True, italic=False)}),
    ("VB812", None, {"page_number": "bottom-right"}),
    ("VB813", "KẾ HOẠCH", {"style": RunStyle(font="Times New Roman", size_pt=14, bold=False)}),
    ("VB814", "Lào Cai, ngày", {"style": RunStyle(font="Times New Roman", size_pt=14, italic=False)}),
    ("VB815", "Sở Công Thương xây dựng", {"colors": ("FF0000",)}),
    ("VB816", "Sở Công Thương xây dựng", {"fonts": ("Times New Roman", "Arial")}),
    ("VB817", "Sở Công Thương xây dựng", {"section": 1}),
]


def _layout(text: str) -> list[Paragraph]:
    """One paragraph per line (header and foot lines as cells of layout tables), each in the expected look."""
    paras, pos = [], 0
    lines = text.split("\n")
    for i, s in enumerate(lines):
        in_table = i < 7 or i >= len(lines) - 9
        size = 12 if s.startswith(("Nơi nhận", "UBND", "SỞ")) else 14
        paras.append(Paragraph(index=i, text=s, span=Span(start=pos, end=pos + len(s)), alignment="justify",
                               first_line_indent_cm=1.0, line_spacing=1.15, line_rule="auto",
                               style=RunStyle(font="Times New Roman", size_pt=size, bold=True, italic=True),
                               fonts=("Times New Roman",), table=0 if in_table else None, borders=False,
                               section=0))
        pos += len(s) + 1
    return paras


@pytest.mark.parametrize(("rule", "where", "change"), DOCX_CASES, ids=[c[0] for c in DOCX_CASES])
def test_paragraph_rules(rule: str, where: str | None, change: dict[str, object]) -> None:
    cells = [c for s in KE_HOACH.split("\n") for c in (re.split(r"\s{3,}", s.strip()) if s.strip() else [""])]
    text = "\n".join(BODY if c.startswith("Sở Công Thương xây dựng") else c for c in cells)
    doc = parse_text(text)
    paras = _layout(text)
    page = PageSetup(width_mm=210, height_mm=297, top_mm=20, bottom_mm=20, left_mm=30, right_mm=15,
                     orientation="portrait", page_number="top-center", page_number_first=False)
    landscape = page.model_copy(update={"orientation": "landscape", "width_mm": 297, "height_mm": 210})
    clean = doc.model_copy(update={"format": "docx", "paragraphs": tuple(paras), "page": page,
                                   "sections": (page, landscape)})
    assert validate(clean, today=TODAY, select=[rule]).findings == ()
    if where is None:
        bad = clean.model_copy(update={"page": page.model_copy(update=change)})
        assert validate(bad, today=TODAY, select=[rule]).findings
        return
    k = next(p.index for p in paras if p.text.strip().startswith(where))
    paras[k] = paras[k].model_copy(update=change)
    bad = clean.model_copy(update={"paragraphs": tuple(paras)})
    hits = validate(bad, today=TODAY, select=[rule]).findings
    assert [f.paragraph for f in hits] == [k]


ESIGN = "\nNgười ký: Sở Công Thương\nCơ quan: Sở Công Thương tỉnh Lào Cai\nThời gian ký: 08.04.2021 09:12:30 +07:00\n"


def test_dated_after_its_digital_signature() -> None:
    signed_before = parse_text(KE_HOACH + ESIGN)
    assert "VB311" in {f.rule for f in validate(signed_before, today=TODAY).findings}
    signed_after = parse_text(KE_HOACH + ESIGN.replace("08.04.2021", "10.04.2021"))
    assert "VB311" not in {f.rule for f in validate(signed_after, today=TODAY).findings}


def test_legal_citation_date_follows_the_rules_in_force() -> None:
    law = """BỘ NỘI VỤ                              CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
                                        Độc lập - Tự do - Hạnh phúc
Số: 07/{y}/TT-BNV                       Hà Nội, ngày 15 tháng 01 năm {y}

THÔNG TƯ
Hướng dẫn chế độ báo cáo

Căn cứ Nghị định số 34/2017/NĐ-CP của Chính phủ quy định chức năng, nhiệm vụ của Bộ Nội vụ;
Bộ trưởng Bộ Nội vụ ban hành Thông tư hướng dẫn chế độ báo cáo thống kê ngành nội vụ.
"""
    before = {f.rule for f in validate(parse_text(law.format(y=2021)), today=TODAY).findings}
    after = {f.rule for f in validate(parse_text(law.format(y=2026)), today=TODAY).findings}
    assert "VB507" in before and "VB507" not in after


TEXT_ONLY = {"VB311": test_dated_after_its_digital_signature, "VB507": test_legal_citation_date_follows_the_rules_in_force}
"""Rules whose trigger/no-trigger pair is a test of its own (not a one-line replacement)."""

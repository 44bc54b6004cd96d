"""``vanban.render_docx``: the official layout in the DOCX, and the round trip parse(render(doc)) == doc."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from vanban import (
    Document,
    InputError,
    OptionError,
    parse_file,
    parse_number,
    parse_text,
    render_docx,
    validate,
)
from vanban.models import DocumentType, Footnote, Issuer, Signature, Table, TableCell
from vanban.readers.description import document_from_data
from vanban.render import docx_bytes, load_layout
from vanban.render.blocks import reflow
from vanban.render.docx import date_line, subject_line

from .conftest import ROOT, SEED

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NS = {"w": W[1:-1]}


def key(doc: Document) -> dict[str, Any]:
    """What the round trip must keep: number, type, issuer, date, subject, signature, recipients, references."""
    sig = doc.signature
    return {
        "number": doc.number.canonical if doc.number else None,
        "type": doc.type.name if doc.type else None,
        "issuer": (doc.issuer.name.upper(), doc.issuer.parent, doc.issuer.code) if doc.issuer else None,
        "date": doc.date,
        "place": doc.place,
        "subject": doc.subject,
        "signature": (sig.authority, sig.authority_title, sig.position, sig.signer) if sig else None,
        "addressees": doc.addressees,
        "recipients": doc.recipients,
        "references": [(r.canonical, r.date, r.issuer) for r in doc.references],
        "urgency": doc.urgency,
        "secrecy": doc.secrecy,
    }


def layout_findings(doc: Document) -> list[str]:
    """The findings of the typography and page rules (VB8xx) of ``vanban check``."""
    return [f"{f.rule} {f.message}" for f in validate(doc).findings if f.rule.startswith("VB8")]


def round_trip(doc: Document, path: Path) -> Document:
    render_docx(doc, path)
    back = parse_file(path)
    assert back.format == "docx"
    return back


def parts(path: Path) -> dict[str, etree._Element]:
    with zipfile.ZipFile(path) as z:
        return {n: etree.fromstring(z.read(n)) for n in z.namelist() if n.endswith(".xml")}


def texts(root: etree._Element) -> list[str]:
    """The text of each paragraph of a part."""
    return ["".join(p.itertext()) for p in root.iter(f"{W}p")]


def para_with(root: etree._Element, text: str) -> etree._Element:
    for p in root.iter(f"{W}p"):
        if "".join(t.text or "" for t in p.iter(f"{W}t")) == text:
            return p
    raise AssertionError(f"no paragraph {text!r}")


def run_look(p: etree._Element) -> tuple[float, bool, bool, bool]:
    """(size pt, bold, italic, underline) of the first text run of ``p``."""
    r = next(r for r in p.iter(f"{W}r") if r.find(f"{W}t") is not None)
    rpr = r.find(f"{W}rPr")
    assert rpr is not None

    def on(tag: str) -> bool:
        el = rpr.find(f"{W}{tag}")
        return el is not None and el.get(f"{W}val") not in ("0", "false", "none")

    size = rpr.find(f"{W}sz")
    assert size is not None
    return int(size.get(f"{W}val", "0")) / 2, on("b"), on("i"), on("u")


# -- the seed (Party) ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def seed() -> Document:
    return parse_file(SEED)


@pytest.fixture(scope="module")
def seed_docx(seed: Document, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("seed") / "seed.docx"
    render_docx(seed, path)
    return path


def test_seed_round_trip(seed: Document, seed_docx: Path) -> None:
    back = parse_file(seed_docx)
    assert key(back) == key(seed)
    assert layout_findings(back) == []
    assert back.number is not None and back.number.canonical == "85-BC/BTGTU"
    assert [f.text for f in back.footnotes] == [f.text for f in seed.footnotes]
    assert len(back.references) == 21


def test_seed_party_header_and_tail(seed_docx: Path) -> None:
    doc = parts(seed_docx)["word/document.xml"]
    lines = texts(doc)
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in lines and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" not in lines
    assert "Số 85-BC/BTGTU" in lines and "*" in lines and "-----" in lines
    assert lines.index("BAN TUYÊN GIÁO TỈNH ỦY") < lines.index("*") < lines.index("Số 85-BC/BTGTU")
    assert "- Sở Thông tin và Truyền thông," in lines and "- Lưu VT." in lines
    # sizes of HD 36 as transcribed by wp37: title 15 bold, type 16 bold, Nơi nhận 14 underlined, list 12
    assert run_look(para_with(doc, "ĐẢNG CỘNG SẢN VIỆT NAM")) == (15, True, False, False)
    assert run_look(para_with(doc, "BÁO CÁO")) == (16, True, False, False)
    assert run_look(para_with(doc, "Nơi nhận:")) == (14, False, False, True)
    assert run_look(para_with(doc, "- Phòng Tuyên truyền,")) == (12, False, False, False)
    assert run_look(para_with(doc, "K/T TRƯỞNG BAN")) == (14, True, False, False)
    assert run_look(para_with(doc, "PHÓ TRƯỞNG BAN")) == (14, False, False, False)
    assert run_look(para_with(doc, "Nguyễn Thiện Cẩm")) == (14, True, False, False)


def test_seed_footnotes_are_word_footnotes(seed_docx: Path) -> None:
    p = parts(seed_docx)
    notes = [n for n in p["word/footnotes.xml"].iter(f"{W}footnote") if n.get(f"{W}type") is None]
    assert len(notes) == 3
    assert "".join(notes[0].itertext()).strip() == "Chính thức đi vào hoạt động từ 13h ngày 24-02-2021."
    refs = list(p["word/document.xml"].iter(f"{W}footnoteReference"))
    assert [r.get(f"{W}id") for r in refs] == ["1", "2", "3"]
    # the first reference follows "đi vào hoạt động", where the seed prints ¹
    para = next(x for x in p["word/document.xml"].iter(f"{W}p") if refs[0] in x.iter())
    before = "".join(t.text or "" for t in para.iter(f"{W}t"))
    assert "đi vào hoạt động, bước đầu" in before


def test_every_run_sets_four_font_slots(seed_docx: Path) -> None:
    for name, root in parts(seed_docx).items():
        for r in root.iter(f"{W}r"):
            fonts = r.find(f"{W}rPr/{W}rFonts")
            assert fonts is not None, name
            for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
                assert fonts.get(f"{W}{slot}") == "Times New Roman", (name, slot)


def test_page_setup_and_page_numbers(seed_docx: Path) -> None:
    p = parts(seed_docx)
    sect = p["word/document.xml"].find(f".//{W}sectPr")
    assert sect is not None
    size, margins = sect.find(f"{W}pgSz"), sect.find(f"{W}pgMar")
    assert size is not None and margins is not None
    assert (size.get(f"{W}w"), size.get(f"{W}h")) == ("11906", "16838")  # A4 portrait
    mm = {k: round(int(margins.get(f"{W}{k}", "0")) / 56.6929) for k in ("top", "bottom", "left", "right", "header")}
    assert mm == {"top": 20, "bottom": 20, "left": 30, "right": 15, "header": 10}
    assert sect.find(f"{W}titlePg") is not None  # first page has its own (empty) header
    kinds = {h.get(f"{W}type") for h in sect.iter(f"{W}headerReference")}
    assert kinds == {"default", "first"}
    page = p["word/header1.xml"]
    assert "PAGE" in "".join(page.itertext())
    assert page.find(f".//{W}jc").get(f"{W}val") == "center"  # type: ignore[union-attr]
    assert "".join(p["word/header2.xml"].itertext()) == ""


def test_opens_with_python_docx(seed_docx: Path) -> None:
    import docx

    d = docx.Document(str(seed_docx))
    assert d.tables and len(d.tables[0].columns) == 2
    assert d.sections[0].different_first_page_header_footer


# -- real state documents shipped in tests/data/samples ---------------------------------------------

def corpus_doc(samples: dict[str, dict[str, Any]], ident: str) -> Document:
    return parse_text(samples[ident]["text"], source=ident)


@pytest.mark.parametrize("ident", ["lc-sct-4280-cv", "lc-ubnd-1696-qd"])
def test_corpus_state_documents_round_trip(samples: dict[str, dict[str, Any]], ident: str, tmp_path: Path) -> None:
    doc = corpus_doc(samples, ident)
    assert doc.number is not None and doc.signature is not None and doc.recipients
    back = round_trip(doc, tmp_path / f"{ident}.docx")
    assert key(back) == key(doc)
    assert layout_findings(back) == []


def test_state_cong_van_layout(samples: dict[str, dict[str, Any]], tmp_path: Path) -> None:
    doc = corpus_doc(samples, "lc-sct-4280-cv")
    path = tmp_path / "cv.docx"
    render_docx(doc, path)
    root = parts(path)["word/document.xml"]
    lines = texts(root)
    header = root.find(f"{W}body/{W}tbl")
    assert header is not None
    for border in header.find(f"{W}tblPr/{W}tblBorders"):  # type: ignore[union-attr]
        assert border.get(f"{W}val") == "nil"
    cells = header.findall(f"{W}tr/{W}tc")
    assert texts(cells[0])[:2] == ["UBND TỈNH LÀO CAI", "SỞ CÔNG THƯƠNG"]
    assert texts(cells[1])[:2] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    assert texts(cells[2])[0] == "Số: 4280/SCT-CN"
    assert texts(cells[2])[1].startswith("V/v hoàn thiện hồ sơ")
    assert texts(cells[3]) == ["Lào Cai, ngày 16 tháng 7 năm 2026"]
    table = [  # (text, size, bold, italic, underline) — Phụ lục I Mục V
        ("UBND TỈNH LÀO CAI", 13, False, False, False),
        ("SỞ CÔNG THƯƠNG", 13, True, False, False),
        ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 12, True, False, False),
        ("Độc lập - Tự do - Hạnh phúc", 13, True, False, False),
        ("Số: 4280/SCT-CN", 13, False, False, False),
        ("Lào Cai, ngày 16 tháng 7 năm 2026", 13, False, True, False),
        ("Kính gửi: Doanh nghiệp tư nhân Thành Hương Nghĩa Lộ", 14, False, False, False),
        ("Nơi nhận:", 12, True, True, False),
        ("- Lưu: VT, BP1C, CN(Khôi).", 11, False, False, False),
        ("KT. GIÁM ĐỐC", 14, True, False, False),
        ("PHÓ GIÁM ĐỐC", 14, True, False, False),
        ("Hoàng Văn Thuân", 14, True, False, False),
    ]
    for text, *look in table:
        assert list(run_look(para_with(root, text))) == look, text
    assert "- Như trên;" in lines
    body = para_with(root, "1. Về Giấy đề nghị cấp phép")  # a heading: bold
    assert run_look(body)[1]
    first = next(p for p in root.iter(f"{W}p") if "".join(p.itertext()).startswith("Ngày 14/7/2026"))
    ppr = first.find(f"{W}pPr")
    assert ppr is not None
    assert ppr.find(f"{W}jc").get(f"{W}val") == "both"  # type: ignore[union-attr]
    assert ppr.find(f"{W}ind").get(f"{W}firstLine") == "567"  # type: ignore[union-attr]
    assert int(ppr.find(f"{W}spacing").get(f"{W}after")) >= 120  # type: ignore[union-attr,arg-type]
    # hard-wrapped PDF lines are joined back into one paragraph, a split symbol is rejoined
    assert any("Bộ Công Thương H38.2-260713-0200005." in t for t in lines)


def test_state_quyet_dinh_layout(samples: dict[str, dict[str, Any]], tmp_path: Path) -> None:
    doc = corpus_doc(samples, "lc-ubnd-1696-qd")
    path = tmp_path / "qd.docx"
    render_docx(doc, path)
    root = parts(path)["word/document.xml"]
    assert run_look(para_with(root, "QUYẾT ĐỊNH")) == (14, True, False, False)
    assert doc.subject is not None and doc.subject.startswith("Về việc ủy quyền")
    subject = subject_line(doc)
    assert subject == doc.subject
    assert run_look(para_with(root, subject or "")) == (14, True, False, False)
    assert run_look(para_with(root, "QUYẾT ĐỊNH:"))[1]
    basis = next(p for p in root.iter(f"{W}p") if "".join(p.itertext()).startswith("Căn cứ Luật Tổ chức"))
    assert run_look(basis)[2]  # căn cứ lines italic
    article = next(p for p in root.iter(f"{W}p") if "".join(p.itertext()).startswith("Điều 1."))
    assert run_look(article)[1]
    appendix = next(p for p in root.iter(f"{W}p") if "".join(p.itertext()).startswith("PHỤ LỤC"))
    assert appendix.find(f"{W}pPr/{W}pageBreakBefore") is not None


def test_party_pdf_renders_and_round_trips(shared: Path, tmp_path: Path) -> None:
    """A real Party hướng dẫn read from its PDF (number not yet filled in: ``Số    -HD/BTCTU``)."""
    doc = parse_file(shared / "corpus" / "admin" / "files" / "hn-btctu-hd-huyhieu.pdf")
    assert doc.system == "party" and doc.number is not None and doc.number.number is None
    back = round_trip(doc, tmp_path / "huyhieu.docx")
    assert key(back) == key(doc)
    assert layout_findings(back) == []
    lines = texts(parts(tmp_path / "huyhieu.docx")["word/document.xml"])
    assert "Số        -HD/BTCTU" in lines and "THÀNH UỶ HÀ NỘI" in lines
    assert not any("  " in t for t in lines if t.startswith("Căn cứ Điều lệ Đảng"))  # PDF justification spaces


# -- generated documents: the round-trip property --------------------------------------------------

ISSUERS_STATE = [
    ("UBND TỈNH LÀO CAI", "SỞ CÔNG THƯƠNG", "SCT", "VP"),
    ("BỘ CÔNG THƯƠNG", "CỤC HÓA CHẤT", "HC", "QLHC"),
    (None, "ỦY BAN NHÂN DÂN TỈNH LÀO CAI", "UBND", "KT"),
    ("UBND TỈNH LÀO CAI", "SỞ XÂY DỰNG", "SXD", "QLGT"),
]
ISSUERS_PARTY = [
    ("TỈNH ỦY LÀO CAI", "BAN TUYÊN GIÁO", "BTGTU"),
    ("TỈNH ỦY LÀO CAI", "VĂN PHÒNG", "VPTU"),
    (None, "BAN CHẤP HÀNH TRUNG ƯƠNG", "TW"),
]
STATE_TYPES = [("Quyết định", "QĐ"), ("Kế hoạch", "KH"), ("Báo cáo", "BC"), ("Thông báo", "TB"), ("Công văn", None)]
PARTY_TYPES = [("Báo cáo", "BC"), ("Kế hoạch", "KH"), ("Hướng dẫn", "HD"), ("Thông báo", "TB")]
PLACES = ["Lào Cai", "Hà Nội", "Thành phố Hồ Chí Minh", "Đà Nẵng"]
SUBJECTS = [
    "tăng cường công tác văn thư, lưu trữ năm 2026",
    "triển khai chuyển đổi số trong cơ quan nhà nước",
    "Kết quả thực hiện nhiệm vụ quý I năm 2026",
    "tổ chức hội nghị sơ kết công tác 6 tháng đầu năm",
]
SENTENCES = [
    "Thực hiện Kế hoạch số 81/KH-UBND ngày 05/7/2025 của Ủy ban nhân dân tỉnh về chuyển đổi số.",
    "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ về công tác văn thư;",
    "Các cơ quan, đơn vị rà soát hồ sơ, tài liệu và báo cáo kết quả trước ngày 20 hằng tháng.",
    "Theo yêu cầu tại Công văn số 899/STTTT-TTBCBC ngày 10/8/2021 của Sở Thông tin và Truyền thông.",
    "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, đề nghị phản ánh kịp thời để được hướng dẫn.",
    "Tiếp tục thực hiện Chỉ thị số 07-CT/TW ngày 05/9/2016 của Ban Bí thư về công tác thông tin cơ sở.",
]
NOTES = ["Đăng trên Cổng thông tin điện tử tỉnh ngày 06/01/2026.", "Số liệu tính đến ngày 30/6/2026."]
SIGNERS = ["Nguyễn Văn An", "Hoàng Văn Thuân", "Trần Thị Bình", "Lê Minh Châu"]


@st.composite
def documents(draw: st.DrawFn) -> Document:
    party = draw(st.booleans())
    n = draw(st.integers(min_value=1, max_value=4999))
    date = draw(st.dates(min_value=dt.date(2016, 1, 1), max_value=dt.date(2030, 12, 31)))
    body = "\n\n".join(draw(st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=6, unique=True))) + "/."
    if party:
        parent, name, code = draw(st.sampled_from(ISSUERS_PARTY))
        tname, tcode = draw(st.sampled_from(PARTY_TYPES))
        number = parse_number(f"{n:02d}-{tcode}/{code}")
        position = draw(st.sampled_from(["PHÓ BÍ THƯ", "BÍ THƯ"]))
        sig = Signature(authority="T/M", authority_title="BAN THƯỜNG VỤ", position=position,
                        signer=draw(st.sampled_from(SIGNERS)), chain=("T/M BAN THƯỜNG VỤ",))
        recipients = ("Ban Thường vụ Tỉnh ủy", "Các huyện ủy, thành ủy", "Lưu Văn phòng Tỉnh ủy")
        addressees: tuple[str, ...] = ()
        urgency = None
    else:
        parent, name, code, unit = draw(st.sampled_from(ISSUERS_STATE))
        tname, tcode = draw(st.sampled_from(STATE_TYPES))
        number = parse_number(f"{n:02d}/{tcode}-{code}" if tcode else f"{n:02d}/{code}-{unit}",
                              dispatch=tcode is None)
        auth, title, position = draw(st.sampled_from([
            ("KT.", "GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"), ("TM.", "ỦY BAN NHÂN DÂN", "CHỦ TỊCH"), (None, None, "CỤC TRƯỞNG"),
        ]))
        chain = (f"{auth} {title}",) if auth else ()
        sig = Signature(authority=auth, authority_title=title, position=position,
                        signer=draw(st.sampled_from(SIGNERS)), chain=chain)
        recipients = ("Như trên", "Ban Giám đốc Sở", f"Lưu: VT, {code}")
        addressees = tuple(draw(st.lists(st.sampled_from(["Ủy ban nhân dân tỉnh Lào Cai", "Các sở, ban, ngành tỉnh",
                                                           "Sở Tài chính"]), min_size=1, max_size=3, unique=True))) \
            if tcode is None else ()
        urgency = None  # marks: see test_urgency_and_secrecy_marks
    notes: tuple[Footnote, ...] = ()
    if draw(st.booleans()):  # a footnote, its superscript marker after the first paragraph's last word
        first, sep, rest = body.partition("\n\n")
        body = first[:-1] + "¹" + first[-1] + sep + rest
        notes = (Footnote(marker="1", text=draw(st.sampled_from(NOTES))),)
    subject = draw(st.sampled_from(SUBJECTS))
    if tcode is not None:  # a named type's trích yếu opens with a capital (Về việc ..., Kết quả ...)
        subject = subject if subject[0].isupper() else "Về việc " + subject
    return Document(
        system="party" if party else "state", number=number, type=DocumentType(name=tname, code=tcode),
        issuer=Issuer(name=name, parent=parent, code=code), place=draw(st.sampled_from(PLACES)), date=date,
        subject=subject, body=body, signatures=(sig,), recipients=recipients, addressees=addressees,
        urgency=urgency, footnotes=notes,
    )


def comparable(doc: Document) -> dict[str, Any]:
    k = key(doc)
    k["references"] = sorted(c for c, _, _ in k["references"])
    k["footnotes"] = [f.text for f in doc.footnotes]
    return k


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(doc=documents())
def test_round_trip_generated(doc: Document, tmp_path: Path) -> None:
    source = parse_text(doc.body).references  # what the parser finds in the body alone
    doc = doc.model_copy(update={"references": source})
    back = parse_file(docx_bytes(doc))
    assert comparable(back) == comparable(doc)
    assert layout_findings(back) == []


def test_urgency_and_secrecy_marks_round_trip(tmp_path: Path) -> None:
    spec = json.loads((ROOT / "examples" / "minimal.json").read_text(encoding="utf-8"))
    plain = round_trip(document_from_data(spec), tmp_path / "plain.docx")
    back = round_trip(document_from_data({**spec, "urgency": "HỎA TỐC", "secrecy": "MẬT"}), tmp_path / "marks.docx")
    assert (back.urgency, back.secrecy) == ("HỎA TỐC", "MẬT")
    assert {**key(back), "urgency": None, "secrecy": None} == key(plain)  # the marks change nothing else


def test_urgency_and_secrecy_marks_layout(tmp_path: Path) -> None:
    spec = json.loads((ROOT / "examples" / "minimal.json").read_text(encoding="utf-8"))
    doc = document_from_data({**spec, "urgency": "Hỏa tốc", "secrecy": "MẬT"})
    render_docx(doc, tmp_path / "marks.docx")
    root = parts(tmp_path / "marks.docx")["word/document.xml"]
    cell = root.find(f"{W}body/{W}tbl/{W}tr[2]/{W}tc[1]")
    assert cell is not None
    lines = [t for t in texts(cell) if t]
    assert lines[-2:] == ["MẬT", "HỎA TỐC"]  # ô 10a then 10b, under the number and V/v
    for text in ("MẬT", "HỎA TỐC"):
        p = para_with(cell, text)
        assert run_look(p)[:2] == (13, True)
        assert p.find(f"{W}pPr/{W}pBdr/{W}left") is not None  # a single-line frame
        assert p.find(f".//{W}color").get(f"{W}val") == "FF0000"  # type: ignore[union-attr]


# -- settings, date rule, errors -----------------------------------------------------------------

@pytest.mark.parametrize(("place", "date", "expected"), [
    ("Hà Nội", dt.date(2020, 1, 5), "Hà Nội, ngày 05 tháng 01 năm 2020"),
    ("Thành phố Hồ Chí Minh", dt.date(2019, 6, 29), "Thành phố Hồ Chí Minh, ngày 29 tháng 6 năm 2019"),
    ("Lào Cai", dt.date(2026, 2, 9), "Lào Cai, ngày 09 tháng 02 năm 2026"),
    ("Lào Cai", dt.date(2026, 12, 10), "Lào Cai, ngày 10 tháng 12 năm 2026"),
    (None, dt.date(2026, 3, 1), "Ngày 01 tháng 3 năm 2026"),
    ("Lào Cai", None, "Lào Cai, ngày      tháng      năm"),
    (None, None, "……, ngày      tháng      năm"),
])
def test_date_line_zero_padding(place: str | None, date: dt.date | None, expected: str) -> None:
    assert date_line(Document(place=place, date=date)) == expected


def test_layout_settings_stay_in_range(tmp_path: Path) -> None:
    state = load_layout("state")
    wide = state.configured(margins={"left_mm": 35, "top_mm": 25}, sizes={"body": 13})
    doc = parse_text(SEED.read_text(encoding="utf-8"))
    render_docx(doc, tmp_path / "wide.docx", wide)
    sect = parts(tmp_path / "wide.docx")["word/document.xml"].find(f".//{W}pgMar")
    assert sect is not None and sect.get(f"{W}left") == "1984" and sect.get(f"{W}top") == "1417"
    with pytest.raises(OptionError, match="outside the allowed range"):
        state.configured(margins={"left_mm": 25})
    with pytest.raises(OptionError, match="outside the allowed range"):
        state.configured(sizes={"body": 12})
    with pytest.raises(OptionError, match="unknown layout"):
        load_layout("landscape")
    # the other transcription of HD 36 is a setting: Nơi nhận 12 bold italic, list 11
    ck95 = load_layout("party-ck95")
    assert ck95.style("recipients_label").italic and ck95.style("recipients").size == 11
    assert load_layout("party").style("recipients_label").underline


def test_render_needs_a_document_and_keeps_existing_file(tmp_path: Path) -> None:
    out = tmp_path / "out.docx"
    out.write_bytes(b"earlier work")
    with pytest.raises(InputError):
        render_docx({"number": "1/QĐ-UBND"}, out)  # type: ignore[arg-type]
    assert out.read_bytes() == b"earlier work"
    assert list(tmp_path.iterdir()) == [out]
    with pytest.raises(InputError, match="no such folder"):
        render_docx(parse_file(SEED), tmp_path / "missing" / "out.docx")


# -- the command line ----------------------------------------------------------------------------

def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "vanban", *args], capture_output=True, text=True, timeout=120,
                          encoding="utf-8")


def test_cli_render_minimal_example(tmp_path: Path) -> None:
    out = tmp_path / "minimal.docx"
    r = cli("render", str(ROOT / "examples" / "minimal.json"), "-o", str(out))
    assert r.returncode == 0, r.stderr
    back = parse_file(out)
    spec = json.loads((ROOT / "examples" / "minimal.json").read_text(encoding="utf-8"))
    assert back.number is not None and back.number.canonical == spec["number"]
    assert back.date == dt.date(2026, 3, 5) and back.subject == spec["subject"]
    assert back.recipients == tuple(spec["recipients"]) and back.addressees == tuple(spec["addressees"])
    assert [f.text for f in back.footnotes] == spec["footnotes"]
    assert "Sở Công Thương đề nghị" in back.body


def test_cli_render_from_parse_json_and_text(tmp_path: Path) -> None:
    js = tmp_path / "seed.json"
    js.write_text(cli("parse", str(SEED)).stdout, encoding="utf-8")
    for src in (js, SEED):
        out = tmp_path / f"{src.suffix[1:]}.docx"
        r = cli("render", str(src), "-o", str(out), "--size", "body=15")
        assert r.returncode == 0, r.stderr
        back = parse_file(out)
        assert back.number is not None and back.number.canonical == "85-BC/BTGTU"
        assert back.signature is not None and back.signature.signer == "Nguyễn Thiện Cẩm"


def words_before_notes(path: Path) -> list[str]:
    """The 30 characters of body text before each footnote reference, in order."""
    out = []
    for p in parts(path)["word/document.xml"].iter(f"{W}p"):
        seen = ""
        for el in p.iter(f"{W}t", f"{W}footnoteReference"):
            if el.tag == f"{W}t":
                seen += el.text or ""
            else:
                out.append(seen[-30:])
    return out


def test_footnotes_keep_their_place_through_json(tmp_path: Path) -> None:
    """Seed -> ``vanban parse --format json`` -> DOCX puts each note where the text path puts it."""
    js = tmp_path / "seed.json"
    js.write_text(cli("parse", "--format", "json", str(SEED)).stdout, encoding="utf-8")
    data = json.loads(js.read_text(encoding="utf-8"))
    assert "text" not in data and [n["body_offset"] for n in data["footnotes"]] == [
        n.body_offset for n in parse_file(SEED).footnotes]
    via_json, via_text = tmp_path / "json.docx", tmp_path / "text.docx"
    render_docx(parse_file(js), via_json)
    render_docx(parse_file(SEED), via_text)
    places = words_before_notes(via_json)
    assert places == words_before_notes(via_text) and len(places) == 3
    assert places[0].endswith("đi vào hoạt động") and all(not p.endswith("./.") for p in places)
    back = parse_file(via_json)  # the round trip holds from the JSON path too
    assert key(back) == key(parse_file(SEED))

    def marks(doc: Document) -> list[str]:
        return [" ".join(doc.body[: n.body_offset].split())[-25:] for n in doc.footnotes if n.body_offset is not None]

    assert marks(back) == marks(parse_file(SEED)) and len(marks(back)) == 3


@pytest.mark.parametrize(("content", "args", "message"), [
    ('{"number": 5', (), "not valid JSON"),
    ('{"number": "not a number"}', (), "field 'number'"),
    ('{"date": "2026-13-01"}', (), "field 'date'"),
    ('{"number": "15/QĐ-UBND"}', ("--margin", "left_mm=10"), "outside the allowed range"),
    ('{"number": "15/QĐ-UBND"}', ("--size", "body"), "NAME=NUMBER"),
])
def test_cli_bad_input_one_line(tmp_path: Path, content: str, args: tuple[str, ...], message: str) -> None:
    src = tmp_path / "in.json"
    src.write_text(content, encoding="utf-8")
    r = cli("render", str(src), "-o", str(tmp_path / "out.docx"), *args)
    assert r.returncode == 2
    assert message in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "out.docx").exists()


def test_cli_yaml_input(tmp_path: Path) -> None:
    src = tmp_path / "in.yaml"
    src.write_text('number: "15/QĐ-UBND"\ntype: "Quyết định"\nsubject: "Về việc thử"\n', encoding="utf-8")
    r = cli("render", str(src), "-o", str(tmp_path / "out.docx"))
    try:
        import yaml  # type: ignore[import-untyped]  # noqa: F401
    except ImportError:  # PyYAML is optional: a clear one-line error
        assert r.returncode == 2 and "needs PyYAML" in r.stderr and len(r.stderr.strip().splitlines()) == 1
        return
    assert r.returncode == 0, r.stderr
    back = parse_file(tmp_path / "out.docx")
    assert back.number is not None and back.number.canonical == "15/QĐ-UBND"


# -- issue 13: element order, markup, numbers, header breaks, frames, tables ------------------------------

ORDER = json.loads((Path(__file__).parent / "data" / "wordml_order.json").read_text(encoding="utf-8"))


def order_errors(root: etree._Element) -> list[str]:
    """Children out of the schema's sequence (``wordml_order.json``) or unknown to it, for every listed element."""
    errors = []
    for el in root.iter():
        name = etree.QName(el).localname
        seq = ORDER.get(name)
        if not isinstance(seq, list) or not el.tag.startswith(W):
            continue
        last = -1
        for child in el:
            cname = etree.QName(child).localname
            if cname in seq:
                k = seq.index(cname)
            elif "*" in seq:
                k = seq.index("*")
            else:
                errors.append(f"{name}/{cname}: not allowed")
                continue
            if k < last:
                errors.append(f"{name}: {cname} after {seq[last]}")
            last = max(last, k)
    return errors


def test_order_checker_flags_wrong_order() -> None:
    bad = etree.fromstring(f'<w:p xmlns:w="{W[1:-1]}"><w:pPr><w:pageBreakBefore/><w:keepNext/></w:pPr></w:p>')
    assert order_errors(bad) == ["pPr: keepNext after pageBreakBefore"]


def rendered_parts(tmp_path: Path) -> list[tuple[str, etree._Element]]:
    """Every XML part of documents that use every element the renderer writes."""
    spec = json.loads((ROOT / "examples" / "minimal.json").read_text(encoding="utf-8"))
    marks = document_from_data({**spec, "urgency": "KHẨN", "secrecy": "MẬT"})
    seed = parse_file(SEED)
    table_doc = parse_file(ROOT / "examples" / "quyet-dinh.json")
    table = Table.from_rows([["TT", "Họ và tên", "Chức vụ"], ["1", "Nguyễn Văn A", "Tổ trưởng"]])
    table_doc = table_doc.model_copy(update={"appendix": "DANH SÁCH\n" + "\n".join(table.lines()),
                                             "tables": (table.model_copy(update={"part": "appendix"}),)})
    out = []
    for k, doc in enumerate((marks, seed, table_doc)):
        path = tmp_path / f"{k}.docx"
        render_docx(doc, path)
        out += sorted(parts(path).items())
    return out


def test_every_part_follows_the_schema_order(tmp_path: Path) -> None:
    for name, root in rendered_parts(tmp_path):
        assert order_errors(root) == [], name


def test_markdown_markup_becomes_formatting(seed_docx: Path, seed: Document) -> None:
    assert seed.body.count("*") >= 20  # the seed marks titles with *...*
    root = parts(seed_docx)["word/document.xml"]
    lines = [line for line in texts(root) if line != "*"]  # "*" alone is the Party header's mark under the issuer
    assert sum(line.count("*") for line in lines) == 0
    italic = [t.text for t in root.iter(f"{W}t")
              if t.getparent().find(f"{W}rPr/{W}i") is not None  # type: ignore[union-attr]
              and t.getparent().find(f"{W}rPr/{W}i").get(f"{W}val") is None]  # type: ignore[union-attr]
    assert any("Tìm hiểu Văn kiện" in (t or "") for t in italic)


@pytest.mark.parametrize(("number", "printed"), [
    ("7/QĐ-UBND", "Số: 07/QĐ-UBND"), ("07/QĐ-UBND", "Số: 07/QĐ-UBND"), ("15/QĐ-UBND", "Số: 15/QĐ-UBND"),
    ("3/2024/NĐ-CP", "Số: 03/2024/NĐ-CP"), ("9/SCT-VP", "Số: 09/SCT-VP"),
])
def test_numbers_under_ten_are_padded_when_rendered(number: str, printed: str, tmp_path: Path) -> None:
    spec = json.loads((ROOT / "examples" / "minimal.json").read_text(encoding="utf-8"))
    doc = document_from_data({**spec, "number": number})
    render_docx(doc, tmp_path / "n.docx")
    assert printed in texts(parts(tmp_path / "n.docx")["word/document.xml"])
    assert doc.number is not None and doc.number.canonical == number  # the model keeps what was given


@pytest.mark.parametrize(("name", "lines"), [
    ("ỦY BAN NHÂN DÂN TỈNH LÀO CAI", ["ỦY BAN NHÂN DÂN", "TỈNH LÀO CAI"]),
    ("ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI", ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ HÀ NỘI"]),
    ("ỦY BAN NHÂN DÂN THỊ XÃ SA PA", ["ỦY BAN NHÂN DÂN", "THỊ XÃ SA PA"]),
    ("ỦY BAN NHÂN DÂN XÃ BẢN XEN", ["ỦY BAN NHÂN DÂN", "XÃ BẢN XEN"]),
    ("HỘI ĐỒNG NHÂN DÂN HUYỆN BẢO THẮNG", ["HỘI ĐỒNG NHÂN DÂN", "HUYỆN BẢO THẮNG"]),
    ("BẢO HIỂM XÃ HỘI TỈNH LÀO CAI", ["BẢO HIỂM XÃ HỘI", "TỈNH LÀO CAI"]),
    ("SỞ CÔNG THƯƠNG", ["SỞ CÔNG THƯƠNG"]),
])
def test_header_names_break_between_organ_and_place(name: str, lines: list[str], tmp_path: Path) -> None:
    spec = json.loads((ROOT / "examples" / "quyet-dinh.json").read_text(encoding="utf-8"))
    render_docx(document_from_data({**spec, "issuer": {"name": name}}), tmp_path / "h.docx")
    cell = parts(tmp_path / "h.docx")["word/document.xml"].find(f"{W}body/{W}tbl/{W}tr[1]/{W}tc[1]")
    assert cell is not None
    p = cell.find(f"{W}p")
    assert p is not None
    shown = "".join("\n" if el.tag == f"{W}br" else el.text or "" for el in p.iter(f"{W}t", f"{W}br"))
    assert shown.split("\n") == lines


def test_urgency_frames_are_8_mm_high(tmp_path: Path) -> None:
    spec = json.loads((ROOT / "examples" / "minimal.json").read_text(encoding="utf-8"))
    render_docx(document_from_data({**spec, "urgency": "THƯỢNG KHẨN"}), tmp_path / "u.docx")
    p = para_with(parts(tmp_path / "u.docx")["word/document.xml"], "THƯỢNG KHẨN")
    spacing, top = p.find(f"{W}pPr/{W}spacing"), p.find(f"{W}pPr/{W}pBdr/{W}top")
    assert spacing is not None and top is not None and spacing.get(f"{W}lineRule") == "exact"
    line_pt = int(spacing.get(f"{W}line", "0")) / 20
    frame_pt = line_pt + 2 * (int(top.get(f"{W}sz", "0")) / 8 + int(top.get(f"{W}space", "0")))
    assert frame_pt * 25.4 / 72 == pytest.approx(8, abs=0.1)


def test_signature_gap_and_subject_rule_follow_the_layout(tmp_path: Path) -> None:
    spec = json.loads((ROOT / "examples" / "quyet-dinh.json").read_text(encoding="utf-8"))
    lay = load_layout("state")
    widths = []
    for subject in ("Về việc thành lập Tổ kiểm tra", spec["subject"] + " và các đơn vị trực thuộc Sở Công Thương"):
        render_docx(document_from_data({**spec, "subject": subject}), tmp_path / "s.docx")
        root = parts(tmp_path / "s.docx")["word/document.xml"]
        rule = next(p for p in root.iter(f"{W}p") if p.find(f"{W}pPr/{W}pBdr/{W}top") is not None
                    and p.getprevious() is not None and "".join(p.getprevious().itertext()) == subject)
        ind = rule.find(f"{W}pPr/{W}ind")
        assert ind is not None
        widths.append(round((165 * 56.69 - 2 * int(ind.get(f"{W}left", "0"))) / 56.69))
        gap = next(p for p in root.iter(f"{W}p") if p.find(f"{W}pPr/{W}spacing[@{W}lineRule='exact']") is not None
                   and not "".join(p.itertext()) and p.getparent().tag == f"{W}tc")  # type: ignore[union-attr]
        spacing = gap.find(f"{W}pPr/{W}spacing")
        assert spacing is not None
        assert int(spacing.get(f"{W}line", "0")) / 20 * 25.4 / 72 == pytest.approx(lay.signature_gap_mm, abs=0.2)
    # one third to one half of the subject's printed width: a short subject gets a short rule
    assert widths[0] < widths[1] and 10 <= widths[0] <= 40


def test_nothing_after_the_signature_table(seed_docx: Path) -> None:
    body = parts(seed_docx)["word/document.xml"].find(f"{W}body")
    assert body is not None
    assert [etree.QName(el).localname for el in body][-2:] == ["tbl", "sectPr"]
    last_body_para = body.findall(f"{W}p")[-2]  # the spacer before the tail table is the last
    assert last_body_para.find(f"{W}pPr/{W}keepNext") is not None
    assert body.findall(f"{W}p")[-1].find(f"{W}pPr/{W}keepNext") is not None
    styles = parts(seed_docx)["word/styles.xml"]
    assert styles.find(f".//{W}pPrDefault/{W}pPr/{W}widowControl") is not None


def test_appendix_table_round_trips_from_a_pdf(shared: Path, tmp_path: Path) -> None:
    """A quyết định's appendix table read from the gazette PDF comes back from the DOCX as the same table."""
    doc = parse_file(shared / "corpus" / "files" / "congbao-469699.pdf")
    tables = [t for t in doc.tables if t.part == "appendix"]
    assert tables and tables[0].header_rows == 1
    head = [c.text for c in tables[0].rows[0]]
    assert head[:2] == ["TT", "Nhiệm vụ, giải pháp"] and len(tables[0].rows) > 20
    render_docx(doc, tmp_path / "qd.docx")
    root = parts(tmp_path / "qd.docx")["word/document.xml"]
    tbl = [t for t in root.iter(f"{W}tbl") if t.find(f"{W}tblPr/{W}tblBorders/{W}top[@{W}val='single']") is not None]
    assert len(tbl) == 1 and tbl[0].find(f"{W}tr/{W}trPr/{W}tblHeader") is not None
    fonts = {f.get(f"{W}ascii") for f in tbl[0].iter(f"{W}rFonts")}
    assert fonts == {"Times New Roman"}
    attached = next(p for p in root.iter(f"{W}p") if "".join(p.itertext()).startswith("(Kèm theo Quyết định"))
    assert attached.find(f"{W}pPr/{W}jc").get(f"{W}val") == "center"  # type: ignore[union-attr]
    assert run_look(attached)[2]  # italic
    sizes = {int(s.get(f"{W}val", "0")) for p in root.iter(f"{W}p") if p.getparent().tag == f"{W}body"  # type: ignore[union-attr]
             and "Kèm theo" in "".join(p.itertext()) for s in p.iter(f"{W}sz")}
    assert sizes == {28}  # the appendix in the body's 14 pt
    back = parse_file(tmp_path / "qd.docx")
    assert [[c.text for c in r] for r in back.tables[0].rows] == [[c.text for c in r] for r in tables[0].rows]
    assert back.tables[0].part == "appendix" and back.tables[0].header_rows == 1


def test_table_spans_round_trip(tmp_path: Path) -> None:
    """Merged cells (across columns and down rows) are written as gridSpan/vMerge and read back."""
    doc = parse_file(ROOT / "examples" / "quyet-dinh.json")
    table = Table(header_rows=1, part="appendix", rows=(
        (TableCell(text="TT"), TableCell(text="Nội dung", col_span=2), TableCell(text="Ghi chú")),
        (TableCell(text="1"), TableCell(text="Kiểm tra", row_span=2), TableCell(text="Quý I"), TableCell(text="")),
        (TableCell(text="2"), TableCell(text="Quý II"), TableCell(text="Báo cáo")),
    ))
    doc = doc.model_copy(update={"appendix": "DANH MỤC\n" + "\n".join(table.lines()), "tables": (table,)})
    render_docx(doc, tmp_path / "t.docx")
    back = parse_file(tmp_path / "t.docx")
    assert len(back.tables) == 1
    assert back.tables[0].rows == table.rows and back.tables[0].part == "appendix"


def test_table_builder_for_other_readers() -> None:
    """``Table.from_rows`` is the one builder readers use (the HTML reader too)."""
    t = Table.from_rows([["TT", " Nội   dung "], ["1", "Rà soát"]])
    assert t.header_rows == 1 and t.lines() == ["TT | Nội dung", "1 | Rà soát"]


def test_pdf_paragraph_across_a_page_break_stays_one() -> None:
    """Lines the parser re-joined across a page break (longer than a wrapped line) do not cut the paragraph."""
    para = max(parse_file(SEED).body.split("\n"), key=len)
    words_ = para.split()
    lines, current = [], ""
    for w in words_:
        if len(current) + len(w) + 1 > 85:
            lines.append(current)
            current = w
        else:
            current = f"{current} {w}".strip()
    lines.append(current)
    assert len(lines) >= 5
    joined = [*lines[:2], lines[2] + " " + lines[3], *lines[4:]]  # the page break fell after line 3
    assert len(joined[2]) > 130
    assert reflow("\n".join(joined)) == [" ".join(words_)]
    assert reflow("\n".join(lines)) == [" ".join(words_)]

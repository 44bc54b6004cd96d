"""``parse_file``: any input chosen by content — text in every encoding, DOCX, PDF — and bad input refused."""

from __future__ import annotations

import codecs
import io
import json
import pickle
import re
import sys
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt
from pypdf import PdfWriter

from vanban import Document, InputError, UnsupportedFormatError, parse_file, parse_text
from vanban.models import Paragraph

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from accuracy import number_key

from vanban.cli import main
from vanban.readers.encodings import decode_legacy, encode_legacy
from vanban.readers.glyphs import repair_glyphs
from vanban.readers.pdf import rejoin_split_words

from .conftest import SAMPLES

SEED = Path(__file__).resolve().parents[1] / "examples" / "bao-cao-85-BC-BTGTU.txt"


def fields(doc: Document) -> dict[str, Any]:
    """The fields a reader must carry over: number, type, issuer, date, signer, recipients, references."""
    sig = doc.signature
    return {
        "number": doc.number.canonical if doc.number else None,
        "type": doc.type.name if doc.type else None,
        "issuer": doc.issuer.name if doc.issuer else None,
        "date": doc.date,
        "signer": sig.signer if sig else None,
        "recipients": doc.recipients,
        "references": [r.canonical for r in doc.references],
    }


# --- text in every encoding -----------------------------------------------------------------------

def _encode(text: str, enc: str) -> bytes:
    if enc == "utf-8-sig":
        return codecs.BOM_UTF8 + text.encode("utf-8")
    if enc == "utf-16":
        return text.encode("utf-16")  # with BOM
    if enc in ("utf-8", "utf-16-le"):
        return text.encode(enc)
    return encode_legacy(text, enc)


@pytest.mark.parametrize("enc", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "windows-1258", "tcvn3", "vni"])
def test_seed_in_every_encoding_reads_as_the_utf8_seed(enc: str) -> None:
    text = SEED.read_text(encoding="utf-8")
    doc = parse_file(_encode(text, enc))
    assert doc.encoding == enc
    assert doc.format == "text"
    if enc == "tcvn3":  # TCVN3 has no upper-case toned letters: a plain-text file loses them to lower case
        text = decode_legacy(encode_legacy(text, "tcvn3"), "tcvn3")
    assert doc.text == parse_text(text).text
    assert fields(doc) == fields(parse_text(text))
    assert doc.number is not None and doc.number.canonical == "85-BC/BTGTU"


@pytest.mark.parametrize(("raw", "enc", "text"), [
    (b"H\xb5 N\xe9i, ng\xb5y 05 th\xb8ng 3 n\xa8m 2020", "tcvn3", "Hà Nội, ngày 05 tháng 3 năm 2020"),
    (b"Co\xe4ng ho\xf8a xa\xf5 ho\xe4i chu\xfb ngh\xf3a Vie\xe4t Nam", "vni", "Cộng hòa xã hội chủ nghĩa Việt Nam"),
    (b"\xd1o\xe4c la\xe4p - T\xf6\xef do - Ha\xefnh phu\xf9c", "vni", "Độc lập - Tự do - Hạnh phúc"),
    (b"Vi\xea\xf2t Nam, ng\xe0y", "windows-1258", "Việt Nam, ngày"),
])
def test_legacy_bytes_decode_to_nfc(raw: bytes, enc: str, text: str) -> None:
    out = decode_legacy(raw, enc)
    assert out == text
    assert out == __import__("unicodedata").normalize("NFC", out)


def test_legacy_text_file_is_detected_not_named() -> None:
    body = "Kính gửi: Ủy ban nhân dân tỉnh Lào Cai\nĐược sự đồng ý của Thường trực Tỉnh ủy, Ban Tổ chức hướng dẫn."
    for enc in ("tcvn3", "vni", "windows-1258"):
        doc = parse_file(encode_legacy(body, enc))
        assert doc.encoding == enc
        assert "Được sự đồng ý" in doc.text


# --- DOCX --------------------------------------------------------------------------------------------

HEADER_TEXT = """UBND TỈNH LÀO CAI
SỞ CÔNG THƯƠNG
Số: 1234/SCT-QLNL
V/v triển khai thực hiện Nghị định số 161/2024/NĐ-CP
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Lào Cai, ngày 15 tháng 6 năm 2026

Kính gửi: Ủy ban nhân dân các huyện, thị xã, thành phố

Thực hiện Công văn số 600/UBND-KT ngày 03/6/2026 của Ủy ban nhân dân tỉnh về việc triển khai Nghị định số 161/2024/NĐ-CP ngày 18 tháng 12 năm 2024 của Chính phủ, Sở Công Thương đề nghị các đơn vị thực hiện.
Đề nghị các đơn vị báo cáo kết quả trước ngày 30/6/2026./.
Nơi nhận:
- Như trên;
- Ban Giám đốc Sở;
- Lưu: VT, QLNL.
KT. GIÁM ĐỐC
PHÓ GIÁM ĐỐC



Hoàng Văn Thuân
"""


def _cell(cell: Any, lines: list[tuple[str, bool, float]]) -> None:
    first = True
    for text, bold, size in lines:
        p = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = p.add_run(text)
        run.bold = bold
        run.font.size = Pt(size)
        run.font.name = "Times New Roman"


def office_docx(*, footnote: bool = False) -> bytes:
    """A công văn laid out the way a văn thư office does: two borderless header and foot tables."""
    d = docx.Document()
    sec = d.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.top_margin, sec.bottom_margin, sec.left_margin, sec.right_margin = Mm(20), Mm(20), Mm(30), Mm(15)
    head = d.add_table(rows=1, cols=2)
    _cell(head.cell(0, 0), [("UBND TỈNH LÀO CAI", False, 13), ("SỞ CÔNG THƯƠNG", True, 13),
                            ("Số: 1234/SCT-QLNL", False, 13),
                            ("V/v triển khai thực hiện Nghị định số 161/2024/NĐ-CP", False, 12)])
    _cell(head.cell(0, 1), [("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True, 13), ("Độc lập - Tự do - Hạnh phúc", True, 14),
                            ("Lào Cai, ngày 15 tháng 6 năm 2026", False, 14)])
    d.add_paragraph("")
    p = d.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.add_run("Kính gửi: Ủy ban nhân dân các huyện, thị xã, thành phố").font.size = Pt(14)
    body = d.add_paragraph()
    body.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    body.paragraph_format.first_line_indent = Mm(10)
    r = body.add_run("Thực hiện Công văn số 600/UBND-KT ngày 03/6/2026 của Ủy ban nhân dân tỉnh về việc triển khai "
                     "Nghị định số 161/2024/NĐ-CP ngày 18 tháng 12 năm 2024 của Chính phủ, Sở Công Thương đề nghị "
                     "các đơn vị thực hiện.")
    r.font.size = Pt(14)
    r.font.name = "Times New Roman"
    if footnote:
        body.add_run("FOOTNOTE_HERE")
    d.add_paragraph("Đề nghị các đơn vị báo cáo kết quả trước ngày 30/6/2026./.")
    data = d.add_table(rows=2, cols=3)
    for i, row in enumerate((("STT", "Đơn vị", "Số liệu"), ("1", "Huyện Bát Xát", "12"))):
        for j, v in enumerate(row):
            data.cell(i, j).text = v
    foot = d.add_table(rows=1, cols=2)
    _cell(foot.cell(0, 0), [("Nơi nhận:", True, 12), ("- Như trên;", False, 11), ("- Ban Giám đốc Sở;", False, 11),
                            ("- Lưu: VT, QLNL.", False, 11)])
    _cell(foot.cell(0, 1), [("KT. GIÁM ĐỐC", True, 14), ("PHÓ GIÁM ĐỐC", True, 14), ("", False, 14),
                            ("", False, 14), ("Hoàng Văn Thuân", True, 14)])
    buf = io.BytesIO()
    d.save(buf)
    out = buf.getvalue()
    return _add_footnote(out) if footnote else out


_FOOTNOTES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:id="1"><w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteRef/></w:r>'
    '<w:r><w:t xml:space="preserve"> Theo Quyết định số 52/2016/QĐ-TTg ngày 06/12/2016.</w:t></w:r></w:p></w:footnote>'
    '</w:footnotes>'
)


def _add_footnote(data: bytes) -> bytes:
    """Give a python-docx file a real Word footnote (footnotes part, relationship, reference run)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            part = src.read(info.filename)
            if info.filename == "word/document.xml":
                part = re.sub(rb"<w:r>(?:(?!<w:r>).)*?FOOTNOTE_HERE</w:t></w:r>",
                              b'<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
                              b'<w:footnoteReference w:id="1"/></w:r>', part, flags=re.S)
            elif info.filename == "word/_rels/document.xml.rels":
                part = part.replace(b"</Relationships>", b'<Relationship Id="rIdFn" Type="http://schemas.'
                                    b'openxmlformats.org/officeDocument/2006/relationships/footnotes" '
                                    b'Target="footnotes.xml"/></Relationships>')
            elif info.filename == "[Content_Types].xml":
                part = part.replace(b"</Types>", b'<Override PartName="/word/footnotes.xml" ContentType="application/'
                                    b'vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>')
            z.writestr(info, part)
        z.writestr("word/footnotes.xml", _FOOTNOTES)
    return out.getvalue()


PARTY_TEXT = """TỈNH ỦY LÀO CAI
BAN TUYÊN GIÁO
*
ĐẢNG CỘNG SẢN VIỆT NAM
Số 85-BC/BTGTU
Lào Cai, ngày 20 tháng 8 năm 2021

BÁO CÁO
Kết quả thực hiện Kế hoạch số 81-KH/TU, ngày 05-7-2017 của Ban Thường vụ Tỉnh ủy

Theo yêu cầu Công văn số 899/STTTT-TTBCBC, ngày 10-8-2021 của Sở Thông tin và Truyền thông, Ban Tuyên giáo Tỉnh ủy báo cáo như sau.
Nơi nhận:
- Sở Thông tin và Truyền thông,
- Lưu Văn phòng Ban.
K/T TRƯỞNG BAN
PHÓ TRƯỞNG BAN



Nguyễn Thiện Cẩm
"""


def party_docx() -> bytes:
    """A Party báo cáo whose header table has two rows (issuer | Party title; number | place and date)."""
    d = docx.Document()
    head = d.add_table(rows=2, cols=2)
    _cell(head.cell(0, 0), [("TỈNH ỦY LÀO CAI", False, 14), ("BAN TUYÊN GIÁO", True, 14), ("*", False, 14)])
    _cell(head.cell(0, 1), [("ĐẢNG CỘNG SẢN VIỆT NAM", True, 15)])
    _cell(head.cell(1, 0), [("Số 85-BC/BTGTU", False, 14)])
    _cell(head.cell(1, 1), [("Lào Cai, ngày 20 tháng 8 năm 2021", False, 14)])
    d.add_paragraph("")
    for line in PARTY_TEXT.split("\n")[7:11]:
        d.add_paragraph(line)
    foot = d.add_table(rows=1, cols=2)
    _cell(foot.cell(0, 0), [("Nơi nhận:", False, 14), ("- Sở Thông tin và Truyền thông,", False, 12),
                            ("- Lưu Văn phòng Ban.", False, 12)])
    _cell(foot.cell(0, 1), [("K/T TRƯỞNG BAN", True, 14), ("PHÓ TRƯỞNG BAN", True, 14), ("", False, 14),
                            ("", False, 14), ("Nguyễn Thiện Cẩm", True, 14)])
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_party_docx_with_two_row_header_round_trips() -> None:
    doc = parse_file(party_docx())
    want = fields(parse_text(PARTY_TEXT))
    assert want["number"] == "85-BC/BTGTU" and want["signer"] == "Nguyễn Thiện Cẩm"
    assert fields(doc) == want
    assert doc.party_title == "ĐẢNG CỘNG SẢN VIỆT NAM" and doc.system == "party"


def test_office_docx_round_trips_the_same_fields_as_its_text() -> None:
    doc = parse_file(office_docx())
    assert doc.format == "docx"
    want = fields(parse_text(HEADER_TEXT))
    assert want["number"] == "1234/SCT-QLNL" and want["signer"] == "Hoàng Văn Thuân"
    assert fields(doc) == want
    assert doc.subject == parse_text(HEADER_TEXT).subject
    assert doc.addressees == ("Ủy ban nhân dân các huyện, thị xã, thành phố",)


def test_docx_keeps_styles_margins_and_body_tables() -> None:
    doc = parse_file(office_docx())
    assert doc.page is not None
    assert (doc.page.width_mm, doc.page.height_mm, doc.page.left_mm, doc.page.right_mm) == (210.0, 297.0, 30.0, 15.0)
    assert doc.page.orientation == "portrait"
    by_text = {p.text: p for p in doc.paragraphs}
    motto = by_text["Độc lập - Tự do - Hạnh phúc"]
    assert motto.style.bold is True and motto.style.size_pt == 14 and motto.alignment == "center"
    assert motto.table == 0 and motto.cell == (0, 1)
    body = next(p for p in doc.paragraphs if p.text.startswith("Thực hiện Công văn"))
    assert body.alignment == "justify" and body.first_line_indent_cm == 1.0
    assert body.style.font == "Times New Roman" and body.style.bold is not True
    for p in doc.paragraphs:  # spans point into the text
        assert p.span is not None and doc.text[p.span.start:p.span.end] == p.text
    assert "1 | Huyện Bát Xát | 12" in doc.text


def test_docx_word_footnote_becomes_a_footnote() -> None:
    doc = parse_file(office_docx(footnote=True))
    notes = [n for n in doc.footnotes if "52/2016/QĐ-TTg" in n.text]
    assert len(notes) == 1
    note = notes[0]
    assert note.marker == "1" and note.anchor is not None
    assert doc.text[note.anchor.start:note.anchor.end] == "¹"
    assert doc.text[note.anchor.start - 1] == "."  # right after the sentence it annotates
    assert "52/2016/QĐ-TTg" in [r.canonical for r in doc.references]
    assert fields(doc)["number"] == "1234/SCT-QLNL"


def test_docx_tcvn3_fonts_convert_and_upper_case_font_gives_capitals() -> None:
    d = docx.Document()
    for text, font in (("UBND TỉNH LàO CAI", ".VnTime"), ("bé c«ng th­¬ng", ".VnTimeH"),
                       ("Hµ Néi, ngµy 05 th¸ng 3 n¨m 2020", ".VnTime"), ("b¸o c¸o", ".VnTimeH")):
        d.add_paragraph().add_run(text).font.name = font
    buf = io.BytesIO()
    d.save(buf)
    doc = parse_file(buf.getvalue())
    lines = [p.text for p in doc.paragraphs]
    assert lines[1] == "BỘ CÔNG THƯƠNG"
    assert lines[2] == "Hà Nội, ngày 05 tháng 3 năm 2020"
    assert lines[3] == "BÁO CÁO"
    assert doc.encoding == "tcvn3"
    assert doc.type is not None and doc.type.name == "Báo cáo"


def test_docx_vni_font_converts() -> None:
    d = docx.Document()
    d.add_paragraph().add_run("Co\xe4ng ho\xf8a xa\xf5 ho\xe4i chu\xfb ngh\xf3a Vie\xe4t Nam").font.name = "VNI-Times"
    d.add_paragraph().add_run("\xd1o\xe4c la\xe4p - T\xf6\xef do - Ha\xefnh phu\xf9c").font.name = "VNI-Times"
    d.add_paragraph().add_run("Hà Nội").font.name = "Times New Roman"  # Unicode runs are left alone
    buf = io.BytesIO()
    d.save(buf)
    doc = parse_file(buf.getvalue())
    assert [p.text for p in doc.paragraphs] == ["Cộng hòa xã hội chủ nghĩa Việt Nam", "Độc lập - Tự do - Hạnh phúc",
                                               "Hà Nội"]
    assert doc.encoding == "vni"


def test_docx_list_numbering_labels_are_drawn() -> None:
    d = docx.Document()
    for text, style in (("Phạm vi điều chỉnh", "List Number"), ("Đối tượng áp dụng", "List Number"),
                        ("Giải thích từ ngữ", "List Number"), ("Gạch đầu dòng", "List Bullet")):
        d.add_paragraph(text, style=style)
    buf = io.BytesIO()
    d.save(buf)
    doc = parse_file(buf.getvalue())
    assert [p.text for p in doc.paragraphs] == ["1. Phạm vi điều chỉnh", "2. Đối tượng áp dụng", "3. Giải thích từ ngữ",
                                               "- Gạch đầu dòng"]


def test_nd30_table_numbering_and_articles() -> None:
    text = parse_file(SAMPLES / "nd30-2020-phuluc3.docx").text
    assert "\n1.  | Nghị quyết (cá biệt) | NQ\n" in text and "\n21.  | Giấy uỷ quyền | GUQ\n" in text


_TEXT_BOX = (
    '<mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
    '<mc:Choice Requires="wps"><w:drawing><w:txbxContent><w:p><w:r><w:t>ĐẢNG CỘNG SẢN VIỆT NAM</w:t></w:r></w:p>'
    '<w:p><w:r><w:t>Lào Cai, ngày 05 tháng 4 năm 2026</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice>'
    '<mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>ĐẢNG CỘNG SẢN VIỆT NAM</w:t></w:r></w:p></w:txbxContent>'
    '</w:pict></mc:Fallback></mc:AlternateContent>'
)


def test_docx_text_box_header_is_read_once() -> None:
    d = docx.Document()
    for text in ("TỈNH ỦY LÀO CAI", "BOX", "Số 12-BC/TU", "BÁO CÁO", "Tình hình thực hiện nhiệm vụ quý I năm 2026"):
        d.add_paragraph(text)
    buf = io.BytesIO()
    d.save(buf)
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    parts = {n: src.read(n) for n in src.namelist()}
    parts["word/document.xml"] = parts["word/document.xml"].replace(
        b"<w:t>BOX</w:t>", b"</w:r><w:r>" + _TEXT_BOX.encode())
    doc = parse_file(_zip(parts))
    assert doc.text.count("ĐẢNG CỘNG SẢN VIỆT NAM") == 1
    assert doc.party_title == "ĐẢNG CỘNG SẢN VIỆT NAM"
    assert doc.date is not None and doc.date.isoformat() == "2026-04-05"
    assert doc.number is not None and doc.number.canonical == "12-BC/TU"


def test_docx_is_told_by_content_not_name(tmp_path: Path) -> None:
    path = tmp_path / "cong-van.txt"
    path.write_bytes(office_docx())
    assert parse_file(path).format == "docx"


def test_edxml_is_told_by_content_and_read(tmp_path: Path) -> None:
    from vanban.exchange.edxml import to_edxml

    path = tmp_path / "goi-tin.pdf"
    path.write_bytes(to_edxml(parse_file(office_docx())))
    doc = parse_file(path)
    assert doc.format == "edxml"
    assert doc.number is not None and doc.number.canonical == "1234/SCT-QLNL"


# --- real files -------------------------------------------------------------------------------------

def _manifest(shared: Path) -> list[dict[str, Any]]:
    with (shared / "corpus" / "files" / "manifest.jsonl").open(encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def test_gazette_pdfs_give_their_number_and_type(shared: Path) -> None:
    rows = [m for m in _manifest(shared) if m["format"] == "pdf"]
    assert len(rows) == 12
    numbers = types = signed = 0
    for m in rows:
        doc = parse_file(shared / "corpus" / "files" / m["file"])
        assert doc.format == "pdf"
        assert "CÔNG BÁO/Số" not in doc.text  # running headers removed
        numbers += number_key(doc.number.canonical if doc.number else None) == number_key(m["truth"]["number_key"])
        types += (doc.type.name if doc.type else None) == m["truth"]["type"]
        portal = [e for e in doc.digital_signatures if e.organisation and e.time]
        signed += bool(portal)
        assert doc.signature is None or doc.signature.signer not in {e.organisation for e in portal}
    # congbao-42949 is a page range that stops before the consolidated text's number (its text does too)
    assert numbers >= 11 and types == 12
    assert signed >= 11  # the portal's e-signature field, read as a record (one file has none)


def test_gazette_pdf_signature_field_is_a_digital_signature_not_the_signer(shared: Path) -> None:
    doc = parse_file(shared / "corpus" / "files" / "congbao-469580.pdf")
    assert doc.digital_signatures
    e = doc.digital_signatures[-1]
    assert e.organisation and "CÔNG BÁO" in e.organisation and e.time and e.time.startswith("2026-06-02")
    assert doc.signature is None or "CÔNG BÁO" not in (doc.signature.signer or "")


def test_pdf_with_only_an_owner_password_is_read(shared: Path) -> None:
    from pypdf import PdfReader

    original = shared / "corpus" / "admin" / "files" / "hn-btctu-hd-huyhieu.pdf"
    w = PdfWriter(clone_from=PdfReader(original))
    w.encrypt(user_password="", owner_password="chi-van-thu", algorithm="RC4-128")
    buf = io.BytesIO()
    w.write(buf)
    assert fields(parse_file(buf.getvalue())) == fields(parse_file(original))


def test_nd30_docx_files_parse(shared: Path) -> None:
    files = shared / "corpus" / "files"
    main_doc = parse_file(files / "nd30-2020-main.docx")
    assert main_doc.number is not None and main_doc.number.canonical == "30/2020/NĐ-CP"
    assert main_doc.signature is not None and main_doc.signature.signer == "Nguyễn Xuân Phúc"
    assert main_doc.date is not None and main_doc.date.isoformat() == "2020-03-05"
    for k in range(1, 7):
        doc = parse_file(files / f"nd30-2020-phuluc{k}.docx")
        assert doc.format == "docx" and doc.paragraphs


@pytest.fixture(scope="module")
def admin_pairs(admin: list[dict[str, Any]], shared: Path) -> list[tuple[str, dict[str, Any], dict[str, Any]]]:
    """(id, fields from the original file, fields from the extracted text) for each admin original."""
    rows = [r for r in admin if r.get("original_file")]
    return [(r["id"], fields(parse_file(shared / "corpus" / "admin" / r["original_file"])), fields(parse_text(r["text"])))
            for r in rows]


@pytest.mark.parametrize("field", ["number", "type", "issuer", "date", "signer", "recipients", "references"])
def test_admin_originals_give_the_fields_their_text_gives(admin_pairs: list[tuple[str, dict[str, Any], dict[str, Any]]],
                                                          field: str) -> None:
    assert len(admin_pairs) == 5
    for doc_id, from_file, from_text in admin_pairs:
        assert from_file[field] == from_text[field], doc_id


# --- PDF repairs ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("raw", "want"), [
    ("CỘNG HÕA XÃ HỘI CHỦ NGHĨA VIỆT NAM; VÕ VĂN KIỆT; KHÕE", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM; VÕ VĂN KIỆT; KHÒE"),
    ("VÕ VĂN KIỆT; HÕA", "VÕ VĂN KIỆT; HÕA"),  # no national-title evidence: left alone
    ("Bộ trƣởng hƣớng dẫn", "Bộ trưởng hướng dẫn"),
])
def test_broken_glyph_maps_are_repaired(raw: str, want: str) -> None:
    assert repair_glyphs(raw) == want


def test_layout_gaps_inside_words_are_closed() -> None:
    plain = "sắp xếp thôn, tổ dân phố theo quy định. Số: 21/CT-TTg"
    layout = "sắp xếp thôn, t      ổ dân phố theo quy đ    ịnh.\nSố: 21/CT   -TTg          Hà Nội"
    assert rejoin_split_words(layout, plain) == "sắp xếp thôn, tổ dân phố theo quy định.\nSố: 21/CT-TTg          Hà Nội"
    # spaces typed in the text (the plain extraction has them too) are not a column gap
    assert rejoin_split_words("- Các tỉnh ủy, thành ủy,    đảng ủy", "Các tỉnh ủy, thành ủy,    đảng ủy") == (
        "- Các tỉnh ủy, thành ủy, đảng ủy")
    # justified spacing closes; a wide column gap stays even when the plain text runs the columns together
    assert rejoin_split_words("Độc lập -  Tự    do -  Hạnh phúc", "Độc lập - Tự do - Hạnh phúc") == (
        "Độc lập - Tự do - Hạnh phúc")
    assert rejoin_split_words("Số:  982/QĐ-TTg          Hà Nội", "Số:  982/QĐ-TTg Hà Nội") == (
        "Số: 982/QĐ-TTg          Hà Nội")


# --- bad input --------------------------------------------------------------------------------------

def _zip(parts: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return buf.getvalue()


def _with_document_xml(xml: bytes) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(office_docx()))
    parts = {n: src.read(n) for n in src.namelist()}
    parts["word/document.xml"] = xml
    return _zip(parts)


_WML = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _body_xml(body: str) -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{_WML}"><w:body>{body}</w:body>'
            "</w:document>").encode()


def _p(text: str, extra: str = "") -> str:
    return f"<w:p>{extra}<w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>"


def _sect(w: int, h: int, left: int) -> str:
    return f'<w:sectPr><w:pgSz w:w="{w}" w:h="{h}"/><w:pgMar w:top="1134" w:bottom="1134" w:left="{left}" w:right="851"/></w:sectPr>'


def _long_broken_docx() -> bytes:
    """A body of many paragraphs whose XML breaks near its end (read a block at a time, the break is met late)."""
    xml = _body_xml(_p("Số: 15/QĐ-UBND") + _p("Căn cứ Nghị định số 30/2020/NĐ-CP.") * 3000)
    return _with_document_xml(xml[: len(xml) - 200] + b"<w:p><w:r></w:p>")


def test_docx_body_blocks_in_order_with_content_controls_and_section_breaks() -> None:
    body = (_p("Số: 15/QĐ-UBND")
            + "<w:sdt><w:sdtPr/><w:sdtContent>" + _p("Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05/3/2020;")
            + "</w:sdtContent></w:sdt>"
            + _p("Điều 1. Phạm vi.", "<w:pPr>" + _sect(16838, 11906, 1701) + "</w:pPr>")
            + '<w:tbl><w:tblPr><w:tblBorders><w:top w:val="single"/></w:tblBorders></w:tblPr><w:tr><w:tc>'
            + _p("Ô một") + "</w:tc><w:tc>" + _p("Ô hai") + "</w:tc></w:tr></w:tbl>"
            + "<w:bookmarkStart w:id=\"0\" w:name=\"x\"/>" + _p("Điều 2. Hiệu lực.")
            + _sect(11906, 16838, 1701))
    doc = parse_file(_with_document_xml(_body_xml(body)))
    lines = [ln for ln in doc.text.split("\n") if ln]
    assert lines == ["Số: 15/QĐ-UBND", "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05/3/2020;", "Điều 1. Phạm vi.",
                     "Ô một | Ô hai", "Điều 2. Hiệu lực."]
    assert [p.text for p in doc.paragraphs] == [*lines[:3], "Ô một", "Ô hai", lines[4]]
    assert [p.section for p in doc.paragraphs] == [0, 0, 0, 1, 1, 1]
    assert [s.orientation for s in doc.sections] == ["landscape", "portrait"]
    assert doc.page is not None and doc.page.orientation == "portrait" and doc.page.left_mm == 30.0
    assert [r.canonical for r in doc.references] == ["30/2020/NĐ-CP"]
    assert len(doc.tables) == 1 and [[c.text for c in row] for row in doc.tables[0].rows] == [["Ô một", "Ô hai"]]


def test_docx_paragraphs_equal_their_validated_copies() -> None:
    # made without validation (Paragraph.of), looks shared: the same values, types and JSON as validated ones
    for data in (office_docx(footnote=True), party_docx(), *(p.read_bytes() for p in sorted(SAMPLES.glob("*.docx")))):
        doc = parse_file(data)
        assert len(doc.paragraphs) > 5
        for par in doc.paragraphs:
            valid = Paragraph(**{name: getattr(par, name) for name in Paragraph.model_fields})
            again = Paragraph.model_validate_json(par.model_dump_json())
            # (repr: a value of another type, an int where validation gives a float, shows there; == does not tell)
            assert par == valid == again and repr(par) == repr(valid) and par.model_dump_json() == again.model_dump_json()
            assert par.model_fields_set == valid.model_fields_set and pickle.loads(pickle.dumps(par)) == valid
            assert par.model_copy(update={"index": -1}).index == -1 and par == valid  # the copy changed only itself


def _encrypted_pdf() -> bytes:
    w = PdfWriter()
    w.add_blank_page(595, 842)
    w.encrypt(user_password="bimat", owner_password="bimat", algorithm="RC4-128")
    buf = io.BytesIO()
    w.write(buf)
    return buf.getvalue()


def _scanned_pdf() -> bytes:
    w = PdfWriter()
    w.add_blank_page(595, 842)
    w.add_blank_page(595, 842)
    buf = io.BytesIO()
    w.write(buf)
    return buf.getvalue()


def _pdf_bomb() -> bytes:
    """A page whose content stream inflates past pypdf's 75 MB output limit."""
    import zlib

    from pypdf.generic import NameObject, StreamObject

    w = PdfWriter()
    page = w.add_blank_page(595, 842)
    stream = StreamObject()
    stream._data = zlib.compress(b"BT /F1 12 Tf (x) Tj ET " + b" " * 80_000_000, 9)
    stream[NameObject("/Filter")] = NameObject("/FlateDecode")
    page[NameObject("/Contents")] = w._add_object(stream)
    buf = io.BytesIO()
    w.write(buf)
    return buf.getvalue()


def _corrupt_docx() -> bytes:
    data = bytearray(office_docx())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as z:
        info = z.getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    for k in range(start + 10, start + 60):
        data[k] ^= 0x5A  # damage the compressed data: CRC or inflate fails
    return bytes(data)


def _ole2_doc(stream: str = "WordDocument") -> bytes:
    head = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    return head + stream.encode("utf-16-le") + b"\x00" * 1024


XXE = (b'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
       b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r>'
       b"<w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>")
LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
          + b"".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">'.encode()
                     for i in range(1, 10))
          + b']><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p>'
          b"<w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>")

BAD_INPUTS: list[tuple[str, Any, type[Exception], str]] = [
    ("encrypted PDF", _encrypted_pdf, UnsupportedFormatError, "password"),
    ("PDF without text layer", _scanned_pdf, InputError, "no text"),
    ("truncated PDF", lambda: b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R", InputError, "PDF"),
    ("truncated DOCX", lambda: office_docx()[:3000], InputError, "ZIP"),
    ("corrupt DOCX", _corrupt_docx, InputError, "corrupt"),
    ("zip bomb", lambda: _zip({"word/document.xml": b"\x00" * (4 << 20)}), InputError, "zip bomb"),
    ("XML external entity", lambda: _with_document_xml(XXE), InputError, "entities"),
    ("XML entity expansion", lambda: _with_document_xml(LAUGHS), InputError, "entities"),
    ("DOCX whose XML breaks late", _long_broken_docx, InputError, "broken XML"),
    ("DOCX without a body", lambda: _with_document_xml(f'<w:document xmlns:w="{_WML}"/>'.encode()), InputError,
     "no body"),
    ("legacy .doc", _ole2_doc, UnsupportedFormatError, "convert it to .docx"),
    ("password-protected DOCX", lambda: _ole2_doc("EncryptedPackage"), UnsupportedFormatError, "password"),
    ("PDF decompression bomb", _pdf_bomb, InputError, "decompression bomb"),
    ("not an edXML root", lambda: b'<?xml version="1.0"?><edXMLEnvelope xmlns="http://www.mic.gov.vn/TBT/'
     b'QCVN_102_2016"/>', InputError, "not <edXML>"),
    ("broken image", lambda: b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, InputError, "image"),
    ("broken UTF-8", lambda: "Số 85-BC/BTGTU ".encode() + b"\xff\xfe", InputError, "not valid UTF-8"),
    ("binary", lambda: bytes(range(256)) * 4, InputError, "binary"),
]


@pytest.mark.parametrize(("name", "make", "error", "message"), BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
def test_bad_input_is_refused_clearly(name: str, make: Any, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=re.escape(message)) as e:
        parse_file(make())
    assert "\n" not in str(e.value)


def test_file_above_the_size_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(SEED.read_bytes())
    with pytest.raises(InputError, match="limit"):
        parse_file(path, max_bytes=1000)
    with pytest.raises(InputError, match="limit"):
        parse_file(SEED.read_bytes(), max_bytes=1000)


def test_real_legacy_doc_is_refused_with_advice(shared: Path) -> None:
    with pytest.raises(UnsupportedFormatError, match=r"\.doc is not supported; convert it to \.docx"):
        parse_file(shared / "corpus" / "files" / "nd30-2020-phuluc1.doc")


def test_cli_parses_docx_and_refuses_doc_in_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "cv.docx"
    good.write_bytes(office_docx())
    assert main(["parse", str(good)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["format"] == "docx" and out["number"]["canonical"] == "1234/SCT-QLNL"
    bad = tmp_path / "old.doc"
    bad.write_bytes(_ole2_doc())
    assert main(["parse", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "convert it to .docx" in err


def test_json_description_reads_back_what_parse_printed(tmp_path: Path) -> None:
    from vanban.cli.parse import document_json

    from .conftest import SEED

    doc = parse_file(SEED)
    described = tmp_path / "seed-description"  # no extension: the content tells
    described.write_text(json.dumps(document_json(doc), ensure_ascii=False), encoding="utf-8")
    back = parse_file(described)
    assert back.number == doc.number and back.references == doc.references and back.signatures == doc.signatures
    assert back.body == doc.body and back.incoming_stamp == doc.incoming_stamp
    (tmp_path / "bad.json").write_text('{"number": "not a number"}', encoding="utf-8")
    with pytest.raises(InputError, match="field 'number'"):
        parse_file(tmp_path / "bad.json")


# --- every kind of input, and every refusal an InputError naming the input ---------------------------------

def _input_cases(tmp: Path) -> list[tuple[str, Any, str | None]]:
    (tmp / "folder.txt").mkdir()
    (tmp / "dangling.txt").symlink_to(tmp / "gone.txt")
    return [
        ("path str", str(SEED), None),
        ("Path", SEED, None),
        ("bytes", SEED.read_bytes(), None),
        ("bytearray", bytearray(SEED.read_bytes()), None),
        ("open rb", SEED.open("rb"), None),
        ("BytesIO", io.BytesIO(SEED.read_bytes()), None),
        ("missing", str(tmp / "nope.txt"), "nope.txt: No such file or directory"),
        ("folder", tmp / "folder.txt", "is a folder, not a document"),
        ("dangling link", tmp / "dangling.txt", "dangling.txt: a link to a missing file"),
        ("text as a path", SEED.read_text(encoding="utf-8"), "is document text, not a path; use parse_text"),
        ("long one-line name", "x" * 300 + ".txt", "file name too long (if this is the document's text"),
        ("NUL in path", "a\x00b.txt", "cannot contain a NUL"),
        ("text mode file", SEED.open(encoding="utf-8"), "opened in text mode; open it with 'rb'"),
        ("int", 42, "not int"),
    ]


def test_parse_file_takes_paths_bytes_and_binary_files_and_refuses_the_rest(tmp_path: Path) -> None:
    for label, source, message in _input_cases(tmp_path):
        if message is None:
            doc = parse_file(source)
            assert doc.number is not None and doc.number.canonical == "85-BC/BTGTU", label
        else:
            with pytest.raises(InputError) as e:
                parse_file(source)
            assert message in str(e.value), label
            assert "\n" not in str(e.value), label


@pytest.mark.parametrize(("label", "data", "fmt"), [
    ("OCR text opening with a bracket", "[OCR] [Bản trích chữ tự động từ bản quét]\n\n" + SEED.read_text("utf-8"),
     "text"),
    ("text opening with a brace", "{Bản nháp}\nSố: 12/SCT-VP\nV/v thử nghiệm\n", "text"),
    ("JSON without the description's shape", '{"name": "vanban", "version": "1", "type": "module"}', "text"),
    ("JSON list of numbers", "[1, 2, 3]", "text"),
    ("description", '{"number": "15/SCT-VP", "type": "Công văn", "subject": "thử"}', "description"),
    ("description in a list", '[{"number": "15/SCT-VP", "subject": "thử"}]', "description"),
    ("description with a misspelt key", '{"number": "15/SCT-VP", "subject": "x", "isuer": "SỞ"}', "description"),
])
def test_description_is_told_by_parsing_and_shape(label: str, data: str, fmt: str) -> None:
    from vanban.readers.sniff import sniff

    assert sniff(data.encode("utf-8")) == fmt, label


def test_ocr_text_starting_with_brackets_reads_as_text() -> None:
    data = ("[OCR] [Bản trích chữ tự động bằng tesseract từ bản quét — 2 trang]\n\n" + SEED.read_text("utf-8")).encode()
    doc = parse_file(data)
    assert doc.format == "text" and doc.number is not None and doc.number.canonical == "85-BC/BTGTU"


@pytest.mark.parametrize("depth", [5_000, 200_000])
def test_deeply_nested_json_is_an_input_error_not_a_recursion_error(tmp_path: Path, depth: int) -> None:
    from vanban.readers.description import read_description

    data = b'{"number": ' + b"[" * depth + b"]" * depth + b"}"
    with pytest.raises(InputError, match="nested too deeply"):
        read_description(data, "deep.json")
    f = tmp_path / "deep.json"
    f.write_bytes(data)
    with pytest.raises(InputError, match=r"deep\.json: JSON nested too deeply"):
        parse_file(f)
    assert parse_file(b"[" * depth).format == "text"  # no name, no description: text, without a crash


def test_a_named_json_that_is_no_description_says_why(tmp_path: Path) -> None:
    f = tmp_path / "package.json"
    f.write_text('{"name": "x", "version": "1"}', encoding="utf-8")
    with pytest.raises(InputError, match=r"package\.json: not a document description"):
        parse_file(f)


MADE = sorted((Path(__file__).parent / "data" / "scans").glob("*.json"))


@pytest.fixture(scope="module")
def printed_made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Document, Path]]:
    """The made documents (tests/data/scans, written for the OCR bench) rendered to DOCX and printed to
    PDF by LibreOffice: a PDF's layout text, indented paragraphs and no blank line under the trích yếu."""
    scans = pytest.importorskip("tests.scans", reason="the OCR extra (Pillow, pypdfium2) is not installed")
    if scans.soffice() is None:
        pytest.skip("printing DOCX needs the Debian packages libreoffice-writer-nogui fonts-liberation2")
    from vanban import render_docx
    from vanban.readers.description import read_description

    work = tmp_path_factory.mktemp("made")
    wanted = {src.stem: read_description(src.read_bytes(), str(src)) for src in MADE}
    docxs = [render_docx(doc, work / f"{name}.docx") for name, doc in wanted.items()]
    pdfs = scans.docxs_to_pdfs(docxs, work)
    return {name: (doc, pdf) for (name, doc), pdf in zip(wanted.items(), pdfs, strict=True)}


@pytest.mark.parametrize("name", [m.stem for m in MADE])
def test_printed_pdf_gives_the_fields_it_was_made_from(printed_made: dict[str, tuple[Document, Path]],
                                                       name: str) -> None:
    """Công văn, quyết định, chỉ thị, giấy mời, Party texts... printed to PDF read back every field."""
    from tests.scans import field_values

    want, pdf = printed_made[name]
    assert field_values(parse_file(pdf)) == field_values(want)

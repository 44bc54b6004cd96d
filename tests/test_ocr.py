"""``parse_file`` on scans: documents printed through LibreOffice, scanned (200 dpi, skew, noise, JPEG),
read with OCR and compared field by field with the reading of the PDF's text layer; the seed's ĐẾN
stamp drawn on its rendered page; handwriting that cannot be read; word boxes and confidences.

Needs the Debian packages tesseract-ocr, tesseract-ocr-vie (OCR) and libreoffice-writer-nogui,
fonts-liberation2 (printing); the tests skip naming them when absent. The full sweep is bench/ocr.py.
"""

from __future__ import annotations

import io
import itertools
import json
from pathlib import Path
from typing import Any

import pytest

from vanban import parse_file, parse_text, render_docx, validate
from vanban.cli import main
from vanban.errors import OcrUnavailableError
from vanban.readers import read_description

from .conftest import ROOT, SEED

ocr = pytest.importorskip("vanban.readers.ocr")
scans = pytest.importorskip("tests.scans", reason="the OCR extra (Pillow, pypdfium2) is not installed")

needs_ocr = pytest.mark.skipif(not ocr.ocr_available(),
                               reason="OCR needs the Debian packages tesseract-ocr tesseract-ocr-vie")
needs_soffice = pytest.mark.skipif(scans.soffice() is None,
                                   reason="printing DOCX needs the Debian packages libreoffice-writer-nogui "
                                          "fonts-liberation2")
DPI = 200


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """Two variants and the seed rendered to DOCX and printed to PDF through LibreOffice."""
    if scans.soffice() is None:
        pytest.skip("printing DOCX needs the Debian packages libreoffice-writer-nogui fonts-liberation2")
    work = tmp_path_factory.mktemp("printed")
    out: dict[str, bytes] = {}
    for name in ("quyet-dinh-sct", "cong-van-bo-noi-vu", "thong-bao-ubnd-huyen"):
        src = ROOT / "tests" / "data" / "scans" / f"{name}.json"
        docx = render_docx(read_description(src.read_bytes(), str(src)), work / f"{name}.docx")
        out[name] = scans.docx_to_pdf(docx, work).read_bytes()
    docx = render_docx(parse_text(SEED.read_text(encoding="utf-8")), work / "seed.docx")
    out["seed"] = scans.docx_to_pdf(docx, work).read_bytes()
    return out


def _tiff(pages: list[Any]) -> bytes:
    buf = io.BytesIO()
    pages[0].save(buf, format="TIFF", save_all=True, append_images=pages[1:], dpi=(DPI, DPI), compression="tiff_lzw")
    return buf.getvalue()


EXACT = ("number", "type", "date", "issuer", "signer")


def _similar(a: str | None, b: str | None) -> float:
    from rapidfuzz.distance import Levenshtein

    return 1 - Levenshtein.normalized_distance(a or "", b or "")


SCANS = [  # (document, how it is scanned, skew, noise seed)
    ("cong-van-bo-noi-vu", "tiff", 1.5, 0),  # two pages in one TIFF, noise, JPEG-damaged
    ("quyet-dinh-sct", "pdf", -2.0, 0),  # image-only PDF
    # Tesseract reads the foot's two columns (Nơi nhận | TL. CHỦ TỊCH / CHÁNH VĂN PHÒNG) into each other
    # unless the foot is read column by column
    ("thong-bao-ubnd-huyen", "pdf", -0.5, 5),
]


@needs_ocr
@needs_soffice
@pytest.mark.parametrize(("name", "kind", "skew", "seed"), SCANS, ids=[s[0] for s in SCANS])
def test_scan_gives_every_field_the_text_layer_gives(printed: dict[str, bytes], name: str, kind: str, skew: float,
                                                     seed: int) -> None:
    pdf = printed[name]
    want = scans.field_values(parse_file(pdf))
    if kind == "tiff":
        images = [scans.degrade(p, skew=skew, noise=0.002, jpeg=70, seed=i) for i, p in
                  enumerate(scans.rasterise(pdf, DPI))]
        doc = parse_file(_tiff(images))
        assert doc.format == "image" and len(doc.ocr.pages) == len(images) > 1
    else:
        doc = parse_file(scans.scan_of(pdf, dpi=DPI, skew=skew, seed=seed), jobs=2)
        assert doc.format == "pdf"
    assert all(want[f] for f in ("number", "type", "date", "issuer", "signer", "subject", "recipients"))
    got = scans.field_values(doc)
    assert {f: got[f] for f in EXACT} == {f: want[f] for f in EXACT}
    # small print (subject in bold 14 pt, recipients in 11 pt) may lose a tone mark at 200 dpi
    assert _similar(got["subject"], want["subject"]) >= 0.97
    assert len(got["recipients"]) == len(want["recipients"])
    assert min(_similar(a, b) for a, b in zip(got["recipients"], want["recipients"], strict=True)) >= 0.8
    # word boxes: each word's span holds its text, its box lies on its page; fields carry confidences
    assert doc.ocr is not None and doc.ocr.engine == "tesseract"
    placed = [w for w in doc.ocr.words if w.span is not None]  # page numbers and running heads are dropped
    assert len(placed) >= 0.95 * len(doc.ocr.words)
    for w in doc.ocr.words:
        assert w.span is None or doc.text[w.span.start:w.span.end] == w.text
        page = doc.ocr.pages[w.page - 1]
        assert 0 <= w.bbox[0] < w.bbox[2] <= page.width_pt + 1 and 0 <= w.bbox[1] < w.bbox[3] <= page.height_pt + 1
    assert {"number", "issuer", "date", "subject", "signer", "recipients"} <= set(doc.ocr.fields)
    number_words = [w for w in doc.ocr.words if w.span and doc.number and doc.number.span
                    and doc.number.span.start <= w.span.start < doc.number.span.end]
    assert doc.ocr.fields["number"].min == min(w.confidence for w in number_words)
    assert abs(doc.ocr.pages[0].skew) >= abs(skew) - 0.2  # the skew was found and undone
    for w in doc.ocr.words:  # a word the lexicon corrected keeps Tesseract's reading and is reported
        assert w.read is None or (w.read != w.text and w.span is not None)
    corrected = {w.span for w in doc.ocr.words if w.read is not None}
    assert corrected <= {f.span for f in validate(doc).findings if f.rule == "VB701"}


def _stamped_seed_page(pdf: bytes, **hand: str) -> Any:
    """Page 1 of the printed seed, moved down 30 mm, with the seed's ĐẾN stamp in the top margin."""
    from PIL import Image

    page = scans.rasterise(pdf, DPI, [0])[0]
    sheet = Image.new("RGB", page.size, (255, 255, 255))
    sheet.paste(page, (0, int(30 * DPI / 25.4)))
    stamped = scans.draw_stamp(sheet, DPI, {"receiver": "SỞ THÔNG TIN VÀ TRUYỀN THÔNG", "number": "783",
                                            "date": "20/8/21"}, at=(0.5, 0.01), hand=hand or None)
    return scans.degrade(stamped, skew=1.2, noise=0.001, jpeg=75)


@needs_ocr
@needs_soffice
def test_seed_stamp_read_and_handwriting_not_guessed(printed: dict[str, bytes], tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    typed, scrawled = tmp_path / "typed.png", tmp_path / "scrawled.jpg"
    _stamped_seed_page(printed["seed"]).save(typed, dpi=(DPI, DPI))
    _stamped_seed_page(printed["seed"], number="", date="").save(scrawled, dpi=(DPI, DPI), quality=80)
    assert main(["parse", "--jobs", "2", "--format", "jsonl", str(typed), str(scrawled)]) == 0
    first, second = (json.loads(line) for line in capsys.readouterr().out.splitlines())
    stamp = first["incoming_stamp"]
    assert (stamp["number"], stamp["date"]) == (783, "2021-08-20")
    assert "THÔNG TIN" in stamp["receiver"]
    assert first["type"]["name"] == "Báo cáo" and first["subject"].startswith("Kết quả triển khai")
    assert not [n for n in first["notes"] if "not readable" in n]
    assert second["incoming_stamp"] is not None
    assert second["incoming_stamp"]["number"] is None and second["incoming_stamp"]["date"] is None
    unread = [n for n in second["notes"] if "incoming stamp" in n and "not readable" in n]
    assert len(unread) == 2 and "not guessed" in unread[0]


@needs_ocr
@needs_soffice
def test_pdf_page_without_text_layer_is_read_with_ocr(printed: dict[str, bytes]) -> None:
    from pypdf import PdfReader, PdfWriter

    text_pdf = printed["cong-van-bo-noi-vu"]
    scanned = PdfReader(io.BytesIO(scans.scan_of(text_pdf, dpi=DPI, skew=0.8, pages=[-1])))
    writer = PdfWriter()
    reader = PdfReader(io.BytesIO(text_pdf))
    for page in reader.pages[:-1]:
        writer.add_page(page)
    writer.add_page(scanned.pages[0])
    buf = io.BytesIO()
    writer.write(buf)
    want = scans.field_values(parse_file(text_pdf))
    doc = parse_file(buf.getvalue())
    assert any("no text layer: read with OCR" in n for n in doc.notes)
    got = scans.field_values(doc)
    assert (got["signer"], got["recipients"], got["number"]) == (want["signer"], want["recipients"], want["number"])


@needs_ocr
def test_low_confidence_fields_are_noted_and_reported_by_the_validator(monkeypatch: pytest.MonkeyPatch) -> None:
    from PIL import Image, ImageDraw, ImageFilter, ImageFont

    page = Image.new("L", (1654, 2339), 255)
    d = ImageDraw.Draw(page)
    font = ImageFont.truetype(str(scans.FONTS / "DejaVuSerif.ttf"), 30)
    d.text((180, 150), "UBND TỈNH LÀO CAI", font=font)
    d.text((780, 150), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", font=font)
    d.text((180, 195), "SỞ CÔNG THƯƠNG", font=font)
    d.text((860, 195), "Độc lập - Tự do - Hạnh phúc", font=font)
    d.text((200, 280), "Số: 125/QĐ-SCT", font=font)
    d.text((860, 280), "Lào Cai, ngày 09 tháng 02 năm 2026", font=font)
    d.text((700, 420), "QUYẾT ĐỊNH", font=font)
    d.text((300, 470), "Về việc thành lập Tổ kiểm tra công tác văn thư năm 2026", font=font)
    blurred = page.filter(ImageFilter.GaussianBlur(2.2)).resize((827, 1170)).resize((1654, 2339))
    buf = io.BytesIO()
    blurred.save(buf, format="PNG", dpi=(DPI, DPI))
    monkeypatch.setattr(ocr, "LOW_CONFIDENCE", 90.0)  # a blurred page reads at 75-90: all of it is "low"
    doc = parse_file(buf.getvalue())
    low = {k for k, v in doc.ocr.fields.items() if v.mean < ocr.LOW_CONFIDENCE}
    assert low, doc.ocr.fields
    note = next(n for n in doc.notes if n.startswith("ocr: low confidence"))
    assert all(name in note for name in low)
    findings = [f for f in validate(doc).findings if f.rule == "VB702"]
    assert len(findings) == len(low) and all(f.severity == "info" for f in findings)


LEXICON = [  # (a line as Tesseract read it, the corrections expected)
    ("Về việc thành lập Tổ kiếm tra công tác văn thư, lưu trữ", [("kiếm", "kiểm")]),
    ("về đấy mạnh công tác thông tỉn cơ sở", [("đấy", "đẩy"), ("tỉn", "tin")]),
    ("UBND tỉnh (đế báo cáo)", [("(đế", "(để")]),
    ("Phòng Tuyền truyền", [("Tuyền", "Tuyên")]),
    ("ỦY BAN THƯỜNG VỤ QUÓC HỘI", [("QUÓC", "QUỐC")]),
    ("BỘ KÉ HOẠCH VÀ ĐÀU TƯ", [("KÉ", "KẾ"), ("ĐÀU", "ĐẦU")]),
    ("SỬA ĐỎI, BỎ SUNG MỘT SÓ ĐIÊU CỦA LUẬT BẢO HIẾM Y TẾ",
     [("ĐỎI,", "ĐỔI,"), ("BỎ", "BỔ"), ("SÓ", "SỐ"), ("ĐIÊU", "ĐIỀU"), ("HIẾM", "HIỂM")]),
    ("VIÊN KIÊM SÁT NHÂN DÂN TỐI CAO", [("VIÊN", "VIỆN"), ("KIÊM", "KIỂM")]),  # adjacent slips in capitals
    ("THÀNH UÝỶ HÀ NỘI", [("UÝỶ", "ỦY")]), ("BAN THƯỜNG VỤ HUYỆN UÝỶ", [("UÝỶ", "ỦY")]),  # a letter read twice
    # a word that ends a phrase (a mark, a spaced dash or the paragraph's end after it): Đảng ends many,
    # đăng (before ký, tải) almost none
    ("MỘT SỐ VẤN ĐỀ THI HÀNH ĐIỀU LỆ ĐĂNG", [("ĐĂNG", "ĐẢNG")]), ("thi hành Điều lệ Đăng.", [("Đăng.", "Đảng.")]),
    ("ĐIỀU LỆ ĐÀNG - Căn cứ", [("ĐÀNG", "ĐẢNG")]),
    ("Nơi nhân:", [("nhân:", "nhận:")]),  # both end phrases as often: the pair with Nơi decides
    # a number after a word: số before it, not sơ
    ("Nghị định sơ 85/2024/NĐ-CP", [("sơ", "số")]),
    # left alone: right text, names of people, codes and numbers
    ("quy định chi tiết Luật Giá số 16/2023/QH15", []),  # "đánh giá sơ bộ" makes "giá sơ" known
    ("hồ sơ 12 bộ tài liệu", []), ("tổng số 15 đảng viên", []), ("trong 12 tháng", []),
    ("việc đăng ký kinh doanh", []), ("Giấy chứng nhận ĐĂNG KÝ", []), ("Điều 5. Đăng ký", []), ("đã đăng tải.", []),
    ("bình đẳng.", []), ("của Đảng.", []), ("tham gia", []), ("chỉ đạo", []), ("chỉ thị", []), ("theo địa chỉ.", []),
    ("Độc lập - Tự do - Hạnh phúc", []), ("ĐỘC LẬP - TỰ DO", []),
    ("đại hội chi bộ nhiệm kỳ 2026 - 2028", []),  # "bổ nhiệm" is far more common, but "chi bộ" is known
    ("tố giác, tin báo về tội phạm; xét xử sơ thẩm", []),
    ("Bùi Văn Khắng", []), ("Giàng A Lử", []), ("Trần Thị Minh Hằng", []),
    ("Số: 15/SCT-VP", []), ("Hà Nội, ngày 05 tháng 3 năm 2020", []),
]


@pytest.mark.parametrize(("line", "expected"), LEXICON, ids=[c[0][:30] for c in LEXICON])
def test_tone_mark_slips_corrected_by_context_and_nothing_else(line: str, expected: list[tuple[str, str]]) -> None:
    from vanban.readers.lexicon import correct_line

    assert [(c.read, c.text) for c in correct_line(line.split())] == expected


GLYPHS = [  # (a line as Tesseract read it, the line as corrected)
    ("VX% về việc chuẩn bị tổng kết", "V/v về việc chuẩn bị tổng kết"), ("V⁄%v về việc", "V/v về việc"),
    ("'TỈNH ỦY HÀ TĨNH", "TỈNH ỦY HÀ TĨNH"),
    ("- Lưu: VT,NV.", "- Lưu: VT, NV."), ("- Lưu VF.", "- Lưu VT."), ("- Lưu: VI, TH.", "- Lưu: VT, TH."),
    ("Hà Nội, ngày I8 tháng 1] năm 2O22", "Hà Nội, ngày 18 tháng 11 năm 2022"),
    ("thông qua ngày 27 tháng lÌ năm 2024.", "thông qua ngày 27 tháng 11 năm 2024."),
    ("Luật số: 51/2024/QHIS", "Luật số: 51/2024/QH15"),
    ("KT.CHÁNH ÁN", "KT. CHÁNH ÁN"), ("T/L.BỘ TRƯỞNG", "T/L. BỘ TRƯỞNG"), ("T.M.ỦY BAN NHÂN DÂN", "T.M. ỦY BAN NHÂN DÂN"),
    ("KTCHÁNH ÁN", "KTCHÁNH ÁN"), ("VIỆN KIỂM SÁT NHÂN DÂN TỐI CAO- TÒA ÁN", "VIỆN KIỂM SÁT NHÂN DÂN TỐI CAO - TÒA ÁN"),
    ("TM.Ủy ban", "TM.Ủy ban"),
    ("Số: 21L/CT-TTg", "Số: 21/CT-TTg"), ("Số: 1l/2024/TT-BTC", "Số: 1/2024/TT-BTC"),
    ("của Luật Giá sơ 16/2023/QH15 được", "của Luật Giá số 16/2023/QH15 được"),
    ("của Luật Giá số 16/2023/QH15 được", "của Luật Giá số 16/2023/QH15 được"),  # read right: kept
    ("Nghị định sô 12/2024/NĐ-CP", "Nghị định số 12/2024/NĐ-CP"),
    ("bổ sung bởi Luật: số 44/2024/QH15,", "bổ sung bởi Luật số 44/2024/QH15,"),
    # left alone
    ("VI. TỔ CHỨC THỰC HIỆN", "VI. TỔ CHỨC THỰC HIỆN"), ("tổng kinh phí 2.450,5 triệu đồng", "tổng kinh phí 2.450,5 triệu đồng"),
    ("“Quy định về chế độ báo cáo”", "“Quy định về chế độ báo cáo”"),
    ("Số: 11/CT-TTg", "Số: 11/CT-TTg"), ("Số: 15a/QĐ-UBND", "Số: 15a/QĐ-UBND"), ("Số: 12L", "Số: 12L"),
    ("hồ sơ 12 bộ tài liệu", "hồ sơ 12 bộ tài liệu"), ("Hồ sơ 2024/HS gồm", "Hồ sơ 2024/HS gồm"),
    ("Kính gửi: Sở Tài chính", "Kính gửi: Sở Tài chính"), ("- Lưu: VP, TH.", "- Lưu: VP, TH."),
    ("- Lưu: VT, VF.", "- Lưu: VT, VF."), ("Thành phần: số 12 người", "Thành phần: số 12 người"),
]


@pytest.mark.parametrize(("line", "expected"), GLYPHS, ids=[c[0][:30] for c in GLYPHS])
def test_glyph_slips_of_fixed_layout_parts_corrected_and_kept(line: str, expected: str) -> None:
    words = [ocr.Word(t, 10 * i, 0, 10 * i + 8, 10, 90.0, (1, 1, 1)) for i, t in enumerate(line.split())]
    ocr.correct_words(words)
    assert " ".join(w.text for w in words) == expected
    assert all((w.read is not None) == (w.text != t) for w, t in zip(words, line.split(), strict=True))


GLUED = [  # (a line as Tesseract read it, the words it is read as)
    ("Nghịquyếtsố:17/2022/UBTVQHIS", ["Nghị", "quyết", "số:", "17/2022/UBTVQH15"]),
    ("QUYẾTĐỊNHSỐ: 12", ["QUYẾT", "ĐỊNH", "SỐ:", "12"]),
    ("Thôngtư liêntịch số", ["Thôngtư", "liêntịch", "số"]),  # not one glued word: left alone
    ("Quyết định số 12", ["Quyết", "định", "số", "12"]),
]


@pytest.mark.parametrize(("line", "expected"), GLUED, ids=[c[0][:30] for c in GLUED])
def test_glued_type_label_split_with_the_catalogue_names(line: str, expected: list[str]) -> None:
    words = [ocr.Word(t, 300 * i, 0, 300 * i + 10 * len(t), 10, 90.0, (1, 1, 1)) for i, t in enumerate(line.split())]
    ocr.correct_words(words)
    assert [w.text for w in words] == expected
    assert all(a.right <= b.left for a, b in itertools.pairwise(words))  # boxes shared out in order


JOINED = [  # (words as Tesseract read them, the gap between them in letters, the words kept)
    ("Nghị định số 85/2024/NĐ- CP ngày", 0.3, ["Nghị", "định", "số", "85/2024/NĐ-CP", "ngày"]),
    ("số 01/2022/TTLT-VKSNDTC- TANDTC-BCA.", 0.3, ["số", "01/2022/TTLT-VKSNDTC-TANDTC-BCA."]),
    ("Số: 12/QĐ- UBND", 0.5, ["Số:", "12/QĐ-UBND"]),
    # left alone: a wide gap (two columns), organs of a joint header, a range, lower case after
    ("Số: 85/2024/NĐ- CP", 3.0, ["Số:", "85/2024/NĐ-", "CP"]),
    ("TỐI CAO- TÒA ÁN", 0.3, ["TỐI", "CAO", "-", "TÒA", "ÁN"]),
    ("năm 2024- 2025", 0.3, ["năm", "2024-", "2025"]), ("số 12/2024/NĐ- về", 0.3, ["số", "12/2024/NĐ-", "về"]),
]


@pytest.mark.parametrize(("line", "gap", "expected"), JOINED, ids=[c[0][:30] for c in JOINED])
def test_number_symbol_read_as_two_words_at_its_hyphen_joined(line: str, gap: float, expected: list[str]) -> None:
    words, x = [], 0
    for t in line.split():
        words.append(ocr.Word(t, x, 0, x + 10 * len(t), 10, 90.0, (1, 1, 1)))
        x += 10 * len(t) + round(10 * gap)
    ocr.correct_words(words)
    assert " ".join(w.text for w in words).split() == expected
    assert all((w.read is not None) == (w.text not in line.split()) for w in words)


LOOSE = [  # (text, confidence, width, height of a word Tesseract read, dropped)
    ("—", 26.8, 12, 10, True), ("-", 40.0, 8, 8, True),
    # kept: a dash's shape, a dash Tesseract is sure of, a word
    ("—", 30.0, 40, 4, False), ("-", 92.5, 18, 7, False), ("-", 95.0, 8, 8, False), ("A", 60.0, 12, 10, False),
]


@pytest.mark.parametrize(("text", "conf", "width", "height", "dropped"), LOOSE, ids=[str(c) for c in LOOSE])
def test_a_loose_mark_read_as_a_dash_dropped(text: str, conf: float, width: int, height: int, dropped: bool) -> None:
    tsv = ("level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
           f"5\t1\t1\t1\t1\t1\t100\t100\t200\t50\t96.0\tLUẬT\n"
           f"5\t1\t1\t1\t1\t2\t320\t140\t{width}\t{height}\t{conf}\t{text}\n")

    class Done:
        returncode, stdout, stderr = 0, tsv.encode(), b""

    from PIL import Image

    with pytest.MonkeyPatch.context() as m:
        m.setattr(ocr, "tesseract_path", lambda: "tesseract")
        m.setattr(ocr.subprocess, "run", lambda *a, **k: Done())
        words = ocr.run_tesseract(Image.new("L", (600, 300), 255))
    assert [w.text for w in words] == (["LUẬT"] if dropped else ["LUẬT", text])


SPECKS = [  # (the word read, its last ink: (left, top, size) in a 120x50 box whose letters end at x=80, kept)
    ("tuổi.", (98, 44, 2), "tuổi"), ("tuổi,", (100, 40, 3), "tuổi"), ("2024;", (96, 36, 4), "2024"),
    # left alone: a printed mark (at least SPECK_PX each way), a mark touching the letters, no mark read
    ("tuổi.", (96, 40, 7), "tuổi."), ("năm:", (95, 30, 5), "năm:"), ("tuổi.", (80, 44, 2), "tuổi."),
    ("tuổi", (98, 44, 2), "tuổi"),
]


@pytest.mark.parametrize(("text", "mark", "expected"), SPECKS, ids=[f"{c[0]}-{c[1]}" for c in SPECKS])
def test_a_speck_read_as_a_words_closing_mark_taken_off(text: str, mark: tuple[int, int, int], expected: str) -> None:
    from PIL import Image, ImageDraw

    page = Image.new("L", (300, 200), 255)
    d = ImageDraw.Draw(page)
    d.rectangle((20, 20, 80, 66), fill=0)  # the letters
    x, y, size = mark
    d.rectangle((20 + x - 20, 20 + y, 20 + x - 20 + size - 1, 20 + y + size - 1), fill=0)
    words = [ocr.Word(text, 20, 20, 140, 70, 40.0, (1, 1, 1))]
    ocr.drop_speck_marks(words, page)
    assert words[0].text == expected
    assert (words[0].read == text) == (expected != text)


NAMES = [  # (a name line as Tesseract read it, the corrections)
    ("Nguyên Văn An", {0: "Nguyễn"}), ("Trần Cắm Tú", {1: "Cẩm"}), ("Trần Thị Minh Hăng", {3: "Hằng"}),
    ("Nguyễn Trí Tuê", {2: "Tuệ"}),
    # left alone: a reading that is a name syllable, an ambiguous one, headings, places, capitals
    ("Hoàng Văn Thuân", {}), ("Ngô Quý Hiến", {}), ("Lê Văn Thánh", {}), ("Giàng A Lử", {}),
    ("Hà Nội", {}), ("Xã Hưng Đạo", {}), ("ĐÁNG ỦY XÃ TÂN PHÚ", {}), ("Kết Luận", {}),
]


@pytest.mark.parametrize(("line", "expected"), NAMES, ids=[c[0] for c in NAMES])
def test_name_syllable_slips_corrected_only_to_the_one_name_syllable_near(line: str, expected: dict[int, str]) -> None:
    from vanban.readers.names import correct_name

    assert correct_name(line.split()) == expected


def test_name_syllables_cover_the_catalogue_surnames() -> None:
    from vanban.catalogue import _load
    from vanban.readers.names import name_syllables

    assert set(_load("checks.json")["surnames"]) <= set(name_syllables().family)


def test_missing_tesseract_is_a_clear_error_naming_the_packages(monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    pytest.importorskip("PIL")
    ocr.tesseract_path.cache_clear()
    monkeypatch.setattr(shutil, "which", lambda name: None)
    try:
        png = io.BytesIO()
        from PIL import Image

        Image.new("L", (800, 1100), 255).save(png, format="PNG")
        with pytest.raises(OcrUnavailableError, match="apt-get install tesseract-ocr tesseract-ocr-vie"):
            parse_file(png.getvalue())
    finally:
        ocr.tesseract_path.cache_clear()


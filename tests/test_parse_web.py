"""Documents on web pages: Markdown and HTML flattening, the document inside the page's chrome,
signatures printed as table cells, and e-signed PDFs whose number and day are stamped annotations.

The documents are written from what such documents print (Nghị định 30/2020 components: issuer
block, Quốc hiệu and Tiêu ngữ, ``Số:``, place and date, type and subject, body, ``Nơi nhận:``, the
signature block with its authority form) and rendered by :mod:`tests.web_layouts` as a crawler,
pandoc, markitdown, the portal's HTML and a plain copy give them, each inside a page with site
chrome that carries other numbers and dates.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from vanban import Document, parse_file, parse_text
from vanban.parse.markup import flatten_markup, looks_flattened
from vanban.readers.sniff import sniff

from .kinds import Spec
from .web_layouts import WEB_LAYOUTS, render_web

DATA = Path(__file__).resolve().parent / "data"

CASES: dict[str, tuple[Spec, dict[str, Any]]] = {
    "cong-van-so-da-ky": (Spec(
        left=["ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN", "SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG", "-------",
              "Số: 1234/SNNMT-KHTC", "V/v triển khai kế hoạch trồng rừng năm 2026"],
        right=["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "---------------",
               "Lạng Sơn, ngày 05 tháng 12 năm 2025"],
        body=["Kính gửi: Ủy ban nhân dân các xã, phường trên địa bàn tỉnh.",
              "Thực hiện Quyết định số 567/QĐ-UBND ngày 12/10/2025 của Ủy ban nhân dân tỉnh về kế hoạch trồng "
              "rừng năm 2026, Sở Nông nghiệp và Môi trường đề nghị các xã, phường rà soát diện tích, lập danh "
              "sách hộ tham gia và gửi về Sở trước ngày 20/12/2025.",
              "1. Các xã, phường chủ động bố trí cây giống và nhân lực."],
        recipients=["Nơi nhận:", "- Như trên;", "- UBND tỉnh (b/c);", "- Lưu: VT, KHTC"],
        signature=["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "(Đã ký)", "Hoàng Văn Minh"],
    ), {"number": "1234/SNNMT-KHTC", "type": "Công văn", "date": dt.date(2025, 12, 5),
        "issuer": "SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG", "parent": "ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN",
        "authority": "KT.", "position": "PHÓ GIÁM ĐỐC", "signer": "Hoàng Văn Minh"}),
    "quyet-dinh-ubnd-ten-dam": (Spec(
        left=["ỦY BAN NHÂN DÂN", "TỈNH TUYÊN QUANG", "-------", "Số: 45/2025/QĐ-UBND"],
        right=["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "---------------",
               "Tuyên Quang, ngày 28 tháng 11 năm 2025"],
        heading=["QUYẾT ĐỊNH", "BAN HÀNH QUY ĐỊNH QUẢN LÝ CỤM CÔNG NGHIỆP TRÊN ĐỊA BÀN TỈNH",
                 "ỦY BAN NHÂN DÂN TỈNH TUYÊN QUANG"],
        body=["Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15;",
              "Căn cứ Nghị định số 32/2024/NĐ-CP ngày 15/3/2024 của Chính phủ về quản lý, phát triển cụm "
              "công nghiệp;",
              "QUYẾT ĐỊNH:",
              "Điều 1. Ban hành kèm theo Quyết định này Quy định quản lý cụm công nghiệp trên địa bàn tỉnh.",
              "Điều 2. Quyết định này có hiệu lực kể từ ngày 10 tháng 12 năm 2025."],
        recipients=["Nơi nhận:", "- Như Điều 2;", "- Bộ Công Thương;", "- Lưu: VT, KT."],
        signature=["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Văn Sơn"],
    ), {"number": "45/2025/QĐ-UBND", "type": "Quyết định", "date": dt.date(2025, 11, 28),
        "issuer": "ỦY BAN NHÂN DÂN TỈNH TUYÊN QUANG", "parent": None,
        "authority": "TM.", "position": "CHỦ TỊCH", "signer": "Nguyễn Văn Sơn"}),
    "cong-van-cuc-tl-kt": (Spec(
        left=["BỘ TÀI CHÍNH", "CỤC HẢI QUAN", "-------", "Số: 38012/CHQ-GSQL",
              "V/v thủ tục hải quan đối với hàng hóa quá cảnh"],
        right=["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "---------------",
               "Hà Nội, ngày 21 tháng 11 năm 2025"],
        body=["Kính gửi: Chi cục Hải quan khu vực III.",
              "Cục Hải quan nhận được công văn số 2210/HQKV3-NV ngày 02/11/2025 của Chi cục Hải quan khu vực "
              "III về thủ tục hải quan đối với hàng hóa quá cảnh. Về vấn đề này, Cục Hải quan có ý kiến như "
              "sau: đề nghị đơn vị thực hiện theo quy định tại Thông tư số 38/2015/TT-BTC./."],
        recipients=["Nơi nhận:", "- Như trên;", "- Phó Cục trưởng (để b/c);", "- Lưu: VT, GSQL (3b)"],
        signature=["TL. CỤC TRƯỞNG", "KT. TRƯỞNG BAN GIÁM SÁT QUẢN LÝ VỀ HẢI QUAN", "PHÓ TRƯỞNG BAN",
                   "Trần Thị Lan"],
    ), {"number": "38012/CHQ-GSQL", "type": "Công văn", "date": dt.date(2025, 11, 21),
        "issuer": "CỤC HẢI QUAN", "parent": "BỘ TÀI CHÍNH", "authority": "KT.", "position": "PHÓ TRƯỞNG BAN",
        "signer": "Trần Thị Lan"}),
    "nghi-quyet-hdnd": (Spec(
        left=["HỘI ĐỒNG NHÂN DÂN", "THÀNH PHỐ HẢI PHÒNG", "-------", "Số: 61/2025/NQ-HĐND"],
        right=["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "---------------",
               "Hải Phòng, ngày 10 tháng 12 năm 2025"],
        heading=["NGHỊ QUYẾT", "QUY ĐỊNH MỨC CHI HỖ TRỢ HỌC SINH KHUYẾT TẬT",
                 "HỘI ĐỒNG NHÂN DÂN THÀNH PHỐ HẢI PHÒNG", "KHÓA XVI, KỲ HỌP THỨ BA MƯƠI"],
        body=["Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15;",
              "QUYẾT NGHỊ:",
              "Điều 1. Quy định mức chi hỗ trợ học sinh khuyết tật trên địa bàn thành phố.",
              "Nghị quyết này được Hội đồng nhân dân thành phố khóa XVI, kỳ họp thứ ba mươi thông qua ngày "
              "10 tháng 12 năm 2025 và có hiệu lực từ ngày 01 tháng 01 năm 2026./."],
        recipients=["Nơi nhận:", "- Ủy ban Thường vụ Quốc hội;", "- Chính phủ;", "- Lưu: VT."],
        signature=["CHỦ TỊCH", "Lê Thị Hồng"],
    ), {"number": "61/2025/NQ-HĐND", "type": "Nghị quyết", "date": dt.date(2025, 12, 10),
        "issuer": "HỘI ĐỒNG NHÂN DÂN THÀNH PHỐ HẢI PHÒNG", "parent": None, "authority": None,
        "position": "CHỦ TỊCH", "signer": "Lê Thị Hồng"}),
}


def _page(name: str, layout: str) -> tuple[str, dict[str, Any]]:
    spec, want = CASES[name]
    d = want["date"]
    return render_web(spec, layout, want["number"], f"{d.day:02d}/{d.month:02d}/{d.year}"), want


def _check(doc: Document, want: dict[str, Any], label: str) -> None:
    assert doc.number is not None and doc.number.canonical == want["number"], label
    assert doc.type is not None and doc.type.name == want["type"], label
    assert doc.date == want["date"], label
    assert doc.issuer is not None and doc.issuer.name == want["issuer"], label
    assert doc.issuer.parent == want["parent"], label
    sig = doc.signature
    assert sig is not None, label
    assert (sig.signer, sig.position, sig.authority) == (want["signer"], want["position"], want["authority"]), label


def _check_spans(doc: Document, page: str, want: dict[str, Any], label: str) -> None:
    """Spans point into the page as given; the document's span leaves the chrome out."""
    assert doc.text == page
    assert doc.span is not None
    inside = page[doc.span.start:doc.span.end]
    assert "Đang tải văn bản" not in inside and "Văn bản liên quan" not in inside, label
    assert "do cơ quan ban hành" not in inside, label  # the portal's title line
    assert doc.signature is not None and doc.signature.signer in " ".join(inside.replace("**", "").split()), label
    assert doc.number is not None and doc.number.span is not None
    assert doc.span.start <= doc.number.span.start < doc.number.span.end <= doc.span.end, label
    serial = want["number"].split("/")[0]
    assert serial in page[doc.number.span.start:doc.number.span.end], label
    date = doc.spans["date"]
    assert doc.span.start <= date.start and date.end <= doc.span.end, label
    assert f"{want['date'].day:02d}" in page[date.start:date.end], label


@pytest.mark.parametrize("layout", WEB_LAYOUTS)
@pytest.mark.parametrize("name", sorted(CASES))
def test_web_page_read_by_parse_file(name: str, layout: str) -> None:
    page, want = _page(name, layout)
    doc = parse_file(page.encode("utf-8"))
    label = f"{name}/{layout}"
    _check(doc, want, label)
    _check_spans(doc, page, want, label)
    assert doc.format == {"html": "html", "plain": "text"}.get(layout, "markdown"), label


@pytest.mark.parametrize("layout", [x for x in WEB_LAYOUTS if x != "html"])
@pytest.mark.parametrize("name", sorted(CASES))
def test_web_page_read_by_parse_text(name: str, layout: str) -> None:
    page, want = _page(name, layout)
    doc = parse_text(page)
    _check(doc, want, f"{name}/{layout}")
    _check_spans(doc, page, want, f"{name}/{layout}")


@pytest.mark.parametrize("layout", [x for x in WEB_LAYOUTS if x != "html"])
def test_document_cut_out_of_the_page_reads_the_same(layout: str) -> None:
    for name in CASES:
        page, want = _page(name, layout)
        doc = parse_text(page)
        assert doc.span is not None
        alone = parse_text(page[doc.span.start:doc.span.end])
        _check(alone, want, f"{name}/{layout} cut out")


def test_chrome_numbers_and_dates_are_not_the_documents() -> None:
    """A page whose chrome alone carries a number and dates: nothing is read from the chrome."""
    spec, want = CASES["cong-van-so-da-ky"]
    page = render_web(spec, "crawler", want["number"], "05/12/2025")
    doc = parse_text(page)
    # the summary before the header says "có hiệu lực từ ngày 20/02/2026", the list after it 11/11/2024
    assert doc.date == dt.date(2025, 12, 5)
    assert doc.span is not None and doc.span.start > page.index("Đang tải văn bản")
    assert doc.span.end <= page.index("Công văn 1234/SNNMT-KHTC ngày")


def test_english_translation_after_the_document_is_chrome() -> None:
    spec, want = CASES["quyet-dinh-ubnd-ten-dam"]
    page = render_web(spec, "crawler", want["number"], "28/11/2025")
    english = ("|\n|\n**PEOPLE'S COMMITTEE OF TUYEN QUANG PROVINCE**\n|\n**SOCIALIST REPUBLIC OF VIETNAM**\n"
               "Independence - Freedom - Happiness\n|\n|\nNo. 45/2025/QĐ-UBND\n|\n*Tuyen Quang, November 29, 2025*\n"
               "**DECISION**\nSigned by Nguyen Van Son\n")
    k = page.index("Quyết định 45/2025")
    page = page[:k] + english + page[k:]
    doc = parse_text(page)
    _check(doc, want, "english")
    assert doc.span is not None and "SOCIALIST" not in page[doc.span.start:doc.span.end]


# --- flattening -------------------------------------------------------------------------------


@pytest.mark.parametrize(("markdown", "lines"), [
    ("C**ỤC THUẾ**\nng**ày 05 tháng 12", ["CỤC THUẾ", "ngày 05 tháng 12"]),
    ("**CỘNG HÒA XÃ HỘI\nCHỦ NGHĨA VIỆT NAM**\nĐộc lập - Tự do -\nHạnh phúc",
     ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]),
    ("Số:\n84/2025/QĐ-UBND\n|\n*Hà Tĩnh, ngày\n02 tháng 12 năm 2025*",
     ["Số: 84/2025/QĐ-UBND", "", "Hà Tĩnh, ngày 02 tháng 12 năm 2025"]),
    ("\\- Như trên;\n1\\. Sở Tài chính\n\\*", ["- Như trên;", "1. Sở Tài chính", "*"]),
    ("# QUYẾT ĐỊNH\n[Nghị định 55/2021](https://example.vn/nd55) ![x](a.png)",
     ["QUYẾT ĐỊNH", "Nghị định 55/2021"]),
    ("+------+------+\n| BỘ Y | CỘNG |\n| TẾ   | HÒA  |\n+======+======+\n",
     ["BỘ Y", "TẾ", "", "CỘNG", "HÒA"]),
    ("| A<br>B | C |\n|---|---|\n", ["A", "B", "", "C"]),
    ("Chủ tịch(*)\n*", ["Chủ tịch(*)", "*"]),
    ("* Như trên;\n* Lưu: VT.", ["- Như trên;", "- Lưu: VT."]),
])
def test_flatten_markup(markdown: str, lines: list[str]) -> None:
    flat = flatten_markup(markdown)
    assert [s.strip() for s in flat.text.split("\n")] == lines
    for i, ch in enumerate(flat.text):  # every character but the inserted joiners maps back to itself
        assert markdown[flat.at(i)] == ch or ch in " \n" or (ch == "-" and markdown[flat.at(i)] in "*+"), (i, ch)


@pytest.mark.parametrize("block", [
    "**CỘNG HÒA XÃ HỘI\nCHỦ NGHĨA VIỆT NAM**\n|\nSố: 12/QĐ-UBND",  # bold wrapped over lines, a cell break
    "| A | B |\n|---|---|\n| Điều 1. | x |",  # a pipe table
    "plain ascii line only",  # an ASCII block: the text starts narrow and widens later
    "chữ 𝐀 ngoài mặt phẳng cơ bản **đậm**",  # an astral character: the widest kind
    "\\- Như trên;\n* Lưu: VT.\n\n\n| |\n",  # escapes, bullets, empty lines, an empty row
])
def test_long_flattening_is_the_blocks_flattened_one_by_one(block: str) -> None:
    # a text long enough to be built in many pieces joined onto it flattens as each of its blocks does
    blocks = [f"{block} {i}" for i in range(3000)] + ["đuôi 𝐀 tail"]  # the last widens the text once more
    flat = flatten_markup("\n\n".join(blocks))
    assert flat.text == "\n\n".join(flatten_markup(b).text for b in blocks)
    assert len(flat.origin) == len(flat.text) + 1


def test_offset_map_points_into_the_input() -> None:
    page, _ = _page("cong-van-so-da-ky", "crawler")
    flat = flatten_markup(page)
    k = flat.text.index("Số: 1234/SNNMT-KHTC")
    a, b = flat.span(k, k + len("Số: 1234/SNNMT-KHTC"))
    assert page[a:b] == "Số:\n1234/SNNMT-KHTC"


@pytest.mark.parametrize(("layout", "kind"), [("crawler", "markdown"), ("pandoc", "markdown"),
                                              ("markitdown", "markdown"), ("html", "html"), ("plain", "text")])
def test_sniff_tells_web_formats_by_content(layout: str, kind: str) -> None:
    page, _ = _page("nghi-quyet-hdnd", layout)
    assert sniff(page.encode("utf-8")) == kind


def test_plain_documents_are_not_taken_for_markdown(shared: Path) -> None:
    from .conftest import load_jsonl

    rows = load_jsonl(shared / "corpus" / "admin" / "dev.jsonl") + load_jsonl(shared / "corpus" / "dev.jsonl")[:40]
    assert not any(looks_flattened(r["text"]) for r in rows)
    for r in rows[:13]:  # a plain document is its own whole span
        doc = parse_text(r["text"])
        assert doc.span is not None and doc.span.start == 0 and doc.span.end == len(doc.text)


# --- HTML safety ----------------------------------------------------------------------------------


def test_html_entities_and_scripts_are_not_read() -> None:
    page, want = _page("cong-van-so-da-ky", "html")
    page = page.replace("<body>", "<body><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>&e;"
                        "<style>p{}</style><noscript>Số: 999/ABC</noscript>")
    doc = parse_file(page.encode("utf-8"))
    _check(doc, want, "hostile html")
    assert "root:" not in doc.body


# --- e-signed PDF ---------------------------------------------------------------------------------


def _stamped(tmp_path: Path, stamps: list[tuple[str, str, tuple[float, float]]]) -> Path:
    """The test PDF (``Số:          /ĐCK-CTT``, ``ngày        tháng 7``) with text stamped as a
    text-field widget or a free-text annotation, each with its own appearance stream."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import (
        ArrayObject,
        DictionaryObject,
        FloatObject,
        NameObject,
        NumberObject,
        StreamObject,
        TextStringObject,
    )

    w = PdfWriter(clone_from=PdfReader(DATA / "unstamped-cong-van.pdf"))
    font = DictionaryObject({NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
                             NameObject("/BaseFont"): NameObject("/Helvetica")})
    annots = ArrayObject()
    for kind, text, (x, y) in stamps:
        width = 6.5 * len(text) + 4
        ap = StreamObject()
        ap.set_data(f"BT /Helv 11 Tf 2 3 Td ({text}) Tj ET".encode())
        ap.update({NameObject("/Type"): NameObject("/XObject"), NameObject("/Subtype"): NameObject("/Form"),
                   NameObject("/BBox"): ArrayObject([FloatObject(0), FloatObject(0), FloatObject(width),
                                                     FloatObject(14)]),
                   NameObject("/Resources"): DictionaryObject({NameObject("/Font"): DictionaryObject(
                       {NameObject("/Helv"): font})})})
        a = DictionaryObject({
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Rect"): ArrayObject([FloatObject(x), FloatObject(y), FloatObject(x + width),
                                              FloatObject(y + 14)]),
            NameObject("/AP"): DictionaryObject({NameObject("/N"): w._add_object(ap)}),
            NameObject("/F"): NumberObject(4)})
        if kind == "widget":
            a.update({NameObject("/Subtype"): NameObject("/Widget"), NameObject("/FT"): NameObject("/Tx"),
                      NameObject("/T"): TextStringObject("so"), NameObject("/V"): TextStringObject(text)})
        else:
            a.update({NameObject("/Subtype"): NameObject("/FreeText"), NameObject("/Contents"): TextStringObject(text)})
        annots.append(w._add_object(a))
    w.pages[0][NameObject("/Annots")] = annots
    out = tmp_path / "stamped.pdf"
    w.write(out)
    return out


def test_pdf_without_its_stamps_misses_number_and_day() -> None:
    doc = parse_file(DATA / "unstamped-cong-van.pdf")
    assert doc.number is not None and doc.number.number is None
    assert doc.date is None


@pytest.mark.parametrize("kinds", [("widget", "freetext"), ("freetext", "widget"), ("widget", "widget")])
def test_pdf_stamped_number_and_day_read_where_they_print(tmp_path: Path, kinds: tuple[str, str]) -> None:
    # the serial sits in the blank after "Số:", the day in the blank after "ngày" (page coordinates)
    path = _stamped(tmp_path, [(kinds[0], "1178", (108, 652.7)), (kinds[1], "09", (366, 652.7))])
    doc = parse_file(path)
    assert doc.number is not None and doc.number.canonical == "1178/ĐCK-CTT"
    assert doc.date == dt.date(2025, 7, 9)
    assert doc.signature is not None and doc.signature.signer == "Nguyễn Văn Bình"
    assert "Số: 1178 /ĐCK-CTT" in doc.text


def test_pdf_stamp_in_free_space_is_read_in_place(tmp_path: Path) -> None:
    """A stamp printed where the page has no text (a receipt mark under the header) still reads."""
    path = _stamped(tmp_path, [("freetext", "1178", (108, 652.7)), ("freetext", "09", (366, 652.7)),
                               ("freetext", "DEN 2207", (90, 740))])
    doc = parse_file(path)
    assert "DEN 2207" in doc.text
    assert doc.number is not None and doc.number.canonical == "1178/ĐCK-CTT"


def test_hidden_annotation_is_not_read(tmp_path: Path) -> None:
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject, NumberObject

    path = _stamped(tmp_path, [("freetext", "1178", (108, 652.7))])
    w = PdfWriter(clone_from=PdfReader(path))
    w.pages[0]["/Annots"][0].get_object()[NameObject("/F")] = NumberObject(2)
    w.write(path)
    assert parse_file(path).number.number is None  # type: ignore[union-attr]


def test_a_row_of_empty_cells_is_a_blank_line() -> None:
    """A table row whose cells are all empty (`` |  |  | ``) stands in the header like a blank line."""
    text = ("BỘ Y TẾ |  | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n |  |  |  | \n"
            "Số: 12/BYT-KH |  | Hà Nội, ngày 03 tháng 4 năm 2025\n |  | \nV/v cấp thuốc\n\nKính gửi: Các sở y tế.\n")
    doc = parse_text(text)
    assert doc.number is not None and doc.number.canonical == "12/BYT-KH"
    assert doc.date == dt.date(2025, 4, 3)

"""Citations (dẫn chiếu) of the kinds that real documents print: technical regulations and standards,
footnote markers printed as plain digits after a number, and symbols printed with a slip."""

from __future__ import annotations

import datetime as dt
import random
import re

import pytest

from vanban import parse_text
from vanban.parse import citations
from vanban.parse.citations import _CITE_RE, _GUARD, _matches, _sibling, _types_re


@pytest.mark.parametrize(("sentence", "expected"), [
    # national technical regulations and standards are cited documents (Luật 68/2006 on standards)
    ("Vật liệu nổ phải đáp ứng QCVN 01:2019/BCT và QCVN 05A:2020/BCT về an toàn trong sản xuất.",
     [("QCVN 01:2019/BCT", "Quy chuẩn kỹ thuật quốc gia"), ("QCVN 05A:2020/BCT", "Quy chuẩn kỹ thuật quốc gia")]),
    ("Thiết kế theo TCVN 5574:2018 và TCVN ISO 9001:2015; kiểm định theo QCVN 02:2008/BCT.",
     [("TCVN 5574:2018", "Tiêu chuẩn quốc gia"), ("TCVN ISO 9001:2015", "Tiêu chuẩn quốc gia"),
      ("QCVN 02:2008/BCT", "Quy chuẩn kỹ thuật quốc gia")]),
    ("Căn cứ Quy chuẩn kỹ thuật quốc gia QCVN 18:2021/BXD về an toàn trong thi công xây dựng;",
     [("QCVN 18:2021/BXD", "Quy chuẩn kỹ thuật quốc gia")]),
])
def test_standards_are_cited(sentence: str, expected: list[tuple[str, str]]) -> None:
    assert [(r.canonical, r.type) for r in parse_text(sentence).references] == expected


@pytest.mark.parametrize(("sentence", "canonical", "date"), [
    # a footnote marker printed as a plain digit right after a law's number (no term has three digits)
    ("Căn cứ Luật Đầu tư công số 58/2024/QH151 ngày 29 tháng 11 năm 2024;", "58/2024/QH15", dt.date(2024, 11, 29)),
    ("Căn cứ Luật Thủ đô số 39/2024/QH1512 ngày 28 tháng 6 năm 2024;", "39/2024/QH15", dt.date(2024, 6, 28)),
    # the marker after a decree's issuer code; the date after the marker still belongs to the decree
    ("Căn cứ Nghị định số 71/2018/NĐ-CP2 ngày 15/5/2018 của Chính phủ;", "71/2018/NĐ-CP", dt.date(2018, 5, 15)),
    ("Thực hiện Kết luận số 35-KL/TW3 ngày 05/5/2022 của Bộ Chính trị;", "35-KL/TW", dt.date(2022, 5, 5)),
])
def test_footnote_digit_is_not_part_of_the_number(sentence: str, canonical: str, date: dt.date) -> None:
    (ref,) = parse_text(sentence).references
    assert (ref.canonical, ref.date) == (canonical, date)
    assert parse_text(sentence).text[ref.span.start:ref.span.end].endswith(canonical[-4:])


@pytest.mark.parametrize(("sentence", "canonical", "likely"), [
    # kept as printed, and given the catalogue spelling it most probably meant
    ("Thực hiện Quyết định số 866/QĐ-Tg ngày 18/7/2023 của Thủ tướng Chính phủ;", "866/QĐ-Tg", "866/QĐ-TTg"),
    ("Căn cứ Thông tư số 10/2020/TT-BTTT ngày 20/5/2020;", "10/2020/TT-BTTT", "10/2020/TT-BTTTT"),
    ("Thực hiện Kế hoạch số 12-KH/TUU của Ban Thường vụ Tỉnh ủy;", "12-KH/TUU", "12-KH/TU"),
    # a short code in capitals is a slip only when the citation names the body
    ("Thực hiện Nghị quyết số 3/NQ-CN của Chủ tịch nước;", "3/NQ-CN", "3/NQ-CTN"),
    ("Thực hiện Quyết định số 5/QĐ-CN ngày 02/01/2024;", "5/QĐ-CN", None),
    # no slip: a catalogue code in another case, or a công văn's own unit codes
    ("Theo Quyết định số 12/QĐ-TTG ngày 02/01/2024;", "12/QĐ-TTg", None),
    ("Theo Công văn số 4280/SCT-CN ngày 02/10/2025;", "4280/SCT-CN", None),
])
def test_slipped_symbol_keeps_print_and_gets_likely_form(sentence: str, canonical: str, likely: str | None) -> None:
    (ref,) = parse_text(sentence).references
    assert (ref.canonical, ref.likely) == (canonical, likely)


_PAGE = ("Điều 1. Phạm vi điều chỉnh\n"
         "Nghị định này quy định về đào tạo nghề nghiệp{mark}, theo Luật số 74/2014/QH13 và Điều 12{tail}\n"
         "Các cơ sở giáo dục nghề nghiệp thực hiện theo quy định{other}\n"
         "\n"
         "                                        \n"
         "{n} Luật Giáo dục nghề nghiệp số 74/2014/QH13 ngày 27 tháng 11 năm 2014.\n")


@pytest.mark.parametrize(("mark", "tail", "other", "n", "anchor"), [
    # a PDF text layer's marker: a plain digit glued after a word or a stop, the note under a blank rule line
    (".1", ".", ".", "1", "nghiệp.1"),
    ("”2", ".", ".", "2", "nghiệp”2"),
    # the last glued mark before the note wins; a digit inside a number or after a space is no mark
    (".", ".", ".3", "3", "định.3"),
    ("3", ".", ".3", "3", "định.3"),
    (".", " 3.", ".", "3", None),
    (".", ".", ".", "7", None),
])
def test_plain_footnote_anchor_is_the_glued_marker(mark: str, tail: str, other: str, n: str, anchor: str | None) -> None:
    doc = parse_text(_PAGE.format(mark=mark, tail=tail, other=other, n=n))
    (note,) = doc.footnotes
    assert note.marker == n
    if anchor is None:
        assert note.anchor is None
    else:
        assert note.anchor is not None
        at = note.anchor.start
        assert doc.text[at - len(anchor) + len(n):note.anchor.end] == anchor


@pytest.mark.parametrize(("sentence", "printed"), [
    # what stands right before a number decides whether one can start there (the places the scan tries)
    ("Theo (12/QĐ-UBND) đã ban hành.", ["12/QĐ-UBND"]),
    ("Theo “12/QĐ-UBND” đã ban hành.", ["12/QĐ-UBND"]),
    ("12/QĐ-UBND ở đầu văn bản", ["12/QĐ-UBND"]),
    ("Căn cứ Quyết định số12/QĐ-UBND ngày 05/3/2020.", ["Quyết định số12/QĐ-UBND"]),
    ("Căn cứ Quyết định Số:\n 12/QĐ-UBND ngày 05/3/2020.", ["Quyết định Số:\n 12/QĐ-UBND"]),
    ("Căn cứ Quyết định sổ 12/QĐ-UBND.", ["Quyết định sổ 12/QĐ-UBND"]),
    ("Mã a12/QĐ-UBND không là số.", []),
    ("Mã /12/QĐ-UBND không là số.", []),
    ("Mã x-12/QĐ-UBND không là số.", []),
    ("Tỷ lệ 5%12/QĐ-UBND không là số.", []),
    ("Mục 1.12/QĐ-UBND và 66.17/2026/NQ-CP.", ["1.12/QĐ-UBND", "66.17/2026/NQ-CP"]),
    ("Ngày 05/3/2020 và Kết luận 35-KL/TW.", ["Kết luận 35-KL/TW"]),
    ("Căn cứ Công văn số 244/HĐNT/A2/2026 của Ban.", ["Công văn số 244/HĐNT/A2/2026"]),
    ("Căn cứ QCVN 01:2019/BCT và TCVN 5574:2018.", ["QCVN 01:2019/BCT", "TCVN 5574:2018"]),
    ("Theo Quyết định số ١٢/QĐ-UBND.", []),
    ("Theo Nghị quyết số 12 / 2020 / NQ-HĐND\tvà 7 - CT/TW.", ["Nghị quyết số 12 / 2020 / NQ-HĐND", "7 - CT/TW"]),
])
def test_where_a_citation_can_start(sentence: str, printed: list[str]) -> None:
    doc = parse_text(sentence)
    assert [doc.text[r.span.start:r.span.end] for r in doc.references] == printed


@pytest.mark.parametrize(("sentence", "expected"), [
    # the look-back: the type word right before the number, the clause's last cue before it
    ("Căn cứ Nghị định số 12/2020/NĐ-CP ngày 05/3/2020.", [("Nghị định số 12/2020/NĐ-CP", "Nghị định", "based_on")]),
    ("Thực hiện Kế hoạch 81-KH/TU của Tỉnh ủy.", [("Kế hoạch 81-KH/TU", "Kế hoạch", "implements")]),
    ("Trả lời Công văn 244/UBND-KT về việc.", [("Công văn 244/UBND-KT", "Công văn", "responds_to")]),
    # digits and punctuation between the cue and the type word
    ("theo quy định tại khoản 2 Điều 13 Thông tư số 05/2021/TT-BTC.",
     [("Thông tư số 05/2021/TT-BTC", "Thông tư", "based_on")]),
    ("Căn cứ điểm a, khoản 1 (Luật số 58/2024/QH15).", [("Luật số 58/2024/QH15", "Luật", "based_on")]),
    ("Căn cứ vào các nội dung 2, 3 của Luật số 58/2024/QH15.", [("Luật số 58/2024/QH15", "Luật", "based_on")]),
    # a name holding another (Bộ luật / Luật, Thông tư hướng dẫn / Hướng dẫn): the longer one
    ("Thay thế Bộ luật số 45/2019/QH14.", [("Bộ luật số 45/2019/QH14", "Bộ luật", "replaces")]),
    ("Bãi bỏ Thông tư hướng dẫn số 05/2021/TT-BTC.",
     [("Thông tư hướng dẫn số 05/2021/TT-BTC", "Thông tư hướng dẫn", "repeals")]),
    # a passive cue ("được sửa đổi, bổ sung bởi"): the cited document acts, not this one
    ("Nghị định số 12/2020/NĐ-CP được sửa đổi, bổ sung bởi Nghị định số 15/2022/NĐ-CP.",
     [("Nghị định số 12/2020/NĐ-CP", "Nghị định", "mentions"), ("Nghị định số 15/2022/NĐ-CP", "Nghị định", "mentions")]),
    # upper case, a letter lower-casing to two (İ), a line break, OCR-broken diacritics (the type from the code)
    ("CĂN CỨ NGHỊ ĐỊNH SỐ 12/2020/NĐ-CP.", [("NGHỊ ĐỊNH SỐ 12/2020/NĐ-CP", "Nghị định", "based_on")]),
    ("İstanbul căn cứ Nghị định số 12/2020/NĐ-CP.", [("Nghị định số 12/2020/NĐ-CP", "Nghị định", "based_on")]),
    # an İ before the clause (lower-cased to two characters) shifts nothing in it
    ("Điều İ. Căn cứ Nghị định số 12/2020/NĐ-CP.", [("Nghị định số 12/2020/NĐ-CP", "Nghị định", "based_on")]),
    ("İ; theo Luật số 58/2024/QH15.", [("Luật số 58/2024/QH15", "Luật", "based_on")]),
    ("Căn\r\ncứ Nghị định số 12/2020/NĐ-CP.", [("Nghị định số 12/2020/NĐ-CP", "Nghị định", "based_on")]),
    ("Căn cứ Nghi đinh số 12/2020/NĐ-CP.", [("số 12/2020/NĐ-CP", "Nghị định", "based_on")]),
    # a type word glued to a digit or "_" is no type word
    ("Căn cứ Nghị định2 số 12/2020/NĐ-CP.", [("số 12/2020/NĐ-CP", "Nghị định", "based_on")]),
    ("Căn cứ Nghị định_số 12/2020/NĐ-CP.", [("12/2020/NĐ-CP", "Nghị định", "based_on")]),
])
def test_what_stands_before_a_citation(sentence: str, expected: list[tuple[str, str, str]]) -> None:
    doc = parse_text(sentence)
    assert [(doc.text[r.span.start:r.span.end], r.type, r.relation) for r in doc.references] == expected


# where a citation can start: a number ([0-9] then up to 5 digits, maybe ".ddd", then a separator), the label "số"
# before [0-9], Q or T, or QCVN/TCVN; the citation pattern is tried there only (the oracle of the tests below)
_CAN_START = re.compile(
    rf"[0-9SsQT](?:(?<=[0-9])(?<!{_GUARD}[0-9])\d{{0,5}}(?:\.\d{{1,3}})?[ \t]*[-–/]"
    r"|(?<=[Ss])(?<!\w[Ss])[ốôồổ][ \t]*:?[ \t]*(?:\n[ \t]*)?[0-9QT]"
    rf"|(?<=[QT])(?<!{_GUARD}[QT])CVN)"
)


def _expected_matches(text: str) -> list[tuple[int, int]]:
    """The citation pattern's matches, left to right, at every place where a citation can start."""
    out: list[tuple[int, int]] = []
    pos = 0
    for p in range(len(text)):
        if p >= pos and _CAN_START.match(text, p) and (m := _CITE_RE.match(text, p)):
            out.append(m.span())
            pos = m.end()
    return out


@pytest.mark.parametrize("text", [
    "Căn cứ Nghị định số 12/2020/NĐ-CP và số: 05/2021/TT-BTC;",
    "Số:\n  81-KH/TU, số12/QĐ-UBND, số ١٢/QĐ-UBND, ١٢/QĐ-UBND, số 1٢/QĐ-UBND",
    "QCVN 01:2019/BCT, số QCVN 02:2008/BCT, xQCVN 03:2020/BCT, /TCVN 5574:2018",
    "1.12/QĐ-UBND 66.17/2026/NQ-CP 1.2.34/QĐ-X 1234567/QĐ-X 123456/QĐ-X 1.2345/QĐ-X",
    "x12/QĐ-UB /12/QĐ-UB .12/QĐ-UB %12/QĐ-UB –12/QĐ-UB _12/QĐ-UB ố12/QĐ-UB",
    "12 / 2020 / NQ-HĐND\tvà 7 - CT/TW và 7 – CT/TW",
    "Công văn số 244/HĐNT/A2/2026; số 58/2024/QH15",
    "số 12/QĐ-UBND\r\nsố 13/QĐ-UBND",
    "𝟙𝟚/QĐ-UB 𝐀 12/QĐ-UB",
    "",
    "/",
    "số",
    "12/",
    # separators inside a match are passed over; a label or a standard right after one is still tried
    "12/2020/NĐ-CP số 13/QĐ-UB, số:14/QĐ-UB-số 15/X 16/2020/QĐ-UB/17/QĐ-X",
    "12/QĐ-X QCVN 01:2019/BCT số 5/QĐ-X TCVN 5574:2018-6/QĐ-X số QCVN 02:2008/BCT",
    "QCVN 01:2019/BCT",
    "số 1/2/3 số 4-5 – 6–7 số\n 8/9",
    # more matches than one batch, a standard after the last separator
    ", ".join(f"số {n}/QĐ-UB" for n in range(1, 700)) + " và QCVN 01:2019",
])
def test_matches_are_the_pattern_where_a_citation_can_start(text: str) -> None:
    assert [m.span() for batch in _matches(text) for m in batch] == _expected_matches(text)


@pytest.mark.parametrize("stretch", [1, 2, 7, 64])
def test_matches_do_not_depend_on_the_stretch_separators_are_found_in(stretch: int,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    text = ("Căn cứ Nghị định số 12/2020/NĐ-CP, số: 05/2021/TT-BTC; QCVN 01:2019/BCT - 7 – CT/TW "
            "số\n 8/9 12/2020/NĐ-CP số 13/QĐ-UB-số 15/X 16/2020/QĐ-UB/17/QĐ-X và TCVN 5574:2018")
    expected = _expected_matches(text)
    monkeypatch.setattr(citations, "_STRETCH", stretch)
    assert [m.span() for batch in _matches(text) for m in batch] == expected


def test_matches_on_random_texts_of_number_pieces() -> None:
    pieces = ["0", "12", "2020", "١", "/", "-", "–", ".", " ", "\t", "\n", ":", "s", "S", "ố", "ô", "QĐ", "UBND", "CP",
              "QH15", "Q", "T", "CVN", "x", "%", "_", "số ", "Số: ", "ISO", "\r\n", "𝟙", "12/QĐ-UBND", "/2020/NĐ-CP",
              "81-KH/TU", "-CT/TW", "58/2024/QH15", "QCVN 01:2019", "TCVN 5574:2018", "244/HĐNT/A2"]
    rng = random.Random(17)
    found = 0
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 14)))
        expected = _expected_matches(text)
        found += bool(expected)
        assert [m.span() for batch in _matches(text) for m in batch] == expected, text
    assert found > 400  # (a sixth of the texts hold a citation)


@pytest.mark.parametrize(("sentence", "expected"), [
    # what follows a citation, in any order: its date, issuer and term, then its subject
    ("Thực hiện Nghị quyết số 12-NQ/TW ngày 05/3/2020 của Bộ Chính trị khóa XII về công tác cán bộ.",
     (dt.date(2020, 3, 5), "Bộ Chính trị", "XII", "công tác cán bộ")),
    ("Thực hiện Nghị quyết số 12-NQ/TW của Bộ Chính trị khóa XII, ngày 05/3/2020 về công tác cán bộ.",
     (dt.date(2020, 3, 5), "Bộ Chính trị", "XII", "công tác cán bộ")),
    ("Thực hiện Nghị quyết số 12-NQ/TW (khóa XII) ngày 05/3/2020 về công tác cán bộ.",
     (dt.date(2020, 3, 5), None, "XII", "công tác cán bộ")),
    ("Căn cứ Nghị định số 15/2020/NĐ-CP (ngày 03/02/2020) do Chính phủ ban hành quy định xử phạt.",
     (dt.date(2020, 2, 3), "Chính phủ", None, "ban hành quy định xử phạt")),
    ("Căn cứ Nghị định số 15/2020/NĐ-CP được ban hành ngày 03/02/2020 hướng dẫn thi hành Luật.",
     (dt.date(2020, 2, 3), None, None, "hướng dẫn thi hành Luật")),
    ("Căn cứ Nghị định số 15/2020/NĐ-CP “Quy định xử phạt vi phạm hành chính”.",
     (None, None, None, "Quy định xử phạt vi phạm hành chính")),
    ("Căn cứ Nghị định số 15/2020/NĐ-CP", (None, None, None, None)),
    # a second term, a date lead without a date, an issuer in lower case: the reading stops there, and a
    # subject is read only right after what was read
    ("Thực hiện Nghị quyết số 12-NQ/TW khóa XII khóa XIII về công tác cán bộ.", (None, None, "XII", None)),
    ("Căn cứ Nghị định số 15/2020/NĐ-CP ngày về việc quy định xử phạt.", (None, None, None, None)),
    ("Căn cứ Nghị định số 15/2020/NĐ-CP của các cơ quan về việc quy định xử phạt.", (None, None, None, None)),
    ("Căn cứ Nghị định số 15/2020/NĐ-CP ngày 03/02/2020 của Chính phủ khóa XIV ngày 04/02/2020 về việc x.",
     (dt.date(2020, 2, 3), "Chính phủ", "XIV", None)),
])
def test_what_follows_a_citation(sentence: str, expected: tuple[dt.date | None, str | None, str | None, str | None]) -> None:
    (ref,) = parse_text(sentence).references
    assert (ref.date, ref.issuer, ref.term, ref.subject) == expected


def _plain_sibling(text: str, start: int, end: int) -> int:
    """Where the next item of a list opens, by the pattern led by its opening (``,``/``;`` or a blank before
    ``và``/``hoặc``) tried at every character."""
    pattern = re.compile(rf"(?:[,;]|\s(?:và|hoặc))\s*[*“\"]*\s*(?:{_types_re().pattern})\s+(?:số\b|\d)", re.IGNORECASE)
    m = pattern.search(text, start, end)
    return m.start() if m else -1


@pytest.mark.parametrize(("text", "start", "end", "opens"), [
    ("về công tác cán bộ, Chỉ thị số 07", 0, 99, 18),
    ("về công tác cán bộ; *Luật 12/2020", 0, 99, 18),
    ("về công tác cán bộ và Nghị định số 5", 0, 99, 18),  # the blank before và
    ("về công tác cán bộ VÀ “Nghị định số 5", 0, 99, 18),
    ("về công tác cán bộ\thoặc Thông tư liên tịch 5", 0, 99, 18),
    ("về công tác cán bộ HOẶC Thông tư 5", 0, 99, 18),
    ("về công tác\r\nvà Luật số", 0, 99, 12),  # the \n before và
    ("về công tác cán bộ và Nghị định số 5", 19, 99, -1),  # the blank before và is outside the window
    ("về công tác cán bộ và Nghị định số 5", 18, 99, 18),
    (" và Luật số 5, Luật số 6", 1, 99, 13),  # the first và's blank is before the window; the comma is in it
    ("về công tác,và Luật số 5", 0, 99, -1),  # và after a comma: no blank before it, and và is no type word
    ("về công tác cán bộ, Chỉ thị số 07", 0, 30, 18),  # số ends the window
    ("về công tác cán bộ, Chỉ thị số 07", 0, 29, -1),
    ("về công tác cán bộ va\u0300 Luật số 5", 0, 99, -1),  # và written with a combining mark
    ("về 𝐀 cán bộ, Luật 5", 0, 99, 11),  # an astral character before
    ("về công tác cán bộ, các Luật số 5", 0, 99, -1),
    ("", 0, 0, -1),
])
def test_where_the_next_item_of_a_list_opens(text: str, start: int, end: int, opens: int) -> None:
    assert _sibling(text, start, end) == opens == _plain_sibling(text, start, end)


def test_next_item_of_a_list_on_random_texts() -> None:
    pieces = [",", ";", " ", "\t", "\n", "\u00a0", "\u2003", "và", "Và", "VÀ", "vÀ", "hoặc", "HOẶC", "hoẶc", "*", "“",
              "\"", "Luật", "LUẬT", "Nghị định", "Thông tư liên tịch", "số", "SỐ", "số1", "1", "2/QĐ", "x", "à", "ặ",
              "c", "va\u0300", "h", "𝐀", "\r\n", ",và", " Luật số", ", Luật 5", " và Chỉ thị 1", " hoặc *Luật số",
              "; “Nghị định số", " Nghị định 2", "\n"]
    rng = random.Random(8)
    found = 0
    for _ in range(6000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 12)))
        start = rng.randint(0, len(text) // 2)
        end = rng.choice((len(text), rng.randint(start, len(text))))
        opens = _plain_sibling(text, start, end)
        found += opens >= 0
        assert _sibling(text, start, end) == opens, (text, start, end)
    assert found > 600


# Repeats of a citation: a plain repeat (nothing but the number again) is held folded into the mention before it
# (``Mention.repeats``); merging must give what it gives for mentions held whole: every span in the order of the
# text, the relation of highest precedence, the term each unqualified one means.
def _refs(text: str) -> list[tuple[str, str | None, str, list[str]]]:
    doc = parse_text(text)
    return [(r.canonical, r.term, r.relation, ["".join(doc.text[s.start:s.end].split()) for s in r.mentions])
            for r in doc.references]


ND = "Nghị định số 15/2020/NĐ-CP"
NQ = "Nghị quyết số 18-NQ/TW"


@pytest.mark.parametrize(("text", "expected"), [
    # the same number under several relations: the one of highest precedence wins, whichever mention names it
    (f"Theo {ND}. Căn cứ {ND}; thực hiện {ND}.",
     [("15/2020/NĐ-CP", None, "implements", [ND.replace(" ", "")] * 3)]),
    (f"Đã nêu {ND}; nay {ND} và {ND}; Căn cứ {ND};",
     [("15/2020/NĐ-CP", None, "based_on", [ND.replace(" ", "")] * 4)]),
    # a repeat with a date or an issuer of its own is held whole: the first date given is the reference's
    (f"Theo {ND}. Theo {ND} ngày 03/02/2020 của Chính phủ. Theo {ND}.",
     [("15/2020/NĐ-CP", None, "based_on", [ND.replace(" ", "")] * 3)]),
    # a repeat printed another way (no label "số", no type word) is still a mention of the same number
    (f"Theo {ND}. Theo Nghị định 15/2020/NĐ-CP. Theo 15/2020/NĐ-CP. Theo {ND}.",
     [("15/2020/NĐ-CP", None, "based_on",
       [ND.replace(" ", ""), "Nghịđịnh15/2020/NĐ-CP", "15/2020/NĐ-CP", ND.replace(" ", "")])]),
    # two numbers repeated in turn keep their own spans, in order
    (f"Theo {ND} và Luật số 58/2024/QH15. Theo {ND}. Theo Luật số 58/2024/QH15. Theo {ND}.",
     [("15/2020/NĐ-CP", None, "based_on", [ND.replace(" ", "")] * 3),
      ("58/2024/QH15", None, "based_on", ["Luậtsố58/2024/QH15"] * 2)]),
])
def test_repeats_merge_like_mentions(text: str, expected: list[tuple[str, str | None, str, list[str]]]) -> None:
    assert _refs(text) == expected


def test_repeats_take_the_date_and_relation_of_any_mention() -> None:
    doc = parse_text(f"Đã nêu {ND}. Đã nêu {ND}. Căn cứ {ND} ngày 03/02/2020 của Chính phủ.")
    (ref,) = doc.references
    assert (ref.date, ref.issuer, ref.relation, len(ref.mentions)) == (dt.date(2020, 2, 3), "Chính phủ", "based_on", 3)
    assert ref.span == ref.mentions[0]


@pytest.mark.parametrize(("text", "expected"), [
    # one term named: every unqualified repeat is of that term, before or after it
    (f"Theo {NQ}. Theo {NQ} khóa XII về tinh giản bộ máy. Theo {NQ}.",
     [("18-NQ/TW", "XII", "based_on", [NQ.replace(" ", "")] * 3)]),
    # two terms: each unqualified repeat goes to the term whose subject words its context shares
    (f"Thực hiện {NQ} khóa XII về sắp xếp tổ chức bộ máy tinh gọn. Thực hiện {NQ} khóa X về đất đai nông nghiệp. "
     + "Lạc đề lạc đề lạc đề lạc đề lạc đề lạc đề lạc đề lạc đề lạc đề lạc đề lạc đề lạc đề lạc đề lạc đề. " * 3
     + f"Việc sắp xếp tổ chức bộ máy tinh gọn theo {NQ}. "
     + "Lạc đề lạc đề lạc đề lạc đề lạc đề lạc đề lạc đề lạc đề lạc đề lạc đề lạc đề lạc đề lạc đề lạc đề. " * 3
     + f"Việc đất đai nông nghiệp theo {NQ}. "
     + "Lạc đề lạc đề lạc đề lạc đề lạc đề lạc đề lạc đề lạc đề lạc đề lạc đề lạc đề lạc đề lạc đề lạc đề. " * 3
     + f"Ngoài ra {NQ}.",
     [("18-NQ/TW", "XII", "implements", [NQ.replace(" ", "")] * 2),
      ("18-NQ/TW", "X", "implements", [NQ.replace(" ", "")] * 2),
      ("18-NQ/TW", None, "mentions", [NQ.replace(" ", "")])]),
])
def test_repeats_of_a_number_under_several_terms(text: str,
                                                 expected: list[tuple[str, str | None, str, list[str]]]) -> None:
    assert _refs(text) == expected


class _CountedRepeats(citations.Repeats):
    made = 0

    def __init__(self) -> None:
        super().__init__()
        _CountedRepeats.made += 1


@pytest.mark.parametrize("count", [3, 513, 2000])
def test_many_repeats_keep_every_span_in_order(count: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(citations, "Repeats", _CountedRepeats)
    _CountedRepeats.made = 0
    rng = random.Random(count)
    parts = [f"{rng.choice(['Theo', 'Căn cứ', 'Đã nêu', 'Thực hiện'])} {rng.choice([ND, 'Luật số 58/2024/QH15'])}"
             for _ in range(count)]
    text = ".\n".join(parts) + "."
    doc = parse_text(text)
    starts = sorted(s.start for r in doc.references for s in r.mentions)
    assert len(starts) == count
    for r in doc.references:
        assert list(r.mentions) == sorted(r.mentions, key=lambda s: s.start)
        assert r.span == r.mentions[0]
        assert {"".join(doc.text[s.start:s.end].split())[-8:] for s in r.mentions} == {r.canonical[-8:]}
    assert _CountedRepeats.made >= 1  # the repeats were held folded


REPEATS_DOCUMENT = """SỞ THÔNG TIN VÀ TRUYỀN THÔNG
Số: 899/STTTT-TTBCBC
V/v thực hiện Quyết định số 52/2016/QĐ-TTg
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Tây Ninh, ngày 10 tháng 8 năm 2021

Kính gửi: Các sở, ngành.

Thực hiện Quyết định số 52/2016/QĐ-TTg ngày 06/12/2016 của Thủ tướng Chính phủ¹, đề nghị các cơ quan
báo cáo theo Quyết định số 52/2016/QĐ-TTg và Quyết định số 52/2016/QĐ-TTg trước ngày 25/8/2021./.

¹ Quyết định số 52/2016/QĐ-TTg, xem thêm Quyết định số 52/2016/QĐ-TTg.

Nơi nhận:
- Các sở, ngành;
- Lưu: VT.

GIÁM ĐỐC

Trần Thị B

PHỤ LỤC
Danh mục theo Quyết định số 52/2016/QĐ-TTg
1. Quyết định số 52/2016/QĐ-TTg
2. Quyết định số 52/2016/QĐ-TTg
"""


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_repeats_across_readings(newline: str) -> None:
    # subject, body, footnote and appendix each cite the same number: one reference, every mention in it
    doc = parse_text(REPEATS_DOCUMENT.replace("\n", newline))
    (ref,) = doc.references
    printed = ["".join(doc.text[s.start:s.end].split()) for s in ref.mentions]
    assert printed == ["Quyếtđịnhsố52/2016/QĐ-TTg"] * 9
    assert len(set(ref.mentions)) == 9
    assert (ref.relation, ref.date) == ("implements", dt.date(2016, 12, 6))


# What a citation is read as in its place among others: where it stands in the reading (its start, its end, no final
# newline), inside the subject of the one before (``via``), coordinated with it (one cue for both), after a trimmed
# footnote marker or an invalid date, across a page break, repeated, printed with OCR noise. The scan reads each
# match in turn and makes a mention whole only where it is not a plain repeat: every field must come out as read.
def _read(text: str) -> list[tuple[object, ...]]:
    doc = parse_text(text)
    return [(r.canonical, r.relation, r.via, r.via_relation, r.date, r.issuer, r.term, r.subject,
             [doc.text[s.start:s.end] for s in r.mentions]) for r in doc.references]


_D = dt.date(2020, 2, 3)


@pytest.mark.parametrize(("text", "expected"), [
    ("15/2020/NĐ-CP", [("15/2020/NĐ-CP", "mentions", None, None, None, None, None, None, ["15/2020/NĐ-CP"])]),
    (f"Căn cứ {ND}", [("15/2020/NĐ-CP", "based_on", None, None, None, None, None, None, [ND])]),
    (f"{ND} ngày 03/02/2020", [("15/2020/NĐ-CP", "mentions", None, None, _D, None, None, None, [ND])]),
    (f"Thực hiện {NQ} về việc thực hiện Chỉ thị số 05-CT/TW; theo {NQ}.",
     [("18-NQ/TW", "implements", None, None, None, None, None, "thực hiện Chỉ thị số 05-CT/TW", [NQ, NQ]),
      ("05-CT/TW", "mentions", "18-NQ/TW", "implements", None, None, None, None, ["Chỉ thị số 05-CT/TW"])]),
    (f"Thực hiện {NQ} về công tác cán bộ. Căn cứ {ND}.",
     [("18-NQ/TW", "implements", None, None, None, None, None, "công tác cán bộ", [NQ]),
      ("15/2020/NĐ-CP", "based_on", None, None, None, None, None, None, [ND])]),
    ("Thực hiện Chỉ thị số 07-CT/TW và Hướng dẫn số 31-HD/BTGTW; Chỉ thị số 07-CT/TW.",
     [("07-CT/TW", "implements", None, None, None, None, None, None, ["Chỉ thị số 07-CT/TW"] * 2),
      ("31-HD/BTGTW", "implements", None, None, None, None, None, None, ["Hướng dẫn số 31-HD/BTGTW"])]),
    (f"Căn cứ Nghị định số 71/2018/NĐ-CP2 Nghị định số 71/2018/NĐ-CP và {ND}.",
     [("71/2018/NĐ-CP", "based_on", None, None, None, None, None, None, ["Nghị định số 71/2018/NĐ-CP"] * 2),
      ("15/2020/NĐ-CP", "based_on", None, None, None, None, None, None, [ND])]),
    (f"Theo {ND} ngày 31/02/2020; theo {ND}; theo {ND} ngày 03/02/2020.",
     [("15/2020/NĐ-CP", "based_on", None, None, _D, None, None, None, [ND] * 3)]),
    (f"Căn cứ {ND} ngày 03/02/2020\n\n2\n\ncủa Chính phủ về xử phạt; theo {ND}.",
     [("15/2020/NĐ-CP", "based_on", None, None, _D, "Chính phủ", None, "xử phạt", [ND] * 2)]),
    ("Thực hiện Chỉ thị số 11-CT/TW khóa VIII về đất đai. Thực hiện Chỉ thị số 11-CT/TW khóa X về cán bộ.",
     [("11-CT/TW", "implements", None, None, None, None, "VIII", "đất đai", ["Chỉ thị số 11-CT/TW"]),
      ("11-CT/TW", "implements", None, None, None, None, "X", "cán bộ", ["Chỉ thị số 11-CT/TW"])]),
    ("Căn cứ Nghi đinh sô 15 / 2020 / NĐ-CP ngay 03/02/2020 cua Chinh phu; Quyết định số12/QĐ-UBND.",
     [("15/2020/NĐ-CP", "based_on", None, None, _D, None, None, None, ["sô 15 / 2020 / NĐ-CP"]),
      ("12/QĐ-UBND", "mentions", None, None, None, None, None, None, ["Quyết định số12/QĐ-UBND"])]),
    ("Theo Luật số 1/2019/QH14 về việc sửa Luật số 2/2019/QH14 về việc sửa Luật số 3/2019/QH14.",
     [("1/2019/QH14", "based_on", None, None, None, None, None,
       "sửa Luật số 2/2019/QH14 về việc sửa Luật số 3/2019/QH14", ["Luật số 1/2019/QH14"]),
      ("2/2019/QH14", "mentions", "1/2019/QH14", "mentions", None, None, None, "sửa Luật số 3/2019/QH14",
       ["Luật số 2/2019/QH14"]),
      ("3/2019/QH14", "mentions", "2/2019/QH14", "mentions", None, None, None, None, ["Luật số 3/2019/QH14"])]),
])
def test_citations_read_in_their_place(text: str, expected: list[tuple[object, ...]]) -> None:
    assert _read(text) == expected


@pytest.mark.parametrize(("text", "relations"), [
    # "được" right before the cue, in its clause: passive, whatever the blanks between
    ("Nghị định số 12/2020/NĐ-CP được sửa đổi, bổ sung bởi Nghị định số 15/2022/NĐ-CP.", ("mentions", "mentions")),
    ("Văn bản đã được              sửa đổi bởi Nghị định số 15/2022/NĐ-CP.", ("amends",)),
    ("Văn bản đãđược sửa đổi bởi Nghị định số 15/2022/NĐ-CP.", ("amends",)),
    ("x" * 80 + " được sửa đổi bởi Luật số 5/2020/QH14.", ("mentions",)),
    ("x" * 85 + "được sửa đổi bởi Luật số 5/2020/QH14.", ("amends",)),
    # the cue opening its clause: "được" before a blank line still makes it passive, before a stop it does not
    ("Nghị định số 12/2020/NĐ-CP được\n\nsửa đổi, bổ sung bởi Nghị định số 15/2022/NĐ-CP.", ("mentions", "mentions")),
    ("Nghị định số 12/2020/NĐ-CP được \n \nsửa đổi bởi Nghị định số 15/2022/NĐ-CP.", ("mentions", "mentions")),
    ("Văn bản được\n\n  Căn cứ Nghị định số 15/2022/NĐ-CP.", ("mentions",)),
    ("được\n\nCăn cứ Luật số 5/2020/QH14.", ("mentions",)),
    ("Văn bản được; sửa đổi bởi Nghị định số 15/2022/NĐ-CP.", ("amends",)),
    ("Văn bản được: sửa đổi bởi Nghị định số 15/2022/NĐ-CP.", ("amends",)),
    ("Văn bản được.\nSửa đổi bởi Nghị định số 15/2022/NĐ-CP.", ("amends",)),
    ("Căn cứ được Luật số 5/2020/QH14.", ("based_on",)),
])
def test_passive_cue(text: str, relations: tuple[str, ...]) -> None:
    assert tuple(r.relation for r in parse_text(text).references) == relations

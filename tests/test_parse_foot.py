"""The foot's searches and readings: each faster form gives what the plain one does.

The signature hint searched as two classes with its brackets found by ``str.find``, the foot's rows read without
making blank or marked lines, a block read by the search for the foot remembered for its zone: each is checked
against the plain reading at the edges (empty lines, no line end at the end, bars, CRLF, astral characters, marks
moved by OCR, debris, a long text).
"""

from __future__ import annotations

import random
import re

import pytest

from vanban.parse import tail
from vanban.parse.footnotes import find_footnotes
from vanban.parse.layout import Segment, mark_furniture, mark_page_numbers, split_lines
from vanban.parse.merged import split_merged
from vanban.parse.search import lines_with

_BLOCK_HINT = tail._block_hint(brackets=True)

_FEET = [
    "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nNguyễn Văn A\n",
    "TM. ỦY BAN NHÂN\nDÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\n[đã ký]\n\nTrần Thị Bình\n",
    "Nơi nhận:                     KT. BỘ TRƯỞNG\n- Như trên;                   THỨ TRƯỞNG\n- Lưu: VT.\n\n"
    "                              Lê Văn Cường\n",
    "T/M TỈNH ỦY\nBÍ THƯ\n\nPhạm Văn Dũng\n\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nHoàng Văn Em\n",
    "y] KT. CHỦ TỊCH\nGIÁM\nĐỐC\nVũ\nChiến Thắng\n",
    "KT.\nCHỦ TỊCH\n(ký)\nNguyễn Quỳnh\nThiện\n",
    "| KT. GIÁM ĐỐC | |\n| PHÓ GIÁM ĐỐC |\n| |\n| Đỗ Văn Giang |",
    "CHU\u031b\u0309 TI\u0323CH\nNguyễn Văn Hải",  # marks left apart, no line end at the end
    "QUY ĐỊNH CHUNG\nĐiều 1. Phạm vi.\nTHỦ TƯỚNG\nnội dung thường\nNguyễn Văn Khánh\n",  # a title with no name below
    "KT. CHỦ TỊCH\r\nPHÓ CHỦ TỊCH\r\n\r\nNguyễn Văn Lâm\r\n",
    "𝐀 KT. CHỦ TỊCH\n" + "PHÓ\n" * 9 + "Nguyễn Văn Minh\n",  # the name past the block's reach
    "TL. BỘ TRƯỞNG\nVỤ TRƯỞNG VỤ PHÁP CHẾ\n\n\n\n\nNgô Văn Nam\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nĐinh Văn Oanh\n",
]

_HINT_TEXTS = [
    "",
    "[",
    "x]\n{y}\nnội dung [1] và {2}\n",
    "Điều 1. Nội dung.\n" * 70 + "KT. CHỦ TỊCH\n[ký]\nNguyễn Văn A",
    "\n\n|  |\n| KT. CHỦ TỊCH |\n\t]\n𝐀 TM. BAN\r\nCHU\u031b\u0309 TI\u0323CH\n",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAMKT. CHỦ TỊCH\nĐộc lập - Tự do - Hạnh phúcPHÓ CHỦ TỊCH\nQUY ĐỊNH\n",
    "- Lưu: VT, XD. PHÓ CHỦ TỊCH\n2KT. CHỦ TỊCH\nNguyễn Văn A      TM. BAN THƯỜNG VỤ\nK/T GIÁM ĐỐC",
    ("nội dung\n" * 70 + "[x] THỦ TƯỚNG\n" + "]\n") * 3,
    *_FEET,
]


def _random_text(seed: int) -> str:
    rng = random.Random(seed)
    alphabet = "KTCBPQGHNUVĐỘỦƯỤMỊAabcoơư [].{}/|\t\n\u0301\u0323\u031b"
    return "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 400)))


def _hinted(text: str, first: int) -> list[int]:
    """The lines from ``first`` on in which the whole hint finds a match and two capitals stand, read one by one."""
    rows = text.split("\n")
    return [i for i in range(first, len(rows)) if _BLOCK_HINT.search(rows[i]) and tail._CAPS.search(rows[i])]


@pytest.mark.parametrize("text", [*_HINT_TEXTS, *(_random_text(seed) for seed in range(40))])
@pytest.mark.parametrize("first", [0, 1, 64, 71])
def test_hinted_lines_are_the_lines_the_hint_finds(text: str, first: int) -> None:
    """The hint searched by its two classes with the brackets found apart gives each line the whole hint finds in."""
    lines = split_lines(text)
    first = min(first, len(lines))
    for seq in (lines, list(lines)):
        assert list(tail._hinted_lines(text, seq, first)) == _hinted(text, first)


@pytest.mark.parametrize(("text", "chars"), [
    ("a\nb[\nc\n]x\n", "[]"), ("[[[\n\n]]]", "[]"), ("x\n[y\nx]\n", "[]{}"), ("x\nyy\n", ""), ("[", "["),
    ("no\nhit\n", "{}"), ("x" * 100 + "\n[" * 3, "[]"),
])
@pytest.mark.parametrize("first", [0, 1, 2])
def test_lines_with_chars_adds_the_lines_holding_them(text: str, chars: str, first: int) -> None:
    lines = split_lines(text)
    first = min(first, len(lines))
    rows = text.split("\n")
    expected = [i for i in range(first, len(rows)) if "x" in rows[i] or any(c in rows[i] for c in chars)]
    for seq in (lines, list(lines)):
        assert list(lines_with(re.compile("x"), text, seq, first, chars=chars)) == expected


_ROW_TEXTS = [
    "a\n\n  \n| |\n|x|\n\tb   c\n",
    "KT. CHỦ TỊCH\n\n\nPHÓ CHỦ TỊCH\n   \nNguyễn Văn A",  # no line end at the end
    "a|b\n|  |\n\n" * 50,
    ("Điều 1. Nội dung dài của điều.\n\n|  |\n" * 9000),  # a long text: its lines' lengths read by stretches
    ("Điều 1. Nội dung dài của điều.\n" * 9000),  # a long text stripping leaves as it is: no lengths kept
    "𝐀 x\n\n𝐀\n \n",
]


@pytest.mark.parametrize("text", _ROW_TEXTS)
def test_rows_read_without_making_lines_are_the_rows_of_the_lines(text: str) -> None:
    """The rows read from the kinds given and the lines' lengths are those of the lines not given a kind, a blank line
    given the content kind included."""
    lines = split_lines(text)
    split_merged(lines, header=150)
    n = len(lines)
    for i in range(0, n, 3):
        lines[i].kind = "footnote"
    for i in range(1, n, 7):
        if lines[i].kind == "blank":
            lines[i].kind = ""
    plain = list(lines)
    for first, last in ((0, n), (1, min(n, 17)), (n // 2, n), (n, n)):
        expected = [ln.segments for ln in plain[first:last] if ln.kind == ""]
        assert tail._rows(lines, first, last) == expected
        assert tail._rows(plain, first, last) == expected


def _stream(foot: str) -> list[Segment]:
    lines = split_lines(foot)
    split_merged(lines, header=0)
    return tail._segments_of(tail._rows(lines, 0, len(lines)))


@pytest.mark.parametrize("foot", _FEET)
def test_a_block_is_found_as_the_whole_joined_stream_finds_it(foot: str) -> None:
    """Joined only as far as read, a stream (and each piece of it from its start) holds a block where the whole joined
    stream does; the blocks the search read, remembered, are read in the zone as a fresh reading reads them."""
    stream = _stream(foot)
    for n in range(len(stream) + 1):
        part = stream[:n]
        joined = tail._joined(part)
        expected = any(tail._is_block_start(s.text) and tail._signature_from(joined, i) for i, s in enumerate(joined))
        read: tail.Blocks = {}
        assert tail._any_signature(part, read) == expected
        assert tail._signatures(part, read) == tail._signatures(part, {})
        assert tail._signatures(stream, read) == tail._signatures(stream, {})


_NOTE_PAGE = ("Điều 1. Theo Nghị định số 30/2020/NĐ-CP¹ và Thông tư 01/2011/TT-BNV.1\n"
              "Nội dung dài của điều, viết tiếp ở đây\n"
              "             \n"
              "1 Thông tư đã hết hiệu lực\n"
              "từ năm 2020.\n"
              "2 Một chú thích nữa\n"
              "\n"
              "12\n"
              "\f12 CÔNG BÁO/Số 45 + 46/Ngày 15-01-2021\n"
              "câu nối tiếp sau trang mới.\n"
              "¹ Chính thức ban hành ngày 05/3/2020\n"
              "  và có hiệu lực.\n"
              "\n"
              "²³ Hai dấu\n")
_NOTE_TEXTS = [
    _NOTE_PAGE,
    _NOTE_PAGE.replace("\n", "\r\n"),  # a carriage return ending each line
    _NOTE_PAGE.rstrip("\n"),  # no line end at the end
    _NOTE_PAGE.replace("             \n", "______________\n"),  # a drawn separator
    _NOTE_PAGE.replace("\n\n", "\n| |\n"),  # a row of table rules only (blank)
    _NOTE_PAGE.replace("Hai", "𝐀 Hai"),  # an astral character
    "Điều 1. Không có chú thích.\n\nNơi nhận:\n- Như trên;\n",  # no note at all
    "",
    _NOTE_PAGE * 40 + "Điều 2.\n" * 9000,  # a long text: its lines' lengths read by stretches
    ("Điều 1. Nội dung dài của điều.1\n" * 9000) + "             \n1 Một chú thích",  # no lengths kept
]


@pytest.mark.parametrize("text", _NOTE_TEXTS)
@pytest.mark.parametrize("first", [0, 1, 3])
def test_footnotes_read_without_making_lines_are_those_of_the_lines(text: str, first: int) -> None:
    """The notes and anchors found reading :class:`Lines` by offsets and kinds are those found on its lines made (a
    plain list), and the same lines are marked ``footnote``."""
    got = split_lines(text)
    made = split_lines(text)
    for lines in (got, made):
        mark_furniture(lines)
        mark_page_numbers(lines, 0, len(lines))
    plain = list(made)
    first = min(first, len(plain))
    assert find_footnotes(text, got, first, len(got)) == find_footnotes(text, plain, first, len(plain))
    assert [ln.kind for ln in got] == [ln.kind for ln in plain]


@pytest.mark.parametrize(("line", "plain", "superscript", "separator"), [
    ("1 Thông tư số 01", ("1", "Thông tư số 01"), None, False),
    ("  12   Nghị định\r", ("12", "Nghị định\r"), None, False),
    ("\u00a01 Một", ("1", "Một"), None, False),
    ("1234 Một", None, None, False),
    ("1", None, None, False),
    ("¹ Chính thức", None, ("¹", "Chính thức"), False),
    ("  ²³Hai", None, ("²³", "Hai"), False),
    (" " * 12, None, None, True),
    ("\t" * 10, None, None, True),
    (" " * 9, None, None, False),
    ("  ____________  ", None, None, True),
    ("___ x", None, None, False),
    ("", None, None, False),
])
@pytest.mark.parametrize("before", ["", "Điều 1.\n", "   \n", "x\u00a0\n"])
def test_note_patterns_match_a_line_within_the_text(line: str, plain: tuple[str, str] | None,
                                                    superscript: tuple[str, str] | None, separator: bool,
                                                    before: str) -> None:
    """The note patterns read a line over its bounds in the whole text as they would the line alone: at its start,
    whatever stands on the line before, to its end."""
    from vanban.parse import footnotes

    text = before + line + "\nsau"
    a, b = len(before), len(before) + len(line)
    for pattern, expected in ((footnotes._PLAIN_DEF_AT, plain), (footnotes._SUPER_DEF_AT, superscript)):
        m = pattern.match(text, a, b)
        assert (None if m is None else (m.group(1), text[m.start(2):b])) == expected
    assert bool(footnotes._SEPARATOR_AT.match(text, a, b)) is separator

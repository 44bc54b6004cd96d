"""The two ends of a document found by whole-text searches: the incoming stamp and the page chrome.

Each search stands for a per-line reading; the tables check that both find the same lines at the edges (empty
lines, a text ending without a line end, bars, astral characters, marks moved by OCR).
"""

from __future__ import annotations

import random
import re
from typing import Any

import pytest

from vanban import parse_text
from vanban.dates import DATELINE_RE
from vanban.normalize import clean_text, fold, strip_marks
from vanban.parse import header, page, stamp, tail
from vanban.parse.alternation import trie_alternation
from vanban.parse.layout import Segment, split_lines
from vanban.parse.merged import split_merged
from vanban.parse.search import Openings, lines_with
from vanban.parse.stamp import find_stamp


@pytest.mark.parametrize(("text", "stamped"), [
    ("ĐẾN  Số: 125\nNgày: 12/3/2025\nChuyển: Phòng KT\n\nUBND TỈNH\nSố: 1/QĐ-UBND", True),
    ("UBND TỈNH\nĐEN     Số 45\nNgày đến: 01/02/2024\nChuyên: VP", True),  # OCR slips, no line end at the end
    ("Số: 12/QĐ-UBND\nNgày: 12/3/2025\nHà Nội, ngày 1 tháng 2 năm 2025\n", False),  # labels, none only a stamp has
    ("Số: 12/QĐ-UBND\r\nNgày: 12/3/2025\r\nvăn bản này có hiệu lực đến ngày 1/1/2026\r\n", False),
    ("|  |\n\nSố và ký hiệu HS: 01\nSố: 7\n", True),
    ("𝐀\nĐẾN\n\n\n\n\nSố: 7\n", False),  # too far apart to be one stamp
])
def test_stamp_needs_a_label_only_a_stamp_prints(text: str, stamped: bool) -> None:
    text = clean_text(text)
    lines = split_lines(text)
    stamp, covered = find_stamp(text, lines, min(len(lines), 150))
    assert (stamp is not None) == stamped
    assert bool(covered) == stamped


def _stamp_read_line_by_line(text: str, lines: list, limit: int) -> list:
    """The stamp's labels as a reading of every line of the top gives them: each line's segments read, the labels cut
    into clusters (a gap of more than three lines parts two), the first cluster that is a stamp taken."""
    hits = [(ln.index, *stamp._kind(seg.text), seg.text) for ln in lines[:limit] if not ln.kind for seg in ln.segments
            if stamp._kind(seg.text)[0]]
    group: list = []
    for h in hits:
        if group and h[0] - group[-1][0] > 3:
            if stamp._is_stamp(group):
                return group
            group = []
        group.append(h)
    return group if stamp._is_stamp(group) else []


_LABELS = ["ĐẾN   Số: 125", "Ngày: 12/3/2025", "Chuyển: Phòng KT", "Số và ký hiệu HS: 01", "ĐEN", "Chuyên: VP",
           "đến hết ngày 31 tháng 12 năm 2025;", "Số: 12", "Ngày đến: 1/2/2024", "Số 45", "Đến nay chưa có.",
           "UBND TỈNH LÀO CAI        ĐẾN  Số: 7", "| Ngày: 5/6/2024 |", "𝐀 Chuyển: VP", "DEN So: 7", "x"]


@pytest.mark.parametrize("seed", range(40))
@pytest.mark.parametrize("end", ["\n", "\r\n", ""])
def test_stamp_cluster_grown_around_its_rare_label_as_read_line_by_line(seed: int, end: str) -> None:
    """The stamp found by growing a cluster around each label only a stamp prints is the one a reading of every
    line gives: labels one to four lines apart (a cluster's edge), clusters one after the other, body lines opening
    with ``đến`` / ``Số`` / ``Ngày``, labels beside a header column, at the first line and at the limit's edge."""
    r = random.Random(seed)
    share = (0.1, 0.25, 0.45)[seed % 3]
    rows = [r.choice(_LABELS) if r.random() < share else r.choice(["", "", "nội dung", "CỘNG HÒA XÃ HỘI"])
            for _ in range(r.randrange(1, 60))]
    text = clean_text("\n".join(rows)).replace("\n", end or "\n")
    if not end:
        text = text.rstrip("\n")
    lines = split_lines(text)
    split_merged(lines, header=150)
    for limit in (len(lines), max(1, len(lines) - r.randrange(0, 5))):
        limit = min(limit, len(lines))
        expected = _stamp_read_line_by_line(text, lines, limit)
        assert stamp._first_stamp(text, lines, limit) == expected
        found, covered = find_stamp(text, lines, limit)
        assert (found is not None) == bool(expected)
        if expected:
            assert covered[-1] == expected[-1][0] and expected[0][0] in covered


CHROME_PAGES = [
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nĐiều 1. Nội dung.\n  Văn bản liên quan\nx",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nnội dung\n\tVĂN BẢN GỐC\n",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nnội dung\nVăn bản gốc",  # no line end at the end
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nnội dung\n\n\nĐăng nhập\n𝐀",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nnội dung\nvăn bản liên quan ở giữa câu\n",  # lower case: not chrome
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n| Tải văn bản |\n",
]


@pytest.mark.parametrize("text", CHROME_PAGES)
def test_chrome_heads_find_every_line_opening_like_a_chrome_line(text: str) -> None:
    """The search finds (at least) each line whose folded start is a catalogued chrome line's, capitalised."""
    found = page._head_lines(text, 0)
    starts = [m.end() for m in re.finditer("\n", text)]
    for a in starts:
        s = text[a:page._line_end(text, a)].strip()
        if s and s[0].isupper() and any(fold(s).startswith(e) for e in page._chrome()[0]):
            assert a in found, s


def _heads_in_one_pattern() -> re.Pattern[str]:
    """The search ``page._heads`` was before its trie walk: every letter of ``_HEAD_LETTERS`` in the pattern."""
    by_base: dict[str, set[str]] = {}
    for cp in (*range(0x41, 0x250), *range(0x1E00, 0x1F00), 0x212A, 0x212B):
        base = strip_marks(chr(cp))
        if len(base) == 1 and base.isalpha():
            by_base.setdefault(base.lower(), set()).add(chr(cp))

    def one_of(chars: set[str]) -> str:
        return "[" + "".join(re.escape(c) for c in sorted(chars)) + "]" if len(chars) > 1 else re.escape(*chars)

    def loose(ch: str) -> str:
        return r"[^\S\n]+" if ch.isspace() else one_of({ch, *by_base.get(strip_marks(ch).lower(), ())}) + "[\u0300-\u036f]*"

    branches: list[tuple[str, ...]] = []
    leads: set[str] = set()
    for e in page._chrome()[0]:
        if e[0].upper() != e[0]:
            capitals = {c for c in (e[0].upper(), *by_base.get(strip_marks(e[0]).lower(), ())) if c.isupper()}
            leads |= capitals
            branches.append((one_of(capitals) + "[\u0300-\u036f]*", *(loose(c) for c in e[1:page._HEAD_LETTERS])))
    return re.compile(r"\n[^\S\n]*+(?=" + one_of(leads) + ")" + trie_alternation(branches))


def _loosely(rng: random.Random, line: str) -> str:
    """A chrome line as a page may print it: letters in either case or with other marks, marks apart, spaces of
    any kind (a line end among them), now and then a letter of another."""
    out = []
    for ch in line[:page._HEAD_LETTERS + 2]:
        if ch == " ":
            out.append(rng.choice([" ", "  ", "\t", "\u00a0", "\u3000", " \n", ""]))
            continue
        key = strip_marks(ch).lower()
        like = [chr(c) for c in (*range(0x41, 0x250), *range(0x1E00, 0x1F00), 0x212A, 0x212B)
                if strip_marks(chr(c)).lower() == key]
        out.append(rng.choice([ch, ch.upper(), *like]) if rng.random() < 0.9 else rng.choice(_OTHERS))
        if rng.random() < 0.2:
            out.append(rng.choice("\u0300\u0301\u0303\u0309\u0323"))
    return "".join(out)


_OTHERS = "aAàÀạăÂbBcCđĐêÊiIlLnNôƠsStTưƯvVyY .:-|\t\u00a0\r\n\u0301\u0323ǞḀÅKḂ𝐀"


def _assert_heads_as_whole(pages: list[str]) -> int:
    """``_head_lines`` finds what the whole pattern found on each page, from its start and from an offset."""
    whole = _heads_in_one_pattern()
    found = 0
    for text in pages:
        for after in (0, len(text) // 3):
            expected = {m.start() + 1 for m in whole.finditer(text, after)}
            assert page._head_lines(text, after) == expected, text[:200]
            found += len(expected)
    return found


def test_chrome_heads_walk_finds_what_the_whole_pattern_finds(samples: dict[str, dict[str, Any]]) -> None:
    """The pattern of the first letters and the walk through the rest find the lines the one pattern of every letter
    found: on generated pages (any case, marks, spaces, CRLF, no final line end, astral characters) and samples."""
    rng = random.Random(17)
    ends = page._chrome()[0]
    pages = [*CHROME_PAGES, "", *(r["text"] for r in samples.values())]
    for _ in range(3000):
        lines = [rng.choice(["", " ", "\t", "\u3000"]) + _loosely(rng, rng.choice(ends))
                 + "".join(rng.choice(_OTHERS) for _ in range(rng.randint(0, 4))) if rng.random() < 0.6
                 else "".join(rng.choice(_OTHERS) for _ in range(rng.randint(0, 16))) for _ in range(rng.randint(1, 8))]
        pages.append(rng.choice(["", "x", "\n"]) + "\n".join(lines) + rng.choice(["", "\n", "\r\n"]))
    assert _assert_heads_as_whole(pages) > 500


def test_chrome_heads_walk_on_the_corpus(gazette: list[dict[str, Any]]) -> None:
    """The same on the gazette dev texts."""
    assert _assert_heads_as_whole([r["text"] for r in gazette]) > 0


def test_chrome_heads_trie_takes_one_way() -> None:
    """The walk's conditions hold for the catalogue: at a node, the letters' classes are disjoint and hold no space
    nor mark, and a run of spaces is not followed by another."""
    marks = {chr(c) for c in range(0x300, 0x370)}
    stack = [page._heads()[1]]
    while stack:
        node = stack.pop()
        children = {id(c): c for k, c in node.items() if k}
        for child in children.values():
            chars = {k for k, c in node.items() if c is child}
            assert not any(k.isspace() or k in marks for k in chars)
        if None in node:
            assert None not in node[None]
        stack += children.values()
        if None in node:
            stack.append(node[None])


def test_document_ends_before_the_chrome() -> None:
    text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSố: 1/QĐ-UBND\n\n   Văn bản liên quan\nx"
    assert page.document_span(text) == (0, text.index("Hạnh phúc") + len("Hạnh phúc") + len("\nSố: 1/QĐ-UBND"))
    assert parse_text(text).span is not None


@pytest.mark.parametrize("text", [
    "Nơi nhận:\n- Như trên;",
    "Điều 3.\n   Nơi nhận:\n\tNƠI NHẬN:\n\u00a0Nơi\nnhận:\nKT. CHỦ TỊCH",
    "văn bản\n \n     \nNơi nhận\n    NOi\nx Nơi nhận\n𝐀Nơi\nNơi",
    "\n\n\nnơi nhận: |  |\n|  |\n   ",
    "",
])
@pytest.mark.parametrize("first", [0, 1, 3])
def test_recipients_label_lines_found_by_the_led_search(text: str, first: int) -> None:
    """The faster search for a ``Nơi nhận`` line finds the lines ``_RECIPIENTS_HEAD`` opens, as the plain one does."""
    lines = split_lines(text)
    expected = [i for i in range(first, len(lines)) if tail._RECIPIENTS_HEAD.match(lines[i].text)]
    assert list(Openings(tail._RECIPIENTS_HEAD, text, lines, first).before(len(lines))) == expected
    assert list(tail._label_lines(text, lines, first).before(len(lines))) == expected


_HEAD = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSố: 20/2025/QĐ-UBND\n\nĐiều 1. Năm 2025 và 20 xã.\n"


@pytest.mark.parametrize(("after", "cut"), [
    ("Quyết định 20/2025/QĐ-UBND ngày 1/1/2025 về việc x\nthêm", True),
    ("  Quyết định   20/2025/qđ-ubnd năm 2025", True),  # the code in another case, no line end at the end
    ("Decision No.20/2025/QĐ-UBND dated", True),
    ("Quyết định 20/2024/QĐ-UBND ngày 1/1/2024", False),  # another number with the same serial
    ("Quyết định 120/2025/QĐ-UBND ngày 1/1/2025", False),
    ("năm 2025, 20 xã: Quyết định số 20/2025/QĐ-UBND", False),  # cited in a sentence, not a title line
])
def test_portal_title_line_ends_the_document(after: str, cut: bool) -> None:
    text = _HEAD + after
    assert page.document_span(text) == ((0, len(_HEAD) - 1) if cut else (0, len(text)))


HEADER_TOPS = [
    "UBND TỈNH LÀO CAI        CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 12/QĐ-UBND        Độc lập - Tự do - Hạnh phúc\n",
    "BỘ TÀI CHÍNH | CỘNG HÒA XÃ HỘI\n| CHỦ NGHĨA VIỆT NAM |\nSố: 5/TT-BTC | Độc lập - Tự do -\nHạnh phúc\n",
    "TỈNH ỦY LÀO CAI   ĐẢNG CỘNG SẢN VIỆT NAM\r\nSố 26-NQ/TU\r\nKHẨN\r\nTỐI MẬT\r\n",
    "CỘNG HOÀ XÃ HỘl CHỦ NGHỈA VIẸT NAM\nĐộc lâp - Tư do - Hanh phúc\nĐÁNG CỘNG SẢN VIÊT NAM\n𝐀 THƯỢNG KHẨN",  # OCR slips
    "CỘNG\nHÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐỘC LẬP - TỰ DO\n- HẠNH PHÚC\nM Ậ T\n\n\n|  |\nHỎA TỐC HẸN GIỜ",
    "công ty đang thi công\nnội dung đăng ký dạng\nKhó khăn mặt bằng Việt Nam | docl\n" * 20,
]


def _segment_keys(text: str) -> list[tuple[int, list[str]]]:
    lines = split_lines(text)
    return [(ln.index, [header._key(s) for s in ln.segments]) for ln in lines if ln.kind == ""]


@pytest.mark.parametrize("text", HEADER_TOPS)
def test_may_hold_passes_every_line_a_segment_of_which_gives_a_field(text: str) -> None:
    """``_may_hold`` (what the top walk reads a line for) passes each line one segment of which is a title within
    three edits, an urgency or secrecy, or may open a title wrapped onto the next line."""
    lines = split_lines(text)
    content = header._Content(text, lines, set(), min(len(lines), 150))
    h = header.Header()
    for i, keys in _segment_keys(text):
        gives = any(header._near(k, t) for k in keys for t in header._TITLE_KEYS) or any(
            k in header._URGENCY or k in header._SECRECY for k in keys)
        last = keys[-1] if keys else ""
        wraps = 4 <= len(last) <= 30 and any(t.startswith(last) or last.startswith(t[:8]) for t in header._TITLE_KEYS)
        if gives or wraps:
            assert header._may_hold(h, content.key(i)), (i, keys)


@pytest.mark.parametrize("text", HEADER_TOPS)
@pytest.mark.parametrize("missing", [(True,) * 5, (False, False, True, True, True), (False,) * 5])
def test_sought_finds_every_line_may_hold_passes(text: str, missing: tuple[bool, bool, bool, bool, bool]) -> None:
    """The search of a chunk of keys finds (at least) the lines whose key ``_may_hold`` passes."""
    lines = split_lines(text)
    content = header._Content(text, lines, set(), min(len(lines), 150))
    h = header.Header()
    seg = Segment("x", 0, 1, 0, 0)
    h.national_title, h.motto, h.party_title = (None if m else seg for m in missing[:3])
    h.urgency, h.secrecy = (None if m else "x" for m in missing[3:])
    for a in range(0, content.limit, 16):
        keyed, keys = content.keys_of(a, min(a + 16, content.limit))
        found = {keyed.count("\n", 0, m.start()) for m in header._sought(*missing).finditer(keyed)}
        for j, k in enumerate(keys):
            assert k == header.ascii_key(k)
            if header._may_hold(h, k):
                assert j in found, k


@pytest.mark.parametrize(("text", "national", "motto"), [
    ("UBND TỈNH\nCỘNG HÒA XÃ HỘI\nCHỦ NGHĨA VIỆT NAM\nSố: 1/QĐ-UBND\nĐộc lập - Tự do - Hạnh phúc\n",
     "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"),
    ("UBND TỈNH   |   CỘNG HÒA XÃ HỘI |\r\n|   CHỦ NGHĨA VIỆT NAM |\r\nSố: 1/QĐ-UBND   |   Độc lập - Tự do - Hạnh phúc |"
     "\r\n", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"),
])
def test_header_reads_titles_wrapped_onto_the_next_line(text: str, national: str, motto: str) -> None:
    doc = parse_text(text + "QUYẾT ĐỊNH\nVề việc thử\nĐiều 1. Nội dung.\n")
    assert doc.national_title == national
    assert doc.motto == motto
    assert doc.number is not None and doc.number.canonical == "1/QĐ-UBND"


@pytest.mark.parametrize("text", ["", "a", "\n", "a\nb", "a\nb\n", "\n\n\n", "x\r\ny\r\n", "𝐀\n" * 50, "l\n" * 41])
def test_lines_down_ends_where_the_line_walk_does(text: str) -> None:
    """``_lines_down`` (one match) ends where walking down line by line ends, at the text's end too."""
    starts = [0, *(m.end() for m in re.finditer("\n", text))]
    for a in starts:
        for n in (0, 1, 2, 20, 40):
            b = page._line_end(text, a)
            for _ in range(n):
                if b >= len(text):
                    break
                b = page._line_end(text, b + 1)
            assert page._lines_down(text, a, n) == b


@pytest.mark.parametrize("s", ["KT. CHỦ TỊCH", "y] KT. CHỦ TỊCH", "[ký] Nguyễn Văn A", "{x}", "ab[", "", "a]b]"])
def test_debris_cut_only_where_there_is_some(s: str) -> None:
    assert tail._without_debris(s) == tail._ARTIFACT.sub("", s)


@pytest.mark.parametrize("line", ["Hà Nội, ngày 05 tháng 01 năm 2020", "ngày 5 thang 1 nam 2020", "05 tháng 01 năm 2020",
                                  "Số: 15/2021/TT-BTC", "TP. HCM, NGÀY 05 THÁNG 01 NĂM 2020", "ngày 5 thàng 1 năm 2020"])
def test_a_date_line_holds_the_month_word(line: str) -> None:
    """Each line ``DATELINE_RE`` reads holds ``_MONTH`` (the header reads only those)."""
    if DATELINE_RE.search(line):
        assert header._MONTH.search(line)


BLOCK_HINT = tail._block_hint(brackets=True)
"""The signature hint, brackets included (the parse searches its letters and its brackets apart)."""

FOOT_LINES = [
    "KT. CHỦ TỊCH", "  TM. ỦY BAN NHÂN DÂN", "Nơi nhận:   KT. BỘ TRƯỞNG", "- Lưu: VT, XD. PHÓ CHỦ TỊCH",
    "Nơi nhận: T/M TỈNH ỦY", "y] KT. CHỦ TỊCH", "[ký] THỦ TƯỚNG", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAMKT. CHỦ TỊCH",
    "Độc lập - Tự do - Hạnh phúcPHÓ CHỦ TỊCH", "CHU\u031b\u0309 TI\u0323CH", "THƯỜNG TRỰC", "QUY ĐỊNH CHUNG",
    "K/T GIÁM ĐỐC", "|KT. CHỦ TỊCH |", "\tTL. BỘ TRƯỞNG\t", "ỦY VIÊN", "UỶ VIÊN", "QUỸ BẢO HIỂM", "TỔ CHỨC THỰC HIỆN",
    "2KT. CHỦ TỊCH", "Nguyễn Văn A      TM. BAN THƯỜNG VỤ", "CHỦ  TỊCH", "GIÁM ĐỐC\r", "𝐀 KT. CHỦ TỊCH",
]


@pytest.mark.parametrize("foot", FOOT_LINES)
def test_block_hint_finds_every_line_opening_a_signature_block(foot: str) -> None:
    """Each line one segment of which can open a signature block (the merged columns cut apart) holds the hint
    where that segment opens: the search from the header's end finds it."""
    text = "Điều 1. Nội dung.\n" * 160 + f"{foot}\nNguyễn Văn A\n"
    lines = split_lines(text)
    split_merged(lines, header=150)
    found = set(lines_with(BLOCK_HINT, text, lines, 0))
    for ln in lines:
        if ln.kind == "" and any(tail._is_block_start(s.text) for s in ln.segments):
            assert ln.index in found, ln.text


_FOOT = "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nNguyễn Văn A\n"
_TOP = "UBND TỈNH LÀO CAI\nSố: 1/QĐ-UBND\nQUYẾT ĐỊNH\nVề việc thử\n" + "Điều 1. Nội dung.\n" * 5


@pytest.mark.parametrize("label", ["Nơi\nnhận:\n- Như trên;\n- Lưu: VT.\n", "Nơi nhận:\n- Như trên;\n- Lưu: VT.\n",
                                   "Nơi nhận:\r\n- Như trên;\r\n- Lưu: VT."])
@pytest.mark.parametrize(("gap", "read"), [(0, True), (30, True), (36, True), (37, False), (40, False), (44, False),
                                           (45, False), (60, False)])
def test_recipients_read_only_near_the_signature(label: str, gap: int, read: bool) -> None:
    """The label is looked for only as far as the foot's lines past the signature: one more than 40 lines past it
    (a form in an appendix) is not the document's, wrapped by a narrow cell or not."""
    doc = parse_text(_TOP + _FOOT + "x\n" * gap + label)
    assert len(doc.signatures) == 1
    assert doc.recipients == (("Như trên", "Lưu: VT") if read else ())


@pytest.mark.parametrize("gap", [0, 10, 14, 15, 16, 20])
def test_a_wrapped_label_before_the_signature_is_joined_before_the_signature_is_read(gap: int) -> None:
    doc = parse_text(_TOP + "Nơi\nnhận:\n- Như trên;\n- Lưu: VT.\n" + "x\n" * gap + _FOOT)
    assert doc.recipients == ("Như trên", "Lưu: VT")
    assert [s.signer for s in doc.signatures] == ["Nguyễn Văn A"]


_HINTED = "KT. CHỦ TỊCH\n"
_LABEL = "Nơi nhận:\n"
SEARCHED_TEXTS = [
    "",
    _HINTED.rstrip("\n"),  # one line, no line end at the end
    ("nội dung\n" * 70 + _HINTED + _LABEL) * 3,  # hits past the lines' every 64th mark
    ("nội dung\r\n\r\n" + _HINTED.replace("\n", "\r\n") + "  " + _LABEL) * 40,  # CRLF, indented labels
    "\n\n\n" + "|  |\n" * 130 + _HINTED + "\n" * 64 + _LABEL + "𝐀 " + _HINTED + "x",  # table rules, astral, blanks
    ("Điều 1. Nội dung dài của điều.\n" * 9000 + _HINTED + _LABEL) * 2,  # a long text (its lines summed by stretches)
    "a\n" * 64 + _HINTED * 3 + _LABEL * 3,  # every line a hit, from a mark on
]


@pytest.mark.parametrize("text", SEARCHED_TEXTS)
@pytest.mark.parametrize("first", [0, 1, 64, 65, 200])
def test_searched_lines_are_the_lines_that_match(text: str, first: int) -> None:
    """The searches give the index of each line that holds (opens with) the pattern, whether the lines are
    :class:`Lines` (indexes from its marks) or a plain list of them (line ends counted)."""
    lines = split_lines(text)
    plain = list(lines)
    first = min(first, len(plain))
    holding = [i for i in range(first, len(plain)) if BLOCK_HINT.search(plain[i].text)]
    opening = [i for i in range(first, len(plain)) if tail._RECIPIENTS_HEAD.match(plain[i].text)]
    for seq in (lines, plain):
        assert list(lines_with(BLOCK_HINT, text, seq, first)) == holding
        assert list(Openings(tail._RECIPIENTS_HEAD, text, seq, first, led=tail._RECIPIENTS_LINE).before(len(seq))) == opening
    assert holding or not text.strip() or first >= len(plain) - 1


@pytest.mark.parametrize("text", SEARCHED_TEXTS)
@pytest.mark.parametrize("step", [1, 2, 15, 64, 1000])
def test_openings_read_in_steps_are_the_openings_read_at_once(text: str, step: int) -> None:
    """Asked for a few lines at a time (as the foot asks for labels), then for the rest, the lines that open with a
    label are those one search from the same line finds, each once, however far each call reads."""
    lines = split_lines(text)
    first = min(1, len(lines))
    whole = list(Openings(tail._RECIPIENTS_HEAD, text, list(lines), first, led=tail._RECIPIENTS_LINE).before(len(lines)))
    for seq in (lines, list(lines)):
        found = Openings(tail._RECIPIENTS_HEAD, text, seq, first, led=tail._RECIPIENTS_LINE)
        got: list[int] = []
        for last in range(first, len(lines) + step, step):
            got += found.before(last)
            assert got == [i for i in whole if i < last]
        got += found.before(len(lines) + 1)
        assert got == whole


_BODY = "Điều 1. Nội dung của văn bản.\n" * 3
_SIGNED = "BỘ TRƯỞNG\n\nNguyễn Văn A\n"


@pytest.mark.parametrize(("tail", "number", "line"), [
    ("XÁC THỰC VĂN BẢN HỢP NHẤT\nSố: 01/VBHN-BTC\n", "01/VBHN-BTC", 1),  # heading over the number
    ("Số: 01/VBHN-BTC\n\n\n\n\n\nXÁC THỰC VĂN BẢN HỢP NHẤT\n", "01/VBHN-BTC", 0),  # six lines under it
    ("Số: 01/VBHN-BTC\n\n\n\n\n\n\nXÁC THỰC VĂN BẢN HỢP NHẤT\n", None, None),  # seven: too far
    ("xác nhận văn bản hợp nhất\n\n\n\n\n\nSố: 7/VBHN-VPQH\n", "7/VBHN-VPQH", 6),  # lower case, six lines over it
    ("XÁC THỰC VĂN BẢN HỢP NHẤT\n\n\n\n\n\n\nSố: 7/VBHN-VPQH\n", None, None),
    ("XÁC THỰC VĂN BẢN\nHỢP NHẤT\nSố: 12/Vbhn-BTC\n", "12/VBHN-BTC", 2),  # the heading wrapped, the code's case
    ("XÁC THỰC VĂN BẢN HỢP NHẤT\n\n\n\n\n\nSố: 15/\nVBHN-\nBTC\n", "15/VBHN-BTC", 6),  # the number run on
    ("XÁC THỰC VĂN BẢN HỢP NHẤT\n\n\n\n\n\n\nSố: 15/\nVBHN-\nBTC\n", None, None),
    ("XÁC THỰC VĂN BẢN HỢP NHẤT\n\n\n\n\n\nSố: 15/\nVBHN-BTC", "15/VBHN-BTC", 6),  # no final line end
    ("XÁC THỰC VĂN BẢN HỢP NHẤT\nSố: 15/QĐ-BTC\n", None, None),  # not a consolidated text's number
    ("Số: 01/VBHN-BTC\n", None, None),  # no heading
    ("XÁC THỰC VĂN BẢN HỢP NHẤT | Số: 01/VBHN-BTC\n", "01/VBHN-BTC", 0),  # one row of a table
])
def test_consolidated_number_is_read_within_six_lines_of_its_heading(tail: str, number: str | None,
                                                                      line: int | None) -> None:
    """The heading is looked for only near a printed ``VBHN`` (from the lines the number can start on), wherever
    else the text prints the code or a heading."""
    for before in ("", "Thông tư 01/VBHN-BXD\n" + _BODY, _BODY + "XÁC THỰC VĂN BẢN HỢP NHẤT\n" + _BODY):
        head = before + _BODY + _SIGNED
        text = clean_text(head + tail)
        found = header._consolidation_number(text, split_lines(text))
        first = head.count("\n")
        assert ((found[0].canonical, found[1] - first) if found else (None, None)) == (number, line), before


@pytest.mark.parametrize("text", [
    "UBND TỈNH\nSố: 1/QĐ-UBND\n" + "dòng\n" * 11 + "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n",
    "UBND TỈNH\nSố: 1/QĐ-UBND\n" + "dòng\n" * 12 + "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n",
    "UBND TỈNH\nSố: 1/QĐ-UBND\n" + "dòng\n" * 10 + "\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n",
    "UBND TỈNH\nSố: 1/QĐ-UBND\n" + "dòng\n" * 13 + "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n",
    "UBND TỈNH\nSố: 1/QĐ-UBND\n" + "dòng\n" * 30 + "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
])
def test_top_walk_reads_to_the_first_content_line_below_the_numbers_twelve(text: str) -> None:
    """A title is read on the 12 lines under the number and on the first content line below them, not further."""
    text = clean_text(text)
    lines = split_lines(text)
    h = header.parse_header(text, lines, set(), min(len(lines), 150))
    assert h.number_line == 1
    title = next(i for i, ln in enumerate(text.split("\n")) if ln.startswith("CỘNG"))
    content_below = [i for i, ln in enumerate(text.split("\n")) if i > 13 and ln.strip()]
    assert (h.national_title is not None) == (title <= 13 or title == content_below[0])


@pytest.mark.parametrize("text", [*HEADER_TOPS, "a\u0301\nĐ\u0323 – “x”\n\t\x0b\x0c\n", "Σ ΣΑΣ\nİ ǅ ﬁ 𝐀\n" * 40])
def test_a_line_keyed_alone_is_keyed_as_among_others(text: str) -> None:
    """``_Content.key`` of a line keyed alone (below the lines the walk keyed) equals its key among the others."""
    text = clean_text(text)
    lines = split_lines(text)
    limit = min(len(lines), 150)
    alone = [header._Content(text, lines, set(), limit).key(i) for i in range(limit)]
    content = header._Content(text, lines, set(), limit)
    for a in range(0, limit, 7):
        assert content.keys_of(a, min(a + 7, limit))[1] == alone[a:a + 7]
    assert [content.key(i) for i in range(limit)] == alone


@pytest.mark.parametrize("line", [
    "ĐẾN  Số: 125", "đến", "  \tđến ngày", "UBND | đến", "UBND\tđến", "UBND   đến", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAMđến",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM đến", "Độc lập - Tự do - Hạnh phúc đến", "Độc lập - Tự do - Hạnh phúcđến",
    "------ đến số 5", "____ chuyển: x", "Số 12/QĐ-UBND đến ngày 5 tháng 3 năm 2025",
    "Số: 12 Lào Cai, ngày 5 tháng 3 năm 2025", "- Như trên; đến Văn Bình", "- Lưu: VT, XD. PHÓ CHỦ TỊCH",
    "Nơi nhận: T/M TỈNH ỦY", "a\u0301 \u0301đến", "x \u3000 đến", "UBND TỈNH LÀO CAI ĐẢNG CỘNG SẢN VIỆT NAM",
])
def test_every_segment_opens_where_a_label_can_open(line: str) -> None:
    """``_may_open_segment`` passes the first letter of every segment a line is split into (gaps, merged columns),
    but a segment opening with a rule (no label does)."""
    text = clean_text(f"x\n{line}\ny")
    lines = split_lines(text)
    split_merged(lines, header=150)
    ln = lines[1]
    for seg in ln.segments:
        p = seg.start
        while "\u0300" <= text[p] <= "\u036f" or text[p].isspace():
            p += 1
        if text[p] not in "-_=–—":
            assert stamp._may_open_segment(text, p, ln.start), seg.text


@pytest.mark.parametrize(("line", "word"), [("từ ngày 1 đến ngày 5", "đến"), ("đã chuyển: x", "chuyển"),
                                            ("ghi số và ký hiệu", "số")])
def test_a_word_inside_running_text_opens_no_segment(line: str, word: str) -> None:
    text = f"x\n{line}\n"
    assert not stamp._may_open_segment(text, text.index(word), 2)


@pytest.mark.parametrize("first", range(0, 0x30000, 0x1000))
def test_keys_are_the_ascii_letters_of_the_decomposition_in_lower_case(first: int) -> None:
    """``_keyed`` gives what the decomposition's ASCII (``Đ`` as ``D``) lower-cased, blanks left out, gives."""
    import unicodedata
    chars = "".join(chr(c) for c in range(first, first + 0x1000) if not 0xD800 <= c < 0xE000 and chr(c) != "\n")
    text = f"Đ đ Ế\tİ \u212a x\n{chars}\nAb c"
    expected = unicodedata.normalize("NFD", text).replace("Đ", "D").replace("đ", "d").lower().encode("ascii", "ignore")
    assert header._keyed(text) == expected.translate(None, b" \t\r\x0b\x0c\x1c\x1d\x1e\x1f").decode("ascii")


def _edited(word: str, edits: int, rnd: random.Random) -> str:
    letters = "abcdeghiklmnopqrstuvxy"
    for _ in range(edits):
        i = rnd.randrange(len(word) + 1)
        op = rnd.choice("isd")
        if op == "i":
            word = word[:i] + rnd.choice(letters) + word[i:]
        elif i < len(word):
            word = word[:i] + (rnd.choice(letters) if op == "s" else "") + word[i + 1:]
    return word


@pytest.mark.parametrize("seed", range(40))
def test_a_key_near_the_party_title_is_read_wherever_it_stands_in_its_line(seed: int) -> None:
    """Every key within three edits of the Party title's (that ``_near`` passes), inside any line, passes ``_may_hold``
    while the Party title is missing."""
    rnd = random.Random(seed)
    h = header.Header()
    h.national_title = h.motto = Segment("x", 0, 1, 0, 0)
    h.urgency = h.secrecy = "x"
    for _ in range(200):
        k = _edited(header.PARTY_TITLE_KEY, rnd.randint(0, 3), rnd)
        if not header._near(k, header.PARTY_TITLE_KEY):
            continue
        for line in (k, f"tinhuylaocai|{k}", f"{k}xyz", f"abc{k}|", f"dd{k}dd"):
            assert header._may_hold(h, line), line


@pytest.mark.parametrize(("key", "read"), [("tindungvietnam", False), ("congtydangthicongnhanh", False),
                                           ("dangcongsanvietnam", True), ("dangcongsanvie", True),
                                           ("dangconsnvietna", True), ("motdangvannhanh", False)])
def test_a_line_with_a_piece_of_the_party_title_alone_is_not_read(key: str, read: bool) -> None:
    h = header.Header()
    h.national_title = h.motto = Segment("x", 0, 1, 0, 0)
    h.urgency = h.secrecy = "x"
    assert header._may_hold(h, key) == read


_DATE_TOPS = [
    "UBND TỈNH\nSố: 1/QĐ-UBND\n\nHà Nội, ngày 05 tháng 01 năm 2020\nQUYẾT ĐỊNH\n",
    "UBND TỈNH   |   CỘNG HÒA\r\nSố: 1/QĐ-UBND   |   Hà Nội, ngày 5\r\n|   tháng 1 năm 2020 |\r\n| |\r\n",
    "Số 26-NQ/TU\nLào Cai, Ngày 05 thàng 12 nãm 2025",  # OCR slips, no line end at the end
    "𝐀 Số: 2/TB\n\n\n  Hà Nội, ngáy   \nthảng 3 năm 2021\nngạy 1 thang 2 nam 2022\nngãy\nNGÀY 1 THÁNG 2\n",
    "Số: 3/CV\n" + "dòng\n" * 24 + "Hà Nội, ngày 1 tháng 2 năm 2020\nngày 2 tháng 3 năm 2021\n",  # the 25th line down
    "Căn cứ ngày 1 tháng 2 năm 2003;\n" + "\n" * 30 + "dòng ngày\n" * 39 + "Hà Nội, ngày 1 tháng 2 năm 2020\n" * 3,
    "\n".join(f"dòng {k} ngày {k} tháng {k % 12 + 1} năm 20{k:02d}" for k in range(60)),  # no number: 40 lines
    "ĐẾN   Số: 12\nNgày: 5/6/2024\nChuyển: VP\nSố: 7/QĐ\nngày 5 tháng 6 năm 2024\n",  # stamp lines skipped
]


@pytest.mark.parametrize("text", _DATE_TOPS)
@pytest.mark.parametrize("anchor", [None, 0, 1, 3, 20])
def test_date_window_gives_the_lines_the_date_loop_reads(text: str, anchor: int | None) -> None:
    """``_date_window`` gives, in order, every line of the window (to 25 lines below the number's line, else the first
    40 content lines) in which the date loop can read a date line or join a cut one (``_YEAR`` and ``_MONTH``, or
    ``_CUT_AT_END``), and no line outside it."""
    text = clean_text(text)
    lines = split_lines(text)
    limit = min(len(lines), 150)
    stamp_lines = set(find_stamp(text, lines, limit)[1])
    content = header._Content(text, lines, stamp_lines, limit)
    window = list(content.upto(anchor + 25)) if anchor is not None else list(content.indexes())[:40]
    starts = content.starts

    def read(i: int) -> bool:
        a, b = starts[i], starts[i + 1] - 1
        return bool((header._YEAR.search(text, a, b) and header._MONTH.search(text, a, b))
                    or header._CUT_AT_END.search(text, a, b))

    given = list(header._date_window(text, header._Content(text, lines, stamp_lines, limit), anchor))
    assert [i for i in window if read(i)] == [i for i in given if read(i)]
    assert set(given) <= set(window)

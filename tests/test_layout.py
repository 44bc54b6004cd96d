"""The body reading of ``parse.layout``: its text and its offsets back into the document, on short texts (lines
stripped at once) and long ones (runs stripped from the source in pieces)."""

from __future__ import annotations

import gc
import itertools
import re
import weakref

import pytest

from vanban.parse.footnotes import _next_note_line
from vanban.parse.layout import (
    _BATCH,
    _CHUNK,
    _RUNNING_HEADER,
    _STRETCH,
    _WHOLE,
    Segment,
    _candidates,
    _line_end,
    build_reading,
    has_content,
    mark_furniture,
    mark_page_numbers,
    split_lines,
)
from vanban.parse.merged import split_merged

SKIP = {"furniture", "esign", "footnote", "stamp", "header", "tail"}


def _expected(text: str) -> str:
    """The reading of a text nobody marked: its lines stripped (rules only made empty), from the first with content."""
    kept = [s.strip() if has_content(s) else "" for s in text.split("\n")]
    while kept and not kept[0]:
        kept.pop(0)
    return "\n".join(kept)


def _long(block: str, size: int) -> str:
    """``block`` repeated past ``size`` characters."""
    return block * (size // len(block) + 1)


CASES = {
    "indented": "  Điều 1. Phạm vi  \n\tkhoản 1 \n\n   khoản 2",
    "newline at the end": " a \n b \n",
    "blank lines at both ends": "\n\n  a  \n\n\n  b \n\n\n",
    "table rules only": " | a | b |\n|  |  |\n | c |\n",
    "astral characters": " 𝔸 một \n  𝔹 hai 𝔻 \n",
    "one line": "   only   ",
    "long, one run in pieces": _long("  dòng có lề   \n\n câu 𝔸 tiếp \n", 3 * _WHOLE),
    "long, table bars": _long(" | ô | ô |\n|  |\n  chữ  \n", _WHOLE + _CHUNK),
    "long, line past a chunk": "  " + "x" * (2 * _CHUNK) + "  \n" + _long(" y \n", _WHOLE),
    "several stretches": _long("  dòng có lề   \n\n câu 𝔸 tiếp \n", 2 * _CHUNK + 5),
    "several stretches, bars in the last only": _long(" chữ \n", 2 * _CHUNK) + " | ô |\n|  |\n",
}

MID = {  # texts up to _WHOLE read in several stretches: the rows are the whole text's split and stripped at once
    "margins, blank lines": _long("  dòng có lề   \n\n\n câu tiếp \n", 3 * _CHUNK),
    "no final newline": _long(" a \n", 2 * _CHUNK) + "  cuối  ",
    "bars in one stretch only": _long(" chữ \n", _CHUNK) + _long(" | ô |\n|  |\n", 100) + _long(" y \n", _CHUNK),
    "astral characters past the first": _long(" x \n", _CHUNK) + _long(" 𝔸 một \n", _CHUNK),
    "a line end at a stretch's end": "x" * _CHUNK + "\n" + _long(" y  \n", _CHUNK + 3),
    "a line past a stretch": "  " + "ô" * (2 * _CHUNK) + "  \n" + _long(" y \n", _CHUNK),
    "empty lines only": "\n" * (2 * _CHUNK + 7),
    "a line end at a short stretch's end": "x" * _STRETCH + "\n" + _long(" y  \n", _CHUNK),
    "a line past a short stretch": "  " + "ô" * (2 * _STRETCH) + "  \n" + _long(" y \n", _CHUNK),
}


@pytest.mark.parametrize("text", MID.values(), ids=MID.keys())
def test_rows_of_a_text_read_in_stretches_are_its_lines_stripped(text: str) -> None:
    assert _CHUNK < len(text) <= _WHOLE
    rows = split_lines(text).rows()
    assert rows is not None
    raw = text.split("\n")
    kept = [s.strip() if has_content(s) else "" for s in raw]
    assert (rows.kept, list(rows.widths), list(rows.lengths)) == (kept, list(map(len, raw)), list(map(len, kept)))


@pytest.mark.parametrize("text", CASES.values(), ids=CASES.keys())
def test_reading_is_the_lines_stripped(text: str) -> None:
    lines = split_lines(text)
    r = build_reading(text, lines, 0, len(lines), SKIP)
    assert r.text == _expected(text)
    _maps_back(text, r.text, r.to_source)


def _maps_back(text: str, reading: str, to_source: object) -> None:
    """Every character of the reading (but joiners) maps to the same character of the text."""
    assert callable(to_source)
    step = max(1, len(reading) // 2000)
    for p in range(0, len(reading), step):
        if not reading[p].isspace():
            assert text[to_source(p)] == reading[p]
            assert text[to_source(p + 1, end=True) - 1] == reading[p]


PAGE = ("  Điều {k}. Nội dung của điều này được quy định   \n  tiếp theo ở dòng sau\n\n"
        "CÔNG BÁO/Số 12/Ngày 01-01-2024   \n{k}\n\n  và câu còn tiếp   \n")


@pytest.mark.parametrize("pages", [3, _WHOLE // len(PAGE) + 50], ids=["short", "long"])
def test_reading_leaves_out_the_page_furniture(pages: int) -> None:
    text = "".join(PAGE.format(k=k) for k in range(pages))
    lines = split_lines(text)
    mark_furniture(lines)
    r = build_reading(text, lines, 0, len(lines), SKIP)
    assert "CÔNG BÁO" not in r.text
    assert r.text.count("Điều ") == pages
    _maps_back(text, r.text, r.to_source)


PAGES = {
    "between blank lines": ("nội dung\n\n12\n\nnội dung\n", {2}),
    "after a blank line only": ("nội dung\n\n- 3 -\nnội dung\n", {2}),
    "before a blank line only": ("nội dung\n3\n\nnội dung\n", {1}),
    "inside prose": ("nội dung\n14\nnội dung\n", set()),
    "the first line": ("7\n\nnội dung\n", {0}),
    "a number chained after another": ("nội dung\n\n8\n9\nnội dung\n", {2, 3}),
    "Trang n/m, indented": ("nội dung\n\n   Trang 2/5  \nnội dung\n", {2}),
    "blank line of table rules": ("nội dung\n|  |\n10\nnội dung\n", {2}),
    "CRLF ends kept by the text": ("nội dung\r\n\r\n11\r\nnội dung\r\n", {2}),
    "too long a number": ("nội dung\n\n12345\n\nnội dung\n", set()),
}


@pytest.mark.parametrize(("text", "marked"), PAGES.values(), ids=PAGES.keys())
def test_page_numbers_are_marked_alike_on_short_and_long_texts(text: str, marked: set[int]) -> None:
    n = text.count("\n")
    for full in (text, text + "\n" + _long("một dòng nội dung dài\n", _WHOLE)):
        lines = split_lines(full)
        mark_page_numbers(lines, 0, n)
        assert {i for i, k in lines.marked(0, n) if k == "furniture"} == marked


FOOTER = "  Trang thông tin điện tử của cơ quan ban hành  "
RUN = "CÔNG BÁO/Số 12/Ngày 05-3-2020"


def _paged(pages: list[list[str]], brk: str = "\f") -> list[str]:
    """Pages of rows, ``brk`` (a row of its own) between two pages."""
    out: list[str] = []
    for k, page in enumerate(pages):
        if k:
            out.append(brk)
        out += page
    return out


REPEATS = {
    "above each form feed": (_paged([["a", FOOTER], ["b", FOOTER], ["c", FOOTER]]), {1, 4, 7}),
    "below each form feed, blank lines between": (_paged([["a"], ["", FOOTER, "b"], ["", FOOTER, "c"], ["", FOOTER]]),
                                                  {3, 7, 11}),
    "above dashed page numbers": (["a", FOOTER, "", "- 1 -", "b", FOOTER, "", "- 2 -", "c", FOOTER, "", "- 3 -"],
                                  {1, 3, 5, 7, 9, 11}),  # (a page number next to a footer is furniture too)
    "below running headers": ([RUN, FOOTER, "a", RUN, FOOTER, "b", RUN, FOOTER, "c"], {0, 1, 3, 4, 6, 7}),
    "its page's number in it": (_paged([[c, f"{FOOTER.strip()} - Trang {k}"] for k, c in enumerate("abc", 1)]),
                                {1, 4, 7}),
    "indented alike when stripped": (_paged([["a", FOOTER.strip()], ["b", "\t" + FOOTER], ["c", FOOTER + " "]]),
                                     {1, 4, 7}),
    "no page breaks (a web page)": ([FOOTER, "a", FOOTER, "b", FOOTER], set()),
    "on fewer than half the pages": (_paged([["a", FOOTER], ["b", FOOTER], ["c", FOOTER], *[["d"]] * 5]), set()),
    "printed inside the pages too": (_paged([["a", FOOTER, "b", FOOTER]] * 3), set()),
    "twice only": (_paged([["a", FOOTER], ["b", FOOTER]]), set()),
    "bare numbers (table cells) are no page breaks": (["a", FOOTER, "1", "b", FOOTER, "2", "c", FOOTER, "3"], set()),
    "upper case": (_paged([["a", FOOTER.upper()]] * 3), set()),
    "a dash line": (_paged([["a", "-" * 40]] * 3), set()),
    "short": (_paged([["a", "Trang thông tin"]] * 3), set()),
    "a row of table rules between (a blank line)": (_paged([["a", FOOTER, "|  |"], ["|", "b", FOOTER]] * 2),
                                                    {1, 6, 9, 14}),
    "numbers of any width in it": (_paged([[c, f"{FOOTER.strip()} {k}/{n}"] for k, (c, n)
                                           in enumerate(zip("abcdef", (3, 3, 45, 45, 678, 678), strict=True), 1)]),
                                   {1, 4, 7, 10, 13, 16}),
    "its page's number opening it": (_paged([[c, f"{k} {FOOTER.strip()}"] for k, c in zip((9, 10, 11), "abc",
                                                                                         strict=True)]), {1, 4, 7}),
    "digits of other scripts": (_paged([[c, f"{FOOTER.strip()} {d}"] for d, c in zip("3٤５", "abc", strict=True)]),
                                {1, 4, 7}),
    "ends alike, digits apart": (_paged([[c, f"{FOOTER.strip()} {k}.{c}"] for k, c in zip("123", "abc", strict=True)]),
                                 set()),
    "no margins: a long text none of whose lines is stripped": (
        ["a", FOOTER.strip(), "- 1 -", "b", FOOTER.strip(), "- 2 -", "c", FOOTER.strip(), "- 3 -"], {1, 2, 4, 5, 7, 8}),
}


@pytest.mark.parametrize(("rows", "marked"), REPEATS.values(), ids=REPEATS.keys())
def test_running_footers_are_marked_alike_on_short_and_long_texts(rows: list[str], marked: set[int]) -> None:
    text = "\n".join(rows)
    # a long page of its own before or after (a page number between, no margin): the lines past _WHOLE are read
    # another way
    filler = "\n".join(f"dòng nội dung số {k} không lặp lại ở đâu cả" for k in range(_WHOLE // 40))
    for full in (text, text + "\n- 99 -\n" + filler, filler + "\n- 99 -\n" + text):
        lines = split_lines(full)
        mark_furniture(lines)
        at = 0 if full.startswith(text) else filler.count("\n") + 2
        assert {i - at for i, k in lines.marked(0, len(lines)) if k == "furniture" and 0 <= i - at < len(rows)} == marked


NOTES = {
    "superscript, indented": "thân\n   ¹ Nghị định\nthân",
    "separator of spaces and tabs": "thân\n \t        \t\n1 Nghị định",
    "nine spaces: no separator": "thân\n         \n1 Nghị định",
    "separator ending the text": "thân\nthân\n            ",
    "superscript on the first line": "¹ chú thích\nthân\n² chú thích",
    "superscript inside a line": "thân¹ văn\nthân",
    "CRLF and a form feed": "thân\r\n\f ³ chú\r\n          \r\nthân",
    "astral characters": "𝔸\n ⁴ 𝔹\n𝔻",
}


@pytest.mark.parametrize("text", NOTES.values(), ids=NOTES.keys())
def test_note_lines_found_with_the_furniture_are_those_of_the_pattern(text: str) -> None:
    lines = split_lines(text)
    listed = list(lines)  # (a plain list of lines: the text searched with the footnotes' own pattern)
    n = len(lines)
    for i in range(n):
        for last in range(i + 1, n + 1):
            assert _next_note_line(text, lines, i, last) == _next_note_line(text, listed, i, last)


def test_lines_of_a_long_lined_text_read_alike_after_leaving_the_cache() -> None:
    rows = [f"{k:05d}   " + "chữ " * 75 for k in range(2000)]
    text = "\n".join(rows)
    lines = split_lines(text)
    assert lines._size < len(lines)  # (the cache holds fewer lines than the text: some leave it)
    lines[3].kind = "header"
    given = [Segment("x", lines[5].start, lines[5].start + 1, 0, 5)]
    lines[5].set_segments(given)
    for i in [*range(len(lines)), *range(len(lines) - 1, -1, -7)]:
        ln = lines[i]
        assert (ln.text, ln.start, ln.end) == (rows[i], text.index(rows[i]), text.index(rows[i]) + len(rows[i]))
    assert lines[3].kind == "header"
    assert lines[5].segments == given
    assert lines[6].segments[0].text == "00006"



RELEASED = {
    "short": "Số: 1/QĐ-UBND\n\n  Điều 1.   Nội dung  |  cột hai \n| |\n\t\n𝐀𝐁 😀   chữ\nx",
    "crlf": "a   b\r\n\r\n  c  \r\nd|e",
    "no final newline": "dòng một\ndòng hai   cột",
    "long lines": "\n".join(f"{k:05d}   " + "chữ " * 75 + ("|  ô" if k % 3 else "") for k in range(2000)),
    "many lines": "\n".join(("" if k % 5 == 0 else f"  {k}   dòng  ") for k in range(20_000)),
}


@pytest.mark.parametrize("text", RELEASED.values(), ids=RELEASED.keys())
def test_lines_made_again_after_a_release_are_those_made_before(text: str) -> None:
    """``Lines.release`` lets go of the lines made: made again, each has the same offsets, text, kind and segments,
    the kinds and segments given to lines kept."""
    lines = split_lines(text)
    n = len(lines)
    lines[0].kind = "header"
    lines.set_kinds([i for i in range(1, n, 7) if lines[i].kind != "blank"], "tail")
    given = [Segment("x", lines[n - 1].start, lines[n - 1].start + 1, 0, n - 1)]
    lines[n - 1].set_segments(given)

    def seen() -> list[tuple[object, ...]]:
        return [(ln.index, ln.start, ln.end, ln.text, ln.stripped, ln.kind,
                 [(g.text, g.start, g.end, g.x, g.line) for g in ln.segments]) for ln in lines]

    before = seen()
    lines.release()
    assert all(ln is None for ln in lines._made)
    assert seen() == before
    lines.release()
    assert [[(g.text, g.start, g.end, g.x, g.line) for g in lines[i].segments] for i in range(n - 1, -1, -3)] == [
        before[i][6] for i in range(n - 1, -1, -3)]
    assert lines[n - 1].segments == given and lines[0].kind == "header"

@pytest.mark.parametrize("text", [PAGE * 3, _long(" dòng \n", _WHOLE + _CHUNK), _long("dòng\n", _WHOLE + _CHUNK)],
                         ids=["short", "long", "long, no margins"])
def test_lines_go_with_their_last_reference_not_with_a_collection(text: str) -> None:
    lines = split_lines(text)
    mark_furniture(lines)
    split_merged(lines, header=10)
    lines[2].kind = "header"
    assert lines[2].segments is not None and lines[1:4][1].kind == "header" and lines.given_kinds()[2] == "header"
    kept = lines[3]  # (a line outlives its lines)
    gone = weakref.ref(lines)
    gc.disable()  # (a reference cycle would keep the lines, and the text's stripped rows they hold, until a collection)
    try:
        del lines
        assert gone() is None
    finally:
        gc.enable()
    kept.kind = "tail"
    assert kept.kind == "tail"


OFFSETS = {
    "short, indented": "\n".join(f"  dòng {k}  " for k in range(300)),
    "short, CRLF, no final newline": "\r\n".join(f"dòng {k} \r" for k in range(300)),
    "short, blank and rule lines": "\n".join(("", "|  |", "  chữ  ", "\t", "𝔸")[k % 5] for k in range(400)),
    "long, with margins (widths kept)": _long("  dòng có lề   \n\n câu 𝔸 tiếp \n", _WHOLE + _CHUNK),
    "long, no margins (no rows)": _long("dòng\n\ncâu 𝔸 tiếp\n", _WHOLE + _CHUNK),
    "long, final line without newline": _long(" a \nbb\n", _WHOLE) + "  cuối",
}


@pytest.mark.parametrize("text", OFFSETS.values(), ids=OFFSETS.keys())
def test_line_offsets_are_those_of_the_text(text: str) -> None:
    starts = [0]
    for k, ch in enumerate(text):
        if ch == "\n":
            starts.append(k + 1)
    lines = split_lines(text)
    n = len(starts)
    assert len(lines) == n
    rows = lines.rows()
    if rows is not None:
        raw = text.split("\n")
        assert list(rows.widths) == [len(r) for r in raw]
        assert list(rows.lengths) == [len(r.strip()) if has_content(r) else 0 for r in raw]
    order = [*range(n), *range(n - 1, -1, -3), *range(0, n, 97), *range(n - 1, 0, -131), 5, n - 1, 0, n // 2]
    for i in order:
        assert lines.start_of(i) == starts[i]
    for pos in [*range(0, len(text), max(1, len(text) // 500)), len(text)]:
        assert lines.index_at(pos) == text.count("\n", 0, pos)


CANDIDATES = {
    "running header after a page number": ("1234 công  báo /số 5 /x/ ngày 3 ", "run"),
    "a running header's start only": ("1234 công  báo /x", None),
    "a running header's date on the next line": ("CÔNG BÁO/Số 5/\nNgày 3", None),
    "five digits before the running header": ("12345 CÔNG BÁO/Số 1/Ngày", None),
    "dashed page number": ("- 12 -  ", "page"),
    "dashes glued": ("-12-", "page"),
    "Trang n / m": ("Trang 3 / 9 ", "page"),
    "Trang n/ without m": ("Trang 3/ ", None),
    "five-digit number": ("12345", None),
    "numbered clause": ("12. Điều khoản", None),
    "ideographic spaces around a number": ("\u3000 5\u3000", "page"),
    "full-width digit": ("５", "page"),
    "Arabic-Indic digit": ("٣", "page"),
    "separator of ten spaces": (" " * 10, "note"),
    "separator of spaces and tabs": ("  \t        ", "note"),
    "nine spaces": (" " * 9, None),
    "superscript marker": (" ¹x", "note"),
    "e-signature": (" Người ký: A", "esign"),
    "prose": ("Căn cứ Luật", None),
}


@pytest.mark.parametrize(("line", "group"), CANDIDATES.values(), ids=CANDIDATES.keys())
def test_furniture_candidates_are_found_by_their_first_characters(line: str, group: str | None) -> None:
    crlf = [f"x\r\n{line}\r\nx"] if line.strip(" \t") else []  # (a carriage return ends no separator)
    for text in (f"x\n{line}\nx", f"x\n{line}", *crlf):
        lines = split_lines(text)
        found = {g for g, at in _candidates(lines).items() if (1, text.index("\n") + 1) in at}
        # a page number opening with a dash or a word is in both ``page`` and ``marked_page``
        marked = group == "page" and line.lstrip(" \u3000")[:1] in "-TP"
        assert found == ({group, "marked_page"} if marked else {group} if group else set())


def test_furniture_candidates_index_their_lines_past_a_batch_of_matches() -> None:
    rows = [f"{k % 1000}" if k % 3 else f"dòng {k}" for k in range(3 * _BATCH)] + ["- 7 -", "¹ chú", "x"]
    for text in ("\n".join(rows), "\r\n".join(rows), "\n\n".join(rows)):
        lines = split_lines(text)
        found = _candidates(lines)
        starts = [0, *(k + 1 for k, ch in enumerate(text) if ch == "\n")]
        pages = [(i, a) for i, a in enumerate(starts) if text[a:_line_end(text, a)].strip(" \r-").isdigit()]
        assert found["page"] == [(0, 0), *[p for p in pages if p[0]]]
        assert found["marked_page"] == [(0, 0), pages[-1]]
        assert [i for i, _ in found["note"]] == [len(starts) - 2 - ("\n\n" in text)]


GAPS = ["a", "  a  b ", "a   b", "a\tb", "a | b", "a|b", "|a|", "| |", "a \t b", "a  \t|  b", "\t\t", "a\u3000\u3000\u3000b",
        "a  ", " " * 12, "a  |", "|", "𝔸   𝔹 | 𝔻"]


@pytest.mark.parametrize("line", GAPS)
def test_segments_are_the_pieces_between_wide_gaps(line: str) -> None:
    text = f"x\n{line}\ny"
    ln = split_lines(text)[1]
    gaps = [m.span() for m in re.finditer(r"[ \t]{3,}|[ \t]*\|[ \t]*|\t", line)]  # (the gaps as first written)
    pieces = [(a, b) for (_, a), (b, _) in itertools.pairwise([(0, 0), *gaps, (len(line), 0)])]
    expected = [(line[a:b].strip(), 2 + a + len(line[a:b]) - len(line[a:b].lstrip())) for a, b in pieces
                if line[a:b].strip()]
    assert [(g.text, g.start) for g in ln.segments] == (expected if has_content(line) else [])
    assert all(text[g.start:g.end] == g.text and g.x == g.start - 2 for g in ln.segments)


def test_kinds_given_at_once_reach_the_lines_made() -> None:
    lines = split_lines("a\nb\nc\nd")
    made = lines[1]
    lines.set_kinds([1, 3], "furniture")
    assert made.kind == "furniture" and lines[3].kind == "furniture" and lines[2].kind == ""
    assert lines.marked(0, 4) == [(1, "furniture"), (3, "furniture")]


@pytest.mark.parametrize(("line", "group"), [v for v in CANDIDATES.values() if "báo" in v[0].lower()],
                         ids=[k for k, v in CANDIDATES.items() if "báo" in v[0].lower()])
def test_a_running_header_on_the_first_line_is_told_as_on_any_other(line: str, group: str | None) -> None:
    first = line.split("\n")[0]  # (the first line has no line end before it: it is matched alone)
    assert bool(_RUNNING_HEADER.match(first)) == (group == "run")

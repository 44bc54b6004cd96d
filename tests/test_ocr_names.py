"""The signer's name on scans: a printed name read again from the grey page (its tone marks survive there),
and the name-syllable correction that keeps a well-formed syllable read there although no list holds it.

The OCR cases need the Debian packages tesseract-ocr and tesseract-ocr-vie and skip naming them when absent.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from vanban.readers.names import correct_name, well_formed

if TYPE_CHECKING:
    from vanban.readers.ocr import Word

ocr = pytest.importorskip("vanban.readers.ocr")
scans = pytest.importorskip("tests.scans", reason="the OCR extra (Pillow, pypdfium2) is not installed")

FONT = "/usr/share/fonts/truetype/liberation2/LiberationSerif-Bold.ttf"
needs_ocr = pytest.mark.skipif(not ocr.ocr_available(),
                               reason="OCR needs the Debian packages tesseract-ocr tesseract-ocr-vie")

FORMED = [  # (syllable, whether its tone mark sits where Vietnamese writes it)
    ("Khắng", True), ("Hiển", True), ("Thuân", True), ("Nguyễn", True), ("Hưởng", True), ("Thủy", True),
    ("An", True), ("Tuấn", True),
    ("Hiêủ", False), ("Cừơng", False), ("Thúân", False), ("Hoàá", False),
]


@pytest.mark.parametrize(("syllable", "expected"), FORMED, ids=[c[0] for c in FORMED])
def test_a_syllable_is_well_formed_when_its_tone_sits_on_the_hatted_vowel(syllable: str, expected: bool) -> None:
    assert well_formed(syllable) is expected


SURE = [  # (a name line, indices read from the grey page, the corrections)
    # a well-formed syllable read from the grey page stays although the name syllables lack it
    ("Bùi Văn Khắng", {2}, {}),
    # the same read on the binarised page is taken for a slip of the far more common name syllable
    ("Bùi Văn Khắng", set(), {2: "Khang"}),
    # a family name is a closed set: corrected wherever it was read
    ("Nguyên Văn Khắng", {0, 1, 2}, {0: "Nguyễn"}),
    # an ill-formed syllable is a slip wherever it was read
    ("Phạm Quốc Cưòng", {2}, {2: "Cường"}),
    ("Trần Cắm Tú", {2}, {1: "Cẩm"}),
]


@pytest.mark.parametrize(("line", "sure", "expected"), SURE, ids=[f"{c[0]}-{sorted(c[1])}" for c in SURE])
def test_name_syllables_read_from_the_grey_page_are_kept_when_well_formed(line: str, sure: set[int],
                                                                          expected: dict[int, str]) -> None:
    assert correct_name(line.split(), frozenset(sure)) == expected


def _name_page(name: str, seed: int) -> object:
    """A signature block's name, printed as LibreOffice prints the rendered documents (Liberation Serif
    Bold, 14 pt) on the right of a strip of page, scanned at 200 dpi (skew, speckle, JPEG)."""
    from PIL import Image, ImageDraw, ImageFont

    from vanban.readers.scan import PageImage

    dpi = 200
    size = (int(dpi * 6.5), int(dpi * 1.2))
    img = Image.new("RGB", size, "white")
    font = ImageFont.truetype(FONT, round(14 * dpi / 72))
    ImageDraw.Draw(img).text((int(dpi * 4.0), int(dpi * 0.4)), name, font=font, fill="black")
    img = scans.degrade(img, skew=(1.5, -1.0, 0.7)[seed % 3], noise=0.002, jpeg=75, seed=seed)
    return PageImage(img.convert("L"), dpi, size[0] * 72 / dpi, size[1] * 72 / dpi)


PRINTED = [  # (name, scan's seed): the binarised page reads ``Khang``, ``Hiến``, ``Thấm`` for the first five
    ("Bùi Văn Khắng", 0), ("Bùi Văn Khắng", 1), ("Giang Hiển Ly", 0), ("Giang Hiển Ly", 1), ("Hồ Thẩm Tiệp", 1),
    ("Trần Trình Trì", 0), ("Thái Vỹ Thạnh", 1), ("Phùng Thuật An", 0), ("Lâm Nải Biểu", 1),
    # not held: ``Hoàng Văn Thuân`` on seeds 0 and 2 is read ``Thuần`` from the grey page too
]


@needs_ocr
@pytest.mark.skipif(not Path(FONT).exists(), reason="the printed names need the Debian package fonts-liberation2")
@pytest.mark.parametrize(("name", "seed"), PRINTED, ids=[f"{c[0]}-{c[1]}" for c in PRINTED])
def test_a_printed_name_is_read_with_its_marks(name: str, seed: int) -> None:
    page = ocr.read_page(_name_page(name, seed))
    assert [ln.strip() for ln in page.text.lines if ln.strip()] == [name]


def _line(texts: str, confs: list[float], block: int, height: int = 40, gaps: list[int] | None = None) -> list[Word]:
    """A line of words as read in block ``block`` (1101: the foot's signature column), left to right."""
    out: list[Word] = []
    x = 1500
    for i, (t, c) in enumerate(zip(texts.split(), confs, strict=True)):
        x += (gaps[i - 1] if gaps and i else 14) if i else 0
        out.append(ocr.Word(t, x, 500, x + 20 * len(t), 500 + height, c, (block, 1, 1)))
        x += 20 * len(t)
    return out


SEAL = [  # (a line of the signature column or elsewhere, whether it is kept)
    (_line("SRO SA p", [0, 50, 57], 1101), False),  # the seal's ring read as words
    (_line("SỈ TÊN HẠ", [39, 9, 26], 1101), False),
    (_line("Ÿ/ BẠN", [58, 96], 1101, height=7), False),  # a confident word, but a sliver of a letter high
    (_line("Nguyễn Thanh Bình", [96, 96, 96], 1101), True),
    (_line("Hoàng Văn Thuần", [40, 45, 30], 1101), True),  # a name Tesseract doubts is still the name
    (_line("K/T TRƯỞNG BAN", [90, 96, 96], 1101), True),
    (_line("PHÓ GIÁM ĐỐC", [60, 90, 96], 1101), True),  # one doubt of three
    (_line("SRO SA p", [0, 50, 57], 1001), True),  # the recipients column is not the signature's
    (_line("SRO SA p", [0, 50, 57], 3), True),  # nor is the page's body
]


@pytest.mark.parametrize(("line", "kept"), SEAL, ids=[" ".join(w.text for w in c[0]) + f"-{c[0][0].line[0]}"
                                                      for c in SEAL])
def test_the_seal_read_as_words_is_dropped_from_the_signature_column(line: list[Word], kept: bool) -> None:
    assert ocr.drop_seal(line, 40.0) == (line if kept else [])


JUSTIFIED = [  # (block, gaps between the words (px, a character is 25 px wide), runs the line is cut into)
    (1001, [14, 14, 52, 14], 1),  # a justified line of the recipients column: one run
    (1001, [14, 14, 84, 14], 2),  # a gap of more than 2.5 characters cuts it still
    (3, [14, 14, 52, 14], 2),  # the same gap on the page, where columns sit side by side, cuts
    (1101, [14, 14, 52, 14], 2),
]


@pytest.mark.parametrize(("block", "gaps", "runs"), JUSTIFIED, ids=[f"{c[0]}-{max(c[1])}" for c in JUSTIFIED])
def test_a_wide_gap_in_the_recipients_column_is_no_column_edge(block: int, gaps: list[int], runs: int) -> None:
    line = _line("- Các tỉnh ủy, thành", [96] * 5, block, gaps=gaps)
    assert len(ocr._runs(line, 25.0)) == runs

"""OCR reader: scans (image-only PDFs, PNG, JPEG, TIFF) read with Tesseract's Vietnamese model.

Each page is prepared (:mod:`vanban.readers.scan`), read by the ``tesseract`` program (Debian
``tesseract-ocr`` and ``tesseract-ocr-vie``) into words with boxes and confidences, and laid out
again as text the way ``pdftotext -layout`` lays out a text PDF: rows of words by their height on
the page, a wide gap between the columns of the header, so the text parser reads issuer, number,
motto and date column by column as it does for a text PDF. The incoming stamp (dấu ĐẾN, a framed
rectangle) is found by its labels, read on its own and put before the page's text; a handwritten
number or date that does not read as one is left out and said so in ``notes``. Every word keeps its
page, box (points from the page's top-left) and confidence in ``Document.ocr``; each field is given
the summary of its words' confidences, and fields read with low confidence are listed in ``notes``.
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import unicodedata
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cache
from itertools import pairwise
from typing import Any

from vanban import patterns
from vanban.errors import InputError, OcrUnavailableError
from vanban.models import Document, FieldConfidence, OcrPage, OcrReading, OcrWord, Span
from vanban.normalize import clean_text, strip_marks
from vanban.readers.scan import PageImage, PreparedPage, prepare

DEBIAN_PACKAGES = "tesseract-ocr tesseract-ocr-vie"
"""The Debian packages that provide the OCR engine and its Vietnamese model."""
LANGUAGE = "vie"
LOW_CONFIDENCE = 70.0
"""A field whose words' mean confidence (0-100) is below this is listed in ``notes``."""
UNREADABLE = 45.0
"""A stamp value read with a confidence below this is taken as not readable (handwriting)."""
JUNK_CONFIDENCE = 85.0
"""A word without letters, digits or ordinary punctuation read with less confidence than this is a speck."""
_PUNCTUATION = set("-–—*.,;:/()\"'“”‘’…+%?!")
SPECK_PX = 5
"""A mark without letters or digits smaller than this (pixels at 300 dpi, each way) is a speck, not a dash."""
FOOT_REACH = 24.0
"""Points the signature column is read beyond the right and lower edge of the words the page reading found."""
RECIPIENT_LINES, SIGNATURE_LINES = range(1000, 1100), range(1100, 1200)
"""Line ids :func:`read_foot` gives the lines of the foot's recipients column and signature column."""
PAGE_TIMEOUT = 180
"""Seconds Tesseract may take on one page."""
COLUMN_SPLIT = 2.5
"""A gap wider than this many character widths between two words separates two columns."""
COLUMN_GAP = 3
"""Spaces written between two columns of a row (the text parser splits columns at 3 or more)."""


@cache
def tesseract_path() -> str:
    """The ``tesseract`` program with the Vietnamese model, or a clear error naming the packages."""
    exe = shutil.which("tesseract")
    if exe is None:
        raise OcrUnavailableError(f"OCR needs the tesseract program: apt-get install {DEBIAN_PACKAGES}")
    try:
        langs = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError) as e:
        raise OcrUnavailableError(f"tesseract does not run ({e}); reinstall {DEBIAN_PACKAGES}") from None
    if LANGUAGE not in langs.split():
        raise OcrUnavailableError("tesseract has no Vietnamese model: apt-get install tesseract-ocr-vie")
    return exe


@cache
def tesseract_version() -> str | None:
    """The installed Tesseract version (``5.3.0``)."""
    try:
        out = subprocess.run([tesseract_path(), "--version"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    m = re.search(r"tesseract\s+v?(\S+)", out)
    return m.group(1) if m else None


def ocr_available() -> bool:
    """Whether scans can be read here (the Tesseract program, its Vietnamese model, the OCR extra)."""
    try:
        tesseract_path()
        import numpy  # noqa: F401
        import PIL  # noqa: F401
        import pypdfium2  # noqa: F401
    except (OcrUnavailableError, ImportError):
        return False
    return True


def require_extra(label: str) -> None:
    """Raise a clear error when the OCR extra's Python packages are missing."""
    try:
        import numpy  # noqa: F401
        import PIL  # noqa: F401
    except ImportError:
        raise OcrUnavailableError(f"{label}: reading scanned images needs the OCR extra: "
                                  "pip install 'vanban[ocr]'") from None


@dataclass
class Word:
    """A word as Tesseract gives it: text, box in pixels of the prepared page, confidence, line id."""

    text: str
    left: int
    top: int
    right: int
    bottom: int
    conf: float
    line: tuple[int, int, int]
    read: str | None = None
    """Tesseract's own reading when the lexicon corrected a tone-mark slip (``text`` is the correction)."""
    grey: bool = False
    """Read again from the grey page as a printed name (its marks are read best there)."""


def run_tesseract(image: Any, psm: int = 3) -> list[Word]:
    """Tesseract's words of one image (TSV output), in reading order, with boxes and confidences."""
    import io

    buf = io.BytesIO()
    image.save(buf, format="PNG", dpi=(300, 300))
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    cmd = [tesseract_path(), "stdin", "stdout", "-l", LANGUAGE, "--psm", str(psm), "--dpi", "300", "tsv"]
    try:
        done = subprocess.run(cmd, input=buf.getvalue(), capture_output=True, timeout=PAGE_TIMEOUT, env=env)
    except subprocess.TimeoutExpired:
        raise InputError(f"tesseract took more than {PAGE_TIMEOUT} s on a page") from None
    if done.returncode != 0:
        raise InputError(f"tesseract failed: {done.stderr.decode('utf-8', 'replace').strip()[:200]}")
    words: list[Word] = []
    for row in done.stdout.decode("utf-8", "replace").split("\n")[1:]:
        cells = row.split("\t")
        if len(cells) < 12 or cells[0] != "5":
            continue
        text = clean_text(cells[11]).strip().strip("_")  # underscores: the rules drawn under header lines
        conf = float(cells[10])
        if not text or _speck(text, conf) or (len(text) > 1 and not text.strip("—–-")):  # a drawn rule
            continue
        left, top, width, height = (int(c) for c in cells[6:10])
        if (width < SPECK_PX and height < SPECK_PX and not any(c.isalnum() for c in text)) or \
                _loose_mark(text, conf, width, height):
            continue
        words.append(Word(text, left, top, left + width, top + height, max(0.0, conf),
                          (int(cells[2]), int(cells[3]), int(cells[4]))))
    return words


def _loose_mark(text: str, conf: float, width: int, height: int) -> bool:
    """A dash Tesseract doubts whose ink is not a dash's shape (at least twice as wide as tall): a mark of a
    capital on the line below come loose from its letter (the grave of ``TOÀN`` read as ``—``) or a smudge."""
    return not text.strip("—–-") and conf < JUNK_CONFIDENCE and width < 2 * height


def drop_speck_marks(words: list[Word], image: Any) -> None:
    """A speck just after a word read as its closing mark (``tuổi.``: a dot of noise after a title's last
    word) taken off: the word's last ink, apart from its letters, is smaller than ``SPECK_PX`` each way."""
    import numpy as np

    for w in words:
        if len(w.text) < 2 or w.text[-1] not in ".,:;" or not w.text[-2].isalnum():
            continue
        ink = np.asarray(image.crop((w.left, w.top, w.right + 2, w.bottom))) < 128
        cols = np.flatnonzero(ink.any(axis=0))
        if not len(cols):
            continue
        right = left = int(cols[-1])
        while left > 0 and ink[:, left - 1].any():
            left -= 1
        if left == 0:
            continue  # the mark touches the letters: it is no speck
        rows = np.flatnonzero(ink[:, left:right + 1].any(axis=1))
        if right - left + 1 < SPECK_PX and rows[-1] - rows[0] + 1 < SPECK_PX:
            w.read, w.text = w.text, w.text[:-1]


def correct_words(words: list[Word]) -> None:
    """Slips corrected in place: glyphs of fixed layout parts line by line, tone marks paragraph by paragraph
    against the lexicon (:mod:`vanban.readers.lexicon`); each corrected word keeps Tesseract's reading in
    ``read``."""
    from vanban.readers.lexicon import correct_line
    from vanban.readers.names import correct_name

    if not words:
        return
    words[:] = [piece for w in words for piece in _split_glued(w)]
    _join_split_symbols(words)
    # where a column starts (a wide gap on a line Tesseract read across two columns), context stops
    column_starts = {id(run.words[0]) for run in _runs(words, page_metrics(words)[0])}
    names: set[int] = set()  # words of lines that are a person's name: the lexicon leaves them alone
    shaped: set[int] = set()  # layout parts read again by their glyphs' shapes: so are they
    start = 0
    while start < len(words):
        end = start + 1
        while end < len(words) and words[end].line == words[start].line:
            end += 1
        line = words[start:end]
        for i, w in enumerate(line):
            fixed = _glyph_slip(w.text, i, [v.text for v in line])
            if fixed != w.text:
                w.read, w.text = w.text, fixed
                shaped.add(id(w))
        sure = frozenset(i for i, w in enumerate(line) if w.grey)
        for i, name in correct_name([w.text for w in line], sure).items():
            line[i].read, line[i].text = line[i].read or line[i].text, name
        if _is_name(line):
            names.update(id(w) for w in line)
        start = end
    start = 0
    while start < len(words):  # a paragraph at a time: a word's context runs on over the line's end
        end = start + 1
        while end < len(words) and words[end].line[:2] == words[start].line[:2]:
            end += 1
        paragraph = words[start:end]
        # a line that begins with a capital is not read on from the line before (a heading, a new item)
        breaks = {i for i in range(1, len(paragraph)) if id(paragraph[i]) in column_starts and (
            paragraph[i].line == paragraph[i - 1].line or paragraph[i].text[:1].isupper())}
        for c in correct_line([w.text for w in paragraph], breaks):
            if id(paragraph[c.index]) in names or id(paragraph[c.index]) in shaped:
                continue
            paragraph[c.index].read = paragraph[c.index].read or paragraph[c.index].text
            paragraph[c.index].text = c.text
        start = end


@cache
def _glued_labels() -> re.Pattern[str]:
    """A document type's name and ``số`` read without the spaces between them (``Nghịquyếtsố:``), from the
    catalogue's type names of more than one word."""
    from vanban.catalogue import catalogue

    names = sorted((n for t in catalogue().types.values() for n in (t.name, *t.aliases) if " " in n),
                   key=len, reverse=True)
    alternatives = "|".join(r"\s*".join(re.escape(p) for p in n.split()) for n in names)
    return patterns.compile(rf"^(?:{alternatives})\s*số(?=[:.]|$)", re.IGNORECASE)


@cache
def _authority_glued() -> re.Pattern[str]:
    """A signing authority glued to the title after it (``KT.CHÁNH ÁN``): the catalogue's spellings of an
    authority that end visibly (a dot or a slash in them: ``KT.``, ``T/M``), never a bare ``KT``."""
    from vanban.catalogue import catalogue

    spellings = {x for a in catalogue().authorities for x in (a.prefix, *a.variants) if "." in x or "/" in x}
    alternatives = "|".join(re.escape(x) for x in sorted(spellings, key=len, reverse=True))
    return patterns.compile(rf"^({alternatives})(?=[^\W\d_]{{2}})")


def _split_glued(w: Word) -> list[Word]:
    """A word that is a type's name and ``số`` glued (``Nghịquyếtsố:17/2022/…``) as the words it holds, each
    with its share of the box (by characters); the first keeps Tesseract's reading in ``read``."""
    m = _glued_labels().match(w.text) if len(w.text) > 6 and " " not in w.text else None
    if m is None:
        return [w]
    head = m.group(0)
    pieces: list[str] = []
    at = 0
    for part in [*_name_of(head).split(), "số"]:  # cut where the catalogue's name has its spaces, case as read
        pieces.append(head[at:at + len(part)])
        at += len(part)
    rest = w.text[len(head):]
    if rest[:1] in (":", "."):
        pieces[-1] += rest[:1]
        rest = rest[1:]
    if rest:
        pieces.append(rest)
    out: list[Word] = []
    width = (w.right - w.left) / len(w.text)
    x = float(w.left)
    for k, text in enumerate(pieces):
        right = w.right if k == len(pieces) - 1 else round(x + width * len(text))
        out.append(Word(text, round(x), w.top, right, w.bottom, w.conf, w.line, read=w.text if k == 0 else None))
        x += width * len(text)
    return out


_CODE_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZĐ0123456789-")


def _symbol_head(word: str) -> bool:
    r"""``85/2024/NĐ-``: a number with a digit before its last ``/`` and a code after it that ends in a hyphen.

    Checked by hand, not by one pattern: ``\S*\d\S*/`` backtracks quadratically on a long run of ``1/``.
    """
    head, slash, code = word.rpartition("/")
    return (bool(slash) and len(code) >= 2 and code[-1] == "-" and code[-2] != "-"
            and _CODE_CHARS.issuperset(code) and not any(c.isspace() for c in word)
            and any(c.isdecimal() for c in head))


_SYMBOL_TAIL = patterns.compile(r"^[A-ZĐ][A-ZĐ0-9-]*[.,;:)]?$")


def _join_split_symbols(words: list[Word]) -> None:
    """A number and symbol read as two words at its hyphen (``85/2024/NĐ- CP``: the hyphen's space is the
    font's, not a word gap) joined again when the part after is capitals and the gap narrower than a letter."""
    i = 0
    while i + 1 < len(words):
        a, b = words[i], words[i + 1]
        if a.line == b.line and _symbol_head(a.text) and _SYMBOL_TAIL.match(b.text) and \
                b.left - a.right < (a.right - a.left) / len(a.text):
            words[i] = Word(a.text + b.text, a.left, min(a.top, b.top), b.right, max(a.bottom, b.bottom),
                            min(a.conf, b.conf), a.line, read=f"{a.read or a.text} {b.read or b.text}")
            del words[i + 1]
        i += 1


def _name_of(glued: str) -> str:
    """The catalogue's type name (lower case, with spaces) a glued label begins with."""
    from vanban.catalogue import catalogue

    compact = glued.lower().replace(" ", "")
    for t in catalogue().types.values():
        for n in (t.name, *t.aliases):
            if " " in n and compact == n.lower().replace(" ", "") + "số":
                return n.lower()
    return compact


def _is_name(line: list[Word]) -> bool:
    """Whether a line reads as a person's name (a family name, then capitalised name syllables)."""
    from vanban.readers.names import is_name

    return is_name([w.text for w in line])


_VV = patterns.compile(r"^V[/\\|⁄XxlI1%]{1,2}[vV%]$")
_COMMA_GLUED = patterns.compile(r"(?<=[^\W\d_]),(?=[^\W\d_])")
_QUOTES = "'‘`"
_ONE_LIKE = "Il|]ÌÍìí"
_DIGIT_LIKE = str.maketrans(_ONE_LIKE + "OS", "1" * len(_ONE_LIKE) + "05")
_LEGISLATURE = patterns.compile(r"/[A-ZĐ]*QH([0-9Il|OS]{2})[.,;]?$")
_DATE_WORDS = {"ngay", "thang", "nam"}
_SLIPPED_ONE = patterns.compile(r"^\d*1[LlI|](?=/[A-ZĐ0-9])")
_NUMBER_AHEAD = patterns.compile(r"^\d+[/-][\wĐ]")
_ARCHIVE_LABEL = patterns.compile(r"^-?Lưu:?$")
_VT_SLIPPED = patterns.compile(r"^V[FIl1|7](?=[.,;]?$)")


def _glyph_slip(text: str, index: int, line: Sequence[str]) -> str:
    """Slips of glyphs (not of marks) in the fixed parts of a layout: ``V/v`` of a subject read as ``VX%``
    or ``V|v``, a speck read as a quote before the first word of a line with no quote to close it, a comma
    read without the space after it between two words (``VT,NV``), a digit read as a letter of its shape
    in a number or after ``ngày``/``tháng``/``năm`` (``ngày I8 tháng 1]``) or in the legislature's number
    ending a symbol (``/UBTVQHIS`` for ``/UBTVQH15``); a signing authority glued to the title after it
    (``KT.CHÁNH ÁN``) and the dash between two organs of a joint header glued to the first (``TỐI CAO- TÒA``);
    a serifed ``1`` read twice before a symbol's slash (``21L/CT-TTg``); the label ``số`` of a cited number
    misread (``Luật Giá sơ 16/2023/QH15``) or parted from the type's name by a colon (``Luật: số 44/2024``);
    the archive's ``VT`` (văn thư) first after ``Lưu`` with its T read as F, I, 1 or 7 (``Lưu VF``)."""
    if index == 0 and _VV.match(text) and len(line) > 1 and line[1][:1].isalpha() and line[1][:1].islower():
        return "V/v"
    if index == 0 and text[:1] in _QUOTES and text[1:].isalpha() and text[1:].isupper() \
            and not any(c in "'’" for t in line[1:] for c in t):
        return text[1:]
    legislature = _LEGISLATURE.search(text)
    if legislature and not legislature.group(1).isdigit():  # QH15 read as QHIS: a legislature's number
        return text[:legislature.start(1)] + legislature.group(1).translate(_DIGIT_LIKE) + text[legislature.end(1):]
    doubled = _SLIPPED_ONE.match(text)
    if doubled:  # 21L/CT-TTg: the serifed 1 read twice, as 1 and as a letter
        return text[:doubled.end() - 1] + text[doubled.end():]
    if index + 1 < len(line) and _NUMBER_AHEAD.match(line[index + 1]):
        if _plain(text) == "so" and text.islower() and text != "số" and not _known_pair(line[index - 1] if index else "", text):
            return "số"  # Luật Giá sơ 16/2023/QH15: the label of a cited number (not hồ sơ 12/HS)
    if index + 2 < len(line) and text.endswith(":") and text[:-1].isalpha() and text[:1].isupper() \
            and line[index + 1] == "số" and _NUMBER_AHEAD.match(line[index + 2]):
        return text[:-1]  # Luật: số 44/2024/QH15: no colon sits between a type's name and its số
    if index > 0 and _ARCHIVE_LABEL.match(line[index - 1]) and _VT_SLIPPED.match(text):
        return "VT" + text[2:]  # Lưu VF: the T of the archive's văn thư read as a letter of its shape
    core = text.rstrip(".,;:")
    if core and all(c.isdigit() or c in _ONE_LIKE or c == "O" for c in core) and not core.isdigit() and (
            any(c.isdigit() for c in core) or (index > 0 and _plain(line[index - 1]).lower() in _DATE_WORDS)):
        return core.translate(_DIGIT_LIKE) + text[len(core):]
    if index + 1 < len(line) and text.endswith("-") and _capitals(text[:-1]) and _capitals(line[index + 1]):
        return text[:-1] + " -"  # TỐI CAO- TÒA ÁN: the spaced dash between organs of a joint header
    glued = _authority_glued().match(text)
    if glued and _capitals(text[glued.end():].rstrip(".,;:")):
        text = f"{glued.group(1)} {text[glued.end():]}"
    return _COMMA_GLUED.sub(", ", text)


def _known_pair(before: str, word: str) -> bool:
    """Whether the word before, as the lexicon knows it, is mostly followed by this word as read (``hồ sơ``;
    not ``giá sơ``, rare beside the other words after ``giá``)."""
    from vanban.readers.lexicon import lexicon

    lex = lexicon()
    before = before.lower()
    return lex.pairs.get((before, word.lower()), 0) >= 0.25 * lex.syllables.get(before, 1 << 30)


def _capitals(word: str) -> bool:
    """A word of two or more letters, all capitals."""
    return len(word) > 1 and word.isalpha() and word.isupper()


def _speck(text: str, conf: float) -> bool:
    """A speck or smudge read as a stray mark (``ˆ``, ``~``, ``|``, a lone letter Tesseract doubts)."""
    if len(text) == 1 and text.isalpha() and conf < UNREADABLE:
        return True
    return conf < JUNK_CONFIDENCE and not any(
        c.isdigit() or (c.isalpha() and unicodedata.category(c) != "Lm") or c in _PUNCTUATION for c in text)


@dataclass
class _Run:
    """Tesseract's line: consecutive words of one line id."""

    words: list[Word]

    @property
    def left(self) -> int:
        return self.words[0].left

    @property
    def right(self) -> int:
        return max(w.right for w in self.words)

    @property
    def top(self) -> int:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> int:
        return max(w.bottom for w in self.words)

    @property
    def middle(self) -> float:
        return statistics.median((w.top + w.bottom) / 2 for w in self.words)


def _runs(words: list[Word], char_width: float | None = None) -> list[_Run]:
    """Consecutive words of one Tesseract line; with ``char_width``, a line is also cut at a gap that
    separates two columns Tesseract read as one line: wider than ``COLUMN_SPLIT`` characters, or
    wider than one and a half characters and three times the line's usual gap between words."""
    runs: list[_Run] = []
    for w in words:
        last = runs[-1].words[-1] if runs else None
        if last is not None and last.line == w.line:
            runs[-1].words.append(w)
        else:
            runs.append(_Run([w]))
    if char_width is None:
        return runs
    out: list[_Run] = []
    for run in runs:
        gaps = [b.left - a.right for a, b in zip(run.words, run.words[1:], strict=False)]
        usual = statistics.median(gaps) if gaps else 0.0
        piece = [run.words[0]]
        # the foot's recipients column, read on its own (:func:`read_foot`), holds no narrower column: a wide
        # gap of a justified line there is no column's edge (``thành ủy,   đảng ủy``)
        recipients = run.words[0].line[0] in RECIPIENT_LINES
        for gap, w in zip(gaps, run.words[1:], strict=True):
            if gap > COLUMN_SPLIT * char_width or (
                    not recipients and gap > 1.5 * char_width and gap > 3 * max(usual, 1.0)):
                out.append(_Run(piece))
                piece = []
            piece.append(w)
        out.append(_Run(piece))
    return out


def rows_of(words: list[Word], char_width: float) -> list[list[_Run]]:
    """Tesseract's lines grouped into rows of the page (same height), each row ordered left to right."""
    runs = sorted(_runs(words, char_width), key=lambda r: (r.words[0].line[0] >= 0, r.middle))
    rows: list[list[_Run]] = []
    for run in runs:
        height = run.bottom - run.top
        placed = False
        for row in reversed(rows[-4:]):
            mid = statistics.median(r.middle for r in row)
            if abs(run.middle - mid) <= max(8.0, 0.45 * height) and not any(
                    run.left < r.right and r.left < run.right for r in row):
                row.append(run)
                placed = True
                break
        if not placed:
            rows.append([run])
    for row in rows:
        row.sort(key=lambda r: r.left)
    return rows


@dataclass
class PageText:
    """A page laid out as text: its lines and, for each word, (line index, column in line, word)."""

    lines: list[str] = field(default_factory=list)
    placed: list[tuple[int, int, Word]] = field(default_factory=list)


def layout(rows: list[list[_Run]], char_width: float, margin: int, line_height: float) -> PageText:
    """Rows written as text lines: columns kept apart by a wide gap, paragraphs by a blank line."""
    out = PageText()
    prev_bottom: float | None = None
    for row in rows:
        top = min(r.top for r in row)
        if prev_bottom is not None and top - prev_bottom > 0.9 * line_height:
            out.lines.append("")
        prev_bottom = max(r.bottom for r in row)
        line = ""
        for k, run in enumerate(row):
            col = max(0, round((run.left - margin) / char_width))
            if k == 0:
                line = " " * min(col, 60)
            else:
                gap = run.left - row[k - 1].right
                wide = gap > 1.5 * char_width
                line += " " * (max(COLUMN_GAP, col - len(line)) if wide else 1)
            for j, w in enumerate(run.words):
                if j:
                    line += " "
                out.placed.append((len(out.lines), len(line), w))
                line += w.text
        out.lines.append(line)
    return out


def page_metrics(words: list[Word]) -> tuple[float, int, float]:
    """Median character width, left margin and median line height of a page's words (pixels)."""
    widths = [(w.right - w.left) / len(w.text) for w in words if len(w.text) >= 3]
    heights = [w.bottom - w.top for w in words if len(w.text) >= 3]
    char_width = statistics.median(widths) if widths else 20.0
    margin = min((w.left for w in words), default=0)
    return max(4.0, char_width), margin, statistics.median(heights) if heights else 40.0


# --- the incoming stamp ---------------------------------------------------------------------------

_LABELS = patterns.compile(r"^(?:DEN|So:?|Ngay:?|Chuyen:?)$", re.IGNORECASE)


def _plain(text: str) -> str:
    return strip_marks(text).replace("Đ", "D").replace("đ", "d")


def find_stamp_box(words: list[Word], scale: float, image: Any = None) -> tuple[int, int, int, int] | None:
    """The region of the ĐẾN stamp: around an upper-case ``ĐẾN`` with ``Số``/``Ngày``/``Chuyển`` near it,
    narrowed to the stamp's drawn frame when one is found on ``image``."""
    mm = scale * 72 / 25.4
    for w in words:
        if _plain(w.text).strip(":.") != "DEN" or not w.text.isupper():
            continue
        x0, y0 = w.left - 8 * mm, w.top - 18 * mm
        x1, y1 = w.left + 52 * mm, w.bottom + 24 * mm
        near = [v for v in words if v is not w and x0 <= v.left <= x1 and y0 <= v.top <= y1
                and _LABELS.match(_plain(v.text))]
        kinds = {_plain(v.text).strip(":").lower() for v in near}
        if len(kinds & {"so", "ngay", "chuyen"}) < 2:
            continue
        if image is not None:
            frame = _frame(image, w, mm)
            if frame is not None:
                return frame
        inside = [v for v in words if x0 <= (v.left + v.right) / 2 <= x1 and y0 <= (v.top + v.bottom) / 2 <= y1]
        top = _stamp_top(inside, w, min([w.top, *(v.top for v in near)]), mm)
        return (int(max(0, min(v.left for v in [w, *near]) - 2 * mm)), int(max(0, top - 2 * mm)),
                int(x1), int(max(v.bottom for v in [w, *near]) + 14 * mm))
    return None


def _frame(image: Any, den: Word, mm: float) -> tuple[int, int, int, int] | None:
    """The inside of the rectangle drawn around ``ĐẾN``: the outermost long vertical and horizontal
    ink lines in a window of stamp size around the word (a stamp is 50 mm x 35 mm)."""
    import numpy as np

    wx0, wy0 = max(0, int(den.left - 14 * mm)), max(0, int(den.top - 24 * mm))
    wx1, wy1 = min(image.size[0], int(den.left + 62 * mm)), min(image.size[1], int(den.bottom + 34 * mm))
    ink = (np.asarray(image.crop((wx0, wy0, wx1, wy1))) < 128).astype(np.int32)

    def long_lines(a: Any, length: int) -> Any:
        c = np.cumsum(a, axis=0)
        if c.shape[0] <= length:
            return np.zeros(a.shape[1], dtype=bool)
        runs = (c[length:] - c[:-length]) >= int(length * 0.97)
        return runs.any(axis=0)

    cols = np.flatnonzero(long_lines(ink, int(22 * mm)))
    rows = np.flatnonzero(long_lines(ink.T, int(32 * mm)))
    if len(cols) < 2 or len(rows) < 2:
        return None
    left, right, top, bottom = cols[0], cols[-1], rows[0], rows[-1]
    if not (30 * mm <= right - left <= 75 * mm and 20 * mm <= bottom - top <= 50 * mm):
        return None
    if not (left < den.left - wx0 and den.top - wy0 > top and den.bottom - wy0 < bottom):
        return None
    pad = int(0.8 * mm)
    return (int(wx0 + left + pad), int(wy0 + top + pad), int(wx0 + right - pad), int(wy0 + bottom - pad))


def _stamp_top(inside: list[Word], den: Word, top: int, mm: float) -> int:
    """The stamp's top: the receiver's name (upper case) just above ``ĐẾN`` belongs to it."""
    above = [v for v in inside if v.bottom <= den.top and den.top - v.bottom < 14 * mm and v.left >= den.left - 4 * mm]
    if above and all(any(c.isupper() for c in v.text) for v in above):
        return min(top, *(v.top for v in above))
    return top


@dataclass
class StampReading:
    """The stamp's lines as text and what could not be read."""

    words: list[Word]
    notes: list[str]


_NUMBER_VALUE = patterns.compile(r"^\d{1,6}$")
_DATE_VALUE = patterns.compile(r"^\d{1,2}[/.-]\d{1,2}(?:[/.-]\d{2,4})?$")


def read_stamp(page: PreparedPage, box: tuple[int, int, int, int]) -> StampReading:
    """The stamp read on its own (one block); unreadable handwritten values dropped and noted."""
    x0, y0 = box[0], box[1]
    crop = page.image.crop(box)
    words = [Word(w.text, w.left + x0, w.top + y0, w.right + x0, w.bottom + y0, w.conf, w.line)
             for w in run_tesseract(crop, psm=6)]
    notes: list[str] = []
    kept: list[Word] = []
    den = next((w for w in words if _plain(w.text).strip(":.") == "DEN"), None)
    if den is not None:  # the receiver's name, printed on one or two lines above ĐẾN, read as one line
        above = [w for w in words if w.bottom <= den.top + (den.bottom - den.top) // 4]
        for w in above:
            w.line = (-1, 0, 0)
        words = above + [w for w in words if w.line != (-1, 0, 0)]
    runs = _runs(words)
    for run in runs:
        labels = [i for i, w in enumerate(run.words) if _plain(w.text).rstrip(":").lower() in ("so", "ngay")
                  and w.text.endswith(":")]
        if not labels:
            kept += run.words
            continue
        cut = labels[0] + 1
        kept += run.words[:cut]
        value = run.words[cut:]
        label = _plain(run.words[labels[0]].text).rstrip(":").lower()
        if not value:
            continue
        joined = "".join(w.text for w in value).strip(".,")
        pattern = _NUMBER_VALUE if label == "so" else _DATE_VALUE
        if pattern.match(joined) and min(w.conf for w in value) >= UNREADABLE:
            kept += value
        else:
            what = "number (Số đến)" if label == "so" else "date (Ngày)"
            notes.append(f"incoming stamp: the {what} is not readable (handwriting?); left empty, "
                         f"not guessed")
    return StampReading(kept, notes)


# --- the foot: recipients (Nơi nhận) left, signature right ---------------------------------------


def find_foot(words: list[Word], image: Any, char_width: float) -> tuple[int, int, int, int, int] | None:
    """The foot of the last page: from the ``Nơi nhận`` label down, split at the widest empty band of
    columns between the recipients list and the signature block (left, top, split, right, bottom)."""
    import numpy as np

    label = None
    for a, b in pairwise(words):
        if _plain(a.text).lower() == "noi" and _plain(b.text).lower().rstrip(":.") == "nhan" and a.line == b.line:
            label = a
    if label is None:
        return None
    top = label.top - int(0.3 * (label.bottom - label.top))
    below = [w for w in words if w.top >= top]
    left = min(w.left for w in below)
    right = max(w.right for w in below)
    bottom = max(w.bottom for w in below)
    if right - left < 20 * char_width or bottom - top < 3 * (label.bottom - label.top):
        return None
    ink = (np.asarray(image.crop((left, top, right, bottom))) < 128).sum(axis=0)
    empty = ink <= max(2, int(0.01 * (bottom - top)))
    lo, hi = int(0.25 * (right - left)), int(0.7 * (right - left))
    best, run_start, best_at = 0, None, 0
    for x in range(lo, hi):
        if empty[x]:
            run_start = x if run_start is None else run_start
            if x - run_start + 1 > best:
                best, best_at = x - run_start + 1, run_start
        else:
            run_start = None
    if best < 1.5 * char_width:
        return None
    return left, top, left + best_at + best // 2, right, bottom


def read_foot(prepared: PreparedPage, words: list[Word], foot: tuple[int, int, int, int, int]) -> list[Word]:
    """The page's words with the foot's two columns read again each on its own (one block each)."""
    left, top, split, right, bottom = foot
    pad = 4
    kept = [w for w in words if not (w.top >= top - pad and left - pad <= (w.left + w.right) / 2 <= right + pad)]
    width, height = prepared.image.size
    # the signature column reaches further right and down than the page reading saw: the last letters of a
    # name printed over a handwritten signature are often lost to it (``Trần Cẩm T``)
    reach = FOOT_REACH * prepared.scale
    for side, (x0, x1) in enumerate(((max(0, left - pad), split), (split, min(width, int(right + reach))))):
        box = (x0, max(0, top - pad), x1, min(height, int(bottom + (reach if side else pad))))
        for w in run_tesseract(prepared.image.crop(box), psm=6):
            kept.append(Word(w.text, w.left + box[0], w.top + box[1], w.right + box[0], w.bottom + box[1], w.conf,
                             (1000 + 100 * side + w.line[0], w.line[1], w.line[2])))
    return kept


def drop_seal(words: list[Word], line_height: float) -> list[Word]:
    """The signature column without the lines read from the red seal or the handwritten signature over it: a
    line most of whose words Tesseract doubts (below ``LOW_CONFIDENCE``) or sees far shorter than printed
    letters (the seal's ring of small capitals), unless it reads as a person's name."""
    from vanban.readers.names import looks_like_name

    def doubtful(w: Word) -> bool:
        return w.conf < LOW_CONFIDENCE or w.bottom - w.top < 0.5 * line_height

    out: list[Word] = []
    for run in _runs(words):
        if run.words[0].line[0] in SIGNATURE_LINES and 2 * sum(map(doubtful, run.words)) > len(run.words) \
                and not looks_like_name([w.text for w in run.words]):
            continue
        out += run.words
    return out


def reread_names(prepared: PreparedPage, words: list[Word], line_height: float) -> list[Word]:
    """Lines of the page's right half that read as a person's name (the signer's, under the signature) read
    again on their own (one line, a margin around it): a name printed in title case always, from the grey
    page (binarisation thickens bold strokes until a tone mark touches its letter: ``Thuân`` read ``Thuần``);
    a line in capitals only when Tesseract doubts a word. In the page's reading a name's last letters are
    also often lost to the handwritten signature beside them (``Trần Cẩm T``)."""
    from vanban.readers.names import is_name, looks_like_name, title_case

    width, height = prepared.image.size
    out: list[Word] = []
    for run in _runs(words):
        texts = [w.text for w in run.words]
        if run.left < width * 0.4 or not looks_like_name(texts):
            out += run.words
            continue
        printed = title_case(texts)
        if not printed and is_name(texts) and min(w.conf for w in run.words) >= LOW_CONFIDENCE:
            out += run.words
            continue
        margin = int(line_height)
        box = (max(0, run.left - margin), max(0, run.top - margin // 2), min(width, run.right + 3 * margin),
               min(height, run.bottom + margin // 2))
        image = prepared.grey if printed else prepared.image
        again = [Word(w.text, w.left + box[0], w.top + box[1], w.right + box[0], w.bottom + box[1], w.conf,
                      run.words[0].line, grey=printed) for w in run_tesseract(image.crop(box), psm=7)]
        again_texts = [w.text for w in again]
        letters = sum(len(w.text) for w in again), sum(len(t) for t in texts)
        # taken when it reads more letters (the lost ones), or as many with more confidence; a printed name
        # read from the grey page is taken when it reads the same letters (its marks are the better ones)
        better = looks_like_name(again_texts) and (
            (letters[0], statistics.fmean(w.conf for w in again) if again else 0.0)
            > (letters[1], statistics.fmean(w.conf for w in run.words))
            or (printed and [strip_marks(t) for t in again_texts] == [strip_marks(t) for t in texts]))
        out += again if better else run.words
    return out


# --- pages and the document -----------------------------------------------------------------------


@dataclass
class PageResult:
    """One page read: its text lines, the words placed in them, the stamp's lines, notes."""

    text: PageText
    stamp: PageText | None
    notes: list[str]
    scale: float
    skew: float

    @property
    def confidence(self) -> float:
        """Mean confidence of the page's words (0 when none)."""
        confs = [w.conf for _, _, w in self.text.placed]
        return statistics.fmean(confs) if confs else 0.0


def read_page(page: PageImage, *, binarise: bool = True, deskew: bool = True) -> PageResult:
    """Prepare one page, read it and lay it out (the stamp apart)."""
    prepared = prepare(page, binarise=binarise, deskew=deskew)
    words = run_tesseract(prepared.image)
    notes: list[str] = []
    stamp_text: PageText | None = None
    box = find_stamp_box(words, prepared.scale, prepared.image)
    char_width, margin, line_height = page_metrics(words)
    foot = find_foot(words, prepared.image, char_width)
    if foot is not None:
        words = drop_seal(read_foot(prepared, words, foot), line_height)
    words = reread_names(prepared, words, line_height)
    drop_speck_marks(words, prepared.image)
    correct_words(words)
    if box is not None:
        x0, y0, x1, y1 = box
        words = [w for w in words if not (x0 - 5 <= (w.left + w.right) / 2 <= x1 + 5
                                          and y0 - 5 <= (w.top + w.bottom) / 2 <= y1 + 5)]
        stamp = read_stamp(prepared, box)
        notes += stamp.notes
        stamp_text = layout(rows_of(stamp.words, char_width), char_width, x0, line_height)
    text = layout(rows_of(words, char_width), char_width, margin, line_height)
    return PageResult(text, stamp_text, notes, prepared.scale, prepared.skew)


def read_pages(pages: Sequence[PageImage], *, jobs: int = 1, binarise: bool = True,
               deskew: bool = True) -> list[PageResult]:
    """Every page read, ``jobs`` pages at a time (each Tesseract run uses one core)."""
    if jobs <= 1 or len(pages) == 1:
        return [read_page(p, binarise=binarise, deskew=deskew) for p in pages]
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(lambda p: read_page(p, binarise=binarise, deskew=deskew), pages))


def compose(results: list[PageResult], pages: Sequence[PageImage]) -> tuple[str, list[OcrWord]]:
    """The document's text (pages joined by a blank line, furniture dropped) and its words with spans."""
    from vanban.readers.pdf import furniture_keys, furniture_rows

    page_lines: list[list[str]] = []
    for r in results:
        stamp_lines = [*r.stamp.lines, ""] if r.stamp is not None else []
        page_lines.append(stamp_lines + r.text.lines)
    keys = furniture_keys(page_lines)
    parts: list[str] = []
    words: list[OcrWord] = []
    pos = 0
    for number, (r, lines) in enumerate(zip(results, page_lines, strict=True), 1):
        shift = len(lines) - len(r.text.lines)
        dropped = furniture_rows(lines, keys)
        starts: dict[int, int] = {}
        kept: list[str] = []
        offset = pos
        for i, ln in enumerate(lines):
            if i in dropped:
                continue
            starts[i] = offset
            kept.append(ln.rstrip())
            offset += len(kept[-1]) + 1
        placed = [(i, c, w) for i, c, w in (r.stamp.placed if r.stamp is not None else [])]
        placed += [(i + shift, c, w) for i, c, w in r.text.placed]
        for i, col, w in placed:
            start = starts.get(i)
            span = Span(start=start + col, end=start + col + len(w.text)) if start is not None else None
            k = 1 / r.scale
            words.append(OcrWord(text=w.text, page=number, confidence=round(w.conf, 1), span=span, read=w.read,
                                 bbox=(round(w.left * k, 1), round(w.top * k, 1), round(w.right * k, 1),
                                       round(w.bottom * k, 1))))
        chunk = "\n".join(kept)
        parts.append(chunk)
        pos += len(chunk) + 2
    return "\n\n".join(parts) + "\n", words


def _field_spans(doc: Document) -> dict[str, list[Span]]:
    out: dict[str, list[Span]] = {}
    pairs: list[tuple[str, Span | None]] = [
        ("number", doc.number.span if doc.number else None), ("type", doc.type.span if doc.type else None),
        ("issuer", doc.issuer.span if doc.issuer else None),
    ]
    for sig in doc.signatures[:1]:
        pairs.append(("signer", sig.span))
    for name in ("date", "place", "subject", "recipients", "addressees"):
        pairs.append((name, doc.spans.get(name)))
    if doc.incoming_stamp is not None:
        pairs.append(("incoming_stamp", doc.incoming_stamp.span))
    for name, span in pairs:
        if span is not None:
            out.setdefault(name, []).append(span)
    return out


def field_confidences(doc: Document, words: Sequence[OcrWord]) -> dict[str, FieldConfidence]:
    """For each located field, the summary of the confidences of the OCR words inside its span."""
    import bisect

    located = sorted((w.span.start, w.span.end, w.confidence) for w in words if w.span is not None)
    starts = [s for s, _, _ in located]
    out: dict[str, FieldConfidence] = {}
    for name, spans in _field_spans(doc).items():
        confs: list[float] = []
        for span in spans:
            i = bisect.bisect_left(starts, span.start)
            while i < len(located) and located[i][0] < span.end:
                confs.append(located[i][2])
                i += 1
        if confs:
            out[name] = FieldConfidence(mean=round(statistics.fmean(confs), 1), min=round(min(confs), 1),
                                        words=len(confs))
    return out


def read_scan(pages: Sequence[PageImage], source: str | None, fmt: str, *, jobs: int = 1,
              binarise: bool = True, deskew: bool = True) -> Document:
    """A :class:`Document` from page images: OCR, layout, then the text parser; confidences attached."""
    from vanban.parse.text import parse_text

    tesseract_path()
    results = read_pages(pages, jobs=jobs, binarise=binarise, deskew=deskew)
    text, words = compose(results, pages)
    if not words:
        raise InputError(f"{source or 'input'}: OCR found no text on the {len(pages)} page image(s)")
    doc = parse_text(text, source=source)
    fields = field_confidences(doc, words)
    notes = [n for r in results for n in r.notes]
    corrected = [w for w in words if w.read is not None]
    if corrected:
        shown = ", ".join(f"{w.read}→{w.text}" for w in corrected[:12]) + (", …" if len(corrected) > 12 else "")
        notes.append(f"ocr: {len(corrected)} word(s) corrected against the lexicon ({shown}); "
                     "Tesseract's readings are kept in ocr.words (read)")
    low = [f"{name} (mean {c.mean:.0f})" for name, c in fields.items() if c.mean < LOW_CONFIDENCE]
    if low:
        notes.append("ocr: low confidence in " + ", ".join(low) + "; check against the paper")
    reading = OcrReading(
        engine="tesseract", version=tesseract_version(), language=LANGUAGE,
        confidence=round(statistics.fmean([w.confidence for w in words]), 1) if words else 0.0,
        pages=tuple(OcrPage(number=i, width_pt=round(p.width_pt, 1), height_pt=round(p.height_pt, 1),
                            dpi=round(p.dpi), skew=round(r.skew, 2))
                    for i, (p, r) in enumerate(zip(pages, results, strict=True), 1)),
        words=tuple(words), fields=fields)
    return doc.model_copy(update={"format": fmt, "ocr": reading, "notes": (*doc.notes, *notes)})


def read_image(data: bytes, source: str | None = None, *, jobs: int = 1) -> Document:
    """Read a PNG, JPEG, GIF or TIFF scan (every page) with OCR."""
    from vanban.readers.scan import load_images

    label = source or "input"
    require_extra(label)
    try:
        tesseract_path()
    except OcrUnavailableError as e:
        raise OcrUnavailableError(f"{label}: an image needs OCR, which is not available here: {e}") from None
    return read_scan(load_images(data, label), source, "image", jobs=jobs)

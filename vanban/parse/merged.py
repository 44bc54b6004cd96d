"""Lines in which OCR or a flattened copy merged two columns with a single space.

A scan read by OCR prints ``TỈNH ỦY LÀO CAI ĐẢNG CỘNG SẢN VIỆT NAM`` (issuer and Party title),
``Số 26-NQ/TU Lào Cai, ngày 05 tháng 12 năm 2025`` (number and date line) and ``Nơi nhận: T/M
TỈNH ỦY`` (recipients label and authority) on one line each. The pieces are told apart by what
the catalogues know -- the national title, motto and Party title, the number grammar, the
authority forms and official titles -- and the line gets one segment per piece, as if the
columns had been printed apart. Matching is done on a letter-for-letter folding (marks removed,
upper case), so OCR slips in tone marks do not hide a title.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import cache
from itertools import pairwise

from vanban import patterns
from vanban.catalogue import catalogue
from vanban.normalize import is_upper_text
from vanban.numbering import LABEL_LINE_RE
from vanban.parse.layout import Line, Lines, Segment
from vanban.parse.memo import remembered

_TITLES = patterns.compile(
    r"D\s?A\s?N\s?G\s+C\s?O\s?N\s?G\s+S\s?A\s?N\s+V\s?I\s?E\s?T\s+N\s?A\s?M"
    r"|C\s?O\s?N\s?G\s+H\s?O\s?A\s*X\s?A\s+H\s?O\s?I\s*C\s?H\s?U\s+N\s?G\s?H\s?I\s?A\s*V\s?I\s?E\s?T\s+N\s?A\s?M"
    r"|D\s?O\s?C\s+L\s?A\s?P\s*[-–]\s*T\s?U\s+D\s?O\s*[-–]\s*H\s?A\s?N\s?H\s+P\s?H\s?U\s?C"
)
"""The Party title, the national title and the motto in the folded text (OCR may drop or add a space)."""
TITLE_ENDS = frozenset("MC")
"""The letters (marks folded, upper case) the titles of ``_TITLES`` end with (``NAM``, ``PHÚC``): a merged line's
next column can open right after one."""
_DATE_START = patterns.compile(r"\s(?=[A-ZĐÀ-Ỹ][^\W\d_]*(?:[ .'-]+[^\W\d_]+){0,6}\s*,?\s*[Nn]g[àảáạãa]y\s*\d{1,2}\b)")
"""A place and date line starting inside a merged line (``Số 2ó-NQ/TU Lào Cai, ngày 05 ...``)."""
_TRAILING_NAME = patterns.compile(r"[.;,]\s+((?:[A-ZĐÀ-Ỹ][a-zđà-ỹ]+\s+){1,4}[A-ZĐÀ-Ỹ][a-zđà-ỹ]+)\s*$")
"""A signer's name printed beside the last recipient: ``- Lưu Văn phòng Tỉnh ủy. Trịnh Việt Hùng``."""
_RULE_RUN = patterns.compile(r"(?:(?<=\s)|^)[-_=–—]{3,}(?=\s|$)")
_RULE_CHARS = patterns.compile("[-_=–—]{3}")
"""Three rule characters in a row: led by a class, searched fast; ``_RULE_RUN`` is asked only where they stand."""
_UPPER_TOKEN = patterns.compile(r"[A-Z/.]+")
_RUN_ENDS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ/.")
"""What a folded line ends with when it can end in a run of upper-case words (see ``_upper_run``)."""


def _upper_run(folded: str) -> tuple[int, int] | None:
    """The trailing run of upper-case words of a folded line (``T/M TINH UY``), its last word with a letter."""
    words = folded.split()
    end = len(folded.rstrip())
    if not words or not _UPPER_TOKEN.fullmatch(words[-1]) or not any("A" <= c <= "Z" for c in words[-1]):
        return None
    k = len(words) - 1
    while k > 0 and _UPPER_TOKEN.fullmatch(words[k - 1]):
        k -= 1
    start = end
    for w in reversed(words[k:]):  # walk back over the run's words to the first one's offset
        start = folded.rindex(w, 0, start)
    return start, end


class _FoldTable(dict[int, str]):
    """``str.translate`` table folding one letter to one letter, filled as new letters are met."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        base = unicodedata.normalize("NFD", ch)[0]
        folded = "D" if ch == "Đ" else "d" if ch == "đ" else base if base.isascii() else ch
        self[code] = folded
        return folded


_FOLD = _FoldTable()


def fold_marks(s: str) -> str:
    """``s`` with marks removed and ``Đ`` as ``D``, one letter for one letter (offsets are kept)."""
    return s if s.isascii() else s.translate(_FOLD)


@cache
def _foot_re() -> re.Pattern[str]:
    """An authority form or an official title at the start of the folded text."""
    cat = catalogue()
    words = {fold_marks(a) for a in (*(x.prefix for x in cat.authorities),
                                     *(v for x in cat.authorities for v in x.variants))}
    words |= {fold_marks(p) for p in cat.positions}
    alts = sorted((re.escape(w).replace(r"\ ", r"\s+") for w in words), key=lambda w: (-len(w), w))  # (one order every run)
    return patterns.compile(rf"(?:{'|'.join(alts)})(?![A-Z])")


@remembered
def _cuts(text: str) -> tuple[int, ...]:
    """Offsets inside ``text`` where a second column's piece begins; remembered per text (the headers and
    feet of a corpus repeat their lines: titles, issuers, authorities)."""
    folded = fold_marks(text)
    upper = folded.upper()
    cuts: list[int] = []
    for m in _TITLES.finditer(upper):
        if m.group(0).startswith("DOC") or is_upper_text(text[m.start():m.end()]):
            cuts += [m.start(), m.end()]  # printed titles; "Đảng Cộng sản Việt Nam" in a sentence is no title
    lm = LABEL_LINE_RE.match(text)
    if lm and text[:1] == "S" and text[:2] != "SỐ":
        # "Số 26-NQ/TU Lào Cai, ngày ...": the date line begins right after the number (or, when OCR
        # garbled the number, after the first word that looks like one)
        dm = _DATE_START.search(text, lm.end())
        if dm:
            cuts.append(dm.end())
    if text[:1] in "-–+•":
        name = _TRAILING_NAME.search(text)
        if name:
            cuts.append(name.start(1))
    if text.upper() != text and fold_marks(text.rstrip()[-1:]) in _RUN_ENDS:  # a lower-case letter somewhere
        run = _upper_run(folded)
        # "Nơi nhận: T/M TỈNH ỦY", "- Các tỉnh ủy, thành ủy, THƯỜNG TRỰC BAN BÍ THƯ"
        if run and run[0] > 0 and any(ch.islower() for ch in text[:run[0]]):
            for wm in re.finditer(r"\S+", folded[run[0]:run[1]]):
                at = run[0] + wm.start()
                fm = _foot_re().match(upper, at)  # "- Lưu: VT, XD. PHÓ CHỦ TỊCH": the title, not "XD."
                # a bare authority prefix ending the line is a unit's code ("- Lưu: VT, KT."), not the foot
                if fm and (upper[fm.end():].strip() or len(fm.group().strip()) > 4):
                    cuts.append(at)
                    break
    if _RULE_CHARS.search(text):
        for rm in _RULE_RUN.finditer(text):
            cuts += [rm.start(), rm.end()]  # "CHUYỂN ĐỔI XANH VÀ ---------------": a rule under the other column
    if not cuts:
        return ()
    return tuple(sorted({c for c in cuts if 0 < c < len(text) and text[:c].strip() and text[c:].strip()}))


_RULE_MARK = patterns.compile("---|___|===|–––|———")
"""Three of the same rule character in a row."""


def _may_be_merged(text: str) -> bool:
    """Whether a line past the header can hold a second column: a recipient line (a signer's name
    may follow it), a line ending in upper-case words (a signature's authority or title beside
    ``Nơi nhận:``) or one with a rule under the other column. Other body lines are not split,
    so their segments are never computed here."""
    if text[:1] in "-–+•" or _RULE_MARK.search(text):
        return True
    if text[-1:].islower():  # (its last word is not upper case)
        return False
    last = text.rsplit(None, 1)[-1]
    return len(last) > 1 and last.isupper()


def _split(ln: Line, segs: list[Segment]) -> list[Segment]:
    """``segs`` with each piece holding two columns cut in two (the same list when none does)."""
    out: list[Segment] = []
    changed = False
    for seg in segs:
        cuts = _cuts(seg.text)
        if not cuts:
            out.append(seg)
            continue
        changed = True
        bounds = [0, *cuts, len(seg.text)]
        for a, b in pairwise(bounds):
            piece = seg.text[a:b]
            lead = len(piece) - len(piece.lstrip())
            s = piece.strip()
            if s:
                out.append(Segment(s, seg.start + a + lead, seg.start + a + lead + len(s), seg.x + a + lead,
                                   seg.line))
    return out if changed else segs


def split_merged(lines: Sequence[Line], header: int | None = None) -> None:
    """Give each line whose columns OCR merged one segment per column (a line is read once).

    Lines of the first ``header`` lines are all examined; past them only lines that can hold a
    signature's or a list's second column (:func:`_may_be_merged`). On :class:`Lines` this is
    done when a line's segments are first asked for (the lines given a kind by now are left as
    they are), so the body's lines nobody reads are never split.
    """
    if isinstance(lines, Lines):
        early = lines.marked_early()

        def splitter(ln: Line, segs: list[Segment]) -> list[Segment]:
            if ln.index in early or ln._default or len(ln.stripped) < 8:
                return segs
            if header is not None and ln.index >= header and not _may_be_merged(ln.stripped):
                return segs
            return _split(ln, segs)

        lines.splitter = splitter
        return
    for ln in lines:
        if ln.kind or len(ln.stripped) < 8:
            continue
        if header is not None and ln.index >= header and not _may_be_merged(ln.stripped):
            continue
        segs = ln.segments
        out = _split(ln, segs)
        if out is not segs:
            ln.set_segments(out)

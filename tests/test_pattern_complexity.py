"""Every regular expression of the package stays linear on adversarial repetitions.

Each module-level pattern (and each catalogue pattern) is searched over a repeated piece at two
sizes, 8 times apart: linear work grows about 8x, quadratic 64x, exponential backtracking without
bound (an interval timer stops it; ``re`` checks signals while it backtracks). The figure tested is
the growth ratio of the best of two runs in CPU time of this process (other processes on a busy
machine do not count), with a floor below which timings are noise — a complexity check, not a time
budget. A pattern the package only applies with ``match`` at one place is measured that way.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import signal
import time
from collections.abc import Callable, Iterator
from types import FrameType

import pytest

import vanban
from vanban import NumberSyntaxError, parse_number
from vanban.catalogue import catalogue

# Pieces that real patterns can half-match: number parts, labels, dates, organ words, table and
# Markdown marks, spaces, line ends and combining marks.
PIECES = (
    "/QĐ-UBND", "QĐ-", "1/", "1-", "1.", "1/2026", "-BC/BTGTU", "Đ", "A", "a ", " ", "\t", "|", " | ", "*", "**",
    "-", ".", "_", "1", "12", "Số: ", "Số 1", "số ", "ngày 1 tháng ", "ngày ", "tháng 1 năm ", "20", "ĐẢNG ",
    "ỦY BAN ", "BAN ", "Căn cứ ", "Quyết định số 1/QĐ-UBND ", "Điều 1. ", "- ", "Nơi nhận: ", "KT. ", "T/M ",
    "CHỦ TỊCH ", "(", "“", "Lào Cai, ", "\n", " \n", "Q", "QH1", "QCVN 1", ":", "V/v ", "TM. ", "x/", "Ông ", "Trang 1",
    "\u0301", "CÔNG BÁO/Số ", "\u00a0",
)
SMALL = 800
FACTOR = 8
MATCH_ONLY = {"vanban.parse.citations._COORDINATED", "vanban.rules.ocr._WORD_AFTER", "vanban.parse.text._BORDER",
              "vanban.parse.markup._PIPE_RULE", "vanban.rules.wording._VV",
              "vanban.parse.citations._AFTER", "vanban.parse.citations._SUBJECT_AFTER", "vanban.parse.citations._AHEAD"}
"""Patterns used only with ``.match`` (at one position), not searched through a text."""
GUARDED = {
    "vanban.numbering._BLANK_RE": "parse_number collapses runs of spaces before matching (tested below)",
    "vanban.readers.pdf._SIGNED_BY": "matched on the first SIGNED_BY_CHARS characters of a signature's reason",
    "vanban.rules.references._CLAUSE_START": "searched in the 60 characters before a citation",
    "vanban.rules.references._DATE_AFTER": "matched on the 40 characters after a citation",
    "vanban.rules.ocr._WORD_BEFORE": "searched in the 40 characters before a suspect word",
    "vanban.rules.ocr._LABEL": "searched in the few lines of an incoming stamp",
    "vanban.rules.presence._DATELINE": "searched in the first HEADER_WINDOW (4,000) characters",
}
"""Patterns whose only caller bounds the input, with the reason."""


def _patterns() -> Iterator[tuple[str, re.Pattern[str]]]:
    seen: set[int] = set()
    for info in pkgutil.walk_packages(vanban.__path__, "vanban."):
        if info.name.startswith("vanban.cli") or info.name == "vanban.__main__":
            continue
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if isinstance(value, re.Pattern) and isinstance(value.pattern, str) and id(value) not in seen:
                seen.add(id(value))
                yield f"{info.name}.{name}", value
    cat = catalogue()
    for name in dir(cat):
        if name.endswith("_re") and not name.startswith("_"):
            value = getattr(cat, name)
            if isinstance(value, re.Pattern) and id(value) not in seen:
                seen.add(id(value))
                yield f"catalogue.{name}", value


PATTERNS = sorted(_patterns())
_MATCH_ONLY_SOURCES = {p.pattern for n, p in PATTERNS if n in MATCH_ONLY}


class _Timeout(Exception):
    pass


def _alarm(signum: int, frame: FrameType | None) -> None:
    raise _Timeout


def _best(run: Callable[[str], object], text: str, runs: int = 2) -> float:
    best = float("inf")
    for _ in range(runs):
        t = time.process_time()
        run(text)
        best = min(best, time.process_time() - t)
    return best


def _growth(run: Callable[[str], object], piece: str, small: int) -> tuple[float, float]:
    reps = max(1, small // len(piece))
    a = piece * reps + "!"
    b = piece * (reps * FACTOR) + "!"
    return _best(run, a), _best(run, b)


def _super_linear(run: Callable[[str], object]) -> list[str]:
    """The pieces on which ``run`` grows faster than linearly (empty when it never does)."""
    old = signal.signal(signal.SIGALRM, _alarm)
    slow: list[str] = []
    try:
        for piece in PIECES:
            signal.setitimer(signal.ITIMER_REAL, 20.0)
            try:
                t1, t2 = _growth(run, piece, SMALL)
                if t2 > 0.005 and t2 > 3 * FACTOR * t1:
                    # confirm at a larger size before calling it super-linear
                    t1, t2 = _growth(run, piece, SMALL * 2)
                    if t2 > 0.005 and t2 > 3 * FACTOR * t1:
                        slow.append(f"{piece!r}: x{t2 / t1:.0f} for x{FACTOR} the text ({t2 * 1000:.1f} ms)")
            except _Timeout:
                slow.append(f"{piece!r}: still running after 20 s (super-linear)")
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
    finally:
        signal.signal(signal.SIGALRM, old)
    return slow


def _search_all(pattern: re.Pattern[str]) -> Callable[[str], object]:
    if pattern.pattern in _MATCH_ONLY_SOURCES:
        return pattern.match
    return lambda text: sum(1 for _ in pattern.finditer(text))


def test_every_pattern_is_found() -> None:
    names = {n for n, _ in PATTERNS}
    assert "vanban.numbering.NUMBER_RE" in names and "vanban.numbering.FREE_RE" in names
    assert len(PATTERNS) > 50
    assert set(GUARDED) | MATCH_ONLY <= names


SEARCHED = [(n, p) for n, p in PATTERNS if n not in GUARDED]


@pytest.mark.parametrize(("name", "pattern"), SEARCHED, ids=[n for n, _ in SEARCHED])
def test_pattern_grows_linearly_on_repetitions(name: str, pattern: re.Pattern[str]) -> None:
    slow = _super_linear(_search_all(pattern))
    assert not slow, f"{name} is super-linear on " + "; ".join(slow)


def _parse_number_or_not(text: str) -> None:
    try:
        parse_number("Số: 1" + text)
    except NumberSyntaxError:
        pass


def test_parse_number_grows_linearly() -> None:
    assert not _super_linear(_parse_number_or_not)

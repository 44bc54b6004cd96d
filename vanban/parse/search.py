"""Finding lines by searching the text once: a compiled pattern run over the document string.

The parser's lines are the text split at ``\\n``, so a match's line is the number of line ends
before it. Scanning the body this way costs one ``search`` per matching line, however many lines
do not match, and no line object is touched (or made) for them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from functools import lru_cache

from vanban.parse.layout import Line, Lines


def lines_with(pattern: re.Pattern[str], text: str, lines: Sequence[Line], first: int, last: int | None = None,
               keep: Callable[[int, int], bool] | None = None) -> Iterator[int]:
    """Indexes of the lines in ``[first, last)`` (to the end when ``last`` is ``None``) in which ``pattern``
    finds a match and ``keep(start, end)`` holds for the line's bounds (when given), in order; ``^`` and
    ``$`` of a ``re.MULTILINE`` pattern stand at line bounds."""
    last = len(lines) if last is None else min(last, len(lines))
    if first >= last:
        return
    pos = lines[first].start
    end = lines[last - 1].end
    line = _line_index(text, lines, first, pos)
    while (m := pattern.search(text, pos, end)) is not None:
        at = m.start()
        nl = text.find("\n", at, end)
        if keep is None or keep(text.rfind("\n", 0, at) + 1, end if nl < 0 else nl):
            yield line(at)
        if nl < 0:
            return
        pos = nl + 1


@lru_cache(maxsize=32)
def _after_line_end(opening: re.Pattern[str]) -> re.Pattern[str]:
    return re.compile("\n(?:" + opening.pattern + ")", opening.flags)


def lines_opening(opening: re.Pattern[str], text: str, lines: Sequence[Line], first: int,
                  last: int | None = None, led: re.Pattern[str] | None = None) -> Iterator[int]:
    """Indexes of the lines in ``[first, last)`` that ``opening`` matches at the start of, in order.

    The text is searched for a line end followed by ``opening`` (or for ``led``, when given: a pattern for the same,
    written to fail sooner at the lines that do not open so): led by a literal, such a search skips many times
    faster than one led by a class of letters (as a pattern found anywhere in the line is)."""
    last = len(lines) if last is None else min(last, len(lines))
    if first >= last:
        return
    pos = lines[first].start
    end = lines[last - 1].end
    if opening.match(text, pos, end):
        yield first
    led = led or _after_line_end(opening)
    line = _line_index(text, lines, first, pos)
    while (m := led.search(text, pos, end)) is not None:
        at = m.start()  # the end of the line before
        yield line(at + 1)
        pos = at + 1


def _line_index(text: str, lines: Sequence[Line], first: int, start: int) -> Callable[[int], int]:
    """The index of the line holding an offset, for offsets from ``start`` (line ``first``'s) on, asked in order: on
    :class:`Lines`, found from the nearest of its every 64th line (:meth:`Lines.index_at`), so a search costs what its
    hits do, not a count of the line ends it passed; else counted from the offset asked before."""
    if isinstance(lines, Lines) and lines.text is text:
        return lines.index_at
    at, idx = start, first

    def line(pos: int) -> int:
        nonlocal at, idx
        idx += text.count("\n", at, pos)
        at = pos
        return idx

    return line

"""Finding lines by searching the text once: a compiled pattern run over the document string.

The parser's lines are the text split at ``\\n``, so a match's line is the number of line ends
before it. Scanning the body this way costs one ``search`` per matching line, however many lines
do not match, and no line object is touched (or made) for them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from functools import lru_cache

from vanban import patterns
from vanban.parse.layout import Line, Lines


def lines_with(pattern: re.Pattern[str], text: str, lines: Sequence[Line], first: int, last: int | None = None,
               keep: Callable[[int, int], bool] | None = None, chars: str = "") -> Iterator[int]:
    """Indexes of the lines in ``[first, last)`` (to the end when ``last`` is ``None``) in which ``pattern``
    finds a match (or which hold one of ``chars``) and ``keep(start, end)`` holds for the line's bounds (when given),
    in order; ``^`` and ``$`` of a ``re.MULTILINE`` pattern stand at line bounds.

    ``chars`` are found by ``str.find``, many times faster than a pattern led by a class holding them is searched; a
    match (or a character) found past the line read is kept for the lines after it, so the text is searched once."""
    last = len(lines) if last is None else min(last, len(lines))
    if first >= last:
        return
    pos = lines[first].start
    end = lines[last - 1].end
    line = _line_index(text, lines, first, pos)
    m = pattern.search(text, pos, end)
    found = [text.find(c, pos, end) for c in chars]  # the next of each character (-1: none left)
    while True:
        # (a match depends on the text only, not on where a search starts: one past ``pos`` is the first from it)
        if m is not None and m.start() < pos:
            m = pattern.search(text, pos, end)
        for k, p in enumerate(found):
            if 0 <= p < pos:
                found[k] = text.find(chars[k], pos, end)
        hits = [p for p in found if p >= 0]
        if m is not None:
            hits.append(m.start())
        if not hits:
            return
        at = min(hits)
        nl = text.find("\n", at, end)
        if keep is None or keep(text.rfind("\n", 0, at) + 1, end if nl < 0 else nl):
            yield line(at)
        if nl < 0:
            return
        pos = nl + 1


@lru_cache(maxsize=32)
def _after_line_end(opening: re.Pattern[str]) -> re.Pattern[str]:
    return patterns.compile("\n(?:" + opening.pattern + ")", opening.flags)


class Openings:
    """The lines from ``first`` on that ``opening`` matches at the start of, in order, looked for only as far as asked:
    each call of :meth:`before` searches the text on from where the one before stopped.

    The text is searched for a line end followed by ``opening`` (or for ``led``, when given: a pattern for the same,
    written to fail sooner at the lines that do not open so): led by a literal, such a search skips many times
    faster than one led by a class of letters (as a pattern found anywhere in the line is)."""

    def __init__(self, opening: re.Pattern[str], text: str, lines: Sequence[Line], first: int,
                 led: re.Pattern[str] | None = None) -> None:
        self._opening, self._led = opening, led or _after_line_end(opening)
        self._text, self._lines, self._first = text, lines, first
        self._start = lines[first].start if first < len(lines) else len(text)
        self._pos = -1  # where the search goes on (-1: line ``first`` not looked at yet)
        self._line = _line_index(text, lines, first, self._start)

    def before(self, last: int) -> Iterator[int]:
        """The lines of ``[first, last)`` that open so and were not given by an earlier call, in order."""
        lines, text = self._lines, self._text
        last = min(last, len(lines))
        if last <= self._first:
            return
        end = _end_of(lines, last - 1)
        if self._pos < 0:
            self._pos = self._start
            if self._opening.match(text, self._start, end):
                yield self._first
        line, search = self._line, self._led.search
        while (m := search(text, self._pos, end)) is not None:
            at = m.start()  # the end of the line before
            self._pos = at + 1
            yield line(at + 1)
        # a match of a line at or past ``last`` opens with the line end of line ``last - 1`` (``end``): none is cut
        self._pos = max(self._pos, end)


def _end_of(lines: Sequence[Line], i: int) -> int:
    """Where line ``i`` ends (without making the line, on :class:`Lines`)."""
    if isinstance(lines, Lines) and i + 1 < len(lines):
        return lines.start_of(i + 1) - 1
    return lines[i].end


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

"""Finding lines by searching the text once: a compiled pattern run over the document string.

The parser's lines are the text split at ``\\n``, so a match's line is the number of line ends
before it. Scanning the body this way costs one ``search`` per matching line, however many lines
do not match, and no line object is touched (or made) for them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from vanban.parse.layout import Line


def lines_with(pattern: re.Pattern[str], text: str, lines: Sequence[Line], first: int, last: int | None = None) -> Iterator[int]:
    """Indexes of the lines in ``[first, last)`` (to the end when ``last`` is ``None``) in which ``pattern``
    finds a match, in order; ``^`` and ``$`` of a ``re.MULTILINE`` pattern stand at line bounds."""
    last = len(lines) if last is None else min(last, len(lines))
    if first >= last:
        return
    pos, idx = lines[first].start, first
    end = lines[last - 1].end
    while (m := pattern.search(text, pos, end)) is not None:
        idx += text.count("\n", pos, m.start())
        yield idx
        nl = text.find("\n", m.start(), end)
        if nl < 0:
            return
        pos, idx = nl + 1, idx + 1


def lines_holding(words: Sequence[str], text: str, lines: Sequence[Line], first: int, last: int | None = None) -> Iterator[int]:
    """Indexes of the lines in ``[first, last)`` holding one of the literal ``words``, in order (``str.find``:
    far faster than a pattern where the words are rare)."""
    last = len(lines) if last is None else min(last, len(lines))
    if first >= last:
        return
    pos, idx = lines[first].start, first
    end = lines[last - 1].end
    found = {w: text.find(w, pos, end) for w in words}
    while True:
        hits = [at for at in found.values() if at >= 0]
        if not hits:
            return
        at = min(hits)
        idx += text.count("\n", pos, at)
        yield idx
        nl = text.find("\n", at, end)
        if nl < 0:
            return
        pos, idx = nl + 1, idx + 1
        for w, old in found.items():
            if 0 <= old < pos:
                found[w] = text.find(w, pos, end)

"""A long text built from many pieces without holding it twice: the pieces are joined onto it a batch at a time."""

from __future__ import annotations

_MOST = 1 << 16
"""The most characters of pieces held before they are joined onto a text begun: a batch's pieces and their join are then
blocks of the heap below glibc's least threshold for a block mapped apart (128 KiB), whose room the next batch takes
again. Larger batches (up to a mebi-character) left the heap with their last blocks' room, freed but resident, and
raised that threshold as each join mapped apart was freed (a random 2 MB text peaked at 6.1 times its size, at 6.0
with these; its flattened copy and its body reading are grown so)."""


class GrowingText:
    """The pieces appended so far, joined onto ``text``: the first batch once they are ``least`` characters, each next
    once they are an eighth of the text and ``least`` characters, or ``_MOST`` (whichever is fewer).

    The text is then its join's only reference, so that ``+=`` resizes it in place (once CPython has specialised
    the addition, after a few batches): a long text is never held beside its pieces or a join of them all, and the
    pieces and join of a batch stay small beside it (a long text is resized where it is mapped, not copied).
    """

    __slots__ = ("least", "limit", "parts", "size", "text")

    def __init__(self, least: int) -> None:
        self.least = least
        self.limit = least  # the characters of the next batch
        self.parts: list[str] = []  # pieces not joined yet
        self.size = 0  # their characters
        self.text = ""  # the pieces joined so far

    def append(self, s: str) -> None:
        """Append a piece."""
        self.parts.append(s)
        self.size += len(s)
        if self.size >= self.limit:
            self.flush()

    def flush(self) -> None:
        """Join the pieces onto the text."""
        t = self.text
        self.text = ""  # (``t`` is then the text's only reference: ``+=`` resizes it in place)
        t += "".join(self.parts)
        self.text = t
        self.parts.clear()
        self.size = 0
        self.limit = min(max(self.least, len(t) >> 3), _MOST) if t else self.least

    def take(self) -> str:
        """The whole text, let go by the builder (which starts again empty)."""
        self.flush()
        text, self.text = self.text, ""
        self.limit = self.least
        return text

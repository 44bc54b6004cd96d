"""A long text built from many pieces without holding it twice: the pieces are joined onto it a batch at a time."""

from __future__ import annotations

_MOST = 1 << 20
"""The most characters of pieces held before they are joined (once the text is eight times as long)."""


class GrowingText:
    """The pieces appended so far, joined onto ``text`` once they are ``least`` characters and an eighth of it (or
    ``_MOST``).

    The text is then its join's only reference, so that ``+=`` resizes it in place (once CPython has specialised
    the addition, after a few batches): a long text is never held beside its pieces or a join of them all, and the
    pieces and join of a batch stay small beside it (a long text is resized where it is mapped, not copied).
    """

    __slots__ = ("least", "parts", "size", "text")

    def __init__(self, least: int) -> None:
        self.least = least
        self.parts: list[str] = []  # pieces not joined yet
        self.size = 0  # their characters
        self.text = ""  # the pieces joined so far

    def append(self, s: str) -> None:
        """Append a piece."""
        self.parts.append(s)
        self.size += len(s)
        if self.size >= self.least and (self.size >= len(self.text) >> 3 or self.size >= _MOST):
            self.flush()

    def flush(self) -> None:
        """Join the pieces onto the text."""
        t = self.text
        self.text = ""  # (``t`` is then the text's only reference: ``+=`` resizes it in place)
        t += "".join(self.parts)
        self.text = t
        self.parts.clear()
        self.size = 0

    def take(self) -> str:
        """The whole text, let go by the builder (which starts again empty)."""
        self.flush()
        text, self.text = self.text, ""
        return text

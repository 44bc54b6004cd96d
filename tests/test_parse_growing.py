"""A text grown from pieces a batch at a time (``GrowingText``) is the join of its pieces."""

from __future__ import annotations

import pytest

from vanban.parse.growing import _MOST, GrowingText


@pytest.mark.parametrize(("pieces", "least"), [
    ([], 4),
    (["", "", ""], 1),
    (["a"] * 100, 1),  # a batch every piece
    (["ascii ", "chữ Việt ", "𝐀 astral ", "back to ascii "] * 50, 16),  # each kind wider than the last, then narrow
    (["đ" * 1000, "x" * 10, "\n"] * 30, 64),
    (["long piece " * 500] * 3, 1 << 16),  # never a batch before the end
    (["chữ " * 2000] * 1200, 1 << 10),  # batches of _MOST characters (each piece one), not an eighth of the text
    (["chữ " * 2000] * 1200, 1 << 21),  # a first batch of 2 M characters, then batches of _MOST
    (["ô" * 3000, "x"] * 400, 1 << 12),  # pieces under _MOST, batches of a few
])
def test_growing_text_is_the_join_of_its_pieces(pieces: list[str], least: int) -> None:
    g = GrowingText(least)
    total = 0
    for p in pieces:
        g.append(p)
        total += len(p)
        n = len(g.text)
        assert n + g.size == total and g.size < (min(max(least, n >> 3), _MOST) if n else least) + len(p)
    assert g.take() == "".join(pieces)
    assert g.take() == "" and g.parts == [] and g.size == 0

"""``remembered``: a check of one text remembered for texts up to a length, called again for longer ones."""

from __future__ import annotations

import pytest

from vanban.parse.memo import SHORT, remembered


@pytest.mark.parametrize(("longest", "size", "kept"), [
    (SHORT, SHORT, True), (SHORT, SHORT + 1, False), (80, 80, True), (80, 81, False), (80, 0, True), (0, 1, False)])
def test_a_text_is_remembered_up_to_the_longest(longest: int, size: int, kept: bool) -> None:
    calls: list[str] = []

    def check(s: str) -> int:
        calls.append(s)
        return len(s.split())

    memo = remembered(check, longest=longest) if longest != SHORT else remembered(check)
    text = "ô " * (size // 2) + "a" * (size % 2)
    assert [memo(text) for _ in range(3)] == [check(text)] * 3
    assert len(calls) == (1 if kept else 3) + 1


def test_the_foot_remembers_no_text_longer_than_a_title() -> None:
    """The foot's checks of a long line (prose) give the same answer and leave nothing in memory."""
    from vanban.parse import tail

    long_caps = "ỦY BAN NHÂN DÂN TỈNH " * 5
    for s in ("ỦY BAN NHÂN DÂN TỈNH", long_caps, "Ủy ban nhân dân " * 10, "[ỦY BAN] " * 12):
        assert tail._upper(s) == tail._upper.__wrapped__(s)  # type: ignore[attr-defined]
        assert tail._is_block_start(s) == tail._block_start(s)
    assert tail._upper(long_caps) is True and tail._is_block_start(long_caps) is False

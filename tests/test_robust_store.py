"""The store under stress: foreign files, a full disk, read-only stores, re-run batches, dotted numbers.

Every case comes from the fuzzing run of issue 10; each asserts the error is the library's own and
that nothing stored before is lost.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from vanban import parse_text
from vanban.cli import main
from vanban.register import register_outgoing
from vanban.store import connect

NQ = """\
CHÍNH PHỦ | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
 | Độc lập - Tự do - Hạnh phúc
Số: {number} | Hà Nội, ngày 5 tháng 3 năm 2026

NGHỊ QUYẾT
Về việc thí điểm cơ chế đặc thù

Nội dung nghị quyết.

Nơi nhận:
- Lưu: VT.
TM. CHÍNH PHỦ
THỦ TƯỚNG
Phạm Minh Chính
"""

UNNUMBERED = """\
HỘI NÔNG DÂN XÃ TÂN LẬP

THƯ MỜI

Kính mời đồng chí tới dự hội nghị tổng kết năm {year} vào sáng thứ Hai.
"""


@pytest.mark.parametrize("number", ["66.17/2026/NQ-CP", "66.1/2026/NQ-CP"])
def test_register_out_takes_a_dotted_number(number: str, tmp_path: Path) -> None:
    conn = connect(tmp_path / "v.db")
    first = register_outgoing(conn, parse_text(NQ.format(number="66/2026/NQ-CP")))
    dotted = register_outgoing(conn, parse_text(NQ.format(number=number)))
    assert first.created and dotted.created
    assert dotted.entry.number == number and dotted.entry.seq >= 66
    again = register_outgoing(conn, parse_text(NQ.format(number=number)))
    assert not again.created and again.entry.id == dotted.entry.id


def test_register_out_cli_with_a_dotted_number(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "nq.txt"
    f.write_text(NQ.format(number="66.17/2026/NQ-CP"), encoding="utf-8")
    assert main(["register", "out", "--db", str(tmp_path / "v.db"), str(f)]) == 0
    assert "66.17/2026/NQ-CP" in capsys.readouterr().out

"""Small realistic documents around the seed report 85-BC/BTGTU, for the corpus and link tests.

The plan and the dispatch are the example letters of ``examples/letters/``; the directives are made here.

The seed cites Kế hoạch 81-KH/TU (which carries out Chỉ thị 07-CT/TW and Hướng dẫn 31-HD/BTGTW),
answers Công văn 899/STTTT-TTBCBC, and cites two different Chỉ thị 11-CT/TW (khóa VIII and khóa X).
"""

from __future__ import annotations

from pathlib import Path

LETTERS = Path(__file__).resolve().parents[1] / "examples" / "letters"

KH_81 = (LETTERS / "ke-hoach-81-KH-TU.txt").read_text(encoding="utf-8")
CV_899 = (LETTERS / "cong-van-899-STTTT-TTBCBC.txt").read_text(encoding="utf-8")


def directive(number: str, day: str, month: str, year: str, subject: str) -> str:
    """A Chỉ thị of the Bộ Chính trị, dated, with its subject."""
    return f"""BAN CHẤP HÀNH TRUNG ƯƠNG                        ĐẢNG CỘNG SẢN VIỆT NAM
*
Số {number}                                   Hà Nội, ngày {day} tháng {month} năm {year}

CHỈ THỊ
CỦA BỘ CHÍNH TRỊ
{subject}
-----

Bộ Chính trị yêu cầu các cấp ủy, tổ chức đảng thực hiện tốt các nội dung sau.

Nơi nhận:
- Các tỉnh ủy, thành ủy,
- Lưu Văn phòng Trung ương Đảng.

T/M BỘ CHÍNH TRỊ

Nguyễn Văn A
"""


CT_11_VIII = directive("11-CT/TW", "28", "12", "1996", "về việc mua và đọc báo, tạp chí của Đảng")
CT_11_X = directive("11-CT/TW", "13", "4", "2007",
                    "về tăng cường sự lãnh đạo của Đảng đối với công tác khuyến học, khuyến tài, xây dựng xã hội học tập")
CT_07 = directive("07-CT/TW", "05", "9", "2016", "về đẩy mạnh công tác thông tin cơ sở trong tình hình mới")

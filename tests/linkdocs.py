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


OCR_DOC = """BỘ TÀI CHÍNH                                CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
                                              Độc lập - Tự do - Hạnh phúc
Số: 41/2026/TT-BTC                            Hà Nội, ngày 20 tháng 4 năm 2026

THÔNG TƯ
Hướng dẫn việc kê khai thuế trên thị trường tài sản mã hóa

Căn cứ Quyết định số 1234/QĐ-DHQG ngày 06/12/2016 của Giám đốc Đại học Quốc gia Hà Nội;
Căn cứ Quyết định số 1235/QĐ-ĐHOG ngày 07/12/2016 của Giám đốc Đại học Quốc gia Hà Nội;
Căn cứ Thông tư số 14/2022/TT-BLĐTBXH ngày 30 tháng 8 năm 2022 của Bộ Lao động - Thương binh và Xã hội;
Căn cứ Thông tư số 15/2022/TT-BLĐTBXH ngày 30 tháng 8 năm 2022 của Bộ trưởng Bộ Lao động - Thương binh và Xã hội;
Bộ trưởng Bộ Tài chính ban hành Thông tư này.
"""


def decision(number: str, day: str) -> str:
    """A Quyết định of Đại học Quốc gia Hà Nội numbered ``number``, signed on ``day`` December 2016."""
    return f"""ĐẠI HỌC QUỐC GIA HÀ NỘI                 CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
                                          Độc lập - Tự do - Hạnh phúc
Số: {number}                               Hà Nội, ngày {day} tháng 12 năm 2016

QUYẾT ĐỊNH
Về việc ban hành Quy chế đào tạo
"""


TT_15 = """BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI     CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
                                          Độc lập - Tự do - Hạnh phúc
Số: 15/2022/TT-BLĐTBXH                       Hà Nội, ngày 30 tháng 8 năm 2022

THÔNG TƯ
Quy định chi tiết về giáo dục nghề nghiệp
"""

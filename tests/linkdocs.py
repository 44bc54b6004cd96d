"""Small realistic documents around the seed report 85-BC/BTGTU, for the corpus and link tests.

The seed cites Kế hoạch 81-KH/TU (which carries out Chỉ thị 07-CT/TW and Hướng dẫn 31-HD/BTGTW),
answers Công văn 899/STTTT-TTBCBC, and cites two different Chỉ thị 11-CT/TW (khóa VIII and khóa X).
"""

from __future__ import annotations

KH_81 = """TỈNH ỦY BÌNH PHƯỚC                                ĐẢNG CỘNG SẢN VIỆT NAM
*
Số 81-KH/TU                                  Bình Phước, ngày 05 tháng 7 năm 2017

KẾ HOẠCH
thực hiện Chỉ thị số 07-CT/TW, ngày 05-9-2016 của Ban Bí thư về đẩy mạnh công tác thông tin cơ sở trong tình hình mới
-----

Thực hiện Chỉ thị số 07-CT/TW, ngày 05-9-2016 của Ban Bí thư (khóa XII) về đẩy mạnh công tác thông tin cơ sở trong tình hình mới và Hướng dẫn số 31-HD/BTGTW, ngày 20-4-2017 của Ban Tuyên giáo Trung ương, Ban Thường vụ Tỉnh ủy xây dựng kế hoạch thực hiện như sau:

I- MỤC ĐÍCH, YÊU CẦU

1- Quán triệt sâu sắc nội dung Chỉ thị nêu trên đến cán bộ, đảng viên và Nhân dân.

2- Các cấp ủy, tổ chức đảng xây dựng chương trình, kế hoạch cụ thể để tổ chức thực hiện Kế hoạch này.

II- TỔ CHỨC THỰC HIỆN

Ban Tuyên giáo Tỉnh ủy chủ trì, phối hợp với Sở Thông tin và Truyền thông hướng dẫn, theo dõi, kiểm tra việc thực hiện; định kỳ báo cáo Ban Thường vụ Tỉnh ủy.

Nơi nhận:
- Ban Bí thư,
- Ban Tuyên giáo Trung ương,
- Các huyện ủy, thị ủy, đảng ủy trực thuộc,
- Lưu Văn phòng Tỉnh ủy.

T/M BAN THƯỜNG VỤ
PHÓ BÍ THƯ THƯỜNG TRỰC

Nguyễn Văn Lợi
"""

CV_899 = """UBND TỈNH BÌNH PHƯỚC                     CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
SỞ THÔNG TIN VÀ TRUYỀN THÔNG                    Độc lập - Tự do - Hạnh phúc

Số: 899/STTTT-TTBCBC                      Bình Phước, ngày 10 tháng 8 năm 2021
V/v báo cáo kết quả thực hiện Quyết định số 52/2016/QĐ-TTg

Kính gửi:
- Ban Tuyên giáo Tỉnh ủy;
- Các sở, ban, ngành tỉnh;
- UBND các huyện, thị xã, thành phố.

Thực hiện Công văn số 1234/BTTTT-TTCS ngày 02/8/2021 của Bộ Thông tin và Truyền thông về việc báo cáo kết quả thực hiện Quyết định số 52/2016/QĐ-TTg ngày 06/12/2016 của Thủ tướng Chính phủ ban hành Quy chế hoạt động thông tin cơ sở, Sở Thông tin và Truyền thông đề nghị các cơ quan, đơn vị báo cáo kết quả thực hiện Quyết định số 52/2016/QĐ-TTg, gửi về Sở trước ngày 25/8/2021 để tổng hợp.

Nơi nhận:
- Như trên;
- Lưu: VT, TTBCBC.

GIÁM ĐỐC

Trần Văn Mi
"""


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

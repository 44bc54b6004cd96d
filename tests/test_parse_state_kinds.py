"""``parse_text`` on state documents whose header or subject is printed in the harder ways.

Written from NĐ 30/2020 Phụ lục I (components, the công văn's ``V/v`` subject under the number,
the type name and subject block, multi-line issuer names) and from what such documents print:

- the printed type name wins over what the symbol's code looks like (``5348/CT-CS`` of Cục Thuế is a
  công văn: no type name printed, a ``V/v`` subject; ``GIẤY PHÉP`` over its subject is a Giấy phép);
- subjects wrap over lines (``V/v`` continued below), stand in capitals under the type name, belong
  to a Giấy mời or a Tờ trình, or fill a block of capitals (a Quyết định cấp phép);
- issuer names take several lines under their parent and must neither swallow nor be swallowed by it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from vanban import parse_text

from .kinds import LAYOUTS, Spec, fields, render

MOTTO = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "---------------"]
BODY = ["Căn cứ Luật Quản lý, sử dụng vũ khí, vật liệu nổ và công cụ hỗ trợ số 14/2017/QH14 ngày 20 tháng 6 "
        "năm 2017;", "Xét đề nghị của Trưởng phòng Quản lý công nghiệp,"]
CV_BODY = ["Kính gửi: Thuế tỉnh Hưng Yên", "Cục Thuế nhận được văn bản số 2120/HYE-QLDN ngày 05/11/2025 của Thuế "
           "tỉnh Hưng Yên đề nghị hướng dẫn chính sách thuế. Về vấn đề này, Cục Thuế có ý kiến như sau:",
           "Cục Thuế thông báo để Thuế tỉnh Hưng Yên được biết./."]

CASES: dict[str, tuple[Spec, dict[str, Any]]] = {
    # 4. a code that looks like a type (CT = Chỉ thị) in a công văn with a wrapped V/v subject
    "cuc-thue-cong-van": (Spec(
        left=["BỘ TÀI CHÍNH", "CỤC THUẾ", "--------", "Số: 5348/CT-CS", "V/v chính sách thuế giá trị gia tăng",
              "đối với hoạt động chuyển nhượng dự án"],
        right=[*MOTTO, "Hà Nội, ngày 20 tháng 11 năm 2025"],
        body=CV_BODY,
        recipients=["Nơi nhận:", "- Như trên;", "- Lưu: VT, CS."],
        signature=["KT. CỤC TRƯỞNG", "PHÓ CỤC TRƯỞNG", "", "Đặng Ngọc Minh"]),
        dict(number="5348/CT-CS", type="Công văn", issuer="CỤC THUẾ", parent="BỘ TÀI CHÍNH",
             date=dt.date(2025, 11, 20),
             subject="chính sách thuế giá trị gia tăng đối với hoạt động chuyển nhượng dự án",
             position="PHÓ CỤC TRƯỞNG", signer="Đặng Ngọc Minh")),
    # 4. a narrow left column wraps the issuer's last word onto its own line ("MÔI" / "TRƯỜNG")
    "so-issuer-last-word-wrapped": (Spec(
        left=["UBND TỈNH QUẢNG NAM", "SỞ TÀI NGUYÊN VÀ MÔI", "TRƯỜNG", "--------", "Số: 1234/STNMT-VP",
              "V/v báo cáo tình hình quản lý đất đai"],
        right=[*MOTTO, "Quảng Nam, ngày 12 tháng 3 năm 2024"],
        body=["Kính gửi: Ủy ban nhân dân tỉnh Quảng Nam", "Sở Tài nguyên và Môi trường báo cáo như sau./."],
        recipients=["Nơi nhận:", "- Như trên;", "- Lưu: VT, VP."],
        signature=["GIÁM ĐỐC", "", "Trần Văn Bình"]),
        dict(number="1234/STNMT-VP", type="Công văn", issuer="SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG",
             parent="UBND TỈNH QUẢNG NAM", date=dt.date(2024, 3, 12),
             subject="báo cáo tình hình quản lý đất đai", position="GIÁM ĐỐC", signer="Trần Văn Bình")),
    # 4. + 5. the printed GIẤY PHÉP with its subject in capitals, the signer's title line after it
    "giay-phep-vlncn": (Spec(
        left=["UBND TỈNH LÀO CAI", "SỞ CÔNG THƯƠNG", "--------", "Số: 15/GP-SCT"],
        right=[*MOTTO, "Lào Cai, ngày 12 tháng 3 năm 2025"],
        heading=["GIẤY PHÉP", "SỬ DỤNG VẬT LIỆU NỔ CÔNG NGHIỆP", "", "GIÁM ĐỐC SỞ CÔNG THƯƠNG TỈNH LÀO CAI"],
        body=BODY,
        recipients=["Nơi nhận:", "- Công ty CP Khoáng sản Lào Cai;", "- Lưu: VT, QLCN."],
        signature=["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "", "Nguyễn Văn Nam"]),
        dict(number="15/GP-SCT", type="Giấy phép", issuer="SỞ CÔNG THƯƠNG", parent="UBND TỈNH LÀO CAI",
             date=dt.date(2025, 3, 12), subject="SỬ DỤNG VẬT LIỆU NỔ CÔNG NGHIỆP", position="PHÓ GIÁM ĐỐC",
             signer="Nguyễn Văn Nam")),
    # 5. a Quyết định cấp phép whose subject is a block of capitals, no blank line before the authority line
    "quyet-dinh-cap-phep": (Spec(
        left=["UBND TỈNH LÀO CAI", "SỞ CÔNG THƯƠNG", "--------", "Số: 212/QĐ-SCT"],
        right=[*MOTTO, "Lào Cai, ngày 03 tháng 4 năm 2025"],
        heading=["QUYẾT ĐỊNH", "CẤP GIẤY PHÉP HOẠT ĐỘNG ĐIỆN LỰC", "TRONG LĨNH VỰC PHÂN PHỐI VÀ BÁN LẺ ĐIỆN",
                 "CHO CÔNG TY TNHH MỘT THÀNH VIÊN ĐIỆN LỰC BẮC HÀ", "GIÁM ĐỐC SỞ CÔNG THƯƠNG"],
        body=BODY,
        recipients=["Nơi nhận:", "- Như Điều 3;", "- Lưu: VT, QLĐ."],
        signature=["GIÁM ĐỐC", "", "Lê Văn Khoa"]),
        dict(number="212/QĐ-SCT", type="Quyết định", issuer="SỞ CÔNG THƯƠNG", parent="UBND TỈNH LÀO CAI",
             date=dt.date(2025, 4, 3),
             subject="CẤP GIẤY PHÉP HOẠT ĐỘNG ĐIỆN LỰC TRONG LĨNH VỰC PHÂN PHỐI VÀ BÁN LẺ ĐIỆN CHO CÔNG TY TNHH "
                     "MỘT THÀNH VIÊN ĐIỆN LỰC BẮC HÀ", position="GIÁM ĐỐC", signer="Lê Văn Khoa")),
    # 5. Giấy mời: its subject under the type name, then the invitation
    "giay-moi": (Spec(
        left=["UBND TỈNH LÀO CAI", "SỞ CÔNG THƯƠNG", "--------", "Số: 120/GM-SCT"],
        right=[*MOTTO, "Lào Cai, ngày 08 tháng 5 năm 2025"],
        heading=["GIẤY MỜI", "Dự hội nghị triển khai công tác an toàn thực phẩm năm 2025"],
        body=["Sở Công Thương trân trọng kính mời:", "- Đại diện lãnh đạo Phòng Kinh tế các xã, phường;",
              "Thời gian: 08 giờ 00 phút, ngày 15/5/2025.", "Địa điểm: Hội trường Sở Công Thương."],
        recipients=["Nơi nhận:", "- Như thành phần mời;", "- Lưu: VT, QLTM."],
        signature=["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "", "Trần Thị Lan"]),
        dict(number="120/GM-SCT", type="Giấy mời", issuer="SỞ CÔNG THƯƠNG", parent="UBND TỈNH LÀO CAI",
             date=dt.date(2025, 5, 8), subject="Dự hội nghị triển khai công tác an toàn thực phẩm năm 2025",
             position="PHÓ GIÁM ĐỐC", signer="Trần Thị Lan")),
    # 5. Tờ trình: "Về việc" subject wrapped, Kính gửi after it
    "to-trinh": (Spec(
        left=["UBND TỈNH LÀO CAI", "SỞ TÀI CHÍNH", "--------", "Số: 45/TTr-STC"],
        right=[*MOTTO, "Lào Cai, ngày 17 tháng 6 năm 2025"],
        heading=["TỜ TRÌNH", "Về việc phê duyệt dự toán kinh phí tổ chức", "Hội chợ thương mại biên giới năm 2025"],
        body=["Kính gửi: Ủy ban nhân dân tỉnh Lào Cai.", "Căn cứ Nghị quyết số 12/2024/NQ-HĐND ngày 10/7/2024 "
              "của Hội đồng nhân dân tỉnh; Sở Tài chính kính trình như sau:"],
        recipients=["Nơi nhận:", "- Như trên;", "- Lưu: VT, HCSN."],
        signature=["GIÁM ĐỐC", "", "Phạm Minh Tuấn"]),
        dict(number="45/TTr-STC", type="Tờ trình", issuer="SỞ TÀI CHÍNH", parent="UBND TỈNH LÀO CAI",
             date=dt.date(2025, 6, 17),
             subject="Về việc phê duyệt dự toán kinh phí tổ chức Hội chợ thương mại biên giới năm 2025",
             position="GIÁM ĐỐC", signer="Phạm Minh Tuấn")),
    # 6. a body named over three lines under its ministry
    "cuc-doi-moi-sang-tao": (Spec(
        left=["BỘ CÔNG THƯƠNG", "CỤC ĐỔI MỚI SÁNG TẠO,", "CHUYỂN ĐỔI XANH VÀ", "KHUYẾN CÔNG", "--------",
              "Số: 1178/ĐMST-KC", "V/v hướng dẫn xây dựng kế hoạch khuyến công", "quốc gia năm 2026"],
        right=[*MOTTO, "", "", "Hà Nội, ngày 09 tháng 7 năm 2025"],
        body=["Kính gửi: Sở Công Thương các tỉnh, thành phố trực thuộc Trung ương", *CV_BODY[1:]],
        recipients=["Nơi nhận:", "- Như trên;", "- Lưu: VT, KC."],
        signature=["CỤC TRƯỞNG", "", "Ngô Quang Trung"]),
        dict(number="1178/ĐMST-KC", type="Công văn", issuer="CỤC ĐỔI MỚI SÁNG TẠO, CHUYỂN ĐỔI XANH VÀ KHUYẾN CÔNG",
             parent="BỘ CÔNG THƯƠNG", date=dt.date(2025, 7, 9),
             subject="hướng dẫn xây dựng kế hoạch khuyến công quốc gia năm 2026", position="CỤC TRƯỞNG",
             signer="Ngô Quang Trung")),
    # the head of government signs without authority; the last recipient (a typist's mark, no full stop)
    # is followed at once by the title and the name
    "cong-dien-thu-tuong": (Spec(
        left=["THỦ TƯỚNG CHÍNH PHỦ", "--------", "Số: 230/CĐ-TTg"],
        right=[*MOTTO, "Hà Nội, ngày 30 tháng 11 năm 2025"],
        heading=["CÔNG ĐIỆN", "Về việc tập trung khắc phục hậu quả mưa lũ tại các tỉnh miền Trung"],
        body=["Thủ tướng Chính phủ yêu cầu các Bộ trưởng, Chủ tịch Ủy ban nhân dân các tỉnh khẩn trương thực hiện."],
        recipients=["Nơi nhận:", "- Như trên;", "- Thủ tướng, các Phó Thủ tướng CP;", "- Lưu: Văn thư, NN (2) Khôi"],
        signature=["THỦ TƯỚNG", "Phạm Minh Chính"]),
        dict(number="230/CĐ-TTg", type="Công điện", issuer="THỦ TƯỚNG CHÍNH PHỦ", parent=None,
             date=dt.date(2025, 11, 30), subject="Về việc tập trung khắc phục hậu quả mưa lũ tại các tỉnh miền Trung",
             position="THỦ TƯỚNG", signer="Phạm Minh Chính")),
    # 6. "ỦY BAN NHÂN DÂN / TỈNH LÀO CAI" is one body
    "ubnd-tinh-two-lines": (Spec(
        left=["ỦY BAN NHÂN DÂN", "TỈNH LÀO CAI", "--------", "Số: 7432/UBND-XD", "V/v triển khai thực hiện quy định",
              "về quản lý vật liệu xây dựng"],
        right=[*MOTTO, "Lào Cai, ngày 30 tháng 6 năm 2025"],
        body=["Kính gửi: Các sở, ban, ngành thuộc tỉnh", "Ủy ban nhân dân tỉnh yêu cầu các cơ quan thực hiện./."],
        recipients=["Nơi nhận:", "- Như trên;", "- Lưu: VT, XD."],
        signature=["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "", "Nguyễn Thành Sinh"]),
        dict(number="7432/UBND-XD", type="Công văn", issuer="ỦY BAN NHÂN DÂN TỈNH LÀO CAI", parent=None,
             date=dt.date(2025, 6, 30), subject="triển khai thực hiện quy định về quản lý vật liệu xây dựng",
             position="PHÓ CHỦ TỊCH", signer="Nguyễn Thành Sinh")),
}



@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("case", sorted(CASES))
def test_state_document(case: str, layout: str) -> None:
    spec, want = CASES[case]
    got = fields(render(spec, layout))
    assert {k: got[k] for k in want} == want


@pytest.mark.parametrize(("issuer", "number", "reading"), [
    # the first group is the issuer's initials (Cục Thuế, Cục Hải quan): issuer and drafting unit
    (["BỘ TÀI CHÍNH", "CỤC THUẾ"], "5348/CT-CS", ("dispatch", None, "CT", "CS")),
    (["BỘ TÀI CHÍNH", "CỤC HẢI QUAN"], "2871/CHQ-GSQL", ("dispatch", None, "CHQ", "GSQL")),
    # a type code before the issuer's own code stays a type code (validators judge it)
    (["UBND TỈNH LÀO CAI", "SỞ CÔNG THƯƠNG"], "15/UQ-SCT", ("named", "UQ", "SCT", None)),
])
def test_dispatch_symbol_read_against_the_printed_issuer(issuer: list[str], number: str,
                                                        reading: tuple[str | None, ...]) -> None:
    spec = Spec(left=[*issuer, "--------", f"Số: {number}", "V/v hướng dẫn chính sách thuế"],
                right=[*MOTTO, "Hà Nội, ngày 20 tháng 11 năm 2025"], body=CV_BODY)
    doc = parse_text(render(spec, "columns"))
    assert doc.number is not None
    assert (doc.number.form, doc.number.type_code, doc.number.issuer_code, doc.number.unit_code) == reading
    assert doc.type is not None and doc.type.printed is None


@pytest.mark.parametrize(("foot", "signature"), [
    # the collective's name wrapped inside its authority line, then the deputy's authority
    (["TM. ỦY BAN NHÂN", "DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Mai", "Sơn"],
     ("KT.", "CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Mai Sơn", ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"))),
    # a name wrapped after its second word
    (["KT. BỘ TRƯỞNG", "THỨ TRƯỞNG", "Nguyễn Quỳnh", "Thiện"],
     ("KT.", "BỘ TRƯỞNG", "THỨ TRƯỞNG", "Nguyễn Quỳnh Thiện", ("KT. BỘ TRƯỞNG",))),
])
def test_signature_pieces_cut_by_narrow_cells(foot: list[str], signature: tuple[object, ...]) -> None:
    spec = Spec(left=["UBND TỈNH BẮC NINH", "SỞ TƯ PHÁP", "Số: 15/QĐ-STP"], right=[*MOTTO, "Bắc Ninh, ngày 02 tháng"
                " 12 năm 2025"], heading=["QUYẾT ĐỊNH", "Về việc công bố thủ tục hành chính"], body=BODY,
                recipients=["Nơi", "nhận:", "- Như Điều 3;", "- Lưu: VT."], signature=foot)
    doc = parse_text(render(spec, "stacked"))
    sig = doc.signature
    assert sig is not None
    assert (sig.authority, sig.authority_title, sig.position, sig.signer, sig.chain) == signature
    assert doc.recipients == ("Như Điều 3", "Lưu: VT")


def test_party_name_in_a_sentence_is_no_title() -> None:
    spec = Spec(left=["UBND TỈNH LÀO CAI", "SỞ NỘI VỤ", "Số: 12/SNV-TCBC", "V/v tuyên truyền"],
                right=[*MOTTO, "Lào Cai, ngày 10 tháng 01 năm 2025"],
                body=["Kính gửi: Các cơ quan", "Nhân dịp kỷ niệm Ngày thành lập Đảng Cộng sản Việt Nam theo Kế hoạch "
                      "số 12-KH/TU, các cơ quan thực hiện./."])
    for layout in LAYOUTS:
        doc = parse_text(render(spec, layout))
        assert (doc.system, doc.party_title) == ("state", None), layout
        assert "Đảng Cộng sản Việt Nam" in doc.body, layout
        assert [r.canonical for r in doc.references] == ["12-KH/TU"], layout

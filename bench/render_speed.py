"""Rendering speed: 1,000 one-page documents written as DOCX files (target: under 10 s).

Builds 1,000 distinct one-page documents (state công văn, state quyết định and Party báo cáo,
numbers, dates, issuers and signers varied), renders each with ``vanban.render_docx`` into a
temporary folder and prints the wall time, documents per second and the average file size.
Run: ``.venv/bin/python bench/render_speed.py [COUNT]``.
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

from vanban import Document, DocumentNumber, DocumentType, Issuer, Signature, parse_number, render_docx

BODY = (
    "Thực hiện Kế hoạch số 81/KH-UBND ngày 05/01/2026 của Ủy ban nhân dân tỉnh về chuyển đổi số, "
    "{issuer} đề nghị các cơ quan, đơn vị rà soát, cập nhật dữ liệu văn bản đi, văn bản đến trên Hệ thống "
    "quản lý văn bản và điều hành; báo cáo kết quả trước ngày {day} tháng {month} năm 2026.\n"
    "1. Rà soát hồ sơ\n"
    "a) Các đơn vị rà soát hồ sơ công việc năm 2026, hoàn thiện danh mục hồ sơ theo quy định tại "
    "Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ về công tác văn thư.\n"
    "b) Văn thư cơ quan kiểm tra thể thức văn bản trước khi phát hành.\n"
    "2. Tổ chức thực hiện\n"
    "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, đề nghị phản ánh về {issuer} để được hướng dẫn./."
)


def make(i: int) -> Document:
    """The ``i``-th benchmark document."""
    kind = i % 3
    day, month = 1 + i % 28, 1 + i % 12
    date = dt.date(2027, month, day)
    if kind == 2:
        number = parse_number(f"{i + 1:02d}-BC/BTGTU")
        return Document(
            system="party", number=number, type=DocumentType(name="Báo cáo", code="BC"),
            issuer=Issuer(name="BAN TUYÊN GIÁO", parent="TỈNH ỦY LÀO CAI", code="BTGTU"),
            place="Lào Cai", date=date, subject=f"Kết quả công tác tuyên giáo tháng {month} năm 2026",
            body=BODY.format(issuer="Ban Tuyên giáo Tỉnh ủy", day=day, month=month),
            signatures=(Signature(authority="K/T", authority_title="TRƯỞNG BAN", position="PHÓ TRƯỞNG BAN",
                                  signer="Nguyễn Văn An", chain=("K/T TRƯỞNG BAN",)),),
            recipients=("Thường trực Tỉnh ủy", "Các huyện ủy, thị ủy", "Lưu Văn phòng Ban"),
        )
    dispatch = kind == 0
    number: DocumentNumber = parse_number(f"{i + 1:02d}/SCT-VP" if dispatch else f"{i + 1:02d}/QĐ-SCT")
    return Document(
        system="state", number=number,
        type=DocumentType(name="Công văn") if dispatch else DocumentType(name="Quyết định", code="QĐ"),
        issuer=Issuer(name="SỞ CÔNG THƯƠNG", parent="UBND TỈNH LÀO CAI", code="SCT"),
        place="Lào Cai", date=date, subject=f"cập nhật dữ liệu văn bản tháng {month} năm 2026",
        addressees=("Các phòng, đơn vị thuộc Sở",) if dispatch else (),
        body=BODY.format(issuer="Sở Công Thương", day=day, month=month),
        signatures=(Signature(authority="KT.", authority_title="GIÁM ĐỐC", position="PHÓ GIÁM ĐỐC",
                              signer="Hoàng Văn Bình", chain=("KT. GIÁM ĐỐC",)),),
        recipients=("Như trên", "Ban Giám đốc Sở", "Lưu: VT, VP"),
        urgency="KHẨN" if i % 10 == 0 else None,
    )


def main(count: int = 1000) -> None:
    """Render ``count`` documents and print the figures."""
    docs = [make(i) for i in range(count)]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        render_docx(docs[0], folder / "warm.docx")
        start = time.perf_counter()
        for i, doc in enumerate(docs):
            render_docx(doc, folder / f"{i:05d}.docx")
        elapsed = time.perf_counter() - start
        size = sum(p.stat().st_size for p in folder.glob("0*.docx")) / count
    print(f"rendered {count} one-page documents in {elapsed:.2f} s "
          f"({count / elapsed:.0f} documents/s, {elapsed / count * 1000:.2f} ms each, {size / 1024:.1f} KiB each)")
    print("target: 1000 documents under 10 s:", "met" if elapsed * 1000 / count < 10 else "NOT met")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)

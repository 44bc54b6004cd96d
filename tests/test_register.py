"""The incoming and outgoing books, the ĐẾN stamp, response tracking, concurrency and crash safety."""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from docx import Document as DocxDocument
from lxml import etree

import vanban
from vanban import register as reg
from vanban.cli import main
from vanban.errors import InputError
from vanban.models import Document
from vanban.store import connect

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "bao-cao-85-BC-BTGTU.txt"

CV_899 = """\
UBND TỈNH BÌNH PHƯỚC                         CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
SỞ THÔNG TIN VÀ TRUYỀN THÔNG                        Độc lập - Tự do - Hạnh phúc

Số: 899/STTTT-TTBCBC                          Bình Phước, ngày 10 tháng 8 năm 2021
V/v báo cáo kết quả thực hiện Quyết định
số 52/2016/QĐ-TTg của Thủ tướng Chính phủ

                    Kính gửi:
                    - Ban Tuyên giáo Tỉnh ủy;
                    - Sở Văn hóa, Thể thao và Du lịch;
                    - Ủy ban nhân dân các huyện, thị xã, thành phố.

Thực hiện Quyết định số 52/2016/QĐ-TTg ngày 06/12/2016 của Thủ tướng Chính phủ ban hành Quy chế hoạt động \
thông tin cơ sở, để có cơ sở tổng hợp báo cáo Bộ Thông tin và Truyền thông, Sở Thông tin và Truyền thông đề nghị \
các cơ quan, đơn vị báo cáo kết quả thực hiện Quy chế trong giai đoạn 2017-2021, tập trung vào công tác tham mưu, \
chỉ đạo và tổ chức thực hiện; những khó khăn, vướng mắc và đề xuất, kiến nghị.

Báo cáo gửi về Sở Thông tin và Truyền thông (qua Phòng Thông tin - Báo chí - Xuất bản) trước ngày 25/8/2021 \
để tổng hợp./.

Nơi nhận:                                              KT. GIÁM ĐỐC
- Như trên;                                            PHÓ GIÁM ĐỐC
- Giám đốc Sở (b/c);
- Lưu: VT, TTBCBC.


                                                      Trần Văn Bình
"""


def cong_van(number: str, day: str, subject: str, body: str, issuer: str = "SỞ CÔNG THƯƠNG",
             parent: str = "UBND TỈNH LÀO CAI") -> str:
    """A small công văn in the two-column layout pdftotext gives."""
    return textwrap.dedent(f"""\
        {parent:<40} CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
        {issuer:<40}       Độc lập - Tự do - Hạnh phúc

        Số: {number:<34} Lào Cai, ngày {day}
        V/v {subject}

                        Kính gửi: Ủy ban nhân dân tỉnh Lào Cai.

        {body}

        Nơi nhận:                                   GIÁM ĐỐC
        - Như trên;
        - Lưu: VT.

                                                    Nguyễn Văn Hùng
        """)


@pytest.fixture()
def db(store_url: str) -> Iterator[Any]:
    """An empty store on each backend (SQLite file, PostgreSQL schema)."""
    conn = connect(store_url)
    yield conn
    conn.close()


def test_seed_registered_as_received_matches_its_stamp(db: Any) -> None:
    seed = vanban.parse_file(SEED)
    r = reg.register_incoming(db, seed, on=dt.date(2021, 9, 3))
    assert r.created and (r.entry.seq, r.entry.registered_on) == (783, dt.date(2021, 8, 20))
    rows = reg.book_rows(db, "in", 2021)
    assert len(rows) == 1
    row = rows[0]
    assert list(row) == [*reg.INCOMING_COLUMNS, "number_in"]
    assert (row["Ngày đến"], row["Số đến"], row["number_in"]) == ("20/8/2021", "783", 783)
    assert row["Số, ký hiệu văn bản"] == "85-BC/BTGTU"
    assert row["Tác giả"] == "Ban Tuyên giáo Tỉnh ủy"
    assert row["Tên loại và trích yếu nội dung văn bản"].startswith("Báo cáo. Kết quả triển khai")
    # the year's sequence continues after the stamp's number; a new year starts again at 1
    nxt = reg.register_incoming(db, vanban.parse_text(cong_van("12/SCT-CN", "20 tháng 8 năm 2021", "x", "Nội dung.")),
                                on=dt.date(2021, 8, 23))
    assert nxt.entry.seq == 784
    jan = reg.register_incoming(db, vanban.parse_text(cong_van("3/SCT-CN", "30 tháng 12 năm 2021", "y", "Nội dung.")),
                                on=dt.date(2022, 1, 1))
    assert (jan.entry.year, jan.entry.seq) == (2022, 1)


def test_stamp_number_already_used_is_refused(db: Any) -> None:
    seed = vanban.parse_file(SEED)
    other = seed.model_copy(update={"number": vanban.parse_number("86-BC/BTGTU")})
    reg.register_incoming(db, seed)
    with pytest.raises(InputError, match="783"):
        reg.register_incoming(db, other)


def test_899_is_answered_by_the_seed(db: Any) -> None:
    request = vanban.parse_text(CV_899)
    out = reg.register_outgoing(db, request, due=dt.date(2021, 8, 25))
    assert out.entry.number == "899/STTTT-TTBCBC" and out.entry.parties == (
        "Ban Tuyên giáo Tỉnh ủy", "Sở Văn hóa, Thể thao và Du lịch", "Ủy ban nhân dân các huyện, thị xã, thành phố")
    before = reg.overdue(db, dt.date(2021, 8, 26))
    assert [s.request.number for s in before] == ["899/STTTT-TTBCBC"] and len(before[0].pending) == 3
    seed = reg.register_incoming(db, vanban.parse_file(SEED), forwarded_to="Phòng Thông tin - Báo chí - Xuất bản")
    assert seed.answered == (out.entry.id,)
    st = reg.status(db, out.entry.id)
    assert [(a.reply_number, a.party, a.how, a.answered_on) for a in st.answers] == [
        ("85-BC/BTGTU", "Ban Tuyên giáo Tỉnh ủy", "reference", dt.date(2021, 8, 20))]
    assert st.pending == ("Sở Văn hóa, Thể thao và Du lịch", "Ủy ban nhân dân các huyện, thị xã, thành phố")
    assert not st.answered and st.overdue(dt.date(2021, 8, 26)) and not st.overdue(dt.date(2021, 8, 25))
    # the other bodies answer: one by a registered reply, one marked by hand
    vh = cong_van("1024/SVHTTDL-VP", "24 tháng 8 năm 2021", "báo cáo thực hiện Quyết định số 52/2016/QĐ-TTg",
                  "Phúc đáp Công văn số 899/STTTT-TTBCBC ngày 10/8/2021 của Sở Thông tin và Truyền thông, Sở Văn hóa, "
                  "Thể thao và Du lịch báo cáo như sau: đã triển khai đầy đủ.", issuer="SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH")
    reg.register_incoming(db, vanban.parse_text(vh), on=dt.date(2021, 8, 24))
    st = reg.mark_answered(db, out.entry.id, party="Ủy ban nhân dân các huyện, thị xã, thành phố",
                           on=dt.date(2021, 8, 27))
    assert st.answered and st.pending == ()
    assert reg.overdue(db, dt.date(2021, 9, 1)) == []


def test_received_request_closed_by_the_outgoing_reply(db: Any) -> None:
    ask = cong_van("1530/UBND-KT", "02 tháng 3 năm 2026", "báo cáo tình hình cung ứng điện",
                   "Ủy ban nhân dân tỉnh đề nghị Sở Công thương báo cáo tình hình cung ứng điện quý I năm 2026, "
                   "gửi trước ngày 15/3/2026.", issuer="ỦY BAN NHÂN DÂN", parent="TỈNH LÀO CAI")
    incoming = reg.register_incoming(db, vanban.parse_text(ask), on=dt.date(2026, 3, 3), forwarded_to="Phòng Quản lý điện năng",
                                     due=dt.date(2026, 3, 15), file_code="05.QLĐN")
    assert incoming.entry.seq == 1
    rows = reg.book_rows(db, "tracking", 2026, on=dt.date(2026, 3, 10))
    assert [r["Tiến độ giải quyết"] for r in rows] == ["Đang giải quyết"]
    assert reg.book_rows(db, "tracking", 2026, on=dt.date(2026, 3, 16))[0]["Tiến độ giải quyết"] == "Quá hạn"
    reply = cong_van("412/SCT-QLĐN", "12 tháng 3 năm 2026", "báo cáo tình hình cung ứng điện quý I",
                     "Trả lời Công văn số 1530/UBND-KT ngày 02/3/2026 của Ủy ban nhân dân tỉnh, Sở Công thương "
                     "báo cáo như sau: nguồn điện bảo đảm.")
    out = reg.register_outgoing(db, vanban.parse_text(reply), copies=2, kept_by="Phòng Quản lý điện năng")
    assert out.answered == (incoming.entry.id,)
    rows = reg.book_rows(db, "tracking", 2026, on=dt.date(2026, 3, 16))
    assert list(rows[0]) == list(reg.TRACKING_COLUMNS)
    assert rows[0]["Số đến"] == "1" and rows[0]["Thời hạn giải quyết"] == "15/3/2026"
    assert rows[0]["Tiến độ giải quyết"] == "Đã giải quyết (12/3/2026)"
    assert rows[0]["Số, ký hiệu văn bản trả lời"] == "412/SCT-QLĐN"
    assert rows[0]["Tên loại, số, ký hiệu, ngày, tháng và tên cơ quan, tổ chức ban hành văn bản"].startswith(
        "Công văn số 1530/UBND-KT ngày 2/3/2026 của ")
    out_row = reg.book_rows(db, "out", 2026)[0]
    assert list(out_row) == list(reg.OUTGOING_COLUMNS)
    assert (out_row["Số, ký hiệu văn bản"], out_row["Ngày tháng văn bản"], out_row["Số lượng bản"]) == (
        "412/SCT-QLĐN", "12/3/2026", "2")
    assert out_row["Người ký"] == "GIÁM ĐỐC Nguyễn Văn Hùng"
    assert reg.overdue(db, dt.date(2026, 4, 1)) == []


def test_reply_registered_before_its_request_is_linked(db: Any) -> None:
    reply = cong_van("77/SCT-VP", "5 tháng 5 năm 2026", "góp ý dự thảo",
                     "Theo đề nghị tại Công văn số 2001/UBND-TH ngày 28/4/2026 của Ủy ban nhân dân tỉnh, Sở Công "
                     "thương góp ý như sau.")
    out = reg.register_outgoing(db, vanban.parse_text(reply))
    ask = cong_van("2001/UBND-TH", "28 tháng 4 năm 2026", "góp ý dự thảo", "Đề nghị góp ý.",
                   issuer="ỦY BAN NHÂN DÂN", parent="TỈNH LÀO CAI")
    incoming = reg.register_incoming(db, vanban.parse_text(ask), on=dt.date(2026, 4, 29), due=dt.date(2026, 5, 8))
    st = reg.status(db, incoming.entry.id)
    assert [a.reply_id for a in st.answers] == [out.entry.id] and st.answered


def test_duplicates_warn_and_are_not_registered_twice(db: Any) -> None:
    seed = vanban.parse_file(SEED)
    reg.register_incoming(db, seed)
    again = reg.register_incoming(db, seed.model_copy(update={"incoming_stamp": None}), on=dt.date(2021, 8, 21))
    assert not again.created and again.entry.seq == 783
    assert again.warning is not None and "85-BC/BTGTU" in again.warning and "783" in again.warning
    forced = reg.register_incoming(db, seed.model_copy(update={"incoming_stamp": None}), on=dt.date(2021, 8, 21),
                                   allow_duplicate=True)
    assert forced.created and forced.entry.seq == 784 and forced.warning
    # same number from another issuer is not a duplicate
    other = seed.model_copy(update={"incoming_stamp": None, "issuer": seed.issuer.model_copy(  # type: ignore[union-attr]
        update={"name": "Ban Tuyên giáo Thành ủy"})})
    assert reg.register_incoming(db, other, on=dt.date(2021, 8, 22)).warning is None


def test_draft_numbers_are_issued_in_series(db: Any, samples: dict[str, dict[str, Any]]) -> None:
    item = samples["lc-sct-cv-gtyb-word"]  # an unissued Word copy: Số:   /SCT-CN
    draft = vanban.parse_text(item["text"])
    assert draft.number is not None and (draft.number.number, draft.number.canonical) == (None, "/SCT-CN")
    with pytest.raises(InputError, match="no number"):
        reg.register_outgoing(db, draft.model_copy(update={"number": None}))
    first = reg.register_outgoing(db, draft, on=dt.date(2026, 6, 4))
    second = reg.register_outgoing(db, draft.model_copy(update={"number": None}), on=dt.date(2026, 6, 5),
                                   symbol="SCT-CN")
    assert (first.entry.number, second.entry.number) == ("01/SCT-CN", "02/SCT-CN")
    assert first.entry.subject is not None and first.entry.subject.startswith("giải quyết đề nghị")
    party = vanban.parse_text(samples["hn-btctu-hd-huyhieu"]["text"])
    assert reg.register_outgoing(db, party, on=dt.date(2025, 8, 20)).entry.number == "01-HD/BTCTU"
    assert reg.issue_number(db, "QĐ-UBND", on=dt.date(2026, 6, 5)).number == "01/QĐ-UBND"
    issued = vanban.parse_text(cong_van("15/SCT-CN", "6 tháng 5 năm 2026", "z", "Nội dung."))
    reg.register_outgoing(db, issued)
    assert reg.issue_number(db, "SCT-CN", on=dt.date(2026, 5, 7)).number == "16/SCT-CN"
    assert reg.issue_number(db, "QĐ-UBND", on=dt.date(2026, 5, 7)).number == "02/QĐ-UBND"
    again = reg.register_outgoing(db, issued)
    assert not again.created and again.warning and "already in the outgoing book" in again.warning
    clash = vanban.parse_text(cong_van("16/SCT-KH", "8 tháng 5 năm 2026", "z", "Nội dung."))
    with pytest.raises(InputError, match="already used by 16/SCT-CN"):
        reg.register_outgoing(db, clash)
    with pytest.raises(InputError):
        reg.issue_number(db, "not a symbol at all")


def test_stamp_text_and_image(db: Any) -> None:
    e = reg.register_incoming(db, vanban.parse_file(SEED), forwarded_to="Phòng TTBCXB", file_code="12.TTCS").entry
    assert reg.stamp_text(e).splitlines() == [
        "SỞ THÔNG TIN VÀ TRUYỀN THÔNG", "ĐẾN  Số: 783", "     Ngày: 20/8/2021", "Chuyển: Phòng TTBCXB",
        "Số và ký hiệu HS: 12.TTCS"]
    svg = etree.fromstring(reg.stamp_svg(e).encode())
    assert (svg.get("width"), svg.get("height")) == ("50mm", "35mm")
    texts = ["".join(t.itertext()) for t in svg.iter("{http://www.w3.org/2000/svg}text")]
    assert texts == ["SỞ THÔNG TIN VÀ TRUYỀN THÔNG", "ĐẾN", "Số: 783", "Ngày: 20/8/2021", "Chuyển: Phòng TTBCXB",
                     "Số và ký hiệu HS: 12.TTCS"]


def _png_pixels(data: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and rows of an 8-bit palette PNG (the only kind the stamp writes)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, chunks = 8, {}
    while pos < len(data):
        size = int.from_bytes(data[pos:pos + 4], "big")
        kind = data[pos + 4:pos + 8]
        body = data[pos + 8:pos + 8 + size]
        assert zlib.crc32(kind + body) == int.from_bytes(data[pos + 8 + size:pos + 12 + size], "big")
        chunks[kind] = chunks.get(kind, b"") + body
        pos += 12 + size
    width, height = int.from_bytes(chunks[b"IHDR"][:4], "big"), int.from_bytes(chunks[b"IHDR"][4:8], "big")
    assert chunks[b"IHDR"][8:10] == b"\x08\x03" and chunks[b"tRNS"] == b"\x00\xff"
    raw = zlib.decompress(chunks[b"IDAT"])
    rows = [raw[i * (width + 1) + 1:(i + 1) * (width + 1)] for i in range(height)]
    assert all(raw[i * (width + 1)] == 0 for i in range(height))
    return width, height, rows


def test_stamp_png(db: Any) -> None:
    seed = vanban.parse_file(SEED)
    e = reg.register_incoming(db, seed, forwarded_to="Phòng Thông tin - Báo chí - Xuất bản").entry
    width, height, rows = _png_pixels(reg.stamp_png(e))
    assert (width, height) == (400, 280)
    ink = sum(sum(r) for r in rows)
    assert 3000 < ink < 30000
    # another Số đến changes only the band of the "Số:" line, right of the big ĐẾN
    other = e.model_copy(update={"seq": 784})
    _, _, rows2 = _png_pixels(reg.stamp_png(other))
    changed = [(y, x) for y in range(height) for x in range(width) if rows[y][x] != rows2[y][x]]
    assert changed and all(50 <= y < 80 and x >= 100 for y, x in changed)


def test_csv_and_landscape_docx(db: Any) -> None:
    reg.register_incoming(db, vanban.parse_file(SEED))
    rows = reg.book_rows(db, "in", 2021)
    table = list(csv.reader(io.StringIO(reg.book_csv("in", rows))))
    assert table[0] == list(reg.INCOMING_COLUMNS) and table[1][:4] == ["20/8/2021", "783", "Ban Tuyên giáo Tỉnh ủy",
                                                                        "85-BC/BTGTU"]
    docx = DocxDocument(io.BytesIO(reg.book_docx("in", rows, year=2021, organisation="Sở Thông tin và Truyền thông")))
    section = docx.sections[0]
    assert section.page_width > section.page_height and section.orientation == 1
    grid = docx.tables[0]
    assert [c.text for c in grid.rows[0].cells] == list(reg.INCOMING_COLUMNS)
    assert [c.text for c in grid.rows[1].cells] == [f"({i})" for i in range(1, 11)]
    assert grid.rows[2].cells[1].text == "783"
    assert [p.text for p in docx.paragraphs[:3]] == ["SỞ THÔNG TIN VÀ TRUYỀN THÔNG", "SỔ ĐĂNG KÝ VĂN BẢN ĐẾN", "Năm 2021"]


def test_real_documents_get_consecutive_numbers(db: Any, admin: list[dict[str, Any]]) -> None:
    numbers = []
    for item in admin:
        doc = vanban.parse_text(item["text"], source=item["id"])
        r = reg.register_incoming(db, doc, on=dt.date(2026, 7, 25))
        if r.created:
            numbers.append(r.entry.seq)
    assert len(numbers) >= 10 and numbers == list(range(1, len(numbers) + 1))


WRITER = textwrap.dedent("""\
    import datetime as dt, pathlib, sys, time
    import vanban
    from vanban import register as reg
    from vanban.store import connect
    db, tag, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    conn = connect(db)
    template = open(sys.argv[4], encoding="utf-8").read()
    go = pathlib.Path(db + ".go")
    while not go.exists():
        time.sleep(0.005)
    for i in range(count):
        doc = vanban.parse_text(template.replace("{N}", str(i + 1)).replace("{TAG}", tag))
        r = reg.register_incoming(conn, doc, on=dt.date(2026, 8, 1))
        assert r.created, r.warning
        print(r.entry.seq, flush=True)
    """)

TEMPLATE = cong_van("{N}/{TAG}-VP", "30 tháng 7 năm 2026", "báo cáo định kỳ", "Báo cáo số liệu tháng 7.",
                    issuer="SỞ {TAG}")


def _writer(tmp_path: Path, db: Path, tag: str, count: int) -> subprocess.Popen[str]:
    script = tmp_path / "writer.py"
    script.write_text(WRITER, encoding="utf-8")
    template = tmp_path / "template.txt"
    template.write_text(TEMPLATE, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, str(script), str(db), tag, str(count), str(template)],
                            stdout=subprocess.PIPE, text=True, env=env)


def _runs(numbers: list[int]) -> int:
    return 1 + sum(1 for a, b in itertools.pairwise(numbers) if b != a + 1)


def test_two_processes_give_consecutive_numbers(tmp_path: Path) -> None:
    path = tmp_path / "shared.db"
    connect(path).close()
    procs = [_writer(tmp_path, path, tag, 500) for tag in ("TC", "NV")]
    Path(f"{path}.go").touch()
    outs = [p.communicate(timeout=300)[0] for p in procs]
    assert [p.returncode for p in procs] == [0, 0]
    each = [[int(x) for x in out.split()] for out in outs]
    assert [len(e) for e in each] == [500, 500] and all(e == sorted(e) for e in each)
    seen = sorted(each[0] + each[1])
    assert seen == list(range(1, 1001))
    print("interleaving: process A took", _runs(each[0]), "runs of consecutive numbers")
    rows = reg.book_rows(connect(path), "in", 2026)
    assert sorted(r["number_in"] for r in rows) == list(range(1, 1001))
    assert len({r["Số, ký hiệu văn bản"] for r in rows}) == 1000


def test_killed_writer_loses_nothing_committed(tmp_path: Path) -> None:
    path = tmp_path / "crash.db"
    connect(path).close()
    proc = _writer(tmp_path, path, "XD", 100000)
    Path(f"{path}.go").touch()
    assert proc.stdout is not None
    committed = []
    deadline = time.monotonic() + 60
    while len(committed) < 200 and time.monotonic() < deadline:
        committed.append(int(proc.stdout.readline()))
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    conn = connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    stored = [r[0] for r in conn.execute("SELECT seq FROM register_entry WHERE book='in' ORDER BY seq")]
    assert set(committed) <= set(stored)
    assert stored == list(range(1, len(stored) + 1))
    # the book goes on where it stopped
    nxt = reg.register_incoming(conn, vanban.parse_text(TEMPLATE.replace("{N}", "1").replace("{TAG}", "KH")),
                                on=dt.date(2026, 8, 2))
    assert nxt.entry.seq == len(stored) + 1


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "so.db")
    cv = tmp_path / "899.txt"
    cv.write_text(CV_899, encoding="utf-8")
    code, out, _ = run(["register", "out", "--db", db, str(cv), "--due", "2021-08-25", "--json"], capsys)
    assert code == 0 and json.loads(out)["number"] == "899/STTTT-TTBCBC"
    code, out, _ = run(["register", "in", "--db", db, str(SEED), "--date", "2021-08-21"], capsys)
    assert code == 0 and out.startswith("Số đến 783 (20/8/2021): 85-BC/BTGTU")
    code, out, err = run(["register", "in", "--db", db, str(SEED)], capsys)
    assert code == 0 and out == "" and "already in the incoming book" in err
    code, out, _ = run(["register", "list", "--db", db, "--book", "in", "--year", "2021", "--format", "json"], capsys)
    rows = json.loads(out)
    assert [(r["number_in"], r["Ngày đến"]) for r in rows] == [(783, "20/8/2021")]
    schema = json.loads((ROOT / "schemas" / "register-incoming-row.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(rows[0], schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({k: v for k, v in rows[0].items() if k != "Số đến"}, schema)
    code, out, _ = run(["register", "list", "--db", db, "--book", "out", "--format", "csv"], capsys)
    assert out.splitlines()[0].startswith("\"Số, ký hiệu văn bản\",Ngày tháng văn bản")
    docx = tmp_path / "so-di.docx"
    assert run(["register", "list", "--db", db, "--book", "out", "--format", "docx", "-o", str(docx)], capsys)[0] == 0
    assert DocxDocument(str(docx)).tables[0].rows[2].cells[0].text == "899/STTTT-TTBCBC"
    code, out, _ = run(["register", "status", "--db", db, "out", "899/STTTT-TTBCBC", "--year", "2021"], capsys)
    st = json.loads(out)
    assert [a["reply_number"] for a in st["answers"]] == ["85-BC/BTGTU"] and len(st["pending"]) == 2
    code, out, _ = run(["register", "overdue", "--db", db, "--date", "2021-09-01"], capsys)
    assert out.startswith("Văn bản đi 899/STTTT-TTBCBC hạn 25/8/2021; chưa trả lời: Sở Văn hóa")
    for body in ("Sở Văn hóa, Thể thao và Du lịch", "Ủy ban nhân dân các huyện, thị xã, thành phố"):
        assert run(["register", "answer", "--db", db, "out", "899/STTTT-TTBCBC", "--year", "2021",
                    "--party", body, "--date", "2021-08-30"], capsys)[0] == 0
    assert run(["register", "overdue", "--db", db, "--date", "2021-09-01"], capsys)[1] == ""
    code, out, _ = run(["register", "stamp", "--db", db, "--year", "2021", "--number", "783"], capsys)
    assert out.splitlines()[1] == "ĐẾN  Số: 783"
    code, out, _ = run(["register", "out", "--db", db, "--issue", "QĐ-STTTT", "--date", "2021-09-01"], capsys)
    assert "01/QĐ-STTTT" in out


@pytest.mark.parametrize(("argv", "message"), [
    (["register", "stamp", "--year", "2021", "--number", "9"], "no entry 9"),
    (["register", "in", "missing.txt"], "missing.txt"),
    (["register", "list", "--book", "in", "--format", "docx"], "needs -o"),
    (["register", "out"], "give the files"),
    (["register", "answer", "out", "899/STTTT-TTBCBC", "--year", "2021", "--by", "x"], "no entry"),
])
def test_cli_errors_are_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str],
                                 message: str) -> None:
    code, _, err = run([*argv[:2], "--db", str(tmp_path / "e.db"), *argv[2:]], capsys)
    assert code == 2 and message in err and err.count("\n") == 1


def test_not_a_database_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    code, _, err = run(["register", "in", "--db", str(bad), str(SEED)], capsys)
    assert code == 2 and "not a vanban database" in err
    assert isinstance(Document(), Document)


POOL_WRITER = textwrap.dedent("""\
    import datetime as dt, pathlib, sys, time
    import vanban
    from vanban import register as reg
    from vanban.register import book
    from vanban.store import connect
    url, tag, first, last, hold_at, go = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
    template = open(sys.argv[7], encoding="utf-8").read()
    conn = connect(url)
    real = book.link_responses

    def held(c, entry_id):  # inside the registration's transaction, after its row is written
        if n == hold_at:
            print("HOLD", flush=True)
            time.sleep(3600)
        return real(c, entry_id)

    book.link_responses = held
    while not pathlib.Path(go).exists():
        time.sleep(0.005)
    for n in range(first, last + 1):
        doc = vanban.parse_text(template.replace("{N}", str(n)).replace("{TAG}", tag))
        r = reg.register_incoming(conn, doc, on=dt.date(2026, 8, 1))
        assert r.created, r.warning
        print(r.entry.seq, flush=True)
    """)


def test_four_writers_one_killed_mid_registration_leave_no_gap(tmp_path: Path, store_url: str) -> None:
    """4 processes x 250 registrations give Số đến 1..1000 exactly, though one is killed holding a registration.

    Writer A stops inside its 101st registration (row written, not committed) and is killed there;
    a fresh writer then registers A's documents 101..250, so the book must hold exactly 1000 entries.
    """
    connect(store_url).close()
    script = tmp_path / "pool_writer.py"
    script.write_text(POOL_WRITER, encoding="utf-8")
    template = tmp_path / "template.txt"
    template.write_text(TEMPLATE, encoding="utf-8")
    go = tmp_path / "go"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}

    def writer(tag: str, first: int, last: int, hold_at: int = -1) -> subprocess.Popen[str]:
        return subprocess.Popen([sys.executable, str(script), store_url, tag, str(first), str(last), str(hold_at),
                                 str(go), str(template)], stdout=subprocess.PIPE, text=True, env=env)

    killed = writer("KA", 1, 250, hold_at=101)
    others = [writer(tag, 1, 250) for tag in ("KB", "KC", "KD")]
    go.touch()
    assert killed.stdout is not None
    seen_a = []
    for line in killed.stdout:
        if line.strip() == "HOLD":
            break
        seen_a.append(int(line))
    assert len(seen_a) == 100
    time.sleep(0.3)  # the others queue on the held counter row (PostgreSQL) or write lock (SQLite)
    os.kill(killed.pid, signal.SIGKILL)
    killed.wait()
    resumed = writer("KA", 101, 250)
    outs = [p.communicate(timeout=600)[0] for p in [*others, resumed]]
    assert [p.returncode for p in [*others, resumed]] == [0, 0, 0, 0]
    numbers = sorted(seen_a + [int(x) for out in outs for x in out.split()])
    assert numbers == list(range(1, 1001))
    conn = connect(store_url)
    stored = [r[0] for r in conn.execute("SELECT seq FROM register_entry WHERE book='in' AND year=2026 ORDER BY seq")]
    assert stored == list(range(1, 1001))
    per_writer = {tag: conn.execute("SELECT COUNT(*) FROM register_entry WHERE number LIKE ?",
                                    (f"%/{tag}-VP",)).fetchone()[0] for tag in ("KA", "KB", "KC", "KD")}
    assert per_writer == {"KA": 250, "KB": 250, "KC": 250, "KD": 250}
    assert conn.execute("SELECT last FROM register_counter WHERE book='in' AND year=2026").fetchone()[0] == 1000
    conn.close()

"""Speed of the registers and of edXML: registrations per second, one and several writers at once.

    python bench/register.py [--count N] [--writers W]

Prints the time of N incoming registrations in one process (each its own transaction on a WAL
file), then W processes registering N each at the same time, and checks the Số đến came out as
1..W*N with no gap or duplicate; then the time of writing and reading back the seed as edXML.
"""

from __future__ import annotations

import argparse
import datetime as dt
import multiprocessing as mp
import sys
import tempfile
import time
from pathlib import Path

import vanban
from vanban import register as reg
from vanban.store import connect

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "bao-cao-85-BC-BTGTU.txt"
TEMPLATE = """\
UBND TỈNH LÀO CAI                        CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
SỞ {TAG}                                  Độc lập - Tự do - Hạnh phúc

Số: {N}/S{TAG}-VP                        Lào Cai, ngày 30 tháng 7 năm 2026
V/v báo cáo định kỳ tháng 7

Kính gửi: Ủy ban nhân dân tỉnh Lào Cai.

Báo cáo số liệu tháng 7 năm 2026.

Nơi nhận:                                   GIÁM ĐỐC
- Như trên;
- Lưu: VT.
                                            Nguyễn Văn Hùng
"""


def writer(db: str, tag: str, count: int, out: list[int] | None = None) -> list[int]:
    """Register ``count`` documents of the issuer ``tag``; returns the Số đến given."""
    conn = connect(db)
    got = []
    for i in range(count):
        doc = vanban.parse_text(TEMPLATE.replace("{N}", str(i + 1)).replace("{TAG}", tag))
        got.append(reg.register_incoming(conn, doc, on=dt.date(2026, 8, 1)).entry.seq)
    return got


def _worker(args: tuple[str, str, int]) -> list[int]:
    return writer(*args)


def main() -> int:
    """Run the measurements and print them."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--writers", type=int, default=2)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "one.db")
        t = time.perf_counter()
        writer(db, "TC", a.count)
        s = time.perf_counter() - t
        print(f"one writer: {a.count} registrations in {s:.2f} s ({a.count / s:.0f}/s, parse included)")
        db = str(Path(tmp) / "many.db")
        connect(db).close()
        t = time.perf_counter()
        with mp.Pool(a.writers) as pool:
            results = pool.map(_worker, [(db, f"T{i}", a.count) for i in range(a.writers)])
        s = time.perf_counter() - t
        numbers = sorted(n for r in results for n in r)
        ok = numbers == list(range(1, a.writers * a.count + 1))
        print(f"{a.writers} writers: {len(numbers)} registrations in {s:.2f} s ({len(numbers) / s:.0f}/s); "
              f"numbers 1..{len(numbers)} without gap or duplicate: {ok}")
    doc = vanban.parse_file(SEED)
    t = time.perf_counter()
    for _ in range(100):
        data = vanban.to_edxml(doc)
    w = (time.perf_counter() - t) / 100
    t = time.perf_counter()
    for _ in range(100):
        vanban.read_edxml(data)
    r = (time.perf_counter() - t) / 100
    print(f"edXML of the seed ({len(data)} bytes): write {w * 1000:.2f} ms, read {r * 1000:.2f} ms")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

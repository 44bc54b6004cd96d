"""Hypothesis strategies that damage real documents the way copying, OCR and flattening do.

Shared by ``tests/test_fuzz_properties.py`` (the ``ci`` profile, run by ``make test``) and
``bench/fuzz.py`` (the ``bench`` profile, 100,000 examples and more). The documents are the seed,
small fixtures of this module and, when a shared corpus exists, its administrative and Party texts
and the first gazette documents.
"""

from __future__ import annotations

import json
import os
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from vanban.models import Span

ROOT = Path(__file__).resolve().parents[1]

settings.register_profile(
    "ci", max_examples=100, deadline=None, derandomize=True, database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "bench", max_examples=25_000, deadline=None, database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Fragments of headers and footers in the three systems, as printed and as flattened.
FRAGMENTS = (
    "UBND TỈNH LÀO CAI", "SỞ NỘI VỤ", "ỦY BAN NHÂN DÂN", "TỈNH ỦY LÀO CAI", "BAN TUYÊN GIÁO", "*",
    "ĐẢNG CỘNG SẢN VIỆT NAM", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
    "Số: 15/QĐ-UBND", "Số 85-BC/BTGTU", "Số: 52/2016/QĐ-TTg", "Số:    /QĐ-UBND", "Số: 899/STTTT-TTBCBC",
    "Luật số: 80/2015/QH13", "QCVN 01:2019/BCT", "Số: 244/HĐNT/A2/2026", "Số: 66.17/2026/NQ-CP",
    "Lào Cai, ngày 20 tháng 8 năm 2021", "Hà Nội, ngày   tháng   năm 2026", "ngày 05-7-2017",
    "QUYẾT ĐỊNH", "BÁO CÁO", "TỜ TRÌNH", "CÔNG VĂN", "NGHỊ QUYẾT", "KẾ HOẠCH", "THÔNG BÁO",
    "V/v báo cáo kết quả thực hiện", "Về việc phê duyệt kế hoạch", "Kính gửi: Ủy ban nhân dân tỉnh",
    "Nơi nhận:", "- Như trên;", "- Lưu: VT, VP.", "T/M BAN THƯỜNG VỤ", "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC",
    "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "(Đã ký)", "Nguyễn Văn A", "ĐẾN Số: 783 Ngày: 20/8/21",
    "Chuyển:", "Số và ký hiệu HS:", "¹ Chính thức đi vào hoạt động từ 13h.", "Điều 1.", "Chương I",
    "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ;", "| |", "|  |  |", "**QUYẾT ĐỊNH**",
    "| Số: 1/QĐ-UBND | Hà Nội, ngày 1 tháng 1 năm 2026 |", "|---|---|", "# BÁO CÁO", "CÔNG BÁO/Số 5/Ngày 1-1-2026",
    "Người ký: Sở Nội vụ", "Thời gian ký: 01.01.2026 08:00:00 +07:00", "- 2 -", "Trang 3/7", "______",
)

TO_TRINH = """\
UBND TỈNH LÀO CAI | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
SỞ NỘI VỤ | Độc lập - Tự do - Hạnh phúc
|  |
Số: 112/TTr-SNV | Lào Cai, ngày 14 tháng 3 năm 2025
|  |
TỜ TRÌNH
Về việc phê duyệt kế hoạch tuyển dụng công chức năm 2025
Kính gửi: Ủy ban nhân dân tỉnh Lào Cai.

Căn cứ Nghị định số 138/2020/NĐ-CP ngày 27/11/2020 của Chính phủ; Sở Nội vụ kính trình.

| Nơi nhận: | GIÁM ĐỐC |
| - Như trên; |  |
| - Lưu: VT. | Nguyễn Văn A |
"""
"""A Word-exported Tờ trình whose header table was flattened to text (a crash before issue 10)."""


def shared_dir() -> Path:
    """The shared folder with the dev corpora (``$VANBAN_SHARED`` or ``../shared``)."""
    env = os.environ.get("VANBAN_SHARED")
    return Path(env) if env else ROOT.parent / "shared"


@lru_cache(maxsize=1)
def documents() -> tuple[str, ...]:
    """Real document texts: the seed, the flattened Tờ trình and, when present, the dev corpora."""
    docs = [(ROOT / "examples" / "bao-cao-85-BC-BTGTU.txt").read_text(encoding="utf-8"), TO_TRINH]
    corpus = shared_dir() / "corpus"
    for name, limit in (("admin/dev.jsonl", 40), ("dev.jsonl", 12)):
        path = corpus / name
        if not path.is_file():
            continue
        with path.open(encoding="utf-8") as f:
            for line in f:
                if len(docs) >= limit + 2 or not line.strip():
                    break
                text = json.loads(line).get("text")
                if isinstance(text, str) and text.strip():
                    docs.append(text[:60_000])
    return tuple(docs)


CONTROL = st.sampled_from(["\x00", "\x01", "\x07", "\x0b", "\x0c", "\x1b", "\x7f", "\u200b", "\ufeff", "\ufffe",
                           "\uffff", "\u2028", "\r", "\t", "\u0301", "\u0323"])
INSERTS = st.one_of(st.sampled_from(["|", " | ", "**", "** ", "|  |", "\n|\n", "\n", "#", "> ", "* ", "***"]), CONTROL)


@st.composite
def excerpt(draw: st.DrawFn) -> str:
    """A window of consecutive lines (often the head or the tail) of one real document."""
    text = draw(st.sampled_from(documents()))
    lines = text.split("\n")
    size = draw(st.integers(1, 60))
    where = draw(st.sampled_from(["head", "tail", "any"]))
    if where == "head":
        start = 0
    elif where == "tail":
        start = max(0, len(lines) - size)
    else:
        start = draw(st.integers(0, max(0, len(lines) - 1)))
    return "\n".join(lines[start:start + size])


@st.composite
def mutated(draw: st.DrawFn) -> str:
    """A real document (or a window of one) damaged by a few random edits."""
    text = draw(st.one_of(excerpt(), st.sampled_from(documents()[:2])))
    lines = text.split("\n")
    for _ in range(draw(st.integers(0, 6))):
        op = draw(st.sampled_from(["delete", "duplicate", "shuffle", "insert", "fragment", "long", "split"]))
        i = draw(st.integers(0, max(0, len(lines) - 1)))
        if not lines:
            lines = [""]
        if op == "delete" and len(lines) > 1:
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "shuffle":
            j = draw(st.integers(i, min(len(lines), i + 12)))
            part = lines[i:j]
            lines[i:j] = draw(st.permutations(part)) if part else part
        elif op == "insert":
            line = lines[i]
            at = draw(st.integers(0, len(line)))
            lines[i] = line[:at] + draw(INSERTS) + line[at:]
        elif op == "fragment":
            lines.insert(i, draw(st.sampled_from(FRAGMENTS)))
        elif op == "long":
            lines[i] = (lines[i][:200] or "Số: 1/QĐ-UBND ") * draw(st.integers(20, 400))
        else:
            lines[i:i + 1] = list(lines[i]) if len(lines[i]) < 200 else [lines[i]]
    out = "\n".join(lines)
    if draw(st.booleans()):
        out = out[:draw(st.integers(0, len(out)))]  # truncated anywhere
    if draw(st.integers(0, 4)) == 0:
        out = unicodedata.normalize("NFD", out)
    return out


@st.composite
def fragment_mix(draw: st.DrawFn) -> str:
    """Header and footer fragments in random order, columns and Markdown wrapping."""
    parts = draw(st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=25))
    out: list[str] = []
    for p in parts:
        style = draw(st.integers(0, 5))
        if style == 1 and out:
            out[-1] += " " * draw(st.integers(1, 30)) + p  # two columns side by side
        elif style == 2:
            out.append(f"| {p} |")
        elif style == 3:
            out.append(f"**{p}**")
        elif style == 4:
            out.append("")
            out.append(p)
        else:
            out.append(p)
    return "\n".join(out)


@st.composite
def file_bytes(draw: st.DrawFn) -> bytes:
    """Bytes a file could hold: a damaged document in some encoding, with bytes flipped or cut."""
    text = draw(st.one_of(mutated(), fragment_mix()))
    enc = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1258", "latin-1"]))
    data = bytearray(text.encode(enc, errors="replace"))
    prefix = draw(st.sampled_from([b"", b"", b"{", b"[", b"PK\x03\x04", b"%PDF-1.4\n", b"<?xml version='1.0'?>",
                                   b"{\\rtf1 ", b"\xd0\xcf\x11\xe0", b"[OCR] "]))
    data[:0] = prefix
    for _ in range(draw(st.integers(0, 3))):
        if data:
            i = draw(st.integers(0, len(data) - 1))
            data[i] = draw(st.integers(0, 255))
    return bytes(data)


def _held(obj: Any, kind: type[Any]) -> list[Any]:
    """Every value of type ``kind`` held anywhere in a model (fields, lists, tuples, dicts)."""
    found: list[Any] = []
    stack = [obj]
    while stack:
        o = stack.pop()
        if isinstance(o, kind):
            found.append(o)
        elif isinstance(o, BaseModel):
            stack.extend(getattr(o, name) for name in type(o).model_fields)
        elif isinstance(o, (list, tuple)):
            stack.extend(o)
        elif isinstance(o, dict):
            stack.extend(o.values())
    return found


def spans(obj: Any) -> list[Span]:
    """Every character span held anywhere in a model."""
    return _held(obj, Span)


def strings(obj: Any) -> list[str]:
    """Every string held anywhere in a model."""
    return _held(obj, str)

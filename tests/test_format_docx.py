"""``vanban.format_docx`` / ``vanban format``: re-typeset a document, keep its content, report the changes."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree

from vanban import Signature, format_docx, parse_file, validate
from vanban.render import FormatReport

from .conftest import ROOT, SAMPLES, SEED, shared_dir
from .messydocx import DATA_TABLE, OTHER_ISSUER, VARIANTS, words, words_of_docx, write_variant

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def messy_docx(path: Path) -> None:
    """A công văn typed without care: Arial 12, no header table, narrow margins, unpadded date."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    d = docx.Document()
    sec = d.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.left_margin = sec.right_margin = sec.top_margin = sec.bottom_margin = Mm(12)
    lines = [
        "UBND TỈNH LÀO CAI", "SỞ CÔNG THƯƠNG", "Số: 5/SCT-VP", "V/v rà soát hồ sơ lưu trữ năm 2025",
        "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Lào Cai, ngày 5 tháng 3 năm 2026",
        "Kính gửi: Các phòng, đơn vị thuộc Sở",
        "Thực hiện Kế hoạch số 81/KH-UBND ngày 05/01/2026 của Ủy ban nhân dân tỉnh Lào Cai về chuyển đổi số, "
        "Sở Công Thương đề nghị các phòng, đơn vị rà soát hồ sơ lưu trữ năm 2025 và báo cáo kết quả.",
        "Báo cáo gửi về Văn phòng Sở trước ngày 20/3/2026 để tổng hợp, báo cáo Ủy ban nhân dân tỉnh./.",
        "Nơi nhận:", "- Như trên;", "- Ban Giám đốc Sở;", "- Lưu: VT, VP.",
        "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Hoàng Văn Thuân",
    ]
    for text in lines:
        p = d.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.LEFT
        r = p.add_run(text)
        r.font.name, r.font.size = "Arial", Pt(12)
    d.save(str(path))


def unspanned(sigs: tuple[Signature, ...]) -> list[Signature]:
    return [s.model_copy(update={"span": None}) for s in sigs]


def fonts_of(path: Path) -> set[str]:
    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    return {f.get(f"{W}{slot}") or "" for f in root.iter(f"{W}rFonts") for slot in ("ascii", "hAnsi", "eastAsia", "cs")}


def test_messy_docx_is_retypeset(tmp_path: Path) -> None:
    src, out = tmp_path / "messy.docx", tmp_path / "clean.docx"
    messy_docx(src)
    before = parse_file(src)
    report = format_docx(parse_file(src), out)
    changes = {c.component: (c.was, c.now) for c in report.changes}
    assert report.layout == "state"
    assert changes["margin left_mm"] == ("12", "30") and changes["margin right_mm"] == ("12", "15")
    assert changes["font"] == ("Arial (17 paragraphs)", "Times New Roman")
    assert changes["body"] == ("size 12 pt", "size 14 pt")
    assert changes["body alignment"] == ("not justified", "justified")
    assert changes["place_date"] == ("Lào Cai, ngày 5 tháng 3 năm 2026", "Lào Cai, ngày 05 tháng 3 năm 2026")
    assert changes["national_title"] == ("CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    assert changes["header"] == ("not in a table", "two-column header table")
    after = parse_file(out)
    assert after.date == before.date == dt.date(2026, 3, 5)
    for field in ("subject", "addressees", "recipients"):
        assert getattr(after, field) == getattr(before, field), field
    assert unspanned(after.signatures) == unspanned(before.signatures)
    assert changes["number"] == ("Số: 5/SCT-VP", "Số: 05/SCT-VP")  # NĐ 30 pads numbers under 10
    assert after.number is not None and after.number.canonical == "05/SCT-VP"
    assert before.number is not None and after.number.identity == before.number.identity
    assert fonts_of(out) == {"Times New Roman"}
    layout_rules = {f.rule for f in validate(before).findings if f.rule.startswith("VB8")}
    assert {"VB801", "VB802"} <= layout_rules  # the input breaks the font and margin rules ...
    assert [f.rule for f in validate(after).findings if f.rule.startswith("VB8")] == []  # ... the output none
    assert after.page is not None and (after.page.left_mm, after.page.right_mm) == (30, 15)


def test_real_word_copy_keeps_allowed_values(tmp_path: Path) -> None:
    src = SAMPLES / "lc-sct-cv-gtyb-word.docx"
    out = tmp_path / "gtyb.docx"
    report = format_docx(parse_file(src), out)
    changes = {c.component: (c.was, c.now) for c in report.changes}
    assert changes["margin bottom_mm"] == ("14", "20")  # below the 20-25 mm range
    assert "margin right_mm" not in changes  # 20 mm is allowed: kept
    assert changes["number"] == ("size 14 pt", "size 13 pt")
    before, after = parse_file(src), parse_file(out)
    assert after.page is not None and after.page.right_mm == 20 and after.page.bottom_mm == 20
    for field in ("subject", "addressees", "recipients", "place", "date_text"):
        assert getattr(after, field) == getattr(before, field), field
    assert unspanned(after.signatures) == unspanned(before.signatures)
    assert after.number is not None and before.number is not None
    assert after.number.canonical == before.number.canonical
    assert [r.canonical for r in after.references] == [r.canonical for r in before.references]


def test_seed_text_report(tmp_path: Path) -> None:
    report = format_docx(parse_file(SEED), tmp_path / "seed.docx")
    changes = {c.component: (c.was, c.now) for c in report.changes}
    assert report.layout == "party"
    assert changes["party_title"] == (None, "ĐẢNG CỘNG SẢN VIỆT NAM")
    assert changes["place_date"] == (None, "……, ngày      tháng      năm")  # a form to fill in by hand
    was, now = changes["incoming_stamp"]
    assert was is not None and "783" in was and now is None  # a receiving office's stamp is not re-typeset


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "vanban", *args], capture_output=True, text=True, timeout=120,
                          encoding="utf-8")


def test_cli_format_text_and_json(tmp_path: Path) -> None:
    import jsonschema

    src = tmp_path / "messy.docx"
    messy_docx(src)
    r = cli("format", str(src), "-o", str(tmp_path / "a.docx"))
    assert r.returncode == 0, r.stderr
    assert "state layout" in r.stdout and "  font: Arial (17 paragraphs) -> Times New Roman" in r.stdout
    r = cli("format", str(src), "-o", str(tmp_path / "b.docx"), "--json", "--margin", "left_mm=35")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    schema = json.loads((ROOT / "schemas" / "format-report.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    report = FormatReport.model_validate(data)
    assert report.output.endswith("b.docx")
    assert parse_file(tmp_path / "b.docx").page.left_mm == 35  # type: ignore[union-attr]


@pytest.mark.parametrize(("content", "message"), [(b"\x00\x01binary" * 20, "binary"), (b"PK\x03\x04broken", "")])
def test_cli_format_bad_input(tmp_path: Path, content: bytes, message: str) -> None:
    src = tmp_path / "in.docx"
    src.write_bytes(content)
    r = cli("format", str(src), "-o", str(tmp_path / "out.docx"))
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1 and message in r.stderr
    assert not (tmp_path / "out.docx").exists()


# -- nothing lost: every word of the input is in the output ---------------------------------------------

EXCUSED = {"number", "place_date", "national_title", "motto", "party_title", "incoming_stamp", "digital_signature"}
"""Report entries whose words are changed on purpose (``5`` -> ``05``, ``HOÀ`` -> ``HÒA``, a stamp left out)."""


def lost_words(src: Path, out: Path, report: FormatReport) -> dict[str, int]:
    """Words of ``src`` missing from ``out`` that no content change of the report accounts for."""
    before, after = words_of_docx(src), words_of_docx(out)
    excused: Counter[str] = Counter()
    for c in report.changes:
        if c.component in EXCUSED:
            excused += words(c.was or "")
    return {w: n - after[w] for w, n in before.items() if after[w] + excused[w] < n}


def corpus_docx() -> list[Path]:
    """The real DOCX files: the shipped samples, and every one of the dev corpora when they are there."""
    shared = shared_dir() / "corpus"
    found = {p.name: p for p in SAMPLES.glob("*.docx")}
    found.update({p.name: p for p in [*shared.glob("files/*.docx"), *shared.glob("admin/files/*.docx")]})
    return sorted(found.values())


@pytest.mark.parametrize("src", corpus_docx(), ids=lambda p: p.name)
def test_format_keeps_every_word_of_the_corpus(src: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.docx"
    report = format_docx(parse_file(src), out)
    assert lost_words(src, out, report) == {}


@pytest.mark.parametrize("issuer", ["so", "ubnd-huyen"])
@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_format_keeps_every_word_of_messy_variants(variant: str, issuer: str, tmp_path: Path) -> None:
    src = write_variant(variant, tmp_path / "in.docx", issuer=OTHER_ISSUER if issuer != "so" else None)
    out = tmp_path / "out.docx"
    doc = parse_file(src)
    report = format_docx(doc, out)
    assert lost_words(src, out, report) == {}
    changes = {c.component: (c.was, c.now) for c in report.changes}
    assert changes["paper"] == ("Letter 215.9 x 279.4 mm", "A4 210 x 297 mm")
    moved = [c.was for c in report.changes if c.component == "moved to body"]
    after = parse_file(out)
    for text in moved:  # what the layout could not place is in the output body, in reading order
        assert " ".join(text.split()) in " ".join(after.text.split())
    # the type heading is printed once, whatever case it was typed in
    lines = [" ".join(p.text.split()).casefold() for p in after.paragraphs]
    assert lines.count("quyết định") == 1
    # the enacted articles stay in their order
    positions = [after.text.find(f"Điều {k}.") for k in (1, 2, 3)] if variant != "all-upper" else \
        [after.text.find(f"ĐIỀU {k}.") for k in (1, 2, 3)]
    assert -1 not in positions and positions == sorted(positions)
    if variant == "table":  # a table in the body stays a table, not lines of text
        assert [[c.text for c in row] for t in after.tables for row in t.rows] == DATA_TABLE
        assert len([p for p in after.paragraphs if p.table is not None and p.text in DATA_TABLE[1]]) == 3  # Word cells


def test_format_reports_words_it_moves(tmp_path: Path) -> None:
    """The quyết định typed one line a paragraph: its enacting part is reported as moved, not dropped."""
    src = write_variant("one-per-line", tmp_path / "in.docx")
    report = format_docx(parse_file(src), tmp_path / "out.docx")
    moved = [c.was for c in report.changes if c.component == "moved to body"]
    if moved:  # the parser may learn to place them; then nothing is moved and nothing is lost (above)
        assert all(c.now == "body" for c in report.changes if c.component == "moved to body")

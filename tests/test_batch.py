"""Batches keep going: ``parse_many``/``validate_many`` and the ``parse``, ``check``, ``export``, ``link add``
commands over files and folders, where one bad input is reported and every other result is kept."""

from __future__ import annotations

import io
import json
import os
import random
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from pydantic import ValidationError

import vanban
from vanban import (
    InputError,
    OptionError,
    Outcome,
    parse_file,
    parse_many,
    render_docx,
    to_edxml,
    validate_many,
)
from vanban.cli import main
from vanban.readers.discover import is_document_file, looks_like_document_text
from vanban.readers.encodings import encode_legacy

from .conftest import ROOT, SEED

SARIF_SUBSET = ROOT / "tests" / "data" / "sarif-2.1.0-subset.schema.json"

CONG_VAN_MD = """| **UBND TỈNH LÀO CAI** | **CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM** |
|---|---|
| **SỞ CÔNG THƯƠNG** | **Độc lập - Tự do - Hạnh phúc** |
| Số: 1234/SCT-QLNL | *Lào Cai, ngày 15 tháng 6 năm 2026* |
| V/v triển khai Nghị định số 161/2024/NĐ-CP | |

Kính gửi: Ủy ban nhân dân các huyện, thị xã, thành phố

Thực hiện Công văn số 600/UBND-KT ngày 03/6/2026 của Ủy ban nhân dân tỉnh, Sở Công Thương đề nghị các đơn vị
báo cáo kết quả trước ngày 30/6/2026./.

| **Nơi nhận:**<br>- Như trên;<br>- Lưu: VT, QLNL. | **KT. GIÁM ĐỐC**<br>**PHÓ GIÁM ĐỐC**<br><br>**Hoàng Văn Thuân** |
"""

FLATTENED_TO_TRINH = """ỦY BAN NHÂN DÂN
TỈNH LÀO CAI
Số: 12/TTr-UBND
| |
TỜ TRÌNH
Về việc phê duyệt kế hoạch chuyển đổi số năm 2026

Kính gửi: Hội đồng nhân dân tỉnh Lào Cai

Căn cứ Luật Tổ chức chính quyền địa phương năm 2025, Ủy ban nhân dân tỉnh trình Hội đồng nhân dân tỉnh.
Nơi nhận:
- Như trên;
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH

Nguyễn Văn An
"""
"""A Word-exported Tờ trình whose header table was flattened to text: lines of only ``|`` and spaces
(one such header crashed the header reader with an ``IndexError``)."""

README = (ROOT / "README.md").read_text(encoding="utf-8")
OLE2_DOC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "WordDocument".encode("utf-16-le") + b"\x00" * 512


def _good_files(folder: Path) -> list[Path]:
    """Ten documents in the formats a văn thư folder holds, made from the shipped examples."""
    seed_text = SEED.read_text(encoding="utf-8")
    seed = parse_file(SEED)
    qd = parse_file(ROOT / "examples" / "quyet-dinh.json")
    (folder / "in" / "2021").mkdir(parents=True)
    (folder / "out").mkdir()
    files = {
        "in/2021/bao-cao-85.txt": SEED.read_bytes(),
        "in/2021/bao-cao-85-utf16.txt": seed_text.encode("utf-16"),
        "in/2021/bao-cao-85-vni.txt": encode_legacy(seed_text, "vni"),
        "in/2021/bao-cao-85.edxml": to_edxml(seed),
        "in/2021/bao-cao-85.html": ("<html><body><pre>" + seed_text + "</pre></body></html>").encode(),
        "out/cong-van-1234.md": CONG_VAN_MD.encode(),
        "out/minimal.json": (ROOT / "examples" / "minimal.json").read_bytes(),
        "out/quyet-dinh.json": (ROOT / "examples" / "quyet-dinh.json").read_bytes(),
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    render_docx(seed, folder / "in" / "2021" / "bao-cao-85.docx")
    render_docx(qd, folder / "out" / "quyet-dinh.docx")
    return sorted(p for p in folder.rglob("*") if p.is_file())


@pytest.fixture()
def mixed_folder(tmp_path: Path) -> Path:
    """10 good documents, 4 inputs that fail, and files a walk must leave alone."""
    folder = tmp_path / "van-thu"
    folder.mkdir()
    assert len(_good_files(folder)) == 10
    (folder / "in" / "moved.docx").symlink_to(folder / "in" / "gone.docx")  # unreadable, also for root
    (folder / "in" / "phu-luc.doc").write_bytes(OLE2_DOC)
    (folder / "out" / "scan.txt").write_bytes(random.Random(7).randbytes(5000))
    (folder / "out" / "to-trinh-12.txt").write_text(FLATTENED_TO_TRINH, encoding="utf-8")
    (folder / "README.md").write_text(README, encoding="utf-8")  # a repository README: not a document
    (folder / "notes.txt").write_text("Họp giao ban thứ Hai: chuẩn bị số liệu quý III.\n", encoding="utf-8")
    (folder / "package.json").write_text('{"name": "x", "version": "1.0.0", "type": "module"}', encoding="utf-8")
    (folder / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    (folder / ".git").mkdir()
    (folder / ".git" / "HEAD.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    return folder


BAD = {"moved.docx": "a link to a missing file", "phu-luc.doc": "convert it to .docx", "scan.txt": "binary"}
CRASHED_BEFORE = "to-trinh-12.txt"


def _split(lines: list[str]) -> dict[str, str]:
    return {Path(line.split(": ", 1)[0]).name: line.split(": ", 1)[1] for line in lines}


def _check_counts(good: int, errors: dict[str, str]) -> None:
    """10 reports and the 3 bad inputs reported; the once-crashing Tờ trình is a report or an internal error."""
    for name, reason in BAD.items():
        assert reason in errors[name]
    if CRASHED_BEFORE in errors:
        assert "internal error (" in errors[CRASHED_BEFORE]
    assert good + len(errors) == 14


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "vanban", *args], capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PYTHONIOENCODING": "utf-8"})


# --- the folder of the issue through the commands ------------------------------------------------------

def test_check_folder_prints_every_report_and_one_line_per_bad_file(mixed_folder: Path) -> None:
    r = run("check", "--format", "json", str(mixed_folder))
    assert r.returncode == 2 and "Traceback" not in r.stderr
    items = json.loads(r.stdout)
    reports = [i for i in items if "findings" in i]
    errors = {Path(i["source"]).name: i["error"] for i in items if "error" in i}
    lines = r.stderr.strip().splitlines()
    assert _split(lines) == errors
    _check_counts(len(reports), errors)
    assert {Path(i["source"]).name for i in reports} >= {"bao-cao-85.docx", "cong-van-1234.md", "minimal.json"}
    assert "README.md" not in r.stdout and "package.json" not in r.stdout and "HEAD.txt" not in r.stdout


def test_check_folder_text_format_exit_2_and_summary_counts_failures(mixed_folder: Path) -> None:
    r = run("check", "--lang", "en", str(mixed_folder))
    assert r.returncode == 2
    errors = _split(r.stderr.strip().splitlines())
    _check_counts(14 - len(errors), errors)
    assert f"in {14 - len(errors)} document(s); {len(errors)} input(s) could not be checked" in r.stdout


def test_check_folder_sarif_is_valid_and_names_each_failure(mixed_folder: Path) -> None:
    r = run("check", "--format", "sarif", str(mixed_folder))
    assert r.returncode == 2
    log = json.loads(r.stdout)
    jsonschema.validate(log, json.loads(SARIF_SUBSET.read_text(encoding="utf-8")))
    run_ = log["runs"][0]
    invocation = run_["invocations"][0]
    assert invocation["executionSuccessful"] is False
    notes = invocation["toolExecutionNotifications"]
    assert all(n["level"] == "error" for n in notes)
    errors = {}
    for n in notes:
        loc = n["locations"][0]["physicalLocation"]["artifactLocation"]
        assert run_["artifacts"][loc["index"]]["location"]["uri"] == loc["uri"]
        errors[Path(loc["uri"]).name] = n["message"]["text"]
    reported = {Path(res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]).name
                for res in run_["results"]}
    assert len(run_["artifacts"]) == 14
    _check_counts(14 - len(errors), errors)
    assert "bao-cao-85.txt" in reported  # the seed has findings; the Markdown công văn is clean but checked:
    assert "cong-van-1234.md" in {Path(a["location"]["uri"]).name for a in run_["artifacts"]}
    assert "cong-van-1234.md" not in errors


def test_parse_jsonl_folder_one_line_per_input(mixed_folder: Path) -> None:
    r = run("parse", "--format", "jsonl", str(mixed_folder))
    assert r.returncode == 2
    objs = [json.loads(line) for line in r.stdout.splitlines()]
    docs = [o for o in objs if "error" not in o]
    errors = {Path(o["source"]).name: o["error"] for o in objs if "error" in o}
    assert _split(r.stderr.strip().splitlines()) == errors
    _check_counts(len(docs), errors)
    entry_schema = json.loads((ROOT / "schemas" / "input-error.schema.json").read_text(encoding="utf-8"))
    for o in objs:
        if "error" in o:
            jsonschema.validate(o, entry_schema)
    numbers = {d["number"]["canonical"] for d in docs if d["number"]}
    assert {"85-BC/BTGTU", "1234/SCT-QLNL", "15/SCT-VP"} <= numbers


def test_link_add_folder_indexes_documents_not_the_readme(mixed_folder: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "c.db")
    r = run("link", "add", "--db", db, str(mixed_folder))
    assert r.returncode == 2
    errors = _split(r.stderr.strip().splitlines())
    for name, reason in BAD.items():
        assert reason in errors[name]
    with vanban.Corpus(db) as c:
        sources = {Path(s).name for (s,) in c.conn.execute("SELECT source FROM corpus_documents")}
    assert "README.md" not in sources and "notes.txt" not in sources and "package.json" not in sources
    assert len(sources) + len(errors) == 14


def test_export_folder_writes_a_package_per_good_document(mixed_folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "packages"
    r = run("export", str(mixed_folder), "-o", str(out))
    assert r.returncode == 2
    errors = _split(r.stderr.strip().splitlines())
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.edxml"))
    _check_counts(len(written), errors)
    assert "in/2021/bao-cao-85.edxml" in written and "in/2021/bao-cao-85.txt.edxml" in written  # same stem, no overwrite
    assert parse_file(out / "out" / "minimal.edxml").number.canonical == "15/SCT-VP"  # type: ignore[union-attr]


def test_export_several_inputs_needs_an_output_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", str(SEED), str(SEED)]) == 2
    assert "-o FOLDER" in capsys.readouterr().err


@pytest.mark.parametrize(("args", "code"), [
    ((str(SEED),), 1),  # error-level findings, no failed input
    ((str(SEED), "missing.txt"), 2),
    (("--select", "VB6,VB7", str(SEED)), 0),  # a warning and a hint only
])
def test_check_exit_codes(args: tuple[str, ...], code: int) -> None:
    assert main(["check", *args]) == code


# --- the Python API -------------------------------------------------------------------------------------

def test_validate_many_yields_in_input_order(mixed_folder: Path) -> None:
    inputs = [SEED, mixed_folder / "in" / "phu-luc.doc", str(mixed_folder / "out"), SEED.read_bytes()]
    outcomes = list(validate_many(inputs, lang="en"))
    assert all(isinstance(o, Outcome) for o in outcomes)
    assert outcomes[0].ok and outcomes[0].report is not None and outcomes[0].report.lang == "en"
    assert outcomes[1].error_type == "UnsupportedFormatError" and not outcomes[1].ok
    assert outcomes[1].source == str(mixed_folder / "in" / "phu-luc.doc")
    folder_part = [Path(o.source).name for o in outcomes[2:-1]]
    assert folder_part == sorted(folder_part) and "cong-van-1234.md" in folder_part
    assert outcomes[-1].source.startswith("<input ") and outcomes[-1].document is not None
    with pytest.raises(ValidationError, match="frozen"):
        outcomes[0].source = "x"  # type: ignore[misc]


def test_an_unexpected_exception_on_one_input_is_an_internal_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import vanban.readers as readers

    real = readers.READERS["text"]

    def flaky(data: bytes, name: str | None) -> vanban.Document:
        if b"BOOM" in data:
            raise IndexError("list index out of range")
        return real(data, name)

    monkeypatch.setitem(readers.READERS, "text", flaky)
    outcomes = list(parse_many([b"BOOM", SEED]))
    assert outcomes[0].error_type == "InternalError"
    assert outcomes[0].error is not None and "internal error (IndexError: list index out of range)" in outcomes[0].error
    assert outcomes[1].document is not None and outcomes[1].document.number is not None


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"lang": "fr"}, "unknown language 'fr'"),
    ({"profile": "nd31"}, "unknown profile 'nd31'"),
    ({"select": ["ZZ9"]}, "unknown rule ZZ9"),
    ({"ignore": "VB1,QQ"}, "unknown rule QQ"),
])
def test_validate_many_refuses_bad_options_at_the_call(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(OptionError, match=message):
        validate_many([SEED], **kwargs)  # type: ignore[arg-type]


def test_parse_many_takes_one_path_a_stream_or_bytes() -> None:
    assert [o.source for o in parse_many(str(SEED))] == [str(SEED)]
    with SEED.open("rb") as f:
        assert [o.source for o in parse_many(f)] == [str(SEED)]
    assert [o.ok for o in parse_many(io.BytesIO(SEED.read_bytes()))] == [True]


# --- which files a folder walk keeps -------------------------------------------------------------------

@pytest.mark.parametrize(("name", "content", "kept"), [
    ("bao-cao.txt", SEED.read_bytes(), True),
    ("cong-van.md", CONG_VAN_MD.encode(), True),
    ("to-trinh.txt", FLATTENED_TO_TRINH.encode(), True),
    ("README.md", README.encode(), False),
    ("notes.txt", "Danh sách việc cần làm tuần này.\n".encode(), False),
    ("scan.txt", bytes(range(256)) * 10, True),  # binary under a text name: reported, not skipped
    ("minimal.json", (ROOT / "examples" / "minimal.json").read_bytes(), True),
    ("package.json", b'{"name": "x", "type": "module", "version": "1"}', False),
    ("data.json", b"[[[[[[" * 20000, False),
    ("bao-cao.xml", b"<config><a/></config>", False),
    ("legacy.doc", b"anything", True),
    ("photo.jpg", b"\xff\xd8\xff" + b"\x00" * 10, False),
])
def test_folder_walk_keeps_documents_only(tmp_path: Path, name: str, content: bytes, kept: bool) -> None:
    f = tmp_path / name
    f.write_bytes(content)
    assert is_document_file(f) is kept
    assert [Path(o.source).name for o in parse_many(tmp_path)] == ([name] if kept else [])


def test_a_fifo_is_reported_without_blocking(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    (outcome,) = parse_many(tmp_path)
    assert outcome.error == "not a regular file (a pipe, socket or device), not a document"
    with pytest.raises(InputError, match="not a regular file"):
        parse_file(tmp_path / "pipe.txt")


def test_document_marks_tell_the_shared_corpus_from_its_readmes(shared: Path) -> None:
    texts = [json.loads(line)["text"] for f in sorted((shared / "corpus").rglob("dev.jsonl"))
             for line in f.open(encoding="utf-8") if json.loads(line).get("text")]
    found = sum(looks_like_document_text(t[:65536]) for t in texts)
    assert found == len(texts), f"{len(texts) - found} of {len(texts)} documents not recognised"
    readmes = [*shared.rglob("*.md"), ROOT / "README.md", *(ROOT / "docs").glob("*.md")]
    assert [p.name for p in readmes if looks_like_document_text(p.read_text(encoding="utf-8"))] == []

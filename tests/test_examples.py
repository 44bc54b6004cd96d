"""The runnable examples in ``examples/`` work on the bundled seed."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def run(script: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(EXAMPLES / script), *args], capture_output=True, text=True,
                          timeout=120, encoding="utf-8")


def test_summary() -> None:
    r = run("summary.py", str(EXAMPLES / "bao-cao-85-BC-BTGTU.txt"))
    assert r.returncode == 0, r.stderr
    assert "Báo cáo 85-BC/BTGTU — Ban Tuyên giáo Tỉnh ủy (party)" in r.stdout
    assert "dấu đến: số 783 ngày 2021-08-20" in r.stdout
    assert "Chỉ thị 11-CT/TW (khóa VIII)" in r.stdout and "Chỉ thị 11-CT/TW (khóa X)" in r.stdout


def test_citations_csv(tmp_path: Path) -> None:
    (tmp_path / "seed.txt").write_bytes((EXAMPLES / "bao-cao-85-BC-BTGTU.txt").read_bytes())
    (tmp_path / "junk.bin").write_bytes(b"\x00\x01" * 50)
    r = run("citations_csv.py", str(tmp_path))
    assert r.returncode == 0, r.stderr
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert len(rows) == 21
    assert {row["document"] for row in rows} == {"85-BC/BTGTU"}
    assert rows[2]["cited"] == "899/STTTT-TTBCBC" and rows[2]["relation"] == "responds_to"
    assert "skipped" in r.stderr


def test_check_folder(tmp_path: Path) -> None:
    (tmp_path / "seed.txt").write_bytes((EXAMPLES / "bao-cao-85-BC-BTGTU.txt").read_bytes())
    r = run("check_folder.py", str(tmp_path), "--json")
    assert r.returncode == 1, r.stderr  # the seed has no place/date: an error-severity finding
    result = json.loads(r.stdout)
    assert result["ok"] is False and "VB107" in {f["rule"] for f in result["findings"]}
    good = tmp_path / "good"
    good.mkdir()
    assert run("check_folder.py", str(good)).returncode == 0  # nothing to check, nothing wrong
    (good / "junk.txt").write_bytes(b"\x00\x01" * 40)  # binary under a document name: reported
    (good / "seed.txt").write_bytes((EXAMPLES / "bao-cao-85-BC-BTGTU.txt").read_bytes())
    r = run("check_folder.py", str(good))
    assert r.returncode == 2 and "junk.txt: unreadable: binary data" in r.stderr
    assert "seed.txt: VB107 error" in r.stdout  # the good file is still checked

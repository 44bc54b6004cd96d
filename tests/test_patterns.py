"""vanban.patterns: compiled patterns kept between runs beside the bytecode, equal to ``re.compile``'s."""

from __future__ import annotations

import marshal
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from vanban import patterns

ROOT = Path(__file__).resolve().parents[1]

RUN = """
import json, re, sys
from vanban import patterns
import vanban.parse.text, vanban.rules, vanban.readers, vanban.link, vanban.render, vanban.exchange
from vanban import parse_text
from vanban.batch import WARM_UP
from vanban.rules import validate
validate(parse_text(WARM_UP))
kept = patterns._read(patterns._KEPT.path)
same = all(patterns.compile(s, f) == re.compile(s, f) for s, f in kept)
print(json.dumps({"path": patterns._KEPT.path, "used": len(patterns._KEPT.used), "new": len(patterns._KEPT.new),
                  "kept": len(kept), "same": same}))
"""


def _run(prefix: Path, code: str = RUN, **env: str) -> dict[str, object]:
    import json

    environ = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX")}
    environ.update(PYTHONPYCACHEPREFIX=str(prefix), PYTHONPATH=str(ROOT), **env)
    out = subprocess.run([sys.executable, "-c", code], env=environ, capture_output=True, text=True, check=True)
    result: dict[str, object] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


@pytest.mark.parametrize("source,flags", [
    (r"(?P<n>\d+)/QĐ-UBND", 0),
    (r"(?i)số\s*:?\s*(\d+)", 0),
    (r"^Nơi nhận:?$", re.MULTILINE | re.IGNORECASE),
    (r"(?<![^\n])[A-ZĐ]{2,}", 0),
    (r"Đ|Ð", re.IGNORECASE),
    (r"\w+(?=\s)", re.ASCII),
    (r"(a)|(?P<b>b)(?(1)c|d)", 0),
    ("", 0),
])
def test_entry_builds_the_pattern_re_compiles(source: str, flags: int) -> None:
    """What is kept of a pattern builds a pattern equal to ``re.compile``'s: same flags, groups and code."""
    entry = patterns._entry(source, flags)
    built = patterns._built(source, entry)
    compiled = re.compile(source, flags)
    assert built == compiled
    assert (built.flags, built.groups, built.groupindex) == (compiled.flags, compiled.groups, compiled.groupindex)
    assert patterns.compile(source, flags) == compiled


def test_a_second_run_builds_every_pattern_from_the_file(tmp_path: Path) -> None:
    """The first run writes the file beside the bytecode; the next builds its patterns from it, all equal."""
    first = _run(tmp_path)
    assert first["new"] and first["kept"] == 0
    path = Path(str(first["path"]))
    assert path.is_file() and str(path).startswith(str(tmp_path))
    second = _run(tmp_path)
    assert second["new"] == 0
    assert second["kept"] == first["new"] and second["same"] is True
    assert second["used"] == first["used"]


def test_no_file_without_bytecode(tmp_path: Path) -> None:
    """``PYTHONDONTWRITEBYTECODE`` writes no file, as for bytecode."""
    _run(tmp_path, PYTHONDONTWRITEBYTECODE="1")
    assert not list(tmp_path.rglob("*.re"))


@pytest.mark.parametrize("damage", [
    b"",
    b"\x00\xff not marshal",
    marshal.dumps(((0, "another interpreter"), {(r"\d", 0): (32, [1], 0, {}, (None,))})),
    "stamp",  # this interpreter's stamp over an entry the engine refuses
])
def test_a_damaged_or_foreign_file_is_compiled_again(tmp_path: Path, damage: bytes | str) -> None:
    """A file this interpreter did not write, or cannot use, gives ``re.compile``'s patterns and is written again."""
    first = _run(tmp_path)
    path = Path(str(first["path"]))
    if damage == "stamp":
        kept = patterns._read(str(path))
        assert kept
        path.write_bytes(marshal.dumps((patterns._stamp(), {k: (v[0], [999999, 1, 2], *v[2:]) for k, v in kept.items()})))
    else:
        assert isinstance(damage, bytes)
        path.write_bytes(damage)
    again = _run(tmp_path)
    assert again["same"] is True and again["new"] == first["new"]
    assert _run(tmp_path)["new"] == 0


def test_a_folder_that_cannot_be_written(tmp_path: Path) -> None:
    """No file can be written there: the run goes on, its patterns compiled."""
    blocker = tmp_path / "file"
    blocker.write_text("a file where the folder would be")
    assert _run(blocker)["same"] is True


def test_the_command_line_writes_the_file_before_its_quick_exit(tmp_path: Path) -> None:
    """``vanban parse`` ends its process at once (no exit handlers): it writes the file first."""
    sample = ROOT / "examples" / "bao-cao-85-BC-BTGTU.txt"
    environ = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX")}
    environ.update(PYTHONPYCACHEPREFIX=str(tmp_path), PYTHONPATH=str(ROOT))
    subprocess.run([sys.executable, "-m", "vanban", "parse", str(sample)], env=environ, capture_output=True,
                   check=True)
    kept = list(tmp_path.rglob("patterns.*.re"))
    assert len(kept) == 1
    assert len(patterns._read(str(kept[0]))) > 100


def test_a_forked_child_writes_nothing(tmp_path: Path) -> None:
    """Only the process that read the file writes it (a forked worker's patterns are its parent's)."""
    code = RUN + """
import os
patterns.compile(r"a pattern not in the file yet \\d+")  # new in this run, so a save would write
pid = os.fork()
if pid == 0:
    patterns.save()
    os._exit(0)
os.waitpid(pid, 0)
print(json.dumps({"written": len(patterns._read(patterns._KEPT.path))}))
"""
    if not hasattr(os, "fork"):
        pytest.skip("no fork here")
    assert _run(tmp_path, code)["written"] == 0

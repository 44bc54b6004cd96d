"""Every Python and shell block of README.md and docs/*.md runs as written (docs that run).

Blocks of one file run in order in one temporary folder that holds ``examples/`` (the files the
docs name), in a process of their own (a documented plug-in rule must not leak into other tests),
Python blocks sharing one namespace. A Python expression statement followed by a
comment that is a literal (``doc.number.canonical  # '85-BC/BTGTU'``) is checked against it. A block
is not run only when the line just before it says so, visibly: ``*Not run by the tests: REASON.*``
"""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
FENCE = re.compile(r"^```(\w+)[^\n]*\n(.*?)^```\s*$", re.M | re.S)
NOT_RUN = re.compile(r"\*Not run by the tests: [^*]+\.\*\s*$")
LANGS = {"python": "python", "sh": "sh", "bash": "sh", "shell": "sh", "console": "sh"}


@dataclass(frozen=True)
class Block:
    """One fenced block: its language (python or sh), code and first line in the file."""

    lang: str
    code: str
    line: int


def blocks(path: Path) -> list[Block]:
    """The runnable blocks of ``path``, in order, without those marked as not run."""
    text = path.read_text(encoding="utf-8")
    out = []
    for m in FENCE.finditer(text):
        lang = LANGS.get(m.group(1))
        if lang is None:
            continue
        before = text[:m.start()].rstrip("\n").rsplit("\n", 1)[-1]
        if NOT_RUN.search(before):
            continue
        out.append(Block(lang, m.group(2), text.count("\n", 0, m.start()) + 2))
    return out


def _comment_after(lines: list[str], node: ast.stmt) -> str | None:
    """The comment closing the statement's line, or on the line right after it."""
    end = node.end_lineno or node.lineno
    tail = lines[end - 1].split("#", 1)
    if len(tail) == 2 and "#" not in lines[end - 1][: node.end_col_offset or 0]:
        return tail[1]
    if end < len(lines) and lines[end].lstrip().startswith("#"):
        return lines[end].lstrip()[1:]
    return None


def _expected(comment: str) -> tuple[bool, Any]:
    """The literal a comment states (text after an em dash or an opening parenthesis is prose)."""
    head = re.split(r"\s+—\s+|\s+\(", comment.strip(), maxsplit=1)[0].strip()
    try:
        return True, ast.literal_eval(head)
    except (ValueError, SyntaxError):
        return False, None


def run_python(block: Block, namespace: dict[str, Any], where: str) -> None:
    """Execute the block statement by statement, checking expressions against their literal comments."""
    tree = ast.parse(block.code)
    lines = block.code.splitlines()
    for node in tree.body:
        code = compile(ast.Module(body=[node], type_ignores=[]), f"{where}:{block.line + node.lineno - 1}", "exec")
        if not isinstance(node, ast.Expr):
            exec(code, namespace)
            continue
        value = eval(compile(ast.Expression(body=node.value), where, "eval"), namespace)
        comment = _comment_after(lines, node)
        known, expected = _expected(comment) if comment else (False, None)
        if known:
            assert value == expected, f"{where}:{block.line + node.lineno - 1}: {value!r} != {expected!r}"


def run_sh(block: Block, cwd: Path, where: str) -> None:
    """Run the block with bash -e, the venv's vanban first on PATH."""
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    script = "\n".join(line[2:] if line.startswith("$ ") else line for line in block.code.splitlines()
                       if not line.startswith(("> ", "#")))
    r = subprocess.run(["bash", "-e", "-c", script], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, f"{where}:{block.line}: exit {r.returncode}\n{r.stdout[-2000:]}\n{r.stderr[-2000:]}"


def run_doc(path: Path, folder: Path) -> None:
    """Run every block of ``path`` in order inside ``folder`` (this process)."""
    os.chdir(folder)
    namespace: dict[str, Any] = {"__name__": "__docs__"}
    where = str(path.relative_to(ROOT))
    for block in blocks(path):
        if block.lang == "python":
            run_python(block, namespace, where)
        else:
            run_sh(block, folder, where)


@pytest.mark.parametrize("path", DOCS, ids=lambda p: p.name)
def test_documented_examples_run(path: Path, tmp_path: Path) -> None:
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    r = subprocess.run([sys.executable, __file__, str(path), str(tmp_path)], capture_output=True, text=True,
                       timeout=600)
    assert r.returncode == 0, r.stderr[-4000:]


def test_every_named_example_file_ships() -> None:
    named = set()
    for path in DOCS:
        for block in blocks(path):
            named |= set(re.findall(r"examples/[\w./-]+\.\w+", block.code))
    assert named, "the docs name no example file"
    missing = sorted(n for n in named if not (ROOT / n).exists())
    assert not missing, f"named in the docs but not shipped: {missing}"


if __name__ == "__main__":
    run_doc(Path(sys.argv[1]), Path(sys.argv[2]))

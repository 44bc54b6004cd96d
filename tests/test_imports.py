"""What ``import vanban`` and the command line import: public names resolve on first use, a command only its own.

Each case runs in a fresh interpreter and reads ``sys.modules``: the renderers, the linker, the
exchange formats and the parser are imported when a name of theirs is first used, not before, and
``vanban --help`` or ``vanban check`` never import the modules of the other commands.
"""

from __future__ import annotations

import ast
import importlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

import vanban

HEAVY = ("vanban.parse", "vanban.models", "vanban.readers", "vanban.rules", "vanban.link", "vanban.render",
         "vanban.exchange", "vanban.archive", "vanban.server", "vanban.register", "vanban.store", "vanban.batch")


def _imported_after(code: str) -> set[str]:
    """The packages and modules of ``HEAVY`` and ``vanban.cli.*`` imported in a fresh interpreter after ``code``."""
    probe = f"import sys\n{code}\nimport json\nprint(json.dumps(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120)
    modules = json.loads(done.stdout.splitlines()[-1])
    return {name for name in (*HEAVY, *CLI) if any(m == name or m.startswith(name + ".") for m in modules)}


CLI = ("vanban.cli.check", "vanban.cli.parse", "vanban.cli.render")


def test_every_public_name_resolves_and_is_listed_by_dir() -> None:
    for name in vanban.__all__:
        assert getattr(vanban, name) is not None, name
    assert set(vanban.__all__) <= set(dir(vanban))
    assert vanban.Document.__module__ == "vanban.models" and vanban.parse_text.__module__ == "vanban.parse.text"
    with pytest.raises(AttributeError, match="no attribute 'parse_txt'"):
        getattr(vanban, "parse_txt")  # noqa: B009


def test_the_names_type_checkers_see_are_the_names_resolved() -> None:
    """The ``TYPE_CHECKING`` imports (what mypy and editors read) are the public names and where they resolve from."""
    tree = ast.parse(Path(vanban.__file__).read_text(encoding="utf-8"))
    block = next(n for n in tree.body if isinstance(n, ast.If) and ast.unparse(n.test) == "TYPE_CHECKING")
    seen = {alias.name: node.module for node in block.body if isinstance(node, ast.ImportFrom)
            for alias in node.names}
    assert set(seen) == set(vanban.__all__) - {"__version__"}
    for name, module in seen.items():
        assert getattr(vanban, name) is getattr(importlib.import_module(module or ""), name), name


@pytest.mark.parametrize(("code", "imported", "not_imported"), [
    ("import vanban", set(), set(HEAVY)),
    ("from vanban import VanbanError", set(), set(HEAVY)),
    ("from vanban import parse_text", {"vanban.parse", "vanban.models"},
     {"vanban.link", "vanban.render", "vanban.rules", "vanban.archive", "vanban.server", "vanban.batch"}),
    ("from vanban import validate", {"vanban.rules"}, {"vanban.link", "vanban.render", "vanban.archive"}),
    ("import vanban; vanban.render_docx", {"vanban.render"}, {"vanban.link", "vanban.archive", "vanban.server"}),
    ("from vanban import Corpus", {"vanban.link"}, {"vanban.render", "vanban.archive", "vanban.server"}),
])
def test_a_name_imports_its_module_on_first_use(code: str, imported: set[str], not_imported: set[str]) -> None:
    modules = _imported_after(code)
    assert imported <= modules
    assert not modules & not_imported, sorted(modules & not_imported)


@pytest.mark.parametrize(("argv", "imported", "not_imported"), [
    (["--help"], set(), {*HEAVY, *CLI}),
    (["--version"], set(), {*HEAVY, *CLI}),
    (["check", "--help"], {"vanban.cli.check"},
     {"vanban.link", "vanban.render", "vanban.archive", "vanban.server", "vanban.cli.render", "vanban.cli.parse"}),
    (["parse", "--help"], {"vanban.cli.parse"},
     {"vanban.rules", "vanban.link", "vanban.render", "vanban.archive", "vanban.cli.check"}),
])
def test_the_command_line_imports_only_the_command_run(argv: list[str], imported: set[str],
                                                        not_imported: set[str]) -> None:
    code = ("import contextlib, io, vanban.cli\n"
            f"with contextlib.suppress(SystemExit), contextlib.redirect_stdout(io.StringIO()):\n"
            f"    vanban.cli.main({argv!r})")
    modules = _imported_after(code)
    assert imported <= modules
    assert not modules & not_imported, sorted(modules & not_imported)


@pytest.mark.parametrize("command", ["parse", "check"])
def test_a_parse_or_check_imports_no_fuzzy_matcher(tmp_path: Path, command: str) -> None:
    """``vanban parse`` or ``check`` of a text pays no ``rapidfuzz`` import at start-up (the header's near-miss
    check and the OCR rule's one-edit test are the package's own)."""
    (tmp_path / "a.txt").write_text("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSố: 1/QĐ-UBND\n"
                                    "Căn cứ Nghị định số 30/2020/NĐ-CP về công tác văn thư; Điều 1. Thi hành.\n",
                                    encoding="utf-8")
    code = ("import contextlib, io, sys, vanban.cli\n"
            "sys.stdout = io.TextIOWrapper(io.BytesIO())\n"
            f"with contextlib.suppress(SystemExit):\n"
            f"    vanban.cli.main([{command!r}, {str(tmp_path / 'a.txt')!r}])\n"
            "sys.stdout = sys.__stdout__")
    probe = f"import sys\n{code}\nimport json\nprint(json.dumps(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120)
    modules = json.loads(done.stdout.splitlines()[-1])
    assert "vanban.parse.header" in modules and (command != "check" or "vanban.rules.ocr" in modules)
    assert not [m for m in modules if m == "rapidfuzz" or m.startswith("rapidfuzz.")]

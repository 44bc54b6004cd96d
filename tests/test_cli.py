"""The command line: ``vanban parse`` and ``vanban schema``, and bad input never giving a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from vanban.cli import main

from .conftest import SEED


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "vanban", *args], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONIOENCODING": "utf-8"})


def test_parse_seed_json_keys() -> None:
    r = run("parse", str(SEED))
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    for key in ("source", "system", "number", "type", "issuer", "place", "date", "subject", "signature",
                "addressees", "recipients", "incoming_stamp", "footnotes", "references"):
        assert key in doc
    assert set(doc["number"]) >= {"raw", "canonical", "number", "year", "type_code", "issuer_code"}
    assert doc["number"]["canonical"] == "85-BC/BTGTU" and doc["system"] == "party"
    assert doc["signature"]["signer"] == "Nguyễn Thiện Cẩm"
    assert doc["incoming_stamp"]["number"] == 783 and doc["incoming_stamp"]["date"] == "2021-08-20"
    ref = doc["references"][0]
    assert set(ref) >= {"canonical", "type", "type_code", "number", "year", "issuer_code", "issuer", "date", "term",
                        "subject", "relation", "span"}
    assert "text" not in doc


def test_parse_several_json_and_jsonl(tmp_path: Path) -> None:
    other = tmp_path / "cv.txt"
    other.write_text("SỞ CÔNG THƯƠNG\nSố: 12/SCT-VP\nV/v thử\n", encoding="utf-8")
    r = run("parse", str(SEED), str(other))
    assert r.returncode == 0 and [d["number"]["canonical"] for d in json.loads(r.stdout)] == [
        "85-BC/BTGTU", "12/SCT-VP"]
    r = run("parse", "--format", "jsonl", str(SEED), str(other))
    lines = r.stdout.strip().splitlines()
    assert len(lines) == 2 and json.loads(lines[1])["type"]["name"] == "Công văn"


@pytest.mark.parametrize(("content", "message"), [
    (b"\x00\x01\x02binary\xff" * 100, "binary"),
    (b"S\xe1\xbb\x91 85-BC/BTGTU \xff\xfe", "not valid UTF-8"),
])
def test_bad_input_one_line_exit_2(tmp_path: Path, content: bytes, message: str) -> None:
    f = tmp_path / "bad.txt"
    f.write_bytes(content)
    r = run("parse", str(f))
    assert r.returncode == 2
    assert r.stderr.count("\n") == 1 and message in r.stderr and "Traceback" not in r.stderr


def test_missing_file_and_empty_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", str(tmp_path / "nope.txt")]) == 2
    out = capsys.readouterr()
    assert json.loads(out.out) == {"source": str(tmp_path / "nope.txt"), "error": "No such file or directory",
                                   "error_type": "InputError"}
    assert out.err == f"{tmp_path / 'nope.txt'}: No such file or directory\n"
    assert main(["parse", str(tmp_path)]) == 0  # a folder is walked: no document in it, nothing printed
    assert json.loads(capsys.readouterr().out) == []


@pytest.mark.parametrize("argv", [
    ["check", "--select", "XX1", str(SEED)],
    ["check", "--ignore", "VB1,ZZ", str(SEED)],
    ["render", str(SEED), "-o", "/tmp/x.docx", "--margin", "gutter_mm=10"],
])
def test_invalid_options_one_line_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("vanban: unknown ")


def test_empty_file_is_an_empty_document(tmp_path: Path) -> None:
    f = tmp_path / "empty.txt"
    f.write_bytes(b"")
    r = run("parse", str(f))
    assert r.returncode == 0 and json.loads(r.stdout)["number"] is None


def test_random_text_parses_to_nothing_without_hang(tmp_path: Path) -> None:
    import random

    rng = random.Random(3)
    alphabet = "abcdefghijklmnopqrstuvwxyzĐđăâêôơư /-.:0123456789\n"
    f = tmp_path / "noise.txt"
    f.write_text("".join(rng.choice(alphabet) for _ in range(300_000)), encoding="utf-8")
    r = run("parse", str(f))
    assert r.returncode == 0 and json.loads(r.stdout)["signature"] is None


def test_schemas_are_current() -> None:
    from vanban.schema import stale_schemas

    assert stale_schemas(Path(__file__).resolve().parents[1] / "schemas") == []


def test_parse_output_validates_against_schema() -> None:
    import jsonschema

    root = Path(__file__).resolve().parents[1]
    schema = json.loads((root / "schemas" / "document.schema.json").read_text(encoding="utf-8"))
    doc = json.loads(run("parse", str(SEED)).stdout)
    jsonschema.validate(doc, schema)


def test_version_is_the_installed_distribution(capsys: pytest.CaptureFixture[str]) -> None:
    from importlib.metadata import version

    import vanban

    assert vanban.__version__ == version("vanban")
    with pytest.raises(SystemExit) as stop:
        main(["--version"])
    assert stop.value.code == 0
    assert capsys.readouterr().out.strip() == f"vanban {vanban.__version__}"


def test_check_gazette_copy_profile(tmp_path: Path) -> None:
    from tests.test_validate_rules import KE_HOACH

    doc = tmp_path / "ke-hoach.txt"
    doc.write_text(KE_HOACH.split("Nơi nhận:")[0] + "                                   KT. GIÁM ĐỐC\n"
                   "                                   PHÓ GIÁM ĐỐC\n                                   Nguyễn Văn An\n",
                   encoding="utf-8")
    assert "VB113" in run("check", str(doc)).stdout
    for flags in (("--profile", "gazette-copy"), ("--copy", "gazette")):
        r = run("check", *flags, str(doc))
        assert "VB113" not in r.stdout and r.returncode in (0, 1), r.stderr


@pytest.mark.parametrize("data", [
    {},
    [],
    {"source": "a.txt", "body": "dòng một\ndòng hai\r\n\t\"trích\"\\", "n": [1, 2.5, None, True], "e": {}, "l": []},
    {"body": "x" * 70_000 + "\n" + "ư" * 70_000, "spans": [{"start": i, "end": i + 1} for i in range(3000)]},
    {"astral": "\U0001d11e 𝄞 \u2028\u2029", "nested": {"a": {"b": [{"c": "\n  "}]}}},
])
def test_json_item_prints_what_json_dumps_and_list_item_print(data: object) -> None:
    from vanban.cli.inputs import json_item, list_item

    assert json_item(data) == list_item(json.dumps(data, ensure_ascii=False, indent=2)).encode()


@pytest.mark.parametrize("items", [
    [],
    [{"a": 1}],
    [{"body": "một\nhai", "spans": [{"start": 0, "end": 3}], "deep": {"x": [[], {}]}}],
    [{"a": 1}, {"b": [1, {"c": "  \n  "}]}, {}],
])
def test_json_list_prints_what_json_dumps_prints(items: list[object]) -> None:
    import io

    from vanban.cli.inputs import JsonList, json_item

    out = io.BytesIO()
    printed = JsonList(out)
    for item in items:
        printed.add(json_item(item))
    printed.close()
    whole: object = items[0] if len(items) == 1 else items
    assert out.getvalue().decode() == json.dumps(whole, ensure_ascii=False, indent=2) + "\n"


_EXAMPLES = Path(__file__).parents[1] / "examples"
_PRINTED = [*sorted(_EXAMPLES.rglob("*.txt")), _EXAMPLES / "messy.docx",
            *sorted((Path(__file__).parent / "data" / "samples").glob("*.docx"))]


@pytest.mark.parametrize("path", _PRINTED, ids=[p.name for p in _PRINTED])
def test_printed_document_is_json_dumps_of_its_dictionary(path: Path) -> None:
    # the serializer's bytes (both forms, with the text and without) are what json.dumps prints of document_json
    from vanban import parse_file
    from vanban.cli.inputs import json_item
    from vanban.cli.parse import _json_of, document_json

    doc = parse_file(path)
    for with_text in (False, True):
        data = document_json(doc, with_text=with_text)
        assert _json_of(doc, with_text=with_text, indent=2) == json_item(data)
        line = _json_of(doc, with_text=with_text, indent=None)
        assert line == json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode() and b"\n" not in line


@pytest.mark.parametrize(("args", "code"), [
    (["parse", "--format", "jsonl", str(SEED), "{missing}"], 2),  # a failed input: its line on stderr, exit 2
    (["check", str(SEED), "{missing}"], 2),
    (["check", str(SEED), "--format", "json"], None),
    (["rules"], 0),
])
def test_a_quick_exit_prints_and_exits_as_main_returns(args: list[str], code: int | None, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    """``python -m vanban`` ends these commands' processes at once: the output and the exit status are main's."""
    args = [a.replace("{missing}", str(tmp_path / "missing.txt")) for a in args]
    expected = main(args)
    printed = capsys.readouterr()
    r = run(*args)
    assert (r.returncode, r.stdout, r.stderr) == (expected, printed.out, printed.err)
    assert code is None or expected == code

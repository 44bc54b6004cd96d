"""``--jobs N`` and ``jobs=N``: the work of each file in worker processes, the results as one job gives them.

The commands print (or write) the same bytes with ``--jobs 2`` as with ``--jobs 1``, in input order,
with one line per bad input and exit status 2; the Python API yields equal outcomes; a worker that
dies costs only the input it was working on.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from vanban import Document, OptionError, parse_many, to_edxml, validate_many
from vanban.batch import map_many
from vanban.cli import main
from vanban.processes import chunks, start_method
from vanban.readers.encodings import encode_legacy

from .conftest import ROOT, SAMPLES, SEED, load_jsonl
from .test_batch import FLATTENED_TO_TRINH, OLE2_DOC

EXAMPLES = sorted(p for p in (ROOT / "examples").rglob("*") if p.suffix in {".txt", ".json", ".docx"})


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Real documents (examples, the admin samples, variants of them) with bad inputs among them."""
    d = tmp_path_factory.mktemp("jobs")
    for p in EXAMPLES:
        (d / p.name).write_bytes(p.read_bytes())
    for p in SAMPLES.glob("*.docx"):
        (d / p.name).write_bytes(p.read_bytes())
    for row in load_jsonl(SAMPLES / "admin.jsonl"):
        (d / f"{row['id']}.txt").write_text(row["text"], encoding="utf-8")
        (d / f"{row['id']}-vni.txt").write_bytes(encode_legacy(row["text"], "vni"))
    seed = SEED.read_text(encoding="utf-8")
    (d / "bao-cao-crlf.txt").write_bytes(seed.replace("\n", "\r\n").encode("utf-16"))
    (d / "bao-cao.edxml").write_bytes(to_edxml(parse_many(SEED).__next__().document))  # type: ignore[arg-type]
    (d / "to-trinh-12.txt").write_text(FLATTENED_TO_TRINH, encoding="utf-8")
    (d / "a-phu-luc.doc").write_bytes(OLE2_DOC)  # sorted early: a failure amid the first chunk
    (d / "m-scan.txt").write_bytes(random.Random(3).randbytes(4000))  # binary under a text name
    (d / "z-moved.docx").symlink_to(d / "gone.docx")
    return d


def _cli(argv: list[str], capfd: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capfd.readouterr()
    return code, out, err


@pytest.mark.parametrize("args", [
    ["parse"],
    ["parse", "--format", "jsonl", "--with-text"],
    ["check"],
    ["check", "--format", "json", "--lang", "en"],
    ["check", "--format", "sarif", "--select", "VB1,VB2"],
])
def test_two_jobs_print_what_one_job_prints(args: list[str], folder: Path,
                                            capfd: pytest.CaptureFixture[str]) -> None:
    inputs = [str(folder), str(SEED), str(folder / "missing.txt"), str(SEED)]
    one = _cli([*args, "--jobs", "1", *inputs], capfd)
    two = _cli([*args, "--jobs", "2", *inputs], capfd)
    assert two == one
    code, out, err = two
    assert code == 2
    failed = [line.split(": ", 1)[0] for line in err.splitlines()]
    assert [Path(f).name for f in failed] == ["a-phu-luc.doc", "m-scan.txt", "z-moved.docx", "missing.txt"]
    if args[1:2] == ["--format"] and args[2] == "jsonl":
        sources = [json.loads(line)["source"] for line in out.splitlines()]
        assert sources[-3:] == [str(SEED), str(folder / "missing.txt"), str(SEED)]
        assert sources[:-3] == sorted(sources[:-3]) and len(sources) == len(list(folder.iterdir())) + 3


def test_export_with_two_jobs_writes_the_same_packages(folder: Path, tmp_path: Path,
                                                       capfd: pytest.CaptureFixture[str]) -> None:
    written = {}
    for jobs in ("1", "2"):
        out = tmp_path / jobs
        code, _, err = _cli(["export", "--jobs", jobs, str(folder), "-o", str(out)], capfd)
        assert code == 2 and len(err.splitlines()) == 3
        written[jobs] = {p.name: p.read_bytes() for p in out.rglob("*.edxml")}
    assert written["1"] == written["2"] and len(written["2"]) == len(list(folder.iterdir())) - 3


@pytest.mark.parametrize("value", ["0", "-2", "two"])
def test_jobs_must_be_a_number_of_processes(value: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as e:
        main(["check", "--jobs", value, str(SEED)])
    assert e.value.code == 2 and "not a number of processes" in capsys.readouterr().err


def test_parse_many_and_validate_many_give_equal_outcomes_with_processes(folder: Path) -> None:
    with SEED.open("rb") as f1, SEED.open("rb") as f2:  # a file object is read in the calling process
        one = list(parse_many([str(folder), SEED.read_bytes(), f1, 42]))
        two = list(parse_many([str(folder), SEED.read_bytes(), f2, 42], jobs=2))
    assert [o.source for o in two] == [o.source for o in one]
    assert two == one
    assert two[-1].error_type == "InputError" and two[-2].document is not None
    checked = list(validate_many(folder, lang="en", jobs=2))
    assert checked == list(validate_many(folder, lang="en"))
    assert sum(o.report is not None for o in checked) == len(checked) - 3


def _die_on_chi_thi(doc: Document) -> str:
    """A step that kills its own process on one document (as the OOM killer would)."""
    if doc.number is not None and doc.number.canonical == "07-CT/TW":
        os.kill(os.getpid(), signal.SIGKILL)
    return doc.source or ""


def _raise_on_minimal(doc: Document) -> str:
    if doc.source and doc.source.endswith("minimal.json"):
        raise IndexError("list index out of range")
    return doc.source or ""


@pytest.mark.parametrize(("step", "error"), [
    (_die_on_chi_thi, "internal error (the worker process died on it"),
    (_raise_on_minimal, "internal error (IndexError: list index out of range)"),
])
def test_a_worker_fault_costs_only_its_input(step: object, error: str) -> None:
    inputs = [str(p) for p in EXAMPLES] * 2
    results = list(map_many(step, inputs, jobs=2))  # type: ignore[arg-type]
    assert [o.source for o, _ in results] == inputs
    bad = [o for o, value in results if value is None]
    assert len(bad) == 2 and all(o.error_type == "InternalError" and error in (o.error or "") for o in bad)
    assert all(value == o.source for o, value in results if value is not None)


def test_a_step_the_workers_cannot_be_sent_is_refused_at_the_call() -> None:
    with pytest.raises(OptionError, match="the step must be picklable"):
        map_many(lambda doc: doc.number, [SEED, SEED], jobs=2)
    assert [v for _, v in map_many(lambda doc: doc.source, [SEED])] == [str(SEED)]  # one job: any callable


def test_workers_are_spawned_when_the_caller_runs_threads() -> None:
    stop = threading.Event()
    t = threading.Thread(target=stop.wait)
    t.start()
    try:
        assert start_method() == "spawn"
        inputs = [str(p) for p in EXAMPLES[:3]]
        assert list(map_many(_raise_on_minimal, inputs, jobs=2)) == list(map_many(_raise_on_minimal, inputs))
    finally:
        stop.set()
        t.join()


@pytest.mark.parametrize(("sizes", "expected"), [
    ([10] * 9, [4, 4, 1]),  # small files: four per round trip
    ([10, 300_000, 10, 10], [2, 2]),  # a large file closes its chunk
    ([300_000, 300_000], [1, 1]),  # large files go alone
    ([], []),
])
def test_chunks(sizes: list[int], expected: list[int]) -> None:
    assert [len(c) for c in chunks(sizes, lambda n: n)] == expected


def test_a_reader_that_goes_away_ends_the_run_quietly(folder: Path) -> None:
    p = subprocess.Popen([sys.executable, "-m", "vanban", "parse", "--jobs", "2", "--format", "jsonl", str(folder)],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert p.stdout is not None and p.stderr is not None
    assert p.stdout.read(10) == b'{"source":'
    p.stdout.close()  # as `| head -c 10` does
    assert p.wait(timeout=120) == 0
    err = p.stderr.read().decode()
    assert "Traceback" not in err and "Broken pipe" not in err and "Exception ignored" not in err


_STOPPED_EARLY = """
import sys
from vanban.processes import ordered_map

def big(n: int) -> bytes:
    return bytes(n)  # a result written through the pipe for some milliseconds

if __name__ == "__main__":
    for _ in ordered_map(big, [8 << 20] * 64, jobs=2, crashed=lambda item, why: b""):
        break  # the consumer stops: the workers are terminated, most likely while one writes a result
"""


def test_a_pool_stopped_while_a_worker_writes_a_result_lets_the_process_exit(tmp_path: Path) -> None:
    script = tmp_path / "stop_early.py"
    script.write_text(_STOPPED_EARLY, encoding="utf-8")
    for _ in range(8):  # (before the fix, about one run in ten hung at exit on a loaded machine)
        done = subprocess.run([sys.executable, str(script)], capture_output=True, timeout=60)
        assert done.returncode == 0, done.stderr.decode()[-2000:]


_WARMED: list[str] = []


def _note_source(doc: Document) -> str:
    """A step that notes each document it is run on (in the process that runs it) and fails on the warm-up sample."""
    _WARMED.append(doc.source or "")
    if doc.source == "warm-up":
        raise ValueError("not a real input")
    return doc.source or ""


@pytest.mark.parametrize(("jobs", "warm", "in_main"), [
    (2, True, ["warm-up"]),  # run here once, on the sample, before the workers are forked
    (2, False, []),  # the parse alone is warmed: the step is the caller's
    (1, True, [str(SEED), str(SEED)]),  # one job starts no pool: nothing to warm, the inputs run here
])
def test_the_warm_up_runs_the_step_on_the_sample_only_before_a_pool(jobs: int, warm: bool, in_main: list[str]) -> None:
    _WARMED.clear()
    results = list(map_many(_note_source, [SEED, SEED], jobs=jobs, warm=warm))
    assert [(o.source, o.error, v) for o, v in results] == [(str(SEED), None, str(SEED))] * 2  # its failure is nobody's
    assert _WARMED == (in_main if jobs == 1 or start_method() == "fork" else [])  # spawned workers inherit nothing


def test_the_warm_up_sample_reads_as_a_whole_document() -> None:
    from vanban.batch import WARM_UP
    from vanban.parse.text import parse_text

    doc = parse_text(WARM_UP)
    assert doc.number is not None and doc.number.canonical == "1/QĐ-UBND"
    assert [r.canonical for r in doc.references] == ["30/2020/NĐ-CP", "81-KH/TU"]
    assert doc.signature is not None and doc.signature.signer == "Nguyễn Văn A" and doc.recipients

"""The ordered map over worker processes (:mod:`vanban.processes`): what it promises whatever the items do.

Results come in input order, whatever the items' sizes and the order they are run in; at most a window of
items is read ahead of what was yielded; what ``fn`` raises is raised at its item's turn; a worker killed
loses nothing (its item runs again alone) and the item that kills its worker twice is given to ``crashed``;
no worker outlives the map, whether it ends, is stopped early, interrupted, or its process is killed.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from functools import partial
from itertools import count
from pathlib import Path

import pytest

from vanban.processes import CHUNK_ITEMS, ordered_map, start_method

ROOT = Path(__file__).resolve().parents[1]



def _forking() -> bool:
    """Whether the workers are forked here (not when a thread an earlier test started still runs: then spawned)."""
    return start_method() == "fork"


def _children() -> set[int]:
    """The processes whose parent is this one."""
    kids = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == os.getpid():
            kids.add(int(stat.parent.name))
    return kids


def _square_after(n: int) -> tuple[int, int]:
    time.sleep((n % 7) / 2000)  # items end out of order
    return n, n * n


def _never(item: object, why: str) -> object:
    raise AssertionError(f"{item!r} crashed: {why}")


@pytest.mark.parametrize(("n", "jobs"), [(0, 2), (1, 2), (2, 2), (9, 1), (57, 2), (400, 3)])
def test_results_come_in_input_order(n: int, jobs: int) -> None:
    before = _children()
    assert list(ordered_map(_square_after, range(n), jobs=jobs, crashed=_never)) == [(i, i * i) for i in range(n)]
    assert _children() <= before or not _forking()  # the workers are reaped (spawning leaves a resource tracker)


@pytest.mark.parametrize("sizes", [
    [10] * 30,  # small items, four a chunk
    [10, 400_000, 10, 10, 300_000, 10],  # large items go alone
    [300_000] * 3 + [10] * 20 + [900_000],  # the largest last: sent first once all are read
    [900_000] + [10] * 50,
])
def test_sizes_change_the_order_items_run_in_not_the_order_of_results(sizes: list[int]) -> None:
    items = list(enumerate(sizes))
    got = list(ordered_map(_size_of_pair, items, jobs=2, crashed=_never, size_of=_size_of_pair))
    assert got == sizes


def _size_of_pair(item: tuple[int, int]) -> int:
    return item[1]


def test_bytes_larger_than_a_pipe_cross_both_ways() -> None:
    items = [bytes([i]) * (i * 300_000 + 1) for i in range(6)]
    assert list(ordered_map(_reversed, items, jobs=2, crashed=_never, size_of=len)) == [b[::-1] for b in items]


def _reversed(data: bytes) -> bytes:
    return data[::-1]


def test_items_are_read_a_window_ahead_only() -> None:
    pulled = count()
    items = (next(pulled) for _ in count())  # endless: the map must not read it all
    results = ordered_map(_square_after, items, jobs=2, crashed=_never)
    first = [next(results) for _ in range(10)]
    assert [n for n, _ in first] == list(range(10))
    assert next(pulled) <= 10 + 8 * 2 * CHUNK_ITEMS + 1
    results.close()  # type: ignore[attr-defined]


def _fail_on_5(n: int) -> int:
    if n == 5:
        raise ValueError("five")
    return n


def test_what_fn_raises_is_raised_at_its_turn_and_the_workers_are_stopped() -> None:
    before = _children()
    got = []
    with pytest.raises(ValueError, match="five"):
        for value in ordered_map(_fail_on_5, range(40), jobs=2, crashed=_never):
            got.append(value)
    assert got == ([0, 1, 2, 3, 4] if _forking() else [0, 1, 2, 3])  # (spawned: what a chunk raises is its all)
    assert _children() <= before or not _forking()


def _die_once(marks: Path, n: int) -> int:
    """Kill the worker the first time it runs item 7 (as the OOM killer would), and every time it runs item 13."""
    mark = marks / str(n)
    if n == 13 or (n == 7 and not mark.exists()):
        mark.touch()
        os.kill(os.getpid(), signal.SIGKILL)
    return n


@pytest.mark.parametrize("jobs", [1, 2, 3])
def test_a_killed_worker_loses_nothing_and_an_item_that_kills_twice_is_crashed(jobs: int, tmp_path: Path) -> None:
    before = _children()
    forking = _forking()
    got = list(ordered_map(partial(_die_once, tmp_path), range(30), jobs=jobs, crashed=lambda n, why: (n, why)))
    died = "the worker process died on it (killed, out of memory or crashed)"
    assert got[13] == (13, died)
    if forking:
        assert got[:13] == list(range(13)) and got[14:] == list(range(14, 30))  # 7 ran again, in a new worker
        assert _children() <= before
    else:  # spawned: 7 queued (not run) when 13 broke the pool runs alone, dies once, and counts as crashed
        assert all(v in (n, (n, died)) for n, v in enumerate(got)) and got[:7] + got[8:13] == [*range(7), *range(8, 13)]


def test_a_consumer_that_stops_early_leaves_no_worker() -> None:
    before = _children()
    results = ordered_map(_square_after, range(1000), jobs=2, crashed=_never)
    assert next(results) == (0, 0)
    assert len(_children() - before) >= 2
    results.close()  # type: ignore[attr-defined]
    assert _children() <= before or not _forking()


_RUN = """
import os, sys, time
from vanban.processes import ordered_map

def slow(n: int) -> int:
    time.sleep(0.05)
    return os.getpid()

if __name__ == "__main__":
    for pid in ordered_map(slow, range(10_000), jobs=2, crashed=lambda item, why: 0):
        print(pid, flush=True)
"""


def _workers_of(p: subprocess.Popen[str]) -> set[int]:
    assert p.stdout is not None
    pids: set[int] = set()
    while len(pids) < 2:
        pids.add(int(p.stdout.readline()))
    return pids


def _gone(pids: set[int], within: float) -> bool:
    end = time.monotonic() + within
    while time.monotonic() < end:
        if not any(Path(f"/proc/{pid}").exists() and "Z" not in _state(pid) for pid in pids):
            return True
        time.sleep(0.05)
    return False


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "Z"


@pytest.mark.parametrize("how", [signal.SIGINT, signal.SIGKILL])
def test_the_workers_end_with_the_process_that_runs_the_map(how: signal.Signals, tmp_path: Path) -> None:
    script = tmp_path / "run.py"
    script.write_text(_RUN, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    p = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                         env=env)
    try:
        workers = _workers_of(p)
        p.send_signal(how)
        code = p.wait(timeout=30)
        assert code == -how  # (Python ends by SIGINT on a KeyboardInterrupt it does not catch)
        assert _gone(workers, within=3)
    finally:
        p.kill()
        p.wait()


_FORKED = """
import os, signal, sys, tempfile
from functools import partial
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from tests.test_processes import _children, _die_once, _fail_on_5, _never, _square_after
from vanban.processes import ordered_map, start_method

assert start_method() == "fork"
assert list(ordered_map(_square_after, range(100), jobs=2, crashed=_never)) == [(i, i * i) for i in range(100)]
with tempfile.TemporaryDirectory() as marks:
    got = list(ordered_map(partial(_die_once, Path(marks)), range(30), jobs=2, crashed=lambda n, why: -n))
assert got == [*range(13), -13, *range(14, 30)], got
got = []
try:
    for n in ordered_map(_fail_on_5, range(40), jobs=2, crashed=_never):
        got.append(n)
except ValueError:
    pass
assert got == [0, 1, 2, 3, 4], got
assert not _children()
print("ok")
"""


def test_the_forked_pool_in_a_process_without_threads(tmp_path: Path) -> None:
    """What the tests above check, in a fresh process: forked workers whatever threads this one runs."""
    script = tmp_path / "forked.py"
    script.write_text(_FORKED, encoding="utf-8")
    done = subprocess.run([sys.executable, str(script), str(ROOT)], capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.stdout == "ok\n", done.stderr[-2000:]

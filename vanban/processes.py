"""Worker processes for CPU-bound work in pure Python: an ordered map over a pool, and the workers' set-up.

Parsing is Python code holding the interpreter lock, so threads do not run two parses at once;
processes do. :func:`ordered_map` sends the items in small chunks (a few per round trip, a large
item alone), keeps a bounded number of chunks in flight (memory stays bounded whatever the number
of items) and yields the results in input order. On Linux, when the caller runs no other thread,
the workers are forked from the calling process: they start with the package already imported
(nothing is imported again per task, and the function mapped is not sent), and this process talks
to them through a pipe each way, waiting on them with :mod:`selectors` — no thread of its own
competes with the workers for the cores. Elsewhere, or when the caller runs other threads, they
are spawned (a :class:`~concurrent.futures.ProcessPoolExecutor`). A worker that dies (killed, out
of memory) loses only its item: the item it was running is run again alone in a new worker, the
ones queued behind it go to the others, and the item that kills its worker again is given to
``crashed``.
"""

from __future__ import annotations

import gc
import os
import pickle
import selectors
import signal
import struct
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:  # imported where used: the forked workers need neither (≈ 10 ms of imports before the fork)
    from concurrent.futures import Future, ProcessPoolExecutor

A = TypeVar("A")
R = TypeVar("R")

CHUNK_ITEMS = 4
"""At most this many items per round trip to a worker (a round trip costs a fraction of a millisecond)."""
CHUNK_BYTES = 256 * 1024
"""A chunk is closed once its items' sizes reach this (a large document or a scan goes alone)."""
AHEAD = 2
"""Chunks sent to a forked worker before its answers come back: it starts the next one while this process reads."""
DIED = "the worker process died on it (killed, out of memory or crashed)"
"""The reason given to ``crashed`` for an item whose worker died twice on it."""


def worker_setup(parent: int) -> None:
    """Workers leave Ctrl-C to the main process (which stops the pool) and die with it.

    A parent killed outright (SIGKILL, OOM) cannot stop its pool: each worker watches for being
    re-parented and exits within a second, so no orphan keeps working. The objects a forked worker
    inherits (the imported package) are moved out of its cycle collector's reach: each collection
    would walk them all again (and write to their pages, which the fork shares with the parent).
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if os.getppid() != parent:
        os._exit(1)
    gc.freeze()  # what the worker starts with (the imported package) lives as long as it does

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="vanban-parent-watch", daemon=True).start()


def start_method() -> str:
    """``fork`` on Linux when the caller runs no other thread (workers inherit the imports), else ``spawn``."""
    if sys.platform.startswith("linux") and threading.active_count() == 1:
        return "fork"
    return "spawn"


def new_pool(jobs: int) -> ProcessPoolExecutor:
    """A pool of ``jobs`` worker processes set up by :func:`worker_setup`."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    ctx = multiprocessing.get_context(start_method())
    return ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=worker_setup, initargs=(os.getpid(),))


def chunks(items: Iterable[A], size_of: Callable[[A], int], max_items: int = CHUNK_ITEMS,
           max_bytes: int = CHUNK_BYTES) -> Iterator[list[A]]:
    """``items`` cut into lists of at most ``max_items``, closed early once their sizes reach ``max_bytes``."""
    chunk: list[A] = []
    size = 0
    for item in items:
        chunk.append(item)
        size += size_of(item)
        if len(chunk) >= max_items or size >= max_bytes:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


def _run_chunk(fn: Callable[[A], R], chunk: list[A]) -> list[R]:
    return [fn(item) for item in chunk]


def _stop(pool: ProcessPoolExecutor) -> None:
    """Stop a pool at once: queued work cancelled, running workers terminated.

    A worker terminated while it writes a result leaves half a message in the results pipe, and the pool's manager
    thread waits for the rest, which never comes: the process then hangs at exit, where that thread is joined. Once
    the workers are gone, this process's own end for writing results (which it never writes to) is closed, so the
    pipe has no writer left and the manager thread reads its end and stops.
    """
    processes = list((getattr(pool, "_processes", None) or {}).values())
    writer = getattr(getattr(pool, "_result_queue", None), "_writer", None)  # (shutdown lets go of the queue)
    pool.shutdown(wait=False, cancel_futures=True)
    for p in processes:
        if p.is_alive():
            p.terminate()
    for p in processes:
        p.join(5)
    if writer is not None and not any(p.is_alive() for p in processes):
        writer.close()


def ordered_map(fn: Callable[[A], R], items: Iterable[A], *, jobs: int, crashed: Callable[[A, str], R],
                size_of: Callable[[A], int] = lambda _: 0) -> Iterator[R]:
    """``fn(item)`` for every item in ``jobs`` worker processes, yielded in input order.

    ``fn`` must be picklable (a module-level function or a ``functools.partial`` of one) and should
    not raise (what it raises is raised here, at its item's turn): its value is what crosses back, so
    keep it small. ``crashed(item, reason)`` stands for an item whose worker died twice on it. At most
    ``8 * jobs`` chunks are in flight.
    """
    if start_method() == "fork":
        return _forked_map(fn, items, jobs, crashed, size_of)
    return _pooled_map(fn, items, jobs, crashed, size_of)


def _pooled_map(fn: Callable[[A], R], items: Iterable[A], jobs: int, crashed: Callable[[A, str], R],
                size_of: Callable[[A], int]) -> Iterator[R]:
    """:func:`ordered_map` over spawned workers (a ``ProcessPoolExecutor``)."""
    from concurrent.futures.process import BrokenProcessPool

    window = 8 * max(1, jobs)
    pending: deque[tuple[Future[list[R]], list[A]]] = deque()
    todo = chunks(items, size_of)
    pool = new_pool(jobs)
    done = False
    try:
        while True:
            for chunk in islice(todo, window - len(pending)):
                pending.append((pool.submit(_run_chunk, fn, chunk), chunk))
            if not pending:
                break
            future, chunk = pending.popleft()
            try:
                results = future.result()
            except BrokenProcessPool:
                _stop(pool)
                suspects = chunk + [item for _, c in pending for item in c]
                pending.clear()
                pool = new_pool(jobs)
                for item in suspects:  # one at a time: the item that kills its worker is the one running
                    try:
                        yield pool.submit(fn, item).result()
                    except BrokenProcessPool:
                        _stop(pool)
                        yield crashed(item, DIED)
                        pool = new_pool(jobs)
                continue
            yield from results
        done = True
    finally:
        if done:
            pool.shutdown(wait=True)
        else:  # the consumer stopped early, Ctrl-C: nothing more is wanted
            _stop(pool)


_FRAME = struct.Struct("<Q")
"""Each message through a worker's pipes: its length, then its pickle."""


def _write_all(fd: int, data: bytes) -> None:
    """``data`` written whole to a blocking ``fd``, after its length."""
    view = memoryview(data)
    head = _FRAME.pack(len(data))
    sent = os.writev(fd, [head, view])
    while sent < len(head) + len(view):
        if sent < len(head):
            sent += os.writev(fd, [head[sent:], view])
        else:
            sent += os.write(fd, view[sent - len(head):])


def _read_exact(fd: int, n: int) -> bytearray | None:
    """``n`` bytes from a blocking ``fd``, or ``None`` when it ends first (the writer is gone)."""
    buf = bytearray(n)
    view = memoryview(buf)
    got = 0
    while got < n:
        k = os.readv(fd, [view[got:]])
        if k == 0:
            return None
        got += k
    return buf


def _read_frame(fd: int) -> bytearray | None:
    """One message from a blocking ``fd``, or ``None`` when it ends first."""
    head = _read_exact(fd, _FRAME.size)
    return None if head is None else _read_exact(fd, _FRAME.unpack(head)[0])


def _worker(fn: Callable[[A], R], tasks: int, answers: int, parent: int) -> None:
    """A forked worker: for each chunk read from ``tasks``, ``(True, fn(item))`` or ``(False, exception)`` per item
    written to ``answers``, until ``tasks`` ends (the pool stops, or the parent is gone)."""
    worker_setup(parent)
    while (frame := _read_frame(tasks)) is not None:
        for item in pickle.loads(frame):
            try:
                data = pickle.dumps((True, fn(item)), pickle.HIGHEST_PROTOCOL)
            except Exception as e:  # raised in the calling process at its item's turn, as a pool does
                try:
                    data = pickle.dumps((False, e), pickle.HIGHEST_PROTOCOL)
                except Exception:
                    data = pickle.dumps((False, RuntimeError(f"{type(e).__name__}: {e}")), pickle.HIGHEST_PROTOCOL)
            _write_all(answers, data)


class _Forked:
    """One forked worker: the pipe its chunks go down, the pipe its answers come up, and what it has not answered."""

    pid: int
    tasks: int
    answers: int

    def __init__(self, fn: Callable[[A], object], others: list[_Forked], select: selectors.BaseSelector) -> None:
        tasks_r, tasks_w = os.pipe()
        answers_r, answers_w = os.pipe()
        parent = os.getpid()
        pid = os.fork()
        if pid == 0:  # the worker: never returns into the caller's code
            code = 0
            try:
                for fd in (tasks_w, answers_r, *(fd for w in others for fd in (w.tasks, w.answers))):
                    os.close(fd)  # (another worker's ends held here would hide its end from it)
                _worker(fn, tasks_r, answers_w, parent)
            except BaseException:
                code = 1
            finally:
                os._exit(code)
        os.close(tasks_r)
        os.close(answers_w)
        os.set_blocking(tasks_w, False)  # chunks are written as the pipe takes them (see flush)
        self.pid, self.tasks, self.answers, self._select = pid, tasks_w, answers_r, select
        self._out = bytearray()
        self._watched = False  # the selector tells when the pipe takes more of _out
        self.sent: deque[list[tuple[int, Any]]] = deque()
        """The chunks sent and not answered whole, oldest first; the first item of the first is the one running."""
        self.alone = False
        """Running only an item that was running when a worker died."""
        select.register(answers_r, selectors.EVENT_READ, (self, False))

    def send(self, chunk: list[tuple[int, Any]]) -> None:
        """Send ``chunk`` (numbered items) to the worker (what the pipe does not take now goes when it can)."""
        data = pickle.dumps([item for _, item in chunk], pickle.HIGHEST_PROTOCOL)
        self._out += _FRAME.pack(len(data))
        self._out += data
        self.sent.append(chunk)
        if not self._watched:
            self.flush()

    def flush(self) -> None:
        """Write what the pipe takes now of what waits for the worker (a worker gone takes nothing)."""
        try:
            while self._out:
                del self._out[:os.write(self.tasks, self._out)]
        except BlockingIOError:
            pass
        except BrokenPipeError:  # gone: its end of the answers' pipe tells the rest
            self._out.clear()
        if self._out and not self._watched:
            self._select.register(self.tasks, selectors.EVENT_WRITE, (self, True))
        elif self._watched and not self._out:
            self._select.unregister(self.tasks)
        self._watched = bool(self._out)

    def answer(self) -> tuple[int, tuple[bool, object]] | None:
        """The next answer (its item's number and what became of it), or ``None`` when the worker is gone."""
        frame = _read_frame(self.answers)
        if frame is None or not self.sent:
            return None
        chunk = self.sent[0]
        n, _ = chunk.pop(0)
        if not chunk:
            self.sent.popleft()
        answer: tuple[bool, object] = pickle.loads(frame)
        return n, answer

    def close(self, kill: bool) -> None:
        """End the worker (at once with ``kill``, else once it has read that no more chunks come) and reap it."""
        if self._watched:
            self._select.unregister(self.tasks)
        self._out.clear()
        self._select.unregister(self.answers)
        os.close(self.tasks)
        os.close(self.answers)
        if kill:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        os.waitpid(self.pid, 0)


def _forked_map(fn: Callable[[A], R], items: Iterable[A], jobs: int, crashed: Callable[[A, str], R],
                size_of: Callable[[A], int]) -> Iterator[R]:
    """:func:`ordered_map` over workers forked from this process, driven without threads."""
    window = 8 * max(1, jobs)
    todo = chunks(items, size_of)
    ready: deque[tuple[int, list[tuple[int, A]]]] = deque()  # chunks of numbered items read, not sent, and sizes
    retry: deque[tuple[int, A]] = deque()  # items that were running when their worker died
    done: dict[int, tuple[bool, object]] = {}  # answers not yielded yet, by number
    ends: deque[int] = deque()  # for each chunk read and not yielded whole, the number after its last item
    count = yielded = 0
    more = True
    select = selectors.DefaultSelector()
    workers: list[_Forked] = []
    finished = False
    try:
        for _ in range(max(1, jobs)):
            workers.append(_Forked(fn, workers, select))
        while True:
            while more and len(ends) < window:
                chunk = next(todo, None)
                if chunk is None:
                    more = False
                    break
                ready.append((sum(map(size_of, chunk)), [(count + i, item) for i, item in enumerate(chunk)]))
                count += len(chunk)
                ends.append(count)
            _dispatch(workers, ready, retry, more)  # (before yielding too: the consumer may take a while)
            if yielded in done:
                ok, value = done.pop(yielded)
                yielded += 1
                while ends and ends[0] <= yielded:
                    ends.popleft()
                if not ok:
                    raise value  # type: ignore[misc]  # (an exception: what fn raised)
                yield value  # type: ignore[misc]
                continue
            if yielded == count and not more:
                break
            for key, _ in select.select():
                worker, writable = key.data
                if writable:
                    worker.flush()
                    continue
                got = worker.answer()
                if got is not None:
                    done[got[0]] = got[1]
                    worker.alone = False
                    continue
                lost = [pair for c in worker.sent for pair in c]  # (numbered items sent and not answered)
                alone = worker.alone
                worker.close(kill=True)
                workers.remove(worker)
                if lost:  # its first is the one it was running: run again alone, and given up on its second death
                    n, item = lost[0]
                    if alone:
                        done[n] = (True, crashed(item, DIED))
                    else:
                        retry.append((n, item))
                    if lost[1:]:
                        rest = lost[1:]
                        ready.appendleft((sum(size_of(item) for _, item in rest), rest))
                workers.append(_Forked(fn, workers, select))
                break  # (the other keys selected may be this worker's)
        finished = True
    finally:
        for w in workers:
            w.close(kill=not finished)
        select.close()


def _dispatch(workers: list[_Forked], ready: deque[tuple[int, list[tuple[int, A]]]], retry: deque[tuple[int, A]],
              more: bool) -> None:
    """Give each worker chunks until it has :data:`AHEAD` of them; an item to run again goes alone to an idle one.

    Once all the items are read, the largest chunk left goes first, and only to a worker with nothing queued when
    the chunks left are few: the workers then end together (the first done takes what is left), not one idle while
    another works through a queue of its own.
    """
    if not more and len(ready) > 1:
        largest_first = sorted(ready, key=lambda sc: -sc[0])  # (stable: input order among equal sizes)
        ready.clear()
        ready.extend(largest_first)
    ahead = AHEAD if more or len(ready) > len(workers) else 1
    for w in sorted(workers, key=lambda w: len(w.sent)):
        if w.alone:
            continue
        if retry and not w.sent:
            n, item = retry.popleft()
            w.alone = True
            w.send([(n, item)])
            continue
        while ready and len(w.sent) < ahead:
            _, chunk = ready.popleft()
            w.send(chunk)

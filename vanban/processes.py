"""Worker processes for CPU-bound work in pure Python: an ordered map over a pool, and the workers' set-up.

Parsing is Python code holding the interpreter lock, so threads do not run two parses at once;
processes do. :func:`ordered_map` sends the items in small chunks (a few per round trip, a large
item alone), keeps a bounded number of chunks in flight (memory stays bounded whatever the number
of items) and yields the results in input order. Workers are forked from the calling process on
Linux, so they start with the package already imported (nothing is imported again per task);
elsewhere, or when the caller runs other threads, they are spawned. A worker that dies (killed,
out of memory) loses only its item: the pool is replaced, the items that were in flight are run
again one at a time, and the one that kills its worker again is given to ``crashed``.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import islice
from typing import TypeVar

A = TypeVar("A")
R = TypeVar("R")

CHUNK_ITEMS = 4
"""At most this many items per round trip to a worker (a round trip costs a fraction of a millisecond)."""
CHUNK_BYTES = 256 * 1024
"""A chunk is closed once its items' sizes reach this (a large document or a scan goes alone)."""


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
    not raise: its value is what crosses back, so keep it small. ``crashed(item, reason)`` stands for
    an item whose worker died twice on it. At most ``8 * jobs`` chunks are in flight.
    """
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
                        yield crashed(item, "the worker process died on it (killed, out of memory or crashed)")
                        pool = new_pool(jobs)
                continue
            yield from results
        done = True
    finally:
        if done:
            pool.shutdown(wait=True)
        else:  # the consumer stopped early, Ctrl-C: nothing more is wanted
            _stop(pool)

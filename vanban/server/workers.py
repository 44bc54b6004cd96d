"""CPU-bound work off the event loop: a pool of worker processes with a time limit per job.

A job that passes the limit raises :class:`JobTimeout`; its pool is then replaced by a fresh one
and terminated, so a runaway document cannot keep a worker busy. The other jobs that were running
in the old pool are run again in the new one (once).
"""

from __future__ import annotations

import asyncio
import multiprocessing
import signal
import threading
from collections.abc import Callable
from multiprocessing.pool import Pool
from typing import Any, TypeVar

T = TypeVar("T")


class JobTimeout(Exception):
    """A job took longer than the time limit."""


class _Restarted(Exception):
    """The pool a job ran in was replaced while it ran."""


def _quiet_worker() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the server, which stops its workers


def _settle(fut: asyncio.Future[Any], value: Any, error: BaseException | None) -> None:
    if fut.done():
        return
    if error is not None:
        fut.set_exception(error)
    else:
        fut.set_result(value)


class Workers:
    """Runs jobs in ``n`` worker processes (or in threads when ``n`` is 0) within ``timeout_s`` each."""

    def __init__(self, n: int, timeout_s: float) -> None:
        self.n, self.timeout_s = n, timeout_s
        self._pool: Pool | None = None
        self._generation = 0
        self._running: dict[int, set[asyncio.Future[Any]]] = {}

    def _new_pool(self) -> Pool:
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["vanban.server.jobs"])
        return ctx.Pool(self.n, initializer=_quiet_worker)

    def start(self) -> None:
        """Start the worker processes (nothing to start with ``n`` = 0)."""
        if self.n > 0 and self._pool is None:
            self._pool = self._new_pool()

    def close(self) -> None:
        """Stop the worker processes."""
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None

    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        """``fn(*args)`` in a worker; ``JobTimeout`` past the time limit."""
        if self.n == 0:
            try:
                return await asyncio.wait_for(asyncio.to_thread(fn, *args), self.timeout_s)
            except asyncio.TimeoutError:
                raise JobTimeout(self.timeout_s) from None
        for attempt in range(2):
            try:
                return await self._in_pool(fn, args)
            except _Restarted:
                if attempt:
                    raise JobTimeout(self.timeout_s) from None
        raise AssertionError("unreachable")  # pragma: no cover

    async def _in_pool(self, fn: Callable[..., T], args: tuple[Any, ...]) -> T:
        self.start()
        assert self._pool is not None
        loop = asyncio.get_running_loop()
        fut: asyncio.Future[T] = loop.create_future()
        generation = self._generation
        running = self._running.setdefault(generation, set())
        running.add(fut)
        self._pool.apply_async(
            fn, args,
            callback=lambda v: loop.call_soon_threadsafe(_settle, fut, v, None),
            error_callback=lambda e: loop.call_soon_threadsafe(_settle, fut, None, e),
        )
        try:
            return await asyncio.wait_for(fut, self.timeout_s)
        except asyncio.TimeoutError:
            self._restart(generation)
            raise JobTimeout(self.timeout_s) from None
        finally:
            running.discard(fut)

    def _restart(self, generation: int) -> None:
        """Replace the pool of ``generation`` (if still current) and terminate it; its other jobs run again."""
        if generation != self._generation or self._pool is None:
            return
        old = self._pool
        self._generation += 1
        self._pool = self._new_pool()
        for fut in self._running.pop(generation, set()):
            if not fut.done():
                fut.set_exception(_Restarted())
        threading.Thread(target=old.terminate, daemon=True).start()

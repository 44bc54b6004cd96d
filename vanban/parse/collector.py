"""Python's cycle collector paused while a text is parsed.

A parse makes many small objects (lines, segments, spans) that live until the parse ends, and the
collector would walk them again and again as they pile up: 13–15 % of the parse time on the gazette
corpus, more on a big document, whose full collections walk everything still alive. Reference counting
frees what a parse leaves behind; the few cycles it makes (a line and the table it belongs to) are
collected by the next collection after the parse.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable
from functools import wraps
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")

_lock = threading.Lock()
_depth = 0
_restore = False


def _enter() -> None:
    global _depth, _restore
    with _lock:
        if _depth == 0:
            _restore = gc.isenabled()
            gc.disable()
        _depth += 1


def _leave() -> None:
    global _depth
    with _lock:
        _depth -= 1
        if _depth == 0 and _restore:
            gc.enable()


def collector_paused(fn: Callable[P, T]) -> Callable[P, T]:
    """``fn`` run with the cycle collector paused (restored after, on error too; nested and threaded calls
    restore it when the last one ends, and only if it was on)."""

    @wraps(fn)
    def call(*args: P.args, **kwargs: P.kwargs) -> T:
        _enter()
        try:
            return fn(*args, **kwargs)
        finally:
            _leave()

    return call

"""Compiled regular expressions kept between runs, as Python keeps a module's bytecode.

The parser's patterns are built from the catalogues (every type name, issuer word and title as tries
of alternatives); compiling them is about a sixth of a command's start-up (35-45 ms of 0.22-0.25 s of
CPU), paid again by every ``vanban`` process. :func:`compile` compiles a pattern as ``re.compile`` does, and keeps what
the regular-expression engine is handed (its code, groups and flags) in a file beside the package's
bytecode; a later run of the same interpreter builds the pattern from that in a few microseconds.

    >>> p = compile(r"(?P<n>\\d+)/QĐ-UBND")
    >>> p == re.compile(r"(?P<n>\\d+)/QĐ-UBND")
    True

An entry is kept only when the pattern built from it is equal to ``re.compile``'s (same flags, code
and pattern text), and a file is read only by the interpreter that wrote it (the same version, build
and engine): any other file, a damaged one, or an engine that refuses the code, gives
``re.compile``'s pattern. The file is written as bytecode is, where ``importlib`` puts bytecode
(``__pycache__``, or ``PYTHONPYCACHEPREFIX``), not at all under ``PYTHONDONTWRITEBYTECODE``, and
silently not where the folder cannot be written. It holds patterns only, no code that runs.
"""

from __future__ import annotations

import atexit
import marshal
import os
import re
import sys
from importlib import import_module
from importlib.util import cache_from_source
from typing import Any

_FORMAT = 1
_MOST = 4096
"""Entries kept in the file: past this, only the patterns of the run writing it (a text's own patterns never go
there, but a long development may leave many that no longer exist)."""

_Entry = tuple[int, list[int], int, dict[str, int], tuple[str | None, ...]]
_Key = tuple[str, int]


def _engine() -> tuple[Any, Any, Any] | None:
    """CPython's pattern parser, code generator and engine (``None`` elsewhere: patterns are then compiled)."""
    try:
        return import_module("re._parser"), import_module("re._compiler"), import_module("_sre")
    except ImportError:
        return None


_ENGINE = _engine()


def _stamp() -> tuple[object, ...]:
    """What the file's reader must be to read it: the interpreter and its regular-expression engine."""
    sre = _ENGINE[2] if _ENGINE else None
    return (_FORMAT, sys.implementation.name, sys.implementation.cache_tag, sys.hexversion, sys.version,
            getattr(sre, "MAGIC", None), getattr(sre, "CODESIZE", None), getattr(sre, "MAXREPEAT", None))


def _path() -> str | None:
    """Where the kept patterns are read from and written to (``None``: nowhere)."""
    if _ENGINE is None:
        return None
    try:
        pyc = cache_from_source(__file__)
    except (NotImplementedError, ValueError):  # no cache tag: this interpreter keeps no bytecode either
        return None
    return pyc[:-len(".pyc")] + ".re" if pyc.endswith(".pyc") else None


def _read(path: str | None) -> dict[_Key, _Entry]:
    """The entries of the file at ``path`` when this interpreter wrote it (else none)."""
    if path is None:
        return {}
    try:
        with open(path, "rb") as f:
            stamp, entries = marshal.load(f)
    except Exception:  # missing, damaged, or not ours: nothing kept
        return {}
    return entries if stamp == _stamp() and isinstance(entries, dict) else {}


class _Kept:
    """The entries read from the file (each taken out once used) and those made in this run."""

    def __init__(self) -> None:
        self.path = _path()
        self.entries: dict[_Key, _Entry] | None = None  # read at the first pattern
        self.used: set[_Key] = set()
        self.new: dict[_Key, _Entry] = {}
        self.pid = os.getpid()
        self.writes = self.path is not None and not sys.dont_write_bytecode

    def load(self) -> dict[_Key, _Entry]:
        if self.entries is None:
            self.entries = _read(self.path)
            if self.writes:
                atexit.register(self.save)
        return self.entries

    def save(self) -> None:
        """Write the file when this run compiled patterns it did not hold (in the process that read it, not a fork)."""
        if not self.new or os.getpid() != self.pid or self.path is None:
            return
        entries = _read(self.path)
        entries.update(self.new)
        if len(entries) > _MOST:
            entries = {k: v for k, v in entries.items() if k in self.used}
        tmp = f"{self.path}.{os.getpid()}.tmp"
        try:
            os.makedirs(os.path.dirname(self.path), exist_ok=True)
            with open(tmp, "wb") as f:
                marshal.dump((_stamp(), entries), f)  # type: ignore[arg-type]  # (tuples, lists, dicts of str and int)
            os.replace(tmp, self.path)
        except Exception:  # a folder that cannot be written: compiled again next time
            try:
                os.unlink(tmp)
            except OSError:
                pass
        self.new.clear()


_KEPT = _Kept()


def save() -> None:
    """Write the patterns compiled in this run beside the bytecode (done at exit; call it before ``os._exit``)."""
    _KEPT.save()


def _entry(source: str, flags: int) -> _Entry:
    """What ``re.compile(source, flags)`` hands the engine, made as ``re._compiler.compile`` makes it."""
    assert _ENGINE is not None
    parser, compiler, _ = _ENGINE
    parsed = parser.parse(source, flags)
    code = [int(c) for c in compiler._code(parsed, flags)]
    names = dict(parsed.state.groupdict)
    index: list[str | None] = [None] * parsed.state.groups
    for name, i in names.items():
        index[i] = name
    return flags | parsed.state.flags, code, parsed.state.groups - 1, names, tuple(index)


def _built(source: str, entry: _Entry) -> re.Pattern[str]:
    assert _ENGINE is not None
    built: re.Pattern[str] = _ENGINE[2].compile(source, *entry)
    return built


def compile(source: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(source, flags)``, built from what an earlier run kept of it when it can be."""
    flags = int(flags)
    key = (source, flags)
    kept = _KEPT.load()
    entry = kept.pop(key, None)
    if entry is not None:
        try:
            built = _built(source, entry)
        except Exception:  # an entry the engine refuses: compiled, and kept again
            pass
        else:
            _KEPT.used.add(key)
            return built
    compiled = re.compile(source, flags)
    if _KEPT.writes and key not in _KEPT.new and key not in _KEPT.used:
        try:
            entry = _entry(source, flags)
            if _built(source, entry) == compiled:
                _KEPT.new[key] = entry
                _KEPT.used.add(key)
        except Exception:  # the engine's internals are not what this module knows: nothing kept
            pass
    return compiled

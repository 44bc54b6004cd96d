"""What the batch commands share: the input argument, the one-line report of a failed input, the exit code."""

from __future__ import annotations

import argparse
import io
import json
import sys
from typing import Any, BinaryIO

from vanban.batch import Outcome

INPUT_HELP = ("files and folders (folders are walked for .docx, .pdf, .edxml, .doc and for .txt, .md, .html, "
              ".json, .yaml, .xml files that look like documents)")


def add_inputs(p: Any) -> None:
    """Add the ``PATH...`` argument of a batch command."""
    p.add_argument("paths", nargs="+", metavar="PATH", help=INPUT_HELP)


def _jobs(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of processes (1 or more)")
    return n


def add_jobs(p: Any) -> None:
    """Add ``--jobs N``: inputs read, parsed and serialised in N worker processes, output in input order."""
    p.add_argument("--jobs", type=_jobs, default=1, metavar="N",
                   help="work on N files at the same time in N processes (one core each); output in input order")


def report_failure(outcome: Outcome) -> None:
    """One line ``path: reason`` on stderr for an input that failed."""
    print(f"{outcome.source}: {outcome.error}", file=sys.stderr, flush=True)


def exit_code(failed: int, errors: bool = False) -> int:
    """2 when an input failed, else 1 when a finding has error severity, else 0."""
    return 2 if failed else 1 if errors else 0


def list_item(item: str) -> str:
    """An object's ``indent=2`` JSON indented as an item of a list printed with ``indent=2``."""
    return "  " + item.replace("\n", "\n  ")


_INDENTED = json.JSONEncoder(ensure_ascii=False, indent=2)
_PIECE = 1 << 16
"""Characters of JSON text gathered before they are indented and encoded (a long string is a piece of its own)."""


def json_item(data: Any) -> bytes:
    """``list_item(json.dumps(data, ensure_ascii=False, indent=2)).encode()``, made a piece at a time.

    The whole JSON text never stands as a string (nor twice, indented): a big document's body is held
    once more as its JSON string, beside the UTF-8 written so far.
    """
    out = io.BytesIO()
    out.write(b"  ")
    pending: list[str] = []
    size = 0
    for chunk in _INDENTED.iterencode(data):
        pending.append(chunk)
        size += len(chunk)
        if size >= _PIECE:
            out.write("".join(pending).replace("\n", "\n  ").encode())
            pending, size = [], 0
    out.write("".join(pending).replace("\n", "\n  ").encode())
    return out.getvalue()


def stdout_bytes() -> BinaryIO:
    """Standard output for writing UTF-8 bytes (what was written to it as text is flushed first).

    The batch commands' workers send their output encoded: the main process, which shares the cores
    with them, then only writes it (no decoding and encoding again of megabytes of JSON).
    """
    sys.stdout.flush()
    return sys.stdout.buffer


def terminal() -> bool:
    """True when standard output is line-buffered (a terminal): bytes written to it are then flushed as they come."""
    return bool(getattr(sys.stdout, "line_buffering", False))


class JsonList:
    """Prints ``indent=2`` JSON items (each :func:`list_item` in UTF-8) as they come, as ``json.dumps`` prints the list.

    One item alone is printed as the object itself, none as ``[]``: the first item waits for a second.
    Each item is flushed when standard output is a terminal (text written there shows line by line).
    """

    def __init__(self, out: BinaryIO) -> None:
        self._out = out
        self._first: bytes | None = None
        self._count = 0
        self._flush = terminal()

    def add(self, item: bytes) -> None:
        """Print (or hold) the next item."""
        self._count += 1
        if self._count == 1:
            self._first = item
        else:
            if self._count == 2:
                self._out.write(b"[\n" + (self._first or b""))
                self._first = None
            self._out.write(b",\n")
            self._out.write(item)
            if self._flush:
                self._out.flush()

    def close(self) -> None:
        """Print the end of the list (or the one object, or ``[]``)."""
        if self._count == 0:
            self._out.write(b"[]\n")
        elif self._count == 1:  # line breaks stand only between JSON tokens (and in UTF-8 only for themselves)
            _write_unindented(self._out, self._first or b"")
            self._out.write(b"\n")
        else:
            self._out.write(b"\n]\n")
        self._out.flush()


def _write_unindented(out: BinaryIO, item: bytes) -> None:
    """Write a :func:`list_item` as the object itself (its indent undone), line by line: no copy of it is made."""
    view = memoryview(item)
    a = 2
    while (k := item.find(b"\n  ", a)) >= 0:
        out.write(view[a:k + 1])
        a = k + 3
    out.write(view[a:])

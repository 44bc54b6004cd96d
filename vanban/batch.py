"""Many inputs in one go: each input gives its own :class:`Outcome`, and one that fails never stops the others.

``parse_many(inputs)`` and ``validate_many(inputs, ...)`` take one input or many — paths (folders are
walked for document files, see :mod:`vanban.readers.discover`), bytes, binary file objects — and
yield, in input order, an ``Outcome`` per document: its ``document`` (and ``report``), or the
``error`` that stopped it. Any exception on one input is caught: a :class:`~vanban.errors.VanbanError`
keeps its message, anything else is reported as an :class:`~vanban.errors.InternalError` naming the
exception type. Invalid options (``profile``, ``lang``, rule ids) raise ``OptionError`` at once.
"""

from __future__ import annotations

import datetime as dt
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from functools import partial
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict

from vanban.errors import InternalError, VanbanError
from vanban.models import Document
from vanban.readers import MAX_BYTES, parse_file, source_name
from vanban.readers.discover import expand_inputs
from vanban.report import Lang, Profile, Report
from vanban.rules import check_options, rule_ids, validate

T = TypeVar("T")


class InputFailure(BaseModel):
    """The entry the command line prints in JSON, JSONL output in place of an input that failed."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    source: str
    error: str
    error_type: str


class Outcome(BaseModel):
    """What became of one input of a batch: the document (and its report), or the error that stopped it.

    ``source`` is the path as given (or found in a folder), a file object's name, or ``<input N>``
    for bytes; ``error`` is one line saying why, without the source; ``error_type`` the name of the
    :class:`~vanban.errors.VanbanError` subclass (``InputError``, ``UnsupportedFormatError``,
    ``InternalError``...).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    source: str
    document: Document | None = None
    report: Report | None = None
    error: str | None = None
    error_type: str | None = None

    @property
    def ok(self) -> bool:
        """True when the input was read (and checked) without error."""
        return self.error is None

    def error_json(self) -> dict[str, str]:
        """The ``{"source": ..., "error": ..., "error_type": ...}`` entry printed for a failed input."""
        return InputFailure(source=self.source, error=self.error or "", error_type=self.error_type or "").model_dump()


def _label(item: Any, n: int) -> str:
    return source_name(item) or f"<input {n}>"


def _reason(e: VanbanError, source: str) -> str:
    """The message without a leading ``source:`` (the outcome carries the source)."""
    msg = " ".join(str(e).split())
    for prefix in (f"{source}: ", "input: "):
        if msg.startswith(prefix):
            return msg[len(prefix):]
    return msg


def attempt(step: Callable[[], T]) -> tuple[T | None, VanbanError | None]:
    """Run ``step`` for one input: its value, or the error it raised (any exception becomes a ``VanbanError``)."""
    try:
        return step(), None
    except VanbanError as e:
        return None, e
    except Exception as e:  # one input's fault must not end the batch: named and reported
        return None, InternalError.wrap(e)


def failed(source: str, error: VanbanError) -> Outcome:
    """The outcome of an input that failed with ``error``."""
    return Outcome(source=source, error=_reason(error, source), error_type=type(error).__name__)


def parse_many(inputs: Any, *, max_bytes: int = MAX_BYTES, jobs: int = 1) -> Iterator[Outcome]:
    """Read every input (folders walked) and yield an :class:`Outcome` per document, in input order.

    ``jobs`` > 1 reads that many inputs at the same time (threads: scans' OCR runs in Tesseract's own
    processes), at most twice as many in flight, results still in input order.
    """
    items = ((_label(item, n), item) for n, item in enumerate(expand_inputs(inputs), 1))

    def one(source: str, item: Any) -> Outcome:
        doc, err = attempt(partial(parse_file, item, max_bytes=max_bytes))
        if err is not None or doc is None:
            return failed(source, err or InternalError("no document"))
        return Outcome(source=source, document=doc if doc.source else doc.model_copy(update={"source": source}))

    if jobs <= 1:
        for source, item in items:
            yield one(source, item)
        return
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        pending: deque[Future[Outcome]] = deque()
        for source, item in items:
            pending.append(pool.submit(one, source, item))
            if len(pending) >= 2 * jobs:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def validate_many(inputs: Any, profile: Profile | None = None, *, lang: Lang = "vi",
                  select: str | Iterable[str] = (), ignore: str | Iterable[str] = (),
                  today: dt.date | None = None, copy: str | None = None,
                  max_bytes: int = MAX_BYTES) -> Iterator[Outcome]:
    """Read and check every input (folders walked); yields an :class:`Outcome` with the document and its report.

    Options are checked before any input is read: an invalid one raises ``OptionError`` at the call.
    ``copy`` is passed to :func:`~vanban.rules.validate` (``gazette`` for Công báo copies).
    """
    check_options(profile, lang, copy)
    sel, ign = rule_ids(select), rule_ids(ignore)

    def run() -> Iterator[Outcome]:
        for outcome in parse_many(inputs, max_bytes=max_bytes):
            doc = outcome.document
            if doc is None:
                yield outcome
                continue
            report, err = attempt(partial(validate, doc, profile, lang=lang, select=sel, ignore=ign, today=today,
                                                  copy=copy))
            if err is not None or report is None:
                yield failed(outcome.source, err or InternalError("no report"))
            else:
                yield outcome.model_copy(update={"report": report})

    return run()

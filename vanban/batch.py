"""Many inputs in one go: each input gives its own :class:`Outcome`, and one that fails never stops the others.

``parse_many(inputs)`` and ``validate_many(inputs, ...)`` take one input or many — paths (folders are
walked for document files, see :mod:`vanban.readers.discover`), bytes, binary file objects — and
yield, in input order, an ``Outcome`` per document: its ``document`` (and ``report``), or the
``error`` that stopped it. Any exception on one input is caught: a :class:`~vanban.errors.VanbanError`
keeps its message, anything else is reported as an :class:`~vanban.errors.InternalError` naming the
exception type. Invalid options (``profile``, ``lang``, rule ids) raise ``OptionError`` at once.

``jobs`` > 1 spreads the inputs over worker processes (:mod:`vanban.processes`: parsing is Python
code, which threads would run one at a time); :func:`map_many` runs a step of the caller's on each
document there and sends back only its value — what the command line uses. Reading the pages of
one scan at the same time is :func:`~vanban.readers.parse_file`'s ``jobs`` (threads: each page's
OCR is a Tesseract process of its own).
"""

from __future__ import annotations

import datetime as dt
import os
import pickle
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from itertools import chain, islice
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict

from vanban.errors import InternalError, OptionError, VanbanError
from vanban.models import Document
from vanban.readers import MAX_BYTES, parse_file, read_bytes, read_document, source_name
from vanban.readers.discover import found_inputs, is_document_file
from vanban.report import Lang, Profile, Report

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
    for bytes (``N``: its place among the inputs given); ``error`` is one line saying why, without
    the source; ``error_type`` the name of the :class:`~vanban.errors.VanbanError` subclass
    (``InputError``, ``UnsupportedFormatError``, ``InternalError``...).
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


Job = tuple[str, "str | bytes | None", "str | None", "tuple[str, str] | None", bool]
"""One input ready for a worker: its source, its path or bytes, its name, the failure met reading it, and
whether it was found in a folder (its content not looked at yet: it may not be a document)."""
Done = tuple[str, Any, "str | None", "str | None"]
"""What comes back from a worker: the source, the step's value, the error and its type."""


def _job(n: int, item: Any, found: bool, max_bytes: int) -> Job:
    """A path goes as it is (the worker reads it); anything else is read here (a file object cannot travel)."""
    source = _label(item, n)
    if isinstance(item, (str, os.PathLike)) and isinstance(os.fspath(item), str):
        return source, os.fspath(item), None, None, found
    read, err = attempt(partial(read_bytes, item, max_bytes))
    if err is not None or read is None:
        gone = failed(source, err or InternalError("nothing read"))
        return source, None, None, (gone.error or "", gone.error_type or ""), False
    return source, read[0], read[1], None, False


def _size(job: Job) -> int:
    what = job[1]
    if isinstance(what, bytes):
        return len(what)
    try:
        return os.stat(what).st_size if what else 0
    except (OSError, ValueError):
        return 0


def _work(step: Callable[[Document], T], max_bytes: int, job: Job) -> Done | None:
    """Read, parse and run ``step`` on one input; any error is caught and returned as text.

    ``None`` for a file found in a folder that is not a document (told here, in the worker, so that
    looking at the files' content is shared out too).
    """
    source, what, name, gone, found = job
    if gone is not None:
        return source, None, gone[0], gone[1]
    if found and isinstance(what, str) and not is_document_file(Path(what)):
        return None
    if isinstance(what, bytes):
        doc, err = attempt(partial(read_document, what, name))
    else:
        doc, err = attempt(partial(parse_file, what or "", max_bytes=max_bytes))
    if err is None and doc is not None:
        document = doc if doc.source else doc.model_copy(update={"source": source})
        value, err = attempt(partial(step, document))
        if err is None:
            return source, value, None, None
    outcome = failed(source, err or InternalError("no document"))
    return source, None, outcome.error, outcome.error_type


def _crashed(job: Job, reason: str) -> Done:
    return job[0], None, f"internal error ({reason}); please report it with the input", "InternalError"


def map_many(step: Callable[[Document], T], inputs: Any, *, jobs: int = 1, max_bytes: int = MAX_BYTES,
             warm: bool = False) -> Iterator[tuple[Outcome, T | None]]:
    """Read every input (folders walked) and run ``step`` on its document; yields ``(outcome, value)`` in input order.

    ``jobs`` > 1 runs the reading, parsing and ``step`` in that many worker processes
    (:mod:`vanban.processes`); only ``step``'s value comes back, so make it small (a string, a
    report) and picklable — a module-level function or a ``functools.partial`` of one (else
    ``OptionError`` at the call). The outcome carries the source and, when the input or ``step`` failed, the error (its value is
    then ``None``); it carries no document. Before the workers are forked, a small sample document is
    parsed here (see :func:`warm_up`), and with ``warm`` ``step`` is run on it too (only for a step
    without side effects): what a first call builds is then built once, not again in every worker.
    """
    if jobs > 1:
        try:
            pickle.dumps(step)
        except Exception as e:  # a lambda, a local function: the workers cannot be sent it
            raise OptionError(f"map_many with jobs={jobs}: the step must be picklable, a function defined at module "
                              f"level or a functools.partial of one ({type(e).__name__}: {e})") from None
    return _mapped(partial(_work, step, max_bytes), inputs, jobs, max_bytes, step if warm else None)


WARM_UP = """\
ỦY BAN NHÂN DÂN
TỈNH LÀO CAI
Số: 1/QĐ-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Lào Cai, ngày 05 tháng 3 năm 2020
QUYẾT ĐỊNH
Về việc ban hành quy chế
Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ về công tác văn thư;
Điều 1. Thực hiện Kế hoạch số 81-KH/TU ngày 05-7-2017 của Ban Thường vụ Tỉnh ủy.
Nơi nhận:
- Như Điều 1;
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Nguyễn Văn A
"""
"""The sample :func:`warm_up` parses: a header, citations, a signature and recipients, so the parse's every part runs."""


def warm_up(step: Callable[[Document], object] | None = None) -> None:
    """Parse :data:`WARM_UP` (and run ``step`` on it): the patterns compiled and the modules imported on a first
    parse (≈ 30 ms) are then ready in this process, and in the worker processes forked from it."""
    from vanban.parse.text import parse_text

    doc, _ = attempt(partial(parse_text, WARM_UP, source="warm-up"))  # what fails here fails on the inputs too,
    if step is not None and doc is not None:  # where it is reported (a step's missing attachment)
        attempt(partial(step, doc))


def _mapped(work: Callable[[Job], Done | None], inputs: Any, jobs: int, max_bytes: int,
            warm: Callable[[Document], object] | None) -> Iterator[tuple[Outcome, Any]]:
    todo = (_job(n, item, found, max_bytes) for n, item, found in found_inputs(inputs))
    first = list(islice(todo, 2))
    results: Iterable[Done | None]
    if jobs <= 1 or len(first) < 2:  # one input: no pool to start
        results = map(work, chain(first, todo))
    else:
        from vanban.processes import (  # here: one job starts no pool (and imports none)
            ordered_map,
            start_method,
        )

        if start_method() == "fork":  # before the workers are forked from here: each would pay for it otherwise
            warm_up(warm)
        results = ordered_map(work, chain(first, todo), jobs=jobs, crashed=_crashed, size_of=_size)
    for done in results:
        if done is not None:
            source, value, error, error_type = done
            yield Outcome(source=source, error=error, error_type=error_type), value


def _document(doc: Document) -> Document:
    return doc


def parse_many(inputs: Any, *, max_bytes: int = MAX_BYTES, jobs: int = 1) -> Iterator[Outcome]:
    """Read every input (folders walked) and yield an :class:`Outcome` per document, in input order.

    ``jobs`` > 1 reads that many inputs at the same time in worker processes (each document then
    comes back pickled; :func:`map_many` sends back only what a step makes of it).
    """
    for outcome, doc in map_many(_document, inputs, jobs=jobs, max_bytes=max_bytes):
        yield outcome if doc is None else outcome.model_copy(update={"document": doc})


def _validated(doc: Document, profile: Profile | None, lang: Lang, select: tuple[str, ...], ignore: tuple[str, ...],
               today: dt.date | None, copy: str | None) -> tuple[Document, Report]:
    from vanban.rules import validate

    return doc, validate(doc, profile, lang=lang, select=select, ignore=ignore, today=today, copy=copy)


def validate_many(inputs: Any, profile: Profile | None = None, *, lang: Lang = "vi",
                  select: str | Iterable[str] = (), ignore: str | Iterable[str] = (),
                  today: dt.date | None = None, copy: str | None = None,
                  max_bytes: int = MAX_BYTES, jobs: int = 1) -> Iterator[Outcome]:
    """Read and check every input (folders walked); yields an :class:`Outcome` with the document and its report.

    Options are checked before any input is read: an invalid one raises ``OptionError`` at the call.
    ``copy`` is passed to :func:`~vanban.rules.validate` (``gazette`` for Công báo copies); ``jobs``
    as for :func:`parse_many`.
    """
    from vanban.rules import check_options, rule_ids  # here: parsing alone does not need the rules

    check_options(profile, lang, copy)
    step = partial(_validated, profile=profile, lang=lang, select=rule_ids(select), ignore=rule_ids(ignore),
                   today=today, copy=copy)

    def run() -> Iterator[Outcome]:
        for outcome, value in map_many(step, inputs, jobs=jobs, max_bytes=max_bytes, warm=True):
            if value is None:
                yield outcome
            else:
                yield outcome.model_copy(update={"document": value[0], "report": value[1]})

    return run()

"""Which inputs to read: folders walked recursively for document files, everything else passed through.

A folder walk keeps files by extension: ``.docx``, ``.pdf``, ``.edxml``, and the formats vanban
refuses with advice (``.doc``, ``.rtf``, ``.odt``) always; ``.txt``, ``.md``, ``.html``, ``.json``,
``.yaml`` and ``.xml`` only when their content looks like a document (official-document marks in a
text, a description's shape in JSON/YAML, edXML in XML) — so a repository's ``README.md`` is not
taken for a document, while a file that cannot be read is kept, to be reported. Hidden files and
folders and SQLite stores are skipped. A file named explicitly is always read; images (scans read
with OCR) are read only so, since a folder's pictures are mostly logos and figures.
"""

from __future__ import annotations

import json
import os
import re
import stat
from collections.abc import Iterable, Iterator
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from vanban import patterns
from vanban.errors import InputError
from vanban.normalize import strip_marks
from vanban.readers.description import MAX_DESCRIPTION_BYTES, has_description_shape, looks_like_description
from vanban.readers.text import decode_text

ALWAYS_SUFFIXES = frozenset({".docx", ".pdf", ".edxml", ".doc", ".rtf", ".odt"})
"""Extensions of document formats: kept in a folder walk whatever their content."""

SNIFFED_SUFFIXES = {".txt": "text", ".text": "text", ".md": "text", ".markdown": "text", ".html": "html",
                    ".htm": "html", ".json": "json", ".yaml": "yaml", ".yml": "yaml", ".xml": "xml"}
"""Extensions that documents share with other files: kept only when the content looks like a document."""

_DOCUMENT_SUFFIXES = ALWAYS_SUFFIXES | SNIFFED_SUFFIXES.keys()

HEAD_BYTES = 64 * 1024
"""How much of a text file is looked at to tell a document from other text."""

_FENCE = patterns.compile(r"(?ms)^[ \t]*(```|~~~).*?^[ \t]*\1")
_TAG = patterns.compile(r"<[^<>]{0,2000}>")
_CODE = patterns.compile(r"`[^`]*`")
_EDGE = patterns.compile(r"^[\s*#>_]+|[\s*#>_]+$")


@cache
def _marks() -> tuple[tuple[re.Pattern[str], ...], int]:
    with resources.files("vanban").joinpath("data").joinpath("document_marks.json").open(encoding="utf-8") as f:
        data = json.load(f)
    return tuple(patterns.compile(p) for p in data["marks"].values()), int(data["min_marks"])


def looks_like_document_text(text: str) -> bool:
    """True when ``text`` carries at least three different official-document marks on lines of their own
    (Quốc hiệu, ``Số:``, ``Kính gửi:``, ``Nơi nhận:``, ``Căn cứ``, ``Điều 1.``, ``TM.``/``KT.``...);
    code blocks of a Markdown file are left out."""
    patterns, needed = _marks()
    found: set[int] = set()
    for line in _FENCE.sub("", text).splitlines():
        for cell in _CODE.sub(" ", line).split("|"):
            key = strip_marks(_EDGE.sub("", cell)).lower()
            if not key:
                continue
            for i, p in enumerate(patterns):
                if i not in found and p.search(key):
                    found.add(i)
                    if len(found) >= needed:
                        return True
    return False


def _head(path: Path, size: int) -> bytes:
    with path.open("rb") as f:
        data = f.read(size)
    if len(data) == size and b"\n" in data:
        data = data[: data.rfind(b"\n") + 1]  # whole lines: no character cut in two
    return data


def _yaml_shape(data: bytes) -> bool:
    try:
        import yaml  # type: ignore[import-untyped]
    except ImportError:
        return True  # reading it will say PyYAML is missing
    try:
        return has_description_shape(yaml.safe_load(data.decode("utf-8-sig")))
    except (yaml.YAMLError, UnicodeDecodeError, RecursionError):
        return False


def is_document_file(path: Path) -> bool:
    """Whether a folder walk keeps ``path``: by extension, and by content for the shared extensions.

    A file that cannot be read, or is not text where text was expected, is kept so that it is reported.
    """
    suffix = path.suffix.lower()
    if suffix in ALWAYS_SUFFIXES:
        return True
    kind = SNIFFED_SUFFIXES.get(suffix)
    if kind is None:
        return False
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            return True  # a pipe or device: reading it is refused, and that is reported
        data = _head(path, MAX_DESCRIPTION_BYTES if kind in ("json", "yaml") else HEAD_BYTES)
    except OSError:
        return True
    if kind == "json":
        return looks_like_description(data)
    if kind == "yaml":
        return _yaml_shape(data)
    if kind == "xml":
        from vanban.exchange.edxml import looks_like_edxml  # here: lxml loaded only for XML

        return looks_like_edxml(data)
    try:
        text, _ = decode_text(data, str(path))
    except InputError:
        return True  # binary or broken text under a text name: reported, not skipped
    if kind == "html":
        text = _TAG.sub("\n", text)
    return looks_like_document_text(text)


def _hidden_or_store(name: str) -> bool:
    return name.startswith(".") or name.endswith((".db", ".db-wal", ".db-shm", ".sqlite", "-wal", "-shm"))


def _named_files(folder: Path) -> Iterator[Path]:
    """The files of ``folder`` and its sub-folders with a document's extension, sorted; content not looked at."""
    for top, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not _hidden_or_store(d))
        for name in sorted(files):
            path = Path(top, name)
            if not _hidden_or_store(name) and path.suffix.lower() in _DOCUMENT_SUFFIXES:
                yield path


def walk_folder(folder: Path) -> Iterator[Path]:
    """The document files inside ``folder`` and its sub-folders, in sorted order (links are not followed
    into other folders; a link to a missing file is kept, to be reported)."""
    return (path for path in _named_files(folder) if is_document_file(path))


def is_single_source(inputs: Any) -> bool:
    """True when ``inputs`` is one input (a path, bytes or a file object), not a collection of them."""
    return isinstance(inputs, (str, os.PathLike, bytes, bytearray, memoryview)) or callable(
        getattr(inputs, "read", None))


def found_inputs(inputs: Any) -> Iterator[tuple[int, Any, bool]]:
    """Each input with its place among the inputs given (from 1) and whether it was found in a folder.

    A folder's files are listed by name only: the content of one found in a folder is not looked at
    yet, and it is a document only if :func:`is_document_file` says so (which a worker process can
    tell while the next files are listed). ``inputs`` as for :func:`expand_inputs`.
    """
    items: Iterable[Any] = [inputs] if is_single_source(inputs) else inputs
    for n, item in enumerate(items, 1):
        if isinstance(item, (str, os.PathLike)) and _is_dir(item):
            for path in _named_files(Path(item)):
                yield n, path, True
        else:
            yield n, item, False


def expand_inputs(inputs: Any) -> Iterator[Any]:
    """Each input in order, a folder replaced by the document files inside it (see :func:`walk_folder`).

    ``inputs`` is one input or an iterable of them; a ``str`` is always one path, never its letters.
    Paths that do not exist are passed through, for the reader to report.
    """
    for _, item, found in found_inputs(inputs):
        if not found or is_document_file(item):
            yield item


def _is_dir(item: str | os.PathLike[str]) -> bool:
    try:
        return Path(item).is_dir()
    except (OSError, ValueError):  # a name too long, a NUL byte: the reader reports it
        return False

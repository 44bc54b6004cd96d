"""Readers: turn a file or bytes into a ``Document``, choosing the format by content, not name.

``parse_file`` reads plain text (UTF-8, UTF-16, Windows-1258, TCVN3, VNI), Markdown and HTML pages
(the document cut out of the page, spans into the input), DOCX and PDF; edXML is recognised and
handed to its reader (``vanban.exchange.edxml``). Scans (PNG, JPEG, TIFF, GIF and PDFs without a
text layer) are read with OCR (``vanban.readers.ocr``; Tesseract and the ``ocr`` extra). Legacy
``.doc``, RTF and OpenDocument are refused with a message saying what to do.
"""

from __future__ import annotations

import codecs
import errno
import os
import stat
from collections.abc import Callable, Iterable, Iterator
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, TypeAlias

from vanban.errors import InputError, UnsupportedFormatError
from vanban.models import Document
from vanban.readers.description import read_description
from vanban.readers.sniff import sniff
from vanban.readers.text import decode_text, utf8_encoding

if TYPE_CHECKING:
    from concurrent.futures import Future

MAX_BYTES = 64 * 1024 * 1024
"""Inputs larger than this are refused (configurable with ``max_bytes``)."""

_REFUSED = {
    "doc": "legacy Word 97-2003 .doc is not supported; convert it to .docx (Word: File > Save As > Word "
           "Document, or `soffice --headless --convert-to docx FILE`)",
    "ole": "an old Office (OLE2) file, not a document vanban reads; save it as .docx or PDF",
    "encrypted-office": "a password-protected Office document; open it in Word and save it without a password",
    "rtf": "RTF is not supported; save it as .docx",
    "odt": "OpenDocument text (.odt) is not supported; save it as .docx",
    "zip": "a ZIP archive that is not a Word document",
}


Source: TypeAlias = str | os.PathLike[str] | bytes | bytearray | memoryview | BinaryIO
"""What ``parse_file`` reads: a path, the bytes themselves, or a binary file object (``open(p, "rb")``, ``BytesIO``)."""

MAX_PATH_CHARS = 4096
"""A ``str`` longer than this (or with a line break) is document text, not a path."""


def source_name(source: object) -> str | None:
    """The name ``source`` is reported under: the path, a file object's ``name``, or ``None`` for bytes."""
    if isinstance(source, (str, os.PathLike)):
        return os.fspath(source) if isinstance(os.fspath(source), str) else None
    name = getattr(source, "name", None)
    return name if isinstance(name, str) else None


def _os_reason(e: OSError, path: Path) -> str:
    if isinstance(e, FileNotFoundError) and path.is_symlink():
        return "a link to a missing file"
    if e.errno == errno.ENAMETOOLONG:
        return "file name too long (if this is the document's text, use parse_text)"
    return e.strerror or str(e)


def _path_of(source: str | os.PathLike[str]) -> Path:
    text = os.fspath(source)
    if not isinstance(text, str):
        raise InputError("a path given as bytes is not supported; decode it, or pass the content as bytes")
    if "\n" in text or len(text) > MAX_PATH_CHARS:
        clip = " ".join(text[:40].split())
        raise InputError(f"{clip!r}...: this string is document text, not a path; use parse_text(text), "
                         "or pass bytes to parse_file")
    if "\x00" in text:
        raise InputError(f"{text!r}: a path cannot contain a NUL character")
    return Path(text)


def _read_path(path: Path, max_bytes: int) -> bytes:
    try:
        st = path.stat()
        if stat.S_ISDIR(st.st_mode):
            raise InputError(f"{path}: is a folder, not a document")
        if not stat.S_ISREG(st.st_mode):
            raise InputError(f"{path}: not a regular file (a pipe, socket or device), not a document")
        if st.st_size > max_bytes:
            raise InputError(f"{path}: {st.st_size} bytes is above the {max_bytes}-byte limit")
        with path.open("rb") as f:
            return f.read(max_bytes + 1)
    except OSError as e:
        raise InputError(f"{path}: {_os_reason(e, path)}") from None


def _read_stream(stream: Any, name: str | None, max_bytes: int) -> bytes:
    try:
        data = stream.read(max_bytes + 1)
    except OSError as e:
        raise InputError(f"{name or 'input'}: {e.strerror or e}") from None
    if isinstance(data, str):
        raise InputError(f"{name or 'input'}: a file opened in text mode; open it with 'rb', or use parse_text")
    if not isinstance(data, (bytes, bytearray)):
        raise InputError(f"{name or 'input'}: its read() gave {type(data).__name__}, not bytes")
    return bytes(data)


def read_bytes(source: Source, max_bytes: int = MAX_BYTES) -> tuple[bytes, str | None]:
    """The bytes of ``source`` (a path, the bytes, or a binary file object) and its name, size-checked.

    Every failure is an :class:`InputError` naming the input: a missing or unreadable file, a folder,
    a pipe, text passed where a path was expected, a file opened in text mode.
    """
    if isinstance(source, (bytes, bytearray, memoryview)):
        data, name = bytes(source), None
    elif isinstance(source, (str, os.PathLike)):
        path = _path_of(source)
        data, name = _read_path(path, max_bytes), str(path)
    elif callable(getattr(source, "read", None)):
        name = source_name(source)
        data = _read_stream(source, name, max_bytes)
    else:
        raise InputError(f"parse_file reads a path, bytes or a binary file object, not {type(source).__name__}")
    if len(data) > max_bytes:
        raise InputError(f"{name or 'input'}: above the {max_bytes}-byte limit")
    return data, name


def read_text(data: bytes, source: str | None = None) -> Document:
    """Read a plain-text document in any supported encoding."""
    return _text_of([data], source)


def _text_of(box: list[bytes], source: str | None) -> Document:
    """``read_text`` of the bytes in ``box``, taken out of it: when the box held the only reference,
    the bytes are freed once decoded instead of staying beside the parse."""
    text, encoding = decode_text(box.pop(), source)
    return _parsed_text([text], encoding, source)


def _parsed_text(box: list[str], encoding: str, source: str | None) -> Document:
    """The document of the decoded text in ``box``, taken out of it (the parse holds its only reference)."""
    from vanban.parse.text import parse_text

    doc = parse_text(box.pop(), source=source)
    return doc.model_copy(update={"encoding": encoding, "format": "text"})


def read_markdown(data: bytes, source: str | None = None) -> Document:
    """Read Markdown (a crawled page, pandoc or markitdown output): flattened to plain lines, spans into the input."""
    return _markdown_of([data], source)


def _markdown_of(box: list[bytes], source: str | None) -> Document:
    """``read_markdown`` of the bytes in ``box``, taken out of it (see ``_text_of``)."""
    text, encoding = decode_text(box.pop(), source)
    return _parsed_markdown([text], encoding, source)


def _parsed_markdown(box: list[str], encoding: str, source: str | None) -> Document:
    """The document of the decoded Markdown text in ``box``, taken out of it."""
    from vanban.normalize import clean_text
    from vanban.parse.text import parse_markup

    text = clean_text(box.pop())
    doc = parse_markup(text, source=source)
    return doc.model_copy(update={"encoding": encoding, "format": "markdown"})


def _read_html(data: bytes, source: str | None) -> Document:
    from vanban.readers.html import read_html

    return read_html(data, source)


def _read_docx(data: bytes, source: str | None) -> Document:
    from vanban.readers.docx import read_docx

    return read_docx(data, source)


def _read_pdf(data: bytes, source: str | None, jobs: int = 1) -> Document:
    from vanban.readers.pdf import read_pdf

    return read_pdf(data, source, jobs=jobs)


def _read_image(data: bytes, source: str | None, jobs: int = 1) -> Document:
    from vanban.readers.ocr import read_image

    return read_image(data, source, jobs=jobs)


def _read_edxml(data: bytes, source: str | None) -> Document:
    from vanban.exchange.edxml import read_edxml

    return read_edxml(data, source)


READERS: dict[str, Callable[[bytes, str | None], Document]] = {
    "text": read_text, "markdown": read_markdown, "html": _read_html, "docx": _read_docx, "pdf": _read_pdf,
    "edxml": _read_edxml, "description": read_description, "image": _read_image,
}
"""The reader for each format ``sniff`` tells apart."""


def read_document(data: bytes, name: str | None = None, *, jobs: int = 1) -> Document:
    """Read the document in ``data`` (``name`` only labels it, and marks YAML/JSON descriptions).

    ``jobs`` is how many pages of a scan are read with OCR at the same time (one core each).
    """
    return _read_boxed([data], name, jobs)


_YAML = (".yaml", ".yml")
"""The names of a YAML description (told by name only: YAML has no mark of its own)."""
_BOXED: dict[Callable[[bytes, str | None], Document], Callable[[list[bytes], str | None], Document]] = {
    read_text: _text_of, read_markdown: _markdown_of}
"""The readers that can take their bytes out of a box (``parse_file``'s bytes are freed once decoded)."""


def _read_boxed(box: list[bytes], name: str | None, jobs: int) -> Document:
    """``read_document`` of the bytes in ``box`` (a text reader takes them out of it)."""
    data = box[0]
    kind = sniff(data)
    if kind == "text" and name is not None:
        suffix = Path(name).suffix.lower()
        if suffix in _YAML:  # YAML has no mark of its own: the one name-based case
            return read_description(data, name, yaml=True)
        if suffix == ".json" and _opening(data) in (b"{", b"["):
            return read_description(data, name)  # a named .json that is no description: say why
    if kind in _REFUSED:
        raise UnsupportedFormatError(f"{name or 'input'}: {_REFUSED[kind]}")
    if kind in ("pdf", "image"):
        return (_read_pdf if kind == "pdf" else _read_image)(data, name, max(1, jobs))
    reader = READERS[kind]
    boxed = _BOXED.get(reader)
    if boxed is not None:
        del data
        return boxed(box, name)
    return reader(data, name)


def parse_file(source: Source, *, max_bytes: int = MAX_BYTES, jobs: int = 1) -> Document:
    """Read a document from a path, bytes or a binary file object; the format is told by content.

    ``jobs`` is how many pages of a scan are read with OCR at the same time (one core each).
    """
    if isinstance(source, (str, os.PathLike)) and (doc := _text_in_pieces(source, max_bytes)) is not None:
        return doc
    data, name = read_bytes(source, max_bytes)
    box = [data]
    del data  # the box holds the only reference: a text's bytes are let go once decoded
    return _read_boxed(box, name, jobs)


def parse_files(sources: Iterable[Source], *, max_bytes: int = MAX_BYTES,
                jobs: int = 1) -> Iterator[Document]:
    """Read many documents, ``jobs`` at a time (scans' OCR runs in its own processes), in the given order.

    An error stops the iteration at the document that raised it, as a loop over ``parse_file`` would.
    """
    if jobs <= 1:
        for source in sources:
            yield parse_file(source, max_bytes=max_bytes)
        return
    from collections import deque
    from concurrent.futures import ThreadPoolExecutor  # here: one document at a time needs no thread pool

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        pending: deque[Future[Document]] = deque()
        for source in sources:  # at most 2 x jobs documents in flight: memory stays bounded
            pending.append(pool.submit(parse_file, source, max_bytes=max_bytes))
            if len(pending) >= 2 * jobs:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


_PIECE = 1 << 18
"""The bytes of a file read and decoded at a time (see :func:`_text_in_pieces`); its format is told from the first
(:func:`sniff` reads no further of a text: not less, though 64 KiB pieces, under glibc's threshold for a block mapped
apart, would raise it no further, the largest gazette text then peaking at 4.2 times its size, not 4.6)."""
_LEAST = 1 << 17
"""A file longer than this is read in pieces (a shorter one at once, as bytes given are). It is glibc's default threshold
for a block given a mapping of its own: the bytes of a longer file read at once would be such a block, and freeing it
raises the threshold (see :func:`_text_in_pieces`); the largest gazette text (0.9 MB) read at once peaked at 5.5 times
its size (``bench/memory.py``'s measure), read in pieces (its body reading joined in batches) at 4.6."""
_FIRST = 64
_WARM = 16
"""The first ``_WARM`` pieces decoded are ``_FIRST`` bytes each (see :func:`_decoded_pieces`)."""


def _text_in_pieces(source: str | os.PathLike[str], max_bytes: int) -> Document | None:
    """The document of a plain or Markdown UTF-8 file longer than ``_LEAST`` bytes, read and decoded ``_PIECE`` bytes
    at a time (:func:`_decoded_pieces`); ``None`` for any other file (read as before, which says what is wrong).

    No block larger than a piece is freed before the parse. Freeing a large block (the file's bytes, or the narrow
    text a one-go decode begins before it meets a Vietnamese letter) raises glibc's threshold for blocks given a
    mapping of their own to that block's size (its dynamic mmap threshold): the big strings of the parse would then be
    carved from the heap and stay resident once freed, many times the input at a few MB.
    """
    try:
        path = _path_of(source)
        if _named_data(path.suffix.lower()) or not _long_file(path.stat(), max_bytes):
            return None  # (a pipe is never opened here: opening one waits for a writer)
        with path.open("rb") as f:
            if not _long_file(os.fstat(f.fileno()), max_bytes):
                return None
            got = _decoded_pieces(f, max_bytes)
    except (OSError, InputError):
        return None
    if got is None:
        return None
    box, kind, encoding = got
    name = str(path)
    return _parsed_text(box, encoding, name) if kind == "text" else _parsed_markdown(box, encoding, name)


def _decoded_pieces(f: BinaryIO, max_bytes: int) -> tuple[list[str], str, str] | None:
    """The text of UTF-8 file ``f`` (in a box), its format (``text`` or ``markdown``) and encoding, read ``_PIECE`` bytes
    at a time, each piece decoded onto the text; ``None`` when its bytes may be anything else (:func:`decode_text`).

    The text is its ``+=``'s only reference, so that CPython grows it in place (a text given a mapping of its own is
    remapped, not copied) once it has specialised the addition, after a few turns: the first ``_WARM`` pieces are a
    few bytes each, so that the copies made before are small (and the text is then a block of its own at once, not
    moved across the heap as it grows)."""
    head = f.read(_PIECE)
    if _looks_like_data(head) or (kind := sniff(head)) not in ("text", "markdown"):
        return None
    encoding = utf8_encoding(head)
    if encoding is None:
        return None
    decode = codecs.getincrementaldecoder("utf-8")().decode
    size = len(head)
    text = ""
    try:
        first = 3 if encoding == "utf-8-sig" else 0
        cuts = [*range(first, min(size, first + _FIRST * _WARM), _FIRST), size]
        for a, b in pairwise(cuts):
            text += decode(head[a:b])
        del head
        while chunk := f.read(_PIECE):
            size += len(chunk)
            if size > max_bytes:
                return None
            text += decode(chunk)
        text += decode(b"", final=True)
    except UnicodeDecodeError:
        return None
    return [text], kind, encoding


def _long_file(st: os.stat_result, max_bytes: int) -> bool:
    """Whether ``st`` is of a regular file longer than ``_LEAST`` bytes and no longer than ``max_bytes``."""
    return stat.S_ISREG(st.st_mode) and _LEAST < st.st_size <= max_bytes


def _named_data(suffix: str) -> bool:
    """Whether a file's name may make it a description (YAML, JSON: see :func:`_read_boxed`)."""
    return suffix in _YAML or suffix == ".json"


def _opening(data: bytes) -> bytes:
    """The first byte of ``data`` after a byte-order mark and blank space (``b""`` when none)."""
    return data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]


def _looks_like_data(head: bytes) -> bool:
    """Whether a file opening with ``head`` may be told apart by more than ``head`` (JSON, XML, a head of blank space
    only)."""
    return _opening(head) in (b"{", b"[", b"<") or not head.strip()

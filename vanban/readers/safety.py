"""Refusing hostile or broken input safely: size limits, ZIP bombs, XML entities, legacy formats.

Every check is bounded in time and memory and raises the library's own error with a one-line
message: :class:`~vanban.errors.InputError` for broken or hostile input,
:class:`~vanban.errors.UnsupportedFormatError` for a known format this version cannot read.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterator
from typing import Any

from lxml import etree

from vanban.errors import InputError

MAX_PART_BYTES = 64 * 1024 * 1024
"""Largest uncompressed size of one part of a ZIP package (DOCX) that is read."""
MAX_UNPACKED_BYTES = 256 * 1024 * 1024
"""Largest total uncompressed size of a ZIP package."""
MAX_RATIO = 200
"""Largest compression ratio allowed for a part above 1 MiB (a zip bomb compresses far more)."""
MAX_PARTS = 2000
"""Most parts a package may have."""
MAX_TEXT_PART_BYTES = 16 * 1024 * 1024
"""Largest main text part (``word/document.xml``, some 2,000 pages). It is read a paragraph or table at a time
(:func:`iter_xml`), but the document made of it holds its text twice and every paragraph: up to about 7 times the
part's size, measured on one of 20,000 formatted paragraphs (``bench/memory.py``), so this bounds a DOCX to about
110 MiB."""


def check_zip(data: bytes, label: str, *, max_part: int = MAX_PART_BYTES,
              max_total: int = MAX_UNPACKED_BYTES) -> SafeZip:
    """Open a ZIP package after checking it is whole and that its parts stay within the size limits."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as e:
        raise InputError(f"{label}: corrupt or truncated ZIP/DOCX file ({e})") from None
    except NotImplementedError as e:  # a ZIP feature zipfile lacks (format version above 6.3, ...)
        raise InputError(f"{label}: unsupported ZIP variant ({e})") from None
    if len(infos) > MAX_PARTS:
        raise InputError(f"{label}: {len(infos)} parts in the package, above the limit of {MAX_PARTS}")
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise InputError(f"{label}: encrypted ZIP part {info.filename}; save the document without a password")
        if info.file_size > max_part:
            raise InputError(f"{label}: part {info.filename} expands to {info.file_size} bytes, above the "
                             f"{max_part}-byte limit (possible zip bomb)")
        if info.file_size > 1 << 20 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise InputError(f"{label}: part {info.filename} is compressed {info.file_size // max(info.compress_size, 1)}"
                             f" times, a zip bomb")
        total += info.file_size
        if total > max_total:
            raise InputError(f"{label}: the package expands past the {max_total}-byte limit (possible zip bomb)")
    return SafeZip(zf, label)


class SafeZip:
    """A ``ZipFile`` whose reads turn corruption (bad CRC, truncated data) into ``InputError``."""

    def __init__(self, zf: zipfile.ZipFile, label: str) -> None:
        self._zf, self._label = zf, label

    def namelist(self) -> list[str]:
        """The part names."""
        return self._zf.namelist()

    def size(self, name: str) -> int:
        """The uncompressed size of part ``name`` as the package declares it."""
        return self._zf.getinfo(name).file_size

    def read(self, name: str) -> bytes:
        """The bytes of part ``name`` (sizes were checked when the package was opened)."""
        try:
            return self._zf.read(name)
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, NotImplementedError, KeyError) as e:
            raise InputError(f"{self._label}: corrupt part {name} in the ZIP/DOCX file ({e})") from None

    def __enter__(self) -> SafeZip:
        return self

    def __exit__(self, *exc: object) -> None:
        self._zf.close()


def xml_parser() -> Any:
    """An lxml parser that never resolves entities, loads DTDs or touches the network."""
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                           dtd_validation=False, remove_comments=True)


def parse_xml(data: bytes, label: str) -> Any:
    """Parse XML safely; a document type declaration (DTD, entities) is refused outright."""
    _refuse_dtd(data, label)
    try:
        root = etree.fromstring(data, xml_parser())
    except etree.XMLSyntaxError as e:
        raise InputError(f"{label}: broken XML ({e})") from None
    if root.getroottree().docinfo.internalDTD is not None:
        raise InputError(f"{label}: XML with a document type declaration (entities) is refused")
    return root


def iter_xml(data: bytes, label: str, tags: tuple[str, ...]) -> Iterator[Any]:
    """The elements of ``tags`` as each ends, read from ``data`` a piece at a time (``lxml.etree.iterparse``), with the
    same refusals as :func:`parse_xml`: the caller may clear what it has read, so the whole tree is never held."""
    _refuse_dtd(data, label)
    events = etree.iterparse(io.BytesIO(data), events=("end",), tag=tags, resolve_entities=False, no_network=True,
                             load_dtd=False, huge_tree=False, dtd_validation=False, remove_comments=True)
    try:
        for _, el in events:
            yield el
    except etree.XMLSyntaxError as e:
        raise InputError(f"{label}: broken XML ({e})") from None


def _refuse_dtd(data: bytes, label: str) -> None:
    root_at = _root_start(data)
    if b"<!DOCTYPE" in data[:root_at] or b"<!ENTITY" in data[:root_at]:
        raise InputError(f"{label}: XML with a document type declaration (entities) is refused")


def _root_start(data: bytes) -> int:
    """Offset of the root element's ``<`` (where a DTD can no longer appear)."""
    i = 0
    n = len(data)
    while True:
        i = data.find(b"<", i)
        if i < 0 or i + 1 >= n:
            return n
        nxt = data[i + 1 : i + 2]
        if nxt not in (b"?", b"!"):
            return i
        i += 1

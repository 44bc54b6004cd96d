"""Rules on the Nơi nhận block (NĐ 30/2020 Phụ lục I II.9; HD 36-HD/VPTW)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from vanban.models import Document
from vanban.rules.registry import Context, Hit, rule
from vanban.rules.spans import find_in

_STATE_ARCHIVE = re.compile(r"^Lưu\s*:\s*VT\b")
_PARTY_ARCHIVE = re.compile(r"^Lưu\s+(?!\s*:)(?!VT\b)\S")
_VT = re.compile(r"\bVT\b")
_BLANK = re.compile(r"\.\.\.|…|\[|^Lưu\s*:?\s*$")
"""A form's blank field (``Lưu: ……``, ``[Ghi nơi nhận]``): a template, not an archive line."""


@rule("VB601")
def state_archive_line(doc: Document, ctx: Context) -> Iterator[Hit]:
    """The last recipient line of a state document is ``Lưu: VT, ...``."""
    if not doc.recipients:
        return
    last = doc.recipients[-1]
    if not _STATE_ARCHIVE.match(last) and not _BLANK.search(last):
        yield Hit(text=last, span=find_in(doc, last, doc.spans.get("recipients"), last=True),
                  suggestion="Lưu: VT, ...")


@rule("VB602")
def party_archive_line(doc: Document, ctx: Context) -> Iterator[Hit]:
    """The last recipient line of a Party document is ``Lưu`` + archive, without colon or ``VT``."""
    if not doc.recipients:
        return
    last = doc.recipients[-1]
    if _BLANK.search(last):
        return
    if not _PARTY_ARCHIVE.match(last) or _VT.search(last):
        yield Hit(text=last, span=find_in(doc, last, doc.spans.get("recipients"), last=True),
                  suggestion="Lưu <nơi lưu>")


@rule("VB603")
def nhu_tren_first(doc: Document, ctx: Context) -> Iterator[Hit]:
    """With a Kính gửi block, Nơi nhận opens with ``Như trên``."""
    if not doc.addressees or not doc.recipients:
        return
    first = doc.recipients[0]
    if not first.lower().startswith("như trên"):
        yield Hit(text=first, span=find_in(doc, first, doc.spans.get("recipients")), suggestion="Như trên")

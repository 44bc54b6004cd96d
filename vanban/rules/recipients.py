"""Rules on the Nơi nhận block (NĐ 30/2020 Phụ lục I II.9; HD 36-HD/VPTW)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from vanban import patterns
from vanban.models import Document, Span
from vanban.rules import presence
from vanban.rules.facts import facts
from vanban.rules.registry import Context, Hit, rule
from vanban.rules.spans import find_in

_STATE_ARCHIVE = patterns.compile(r"^Lưu\s*:\s*(?:VT|Văn thư)\b")
_PARTY_ARCHIVE = patterns.compile(r"^Lưu\s+(?!\s*:)(?!VT\b)\S")
_VT = patterns.compile(r"\bVT\b")
_BLANK = patterns.compile(r"\.\.\.|…|\[|^Lưu\s*:?\s*$")
"""A form's blank field (``Lưu: ……``, ``[Ghi nơi nhận]``): a template, not an archive line."""


@rule("VB601")
def state_archive_line(doc: Document, ctx: Context) -> Iterator[Hit]:
    """The last recipient line of a state document is ``Lưu: VT, ...``."""
    if not doc.recipients or ctx.copy == "gazette":
        return
    last = doc.recipients[-1]
    if not _STATE_ARCHIVE.match(last) and not _BLANK.search(last):
        yield Hit(text=last, span=find_in(doc, last, doc.spans.get("recipients"), last=True),
                  suggestion="Lưu: VT, ...")


@rule("VB602")
def party_archive_line(doc: Document, ctx: Context) -> Iterator[Hit]:
    """The last recipient line of a Party document is ``Lưu`` + archive, without colon or ``VT``."""
    if not doc.recipients or ctx.copy == "gazette":
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
    if not doc.addressees or not doc.recipients or ctx.copy == "gazette":
        return
    first = doc.recipients[0]
    if not first.lower().startswith("như trên"):
        yield Hit(text=first, span=find_in(doc, first, doc.spans.get("recipients")), suggestion="Như trên")


_LEFT = patterns.compile(r"^\s*(.*?)(?:\s{3,}|\s*\|\s*|$)")
_DASH = patterns.compile(r"^[-–+•]")
_LINES_AFTER_LABEL = 15


@cache
def _surnames() -> frozenset[str]:
    return frozenset(facts()["surnames"])


def _person_name(s: str) -> bool:
    """``Trần Xuân Hiện``: 2 to 5 capitalised words without punctuation, the first a family name."""
    words = s.split()
    return 2 <= len(words) <= 5 and words[0] in _surnames() and all(w[:1].isupper() and w.isalpha() for w in words)


@rule("VB604")
def recipient_item_dash(doc: Document, ctx: Context) -> Iterator[Hit]:
    """Each item of ``Nơi nhận`` is a line starting with ``-``."""
    span = doc.spans.get("recipients")
    label = presence.recipients_label_in(doc, span) if span is not None else presence.recipients_label(doc)
    if label is None:
        return
    pos = doc.text.find("\n", label.span.end)
    ends = (";", ",") if ctx.profile == "party" else (";",)  # Party lists may separate items with commas
    prev_open = True  # the label itself opens the list
    for _ in range(_LINES_AFTER_LABEL):
        if pos < 0:
            return
        nxt = doc.text.find("\n", pos + 1)
        line = doc.text[pos + 1:nxt if nxt >= 0 else len(doc.text)]
        m = _LEFT.match(line)
        seg = (m.group(1) if m else line).strip().strip("*_ ")
        start = pos + 1 + line.find(seg) if seg else pos + 1
        pos = nxt
        if not seg:
            continue
        if _DASH.match(seg):
            prev_open = seg.rstrip().endswith(ends)
            if re.match(r"^[-–+•]\s*Lưu\b", seg):
                return
            continue
        if seg.isupper():
            continue  # a line of the signature block printed beside (or between) the items
        if _person_name(seg):
            return  # the signer's name: the list is over
        if prev_open and seg[0].isupper():
            yield Hit(text=seg, span=Span(start=start, end=start + len(seg)), suggestion=f"- {seg}")
            if seg.startswith("Lưu"):
                return
        prev_open = seg.rstrip().endswith(ends)  # a wrapped item's continuation carries the list on

"""Rules on the main components (thể thức, NĐ 30/2020 Điều 8.2; HD 36-HD/VPTW): present or missing."""

from __future__ import annotations

import re
from collections.abc import Iterator

from vanban.models import Document, Span
from vanban.rules.registry import Context, Hit, rule
from vanban.rules.spans import span_text

_VV = re.compile(r"^\s*V/v\b")
_CONSOLIDATED = "Văn bản hợp nhất"
"""A consolidated text (văn bản hợp nhất) prints the heading, type and subject of the document it
consolidates; its own number, date and signature are in the closing authentication block."""


@rule("VB101")
def national_title_missing(doc: Document, ctx: Context) -> Iterator[Hit]:
    """Quốc hiệu present."""
    if not doc.national_title:
        yield Hit()


@rule("VB102")
def motto_missing(doc: Document, ctx: Context) -> Iterator[Hit]:
    """Tiêu ngữ present."""
    if not doc.motto:
        yield Hit()


@rule("VB103")
def party_title_missing(doc: Document, ctx: Context) -> Iterator[Hit]:
    """``ĐẢNG CỘNG SẢN VIỆT NAM`` present on a Party document."""
    if not doc.party_title:
        yield Hit()


@rule("VB104")
def issuer_missing(doc: Document, ctx: Context) -> Iterator[Hit]:
    """Issuing body printed in the header (not merely inferred from the number)."""
    if doc.issuer is None or doc.issuer.inferred:
        known = doc.issuer.name if doc.issuer else None
        yield Hit(args={"known": f" (chỉ suy ra từ ký hiệu: {known})" if known else "",
                        "known_en": f" (only inferred from the symbol: {known})" if known else ""})


@rule("VB105")
def number_missing(doc: Document, ctx: Context) -> Iterator[Hit]:
    """Số, ký hiệu present."""
    if doc.number is None:
        yield Hit()


@rule("VB106")
def number_blank(doc: Document, ctx: Context) -> Iterator[Hit]:
    """The number of the số, ký hiệu filled in."""
    n = doc.number
    if n is not None and not n.number and n.form not in ("standard", "free"):
        yield Hit(text=span_text(doc, n.span) or n.raw, span=n.span)


@rule("VB107")
def date_missing(doc: Document, ctx: Context) -> Iterator[Hit]:
    """Địa danh và thời gian ban hành present."""
    if doc.date is None and not doc.date_text:
        yield Hit()


@rule("VB108")
def place_missing(doc: Document, ctx: Context) -> Iterator[Hit]:
    """A place name before the date."""
    if doc.date_text and not doc.place and doc.date_text.lstrip().lower().startswith("ngày"):
        yield Hit(text=doc.date_text, span=doc.spans.get("date"))


@rule("VB109")
def type_missing(doc: Document, ctx: Context) -> Iterator[Hit]:
    """Tên loại printed (a công văn has none)."""
    t = doc.type
    if t is not None and t.name == _CONSOLIDATED:
        return
    if t is None:
        yield Hit(args={"known": "", "known_en": ""})
    elif t.printed is None and t.name != "Công văn":
        yield Hit(args={"known": f" (ký hiệu cho biết: {t.name})", "known_en": f" (the symbol says: {t.name})"})


@rule("VB110")
def subject_missing(doc: Document, ctx: Context) -> Iterator[Hit]:
    """Trích yếu nội dung present."""
    if not doc.subject and not (doc.type is not None and doc.type.name == _CONSOLIDATED):
        yield Hit()


@rule("VB111")
def dispatch_subject_vv(doc: Document, ctx: Context) -> Iterator[Hit]:
    """A state công văn's subject starts with ``V/v``."""
    if doc.type is None or doc.type.name != "Công văn" or not doc.subject:
        return
    span = doc.spans.get("subject")
    printed = span_text(doc, span) or doc.subject
    if not _VV.match(printed):
        first = printed.split("\n")[0]
        yield Hit(text=first, span=Span(start=span.start, end=span.start + len(first)) if span else None)


@rule("VB114")
def party_dispatch_no_vv(doc: Document, ctx: Context) -> Iterator[Hit]:
    """A Party công văn's subject reads ``về việc ...`` (HD 05-HD/VPTW), not ``V/v``."""
    if doc.type is None or doc.type.name != "Công văn" or not doc.subject:
        return
    span = doc.spans.get("subject")
    printed = span_text(doc, span) or doc.subject
    m = _VV.match(printed)
    if m:
        start = span.start + m.start() + (len(m.group(0)) - len(m.group(0).lstrip())) if span else None
        yield Hit(text="V/v", span=Span(start=start, end=start + 3) if start is not None else None,
                  suggestion="về việc")


@rule("VB112")
def signature_missing(doc: Document, ctx: Context) -> Iterator[Hit]:
    """Signature block present."""
    if not doc.signatures:
        yield Hit()


@rule("VB113")
def recipients_missing(doc: Document, ctx: Context) -> Iterator[Hit]:
    """Nơi nhận present."""
    if not doc.recipients:
        yield Hit()

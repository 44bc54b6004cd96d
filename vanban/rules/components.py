"""Rules on the main components (thể thức, NĐ 30/2020 Điều 8.2; HD 36-HD/VPTW): present or missing."""

from __future__ import annotations

from collections.abc import Iterator

from vanban import patterns
from vanban.models import Document, Span
from vanban.rules import presence
from vanban.rules.registry import Context, Hit, rule
from vanban.rules.spans import span_text

_VV = patterns.compile(r"^\s*V/v\b")
_CONSOLIDATED = "Văn bản hợp nhất"
"""A consolidated text (văn bản hợp nhất) prints the heading, type and subject of the document it
consolidates; its own number, date and signature are in the closing authentication block."""


@rule("VB101")
def national_title_missing(doc: Document, ctx: Context) -> Iterator[Hit]:
    """Quốc hiệu present (printed in any form: its wording is VB115's)."""
    if not doc.national_title and not _partial(doc) and presence.national_title(doc) is None:
        yield Hit()


@rule("VB102")
def motto_missing(doc: Document, ctx: Context) -> Iterator[Hit]:
    """Tiêu ngữ present (justified spacing, other dashes and markup tolerated: wording is VB116's)."""
    if not doc.motto and not _partial(doc) and presence.motto(doc) is None:
        yield Hit()


@rule("VB103")
def party_title_missing(doc: Document, ctx: Context) -> Iterator[Hit]:
    """``ĐẢNG CỘNG SẢN VIỆT NAM`` present on a Party document."""
    if not doc.party_title and not _partial(doc) and presence.party_title(doc) is None:
        yield Hit()


@rule("VB104")
def issuer_missing(doc: Document, ctx: Context) -> Iterator[Hit]:
    """Issuing body printed in the header (not merely inferred from the number)."""
    if _partial(doc) or presence.cut_consolidation(doc):
        return
    if (doc.issuer is None or doc.issuer.inferred) and not _issuer_printed(doc):
        known = doc.issuer.name if doc.issuer else None
        yield Hit(args={"known": f" (chỉ suy ra từ ký hiệu: {known})" if known else "",
                        "known_en": f" (only inferred from the symbol: {known})" if known else ""})


@rule("VB105")
def number_missing(doc: Document, ctx: Context) -> Iterator[Hit]:
    """Số, ký hiệu present (a printed but malformed one is VB216's)."""
    if doc.number is not None or _unread(doc, "number") or _partial(doc) or presence.cut_consolidation(doc):
        return
    if presence.number_line(doc) is None:  # printed but not read: the zone is a guess, say nothing
        yield Hit()


@rule("VB106")
def number_blank(doc: Document, ctx: Context) -> Iterator[Hit]:
    """The number of the số, ký hiệu filled in."""
    n = doc.number
    if n is not None and not n.number and n.form not in ("standard", "free"):
        yield Hit(text=span_text(doc, n.span) or n.raw, span=n.span)


@rule("VB107")
def date_missing(doc: Document, ctx: Context) -> Iterator[Hit]:
    """Địa danh và thời gian ban hành present (a printed but malformed line is VB309's)."""
    if doc.date is not None or doc.date_text or _unread(doc, "date") or _partial(doc):
        return
    if not presence.cut_consolidation(doc) and not presence.dateline(doc):
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
    if (t is not None and t.name == _CONSOLIDATED) or _unread(doc, "number") or _partial(doc):
        return  # an unread number line leaves the header zone a guess
    if t is None:
        if presence.any_type_heading(doc) is None and presence.vv_line(doc) is None:
            yield Hit(args={"known": "", "known_en": ""})
    elif t.printed is None and t.name != "Công văn" and presence.type_heading(doc, t.name) is None \
            and presence.vv_line(doc) is None:
        yield Hit(args={"known": f" (ký hiệu cho biết: {t.name})", "known_en": f" (the symbol says: {t.name})"})


@rule("VB110")
def subject_missing(doc: Document, ctx: Context) -> Iterator[Hit]:
    """Trích yếu nội dung present."""
    if doc.subject or (doc.type is not None and doc.type.name == _CONSOLIDATED) or _unread(doc, "number"):
        return
    if _partial(doc):
        return
    if presence.vv_line(doc) is not None or (doc.type is None and presence.any_type_heading(doc) is not None):
        return  # a "V/v" line or a type heading is printed: the subject zone is there, not read
    if presence.subject_after_heading(doc) is not None:
        return  # "VỀ VIỆC ..." under the heading: printed, not read
    if doc.type is not None and doc.type.printed is None and presence.type_heading(doc, doc.type.name) is not None:
        return  # the heading was found only loosely: where the subject starts is a guess
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
    """Signature block present (a gazette issue may cut the document: "Xem tiếp Công báo số ...")."""
    if doc.signatures or presence.continued_elsewhere(doc) or _partial(doc):
        return
    after = doc.spans.get("subject")
    start = after.end if after else 0
    if presence.authority_line(doc, start) is None and presence.signature_lines(doc, start) is None:
        yield Hit()


@rule("VB113")
def recipients_missing(doc: Document, ctx: Context) -> Iterator[Hit]:
    """Nơi nhận present (a Công báo copy leaves it out)."""
    if doc.recipients or ctx.copy == "gazette" or presence.continued_elsewhere(doc) or _partial(doc):
        return
    if presence.recipients_label(doc) is None and not presence.foot_in_empty_table(doc):
        yield Hit()


def _partial(doc: Document) -> bool:
    """Not a whole document: a gazette issue's continuation, or an appendix issued as its own file."""
    return presence.continuation(doc) or presence.appendix_file(doc)


def _issuer_printed(doc: Document) -> bool:
    """An upper-case line above the number that is not the Quốc hiệu or Party heading: the issuer, not read."""
    return bool(presence.header_names(doc))


def _unread(doc: Document, part: str) -> bool:
    return any(u.part == part for u in doc.unread)

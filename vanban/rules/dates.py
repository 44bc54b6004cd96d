"""Rules on the địa danh và thời gian ban hành (NĐ 30/2020 Phụ lục I II.4; HD 36-HD/VPTW).

They read the printed place/date segment (``Document.date_text`` at ``spans["date"]``) so that a
finding can point at the exact day, month or place as printed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from vanban import patterns
from vanban.dates import DATELINE_RE, make_date, parse_date
from vanban.models import Document, Span
from vanban.rules.facts import facts
from vanban.rules.presence import date_is_guess
from vanban.rules.registry import Context, Hit, rule


@dataclass(frozen=True)
class _Part:
    text: str
    span: Span | None


@dataclass(frozen=True)
class _Dateline:
    place: _Part | None
    comma: bool
    day: _Part | None
    month: _Part | None
    year: _Part | None
    whole: _Part


def _dateline(doc: Document) -> _Dateline | None:
    text = doc.date_text
    if not text or date_is_guess(doc):
        return None  # a date read from the body is not the document's date line
    span = doc.spans.get("date")
    base = span.start if span is not None and doc.text[span.start:span.end] == text else None
    m = DATELINE_RE.match(text)  # the parser's own pattern, read again for the parts' spans
    if m is None or m.group("y") is None:
        return None
    place_group = "place" if m.group("place") else "place2"

    def part(name: str) -> _Part | None:
        value = m.group(name)
        if not value or not value.strip():
            return None
        start = m.start(name)
        if name == place_group:
            value = value.strip()
            start = m.start(name) + (len(m.group(name)) - len(m.group(name).lstrip()))
        sp = Span(start=base + start, end=base + start + len(value)) if base is not None else None
        return _Part(value, sp)

    whole = Span(start=base, end=base + len(text)) if base is not None else None
    comma = m.group("comma") is not None or place_group == "place2"
    return _Dateline(part(place_group), comma, part("d"), part("m"), part("y"), _Part(text, whole))


@rule("VB301")
def date_invalid(doc: Document, ctx: Context) -> Iterator[Hit]:
    """The date of issue exists in the calendar."""
    dl = _dateline(doc)
    if dl is None or not (dl.day and dl.month and dl.year):
        return
    try:
        dt.date(int(dl.year.text), int(dl.month.text), int(dl.day.text))
    except ValueError:
        yield Hit(text=dl.whole.text, span=dl.whole.span)


@rule("VB302")
def date_day_leading_zero(doc: Document, ctx: Context) -> Iterator[Hit]:
    """Days below 10 printed ``01`` ... ``09``."""
    dl = _dateline(doc)
    if dl and dl.day and len(dl.day.text) == 1 and dl.day.text != "0":
        yield Hit(text=dl.day.text, span=dl.day.span, suggestion="0" + dl.day.text)


@rule("VB303")
def date_month_leading_zero(doc: Document, ctx: Context) -> Iterator[Hit]:
    """Months 1 and 2 printed ``01`` and ``02``."""
    dl = _dateline(doc)
    if dl and dl.month and dl.month.text in ("1", "2"):
        yield Hit(text=dl.month.text, span=dl.month.span, suggestion="0" + dl.month.text)


@rule("VB304")
def date_month_extra_zero(doc: Document, ctx: Context) -> Iterator[Hit]:
    """Months 3 to 9 printed without a leading zero."""
    dl = _dateline(doc)
    if dl and dl.month and len(dl.month.text) == 2 and dl.month.text[0] == "0" and dl.month.text[1] in "3456789":
        yield Hit(text=dl.month.text, span=dl.month.span, suggestion=dl.month.text[1])


def _capitalised(word: str) -> bool:
    first = next((c for c in word if c.isalpha()), None)
    return first is None or first.isupper()


@rule("VB305")
def place_capitalised(doc: Document, ctx: Context) -> Iterator[Hit]:
    """Each syllable of the place name capitalised."""
    dl = _dateline(doc)
    if dl is None or dl.place is None:
        return
    words = dl.place.text.split()
    unit: list[str] = []
    lowered = dl.place.text.lower()
    for name in facts()["place_unit_words"]:  # "Thành phố Huế": the unit's name is a common noun
        if lowered.startswith(name + " ") and len(name.split()) < len(words):
            unit, words = words[:len(name.split())], words[len(name.split()):]
            break
    if not all(_capitalised(w) for w in words):
        fixed = " ".join([*unit, *(w[:1].upper() + w[1:] for w in words)])
        yield Hit(text=dl.place.text, span=dl.place.span, suggestion=fixed)


@rule("VB306")
def place_comma(doc: Document, ctx: Context) -> Iterator[Hit]:
    """A comma after the place name."""
    dl = _dateline(doc)
    if dl is not None and dl.place is not None and not dl.comma:
        yield Hit(text=dl.place.text, span=dl.place.span, suggestion=dl.place.text + ",")


@rule("VB307")
def dated_after_stamp(doc: Document, ctx: Context) -> Iterator[Hit]:
    """The document is not dated after its own incoming stamp."""
    stamp = doc.incoming_stamp
    if doc.date is None or date_is_guess(doc) or stamp is None or stamp.date is None or doc.date <= stamp.date:
        return
    yield Hit(text=doc.date_text, span=doc.spans.get("date"),
              args={"date": doc.date.strftime("%d/%m/%Y"), "stamp_date": stamp.date.strftime("%d/%m/%Y")})


@rule("VB308")
def date_blank(doc: Document, ctx: Context) -> Iterator[Hit]:
    """Day and month of issue filled in."""
    dl = _dateline(doc)
    if dl is not None and (dl.day is None or dl.month is None):
        yield Hit(text=dl.whole.text, span=dl.whole.span)


_ISO = patterns.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")
_FIGURES = patterns.compile(r"(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>\d{2,4})")


@rule("VB309")
def date_malformed(doc: Document, ctx: Context) -> Iterator[Hit]:
    """A place/date line printed in another form than ``<Địa danh>, ngày ... tháng ... năm ...``."""
    for u in doc.unread:
        if u.part != "date":
            continue
        m = _FIGURES.search(u.text)
        place = u.text.split(",", 1)[0].strip() if "," in u.text else ""
        if m:
            d, mo = m.group("d"), m.group("m")
            worded = f"ngày {int(d):02d} tháng {int(mo):02d} năm {m.group('y')}" if int(mo) < 3 else \
                f"ngày {int(d):02d} tháng {int(mo)} năm {m.group('y')}"
            what, what_en = "ngày tháng viết bằng chữ số và dấu gạch", "the date is written in figures"
        else:
            worded = None
            what, what_en = "thiếu chữ \"tháng\" hoặc \"năm\"", "a word \"tháng\" or \"năm\" is missing"
        fix = (f"{place}, {worded}" if place else worded) if worded else None
        yield Hit(text=u.text, span=u.span, args={"what": what, "what_en": what_en}, suggestion=fix)


@rule("VB310")
def date_in_future(doc: Document, ctx: Context) -> Iterator[Hit]:
    """The date of issue is not after the day of the check."""
    dl = _dateline(doc)
    part = dl.year if dl is not None and dl.year is not None else None
    if doc.date is not None and not date_is_guess(doc) and doc.date > ctx.today:
        yield Hit(text=part.text if part else doc.date_text, span=part.span if part else doc.spans.get("date"),
                  args={"date": doc.date.strftime("%d/%m/%Y"), "today": ctx.today.strftime("%d/%m/%Y")})
    elif doc.date is None and part is not None and part.text.isdigit() and int(part.text) > ctx.today.year:
        # a blank or impossible day: the year alone is already in the future
        yield Hit(text=part.text, span=part.span, args={"date": dl.whole.text if dl else part.text,
                                                        "today": ctx.today.strftime("%d/%m/%Y")})


@rule("VB311")
def dated_after_signing(doc: Document, ctx: Context) -> Iterator[Hit]:
    """The document is not dated after its own digital signature (the day it was signed and issued)."""
    if doc.date is None or date_is_guess(doc):
        return
    for sig in doc.digital_signatures:
        iso = _ISO.match(sig.time or "")
        signed = make_date(iso.group(3), iso.group(2), iso.group(1)) if iso else parse_date(sig.time or "")
        if signed is not None and doc.date > signed and (sig.organisation or sig.signer):
            yield Hit(text=doc.date_text, span=doc.spans.get("date"),
                      args={"date": doc.date.strftime("%d/%m/%Y"), "signed": signed.strftime("%d/%m/%Y")})
            return

"""``parse_text``: plain or OCR text -> :class:`~vanban.models.Document`.

The text is normalised once, split into lines once, and each part of the document claims its
lines: page furniture, the incoming stamp, the header, footnotes, the foot (signature and
recipients). What is left is the body; citations are read from the body, the subject, the
appendix and the footnotes in one pass each.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import partial

from vanban import patterns
from vanban.catalogue import catalogue
from vanban.errors import InputError
from vanban.models import DigitalSignature, Document, DocumentType, Issuer, Span, System, Unread
from vanban.normalize import clean_text
from vanban.parse.citations import merge, own_date, scan
from vanban.parse.collector import collector_paused
from vanban.parse.footnotes import find_footnotes, place_in_body
from vanban.parse.header import Header, parse_header, unit_text
from vanban.parse.layout import (
    Chars,
    Line,
    Reading,
    build_reading,
    esign_fields,
    line_of,
    mark_furniture,
    mark_page_numbers,
    split_lines,
)
from vanban.parse.markup import Flat, FlatText, Origins, flatten_markup, looks_flattened, origin_at
from vanban.parse.merged import split_merged
from vanban.parse.page import document_span
from vanban.parse.spans import remap_spans
from vanban.parse.stamp import find_stamp
from vanban.parse.tail import parse_tail
from vanban.parse.unread import unread_date, unread_number

_SKIP = {"furniture", "esign", "footnote", "stamp", "header", "tail"}
HEADER_LINES = 150
CONSOLIDATED = "Văn bản hợp nhất"
"""The type of a consolidated text (văn bản hợp nhất), numbered ``92/VBHN-BQP`` under the heading it reprints."""
"""How many lines from the top the header (and an incoming stamp) may take."""


@collector_paused
def parse_text(text: str, *, source: str | None = None) -> Document:
    """Parse a plain, OCR or Markdown text of one document (or a web page holding one) into a :class:`Document`."""
    if not isinstance(text, str):
        raise InputError(f"parse_text expects str, not {type(text).__name__}")
    text = clean_text(text)
    if not text or text.isspace():  # (``strip`` would copy the whole text)
        return Document(source=source, text=text, notes=("empty document",))
    if looks_flattened(text):
        return parse_markup(text, source=source)
    return parse_flat(text, None, source=source)


@collector_paused
def parse_markup(text: str, *, source: str | None = None) -> Document:
    """Parse a Markdown text (clean already) of one document: flattened to plain lines (:func:`flatten_markup`),
    the flattened copy let go once the document's parts are found (before its citations are read)."""
    flat = flatten_markup(text)
    origin = flat.origin
    plain = [flat.text]  # (the flattened text's only holder: the parse takes it out)
    del flat
    return _parse_flat(text, plain, origin, source, own=True)


@collector_paused
def parse_flat(text: str, flat: Flat | None, *, source: str | None = None) -> Document:
    """Parse ``flat`` (plain lines made from ``text``; ``None`` when ``text`` is plain already), the
    document cut out of the page it stands in, every span mapped back into ``text``."""
    if flat is None:
        return _parse_flat(text, [text], None, source, own=False)
    return _parse_flat(text, [flat.text], flat.origin, source, own=False)


def _parse_flat(text: str, plain: list[str], origin: Sequence[int] | None, source: str | None, *,
                own: bool) -> Document:
    """:func:`parse_flat` of the flattened text in ``plain`` (``text`` itself when ``origin`` is ``None``), taken out of
    the box; with ``own`` (the box held its only reference, ``origin`` the :class:`Origins` of its flattening), it is
    let go during the parse (see :func:`_parse_plain`)."""
    a, b = document_span(plain[0])
    whole = (a, b) == (0, len(plain[0]))
    if origin is None and whole:
        doc = _parse_plain(plain.pop(), source)
        return doc.model_copy(update={"span": Span(start=0, end=len(text))})
    view = partial(FlatText, text, origin, start=a) if own and isinstance(origin, Origins) else None
    if not whole:
        plain.append(plain.pop()[a:b])  # the document cut out of the page (the page let go when the box held it)
    doc = _parse_plain(plain.pop(), source, view)

    def where(pos: int) -> int:
        return origin_at(origin, a + pos) if origin is not None else a + pos

    def span(s: Span) -> Span:
        if s.end <= s.start:
            p = where(s.start)
            return Span.of(p, p)
        return Span.of(where(s.start), where(s.end - 1) + 1)

    box = [doc]
    del doc  # (the box holds the only reference: the document's spans are let go as they are mapped)
    mapped = remap_spans(box, span)
    return mapped.model_copy(update={"text": text, "span": _whole_lines(text, span(Span(start=0, end=b - a)))})


_BORDER = patterns.compile(r"[ \t]*[+|][-=:+| \t]{3,}$", re.MULTILINE)
_MARKUP = frozenset("|*#>_\\ \t+")


def _whole_lines(text: str, s: Span) -> Span:
    """``s`` widened to its lines' ends when only markup (table bars, markers) stands beyond it there."""
    a, b = s.start, s.end
    k = text.rfind("\n", 0, a) + 1
    if all(c in _MARKUP for c in text[k:a]):
        a = k
        p = text.rfind("\n", 0, max(a - 1, 0)) + 1
        if a > 0 and _BORDER.match(text, p, a - 1):  # the table's top border opens the header row
            a = p
    e = text.find("\n", b)
    e = len(text) if e < 0 else e
    if all(c in _MARKUP for c in text[b:e]):
        b = e
    return Span(start=a, end=b)


def _parse_plain(text: str, source: str | None, view: Callable[[str], Chars] | None = None) -> Document:
    """Parse a plain text (already clean) of one document.

    The lines are let go once every part is found and every reading made, before the citations are read. With
    ``view`` (this call then holds the text's only reference), so is the text: the readings map their offsets back
    through ``view(text)``, and the document's ``text`` is left empty (for the caller to give).
    """
    if not text or text.isspace():  # (``strip`` would copy the whole text)
        return Document(source=source, text=text, notes=("empty document",))
    lines = split_lines(text)
    esign_blocks = mark_furniture(lines)
    split_merged(lines, header=HEADER_LINES)
    limit = min(len(lines), HEADER_LINES)

    stamp, stamp_lines = find_stamp(text, lines, limit)
    for i in stamp_lines:
        lines[i].kind = "stamp"
    h = parse_header(text, lines, set(stamp_lines), limit)
    subject_lines = {line_of(lines, a) for a, _ in h.subject_parts}
    for i in h.used | set(h.addressee_lines):
        if lines[i].kind == "" and i not in subject_lines:
            lines[i].kind = "header"
    for i in subject_lines:
        if lines[i].kind == "":
            lines[i].kind = "subject"

    mark_page_numbers(lines, h.end, len(lines))
    notes, anchors = find_footnotes(text, lines, h.end, len(lines))
    tail = parse_tail(text, lines, h.end)
    for i in tail.used:
        if lines[i].kind in ("", "subject"):
            lines[i].kind = "tail"
    lines.release()  # the lines the foot's search made: the reading is built from the rows, not from them
    body_end = tail.start if tail.start is not None else len(lines)
    cuts = sorted((a.start, a.end) for a in anchors)
    body = build_reading(text, lines, h.end, body_end, _SKIP | {"subject"}, cuts)
    after = tail.end if tail.end is not None else len(lines)
    appendix = build_reading(text, lines, after, len(lines), _SKIP | {"subject"}, cuts) if after < len(lines) else None
    notes = place_in_body(notes, body)
    readings = [_reading_of(text, h.subject_parts)] if h.subject_parts else []
    readings += [body] if appendix is None else [body, appendix]
    readings += [_reading_of(text, [(note.span.start, note.span.end)]) for note in notes if note.span]
    digital = tuple(_digital(lines, b) for b in esign_blocks)
    unread = _unread(h, lines, set(stamp_lines), limit)
    date_text = text[h.date_segment.start:h.date_segment.end] if h.date_segment else None
    lines.release()
    del lines
    if view is not None:
        chars = view(text)
        for r in readings:
            r.rebase(chars)
        del chars
        text = ""

    mentions = []
    for r in readings:
        mentions += scan(r, h.number)
    del readings
    references = merge(mentions)
    date = h.date
    notes_out: list[str] = []
    if date is None and h.number is not None and (self_dated := own_date(mentions)) is not None:
        date = self_dated
        notes_out.append("date read from the document's citation of its own number")

    system = _system(h)
    doc_type = _type(h, system)
    issuer = _issuer(h, system)
    spans: dict[str, Span] = {}
    if h.number and h.number.span:
        spans["number"] = h.number.span
    if h.date_segment:
        spans["date"] = Span(start=h.date_segment.start, end=h.date_segment.end)
    if h.subject_span:
        spans["subject"] = h.subject_span
    for name, seg in (("national_title", h.national_title), ("motto", h.motto), ("party_title", h.party_title)):
        if seg is not None:
            spans[name] = Span(start=seg.start, end=seg.end)
    if h.addressee_span:
        spans["addressees"] = h.addressee_span
    if tail.recipients_span:
        spans["recipients"] = tail.recipients_span
    return Document(
        source=source, system=system, number=h.number, type=doc_type, issuer=issuer,
        place=h.place, date=date, date_text=date_text,
        subject=h.subject, national_title=h.national_title.text if h.national_title else None,
        motto=h.motto.text if h.motto else None, party_title=h.party_title.text if h.party_title else None,
        urgency=h.urgency, secrecy=h.secrecy, addressees=tuple(h.addressees), recipients=tuple(tail.recipients),
        signatures=tuple(tail.signatures), digital_signatures=digital, incoming_stamp=stamp,
        footnotes=tuple(notes), references=tuple(references), body=body.text,
        appendix=appendix.text if appendix is not None else "", spans=spans, notes=tuple(notes_out), text=text,
        unread=unread,
    )


_UNREAD_LINES = 40
"""How far from the top a malformed number or date line is looked for."""


def _unread(h: Header, lines: Sequence[Line], skip: set[int], limit: int) -> tuple[Unread, ...]:
    """The number and date lines printed in the header but not readable (see ``parse.unread``)."""
    if h.consolidated:
        return ()
    stop = min(limit, _UNREAD_LINES)
    found = []
    if h.number is None and (u := unread_number(lines, stop, skip)) is not None:
        found.append(u)
    if h.date_segment is None and (d := unread_date(lines, 0, stop, skip)) is not None:
        found.append(d)
    return tuple(found)


def _reading_of(text: str, parts: list[tuple[int, int]]) -> Reading:
    r = Reading(text)
    for k, (a, b) in enumerate(parts):
        if k:
            r.sep(" ")
        r.add(a, b)
    return r


def _digital(lines: Sequence[Line], block: tuple[int, int]) -> DigitalSignature:
    f = esign_fields(lines, block)
    return DigitalSignature(
        signer=f.get("Người ký") or f.get("Ký bởi") or f.get("Signed by"), organisation=f.get("Cơ quan"), email=f.get("Email"),
        time=f.get("Thời gian ký") or f.get("Ngày ký"),
        span=Span(start=lines[block[0]].start, end=lines[block[1]].end),
    )


def _system(h: Header) -> System | None:
    if h.number is not None and h.number.system is not None:
        return h.number.system
    if h.party_title is not None:
        return "party"
    if h.type_name and h.type_name in catalogue().legal_only:
        return "legal"
    if h.national_title is not None or h.motto is not None:
        return "state"
    return None


def _type(h: Header, system: System | None) -> DocumentType | None:
    """The document type: the number's type code, the printed heading, or the number's shape."""
    cat = catalogue()
    n = h.number
    heading = cat.types.get(h.type_name) if h.type_name and not h.consolidated else None
    span = Span(start=h.type_segment.start, end=h.type_segment.end) if h.type_segment else None
    printed = h.type_segment.text if h.type_segment else None
    if h.consolidated and n is None:
        return DocumentType(name=CONSOLIDATED, code="VBHN")
    if n is not None and n.type_code:
        entry = cat.type_by_code(n.type_code, n.system)
        if entry is not None:
            # the printed heading names the type; the code is kept as printed, so that a Quyết định
            # numbered "/CV-UBND" stays a Quyết định and the validator compares the two (VB208) --
            # except a consolidated text (VBHN), which reprints the heading of the text it consolidates
            if heading is not None and entry.name != CONSOLIDATED:
                entry = heading
            return DocumentType(name=entry.name, code=n.type_code, printed=printed, span=span)
    if heading is not None:
        return DocumentType(name=heading.name, code=heading.code_for(system), printed=printed, span=span)
    if n is not None and n.form == "assembly" and n.label and " " in n.label:
        entry = cat.type_by_name(n.label.rsplit(" ", 1)[0])  # "Luật số:" names the type
        if entry is not None:
            return DocumentType(name=entry.name, code=None)
    if (n is not None and n.form == "dispatch") or h.dispatch_subject:
        return DocumentType(name="Công văn", code="CV" if system == "party" else None)
    return None


def _issuer(h: Header, system: System | None) -> Issuer | None:
    n = h.number
    code = n.issuer_code if n is not None else None
    if h.issuer_units:
        unit = h.issuer_units[-1]
        parent = unit_text(h.issuer_units[-2]) if len(h.issuer_units) >= 2 else None
        name = unit_text(unit)
        if parent == name:
            parent = None
        return Issuer(name=name, parent=parent, code=code, span=Span(start=unit[0].start, end=unit[-1].end))
    if n is not None and n.issuer_codes:
        entry = catalogue().issuer(n.issuer_codes[0])
        if entry is not None:
            return Issuer(name=entry.name, code=code, inferred=True)
        if code:
            return Issuer(name=code, code=code, inferred=True)
    return None

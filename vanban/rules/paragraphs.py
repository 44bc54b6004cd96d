"""Paragraph and page rules for DOCX documents (NĐ 30/2020 Phụ lục I; HD 36-HD/VPTW).

They judge what the DOCX reader records per paragraph (alignment, first-line indent, line spacing,
bold/italic/underline, the fonts and colours of its runs, the borders of the table holding it, its
section) and per section (orientation, where the page number is printed). Each finding carries the
paragraph index. The expected look of each component comes from ``vanban/data/layouts.json``, the
catalogue the renderer uses too. On plain text these rules find nothing.
"""

from __future__ import annotations

from collections.abc import Iterator

from vanban import patterns
from vanban.catalogue import layouts
from vanban.models import Document, Paragraph, Span
from vanban.rules.facts import facts
from vanban.rules.presence import appendix_file
from vanban.rules.registry import Context, Hit, rule
from vanban.rules.spans import find_in

_LAYOUT = {"nd30": "state", "qppl": "state", "party": "party"}
_LABEL = patterns.compile(r"^[\s*_]*Nơi nhận\s*:?[\s*_]*$")
_BODY_MIN = 60
"""A body paragraph shorter than this is a heading or a list line, not running text."""
_INDENT_SLACK_CM = 0.06


def _overlaps(p: Paragraph, s: Span | None) -> bool:
    return s is not None and p.span is not None and p.span.start < s.end and s.start < p.span.end


def roles(doc: Document) -> dict[int, str]:
    """Each paragraph's role: a layout style name (``national_title``, ``type_name``, ``signer``, ``body``...)."""
    parts: list[tuple[str, Span | None]] = [
        ("national_title", doc.spans.get("national_title")), ("motto", doc.spans.get("motto")),
        ("party_title", doc.spans.get("party_title")), ("number", doc.number.span if doc.number else None),
        ("issuer", doc.issuer.span if doc.issuer else None), ("place_date", doc.spans.get("date")),
        ("type_name", doc.type.span if doc.type else None),
        ("dispatch_subject" if doc.type is not None and doc.type.name == "Công văn" else "subject",
         doc.spans.get("subject")),
        ("addressees", doc.spans.get("addressees")), ("recipients", doc.spans.get("recipients")),
    ]
    for sig in doc.signatures:
        for line in sig.chain:
            parts.append(("authority", find_in(doc, line, sig.span)))
        if sig.position:
            parts.append(("position", find_in(doc, sig.position, sig.span, last=True)))
        if sig.signer:
            parts.append(("signer", find_in(doc, sig.signer, sig.span, last=True)))
    body_end = min((s.span.start for s in doc.signatures if s.span is not None), default=None)
    out: dict[int, str] = {}
    for p in doc.paragraphs:
        if not any(ch.isalnum() for ch in p.text):
            continue
        if _LABEL.match(p.text):
            out[p.index] = "recipients_label"
            continue
        name = next((n for n, s in parts if _overlaps(p, s)), None)
        if name is None and p.table is None and p.span is not None and (body_end is None or p.span.end <= body_end):
            name = "body"
        if name is not None:
            out[p.index] = name
    return out


def _judged(doc: Document) -> bool:
    """Paragraph rules judge a document's own layout, not an appendix file of forms and tables."""
    return bool(doc.paragraphs) and not appendix_file(doc)


def _styles(ctx: Context) -> dict[str, dict[str, object]]:
    styles: dict[str, dict[str, object]] = layouts()[_LAYOUT[ctx.profile]]["styles"]
    return styles


def _running(doc: Document) -> Iterator[Paragraph]:
    """Body paragraphs of running text (not headings, not table cells)."""
    r = roles(doc)
    for p in doc.paragraphs:
        if r.get(p.index) == "body" and len(p.text.strip()) >= _BODY_MIN and p.alignment != "center":
            yield p


def _hit(p: Paragraph, **args: object) -> Hit:
    text = p.text if len(p.text) <= 80 else p.text[:77] + "..."
    return Hit(text=text, span=p.span, paragraph=p.index, args={"index": p.index, **args})


@rule("VB806")
def header_table_borders(doc: Document, ctx: Context) -> Iterator[Hit]:
    """The header and signature layout tables draw no borders."""
    if not _judged(doc):
        return
    r = roles(doc)
    layout = {p.table for p in doc.paragraphs if p.table is not None and r.get(p.index, "body") != "body"}
    seen: set[int] = set()
    for p in doc.paragraphs:  # the first paragraph of each layout table drawn with borders
        if p.table in layout and p.borders and p.table not in seen and any(ch.isalnum() for ch in p.text):
            seen.add(p.table)
            yield _hit(p)


@rule("VB807")
def body_justified(doc: Document, ctx: Context) -> Iterator[Hit]:
    """Running text is justified (căn đều hai lề)."""
    if not _judged(doc):
        return
    for p in _running(doc):
        if p.alignment != "justify":
            yield _hit(p, alignment=p.alignment or "left")


@rule("VB808")
def body_first_line_indent(doc: Document, ctx: Context) -> Iterator[Hit]:
    """Running text paragraphs have a first-line indent of 1 cm to 1.27 cm."""
    if not _judged(doc):
        return
    low, high = layouts()[_LAYOUT[ctx.profile]]["body"]["indent_range"]
    for p in _running(doc):
        ind = p.first_line_indent_cm or 0.0
        if not (low - _INDENT_SLACK_CM <= ind <= high + _INDENT_SLACK_CM):
            yield _hit(p, indent=f"{ind:g}", low=f"{low:g}", high=f"{high:g}")


@rule("VB809")
def body_line_spacing(doc: Document, ctx: Context) -> Iterator[Hit]:
    """Line spacing of running text from single to 1.5 lines (Party: exact 18 pt or more)."""
    if not _judged(doc):
        return
    for p in _running(doc):
        size = p.style.size_pt or 14.0
        if p.line_rule in ("exact", "atLeast") and p.line_pt is not None:
            low, high = (18.0, 22.0) if ctx.profile == "party" else (round(size * 1.1, 1), round(size * 1.8, 1))
            if not (low <= p.line_pt <= high):
                yield _hit(p, value=f"{p.line_pt:g} pt", low=f"{low:g} pt", high=f"{high:g} pt")
        elif p.line_spacing is not None and not (0.99 <= p.line_spacing <= 1.51):
            yield _hit(p, value=f"{p.line_spacing:g}", low="1", high="1.5")


def _expect(ctx: Context, role: str, key: str) -> bool:
    return bool(_styles(ctx).get(role, {}).get(key))


@rule("VB811")
def recipients_label_style(doc: Document, ctx: Context) -> Iterator[Hit]:
    """``Nơi nhận:`` is bold italic (state) or underlined (Party)."""
    if not _judged(doc):
        return
    r = roles(doc)
    for p in doc.paragraphs:
        if r.get(p.index) != "recipients_label":
            continue
        wanted = [k for k in ("bold", "italic", "underline") if _expect(ctx, "recipients_label", k)]
        lacking = [k for k in wanted if not getattr(p.style, k)]
        if lacking:
            yield _hit(p, lacking=", ".join(lacking))


_BOLD_ROLES = ("national_title", "motto", "party_title", "issuer", "type_name", "subject", "authority",
               "position", "signer")


@rule("VB813")
def component_bold(doc: Document, ctx: Context) -> Iterator[Hit]:
    """Quốc hiệu, Tiêu ngữ, issuing body, type name, subject, authority, position and signer name are bold."""
    if not _judged(doc):
        return
    r = roles(doc)
    paras = doc.paragraphs
    for p in paras:
        role = r.get(p.index)
        if role in _BOLD_ROLES and _expect(ctx, role, "bold") and not p.style.bold:
            nxt = paras[p.index + 1] if p.index + 1 < len(paras) and paras[p.index + 1].index == p.index + 1 else None
            if role == "issuer" and nxt is not None and nxt.cell == p.cell and nxt.style.bold and nxt.text.isupper():
                continue  # the governing body above the issuer (not bold), the issuer itself below it
            yield _hit(p, component=role)


@rule("VB814")
def date_italic(doc: Document, ctx: Context) -> Iterator[Hit]:
    """The place and date line is italic."""
    if not _judged(doc):
        return
    r = roles(doc)
    for p in doc.paragraphs:
        if r.get(p.index) == "place_date" and not p.style.italic:
            yield _hit(p)


_MARKS = ("urgency", "secrecy")


@rule("VB815")
def text_colour(doc: Document, ctx: Context) -> Iterator[Hit]:
    """Text is black (a red urgency mark aside)."""
    if not _judged(doc):
        return
    r = roles(doc)
    for p in doc.paragraphs:
        if p.colors and p.index in r and r[p.index] not in _MARKS:
            yield _hit(p, color=", ".join(p.colors))


def _font_ok(font: str) -> bool:
    return any(font == f or font.startswith(f + " ") for f in facts()["fonts"])


@rule("VB816")
def mixed_font(doc: Document, ctx: Context) -> Iterator[Hit]:
    """No phrase inside a paragraph in another font than Times New Roman."""
    for p in doc.paragraphs:
        odd = [f for f in p.fonts if not _font_ok(f)]
        if odd and p.style.font and _font_ok(p.style.font) and any(ch.isalnum() for ch in p.text):
            yield _hit(p, font=", ".join(odd))


@rule("VB812")
def page_number_place(doc: Document, ctx: Context) -> Iterator[Hit]:
    """Page numbers centred in the top margin, not shown on page 1."""
    if not _judged(doc):
        return
    page = doc.page
    if page is None or page.page_number is None:
        return
    if page.page_number != "top-center":
        yield Hit(text=page.page_number, args={"where": page.page_number, "why": "không ở giữa lề trên",
                                               "why_en": "not centred in the top margin"})
    if page.page_number_first:
        yield Hit(text=page.page_number, args={"where": page.page_number, "why": "hiện ở trang 1",
                                               "why_en": "shown on page 1"})


@rule("VB817")
def landscape_body(doc: Document, ctx: Context) -> Iterator[Hit]:
    """The body is on portrait pages (landscape only for tables that cannot be split off)."""
    if not _judged(doc):
        return
    if len(doc.sections) < 1:
        return
    r = roles(doc)
    reported: set[int] = set()
    for p in doc.paragraphs:
        if p.section is None or p.section >= len(doc.sections) or p.section in reported:
            continue
        if doc.sections[p.section].orientation == "landscape" and r.get(p.index) == "body" and p.table is None:
            reported.add(p.section)
            yield _hit(p, section=p.section + 1)

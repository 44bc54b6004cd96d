"""Typography and page rules for DOCX documents (NĐ 30/2020 Phụ lục I; HD 36-HD/VPTW).

They read ``Document.paragraphs`` (each with its ``RunStyle``) and ``Document.page``, filled by
the DOCX reader, and are inert for plain text. A paragraph's component (Quốc hiệu, số, trích
yếu, Nơi nhận, ...) is the component whose span overlaps the paragraph's span.
"""

from __future__ import annotations

from collections.abc import Iterator

from vanban import patterns
from vanban.catalogue import layouts
from vanban.models import Document, Paragraph, Span
from vanban.rules.facts import facts
from vanban.rules.presence import appendix_file
from vanban.rules.registry import Context, Hit, rule

_NAMES_EN = {
    "national_title": "national title", "motto": "motto", "issuer": "issuing body", "party_title": "Party heading", "number": "number",
    "date": "place and date", "type": "type name", "subject": "subject", "subject_dispatch": "công văn subject",
    "addressees": "Kính gửi block", "recipients_label": "\"Nơi nhận\" label", "recipients": "recipient list",
    "signature": "signature block", "body": "body text",
}
_LAYOUT = {"nd30": "state", "qppl": "state", "party": "party"}
"""The layout (``vanban/data/layouts.json``, shared with the renderer) whose ranges a profile checks."""
_STYLES = {"date": ("place_date",), "type": ("type_name",), "subject_dispatch": ("dispatch_subject",),
           "signature": ("authority", "position", "signer")}
"""Layout styles behind a component the checker tells apart (the rest have the same name)."""
_SIDES_MM = {"top": "top_mm", "bottom": "bottom_mm", "left": "left_mm", "right": "right_mm"}


def size_ranges(profile: str) -> dict[str, tuple[float, float]]:
    """Allowed font sizes per component for ``profile``, from the layout catalogue."""
    styles = layouts()[_LAYOUT[profile]]["styles"]
    table: dict[str, tuple[float, float]] = {}
    for name in _NAMES_EN:
        ranges = [styles[k]["range"] for k in _STYLES.get(name, (name,)) if k in styles]
        if ranges:
            table[name] = (min(r[0] for r in ranges), max(r[1] for r in ranges))
    return table


def margin_ranges(profile: str) -> dict[str, tuple[float, float]]:
    """Allowed margins (mm) per side for ``profile``, from the layout catalogue."""
    ranges = layouts()[_LAYOUT[profile]]["page"]["ranges"]
    return {side: (ranges[key][0], ranges[key][1]) for side, key in _SIDES_MM.items()}


_NAMES_VI = {
    "national_title": "Quốc hiệu", "motto": "Tiêu ngữ", "issuer": "tên cơ quan ban hành", "party_title": "tiêu đề Đảng", "number": "số, ký hiệu",
    "date": "địa danh, ngày tháng", "type": "tên loại", "subject": "trích yếu", "subject_dispatch": "trích yếu công văn",
    "addressees": "phần Kính gửi", "recipients_label": "chữ \"Nơi nhận\"", "recipients": "danh sách nơi nhận",
    "signature": "phần chữ ký", "body": "nội dung",
}


def _components(doc: Document) -> list[tuple[str, Span]]:
    spans: list[tuple[str, Span | None]] = [
        ("national_title", doc.spans.get("national_title")), ("motto", doc.spans.get("motto")),
        ("party_title", doc.spans.get("party_title")), ("number", doc.number.span if doc.number else None),
        ("issuer", doc.issuer.span if doc.issuer else None),
        ("date", doc.spans.get("date")), ("type", doc.type.span if doc.type else None),
        ("subject_dispatch" if doc.type is not None and doc.type.name == "Công văn" else "subject",
         doc.spans.get("subject")),
        ("addressees", doc.spans.get("addressees")), ("recipients", doc.spans.get("recipients")),
    ]
    spans.extend(("signature", s.span) for s in doc.signatures)
    return [(name, s) for name, s in spans if s is not None]


_LABEL = patterns.compile(r"^\s*Nơi nhận\s*:?\s*$")


def _has_text(p: Paragraph) -> bool:
    """False for empty paragraphs and drawn rules (``_______``, ``*``): they have no type size to check."""
    return any(ch.isalnum() for ch in p.text)


def _body_end(doc: Document) -> int | None:
    starts = [s.span.start for s in doc.signatures if s.span is not None]
    return min(starts) if starts else None


def _component_of(p: Paragraph, components: list[tuple[str, Span]], body_end: int | None) -> str | None:
    if _LABEL.match(p.text) and (p.table is None or p.cell is not None):
        return "recipients_label"
    if p.span is not None:
        for name, s in components:
            if p.span.start < s.end and s.start < p.span.end:
                return name
    if p.table is None and (body_end is None or (p.span is not None and p.span.end <= body_end)):
        return "body"  # what follows the signature (forms, routing slips) has its own layout
    return None


def _font_ok(font: str, fonts: set[str]) -> bool:
    """``Times New Roman`` and its face names (``Times New Roman Bold``) are the same family."""
    return any(font == f or font.startswith(f + " ") for f in fonts)


@rule("VB801")
def font_family(doc: Document, ctx: Context) -> Iterator[Hit]:
    """Times New Roman throughout."""
    fonts = set(facts()["fonts"])
    seen: set[str] = set()
    for p in doc.paragraphs:  # one finding per font, at its first paragraph
        if p.style.font and p.style.font not in seen and not _font_ok(p.style.font, fonts) and _has_text(p):
            seen.add(p.style.font)
            yield Hit(text=p.text, span=p.span, paragraph=p.index, args={"font": p.style.font},
                      suggestion="Times New Roman")


_SIDES = (("top", "trên", "top"), ("bottom", "dưới", "bottom"), ("left", "trái", "left"), ("right", "phải", "right"))


def _margin_hits(doc: Document, table: dict[str, tuple[float, float]], *, mirrored_ok: bool) -> Iterator[Hit]:
    page = doc.page
    if page is None:
        return
    values = {"top": page.top_mm, "bottom": page.bottom_mm, "left": page.left_mm, "right": page.right_mm}
    if mirrored_ok and values["left"] is not None and values["right"] is not None \
            and abs(values["left"] - table["right"][0]) <= 0.5 and abs(values["right"] - table["left"][0]) <= 0.5:
        values["left"], values["right"] = values["right"], values["left"]  # back page of a two-sided print
    for side, vi, en in _SIDES:
        v = values[side]
        low, high = table[side]
        if v is not None and not (low - 0.5 <= v <= high + 0.5):
            yield Hit(text=f"{v:g} mm", args={"side": vi, "side_en": en, "value": f"{v:g}", "low": f"{low:g}",
                                              "high": f"{high:g}"}, suggestion=f"{low:g}-{high:g} mm")


@rule("VB802")
def page_margins(doc: Document, ctx: Context) -> Iterator[Hit]:
    """State margins within NĐ 30/2020 ranges."""
    yield from _margin_hits(doc, margin_ranges("nd30"), mirrored_ok=False)


@rule("VB803")
def party_page_margins(doc: Document, ctx: Context) -> Iterator[Hit]:
    """Party margins fixed at 20/20/30/15 mm."""
    yield from _margin_hits(doc, margin_ranges("party"), mirrored_ok=True)


@rule("VB804")
def paper_size(doc: Document, ctx: Context) -> Iterator[Hit]:
    """A4 paper."""
    page = doc.page
    if page is None or page.width_mm is None or page.height_mm is None:
        return
    a4 = layouts()["state"]["page"]
    tolerance = facts()["paper_tolerance_mm"]
    short, long_ = sorted((page.width_mm, page.height_mm))
    if abs(short - a4["width_mm"]) > tolerance or abs(long_ - a4["height_mm"]) > tolerance:
        yield Hit(text=f"{page.width_mm:g} x {page.height_mm:g} mm",
                  args={"width": f"{page.width_mm:g}", "height": f"{page.height_mm:g}"}, suggestion="210 x 297 mm")


@rule("VB805")
def component_font_size(doc: Document, ctx: Context) -> Iterator[Hit]:
    """Each component's font size within its range."""
    if not doc.paragraphs or appendix_file(doc):
        return  # an appendix file holds forms and tables, not the components
    table = size_ranges(ctx.profile)
    components = _components(doc)
    body_end = _body_end(doc)
    for p in doc.paragraphs:
        size = p.style.size_pt
        if size is None or not _has_text(p):
            continue
        name = _component_of(p, components, body_end)
        if name is None or name not in table:
            continue
        low, high = table[name]
        if not (low <= size <= high):
            yield Hit(text=p.text, span=p.span, paragraph=p.index,
                      args={"size": f"{size:g}", "component": _NAMES_VI[name], "component_en": _NAMES_EN[name],
                            "low": f"{low:g}", "high": f"{high:g}"},
                      suggestion=f"{low:g}-{high:g} pt")

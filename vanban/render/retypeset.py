"""Re-typeset a document: keep its content, write it in the compliant layout, report what changed.

The input is a document read like any other (``parse_file``); for a DOCX the reader also gives each
paragraph's typography and the page set-up, so the report can say ``body: size 12 pt -> 14 pt``
or ``margin bottom_mm: 14 -> 20``. Values the input already has inside the allowed range (a
13 pt body, a 20 mm right margin) are kept rather than moved to the default.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from collections import Counter
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from vanban.models import Document, Paragraph, Span
from vanban.render.completeness import place_in_body, source_paragraphs, unplaced, words, xml_words
from vanban.render.docx import date_line, docx_bytes, is_dispatch, number_line, render_docx
from vanban.render.layout import Layout, layout_for


class Change(BaseModel):
    """One difference between the input and the re-typeset output (``was`` -> ``now``)."""

    model_config = ConfigDict(frozen=True)

    component: str
    was: str | None = None
    now: str | None = None


class FormatReport(BaseModel):
    """What ``vanban format`` did: the input, the output, the layout used and every change."""

    model_config = ConfigDict(frozen=True)

    source: str | None = None
    output: str
    layout: str
    changes: tuple[Change, ...] = ()


def _fold(s: str | None) -> str:
    return re.sub(r"\s+", " ", s or "").strip()


def _inside(p: Paragraph, span: Span | None) -> bool:
    if span is None or p.span is None:
        return False
    return p.span.start < span.end and span.start < p.span.end and bool(p.text.strip())


def _components(doc: Document) -> dict[str, list[Paragraph]]:
    """The paragraphs of each layout component, found by the spans the parser set."""
    spans: dict[str, Span | None] = {
        "number": doc.number.span if doc.number else None,
        "issuer": doc.issuer.span if doc.issuer else None,
        "type_name": doc.type.span if doc.type else None,
        "national_title": doc.spans.get("national_title"),
        "motto": doc.spans.get("motto"),
        "place_date": doc.spans.get("date"),
        "dispatch_subject" if is_dispatch(doc) else "subject": doc.spans.get("subject"),
        "addressees": doc.spans.get("addressees"),
        "recipients": doc.spans.get("recipients"),
    }
    if doc.system == "party":
        spans["party_title"] = spans.pop("national_title")
        spans.pop("motto")
    found: dict[str, list[Paragraph]] = {}
    used: set[int] = set()
    for name, span in spans.items():
        paras = [p for p in doc.paragraphs if _inside(p, span)]
        if paras:
            found[name] = paras
            used.update(p.index for p in paras)
    sig = doc.signature
    if sig is not None:
        for p in doc.paragraphs:
            if not _inside(p, sig.span) or p.index in used:
                continue
            t = _fold(p.text)
            role = ("authority" if t in sig.chain else "position" if t == sig.position
                    else "signer" if sig.signer and sig.signer in t else None)
            if role:
                found.setdefault(role, []).append(p)
                used.add(p.index)
    body = [p for p in doc.paragraphs if p.table is None and p.index not in used and len(p.text.strip()) > 40]
    if body:
        found["body"] = body
    return found


def _common(values: list[float | None]) -> float | None:
    seen = [v for v in values if v is not None]
    return Counter(seen).most_common(1)[0][0] if seen else None


def _plan(doc: Document, base: Layout) -> tuple[Layout, list[Change]]:
    """The layout to write with (input values kept where allowed) and the typography changes."""
    changes: list[Change] = []
    margins: dict[str, float] = {}
    page = doc.page
    if page is not None:
        for key, (lo, hi) in base.page.ranges.items():
            have = getattr(page, key)
            if have is None:
                continue
            if lo <= have <= hi:
                margins[key] = have
            else:
                changes.append(Change(component=f"margin {key}", was=f"{have:g}", now=f"{getattr(base.page, key):g}"))
        if page.orientation == "landscape":
            changes.append(Change(component="orientation", was="landscape", now="portrait"))
    sizes: dict[str, float] = {}
    comps = _components(doc)
    for name, paras in comps.items():
        if name not in base.styles:
            continue
        st = base.style(name)
        size = _common([p.style.size_pt for p in paras])
        if size is not None:
            if st.range[0] <= size <= st.range[1]:
                sizes[name] = size
            else:
                changes.append(Change(component=name, was=f"size {size:g} pt", now=f"size {st.size:g} pt"))
        for attr in ("bold", "italic"):
            have = _common([1.0 if getattr(p.style, attr) else 0.0 for p in paras])
            want = getattr(st, attr)
            if have is not None and bool(have) != want and name != "body":
                changes.append(Change(component=name, was=attr if have else f"not {attr}",
                                      now=attr if want else f"not {attr}"))
    body = comps.get("body", [])
    if body:
        indent = _common([p.first_line_indent_cm for p in body])
        lo, hi = base.body.indent_range
        if indent is None or not lo - 0.01 <= indent <= hi + 0.01:
            was = f"{indent:g} cm" if indent is not None else "none"
            changes.append(Change(component="body first-line indent", was=was,
                                  now=f"{base.body.first_line_indent_cm:g} cm"))
        align = _common([1.0 if p.alignment in ("justify", "both") else 0.0 for p in body])
        if align == 0.0:
            changes.append(Change(component="body alignment", was="not justified", now="justified"))
    fonts = Counter(p.style.font for p in doc.paragraphs if p.style.font and p.style.font != base.font)
    for font, n in fonts.most_common():
        changes.append(Change(component="font", was=f"{font} ({n} paragraphs)", now=base.font))
    layout = base.configured(margins=margins, sizes=sizes) if (margins or sizes) else base
    return layout, changes


def _content_changes(doc: Document, layout: Layout) -> list[Change]:
    changes: list[Change] = []
    new_number = number_line(doc, layout)
    if doc.number is not None and _fold(doc.number.raw) != _fold(new_number):
        changes.append(Change(component="number", was=doc.number.raw, now=new_number))
    new_date = date_line(doc)
    if _fold(doc.date_text) != _fold(new_date):
        changes.append(Change(component="place_date", was=doc.date_text, now=new_date))
    if layout.system == "party":
        if doc.party_title is None:
            changes.append(Change(component="party_title", was=None, now=layout.titles[0]))
    else:
        for name, have, want in (("national_title", doc.national_title, layout.titles[0]),
                                 ("motto", doc.motto, layout.titles[1])):
            if _fold(have) != want:
                changes.append(Change(component=name, was=have, now=want))
    if doc.number is not None and doc.paragraphs:
        cell = next((p.cell for p in doc.paragraphs if _inside(p, doc.number.span)), None)
        if cell is None:
            changes.append(Change(component="header", was="not in a table", now="two-column header table"))
    if doc.incoming_stamp is not None:
        changes.append(Change(component="incoming_stamp", was=doc.incoming_stamp.raw.replace("\n", " / "),
                              now=None))
    for who in dict.fromkeys(ds.organisation or ds.signer for ds in doc.digital_signatures):
        changes.append(Change(component="digital_signature", was=who, now=None))
    return changes


_PAPERS = {"A4": (210.0, 297.0), "A5": (148.0, 210.0), "A3": (297.0, 420.0), "Letter": (215.9, 279.4),
           "Legal": (215.9, 355.6)}


def _paper(width: float, height: float) -> str:
    w, h = sorted((width, height))
    name = next((n for n, (a, b) in _PAPERS.items() if abs(a - w) <= 2 and abs(b - h) <= 2), None)
    size = f"{w:g} x {h:g} mm"
    return f"{name} {size}" if name else size


def _paper_change(doc: Document, layout: Layout) -> list[Change]:
    page = doc.page
    if page is None or page.width_mm is None or page.height_mm is None:
        return []
    want = (layout.page.width_mm, layout.page.height_mm)
    if abs(min(page.width_mm, page.height_mm) - want[0]) <= 1 and abs(max(page.width_mm, page.height_mm) - want[1]) <= 1:
        return []
    return [Change(component="paper", was=_paper(page.width_mm, page.height_mm), now=_paper(*want))]


def _output_words(doc: Document, layout: Layout) -> Counter[str]:
    data = docx_bytes(doc, layout)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return xml_words(z.read(name).decode() for name in ("word/document.xml", "word/footnotes.xml"))


def format_docx(doc: Document, path: str | os.PathLike[str], profile: Layout | str | None = None) -> FormatReport:
    """Re-typeset a read document (``parse_file``) into ``path`` in the compliant layout; returns what changed.

    No word is lost: an input paragraph whose words the layout has no place for goes into the body
    in reading order and is reported (``moved to body``).
    """
    base = layout_for(doc, profile)
    layout, changes = _plan(doc, base)
    if isinstance(profile, Layout):
        layout = profile
    changes += _paper_change(doc, layout)
    content = _content_changes(doc, layout)
    changes += content
    accounted: Counter[str] = Counter()
    for c in content:  # words re-written on purpose (5 -> 05, HOÀ -> HÒA) or left out (the ĐẾN stamp)
        accounted += words(c.was or "")
    missing = unplaced(doc, _output_words(doc, layout), accounted)
    if missing:
        texts = source_paragraphs(doc)
        changes += [Change(component="moved to body", was=" ".join(texts[k].split()), now="body") for k in missing]
        doc = doc.model_copy(update={"body": place_in_body(doc, missing)})
    out = render_docx(doc, path, layout)
    return FormatReport(source=doc.source, output=str(Path(out)), layout=layout.name, changes=tuple(changes))

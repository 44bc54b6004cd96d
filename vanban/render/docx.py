"""Write a :class:`~vanban.models.Document` as a DOCX in the official layout of its system.

The page follows Phụ lục I of Nghị định 30/2020 (state) or Hướng dẫn 36-HD/VPTW (Party), with
the values of :mod:`vanban.render.layout`:

* a borderless two-column header table: left the parent body (upper case), the issuing body
  (upper case, bold) with its short rule (state) or ``*`` (Party), then ``Số: 15/QĐ-UBND``
  (``Số 85-BC/BTGTU``), the ``V/v`` subject of a công văn and the urgency and secrecy marks;
  right the Quốc hiệu and Tiêu ngữ with its full-length rule (state) or ``ĐẢNG CỘNG SẢN VIỆT
  NAM`` (Party), then the italic place and date with the zero-padding rule applied;
* the type name and subject centred, ``Kính gửi:``, the body (justified, first-line indent),
  footnotes as Word footnotes, then a table with ``Nơi nhận:`` left and the signature right;
* page numbers centred in the top margin from page 2 (a different first-page header).
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

from vanban import patterns
from vanban.errors import InputError
from vanban.models import Document, DocumentNumber, Signature, Table
from vanban.numbering import default_label, format_number
from vanban.render.blocks import MARK, Block, body_with_marks, classify, inline_styles, reflow, split_tables
from vanban.render.layout import Layout, layout_for
from vanban.render.package import (
    HEADER_DEFAULT,
    HEADER_FIRST,
    build_package,
    core_xml,
    document_xml,
    footnotes_xml,
)
from vanban.render.wordml import (
    CELL_MARGIN,
    GridCell,
    Look,
    Para,
    footnote_reference,
    grid_table,
    paragraph,
    run,
    table,
    text_width_pt,
    twips_mm,
    wrap_lines,
)

CM = 567
"""Twips per centimetre."""
MM_PT = 72 / 25.4
"""Points per millimetre."""

_ARTICLE_HEAD = patterns.compile(r"Điều\s+\d+[a-zđ]?\s*[.:]")
_NUMERIC = patterns.compile(r"^[\d.,%\s+-]+$")



def date_line(doc: Document) -> str:
    """The place and date line, ``Hà Nội, ngày 05 tháng 01 năm 2020`` (day < 10 and months 1-2 padded).

    Without a date the printed ``date_text`` is kept; with neither, a blank form to fill in by hand
    (``Lào Cai, ngày      tháng      năm``; ``……`` stands for an unknown place).
    """
    if doc.date is not None:
        d = doc.date
        month = f"{d.month:02d}" if d.month <= 2 else str(d.month)
        when = f"ngày {d.day:02d} tháng {month} năm {d.year}"
        return f"{doc.place}, {when}" if doc.place else when[:1].upper() + when[1:]
    if doc.date_text:
        if doc.place and not doc.date_text.startswith(doc.place):
            return f"{doc.place}, {doc.date_text}"
        return doc.date_text
    return f"{doc.place or '……'}, ngày      tháng      năm"


def padded(n: DocumentNumber) -> DocumentNumber:
    """The number as printed: a number under 10 gets its leading zero (``7/QĐ-UBND`` -> ``07/QĐ-UBND``).

    NĐ 30 Phụ lục I Mục II.3 and HD 36 write ``01`` ... ``09``; the model keeps what the source printed.
    """
    if n.number is None or not n.number.isdigit() or len(n.number) != 1 or not n.canonical.startswith(n.number):
        return n
    return n.model_copy(update={"number": "0" + n.number, "canonical": "0" + n.canonical})


def number_line(doc: Document, layout: Layout) -> str | None:
    """``Số: 15/QĐ-UBND`` (state and legal) or ``Số 85-BC/BTGTU`` (Party); a blank number stays blank."""
    n = doc.number
    if n is None:
        return None
    n = padded(n)
    type_name = doc.type.name if doc.type else None
    label = "Số" if layout.system == "party" else default_label(n, type_name)
    if layout.system != "party" and label == "Số":
        label = "Số:"
    if n.number is None:
        return f"{label}{' ' * 8}{n.canonical}"
    return format_number(n, label=label)


def is_dispatch(doc: Document) -> bool:
    """True for a công văn: no type heading, the subject goes under the number as ``V/v ...``."""
    if doc.type is not None:
        return doc.type.name == "Công văn"
    return doc.number is not None and doc.number.form == "dispatch"


def subject_line(doc: Document) -> str | None:
    """The subject as printed under a named type (``Về việc ...``, ``Kết quả ...``), kept as written."""
    s = (doc.subject or "").strip()
    return s or None


def signature_lines(sig: Signature) -> tuple[list[str], str | None, str | None]:
    """Authority lines (``KT. GIÁM ĐỐC``), the position and the name (with honorific) of a block."""
    chain = list(sig.chain)
    if not chain and sig.authority:
        chain = [f"{sig.authority} {sig.authority_title or ''}".strip()]
    name = sig.signer
    if name and sig.honorific:
        name = f"{sig.honorific} {name}"
    return chain, sig.position, name


class _Writer:
    """Builds ``document.xml`` and ``footnotes.xml`` for one document."""

    def __init__(self, doc: Document, layout: Layout) -> None:
        self.doc = doc
        self.layout = layout
        self.width = twips_mm(layout.page.text_width_mm)
        self.notes: list[tuple[int, str]] = []
        self.dispatch = is_dispatch(doc)
        self.pending: list[int] = []

    # -- helpers ---------------------------------------------------------------------------
    def look(self, component: str, **extra: object) -> Look:
        return Look.of(self.layout.font, self.layout.style(component), **extra)

    def text_for(self, component: str, text: str) -> str:
        return text.upper() if self.layout.style(component).caps else text

    def line(self, component: str, text: str, props: Para | None = None, **extra: object) -> str:
        look = self.look(component, **extra)
        return paragraph(run(self.text_for(component, text), look), props or Para(align="center"), look)

    def rule(self, length_pt: float, space_for: float, props: Para | None = None) -> str:
        """A centred horizontal rule ``length_pt`` long inside a width of ``space_for`` twips."""
        length = min(round(length_pt * 20), int(space_for))
        side = max(0, (int(space_for) - length) // 2)
        mark = Look(font=self.layout.font, size=3)
        base = props or Para(align="center", before=3)
        p = Para(align="center", left=side, right=side, border_top=True, before=base.before, after=base.after)
        return paragraph("", p, mark)

    # -- header ----------------------------------------------------------------------------
    def title_components(self) -> list[tuple[str, str]]:
        """The right-hand header lines and their components (Quốc hiệu, Tiêu ngữ or the Party title)."""
        lay = self.layout
        if lay.system == "party":
            return [(lay.titles[0], "party_title")]
        return [(lay.titles[0], "national_title"), (lay.titles[1], "motto")]

    def header(self) -> str:
        lay = self.layout
        widest = max(text_width_pt(t, lay.style(c).size, bold=True) for t, c in self.title_components())
        right_w = max(self.width - round(self.width * lay.header_left_share),
                      round(widest * 20 * 1.06) + 2 * CELL_MARGIN)
        left_w = self.width - right_w
        inner_l, inner_r = left_w - 2 * CELL_MARGIN, right_w - 2 * CELL_MARGIN
        doc = self.doc
        left: list[str] = []
        if doc.issuer is not None:
            if doc.issuer.parent:
                parent = self.broken("parent", self.text_for("parent", doc.issuer.parent), inner_l)
                left.append(self.line("parent", parent))
            name = self.broken("issuer", self.text_for("issuer", doc.issuer.name), inner_l)
            left.append(self.line("issuer", name))
            if lay.issuer_mark == "rule":
                st = lay.style("issuer")
                widest_line = max(name.split("\n"), key=lambda t: text_width_pt(t, st.size, bold=True))
                w = min(text_width_pt(widest_line, st.size, bold=True), inner_l / 20)
                left.append(self.rule(w * lay.issuer_rule_share, inner_l))
            else:
                left.append(self.line("issuer", "*"))
        right: list[str] = []
        if lay.system == "party":
            title = lay.titles[0]
            right.append(self.line("party_title", title))
            st = lay.style("party_title")
            right.append(self.rule(text_width_pt(title, st.size, bold=True), inner_r))
        else:
            right.append(self.line("national_title", lay.titles[0]))
            right.append(self.line("motto", lay.titles[1]))
            st = lay.style("motto")
            right.append(self.rule(text_width_pt(lay.titles[1], st.size, bold=True), inner_r))
        left2: list[str] = []
        num = number_line(doc, lay)
        if num:
            left2.append(self.line("number", num, Para(align="center", before=6)))
        if self.dispatch and doc.subject:
            left2.append(self.line("dispatch_subject", lay.dispatch_prefix + doc.subject.strip(),
                                   Para(align="center", before=6)))
        marks = [self.mark(component, mark, inner_l)
                 for component, mark in (("secrecy", doc.secrecy), ("urgency", doc.urgency)) if mark]
        if marks:  # an empty line keeps a mark from reading as the end of the subject
            left2.append(paragraph("", Para(align="center"), Look(font=lay.font, size=4)))
            left2.extend(marks)
        if left2:  # an empty line ends the left column, so a blank-form date never reads as its continuation
            left2.append(paragraph("", Para(align="center"), Look(font=lay.font, size=4)))
        right2: list[str] = []
        when = date_line(doc)
        if when:
            right2.append(self.line("place_date", when, Para(align="center", before=6)))
        return table([left_w, right_w], [["".join(left), "".join(right)], ["".join(left2), "".join(right2)]])

    def broken(self, component: str, name: str, inner: int) -> str:
        """A header name too wide for its cell, broken between the organ and the place (``ỦY BAN NHÂN DÂN`` /
        ``TỈNH LÀO CAI``); a name that fits, or has no place word after its organ, is left to wrap."""
        if "\n" in name:
            return name
        st = self.layout.style(component)
        if text_width_pt(name, st.size, bold=st.bold) * 20 <= inner:
            return name
        found = [m for m in self.layout.place_pattern().finditer(name) if m.start() > 0]
        if not found:
            return name
        cut = found[-1].start()
        return name[:cut].rstrip() + "\n" + name[cut:]

    def mark(self, component: str, text: str, inner: int) -> str:
        """An urgency or secrecy mark: upper case, bold, in a single-line red frame ``mark_height_mm`` high."""
        look = self.look(component, color=self.layout.mark_color)
        shown = text.upper()
        w = round(text_width_pt(shown, look.size, bold=True) * 20) + 240
        side = max(0, (inner - w) // 2)
        # frame height = line + 2 x (border 1 pt + its 1 pt distance from the text)
        line = self.layout.mark_height_mm * MM_PT - 4
        props = Para(align="center", left=side, right=side, before=4, box=self.layout.mark_color,
                     line=line, line_rule="exact")
        return paragraph(run(shown, look), props, look)

    # -- title, addressees -----------------------------------------------------------------
    def title(self) -> str:
        doc, lay = self.doc, self.layout
        out: list[str] = []
        if not self.dispatch and doc.type is not None:
            out.append(self.line("type_name", doc.type.name, Para(align="center", before=18, keep_next=True)))
        subject = None if self.dispatch else subject_line(doc)
        if subject:
            before = 0 if out else 18
            out.append(self.line("subject", subject, Para(align="center", before=before, keep_next=True)))
            st = lay.style("subject")
            if lay.subject_mark == "rule":
                longest = max(text_width_pt(ln, st.size, bold=True)
                              for ln in wrap_lines(subject, st.size, self.width / 20, bold=True))
                out.append(self.rule(longest * lay.subject_rule_share, self.width, Para(before=5, after=6)))
            else:
                out.append(self.line("subject", "-----", Para(align="center", after=6)))
        elif out:
            out.append(paragraph("", Para(after=6), self.look("body")))
        return "".join(out)

    def addressees(self) -> str:
        """Kính gửi (ô 9a): one recipient on the label's line; several each on a line, dashes under the colon."""
        doc = self.doc
        items = [a.strip() for a in doc.addressees if a.strip()]
        if not items:
            return ""
        look = self.look("addressees")
        label = "Kính gửi:"
        spacer = paragraph("", Para(align="center"), Look(font=self.layout.font, size=4))
        if len(items) == 1:
            return paragraph(run(f"{label} {items[0]}", look), Para(align="center", before=12, after=6), look) + spacer
        start = 2 * CM
        colon = round(text_width_pt(label[:-1], look.size) * 20)
        out = [paragraph(run(label, look), Para(align="left", left=start, before=12), look)]
        for k, item in enumerate(items):
            end = "." if k == len(items) - 1 else ";"
            text = f"- {item}" if item.endswith((";", ".", ",")) else f"- {item}{end}"
            out.append(paragraph(run(text, look), Para(align="left", left=start + colon, hanging=0), look))
        return "".join(out) + spacer

    # -- body ------------------------------------------------------------------------------
    def body_props(self, role: str) -> Para:
        b = self.layout.body
        indent = round(b.first_line_indent_cm * CM)
        line = b.line
        if role == "center":
            return Para(align="center", before=6, after=b.space_after_pt, line=line, line_rule=b.line_rule,
                        keep_next=True)
        return Para(align="both", first_line=indent, after=b.space_after_pt, line=line, line_rule=b.line_rule,
                    keep_next=role in ("heading",))

    def runs(self, text: str, look: Look) -> str:
        """Runs of ``text``: Markdown-like ``*italic*``/``**bold**`` as formatting, :data:`MARK` as footnote marks."""
        out: list[str] = []
        for piece, bold, italic in inline_styles(text):
            shown = dataclasses.replace(look, bold=look.bold or bold, italic=look.italic or italic)
            parts = piece.split(MARK)
            out.append(run(parts[0], shown))
            for part in parts[1:]:
                k = self.pending.pop(0) if self.pending else None
                if k is not None:
                    fid = len(self.notes) + 1
                    self.notes.append((fid, self.doc.footnotes[k].text))
                    out.append(footnote_reference(fid, look))
                out.append(run(part, shown))
        return "".join(out)

    def block(self, blk: Block, component: str = "body", *, keep_next: bool = False,
              page_break: bool = False) -> str:
        base = self.look(component)
        props = self.body_props(blk.role)
        if keep_next or page_break:
            props = dataclasses.replace(props, keep_next=props.keep_next or keep_next, page_break_before=page_break)
        if blk.role in ("heading", "center"):
            look = Look(font=base.font, size=base.size, bold=True)
            return paragraph(self.runs(blk.text, look), props, look)
        if blk.role == "attached":
            look = Look(font=base.font, size=base.size, italic=True)
            return paragraph(self.runs(blk.text, look), dataclasses.replace(props, align="center", first_line=0,
                                                                           keep_next=True), look)
        if blk.role == "basis" and self.layout.italic_basis:
            look = self.look("basis")
            return paragraph(self.runs(blk.text, look), props, look)
        if blk.role == "article":
            bold = Look(font=base.font, size=base.size, bold=True)
            plain = blk.text.replace(MARK, "").rstrip()
            if len(plain) <= 150 and plain[-1:] not in ".;:":  # Điều with its title: all bold
                return paragraph(self.runs(blk.text, bold), dataclasses.replace(props, keep_next=True), base)
            head = _ARTICLE_HEAD.match(blk.text)  # Điều with content: only "Điều 1." bold
            cut = head.end() if head else 0
            return paragraph(self.runs(blk.text[:cut], bold) + self.runs(blk.text[cut:], base), props, base)
        return paragraph(self.runs(blk.text, base), props, base)

    def flow(self, text: str, part: str) -> list[Block | Table]:
        """Paragraphs and data tables of the body or the appendix, in order."""
        tables = [t for t in self.doc.tables if t.part == part]
        source = self.doc.body if part == "body" else self.doc.appendix
        out: list[Block | Table] = []
        for piece in split_tables(text, tables, source):
            if isinstance(piece, Table):
                out.append(piece)
            else:
                paras = reflow(piece, wrapped=self.doc.format != "docx")
                out.extend(classify(paras, dispatch=self.dispatch or part != "body"))
        return out

    def typeset(self, items: list[Block | Table], *, keep_last: bool = False, page_break: bool = False) -> str:
        """XML of ``items``; ``keep_last`` keeps the last paragraph with what follows (the signature),
        ``page_break`` starts the first on a new page."""
        out: list[str] = []
        for k, item in enumerate(items):
            if isinstance(item, Table):
                last = k == len(items) - 1
                out.append(self.data_table(item, page_break=page_break and k == 0, spacer=not last,
                                           keep_next=keep_last and last))
            else:
                out.append(self.block(item, keep_next=keep_last and k == len(items) - 1,
                                      page_break=page_break and k == 0))
        return "".join(out)

    def data_table(self, t: Table, *, page_break: bool = False, spacer: bool = True, keep_next: bool = False) -> str:
        """A table of the body or appendix as a Word table with borders; header rows bold and repeated."""
        look = self.look("table")
        head = Look(font=look.font, size=look.size, bold=True)
        layout_rows = t.grid()
        ncols = max((col + (c.col_span if c else 1) for row in layout_rows for col, c in row), default=1)
        weights = [1.0] * ncols
        grid: list[list[GridCell]] = []
        spans: dict[tuple[int, int], int] = {}
        for r, row in enumerate(layout_rows):
            cells: list[GridCell] = []
            end = 0
            for col, cell in row:
                if col > end:  # a short row: empty cells up to this one
                    cells.append(GridCell(paragraph("", Para(align="left"), look), col - end))
                if cell is None:
                    span = spans.get((r, col), 1)
                    cells.append(GridCell(paragraph("", Para(align="left"), look), span, "continue"))
                    end = col + span
                    continue
                span = max(1, min(cell.col_span, ncols - col))
                lk = head if r < t.header_rows else look
                align = "center" if r < t.header_rows else ("right" if _NUMERIC.match(cell.text) else "left")
                keep = keep_next and r == len(layout_rows) - 1  # a closing table's last row stays with the signature
                content = paragraph(self.runs(cell.text, lk), Para(align=align, keep_next=keep), lk)
                for below in range(r + 1, r + cell.row_span):
                    spans[(below, col)] = span
                cells.append(GridCell(content, span, "restart" if cell.row_span > 1 else None))
                if span == 1 and r >= t.header_rows:
                    weights[col] = max(weights[col], min(len(cell.text), 60) ** 0.5)
                end = col + span
            if end < ncols:
                cells.append(GridCell(paragraph("", Para(align="left"), look), ncols - end))
            grid.append(cells)
        total = sum(weights)
        columns = [max(400, round(self.width * w / total)) for w in weights]
        columns[-1] = max(400, self.width - sum(columns[:-1]))
        after = paragraph("", Para(after=6), look) if spacer else ""  # none after the last: no blank page
        before = paragraph("", Para(page_break_before=True), look) if page_break else ""
        return before + grid_table(columns, grid, t.header_rows) + after

    def body(self) -> str:
        text, self.pending = body_with_marks(self.doc)
        doc = self.doc
        if not self.dispatch and doc.type is not None:  # the type name typed as a body line: the heading prints it
            first, _, rest = text.lstrip().partition("\n")
            if first.strip().casefold() == doc.type.name.casefold():
                text = rest
        # the last paragraph goes with the signature: never a signature alone on a page
        return self.typeset(self.flow(text, "body"), keep_last=bool(self.doc.signatures or self.doc.recipients))

    # -- signature and recipients ----------------------------------------------------------
    def signature_cell(self, sig: Signature, *, keep_next: bool = False) -> str:
        """Authority lines, position, the gap for the signature and seal (``signature_gap_mm``), the name."""
        chain, position, name = signature_lines(sig)
        props = Para(align="center", keep_next=keep_next)
        out = [self.line("authority", a, props) for a in chain]
        if position:
            out.append(self.line("position", position, props))
        gap = Para(align="center", line=self.layout.signature_gap_mm * MM_PT, line_rule="exact", keep_next=keep_next)
        out.append(paragraph("", gap, self.look("signer")))
        if name:
            out.append(self.line("signer", name, props))
        return "".join(out)

    def recipients_cell(self) -> str:
        items = [r.strip() for r in self.doc.recipients if r.strip()]
        if not items:
            return ""
        look = self.look("recipients")
        out = [self.line("recipients_label", "Nơi nhận:", Para(align="left"))]
        sep = self.layout.recipients_separator
        for k, item in enumerate(items):
            end = "." if k == len(items) - 1 else sep
            text = f"- {item}" if item[-1:] in ";,.:" else f"- {item}{end}"
            out.append(paragraph(run(text, look), Para(align="left"), look))
        return "".join(out)

    def tail(self) -> str:
        sigs = self.doc.signatures
        recipients = self.recipients_cell()
        if not sigs and not recipients:
            return ""
        spacer = paragraph("", Para(after=6, keep_next=True), self.look("body"))
        if len(sigs) <= 1:
            right = self.signature_cell(sigs[0]) if sigs else ""
            half = self.width // 2
            return spacer + table([half, self.width - half], [[recipients, right]])
        cols = [self.width // len(sigs)] * len(sigs)
        cols[-1] = self.width - sum(cols[:-1])
        rows = [[self.signature_cell(s, keep_next=bool(recipients)) for s in sigs]]
        if recipients:  # one table, the Nơi nhận row spanning every column, kept with the signatures
            rows.append([recipients])
        return spacer + table(cols, rows)

    def appendix(self) -> str:
        """What followed the signature (phụ lục), from a new page, in the body's size."""
        if not self.doc.appendix.strip():
            return ""
        return self.typeset(self.flow(self.doc.appendix, "appendix"), page_break=True)

    # -- whole document --------------------------------------------------------------------
    def section(self) -> str:
        p = self.layout.page
        return (
            f'<w:sectPr><w:headerReference w:type="default" r:id="{HEADER_DEFAULT}"/>'
            f'<w:headerReference w:type="first" r:id="{HEADER_FIRST}"/>'
            '<w:footnotePr><w:numFmt w:val="decimal"/></w:footnotePr>'
            f'<w:pgSz w:w="{twips_mm(p.width_mm)}" w:h="{twips_mm(p.height_mm)}"/>'
            f'<w:pgMar w:top="{twips_mm(p.top_mm)}" w:right="{twips_mm(p.right_mm)}" '
            f'w:bottom="{twips_mm(p.bottom_mm)}" w:left="{twips_mm(p.left_mm)}" '
            f'w:header="{twips_mm(p.header_mm)}" w:footer="{twips_mm(p.footer_mm)}" w:gutter="0"/>'
            "<w:titlePg/></w:sectPr>"
        )

    def document(self) -> str:
        parts = [self.header(), self.title(), self.addressees(), self.body(), self.tail(), self.appendix()]
        body = "".join(parts)
        if not body:
            body = paragraph("", Para(), self.look("body"))
        return document_xml(body, self.section())

    def footnotes(self) -> str | None:
        return footnotes_xml(self.layout, self.notes) if self.notes else None


def docx_bytes(doc: Document, profile: Layout | str | None = None) -> bytes:
    """The DOCX file of ``doc`` as bytes, in ``profile``'s layout (by default its system's)."""
    if not isinstance(doc, Document):
        raise InputError(f"render needs a vanban Document, not {type(doc).__name__}")
    layout = layout_for(doc, profile)
    writer = _Writer(doc, layout)
    document = writer.document()
    return build_package(layout, document, writer.footnotes(), core_xml(doc.subject))


def render_docx(doc: Document, path: str | os.PathLike[str], profile: Layout | str | None = None) -> Path:
    """Write ``doc`` to ``path`` as a DOCX in the official layout; returns the path written.

    ``profile`` is a :class:`Layout`, a layout name (``state``, ``party``, ``party-ck95``) or
    ``None`` for the layout of the document's system. The file is replaced atomically.
    """
    data = docx_bytes(doc, profile)
    target = Path(path)
    if target.is_dir():
        raise InputError(f"{target}: is a folder; give a file name ending in .docx")
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise InputError(f"{folder}: no such folder for the output file")
    tmp = folder / f".{target.name}.{os.getpid()}.tmp"
    try:
        with open(tmp, "wb") as f:
            f.write(data)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


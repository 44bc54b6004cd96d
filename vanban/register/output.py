"""Printing the books: CSV, and a landscape A4 DOCX laid out as the Phụ lục IV register page."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from vanban.register.columns import TITLES, columns_of


def book_csv(book: str, rows: Sequence[dict[str, Any]]) -> str:
    """The book as CSV text: a header of the Phụ lục IV column names, then one line per row."""
    cols = columns_of(book)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(cols)
    for row in rows:
        writer.writerow([row.get(c, "") for c in cols])
    return out.getvalue()


def book_docx(book: str, rows: Sequence[dict[str, Any]], *, year: int | None = None,
              organisation: str | None = None) -> bytes:
    """The book as a landscape A4 DOCX: title, year, the numbered column heads and the rows."""
    from docx import Document as DocxDocument
    from docx.enum.section import WD_ORIENT
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    cols = columns_of(book)
    doc = DocxDocument()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.top_margin = section.bottom_margin = Mm(15)
    section.left_margin, section.right_margin = Mm(20), Mm(15)
    normal = doc.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(11)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "Times New Roman")

    def line(text: str, *, bold: bool = False, size: float = 13) -> None:
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = p.add_run(text)
        run.bold = bold
        run.font.size = Pt(size)

    if organisation:
        line(organisation.upper(), bold=True, size=12)
    line(TITLES[book], bold=True, size=14)
    if year is not None:
        line(f"Năm {year}", size=13)
    table = doc.add_table(rows=2, cols=len(cols))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for i, name in enumerate(cols):
        for r, text in ((0, name), (1, f"({i + 1})")):
            cell = table.rows[r].cells[i]
            cell.text = ""
            run = cell.paragraphs[0].add_run(text)
            run.bold = r == 0
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    for row in rows:
        cells = table.add_row().cells
        for i, name in enumerate(cols):
            cells[i].text = str(row.get(name, ""))
    # repeat the header rows on every printed page
    for r in (0, 1):
        tr_pr = table.rows[r]._tr.get_or_add_trPr()
        header = tr_pr.makeelement(qn("w:tblHeader"), {})
        tr_pr.append(header)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()

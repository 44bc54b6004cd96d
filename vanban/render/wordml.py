"""WordprocessingML fragments built as strings (fast: no element tree per run).

Every run carries its own ``w:rFonts`` with all four slots (``w:ascii``, ``w:hAnsi``,
``w:eastAsia``, ``w:cs``) so that no theme font can leak into Vietnamese text.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from vanban import patterns
from vanban.normalize import xml_legal
from vanban.render.layout import TextStyle

MM = 56.6929
"""Twips (1/20 pt) per millimetre."""

_SPLIT = patterns.compile(r"(\t|\n)")


def esc(text: str) -> str:
    """Text escaped for XML, characters XML 1.0 forbids removed."""
    text = xml_legal(text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def twips_mm(mm: float) -> int:
    """Millimetres to twips."""
    return round(mm * MM)


@dataclass(frozen=True)
class Look:
    """The run look derived from a :class:`TextStyle`, plus colour and superscript."""

    font: str
    size: float
    bold: bool = False
    italic: bool = False
    underline: bool = False
    color: str | None = None
    superscript: bool = False
    style: str | None = None

    @classmethod
    def of(cls, font: str, style: TextStyle, **extra: object) -> Look:
        """The look of a component style in ``font``."""
        return cls(font=font, size=style.size, bold=style.bold, italic=style.italic,
                   underline=style.underline, **extra)  # type: ignore[arg-type]

    def rpr(self) -> str:
        """The ``w:rPr`` element of this look (cached: a document uses a handful of looks)."""
        return _rpr(self)


@lru_cache(maxsize=256)
def _rpr(look: Look) -> str:
    self = look
    f = esc(self.font)
    half = round(self.size * 2)
    parts = ["<w:rPr>"]
    if self.style:
        parts.append(f'<w:rStyle w:val="{self.style}"/>')
    parts.append(f'<w:rFonts w:ascii="{f}" w:hAnsi="{f}" w:eastAsia="{f}" w:cs="{f}"/>')
    parts.append("<w:b/><w:bCs/>" if self.bold else '<w:b w:val="0"/><w:bCs w:val="0"/>')
    parts.append("<w:i/><w:iCs/>" if self.italic else '<w:i w:val="0"/><w:iCs w:val="0"/>')
    if self.color:
        parts.append(f'<w:color w:val="{self.color}"/>')
    parts.append(f'<w:sz w:val="{half}"/><w:szCs w:val="{half}"/>')
    if self.underline:
        parts.append('<w:u w:val="single"/>')
    if self.superscript:
        parts.append('<w:vertAlign w:val="superscript"/>')
    parts.append('<w:lang w:val="vi-VN" w:eastAsia="vi-VN" w:bidi="ar-SA"/></w:rPr>')
    return "".join(parts)


def run(text: str, look: Look) -> str:
    """A run of ``text`` (tabs become ``w:tab``, newlines ``w:br``)."""
    rpr = look.rpr()
    out = []
    for piece in _SPLIT.split(text):
        if not piece:
            continue
        if piece == "\t":
            out.append(f"<w:r>{rpr}<w:tab/></w:r>")
        elif piece == "\n":
            out.append(f"<w:r>{rpr}<w:br/></w:r>")
        else:
            out.append(f'<w:r>{rpr}<w:t xml:space="preserve">{esc(piece)}</w:t></w:r>')
    return "".join(out)


def footnote_reference(fid: int, look: Look) -> str:
    """A footnote reference mark in the body pointing at footnote ``fid``."""
    ref = Look(font=look.font, size=look.size, superscript=True, style="FootnoteReference")
    return f'<w:r>{ref.rpr()}<w:footnoteReference w:id="{fid}"/></w:r>'


@dataclass(frozen=True)
class Para:
    """Paragraph properties: alignment, indents (twips), spacing (pt), borders, breaks."""

    align: str = "both"
    first_line: int = 0
    hanging: int = 0
    left: int = 0
    right: int = 0
    before: float = 0
    after: float = 0
    line: float | None = None
    line_rule: str = "auto"
    keep_next: bool = False
    keep_lines: bool = False
    page_break_before: bool = False
    border_top: bool = False
    box: str | None = None
    style: str | None = None

    def ppr(self, mark: Look) -> str:
        """The ``w:pPr`` element, with ``mark`` as the paragraph mark's run look."""
        parts = ["<w:pPr>"]
        if self.style:
            parts.append(f'<w:pStyle w:val="{self.style}"/>')
        if self.keep_next:
            parts.append("<w:keepNext/>")
        if self.keep_lines:
            parts.append("<w:keepLines/>")
        if self.page_break_before:
            parts.append("<w:pageBreakBefore/>")
        parts.append("<w:widowControl/>")  # no single line of a paragraph alone at a page's foot or head
        if self.border_top:
            parts.append('<w:pBdr><w:top w:val="single" w:sz="6" w:space="1" w:color="000000"/></w:pBdr>')
        elif self.box:
            side = f'w:val="single" w:sz="8" w:space="1" w:color="{self.box}"'
            parts.append(f"<w:pBdr><w:top {side}/><w:left {side}/><w:bottom {side}/><w:right {side}/></w:pBdr>")
        spacing = f'<w:spacing w:before="{round(self.before * 20)}" w:after="{round(self.after * 20)}"'
        if self.line is not None:
            if self.line_rule == "exact":
                spacing += f' w:line="{round(self.line * 20)}" w:lineRule="exact"'
            else:
                spacing += f' w:line="{round(self.line * 240)}" w:lineRule="auto"'
        parts.append(spacing + "/>")
        ind = f'<w:ind w:left="{self.left}" w:right="{self.right}"'
        if self.hanging:
            ind += f' w:hanging="{self.hanging}"'
        elif self.first_line:
            ind += f' w:firstLine="{self.first_line}"'
        parts.append(ind + "/>")
        parts.append(f'<w:jc w:val="{self.align}"/>')
        parts.append(mark.rpr())
        parts.append("</w:pPr>")
        return "".join(parts)


def paragraph(content: str, props: Para, mark: Look) -> str:
    """A ``w:p`` with properties ``props`` and runs ``content``."""
    return f"<w:p>{props.ppr(mark)}{content}</w:p>"


def _table_start(columns: list[int], border: str) -> str:
    """``w:tbl`` opened with its properties (centred, fixed layout, every border ``border``) and grid."""
    borders = "".join(f"<w:{side} {border}/>" for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in columns)
    return (f'<w:tbl><w:tblPr><w:tblW w:w="{sum(columns)}" w:type="dxa"/><w:jc w:val="center"/>'
            f"<w:tblBorders>{borders}</w:tblBorders><w:tblLayout w:type=\"fixed\"/>"
            '<w:tblCellMar><w:left w:w="85" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar>'
            f'<w:tblLook w:val="0000"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>')


def table(columns: list[int], rows: list[list[str]]) -> str:
    """A borderless fixed-layout table; ``rows`` hold each cell's paragraphs XML.

    A row with fewer cells than columns has its last cell spanning the rest (``w:gridSpan``);
    rows never split across pages (``w:cantSplit``).
    """
    out = [_table_start(columns, 'w:val="nil"')]
    for row in rows:
        out.append("<w:tr><w:trPr><w:cantSplit/></w:trPr>")
        for k, cell in enumerate(row):
            span = len(columns) - k if k == len(row) - 1 else 1
            width = sum(columns[k:k + span])
            grid_span = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
            body = cell or "<w:p/>"
            out.append(f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{grid_span}</w:tcPr>{body}</w:tc>')
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


@dataclass(frozen=True)
class GridCell:
    """A data-table cell to write: its paragraphs XML, the columns it spans and its vertical merge."""

    content: str
    col_span: int = 1
    merge: str | None = None  # "restart" on a cell spanning rows, "continue" on the cells it covers


def grid_table(columns: list[int], rows: list[list[GridCell]], header_rows: int) -> str:
    """A data table with single borders; the first ``header_rows`` rows repeat on each page."""
    out = [_table_start(columns, 'w:val="single" w:sz="4" w:space="0" w:color="000000"')]
    for r, row in enumerate(rows):
        head = "<w:tblHeader/>" if r < header_rows else ""
        out.append(f"<w:tr><w:trPr><w:cantSplit/>{head}</w:trPr>")
        col = 0
        for cell in row:
            width = sum(columns[col:col + cell.col_span])
            span = f'<w:gridSpan w:val="{cell.col_span}"/>' if cell.col_span > 1 else ""
            merge = ""
            if cell.merge == "restart":
                merge = '<w:vMerge w:val="restart"/>'
            elif cell.merge == "continue":
                merge = "<w:vMerge/>"
            out.append(f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{span}{merge}</w:tcPr>'
                       f"{cell.content or '<w:p/>'}</w:tc>")
            col += cell.col_span
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


CELL_MARGIN = 85
"""Left and right cell margin of the layout tables, in twips (1.5 mm)."""

_WIDE = set("MWmwÆŒ")
_NARROW = set("iljtfrI.,;:!'|()[]-/ ")


def text_width_pt(text: str, size: float, *, bold: bool = False) -> float:
    """Approximate printed width of ``text`` in Times New Roman (for sizing rules, not wrapping)."""
    em = 0.0
    for ch in text:
        if ch in _WIDE:
            em += 0.9
        elif ch in _NARROW:
            em += 0.28
        elif ch.isupper():
            em += 0.71
        elif ch.isdigit():
            em += 0.5
        else:
            em += 0.46
    return em * size * (1.04 if bold else 1.0)


def wrap_lines(text: str, size: float, width_pt: float, *, bold: bool = False) -> list[str]:
    """``text`` broken greedily at spaces into lines no wider than ``width_pt`` (as a word processor would)."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        trial = f"{current} {word}" if current else word
        if current and text_width_pt(trial, size, bold=bold) > width_pt:
            lines.append(current)
            current = word
        else:
            current = trial
    return [*lines, current] if current else lines or [""]

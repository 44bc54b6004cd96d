"""DOCX reader: Word's XML in reading order, with paragraph styles, margins and real footnotes.

A văn thư office lays the header out as a borderless two-column table (issuer and number on the
left, Quốc hiệu/Tiêu ngữ or the Party title and place/date on the right) and often the foot the
same way (Nơi nhận on the left, signature on the right). Such *layout tables* are read by cells:
each row gives its left cell's paragraphs as lines, then its right cell's. Other tables (data in
the body) are kept as one line per row with cells joined by `` | ``.

Text in legacy font encodings (TCVN3 ``.VnTime``, VNI ``VNI-Times``) is converted run by run
from the run's font name; TCVN3 upper-case fonts (``.VnTimeH``) give upper-case text.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from vanban import patterns
from vanban.errors import InputError
from vanban.models import Document, Footnote, PageSetup, Paragraph, RunStyle, Span, Table, TableCell
from vanban.normalize import SUPERSCRIPTS, clean_text
from vanban.readers.encodings import convert_legacy, legacy_font
from vanban.readers.numbering import ListNumbering
from vanban.readers.safety import MAX_TEXT_PART_BYTES, SafeZip, check_zip, iter_xml, parse_xml
from vanban.readers.tables import header_rows, place_tables

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = "{" + W + "}"
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_SKIP_TAGS = {_W + "del", _W + "moveFrom", _W + "instrText", _W + "delText", _W + "txbxContent",
              _MC_FALLBACK, _W + "rPr", _W + "pPr", _W + "footnotePr", _W + "endnotePr"}
_ALIGN = {"left": "left", "start": "left", "center": "center", "right": "right", "end": "right",
          "both": "justify", "distribute": "justify", "justify": "justify"}
_LAYOUT_MARK = patterns.compile(
    r"CỘNG\s+HÒA|CỘNG\s+HOÀ|ĐẢNG\s+CỘNG\s+SẢN|Độc\s+lập|\bSố\s*:|\bSố\s[\d\s]*-|ngày\s.{0,40}tháng|Nơi\s+nhận|"
    r"\b(?:TM|KT|TL|TUQ|Q)\s*\.|\b[TK]/[MTL]\b|V/v",
    re.IGNORECASE,
)
_SUPER = str.maketrans("0123456789", SUPERSCRIPTS)
_MAX_LAYOUT_COLUMNS = 3


@dataclass
class _Props:
    font: str | None = None
    size_pt: float | None = None
    bold: bool | None = None
    italic: bool | None = None
    underline: bool | None = None
    all_caps: bool | None = None
    color: str | None = None

    def over(self, base: _Props) -> _Props:
        """These properties, falling back to ``base`` where unset."""
        return _Props(*(a if a is not None else b for a, b in zip(self.astuple(), base.astuple(), strict=True)))

    def astuple(self) -> tuple[Any, ...]:
        return (self.font, self.size_pt, self.bold, self.italic, self.underline, self.all_caps, self.color)


@dataclass
class _PProps:
    alignment: str | None = None
    first_line_cm: float | None = None
    before_pt: float | None = None
    after_pt: float | None = None
    line: float | None = None
    line_rule: str | None = None
    line_pt: float | None = None

    def over(self, base: _PProps) -> _PProps:
        def pick(a: Any, b: Any) -> Any:
            return a if a is not None else b

        rule_set = self.line_rule is not None
        return _PProps(pick(self.alignment, base.alignment), pick(self.first_line_cm, base.first_line_cm),
                       pick(self.before_pt, base.before_pt), pick(self.after_pt, base.after_pt),
                       self.line if rule_set else base.line, self.line_rule if rule_set else base.line_rule,
                       self.line_pt if rule_set else base.line_pt)


def _on(el: Any) -> bool | None:
    if el is None:
        return None
    val = el.get(_W + "val")
    return val not in ("0", "false", "off", "none")


def _run_props(rpr: Any, theme: dict[str, str]) -> _Props:
    p = _Props()
    if rpr is None:
        return p
    fonts = rpr.find(_W + "rFonts")
    if fonts is not None:
        p.font = latin_font(fonts, theme)
    sz = rpr.find(_W + "sz")
    if sz is not None and (sz.get(_W + "val") or "").isdigit():
        p.size_pt = int(sz.get(_W + "val")) / 2
    p.bold = _on(rpr.find(_W + "b"))
    p.italic = _on(rpr.find(_W + "i"))
    u = rpr.find(_W + "u")
    if u is not None:
        p.underline = u.get(_W + "val", "single") != "none"
    p.all_caps = _on(rpr.find(_W + "caps"))
    color = rpr.find(_W + "color")
    if color is not None and color.get(_W + "val"):
        p.color = color.get(_W + "val").upper()
    return p


def latin_font(fonts: Any, theme: dict[str, str]) -> str | None:
    """The font Vietnamese letters are shown in: ``w:ascii``/``w:hAnsi`` or their theme fonts.

    A theme reference wins over a ``w:cs`` (complex scripts) or ``w:eastAsia`` name, which never
    apply to Vietnamese text; an unresolved theme font is recorded as ``(theme minorHAnsi)``.
    """
    for slot in ("ascii", "hAnsi"):
        ref = fonts.get(_W + slot + "Theme")
        if ref:
            return theme.get("major" if ref.startswith("major") else "minor") or f"(theme {ref})"
        name = fonts.get(_W + slot)
        if name:
            return str(name)
    return None


def _num_pr(ppr: Any | None) -> tuple[str, int] | None:
    """``(numId, ilvl)`` of a paragraph's list numbering, if it has any."""
    if ppr is None:
        return None
    pr = ppr.find(_W + "numPr")
    if pr is None:
        return None
    nid, lvl = pr.find(_W + "numId"), pr.find(_W + "ilvl")
    num_id = nid.get(_W + "val") if nid is not None else None
    try:
        ilvl = int(lvl.get(_W + "val")) if lvl is not None else 0
    except (TypeError, ValueError):
        ilvl = 0
    return (num_id, ilvl) if num_id is not None else None


def _twips(v: str | None) -> float | None:
    try:
        return int(v) / 20 if v is not None else None
    except ValueError:
        return None


def _par_props(ppr: Any) -> _PProps:
    p = _PProps()
    if ppr is None:
        return p
    jc = ppr.find(_W + "jc")
    if jc is not None:
        p.alignment = _ALIGN.get(jc.get(_W + "val", ""))
    ind = ppr.find(_W + "ind")
    if ind is not None:
        first, hanging = _twips(ind.get(_W + "firstLine")), _twips(ind.get(_W + "hanging"))
        if first is not None:
            p.first_line_cm = round(first / 72 * 2.54, 2)
        elif hanging is not None:
            p.first_line_cm = round(-hanging / 72 * 2.54, 2)
    sp = ppr.find(_W + "spacing")
    if sp is not None:
        p.before_pt = _twips(sp.get(_W + "before"))
        p.after_pt = _twips(sp.get(_W + "after"))
        line = sp.get(_W + "line")
        if line is not None and line.lstrip("-").isdigit():
            p.line_rule = sp.get(_W + "lineRule", "auto")
            if p.line_rule == "auto":
                p.line = round(int(line) / 240, 2)
            else:
                p.line_pt = int(line) / 20
    return p


class _Styles:
    """Word styles (styles.xml) resolved through ``basedOn`` and the document defaults."""

    def __init__(self, root: Any | None, theme: dict[str, str]) -> None:
        self.theme = theme
        self.run: dict[str, _Props] = {}
        self.par: dict[str, _PProps] = {}
        self.num: dict[str, tuple[str, int]] = {}  # paragraph style -> (numId, ilvl)
        self.default_par_style: str | None = None
        self.default_run = _Props()
        self.default_ppr = _PProps()
        if root is None:
            return
        defaults = root.find(_W + "docDefaults")
        if defaults is not None:
            self.default_run = _run_props(defaults.find(f"{_W}rPrDefault/{_W}rPr"), theme)
            self.default_ppr = _par_props(defaults.find(f"{_W}pPrDefault/{_W}pPr"))
        raw: dict[str, tuple[str | None, _Props, _PProps]] = {}
        for st in root.iterfind(_W + "style"):
            sid = st.get(_W + "styleId")
            if not sid:
                continue
            based = st.find(_W + "basedOn")
            raw[sid] = (based.get(_W + "val") if based is not None else None,
                        _run_props(st.find(_W + "rPr"), theme), _par_props(st.find(_W + "pPr")))
            num = _num_pr(st.find(_W + "pPr"))
            if num is not None:
                self.num[sid] = num
            if st.get(_W + "type") == "paragraph" and st.get(_W + "default") in ("1", "true"):
                self.default_par_style = sid
        for sid in raw:
            rp, pp = _Props(), _PProps()
            seen: set[str] = set()
            cur: str | None = sid
            while cur and cur in raw and cur not in seen:
                seen.add(cur)
                based, r, p = raw[cur]
                rp, pp = rp.over(r), pp.over(p)
                cur = based
            self.run[sid], self.par[sid] = rp, pp


@dataclass
class _Run:
    text: str
    props: _Props


@dataclass
class _Para:
    runs: list[_Run]
    pprops: _PProps
    rprops: _Props  # paragraph style + defaults
    table: int | None = None
    cell: tuple[int, int] | None = None
    notes: list[tuple[int, str, str]] = field(default_factory=list)  # (offset in text, kind, id)
    borders: bool | None = None
    section: int | None = None

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


class _Reader:
    def __init__(self, zf: SafeZip, names: set[str], source: str | None) -> None:
        self.zf, self.names, self.source = zf, names, source
        self.theme = self._theme()
        self.styles_root = self._xml("word/styles.xml")
        self.styles = _Styles(self.styles_root, self.theme)
        self.numbering: ListNumbering | None = None
        self.table_count = 0
        self.legacy: set[str] = set()
        self._rels: dict[str, str] | None = None

    def _xml(self, name: str) -> Any | None:
        if name not in self.names:
            return None
        return parse_xml(self.zf.read(name), f"{self.source or 'input'}:{name}")

    def relationships(self) -> dict[str, str]:
        """Relationship id -> target of ``word/document.xml`` (headers, footers)."""
        if self._rels is None:
            self._rels = {}
            root = self._xml("word/_rels/document.xml.rels")
            if root is not None:
                for rel in root:
                    if rel.get("Id") and rel.get("Target"):
                        self._rels[rel.get("Id")] = rel.get("Target").lstrip("/").removeprefix("word/")
        return self._rels

    def _theme(self) -> dict[str, str]:
        theme: dict[str, str] = {}
        root = self._xml("word/theme/theme1.xml")
        if root is None:
            return theme
        for key, tag in (("major", "majorFont"), ("minor", "minorFont")):
            latin = root.find(f".//{_A}{tag}/{_A}latin")
            if latin is not None and latin.get("typeface"):
                theme[key] = latin.get("typeface")
        return theme

    # -- paragraphs -----------------------------------------------------------------------------
    def paragraph(self, p: Any, table: int | None = None, cell: tuple[int, int] | None = None) -> _Para:
        ppr = p.find(_W + "pPr")
        style_id = self.styles.default_par_style
        if ppr is not None:
            ps = ppr.find(_W + "pStyle")
            if ps is not None:
                style_id = ps.get(_W + "val")
        base_r = self.styles.run.get(style_id or "", _Props()).over(self.styles.default_run)
        base_p = self.styles.par.get(style_id or "", _PProps()).over(self.styles.default_ppr)
        para = _Para([], _par_props(ppr).over(base_p), base_r, table, cell)
        num = _num_pr(ppr) or self.styles.num.get(style_id or "")
        if num is not None and self.numbering is not None:
            label = self.numbering.label(*num)
            if label:
                para.runs.append(_Run(label + " ", base_r))
        for r in self._runs(p):
            rpr = r.find(_W + "rPr")
            props = _run_props(rpr, self.theme)
            if rpr is not None:
                rs = rpr.find(_W + "rStyle")
                if rs is not None:
                    props = props.over(self.styles.run.get(rs.get(_W + "val") or "", _Props()))
            props = props.over(base_r)
            pieces: list[str] = []
            for ch in r:
                tag = ch.tag
                if tag == _W + "t":
                    pieces.append(ch.text or "")
                elif tag == _W + "tab":
                    pieces.append("\t")
                elif tag in (_W + "br", _W + "cr"):
                    pieces.append("\n")
                elif tag == _W + "noBreakHyphen":
                    pieces.append("-")
                elif tag in (_W + "footnoteReference", _W + "endnoteReference"):
                    if pieces:
                        para.runs.append(self._run("".join(pieces), props))
                        pieces = []
                    kind = "footnote" if tag == _W + "footnoteReference" else "endnote"
                    para.notes.append((len(para.text), kind, ch.get(_W + "id") or ""))
            if pieces:
                para.runs.append(self._run("".join(pieces), props))
        return para

    def _run(self, text: str, props: _Props) -> _Run:
        legacy = legacy_font(props.font)
        if legacy is not None and (legacy[1] or not text.isascii()):
            enc, upper = legacy
            self.legacy.add(enc)
            text = convert_legacy(text, enc, upper=upper)
        return _Run(text, props)

    def _runs(self, el: Any) -> Iterator[Any]:
        for ch in el:
            tag = ch.tag
            if tag in _SKIP_TAGS or not isinstance(tag, str):
                continue
            if tag == _W + "r":
                yield ch
            else:  # hyperlink, ins, smartTag, sdt, fldSimple, AlternateContent/Choice, ...
                yield from self._runs(ch)

    # -- body -----------------------------------------------------------------------------------
    def blocks(self, el: Any) -> Iterator[Any]:
        """Body-level paragraphs and tables in order (content controls opened)."""
        for ch in el:
            if ch.tag in (_W + "p", _W + "tbl"):
                yield ch
            elif ch.tag in (_W + "sdt", _W + "sdtContent", _W + "customXml"):
                yield from self.blocks(ch)

    def table_rows(self, tbl: Any) -> list[list[Any]]:
        rows = []
        for tr in tbl.iterfind(_W + "tr"):
            rows.append([tc for tc in tr if tc.tag == _W + "tc"])
        return rows

    def text_boxes(self, p: Any, table: int | None = None, cell: tuple[int, int] | None = None) -> list[_Para]:
        """Paragraphs of text boxes anchored in paragraph ``p`` (once: VML fallback copies skipped)."""
        out: list[_Para] = []
        for box in p.iter(_W + "txbxContent"):
            if any(True for _ in box.iterancestors(_MC_FALLBACK)) or any(
                    True for _ in box.iterancestors(_W + "txbxContent")):
                continue
            out.extend(self.paragraph(q, table, cell) for q in box.iter(_W + "p"))
        return out

    def cell_paragraphs(self, tc: Any, table: int, cell: tuple[int, int], borders: bool | None = None) -> list[_Para]:
        out = self._cell_paragraphs(tc, table, cell)
        for para in out:
            para.borders = borders if borders is not None else para.borders
        visible = _visible_borders(tc.find(f"{_W}tcPr/{_W}tcBorders"))
        if visible is not None:
            for para in out:
                para.borders = visible
        return out

    def _cell_paragraphs(self, tc: Any, table: int, cell: tuple[int, int]) -> list[_Para]:
        out: list[_Para] = []
        for b in self.blocks(tc):
            if b.tag == _W + "p":
                out.append(self.paragraph(b, table, cell))
                out.extend(self.text_boxes(b, table, cell))
            else:  # a nested table: its paragraphs in order, as part of this cell
                out.extend(self.paragraph(p, table, cell) for p in b.iter(_W + "p"))
        return out


def _visible_borders(borders: Any | None) -> bool | None:
    """True when a ``tblBorders``/``tcBorders`` element draws a line, False when it hides all, None when absent."""
    if borders is None:
        return None
    vals = [b.get(_W + "val") for b in borders]
    return any(v not in (None, "nil", "none") for v in vals)


def table_borders(tbl: Any, styles: Any | None) -> bool | None:
    """Whether a table draws its borders (its own ``tblBorders`` or its table style's)."""
    own = _visible_borders(tbl.find(f"{_W}tblPr/{_W}tblBorders"))
    if own is not None:
        return own
    st = tbl.find(f"{_W}tblPr/{_W}tblStyle")
    if st is None or styles is None:
        return None
    for style in styles.iterfind(_W + "style"):
        if style.get(_W + "styleId") == st.get(_W + "val"):
            return _visible_borders(style.find(f"{_W}tblPr/{_W}tblBorders"))
    return None


def _is_layout_table(rows: list[list[Any]], texts: list[list[str]]) -> bool:
    """A borderless header/foot table: at most three columns and header or signature wording."""
    if not rows or max(len(r) for r in rows) > _MAX_LAYOUT_COLUMNS or len(rows) > 6:
        return False
    flat = "\n".join(t for row in texts for t in row)
    return bool(_LAYOUT_MARK.search(flat)) and max(len(r) for r in rows) >= 2


@dataclass
class _Builder:
    """Collects the text; every paragraph's span is known because we build the text ourselves."""

    parts: list[str] = field(default_factory=list)
    pos: int = 0
    paragraphs: list[Paragraph] = field(default_factory=list)
    notes_at: list[tuple[int, int, str, str]] = field(default_factory=list)  # (start, end, kind, id)
    looks: dict[Any, Any] = field(default_factory=dict)
    """One object for each distinct look (style, fonts, colours, bold runs) the paragraphs share: most share a few."""

    def write(self, s: str) -> None:
        self.parts.append(s)
        self.pos += len(s)

    def add_line(self, s: str) -> None:
        self.write(s + "\n")

    def add_para(self, para: _Para, markers: dict[tuple[str, str], str], *, inline: bool = False) -> None:
        """Write a paragraph (footnote markers as superscript digits); ``inline`` keeps it on one line."""
        raw, pieces, pos, last = para.text, [], 0, 0
        at: list[tuple[int, int, str, str]] = []
        for off, kind, nid in para.notes:
            seg = clean_text(raw[last:off])
            mark = markers.get((kind, nid), "")
            pieces += [seg, mark]
            at.append((pos + len(seg), pos + len(seg) + len(mark), kind, nid))
            pos += len(seg) + len(mark)
            last = off
        pieces.append(clean_text(raw[last:]))
        text = "".join(pieces)
        if inline:
            text = text.replace("\n", " ")
        start = self.pos
        self.notes_at.extend((start + a, start + e, kind, nid) for a, e, kind, nid in at)
        self.paragraphs.append(_paragraph(len(self.paragraphs), text, para, Span.of(start, start + len(text)),
                                          self.looks))
        self.write(text)  # (the paragraph's own string, no copy of it with its line end)
        if not inline:
            self.write("\n")

    @property
    def text(self) -> str:
        return "".join(self.parts)


def _look(para: _Para) -> tuple[Any, ...]:
    """The paragraph's look (font, size, bold, italic, underline, capitals): each as most of its (non-blank)
    characters have it."""
    runs = [r for r in para.runs if r.text.strip()] or para.runs
    if not runs:
        p = para.rprops
        return p.font, p.size_pt, p.bold, p.italic, p.underline, p.all_caps
    values: list[Any] = []
    for k in range(6):
        weights: dict[Any, int] = {}
        for r in runs:
            v = r.props.astuple()[k]
            weights[v] = weights.get(v, 0) + max(len(r.text.strip()), 1)
        values.append(max(weights.items(), key=lambda kv: kv[1])[0])
    return tuple(values)


def _style_of(para: _Para, looks: dict[Any, Any]) -> RunStyle:
    """The paragraph's look as a :class:`RunStyle`, one object for each distinct look in ``looks``."""
    values = _look(para)
    key = ("style", *values)
    style = looks.get(key)
    if style is None:
        style = looks[key] = RunStyle(font=values[0], size_pt=values[1], bold=values[2], italic=values[3],
                                      underline=values[4], all_caps=values[5])
    return style


_BLACK = frozenset({"AUTO", "000000"})


def _paragraph(index: int, text: str, para: _Para, span: Span, looks: dict[Any, Any]) -> Paragraph:
    pp = para.pprops
    inked = [r for r in para.runs if r.text.strip()]
    fonts = tuple(dict.fromkeys(r.props.font for r in inked if r.props.font))
    colors = tuple(dict.fromkeys(r.props.color for r in inked if r.props.color and r.props.color not in _BLACK))
    bold_runs = tuple(bool(r.props.bold) for r in inked)
    # (equal looks shared, keyed by kind: a look of one kind never stands for an equal one of another, True == 1)
    fonts = looks.setdefault(("fonts", fonts), fonts)
    colors = looks.setdefault(("colors", colors), colors)
    bold_runs = looks.setdefault(("bold", bold_runs), bold_runs)
    return Paragraph.of(index=index, text=text, alignment=pp.alignment, style=_style_of(para, looks),
                        first_line_indent_cm=pp.first_line_cm, space_before_pt=pp.before_pt,
                        space_after_pt=pp.after_pt, line_spacing=pp.line, table=para.table, cell=para.cell,
                        span=span, fonts=fonts, colors=colors, line_rule=pp.line_rule, line_pt=pp.line_pt,
                        borders=para.borders, bold_runs=bold_runs, section=para.section)


_BODY = _W + "body"
_BLOCK = (_W + "p", _W + "tbl")
_BODY_TAGS = (*_BLOCK, _W + "sdt", _W + "customXml", _W + "sectPr", _BODY)


def _body_blocks(reader: _Reader, data: bytes, label: str, sects: list[tuple[bool, Any]]) -> Iterator[Any]:
    """The body's paragraphs and tables in order (content controls opened), each read whole as it ends; once the
    caller is done with one, it is cleared and the body's children before it let go, so the tree of the whole
    document is never held (a tree takes about nine times its XML). The section properties (``w:sectPr``) found
    are copied to ``sects`` in document order, with whether each is the body's own (its last section)."""
    seen = False
    for el in iter_xml(data, f"{label}:word/document.xml", _BODY_TAGS):
        if el.tag == _BODY:
            seen = True
            continue
        parent = el.getparent()
        if parent is None or parent.tag != _BODY:
            continue  # (inside a body-level block: read with it)
        if el.tag == _W + "sectPr":
            sects.append((True, copy.deepcopy(el)))
        else:
            yield from (el,) if el.tag in _BLOCK else reader.blocks(el)
            sects.extend((False, copy.deepcopy(s)) for s in el.iter(_W + "sectPr"))
        el.clear()
        while el.getprevious() is not None:
            del parent[0]
    if not seen:
        raise InputError(f"{label}: word/document.xml has no body")


def _page(sects: list[tuple[bool, Any]]) -> PageSetup | None:
    """The page set-up of the body's own section properties, else of the first section's."""
    sect = next((s for own, s in sects if own), sects[0][1] if sects else None)
    if sect is None:
        return None
    return _page_of(sect)


_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_PAGE_FIELD = patterns.compile(r"\bPAGE\b")


def _section(reader: _Reader, sect: Any) -> PageSetup:
    """A section's page set-up with where its page number is printed."""
    page = _page_of(sect)
    refs: dict[tuple[str, str], str] = {}
    for kind in ("header", "footer"):
        for ref in sect.iterfind(f"{_W}{kind}Reference"):
            refs[(kind, ref.get(_W + "type") or "default")] = ref.get(_R_ID) or ""
    first_distinct = _on(sect.find(_W + "titlePg")) is True
    where = None
    first = False
    for (kind, typ), rid in refs.items():
        found = _page_field_place(reader, rid)
        if found is None:
            continue
        place = f"{'top' if kind == 'header' else 'bottom'}-{found}"
        if typ == "default":
            where = place
            first = first or not first_distinct
        elif typ == "first" and first_distinct:
            first = True
    return page.model_copy(update={"page_number": where, "page_number_first": first if where else None})


def _page_field_place(reader: _Reader, rid: str) -> str | None:
    """The alignment of the paragraph holding a PAGE field in the header/footer part ``rid``, if any."""
    target = reader.relationships().get(rid)
    root = reader._xml("word/" + target) if target else None
    if root is None:
        return None
    for p in root.iter(_W + "p"):
        instr = " ".join([t.text or "" for t in p.iter(_W + "instrText")]
                         + [f.get(_W + "instr") or "" for f in p.iter(_W + "fldSimple")])
        if _PAGE_FIELD.search(instr):
            jc = p.find(f"{_W}pPr/{_W}jc")
            return _ALIGN.get(jc.get(_W + "val", ""), "left") if jc is not None else "left"
    return None


def _page_of(sect: Any) -> PageSetup:
    """Paper size, margins and orientation of one ``w:sectPr``."""

    def mm(v: str | None) -> float | None:
        try:
            return round(int(v) / 1440 * 25.4, 1) if v is not None else None
        except ValueError:
            return None

    size, mar = sect.find(_W + "pgSz"), sect.find(_W + "pgMar")
    width = mm(size.get(_W + "w")) if size is not None else None
    height = mm(size.get(_W + "h")) if size is not None else None
    orient = size.get(_W + "orient") if size is not None else None
    if orient not in ("portrait", "landscape"):
        orient = None if width is None or height is None else ("landscape" if width > height else "portrait")

    def g(key: str) -> float | None:
        return mm(mar.get(_W + key)) if mar is not None else None

    return PageSetup(width_mm=width, height_mm=height, top_mm=g("top"), bottom_mm=g("bottom"),
                     left_mm=g("left"), right_mm=g("right"), orientation=orient)


def _note_texts(reader: _Reader, part: str, kind: str) -> dict[str, str]:
    root = reader._xml(part)
    out: dict[str, str] = {}
    if root is None:
        return out
    for note in root.iterfind(_W + kind):
        nid = note.get(_W + "id") or ""
        if note.get(_W + "type") in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        paras = [reader.paragraph(p).text for p in note.iter(_W + "p")]
        text = " ".join(" ".join(s.split()) for s in paras if s.strip())
        out[nid] = clean_text(text)
    return out


def read_docx(data: bytes, source: str | None = None) -> Document:
    """Read a DOCX (bytes) into a :class:`Document` with paragraphs, page set-up and Word footnotes."""
    from vanban.parse.text import parse_text

    label = source or "input"
    zf = check_zip(data, label)
    with zf:
        names = set(zf.namelist())
        if "word/document.xml" not in names:
            raise InputError(f"{label}: a ZIP file but not a Word document (no word/document.xml)")
        if zf.size("word/document.xml") > MAX_TEXT_PART_BYTES:
            raise InputError(f"{label}: word/document.xml expands to {zf.size('word/document.xml')} bytes, above the "
                             f"{MAX_TEXT_PART_BYTES}-byte limit for the main text; split the document")
        reader = _Reader(zf, names, source)
        footnotes = _note_texts(reader, "word/footnotes.xml", "footnote")
        endnotes = _note_texts(reader, "word/endnotes.xml", "endnote")
        reader.numbering = ListNumbering(reader._xml("word/numbering.xml"))
        b = _Builder()
        found: list[tuple[Table, int, int]] = []  # data tables and the text range their rows were written to
        markers: dict[tuple[str, str], str] = {}
        order: list[tuple[str, str]] = []

        def number_notes(para: _Para) -> None:
            for _, kind, nid in para.notes:
                if (kind, nid) not in markers and nid in (footnotes if kind == "footnote" else endnotes):
                    order.append((kind, nid))
                    markers[(kind, nid)] = str(len(order)).translate(_SUPER)

        section = 0
        sects: list[tuple[bool, Any]] = []
        for block in _body_blocks(reader, zf.read("word/document.xml"), label, sects):
            if block.tag == _W + "p":
                for para in [reader.paragraph(block), *reader.text_boxes(block)]:
                    para.section = section
                    number_notes(para)
                    b.add_para(para, markers)
                if block.find(f"{_W}pPr/{_W}sectPr") is not None:
                    section += 1
                continue
            t = reader.table_count
            reader.table_count += 1
            rows = reader.table_rows(block)
            borders = table_borders(block, reader.styles_root)
            cells = [[reader.cell_paragraphs(tc, t, (r, c), borders) for c, tc in enumerate(row)]
                     for r, row in enumerate(rows)]
            for row in cells:
                for cell in row:
                    for para in cell:
                        para.section = section
            texts = [["\n".join(p.text for p in cell) for cell in row] for row in cells]
            for row in cells:
                for cell in row:
                    for para in cell:
                        number_notes(para)
            if _is_layout_table(rows, texts):
                for row in cells:
                    for cell in row:
                        for para in cell:
                            b.add_para(para, markers)
            else:
                start = b.pos
                for row in cells:
                    _add_table_row(b, row, markers)
                found.append((_data_table(rows, cells), start, b.pos))
        # Word's footnotes and endnotes, after the document, as "¹ text" lines
        notes: list[Footnote] = []
        if order:
            b.add_line("")
            for k, (kind, nid) in enumerate(order):
                marker = str(k + 1)
                mark = marker.translate(_SUPER)
                body_text = (footnotes if kind == "footnote" else endnotes)[nid]
                start = b.pos + len(mark) + 1
                b.add_line(f"{mark} {body_text}")
                anchor = next(((a, e) for a, e, kd, i in b.notes_at if (kd, i) == (kind, nid)), None)
                notes.append(Footnote(marker=marker, text=body_text, span=Span(start=start, end=start + len(body_text)),
                                      anchor=Span(start=anchor[0], end=anchor[1]) if anchor else None))
        text = b.text
        sections = tuple(_section(reader, sect) for _, sect in sects)
        page = _page(sects)
        if page is not None and sections:
            page = page.model_copy(update={"page_number": sections[0].page_number,
                                           "page_number_first": sections[0].page_number_first})
    doc = parse_text(text, source=source)
    if doc.text != text:  # offsets no longer hold (should not happen: the text was cleaned per line)
        paragraphs: tuple[Paragraph, ...] = tuple(p.model_copy(update={"span": None}) for p in b.paragraphs)
    else:
        paragraphs = tuple(b.paragraphs)
    merged = _merge_notes(doc.footnotes, notes)
    tables = place_tables(doc, [(t.model_copy(update={"span": Span(start=a, end=e)}), text[a:e].split("\n"))
                                for t, a, e in found])
    encoding = "+".join(sorted(reader.legacy)) if reader.legacy else None
    return doc.model_copy(update={
        "format": "docx", "encoding": encoding, "paragraphs": paragraphs, "page": page, "footnotes": merged,
        "tables": tables,
        "sections": sections,
    })


def _data_table(rows: list[list[Any]], cells: list[list[list[_Para]]]) -> Table:
    """The model of a data table: cell texts, column spans (``w:gridSpan``), row spans (``w:vMerge``)."""
    out: list[list[TableCell]] = []
    open_at: dict[int, tuple[int, int]] = {}  # grid column -> (row, index) of the cell a vertical merge started
    for r, (row, row_cells) in enumerate(zip(rows, cells, strict=True)):
        line: list[TableCell] = []
        col = 0
        for tc, paras in zip(row, row_cells, strict=True):
            pr = tc.find(_W + "tcPr")
            span_el = pr.find(_W + "gridSpan") if pr is not None else None
            merge_el = pr.find(_W + "vMerge") if pr is not None else None
            try:
                span = max(1, int(span_el.get(_W + "val") or 1)) if span_el is not None else 1
            except ValueError:
                span = 1
            merge = (merge_el.get(_W + "val") or "continue") if merge_el is not None else None
            if merge == "continue" and col in open_at:
                rr, k = open_at[col]
                above = out[rr][k] if rr < len(out) else line[k]
                grown = above.model_copy(update={"row_span": above.row_span + 1})
                if rr < len(out):
                    out[rr][k] = grown
            else:
                text = " ".join(" ".join(p.text.split()) for p in paras if p.text.strip())
                line.append(TableCell(text=clean_text(text), col_span=span))
                if merge == "restart":
                    open_at[col] = (r, len(line) - 1)
                else:
                    open_at.pop(col, None)
            col += span
        out.append(line)
    heads = header_rows([[c.text for c in row] for row in out], _bold_row(cells[0]) if cells else False)
    return Table(rows=tuple(tuple(row) for row in out), header_rows=heads)


def _bold_row(row: list[list[_Para]]) -> bool:
    paras = [p for cell in row for p in cell if p.text.strip()]
    return bool(paras) and all(_look(p)[2] for p in paras)


def _add_table_row(b: _Builder, row: list[list[_Para]], markers: dict[tuple[str, str], str]) -> None:
    """A data table's row as one line, cells joined by `` | `` (each cell's paragraphs by spaces)."""
    for c, cell in enumerate(row):
        if c:
            b.write(" | ")
        for k, para in enumerate(cell):
            if k:
                b.write(" ")
            b.add_para(para, markers, inline=True)
    b.write("\n")


def _merge_notes(found: tuple[Footnote, ...], word: list[Footnote]) -> tuple[Footnote, ...]:
    """Word's own footnotes, plus those the text parser found elsewhere (not overlapping them)."""
    if not word:
        return found
    placed = {n.anchor.start: n.body_offset for n in found if n.anchor is not None and n.body_offset is not None}
    word = [n.model_copy(update={"body_offset": placed[n.anchor.start]})
            if n.anchor is not None and n.anchor.start in placed else n for n in word]
    spans = [(n.span.start, n.span.end) for n in word if n.span]
    keep = [n for n in found if n.span is None or not any(a <= n.span.start < e for a, e in spans)]
    return tuple(sorted([*keep, *word], key=lambda n: n.span.start if n.span else -1))

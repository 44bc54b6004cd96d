"""Messy DOCX variants of a quyết định, written as raw WordprocessingML, and word counting for DOCX files.

The variants are the shapes a văn thư meets in files typed without care: one paragraph per line with
no header table, every line in upper case, a header table with borders, Word list numbering, a data
table in the body, text in a text box, the type name in lower case. ``words_of_docx`` counts the words
a reader sees in ``document.xml`` and the footnotes (text-box copies in ``mc:Fallback`` counted once).
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = "{" + W_NS + "}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_NS = (f'xmlns:w="{W_NS}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
       'xmlns:v="urn:schemas-microsoft-com:vml" '
       'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
       'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
       'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
       'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')

HEADER_LEFT = ["UBND TỈNH LÀO CAI", "SỞ CÔNG THƯƠNG", "Số: 7/QĐ-SCT"]
HEADER_RIGHT = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                "Lào Cai, ngày 5 tháng 3 năm 2026"]
TITLE = ["QUYẾT ĐỊNH", "Về việc ban hành Quy chế quản lý hồ sơ điện tử của Sở Công Thương"]
ENACTING = "GIÁM ĐỐC SỞ CÔNG THƯƠNG"
BASIS = [
    "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư;",
    "Căn cứ Quyết định số 1696/QĐ-UBND ngày 12 tháng 6 năm 2023 của Ủy ban nhân dân tỉnh Lào Cai quy định "
    "chức năng, nhiệm vụ, quyền hạn và cơ cấu tổ chức của Sở Công Thương;",
    "Theo đề nghị của Chánh Văn phòng Sở.",
]
ARTICLES = [
    "QUYẾT ĐỊNH:",
    "Điều 1. Ban hành kèm theo Quyết định này Quy chế quản lý hồ sơ điện tử của Sở Công Thương.",
    "Điều 2. Quyết định này có hiệu lực kể từ ngày ký; bãi bỏ các quy định trước đây trái với Quy chế.",
    "Điều 3. Chánh Văn phòng Sở, Trưởng các phòng chuyên môn và cá nhân có liên quan chịu trách nhiệm "
    "thi hành Quyết định này./.",
]
LIST_ITEMS = ["Lập hồ sơ điện tử ngay khi văn bản được ban hành", "Nộp lưu hồ sơ vào Lưu trữ cơ quan hằng năm"]
DATA_TABLE = [["TT", "Loại hồ sơ", "Thời hạn bảo quản"], ["1", "Hồ sơ kế hoạch năm", "Vĩnh viễn"],
              ["2", "Hồ sơ hội nghị chuyên đề", "10 năm"]]
BOX_TEXT = "Văn bản này thay thế Quyết định số 12/QĐ-SCT ngày 02 tháng 01 năm 2024"
TAIL_LEFT = ["Nơi nhận:", "- Như Điều 3;", "- UBND tỉnh (b/c);", "- Lưu: VT, VP."]
TAIL_RIGHT = ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Hoàng Văn Thuân"]


def _esc(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def para(text: str, *, size: int = 24, bold: bool = False, numbered: bool = False, box: str | None = None) -> str:
    """A ``w:p`` in Arial of ``size`` half-points; ``numbered`` puts it in list 1; ``box`` adds a text box."""
    ppr = '<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr>' if numbered else ""
    rpr = f'<w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial"/>{"<w:b/>" if bold else ""}<w:sz w:val="{size}"/></w:rPr>'
    runs = f'<w:r>{rpr}<w:t xml:space="preserve">{_esc(text)}</w:t></w:r>' if text else ""
    if box is not None:
        inner = f'<w:p><w:r>{rpr}<w:t xml:space="preserve">{_esc(box)}</w:t></w:r></w:p>'
        runs += ('<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><wp:extent cx="1" cy="1"/>'
                 '<a:graphic><a:graphicData><wps:wsp><wps:txbx>'
                 f"<w:txbxContent>{inner}</w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic>"
                 "</wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox>"
                 f"<w:txbxContent>{inner}</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>"
                 "</mc:AlternateContent></w:r>")
    return f"<w:p>{ppr}{runs}</w:p>"


def table(rows: list[list[list[str]]], *, borders: bool) -> str:
    """A table whose cells hold lists of lines; ``borders`` draws single lines around every cell."""
    kind = 'w:val="single" w:sz="4"' if borders else 'w:val="nil"'
    tb = "".join(f"<w:{s} {kind}/>" for s in ("top", "left", "bottom", "right", "insideH", "insideV"))
    out = [f"<w:tbl><w:tblPr><w:tblW w:w=\"9000\" w:type=\"dxa\"/><w:tblBorders>{tb}</w:tblBorders></w:tblPr>"
           "<w:tblGrid>" + "".join('<w:gridCol w:w="3000"/>' for _ in rows[0]) + "</w:tblGrid>"]
    for row in rows:
        out.append("<w:tr>")
        for cell in row:
            out.append("<w:tc>" + ("".join(para(t) for t in cell) or "<w:p/>") + "</w:tc>")
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


_NUMBERING = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering {_NS}>'
              '<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/>'
              '<w:lvlText w:val="%1)"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
              "</w:numbering>")


def package(body: str, *, letter: bool = True) -> bytes:
    """A minimal DOCX around ``body`` (Letter paper by default, narrow margins)."""
    w, h = (12240, 15840) if letter else (11906, 16838)
    doc = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {_NS}><w:body>{body}'
           f'<w:sectPr><w:pgSz w:w="{w}" w:h="{h}"/><w:pgMar w:top="720" w:right="720" w:bottom="720" '
           'w:left="720" w:header="0" w:footer="0" w:gutter="0"/></w:sectPr></w:body></w:document>')
    ct = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
          'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
          'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
          '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
          'wordprocessingml.document.main+xml"/><Override PartName="/word/numbering.xml" ContentType='
          '"application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/></Types>')
    rels = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
    drels = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
             'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
             'officeDocument/2006/relationships/numbering" Target="numbering.xml"/></Relationships>')
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", ct)
        z.writestr("_rels/.rels", rels)
        z.writestr("word/_rels/document.xml.rels", drels)
        z.writestr("word/document.xml", doc)
        z.writestr("word/numbering.xml", _NUMBERING)
    return buf.getvalue()


def _lines(*, upper: bool = False, type_lower: bool = False) -> list[str]:
    title = [TITLE[0].capitalize() if type_lower else TITLE[0], TITLE[1]]
    lines = [*HEADER_LEFT, *HEADER_RIGHT, *title, ENACTING, *BASIS, *ARTICLES, *TAIL_LEFT, *TAIL_RIGHT]
    return [ln.upper() if upper else ln for ln in lines]


def one_per_line() -> str:
    """Every line its own paragraph, no table anywhere, the enacting authority in upper case."""
    return "".join(para(t) for t in _lines())


def all_upper() -> str:
    """The same, every line in upper case."""
    return "".join(para(t) for t in _lines(upper=True))


def lower_type() -> str:
    """The type name typed in lower case (``Quyết định``)."""
    return "".join(para(t) for t in _lines(type_lower=True))


def _body_parts(extra: Callable[[], str] | None) -> str:
    parts = [para(t) for t in [*TITLE, ENACTING, *BASIS, *ARTICLES[:2]]]
    if extra is not None:
        parts.append(extra())
    parts += [para(t) for t in ARTICLES[2:]]
    return "".join(parts)


def bordered_header() -> str:
    """Header and foot in tables with borders drawn round every cell."""
    head = table([[HEADER_LEFT, HEADER_RIGHT]], borders=True)
    foot = table([[TAIL_LEFT, TAIL_RIGHT]], borders=True)
    return head + _body_parts(None) + foot


def with_list() -> str:
    """Lettered items under Điều 1 made with Word list numbering (``a)``, ``b)``)."""
    head = table([[HEADER_LEFT, HEADER_RIGHT]], borders=False)
    foot = table([[TAIL_LEFT, TAIL_RIGHT]], borders=False)
    return head + _body_parts(lambda: "".join(para(t, numbered=True) for t in LIST_ITEMS)) + foot


def with_table() -> str:
    """A data table with borders in the body."""
    head = table([[HEADER_LEFT, HEADER_RIGHT]], borders=False)
    foot = table([[TAIL_LEFT, TAIL_RIGHT]], borders=False)
    return head + _body_parts(lambda: table([[[c] for c in row] for row in DATA_TABLE], borders=True)) + foot


def with_text_box() -> str:
    """A note in a text box anchored in a body paragraph (DrawingML with its VML fallback copy)."""
    head = table([[HEADER_LEFT, HEADER_RIGHT]], borders=False)
    foot = table([[TAIL_LEFT, TAIL_RIGHT]], borders=False)
    return head + _body_parts(lambda: para("Các phòng thực hiện:", box=BOX_TEXT)) + foot


VARIANTS: dict[str, Callable[[], str]] = {
    "one-per-line": one_per_line, "all-upper": all_upper, "lower-type": lower_type,
    "bordered-header": bordered_header, "list": with_list, "table": with_table, "text-box": with_text_box,
}


OTHER_ISSUER = {
    "UBND TỈNH LÀO CAI": "ỦY BAN NHÂN DÂN", "SỞ CÔNG THƯƠNG": "HUYỆN BẢO THẮNG",
    "Sở Công Thương": "Ủy ban nhân dân huyện", "GIÁM ĐỐC": "CHỦ TỊCH", "QĐ-SCT": "QĐ-UBND",
    "Chánh Văn phòng Sở": "Chánh Văn phòng HĐND và UBND huyện", "Lào Cai, ngày": "Bảo Thắng, ngày",
}
"""Replacements turning the Sở's quyết định into one of a district people's committee (UBND huyện)."""


def write_variant(name: str, path: Path, *, issuer: dict[str, str] | None = None) -> Path:
    """Write messy variant ``name`` as a DOCX at ``path``; ``issuer`` rewrites the issuing body."""
    xml = VARIANTS[name]()
    for old, new in (issuer or {}).items():
        xml = xml.replace(old, new)
    path.write_bytes(package(xml))
    return path


_WORD = re.compile(r"[^\W_]+")


def words(text: str) -> Counter[str]:
    """Words of ``text`` (letters and digits, NFC, case folded) with their counts; ``____`` rules are no words."""
    return Counter(_WORD.findall(unicodedata.normalize("NFC", text).casefold()))


def words_of_docx(path: Path) -> Counter[str]:
    """Words of a DOCX's document and footnotes as stored (text-box fallback copies left out)."""
    out: Counter[str] = Counter()
    with zipfile.ZipFile(path) as z:
        for part in ("word/document.xml", "word/footnotes.xml", "word/endnotes.xml"):
            if part not in z.namelist():
                continue
            root = etree.fromstring(z.read(part))
            for p in root.iter(W + "p"):
                if any(True for _ in p.iterancestors(MC + "Fallback")):
                    continue
                out += words("".join((t.text or "") if t.tag == W + "t" else " "
                                     for t in p.iter(W + "t", W + "br", W + "tab", W + "cr") if _paragraph_of(t) is p))
    return out


def _paragraph_of(t: etree._Element) -> etree._Element | None:
    """The nearest paragraph holding ``t`` (a text box's own paragraph, not the one anchoring the box)."""
    return next(t.iterancestors(W + "p"), None)

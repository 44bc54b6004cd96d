"""The prepared DOCX package: every part except the document's own text, built once per layout.

Rendering a document then only builds ``word/document.xml`` (and ``word/footnotes.xml`` when it
has footnotes) and writes the zip; the styles, settings, page-number headers, relationships and
content types are cached bytes. There is no theme part, so no theme font can apply.
"""

from __future__ import annotations

import io
import zipfile

from vanban.render.layout import Layout
from vanban.render.wordml import Look, Para, esc, paragraph, run

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_WR = f'xmlns:w="{W_NS}" xmlns:r="{R_NS}"'

_CONTENT_TYPES = (
    _DECL + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
    'wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.'
    'wordprocessingml.styles+xml"/>'
    '<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.'
    'wordprocessingml.settings+xml"/>'
    '<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.'
    'wordprocessingml.footnotes+xml"/>'
    '<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
    'wordprocessingml.header+xml"/>'
    '<Override PartName="/word/header2.xml" ContentType="application/vnd.openxmlformats-officedocument.'
    'wordprocessingml.header+xml"/>'
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.'
    'core-properties+xml"/>'
    '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.'
    'extended-properties+xml"/>'
    "</Types>"
)

_ROOT_RELS = (
    _DECL + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="word/document.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/'
    'core-properties" Target="docProps/core.xml"/>'
    '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'extended-properties" Target="docProps/app.xml"/>'
    "</Relationships>"
)

_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_DOC_RELS = (
    _DECL + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{_REL}styles" Target="styles.xml"/>'
    f'<Relationship Id="rId2" Type="{_REL}settings" Target="settings.xml"/>'
    f'<Relationship Id="rId3" Type="{_REL}footnotes" Target="footnotes.xml"/>'
    f'<Relationship Id="rId4" Type="{_REL}header" Target="header1.xml"/>'
    f'<Relationship Id="rId5" Type="{_REL}header" Target="header2.xml"/>'
    "</Relationships>"
)
HEADER_DEFAULT = "rId4"
"""Relationship id of the page-number header (pages 2 onwards)."""
HEADER_FIRST = "rId5"
"""Relationship id of the empty first-page header."""

_APP = (
    _DECL + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    "<Application>vanban</Application></Properties>"
)


def _fonts(font: str) -> str:
    f = esc(font)
    return f'<w:rFonts w:ascii="{f}" w:hAnsi="{f}" w:eastAsia="{f}" w:cs="{f}"/>'


def styles_xml(layout: Layout) -> str:
    """``word/styles.xml``: defaults in the layout's font, footnote styles, a plain table style."""
    fonts = _fonts(layout.font)
    body = round(layout.style("body").size * 2)
    note = round(layout.style("footnote").size * 2)
    return (
        _DECL + f"<w:styles {_WR}>"
        f"<w:docDefaults><w:rPrDefault><w:rPr>{fonts}"
        f'<w:sz w:val="{body}"/><w:szCs w:val="{body}"/><w:lang w:val="vi-VN" w:eastAsia="vi-VN" w:bidi="ar-SA"/>'
        "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:widowControl/><w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/>"
        "</w:pPr></w:pPrDefault></w:docDefaults>"
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/>'
        f"<w:rPr>{fonts}</w:rPr></w:style>"
        '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
        '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/></w:style>'
        '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
        '<w:semiHidden/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar>'
        '<w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/>'
        '<w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>'
        '<w:style w:type="paragraph" w:styleId="FootnoteText"><w:name w:val="footnote text"/>'
        '<w:basedOn w:val="Normal"/><w:pPr><w:jc w:val="both"/></w:pPr>'
        f'<w:rPr>{fonts}<w:sz w:val="{note}"/><w:szCs w:val="{note}"/></w:rPr></w:style>'
        '<w:style w:type="character" w:styleId="FootnoteReference"><w:name w:val="footnote reference"/>'
        '<w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style>'
        '<w:style w:type="paragraph" w:styleId="Header"><w:name w:val="header"/><w:basedOn w:val="Normal"/>'
        f"<w:pPr><w:jc w:val=\"center\"/></w:pPr><w:rPr>{fonts}</w:rPr></w:style>"
        "</w:styles>"
    )


def settings_xml() -> str:
    """``word/settings.xml``: footnote separators, Vietnamese proofing, compatibility mode 15."""
    return (
        _DECL + f"<w:settings {_WR}>"
        '<w:defaultTabStop w:val="720"/><w:characterSpacingControl w:val="doNotCompress"/>'
        '<w:footnotePr><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>'
        '<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/'
        'word" w:val="15"/></w:compat><w:themeFontLang w:val="vi-VN"/></w:settings>'
    )


def header_xml(layout: Layout, *, page_number: bool) -> str:
    """A header part: the centred PAGE field (pages 2 onwards) or an empty first-page header."""
    look = Look.of(layout.font, layout.style("page_number"))
    props = Para(align="center", style="Header")
    if page_number:
        rpr = look.rpr()
        field = (
            f'<w:r>{rpr}<w:fldChar w:fldCharType="begin"/></w:r>'
            f'<w:r>{rpr}<w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
            f'<w:r>{rpr}<w:fldChar w:fldCharType="separate"/></w:r>'
            f"{run('2', look)}"
            f'<w:r>{rpr}<w:fldChar w:fldCharType="end"/></w:r>'
        )
    else:
        field = ""
    return _DECL + f"<w:hdr {_WR}>{paragraph(field, props, look)}</w:hdr>"


def footnotes_xml(layout: Layout, notes: list[tuple[int, str]]) -> str:
    """``word/footnotes.xml``: the two separators and one ``w:footnote`` per ``(id, text)``."""
    look = Look.of(layout.font, layout.style("footnote"))
    ref = Look(font=layout.font, size=look.size, superscript=True, style="FootnoteReference")
    rpr = look.rpr()
    parts = [
        _DECL + f"<w:footnotes {_WR}>",
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0"/></w:pPr>'
        f"<w:r>{rpr}<w:separator/></w:r></w:p></w:footnote>",
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0"/></w:pPr>'
        f"<w:r>{rpr}<w:continuationSeparator/></w:r></w:p></w:footnote>",
    ]
    props = Para(align="both", style="FootnoteText")
    for fid, text in notes:
        content = f"<w:r>{ref.rpr()}<w:footnoteRef/></w:r>" + run(" " + text, look)
        parts.append(f'<w:footnote w:id="{fid}">{paragraph(content, props, look)}</w:footnote>')
    parts.append("</w:footnotes>")
    return "".join(parts)


def core_xml(title: str | None) -> str:
    """``docProps/core.xml`` with the document's title (its subject)."""
    t = f"<dc:title>{esc(title)}</dc:title>" if title else ""
    return (
        _DECL + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
        'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"'
        ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"{t}<dc:creator>vanban</dc:creator><dc:language>vi-VN</dc:language></cp:coreProperties>"
    )


def _static_parts(layout: Layout) -> bytes:
    """A zip holding every part that does not depend on the document, compressed once."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in (
            ("[Content_Types].xml", _CONTENT_TYPES),
            ("_rels/.rels", _ROOT_RELS),
            ("word/_rels/document.xml.rels", _DOC_RELS),
            ("word/styles.xml", styles_xml(layout)),
            ("word/settings.xml", settings_xml()),
            ("word/header1.xml", header_xml(layout, page_number=True)),
            ("word/header2.xml", header_xml(layout, page_number=False)),
            ("docProps/app.xml", _APP),
        ):
            z.writestr(name, text.encode())
    return buf.getvalue()


def static_parts(layout: Layout) -> bytes:
    """The prepared package of ``layout`` (cached, keyed by the layout's settings)."""
    key = layout.model_dump_json()
    parts = _CACHE.get(key)
    if parts is None:
        if len(_CACHE) >= 32:
            _CACHE.clear()
        parts = _CACHE[key] = _static_parts(layout)
    return parts


_CACHE: dict[str, bytes] = {}


def build_package(layout: Layout, document: str, footnotes: str | None, core: str) -> bytes:
    """The DOCX bytes: the prepared package with ``document.xml``, ``footnotes.xml`` and ``core.xml`` added."""
    buf = io.BytesIO(static_parts(layout))
    buf.seek(0, io.SEEK_END)
    with zipfile.ZipFile(buf, "a", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", document.encode())
        z.writestr("word/footnotes.xml", (footnotes or footnotes_xml(layout, [])).encode())
        z.writestr("docProps/core.xml", core.encode())
    return buf.getvalue()


def document_xml(body: str, sect_pr: str) -> str:
    """``word/document.xml`` around the body XML and the section properties."""
    return _DECL + f"<w:document {_WR}><w:body>{body}{sect_pr}</w:body></w:document>"

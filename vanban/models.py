"""The document model: frozen pydantic models that carry character spans into ``Document.text``.

Every span is a half-open ``[start, end)`` range of code points in the NFC-normalised text the
parser worked on (``Document.text``), so ``doc.text[span.start:span.end]`` is the printed form.
"""

import datetime as dt
import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, computed_field

System = Literal["state", "party", "legal"]
"""The three numbering systems: ``state`` administrative documents (Nghị định 30/2020/NĐ-CP),
``party`` documents of the Communist Party (Hướng dẫn 36-HD/VPTW), ``legal`` legal-normative
documents, văn bản quy phạm pháp luật (Luật 80/2015/QH13)."""

NumberForm = Literal["named", "dispatch", "legal", "assembly", "party", "standard", "free"]
"""Shape of a number: ``named`` ``15/QĐ-BNV``; ``dispatch`` (công văn, no type code)
``899/STTTT-TTBCBC``; ``legal`` ``52/2016/QĐ-TTg``; ``assembly`` ``80/2015/QH13``;
``party`` ``85-BC/BTGTU``; ``standard`` ``QCVN 01:2019/BCT``; ``free`` anything else that a
sentence calls a number (``244/HĐNT/A2/2026``)."""

Relation = Literal[
    "implements", "responds_to", "based_on", "amends", "replaces", "repeals", "continues", "mentions"
]
"""What the citing sentence says of the cited document: ``implements`` (thực hiện, triển khai),
``responds_to`` (theo yêu cầu, phúc đáp, trả lời), ``based_on`` (căn cứ), ``amends`` (sửa đổi,
bổ sung), ``replaces`` (thay thế), ``repeals`` (bãi bỏ), ``continues`` (tiếp tục thực hiện),
``mentions`` otherwise."""


_LEADING_ZEROS = re.compile(r"^0+(?=\d)")
_SPACES = re.compile(r"\s+")


def identity_key(canonical: str) -> str:
    """Comparison key of a canonical number: no leading zeros, case folded, no spaces."""
    return _LEADING_ZEROS.sub("", _SPACES.sub("", canonical)).casefold()


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")


class Span(_Frozen):
    """A half-open range ``[start, end)`` of characters in ``Document.text``.

    >>> Span(start=4, end=15).length
    11
    """

    start: int
    end: int

    @property
    def length(self) -> int:
        """Number of characters covered."""
        return self.end - self.start

    @classmethod
    def of(cls, start: int, end: int) -> "Span":
        """``Span(start=start, end=end)`` for two ints, made without validation.

        Equal to the validated span, in half the memory (and faster): every span made here shares
        one set of set field names, where pydantic gives each its own (216 bytes), and its fields are
        set in the span's own ``__dict__``, whose keys all these spans share (a dict given to it holds
        its own, 88 bytes more). A text can hold a citation every few words; the parser makes its
        mentions' spans here.
        """
        span = _new(cls)
        fields = _getattr(span, "__dict__")
        fields["start"] = start
        fields["end"] = end
        _setattr(span, "__pydantic_fields_set__", _SPAN_FIELDS)
        _setattr(span, "__pydantic_extra__", None)
        _setattr(span, "__pydantic_private__", None)
        return span


_new = object.__new__
_setattr = object.__setattr__
_getattr = object.__getattribute__
_SPAN_FIELDS = set(Span.model_fields)
"""The set field names shared by the spans of :meth:`Span.of` (``model_copy`` copies it before changing it)."""


class DocumentNumber(_Frozen):
    """Số và ký hiệu: the number and symbol that identify a document within its issuer.

    The three systems write it differently (``raw`` is what the page shows)::

        raw                      canonical          number year type_code issuer_code  system
        Số: 15/QĐ-BNV            15/QĐ-BNV          15     -    QĐ        BNV          state
        Số: 899/STTTT-TTBCBC     899/STTTT-TTBCBC   899    -    -         STTTT        state (công văn)
        Số: 52/2016/QĐ-TTg       52/2016/QĐ-TTg     52     2016 QĐ        TTg          legal
        Luật số: 80/2015/QH13    80/2015/QH13       80     2015 -         QH13         legal
        Số 85-BC/BTGTU           85-BC/BTGTU        85     -    BC        BTGTU        party
        Số 05-QC/BTCTU-BDVTU     05-QC/BTCTU-BDVTU  05     -    QC        BTCTU-BDVTU  party (joint)
        Số:    /QĐ-UBND          /QĐ-UBND           None   -    QĐ        UBND         state (blank)

    A công văn (dispatch) has no type code: after the slash comes the issuer's abbreviation and
    then the drafting unit's (``unit_code``). ``identity`` ignores leading zeros, case and spacing:
    ``07-CT/TW`` and ``7-CT/TW`` are the same number; ``07-CT/TU`` is not.
    """

    raw: str
    canonical: str
    number: str | None
    year: int | None = None
    type_code: str | None = None
    issuer_code: str | None = None
    issuer_codes: tuple[str, ...] = ()
    unit_code: str | None = None
    system: System | None = None
    form: NumberForm = "named"
    label: str | None = None
    span: Span | None = None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def identity(self) -> str:
        """Comparison key: leading zeros dropped, case folded (``Đ`` kept distinct from ``D``)."""
        return identity_key(self.canonical)


class DocumentType(_Frozen):
    """Tên loại văn bản: the document type (Báo cáo, Quyết định, Công văn, ...).

    ``name`` is the catalogue name (``Báo cáo``), ``code`` its abbreviation in the document's
    system (``BC``; ``None`` for a state Công văn), ``printed`` the heading as printed (``BÁO CÁO``).
    """

    name: str
    code: str | None = None
    printed: str | None = None
    span: Span | None = None


class Issuer(_Frozen):
    """Tên cơ quan, tổ chức ban hành: the issuing body and its direct parent (cơ quan chủ quản).

    ``name`` is as printed in the header (``SỞ CÔNG THƯƠNG``) or, when the header lacks it, the
    catalogue name of the number's issuer code (``inferred`` is then true). ``parent`` is the
    governing body printed above it (``UBND TỈNH LÀO CAI``), ``code`` the abbreviation in the number.
    """

    name: str
    parent: str | None = None
    code: str | None = None
    inferred: bool = False
    span: Span | None = None


class Signature(_Frozen):
    """Chữ ký: the signature block (quyền hạn, chức vụ, họ tên người ký).

    ``authority`` is the signing prefix: state ``TM.`` (thay mặt, on behalf of a collective),
    ``KT.`` (ký thay, deputy signing for the head), ``TL.`` (thừa lệnh), ``TUQ.`` (thừa ủy quyền),
    ``Q.`` (quyền, acting); Party ``T/M``, ``K/T``, ``T/L``, ``Q.``. ``authority_title`` is what
    follows it (``TRƯỞNG BAN`` in ``K/T TRƯỞNG BAN``), ``position`` the signer's own title
    (``PHÓ TRƯỞNG BAN``), ``signer`` the name, ``honorific`` a rank or academic title printed
    before the name (``Trung tướng``, ``PGS.TS.``), ``chain`` every authority line in order.
    """

    authority: str | None = None
    authority_title: str | None = None
    position: str | None = None
    signer: str | None = None
    honorific: str | None = None
    chain: tuple[str, ...] = ()
    span: Span | None = None


class DigitalSignature(_Frozen):
    """Chữ ký số: a portal or agency e-signature record (``Người ký``, ``Cơ quan``, ``Thời gian ký``).

    It certifies the file (for example the gazette portal signing a PDF); it is not the signer.
    """

    signer: str | None = None
    organisation: str | None = None
    email: str | None = None
    time: str | None = None
    span: Span | None = None


class IncomingStamp(_Frozen):
    """Dấu "ĐẾN": the incoming-register stamp a receiving văn thư office puts on a document.

    Printed as ``TÊN CƠ QUAN`` / ``ĐẾN Số: 783`` / ``Ngày: 20/8/21`` / ``Chuyển: ...`` /
    ``Số và ký hiệu HS: ...``: ``receiver`` is the receiving body, ``number`` the số đến (the
    register's sequence number), ``date`` the ngày đến (two-digit years read as 20xx),
    ``forwarded_to`` the Chuyển field (who it was passed to), ``file_code`` the số và ký hiệu hồ sơ.
    ``raw`` is the stamp text as printed, labels and OCR slips included.
    """

    receiver: str | None = None
    number: int | None = None
    date: dt.date | None = None
    date_text: str | None = None
    forwarded_to: str | None = None
    file_code: str | None = None
    raw: str = ""
    span: Span | None = None


class Footnote(_Frozen):
    """Chú thích: a footnote, detached from the body.

    ``anchor`` is the reference mark's span in ``Document.text``; ``body_offset`` is where the mark
    stood in ``Document.body`` (the mark itself is not in the body): a character offset, so the
    place survives JSON, which leaves ``text`` out. ``None`` when the mark is not in the body.
    """

    marker: str
    text: str
    span: Span | None = None
    anchor: Span | None = None
    body_offset: int | None = None


class Reference(_Frozen):
    """Một văn bản được dẫn chiếu: a document cited by this one, merged over all its mentions.

    From ``Kế hoạch số 81-KH/TU, ngày 05-7-2017 của Ban Thường vụ Tỉnh ủy về thực hiện ...``::

        canonical=81-KH/TU  type=Kế hoạch  type_code=KH  number=81  issuer_code=TU
        issuer=Ban Thường vụ Tỉnh ủy  date=2017-07-05  relation=implements

    ``year`` is the cited document's year: from its number when the number has one, else from the
    date the citation gives (state numbers restart every year, so the year is part of their identity).
    ``term`` is the Party term (khóa) as a Roman numeral when the text gives it (``Chỉ thị số
    11-CT/TW của Bộ Chính trị (khóa VIII)``); two citations of one number with different terms
    are two references. ``span`` is the first full mention, ``mentions`` every mention.
    ``via`` names the citation whose subject contains this one (``07-CT/TW`` is cited inside the
    subject of ``81-KH/TU``); ``via_relation`` is then what that cited document does to this one.
    ``likely`` is the canonical number the text most probably meant when the printed symbol has a
    slip (``866/QĐ-Tg`` -> ``866/QĐ-TTg``: an issuer code missing from the catalogue, one letter
    away from exactly one catalogue code); ``canonical`` stays as printed, ``None`` when no slip.
    """

    canonical: str
    type: str | None = None
    type_code: str | None = None
    number: str | None = None
    year: int | None = None
    issuer_code: str | None = None
    issuer: str | None = None
    date: dt.date | None = None
    term: str | None = None
    subject: str | None = None
    relation: Relation = "mentions"
    system: System | None = None
    form: NumberForm = "named"
    via: str | None = None
    via_relation: Relation | None = None
    likely: str | None = None
    span: Span
    mentions: tuple[Span, ...] = ()

    @computed_field  # type: ignore[prop-decorator]
    @property
    def identity(self) -> str:
        """Comparison key of the cited number, with the term when known (``11-ct/tw@VIII``)."""
        key = identity_key(self.canonical)
        return f"{key}@{self.term}" if self.term else key

    @classmethod
    def of(cls, *, canonical: str, type: str | None, type_code: str | None, number: str | None, year: int | None,
           issuer_code: str | None, issuer: str | None, date: dt.date | None, term: str | None, subject: str | None,
           relation: Relation, system: System | None, form: NumberForm, via: str | None,
           via_relation: Relation | None, likely: str | None, span: Span, mentions: tuple[Span, ...]) -> "Reference":
        """``Reference(...)`` of every field, made without validation from values of the right types.

        Equal to the validated reference; for the parser, whose values come from the grammar and the
        catalogue already checked, and a text can cite thousands of documents.
        """
        ref = _new(cls)
        _setattr(ref, "__dict__", {
            "canonical": canonical, "type": type, "type_code": type_code, "number": number, "year": year,
            "issuer_code": issuer_code, "issuer": issuer, "date": date, "term": term, "subject": subject,
            "relation": relation, "system": system, "form": form, "via": via, "via_relation": via_relation,
            "likely": likely, "span": span, "mentions": mentions,
        })
        _setattr(ref, "__pydantic_fields_set__", _REFERENCE_FIELDS)
        _setattr(ref, "__pydantic_extra__", None)
        _setattr(ref, "__pydantic_private__", None)
        return ref


_REFERENCE_FIELDS = set(Reference.model_fields)
"""The set field names shared by the references of :meth:`Reference.of` (all of them)."""


class TableCell(_Frozen):
    """Ô của bảng: one cell's text; ``col_span``/``row_span`` > 1 for merged cells (the cells it covers are absent)."""

    text: str = ""
    col_span: int = 1
    row_span: int = 1


class Table(_Frozen):
    """Bảng: a data table of the body or appendix (not the header or signature layout tables).

    ``rows`` hold the cells in reading order; the first ``header_rows`` rows are column headings.
    ``part`` says whether it stands in ``body`` or ``appendix``; its text stays there too (a DOCX
    reader writes :meth:`lines`, a PDF the page's lines), so words, citations and search see the
    cells. ``part_span`` is the range of that text in the part (kept in JSON, so a renderer can
    put the table in its place); ``span`` is its place in ``Document.text``.
    """

    rows: tuple[tuple[TableCell, ...], ...] = ()
    header_rows: int = 0
    part: Literal["body", "appendix"] = "body"
    part_span: Span | None = None
    span: Span | None = None

    @classmethod
    def from_rows(cls, rows: list[list[str]], *, header_rows: int = 1,
                  part: Literal["body", "appendix"] = "body") -> "Table":
        """A table from rows of cell texts (whitespace runs made single); every reader builds its tables so."""
        cells = tuple(tuple(TableCell(text=" ".join(str(c).split())) for c in row) for row in rows if row)
        return cls(rows=cells, header_rows=min(max(header_rows, 0), len(cells)), part=part)

    def grid(self) -> list[list[tuple[int, TableCell | None]]]:
        """Each row as ``(first column, cell)``; ``None`` where a cell spanning rows from above covers."""
        below: dict[tuple[int, int], int] = {}  # (row, column) -> columns covered there from above
        out: list[list[tuple[int, TableCell | None]]] = []
        for r, row in enumerate(self.rows):
            line: list[tuple[int, TableCell | None]] = []
            queue = list(row)
            col = 0
            while queue or (r, col) in below:
                if (r, col) in below:
                    line.append((col, None))
                    col += below[(r, col)]
                    continue
                cell = queue.pop(0)
                line.append((col, cell))
                for dr in range(1, cell.row_span):
                    below[(r + dr, col)] = cell.col_span
                col += cell.col_span
            out.append(line)
        return out

    def lines(self) -> list[str]:
        """The table as text lines: one per row, cells joined by `` | `` (merged-over places empty)."""
        return [" | ".join(c.text if c is not None else "" for _, c in row) for row in self.grid()]


class Unread(_Frozen):
    """A part printed but not readable: the parser saw where it is and what it says, not what it means.

    ``part`` names the component (``number`` for a số, ký hiệu line such as ``Số: SXD-QLGT/1103``,
    ``date`` for a place/date line such as ``Lào Cai, 13/3/2026``); ``text`` is the printed text and
    ``span`` its place in ``Document.text``. Validators report what is wrong with it instead of
    calling the part missing.
    """

    part: str
    text: str
    span: Span | None = None


class RunStyle(_Frozen):
    """Typography of a paragraph as read from a DOCX (``None`` where the file does not say)."""

    font: str | None = None
    size_pt: float | None = None
    bold: bool | None = None
    italic: bool | None = None
    underline: bool | None = None
    all_caps: bool | None = None


class Paragraph(_Frozen):
    """A paragraph of a DOCX with its place and look; ``cell`` is (row, column) in a header table."""

    index: int
    text: str
    alignment: str | None = None
    style: RunStyle = RunStyle()
    first_line_indent_cm: float | None = None
    space_before_pt: float | None = None
    space_after_pt: float | None = None
    line_spacing: float | None = None
    table: int | None = None
    cell: tuple[int, int] | None = None
    span: Span | None = None
    fonts: tuple[str, ...] = ()
    colors: tuple[str, ...] = ()
    line_rule: str | None = None
    line_pt: float | None = None
    borders: bool | None = None
    bold_runs: tuple[bool, ...] = ()
    section: int | None = None
    """``fonts``: every font the paragraph's text is shown in (``ascii``/``hAnsi`` fonts of its runs,
    theme fonts resolved); ``colors``: run colours other than black/automatic (hex ``FF0000``);
    ``line_rule``/``line_pt``: line spacing rule (``auto``, ``exact``, ``atLeast``) and its value in pt
    for the fixed rules (``line_spacing`` holds the multiple of an ``auto`` rule); ``borders``: true when
    the table cell holding the paragraph draws visible borders; ``bold_runs``: whether each inked run is
    bold; ``section``: index in ``Document.sections``."""

    @classmethod
    def of(cls, *, index: int, text: str, alignment: str | None, style: RunStyle, first_line_indent_cm: float | None,
           space_before_pt: float | None, space_after_pt: float | None, line_spacing: float | None,
           table: int | None, cell: tuple[int, int] | None, span: Span | None, fonts: tuple[str, ...],
           colors: tuple[str, ...], line_rule: str | None, line_pt: float | None, borders: bool | None,
           bold_runs: tuple[bool, ...], section: int | None) -> "Paragraph":
        """``Paragraph(...)`` of every field, made without validation from values of the right types.

        Equal to the validated paragraph, in less memory: these paragraphs share one set of set field
        names (pydantic gives each its own, 728 bytes for eighteen names). For the DOCX reader, whose
        values it reads as these types; a long Word file holds tens of thousands.
        """
        par = _new(cls)
        fields = _getattr(par, "__dict__")  # (its own: the keys shared with every paragraph, set in their order)
        fields["index"], fields["text"], fields["alignment"], fields["style"] = index, text, alignment, style
        fields["first_line_indent_cm"], fields["space_before_pt"] = first_line_indent_cm, space_before_pt
        fields["space_after_pt"], fields["line_spacing"], fields["table"] = space_after_pt, line_spacing, table
        fields["cell"], fields["span"], fields["fonts"], fields["colors"] = cell, span, fonts, colors
        fields["line_rule"], fields["line_pt"], fields["borders"] = line_rule, line_pt, borders
        fields["bold_runs"], fields["section"] = bold_runs, section
        _setattr(par, "__pydantic_fields_set__", _PARAGRAPH_FIELDS)
        _setattr(par, "__pydantic_extra__", None)
        _setattr(par, "__pydantic_private__", None)
        return par


_PARAGRAPH_FIELDS = set(Paragraph.model_fields)
"""The set field names shared by the paragraphs of :meth:`Paragraph.of` (all of them)."""


class PageSetup(_Frozen):
    """Khổ giấy và lề: page size and margins in millimetres, as a DOCX section declares them."""

    width_mm: float | None = None
    height_mm: float | None = None
    top_mm: float | None = None
    bottom_mm: float | None = None
    left_mm: float | None = None
    right_mm: float | None = None
    orientation: Literal["portrait", "landscape"] | None = None
    page_number: str | None = None
    page_number_first: bool | None = None
    """``page_number``: where the PAGE field is printed (``top-center``, ``bottom-right``...; ``None``
    when no page number); ``page_number_first``: true when page 1 shows it too (no distinct first-page
    header)."""


class Organisation(_Frozen):
    """Cơ quan, tổ chức in an exchange package (edXML ``From``/``To``), with its mã định danh.

    ``organ_id`` is the agency identifier code (mã định danh): the 13-character QCVN 102:2016 form
    ``000.00.00.G22`` or the longer dotted form of Quyết định 20/2020/QĐ-TTg (``H55.242``);
    ``in_charge`` is the governing body (``OrganizationInCharge``), ``address`` the ``OrganAdd``.
    """

    organ_id: str | None = None
    name: str | None = None
    in_charge: str | None = None
    address: str | None = None
    email: str | None = None
    telephone: str | None = None
    fax: str | None = None
    website: str | None = None


class ResponseFor(_Frozen):
    """The document a package answers (edXML ``ResponseFor``): its issuer's code, number, date and id."""

    organ_id: str | None = None
    code: str
    date: dt.date | None = None
    document_id: str | None = None


class TraceHeader(_Frozen):
    """One hop of the exchange trail (edXML ``TraceHeader``): the body that handled it and when."""

    organ_id: str
    timestamp: str | None = None


class Attachment(_Frozen):
    """Tệp đính kèm: a file carried by an exchange package; ``data`` is base64 in JSON."""

    model_config = ConfigDict(frozen=True, extra="ignore", ser_json_bytes="base64", val_json_bytes="base64")

    name: str
    content_type: str = "application/octet-stream"
    content_id: str | None = None
    description: str | None = None
    data: bytes = b""


class Exchange(_Frozen):
    """What an edXML package (QCVN 102:2016/BTTTT) says beyond the document itself.

    ``sender``/``receivers`` (``From``/``To``, with agency codes), ``document_id`` (mã định danh văn
    bản, ``{OrganId},{yyyy/MM/dd},{number}``), ``type_id`` (``DocumentType/Type``), ``competence``
    (``SignerInfo/Competence``), ``steering_type`` (loại chỉ đạo), ``priority`` (độ khẩn code),
    ``sphere`` (phạm vi ban hành), ``typer_notation`` (ký hiệu người soạn thảo, spelt ``TyperNotation``
    in the format), ``promulgation_amount`` (số bản phát hành), ``page_amount``, ``appendixes``,
    ``response_for``, ``trace_headers``, ``business_doc_type`` (``BussinessDocType``: 0 new,
    1 revocation, 2 update, 3 replacement), ``business_reason`` and ``attachments``.
    Fields equal to what the document's own text gives are left empty.
    """

    sender: Organisation | None = None
    receivers: tuple[Organisation, ...] = ()
    document_id: str | None = None
    type_id: int | None = None
    competence: str | None = None
    steering_type: int | None = None
    priority: int | None = None
    sphere: str | None = None
    typer_notation: str | None = None
    promulgation_amount: int | None = None
    page_amount: int | None = None
    appendixes: tuple[str, ...] = ()
    response_for: tuple[ResponseFor, ...] = ()
    trace_headers: tuple[TraceHeader, ...] = ()
    business_doc_type: int | None = None
    business_reason: str | None = None
    attachments: tuple[Attachment, ...] = ()


class OcrWord(_Frozen):
    """A word read by OCR: its text, page (from 1), box ``(x0, y0, x1, y1)`` in points from the page's
    top-left corner, Tesseract's confidence (0-100) and where it sits in ``Document.text``."""

    text: str
    page: int
    bbox: tuple[float, float, float, float]
    confidence: float
    span: Span | None = None
    read: str | None = None
    """Tesseract's own reading when the reader corrected a tone-mark slip against its lexicon (``text``
    is the correction); None when the word stands as read."""


class OcrPage(_Frozen):
    """A page of a scan: size in points, resolution of the image (dpi) and the skew undone (degrees)."""

    number: int
    width_pt: float
    height_pt: float
    dpi: int
    skew: float = 0.0


class FieldConfidence(_Frozen):
    """Summary of the OCR confidences (0-100) of the words a field was read from."""

    mean: float
    min: float
    words: int


class OcrReading(_Frozen):
    """How a scan was read: engine, pages, every word with its box and confidence, and for each field
    (``number``, ``type``, ``issuer``, ``date``, ``subject``, ``signer``, ``recipients``,
    ``incoming_stamp``, ...) the summary of its words' confidences; ``confidence`` is the mean over
    all words."""

    engine: str = "tesseract"
    version: str | None = None
    language: str = "vie"
    confidence: float = 0.0
    pages: tuple[OcrPage, ...] = ()
    words: tuple[OcrWord, ...] = ()
    fields: dict[str, FieldConfidence] = {}


class Document(_Frozen):
    """Văn bản: one official document as read from text, DOCX, PDF or edXML.

    Its parts follow the components of Nghị định 30/2020 Điều 8: ``national_title`` (Quốc hiệu,
    ``CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM``) and ``motto`` (Tiêu ngữ, ``Độc lập - Tự do - Hạnh
    phúc``) or, for the Party, ``party_title`` (``ĐẢNG CỘNG SẢN VIỆT NAM``); ``issuer`` (cơ quan
    ban hành); ``number`` (số và ký hiệu); ``place`` and ``date`` (địa danh và thời gian ban hành);
    ``type`` and ``subject`` (tên loại và trích yếu nội dung; ``V/v ...`` for a công văn);
    ``body`` (nội dung, footnotes removed and sentences cut by page breaks re-joined) and
    ``appendix`` (what follows the signature: phụ lục, forms);
    ``signatures`` (chức vụ, họ tên người ký); ``addressees`` (``Kính gửi:``, the people it is
    written to) and ``recipients`` (``Nơi nhận:``, every copy's destination, items as printed
    without their dash); ``urgency`` (độ khẩn) and ``secrecy`` (độ mật) marks;
    ``incoming_stamp`` (dấu đến); ``footnotes``; ``references`` (every document it cites);
    ``tables`` (data tables of the body and appendix, whose text also stands in ``body``/``appendix``).
    ``spans`` locates the scalar fields (``place``, ``date``, ``subject``, ...) in ``text``.
    ``sections`` are the page set-ups of a DOCX's sections in order (``page`` is the first);
    ``unread`` the parts printed but not readable (see :class:`Unread`).
    ``span`` is the part of ``text`` that is the document itself when the input is a whole web page
    (from its own header to its signature, recipients and appendices; the site's notices, the
    portal's title line and related-document lists around it left out); the whole text otherwise.
    ``due_date`` is the hạn trả lời (deadline for an answer); ``exchange`` what an edXML package
    carries beyond the document (agency codes, trace, attachments); ``ocr`` how a scan was read
    (word boxes and confidences; ``format`` is ``image`` for a picture, ``pdf`` for a scanned PDF).
    """

    source: str | None = None
    format: Literal["text", "markdown", "html", "docx", "pdf", "edxml", "image"] = "text"
    encoding: str | None = None
    system: System | None = None
    number: DocumentNumber | None = None
    type: DocumentType | None = None
    issuer: Issuer | None = None
    place: str | None = None
    date: dt.date | None = None
    date_text: str | None = None
    subject: str | None = None
    national_title: str | None = None
    motto: str | None = None
    party_title: str | None = None
    urgency: str | None = None
    secrecy: str | None = None
    addressees: tuple[str, ...] = ()
    recipients: tuple[str, ...] = ()
    signatures: tuple[Signature, ...] = ()
    digital_signatures: tuple[DigitalSignature, ...] = ()
    incoming_stamp: IncomingStamp | None = None
    footnotes: tuple[Footnote, ...] = ()
    references: tuple[Reference, ...] = ()
    tables: tuple[Table, ...] = ()
    body: str = ""
    appendix: str = ""
    spans: dict[str, Span] = {}
    span: Span | None = Field(default=None, description=(
        "The document within the input: from its own header (Quốc hiệu, Party heading, issuer) to its end "
        "(signature, Nơi nhận, appendices), leaving out a web page's chrome; the whole text for a plain document."))
    paragraphs: tuple[Paragraph, ...] = ()
    page: PageSetup | None = None
    sections: tuple[PageSetup, ...] = ()
    unread: tuple[Unread, ...] = ()
    notes: tuple[str, ...] = ()
    text: str = ""
    due_date: dt.date | None = None
    exchange: Exchange | None = None
    ocr: OcrReading | None = None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def signature(self) -> Signature | None:
        """The first (main) signature block, or ``None``."""
        return self.signatures[0] if self.signatures else None


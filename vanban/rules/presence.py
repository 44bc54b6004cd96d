"""Is a part printed at all? Markup- and layout-tolerant look-ups for the "missing" rules.

A part the parser did not read may still be printed: a Quốc hiệu broken over two lines and wrapped
in Markdown bold (``**CỘNG HÒA XÃ HỘI`` / ``CHỦ NGHĨA VIỆT NAM**``), a motto set with justified
spacing in a PDF, a ``**Nơi nhận:**`` label. A rule says "missing" only when nothing of the part
is there; when it is there but was not read, the zone is a guess and the rules that depend on it
stay silent. Each look-up is one compiled pattern over a bounded window of ``Document.text``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from vanban import patterns
from vanban.models import Document, Span

HEADER_WINDOW = 4000
"""How many characters from the top the header parts are looked for in."""
_GAP = r"[\s*_|#>\-]*"
"""What may separate the words of a part: spaces, line breaks, Markdown markup, table bars."""


def _loose(words: str) -> re.Pattern[str]:
    parts = [re.escape(w) for w in words.split()]
    return patterns.compile(r"(?<!\w)" + (r"[\s*_|#>]+").join(parts) + r"(?!\w)", re.IGNORECASE)


_NATIONAL = patterns.compile(
    r"(?<!\w)C[ỘOÔ]NG[\s*_|#>]+H[ÒOÕÓÀ]+A[\s*_|#>]+X[ÃA]+[\s*_|#>]+H[ỘOÔ]I[\s*_|#>]+CH[ỦU]"
    r"[\s*_|#>]+NGH[ĨI]A[\s*_|#>]+VI[ỆE]T[\s*_|#>]+NAM(?!\w)", re.IGNORECASE)
_MOTTO = patterns.compile(
    r"(?<!\w)[ĐD][ộoô]c[\s*_]+l[ậa]p[\s*_]*[-–—‐,.]?[\s*_]*T[ựu][\s*_]+do[\s*_]*[-–—‐,.]?[\s*_]*"
    r"H[ạa]nh[\s*_]+ph[úu]c(?!\w)", re.IGNORECASE)
_PARTY = _loose("ĐẢNG CỘNG SẢN VIỆT NAM")
_RECIPIENTS = patterns.compile(r"(?:^|\n)[ \t*_|]*N[ơo]i[\s*_]+nh[ậa]n[\s*_]*:", re.IGNORECASE)
_DATELINE = patterns.compile(r"(?:^|\s)[ \t*_|]*[A-ZĐÀ-Ỹ][^\W\d_]*(?:\s[^\W\d_]+){0,6}[ \t]*,?[\s*_]*ngày[\s*_.…]*\d{0,2}"
                       r"[\s*_.…]+tháng[\s*_.…]*\d{0,2}[\s*_.…]+năm[\s*_]+\d{4}")
_NUMBER_LINE = patterns.compile(r"(?:^|\n)[ \t*_|]*Số[ \t*_]*:?[\s*_|]*\d{1,6}[ \t]*[/-][ \t]*[\w/.-]*[A-ZĐ]", re.IGNORECASE)
_AUTHORITY_LINE = patterns.compile(r"(?:^|\n|(?<!\s)\s{3})[ \t*_|]*(?:TM|KT|TL|TUQ|Q)\.\s*[A-ZĐÀ-Ỹ]|(?<!\w)(?:T/M|K/T|T/L)[ \t]+[A-ZĐÀ-Ỹ]")
_APPENDIX_FILE = patterns.compile(r"^[\s*_#|]*(?:PHỤ LỤC|Phụ lục)\b[^\n]*\n(?:[^\n]*\n){0,6}?[^\n]*\(?\s*(?:Kèm theo|Ban hành kèm theo)",
                            re.IGNORECASE)
_CONTINUED = patterns.compile(r"\(\s*Xem\s+tiếp\s+Công\s+báo\s+số", re.IGNORECASE)
_CONTINUATION = patterns.compile(r"\(\s*Tiếp\s+theo\s+Công\s+báo\s+số", re.IGNORECASE)
_GAZETTE = patterns.compile(r"CÔNG\s+BÁO\s*/\s*Số|Cổng\s+Thông\s+tin\s+điện\s+tử\s+Chính\s+phủ|congbao\.chinhphu\.vn",
                      re.IGNORECASE)


@dataclass(frozen=True)
class Found:
    """A part found loosely: its printed text and span."""

    text: str
    span: Span


def _search(pattern: re.Pattern[str], doc: Document, start: int = 0, end: int | None = None) -> Found | None:
    m = pattern.search(doc.text, start, len(doc.text) if end is None else min(end, len(doc.text)))
    return Found(m.group(0), Span(start=m.start(), end=m.end())) if m else None


def national_title(doc: Document) -> Found | None:
    """The Quốc hiệu as printed in the header, however it is broken or marked up."""
    return _search(_NATIONAL, doc, 0, HEADER_WINDOW)


def motto(doc: Document) -> Found | None:
    """The Tiêu ngữ as printed in the header (justified spacing, other dashes, markup tolerated)."""
    return _search(_MOTTO, doc, 0, HEADER_WINDOW)


def party_title(doc: Document) -> Found | None:
    """``ĐẢNG CỘNG SẢN VIỆT NAM`` in the header."""
    return _search(_PARTY, doc, 0, HEADER_WINDOW)


def recipients_label(doc: Document) -> Found | None:
    """A ``Nơi nhận:`` label anywhere after the header (bold markup tolerated)."""
    return _search(_RECIPIENTS, doc, min(len(doc.text), 200))


def recipients_label_in(doc: Document, within: Span) -> Found | None:
    """A ``Nơi nhận:`` label inside ``within`` (the parsed block)."""
    return _search(_RECIPIENTS, doc, max(0, within.start - 40), within.end)


@cache
def _type_heading(name: str) -> re.Pattern[str]:
    return patterns.compile(r"(?:^|\n)[\s*_#|]*" + r"[\s*_]+".join(re.escape(w) for w in name.upper().split())
                      + r"[\s*_]*(?=\n|$)")


@cache
def _any_type_heading() -> re.Pattern[str]:
    from vanban.catalogue import catalogue

    names = sorted(catalogue().types, key=len, reverse=True)
    alt = "|".join(r"[\s*_]+".join(re.escape(w) for w in n.upper().split()) for n in names)
    return patterns.compile(r"(?:^|\n)[\s*_#|]*(?:" + alt + r")[\s*_:]*(?=\n|$)")


def any_type_heading(doc: Document) -> Found | None:
    """Any catalogue type name printed as a heading line in the header window."""
    return _search(_any_type_heading(), doc, 0, HEADER_WINDOW)


def type_heading(doc: Document, name: str) -> Found | None:
    """The type name printed as a heading line (``**QUYẾT ĐỊNH**``) in the header window."""
    return _search(_type_heading(name), doc, 0, HEADER_WINDOW)


def continued_elsewhere(doc: Document) -> bool:
    """True when a gazette issue cuts the document and says where it goes on (``Xem tiếp Công báo số``)."""
    return _CONTINUED.search(doc.text) is not None


def continuation(doc: Document) -> bool:
    """True when the text starts in the middle of a document (``Tiếp theo Công báo số``)."""
    return _CONTINUATION.search(doc.text, 0, HEADER_WINDOW) is not None


def gazette_copy(doc: Document) -> bool:
    """True when the text is a Công báo (official gazette) copy: its running header or portal signature."""
    orgs = " ".join(d.organisation or "" for d in doc.digital_signatures)
    return _GAZETTE.search(doc.text) is not None or _GAZETTE_ORG.search(orgs) is not None


_GAZETTE_ORG = patterns.compile(r"Cổng\s+Thông\s+tin\s+điện\s+tử\s+Chính\s+phủ|CÔNG\s+BÁO", re.IGNORECASE)


_MARKS = patterns.compile(r"[*_]+")


def _plain_search(pattern: re.Pattern[str], doc: Document, start: int, end: int) -> bool:
    """True when ``pattern`` matches the window with Markdown emphasis removed (``n**ă**m``, ``g****ửi``)."""
    return pattern.search(_MARKS.sub("", doc.text[start:end])) is not None


def dateline(doc: Document) -> bool:
    """True when a place/date line is printed in the header, however broken over lines or marked up."""
    return _plain_search(_DATELINE, doc, 0, HEADER_WINDOW)


_KINH_GUI = patterns.compile(r"Kính\s*gửi", re.IGNORECASE)


def kinh_gui(doc: Document) -> bool:
    """True when a ``Kính gửi`` label is printed in the header window (markup tolerated)."""
    return _plain_search(_KINH_GUI, doc, 0, HEADER_WINDOW)


_CELL_BEFORE = patterns.compile(r"\n\|[ \t]*\n[\s*_|]*$")


def foot_in_empty_table(doc: Document) -> bool:
    """True when the signature sits in a flattened table whose other cell (the Nơi nhận) came out empty."""
    line = authority_line(doc, len(doc.text) // 3) or signature_lines(doc, len(doc.text) // 3)
    if line is None:
        return False
    at = line.span.start + len(line.text) - len(line.text.lstrip(" \t\n*_|"))
    return _CELL_BEFORE.search(doc.text, max(0, at - 80), at) is not None


def number_line(doc: Document) -> Found | None:
    """A ``Số:`` label with a number, the number possibly on the next line."""
    return _search(_NUMBER_LINE, doc, 0, HEADER_WINDOW)


def authority_line(doc: Document, start: int) -> Found | None:
    """A signing-authority line (``KT. CHỦ TỊCH``, ``**TM. ỦY BAN NHÂN DÂN**``) after ``start``."""
    return _search(_AUTHORITY_LINE, doc, start)


@cache
def _title_then_name() -> re.Pattern[str]:
    from vanban.rules.facts import facts

    titles = sorted({t for t in facts()["head_title_words"]} | {"THỨ TRƯỞNG"}, key=len, reverse=True)
    alt = "|".join(re.escape(t) for t in titles)
    return patterns.compile(r"(?:^|\n)[ \t*_|]*(?:PHÓ[ \t]+)?(?:" + alt + r")\b[^\n]{0,60}\n(?:[^\n]{0,80}\n){0,4}?"
                      r"[ \t*_|]*(?:[A-ZĐ][a-zđà-ỹ]*\.?[ \t]+)?[A-ZĐÀ-Ỹ][a-zđà-ỹ]+(?:[ \t]+[A-ZĐÀ-Ỹ][a-zđà-ỹ]+){1,4}[ \t*_]*(?=\n|$)")


def signature_lines(doc: Document, start: int) -> Found | None:
    """A position line in capitals followed by a name (``**CHỦ TỊCH**`` / ``Nguyễn Văn A``) after ``start``."""
    return _search(_title_then_name(), doc, start)


_VV_LINE = patterns.compile(r"(?:^|\n)[ \t*_|]*V/v\b", re.IGNORECASE)


def vv_line(doc: Document) -> Found | None:
    """A ``V/v`` subject line (a công văn's) in the header, markup tolerated."""
    return _search(_VV_LINE, doc, 0, HEADER_WINDOW)


_ABOUT_LINE = patterns.compile(r"\n[ \t*_|]*(?:V/v|Về)\s", re.IGNORECASE)
SUBJECT_AFTER_HEADING = 300
"""How far after the type heading a subject line (``Về việc ...``, ``VỀ ...``) is looked for."""


def subject_after_heading(doc: Document) -> Found | None:
    """A subject line (``Về ...``, ``V/v ...``, any case) right under the printed type heading."""
    t = doc.type
    if t is None or t.span is None:
        return None
    return _search(_ABOUT_LINE, doc, t.span.end, min(len(doc.text), t.span.end + SUBJECT_AFTER_HEADING))


_CAPS_LINE = patterns.compile(r"^[\s*_|#]*([A-ZĐÀ-Ỹ][A-ZĐÀ-Ỹ,.\- ]*[A-ZĐÀ-Ỹ])[\s*_|]*$")
_FIXED = ("CỘNG HÒA", "CỘNG HOÀ", "CHỦ NGHĨA VIỆT NAM", "ĐẢNG CỘNG SẢN")
_FIXED_WHOLE = ("ĐẢNG CỘNG SẢN VIỆT NAM", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM")


def header_names(doc: Document) -> list[str]:
    """Upper-case lines above the number (the issuer and its parent as printed), markup removed.

    Lines broken inside a name (``**ỦY`` / ``BAN NHÂN DÂN **``) are joined first.
    """
    found = number_line(doc)
    end = found.span.start if found else min(len(doc.text), 600)
    out: list[str] = []
    pending = ""
    for line in _MARKS.sub("", doc.text[:end]).split("\n"):
        m = _CAPS_LINE.match(line)
        if m is None:
            if pending:
                out.append(pending)
            pending = ""
            continue
        pending = f"{pending} {m.group(1)}".strip()
    if pending:
        out.append(pending)
    names = []
    for x in out:
        for k in _FIXED_WHOLE:
            x = x.replace(k, " ")
        x = " ".join(x.split())
        if len(x.split()) >= 2 and not any(k in x for k in _FIXED):
            names.append(x)
    return names


_BASIS = patterns.compile(r"Căn\s+cứ\s|Điều\s+1\.")


def date_is_guess(doc: Document) -> bool:
    """True when the parsed date line lies after the first ``Căn cứ`` / ``Điều 1.``: a body date taken for it."""
    span = doc.spans.get("date")
    if span is None:
        return False
    m = _BASIS.search(doc.text, 0, span.end)
    return m is not None


def appendix_file(doc: Document) -> bool:
    """True when the file is an appendix issued on its own (``Phụ lục I`` / ``(Kèm theo Nghị định số ...)``)."""
    return _APPENDIX_FILE.search(doc.text[:1500]) is not None


def cut_consolidation(doc: Document) -> bool:
    """A consolidated text cut by the gazette before its end: its own number and date are in the part not here."""
    return doc.type is not None and doc.type.code == "VBHN" and doc.number is None and continued_elsewhere(doc)


@cache
def _caps_name() -> re.Pattern[str]:
    from vanban.rules.facts import facts

    names = "|".join(sorted((re.escape(n.upper()) for n in facts()["surnames"]), key=len, reverse=True))
    return patterns.compile(r"(?:^|\n|\s{3})[ \t*_|]*((?:" + names + r")(?:[ \t]+[A-ZĐÀ-Ỹ]+){1,4})[ \t*_]*(?=\n|$)")


_NAME_LINE = patterns.compile(r"(?:^|\n|(?<!\s)\s{3})[ \t*_|]*[A-ZĐÀ-Ỹ][a-zđà-ỹ]+(?:[ \t]+[A-ZĐÀ-Ỹ][a-zđà-ỹ]+){1,4}[ \t*_]*(?=\n|$)")


def caps_name(doc: Document, start: int, end: int) -> Found | None:
    """A person's name printed in capitals (``NGUYỄN TUẤN ANH``) between ``start`` and ``end``.

    The look-up stops at a name printed in normal case: what follows it (an appendix heading such as
    ``DANH MỤC``) is not the signature.
    """
    normal = _NAME_LINE.search(doc.text, start, end)
    m = _caps_name().search(doc.text, start, normal.start() if normal else end)
    return Found(m.group(1), Span(start=m.start(1), end=m.end(1))) if m else None

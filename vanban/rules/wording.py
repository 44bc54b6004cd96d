"""Exact wording of the fixed lines and of the subject line (NĐ 30/2020 Phụ lục I II.1, II.5, II.9).

Quốc hiệu is ``CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM`` (``HOÀ`` with the old tone placement is the same
word), in capitals; Tiêu ngữ is ``Độc lập - Tự do - Hạnh phúc``, each phrase capitalised, joined by a
spaced hyphen (an en dash is accepted). Spacing (justified lines, line breaks) and Markdown markup are
not wording. A text read by OCR may carry the slip: the finding then says so and never corrects it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from vanban import patterns
from vanban.models import Document, Span
from vanban.normalize import strip_marks
from vanban.rules import presence
from vanban.rules.registry import Context, Hit, rule
from vanban.rules.spans import span_text

NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
_NATIONAL_OK = (NATIONAL_TITLE, "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM")
MOTTO = "Độc lập - Tự do - Hạnh phúc"
_MOTTO_OK = patterns.compile(r"^Độc lập [-–] Tự do [-–] Hạnh phúc$")
_MARKUP = patterns.compile(r"[*_|#>]+")
_VV = patterns.compile(r"^\s*(?:\*+\s*)?(V/v|V/V|v/v)\b")


def _plain(s: str) -> str:
    return " ".join(_MARKUP.sub(" ", s).split())


def _printed(doc: Document, parsed: str | None, key: str, found: presence.Found | None) -> tuple[str, Span | None]:
    if found is not None:
        return found.text, found.span
    span = doc.spans.get(key)
    return (span_text(doc, span) or parsed or ""), span


def _ocr_hint(doc: Document, printed: str, right: str) -> dict[str, str]:
    """A slip only in the marks of an OCR or PDF text (``CỘNG HÕA``) may be the reader's, not the author's."""
    same_letters = strip_marks(printed).casefold() == strip_marks(right).casefold()
    if doc.format in ("text", "pdf") and same_letters and printed.casefold() != right.casefold():
        return {"ocr": " (có thể là lỗi nhận dạng OCR)", "ocr_en": " (possibly an OCR slip)"}
    return {"ocr": "", "ocr_en": ""}


def _what(printed: str, right: str) -> tuple[str, str]:
    if printed.casefold() == right.casefold():
        return "sai chữ hoa, chữ thường", "wrong case"
    if strip_marks(printed).casefold() == strip_marks(right).casefold():
        return "sai dấu", "wrong diacritics"
    return "sai chữ", "wrong wording"


@rule("VB115")
def national_title_wording(doc: Document, ctx: Context) -> Iterator[Hit]:
    """Quốc hiệu printed exactly, in capitals."""
    if not doc.national_title and presence.national_title(doc) is None:
        return  # missing altogether: VB101
    text, span = _printed(doc, doc.national_title, "national_title", presence.national_title(doc))
    plain = _plain(text)
    if not plain or plain in _NATIONAL_OK:
        return
    what, what_en = _what(plain, NATIONAL_TITLE)
    yield Hit(text=text, span=span, suggestion=NATIONAL_TITLE,
              args={"what": what, "what_en": what_en, **_ocr_hint(doc, plain, NATIONAL_TITLE)})


@rule("VB116")
def motto_wording(doc: Document, ctx: Context) -> Iterator[Hit]:
    """Tiêu ngữ printed exactly: ``Độc lập - Tự do - Hạnh phúc`` (spaced hyphen or en dash)."""
    if not doc.motto and presence.motto(doc) is None:
        return  # missing altogether: VB102
    text, span = _printed(doc, doc.motto, "motto", presence.motto(doc))
    plain = _plain(text).replace("‐", "-")
    if not plain or _MOTTO_OK.match(plain):
        return
    bare = re.sub(r"\s*[-–—,.]\s*", " - ", plain)
    if _MOTTO_OK.match(bare):
        what, what_en = "sai dấu nối giữa các cụm từ (dùng \" - \")", "wrong separator between the phrases (use \" - \")"
    else:
        what, what_en = _what(bare, MOTTO)
    yield Hit(text=text, span=span, suggestion=MOTTO,
              args={"what": what, "what_en": what_en, **_ocr_hint(doc, bare, MOTTO)})


@rule("VB117")
def vv_on_named(doc: Document, ctx: Context) -> Iterator[Hit]:
    """``V/v`` opens only a công văn's subject; a document with a type name prints none."""
    t = doc.type
    if t is None or t.name == "Công văn" or t.printed is None or not doc.subject:
        return
    span = doc.spans.get("subject")
    printed = span_text(doc, span) or ""
    m = _VV.match(printed)
    if m and span is not None:
        start = span.start + m.start(1)
        yield Hit(text=m.group(1), span=Span(start=start, end=start + len(m.group(1))),
                  args={"type": t.name}, suggestion="")


@rule("VB118")
def dispatch_kinh_gui(doc: Document, ctx: Context) -> Iterator[Hit]:
    """A công văn names whom it is sent to with ``Kính gửi:``."""
    t = doc.type
    if t is None or t.name != "Công văn" or doc.addressees or (doc.number is None and not doc.subject):
        return
    if presence.kinh_gui(doc):
        return
    span = doc.spans.get("subject") or (doc.number.span if doc.number else None)
    yield Hit(text=span_text(doc, span), span=span, suggestion="Kính gửi: ...")

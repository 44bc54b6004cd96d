"""PDF reader: the text layer, laid out as on the page, cleaned of page furniture.

pypdf's layout mode keeps the header's two columns side by side (``UBND TỈNH LÀO CAI      CỘNG
HÒA XÃ HỘI ...``), the shape the text parser reads best. Each page's running header and footer
(the gazette's ``CÔNG BÁO/Số …/Ngày …``, page numbers, lines repeated on most pages) are dropped;
glyphs that broken font maps put in place of Vietnamese letters are repaired. The portal's
e-signature stamp (``Người ký: Cổng Thông tin điện tử Chính phủ``) is kept so the parser records
it as a digital signature. A PDF without a text layer (a scan) is refused: it needs OCR first.
"""

from __future__ import annotations

import io
import logging
import re
from collections import Counter
from typing import Any

from ..errors import InputError, UnsupportedFormatError
from ..models import Document
from ..normalize import clean_text
from .glyphs import repair_glyphs

MAX_PAGES = 3000
"""PDFs with more pages than this are refused."""
MIN_CHARS_PER_PAGE = 15
"""Below this many letters per page on average, a PDF has no usable text layer (a scan)."""

_EDGE_LINES = 3
_DIGITS = re.compile(r"\d+")
_PAGE_NO = re.compile(r"^\s*(?:-\s*)?\d{1,4}(?:\s*-)?\s*$|^\s*(?:Trang|Page)\s+\d{1,4}(?:\s*/\s*\d{1,4})?\s*$")
_RUNNING = re.compile(r"^\s*(?:\d{1,4}\s+)?CÔNG\s*BÁO\s*/\s*Số\b.*?/\s*Ngày\b[\s\d/.-]*$", re.IGNORECASE)


def _open(data: bytes, label: str) -> Any:
    import pypdf
    from pypdf.errors import PdfReadError, PyPdfError

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        encrypted = reader.is_encrypted
    except (PdfReadError, PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError) as e:
        raise InputError(f"{label}: corrupt or truncated PDF ({e})") from None
    if encrypted:
        try:
            opened = bool(reader.decrypt(""))
        except Exception:  # unsupported cipher (AES needs an extra library)
            opened = False
        if not opened:
            raise UnsupportedFormatError(f"{label}: encrypted (password-protected) PDF; remove the password first")
    return reader


def _page_texts(reader: Any, label: str) -> list[str]:
    try:
        pages = list(reader.pages)
    except Exception as e:
        raise InputError(f"{label}: corrupt PDF page tree ({e})") from None
    if len(pages) > MAX_PAGES:
        raise InputError(f"{label}: {len(pages)} pages, above the limit of {MAX_PAGES}")
    out: list[str] = []
    for page in pages:
        try:
            text = page.extract_text(extraction_mode="layout", layout_mode_space_vertically=False)
        except Exception:
            try:
                text = page.extract_text()
            except Exception:
                text = ""
        out.append(text or "")
    return out


def _furniture_keys(pages: list[list[str]]) -> set[str]:
    """Lines (digits folded) that recur at the top or bottom of most pages."""
    if len(pages) < 3:
        return set()
    counts: Counter[str] = Counter()
    for lines in pages:
        content = [ln for ln in lines if ln.strip()]
        edge = content[:_EDGE_LINES] + content[-_EDGE_LINES:]
        counts.update({_key(ln) for ln in edge})
    need = max(3, len(pages) // 2)
    return {k for k, c in counts.items() if c >= need and len(k) > 3}


def _key(line: str) -> str:
    return " ".join(_DIGITS.sub("#", line).split())


def _strip_page(lines: list[str], keys: set[str]) -> list[str]:
    """Drop running headers/footers and page numbers from the top and bottom of a page."""
    content = [i for i, ln in enumerate(lines) if ln.strip()]
    drop: set[int] = set()
    for idx in content[:_EDGE_LINES] + content[-_EDGE_LINES:]:
        ln = lines[idx]
        if _RUNNING.match(ln) or _PAGE_NO.match(ln) or _key(ln) in keys:
            drop.add(idx)
    return [ln for i, ln in enumerate(lines) if i not in drop]


def pdf_text(data: bytes, source: str | None = None) -> tuple[str, int]:
    """The reading text of a PDF (NFC, glyphs repaired, furniture dropped) and its page count."""
    label = source or "input"
    reader = _open(data, label)
    raw_pages = _page_texts(reader, label)
    letters = sum(sum(ch.isalpha() for ch in t) for t in raw_pages)
    if letters < MIN_CHARS_PER_PAGE * max(1, len(raw_pages)):
        raise UnsupportedFormatError(f"{label}: the PDF has no text layer (a scanned image); OCR is needed "
                                     "(e.g. `ocrmypdf in.pdf out.pdf`) before parsing")
    pages = [repair_glyphs(clean_text(t)).split("\n") for t in raw_pages]
    keys = _furniture_keys(pages)
    kept = ["\n".join(ln.rstrip() for ln in _strip_page(lines, keys)).strip("\n") for lines in pages]
    return "\n\n".join(kept) + "\n", len(raw_pages)


def read_pdf(data: bytes, source: str | None = None) -> Document:
    """Read a PDF's text layer into a :class:`Document`."""
    from ..parser import parse_text

    text, _ = pdf_text(data, source)
    doc = parse_text(text, source=source)
    return doc.model_copy(update={"format": "pdf"})

"""PDF reader: the text layer, laid out as on the page, cleaned of page furniture.

pypdf's layout mode keeps the header's two columns side by side (``UBND TỈNH LÀO CAI      CỘNG
HÒA XÃ HỘI ...``), the shape the text parser reads best. Each page's running header and footer
(the gazette's ``CÔNG BÁO/Số …/Ngày …``, page numbers, lines repeated on most pages) are dropped;
glyphs that broken font maps put in place of Vietnamese letters are repaired. The portal's
e-signature stamp (``Người ký: Cổng Thông tin điện tử Chính phủ``) is kept so the parser records
it as a digital signature. A PDF without a text layer (a scan) is read with OCR
(:mod:`vanban.readers.ocr`); in a PDF that has one, pages without text (a scanned page among
typed ones) are read with OCR too.
"""

from __future__ import annotations

import io
import logging
import re
from collections import Counter
from typing import Any

from vanban import patterns
from vanban.errors import InputError, OcrUnavailableError, UnsupportedFormatError
from vanban.models import DigitalSignature, Document
from vanban.normalize import clean_text
from vanban.readers.glyphs import repair_glyphs
from vanban.readers.tables import layout_tables, place_tables

MAX_PAGES = 3000
"""PDFs with more pages than this are refused."""
MIN_CHARS_PER_PAGE = 15
"""Below this many letters per page on average, a PDF has no usable text layer (a scan)."""

MIN_OCR_CONFIDENCE = 60.0
"""A page without text layer whose OCR words average less confidence than this is left out."""
_EDGE_LINES = 3
JUSTIFY_GAP = 5
"""Widest run of spaces read as justification (not a column gap) when the plain extraction has one space."""
_DIGITS = patterns.compile(r"\d+")
_PAGE_NO = patterns.compile(r"^\s*(?:-\s*)?\d{1,4}(?:\s*-)?\s*$|^\s*(?:Trang|Page)\s+\d{1,4}(?:\s*/\s*\d{1,4})?\s*$")
_RUNNING = patterns.compile(r"^\s*(?:\d{1,4}\s+)?CÔNG\s*BÁO\s*/\s*Số\b.*?/\s*Ngày\b[\s\d/.-]*$", re.IGNORECASE)


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


def _page_texts(reader: Any, label: str, notes: list[str]) -> list[str]:
    try:
        pages = list(reader.pages)
    except Exception as e:
        raise InputError(f"{label}: corrupt PDF page tree ({e})") from None
    if len(pages) > MAX_PAGES:
        raise InputError(f"{label}: {len(pages)} pages, above the limit of {MAX_PAGES}")
    from pypdf.errors import LimitReachedError

    out: list[str] = []
    for number, page in enumerate(pages, 1):
        try:
            fills = stamp_annotations(page, number)
        except Exception:  # a broken annotation: the page is read without its stamps
            fills = []
            notes.append(f"pdf page {number}: annotation appearances could not be read")
        try:
            plain = page.extract_text() or ""
            text = page.extract_text(extraction_mode="layout", layout_mode_space_vertically=False) or ""
        except LimitReachedError as e:
            raise InputError(f"{label}: page {number} expands past the reader's limits, a decompression "
                             f"bomb ({e})") from None
        except RecursionError:
            raise InputError(f"{label}: page {number} nests objects too deeply") from None
        except Exception:  # a broken page: keep what the plain extraction gives
            try:
                plain = text = page.extract_text() or ""
                notes.append(f"pdf page {number}: layout extraction failed, plain text used")
            except Exception:
                plain = text = ""
                notes.append(f"pdf page {number}: no text could be extracted")
        for old, new in fills:
            text, plain = text.replace(old, new, 1), plain.replace(old, new, 1)
        out.append(rejoin_split_words(text, plain) if text is not plain else text)
    return out


MAX_ANNOTATIONS = 500
"""Most annotations per page whose appearance is read."""
_HIDDEN = 1 | 2 | 32  # annotation flags Invisible, Hidden, NoView
_NOT_PRINTED = {"/Link", "/Popup", "/Sound", "/Movie", "/Screen", "/3D", "/RichMedia"}


def stamp_annotations(page: Any, number: int) -> list[tuple[str, str]]:
    """Put the text of the page's annotation appearances (form fields, e-signature stamps) where it prints.

    Signing software stamps the number and the day (``Số: 1178 /ĐCK-CTT``, ``ngày 09 tháng 7``)
    as form-field or annotation appearance streams, outside the page's content stream, which text
    extraction reads alone. Each visible annotation's normal appearance (``/AP /N``, the state
    ``/AS`` picks) is read on its own at its ``/Rect``. A stamp printed inside the blank of a
    content line (``Số:          /ĐCK-CTT``) is returned as a fill: that line's text and the same
    text with the stamp in its blank, for the caller to substitute in the extracted text. Any
    other stamp is drawn into the page content (in memory only) so extraction reads it in place.
    """
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject, StreamObject

    stamps = _stamps(page, number)
    if not stamps:
        return []
    runs: list[tuple[str, float, float, float]] = []

    def visit(text: str, cm: Any, tm: Any, font: Any, size: float) -> None:
        if text.strip():
            x, y = _origin(cm, tm)
            runs.append((text, x, y, abs(size * tm[3] * cm[3]) or size))

    page.extract_text(visitor_text=visit)
    fills: list[tuple[str, str]] = []
    ops: list[bytes] = []
    renamed: dict[str, dict[str, Any]] = {}
    for stamp in stamps:
        fill = _fill(stamp, runs)
        if fill is not None:
            fills.append(fill)
            continue
        form, placement, prefix = stamp[4], stamp[5], stamp[6]
        body = _inline_form(form, prefix, renamed, page.pdf)
        ops.append("q {:.4f} 0 0 {:.4f} {:.4f} {:.4f} cm\n".format(*placement).encode("ascii") + body + b"\nQ")
    if ops:
        resources = page.get("/Resources")
        resources = resources.get_object() if resources is not None else DictionaryObject()
        for kind, entries in renamed.items():
            d = resources.get(kind)
            d = d.get_object() if d is not None else DictionaryObject()
            for name, obj in entries.items():
                d[NameObject(name)] = obj
            resources[NameObject(kind)] = d
        page[NameObject("/Resources")] = resources
        stream, start, end = StreamObject(), StreamObject(), StreamObject()
        stream.set_data(b"\n" + b"\n".join(ops) + b"\n")
        start.set_data(b"q\n")
        end.set_data(b"\nQ\n")
        contents = page.get("/Contents")
        parts = ArrayObject()
        if contents is not None:
            c = contents.get_object()
            parts.extend(c) if isinstance(c, ArrayObject) else parts.append(contents)
        page[NameObject("/Contents")] = ArrayObject([start, *parts, end, stream])
    return fills


Stamp = tuple[str, float, float, float, Any, tuple[float, float, float, float], str]
"""An annotation's text, x, baseline y and size, its appearance form, placement and resource prefix."""


def _origin(cm: Any, tm: Any) -> tuple[float, float]:
    x, y = tm[4], tm[5]
    return cm[0] * x + cm[2] * y + cm[4], cm[1] * x + cm[3] * y + cm[5]


def _stamps(page: Any, number: int) -> list[Stamp]:
    """The visible annotations that print text, each read alone on a blank page at its place."""
    from pypdf import PageObject
    from pypdf.generic import DictionaryObject, NameObject, StreamObject

    annots = page.get("/Annots")
    if not annots:
        return []
    out: list[Stamp] = []
    for k, ref in enumerate(list(annots.get_object())[:MAX_ANNOTATIONS]):
        a = ref.get_object()
        if not isinstance(a, DictionaryObject) or a.get("/Subtype") in _NOT_PRINTED:
            continue
        if int(a.get("/F", 0) or 0) & _HIDDEN:
            continue
        ap = a.get("/AP")
        normal = ap.get_object().get("/N") if ap is not None else None
        if normal is None:
            continue
        normal = normal.get_object()
        if not isinstance(normal, StreamObject):
            state = a.get("/AS")
            normal = normal.get(state).get_object() if state is not None and state in normal else None
        if not isinstance(normal, StreamObject) or "/Rect" not in a:
            continue
        rect: Any = a["/Rect"].get_object()
        placement = _placement([float(x) for x in rect], normal)
        if placement is None:
            continue
        prefix = f"/VbS{number}x{k}"
        renamed: dict[str, dict[str, Any]] = {}
        body = _inline_form(normal, prefix, renamed, page.pdf)
        blank = PageObject.create_blank_page(width=float(page.mediabox.width), height=float(page.mediabox.height))
        res = DictionaryObject()
        for kind, entries in renamed.items():
            res[NameObject(kind)] = DictionaryObject({NameObject(n): o for n, o in entries.items()})
        blank[NameObject("/Resources")] = res
        content = StreamObject()
        content.set_data("q {:.4f} 0 0 {:.4f} {:.4f} {:.4f} cm\n".format(*placement).encode("ascii") + body + b"\nQ")
        blank[NameObject("/Contents")] = content
        found: list[tuple[str, float, float, float]] = []

        def visit(text: str, cm: Any, tm: Any, font: Any, size: float, found: list[Any] = found) -> None:
            if text.strip():
                x, y = _origin(cm, tm)
                found.append((text, x, y, abs(size * tm[3] * cm[3]) or size))

        blank.extract_text(visitor_text=visit)
        if not found:
            continue
        text = " ".join(" ".join(t for t, *_ in found).split())
        _, x, y, size = found[0]
        out.append((text, x, y, size, normal, placement, prefix))
    return out


_BLANK = patterns.compile(r" {2,}")


def _fill(stamp: Stamp, runs: list[tuple[str, float, float, float]]) -> tuple[str, str] | None:
    """The content line whose blank the stamp prints in, and that line with the stamp written in it."""
    text, x, y, size = stamp[0], stamp[1], stamp[2], stamp[3]
    best: tuple[float, str, float, float] | None = None
    for run, rx, ry, rsize in runs:
        if abs(ry - y) > 0.6 * max(size, rsize) or rx > x or not _BLANK.search(run):
            continue
        if best is None or rx > best[2]:
            best = (abs(ry - y), run, rx, rsize)
    if best is None:
        return None
    _, run, rx, rsize = best
    guess = (x - rx) / (0.5 * rsize)  # characters from the run's start, at an average glyph width
    blanks = list(_BLANK.finditer(run))
    m = min(blanks, key=lambda b: 0 if b.start() <= guess <= b.end() else min(abs(b.start() - guess),
                                                                               abs(b.end() - guess)))
    if guess > m.end() + 12:  # the stamp prints past the run's end, not in one of its blanks
        return None
    return run, run[:m.start()] + " " + text + " " + run[m.end():]


_RENAMED_OPS = {b"Tf": "/Font", b"Do": "/XObject", b"gs": "/ExtGState", b"cs": "/ColorSpace", b"CS": "/ColorSpace",
                b"sh": "/Shading", b"scn": "/Pattern", b"SCN": "/Pattern"}


def _inline_form(form: Any, prefix: str, renamed: dict[str, dict[str, Any]], pdf: Any) -> bytes:
    """The form's content with its resource names prefixed, the renamed resources collected in ``renamed``."""
    from pypdf.generic import ContentStream, NameObject

    res = form.get("/Resources")
    res = res.get_object() if res is not None else {}
    cs = ContentStream(form, pdf)
    for operands, op in cs.operations:
        kind = _RENAMED_OPS.get(op)
        if kind is None or not operands:
            continue
        k = 0 if op != b"scn" and op != b"SCN" else len(operands) - 1
        name = operands[k]
        entries = res.get(kind)
        if not isinstance(name, NameObject) or entries is None or name not in entries.get_object():
            continue
        new = prefix + name[1:]
        renamed.setdefault(kind, {})[new] = entries.get_object().raw_get(name)
        operands[k] = NameObject(new)
    data: bytes = cs.get_data()
    return data


def _placement(rect: list[float], form: Any) -> tuple[float, float, float, float] | None:
    """Scale and offset mapping the form's bounding box (through its ``/Matrix``) onto ``rect``."""
    x0, y0, x1, y1 = min(rect[0], rect[2]), min(rect[1], rect[3]), max(rect[0], rect[2]), max(rect[1], rect[3])
    bbox = [float(v) for v in form.get("/BBox", [0, 0, x1 - x0, y1 - y0])]
    m = [float(v) for v in form.get("/Matrix", [1, 0, 0, 1, 0, 0])]
    corners = [(bbox[0], bbox[1]), (bbox[2], bbox[1]), (bbox[0], bbox[3]), (bbox[2], bbox[3])]
    pts = [(m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]) for x, y in corners]
    bx0, by0 = min(p[0] for p in pts), min(p[1] for p in pts)
    bx1, by1 = max(p[0] for p in pts), max(p[1] for p in pts)
    if bx1 - bx0 <= 0 or by1 - by0 <= 0 or x1 - x0 <= 0 or y1 - y0 <= 0:
        return None
    sx, sy = (x1 - x0) / (bx1 - bx0), (y1 - y0) / (by1 - by0)
    return sx, sy, x0 - bx0 * sx, y0 - by0 * sy


_GAP_PAIR = patterns.compile(r"(?<!\S)(\S+)( +)(?=(\S+))")  # from a word's start only: linear on long words
_PUNCT = "\"'“”‘’()[]{}.,;:!?…"


def rejoin_split_words(layout: str, plain: str) -> str:
    """Close the gaps layout mode opens inside words (``t     ổ dân phố``), using the words the
    page's plain extraction has: two pieces are joined when together they make one of its words.
    Runs of spaces typed in the text itself (the plain extraction has them too), and narrow runs
    where the plain extraction has one space (justified lines: ``Độc lập -  Tự    do``), become one
    space, so they are not taken for a column gap."""
    words = set()
    for w in plain.split():
        words.add(w)
        words.add(w.strip(_PUNCT))
    words.discard("")
    out: list[str] = []
    for line in layout.split("\n"):
        if "  " not in line.strip() and " " not in line.strip():
            out.append(line)
            continue
        out.append(_GAP_PAIR.sub(lambda m: _join(m, words, plain), line))
    return "\n".join(out)


def _join(m: re.Match[str], words: set[str], plain: str) -> str:
    left, gap, right = m.group(1), m.group(2), m.group(3)
    if left in words and right in words and len(gap) == 1:
        return m.group(0)
    joined = left + right
    if joined in words or joined.strip(_PUNCT) in words:
        return left
    if len(gap) > 1 and left + gap + right in plain:  # spaces typed in the text, not a column gap
        return left + " "
    if 1 < len(gap) <= JUSTIFY_GAP and left + " " + right in plain:  # justified line, not a column gap
        return left + " "
    return m.group(0)


def furniture_keys(pages: list[list[str]]) -> set[str]:
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


def furniture_rows(lines: list[str], keys: set[str]) -> set[int]:
    """Indexes of the running headers/footers and page numbers at the top and bottom of a page."""
    content = [i for i, ln in enumerate(lines) if ln.strip()]
    drop: set[int] = set()
    for idx in content[:_EDGE_LINES] + content[-_EDGE_LINES:]:
        ln = lines[idx]
        if _RUNNING.match(ln) or _PAGE_NO.match(ln) or _key(ln) in keys:
            drop.add(idx)
    return drop


def _strip_page(lines: list[str], keys: set[str]) -> list[str]:
    """Drop running headers/footers and page numbers from the top and bottom of a page."""
    drop = furniture_rows(lines, keys)
    return [ln for i, ln in enumerate(lines) if i not in drop]


_SIGNED_BY = patterns.compile(r"^\s*(?P<who>[^<]*?)\s*(?:<(?P<email>[^>]*)>)?\s*(?:đã ký.*)?$", re.IGNORECASE)
SIGNED_BY_CHARS = 300
"""A signature's reason is matched on its first characters (a name, an address, "đã ký")."""
_PDF_DATE = patterns.compile(r"D:(\d{4})(\d{2})(\d{2})(\d{2})?(\d{2})?(\d{2})?(?:([+-])(\d{2})'?(\d{2})?)?")


def _pdf_time(raw: str) -> str | None:
    """``D:20260602080658+07'00'`` -> ``2026-06-02T08:06:58+07:00``."""
    m = _PDF_DATE.match(raw.strip())
    if not m:
        return None
    y, mo, d, h, mi, sec, sign, tzh, tzm = m.groups()
    out = f"{y}-{mo}-{d}"
    if h:
        out += f"T{h}:{mi or '00'}:{sec or '00'}"
        if sign:
            out += f"{sign}{tzh}:{tzm or '00'}"
    return out


def _is_organisation(name: str) -> bool:
    letters = [c for c in name if c.isalpha()]
    return bool(letters) and (all(c.isupper() for c in letters) or name.split()[0].lower() in _ORG_WORDS)


_ORG_WORDS = {"ban", "sở", "bộ", "cục", "cổng", "văn", "ủy", "uỷ", "ubnd", "hđnd", "thành", "tỉnh", "trung",
              "công", "cơ", "tổng", "viện", "trường", "chi", "đảng", "huyện", "xã", "phòng", "vụ", "hội"}


def pdf_signatures(reader: Any) -> list[DigitalSignature]:
    """The PDF's signature fields (``/Sig`` with a value) as digital-signature records."""
    out: list[DigitalSignature] = []
    stack: list[Any] = []
    try:
        form = reader.trailer["/Root"].get("/AcroForm")
        stack += list(form.get_object().get("/Fields", [])) if form is not None else []
    except Exception:
        pass
    try:  # signature widgets on the pages (some files have no AcroForm entry)
        for page in reader.pages[:MAX_PAGES]:
            stack += list(page.get("/Annots", None) or [])
    except Exception:
        pass
    seen: set[tuple[str, str]] = set()
    steps = 0
    while stack and steps < 2000:
        steps += 1
        try:
            fld = stack.pop(0).get_object()
            stack.extend(fld.get("/Kids", []))
            if fld.get("/FT") != "/Sig" and fld.get("/Parent") is not None:
                fld = fld["/Parent"].get_object()
            if fld.get("/FT") != "/Sig" or fld.get("/V") is None:
                continue
            v = fld["/V"].get_object()
            name = str(v.get("/Name") or "").strip()
            reason = str(v.get("/Reason") or "").strip()
            m = _SIGNED_BY.match(reason[:SIGNED_BY_CHARS]) if reason else None
            who = name or (m.group("who").strip(" !.") if m else "")
            email = m.group("email") if m and m.group("email") else None
            when = _pdf_time(str(v.get("/M") or ""))
        except Exception:
            continue
        if (who, when or "") in seen:
            continue
        seen.add((who, when or ""))
        org = _is_organisation(who) if who else False
        out.append(DigitalSignature(signer=None if org or not who else clean_text(who),
                                    organisation=clean_text(who) if org else None, email=email, time=when))
    return out


class _Scanned(Exception):
    """The PDF has no text layer: read it with OCR."""


def _read(data: bytes, source: str | None, notes: list[str] | None = None,
          jobs: int = 1) -> tuple[str, int, list[DigitalSignature]]:
    label = source or "input"
    reader = _open(data, label)
    raw_pages = _page_texts(reader, label, notes if notes is not None else [])
    letters = [sum(ch.isalpha() for ch in t) for t in raw_pages]
    if sum(letters) < MIN_CHARS_PER_PAGE * max(1, len(raw_pages)):
        raise _Scanned
    blank = [i for i, n in enumerate(letters) if n < MIN_CHARS_PER_PAGE]
    if blank:
        raw_pages = _ocr_pages(data, label, raw_pages, blank, notes if notes is not None else [], jobs)
    pages = [repair_glyphs(clean_text(t)).split("\n") for t in raw_pages]
    keys = furniture_keys(pages)
    kept = ["\n".join(ln.rstrip() for ln in _strip_page(lines, keys)).strip("\n") for lines in pages]
    return "\n\n".join(kept) + "\n", len(raw_pages), pdf_signatures(reader)


def _ocr_pages(data: bytes, label: str, raw: list[str], blank: list[int], notes: list[str], jobs: int) -> list[str]:
    """The text of the pages without a text layer read with OCR, when OCR is available here."""
    from vanban.readers.ocr import ocr_available, read_pages
    from vanban.readers.scan import render_pdf_pages

    if not ocr_available():
        notes.append(f"pdf pages {', '.join(str(i + 1) for i in blank)} have no text layer and were not read "
                     "(OCR needs tesseract-ocr, tesseract-ocr-vie and vanban[ocr])")
        return raw
    images = render_pdf_pages(data, label, blank)
    out = list(raw)
    read, unread = [], []
    for i, result in zip(blank, read_pages(images, jobs=jobs), strict=True):
        if result.confidence < MIN_OCR_CONFIDENCE:  # a rotated table, a picture: not text that reads
            unread.append(str(i + 1))
            continue
        lines = ([*result.stamp.lines, ""] if result.stamp is not None else []) + result.text.lines
        out[i] = "\n".join(lines)
        notes += result.notes
        read.append(str(i + 1))
    if read:
        notes.append(f"pdf pages {', '.join(read)} have no text layer: read with OCR")
    if unread:
        notes.append(f"pdf pages {', '.join(unread)} have no text layer and OCR could not read them "
                     "(rotated or not text); left out")
    return out


def pdf_text(data: bytes, source: str | None = None) -> tuple[str, int]:
    """The reading text of a PDF (NFC, glyphs repaired, furniture dropped) and its page count."""
    try:
        text, pages, _ = _read(data, source)
    except _Scanned:
        doc = read_pdf(data, source)
        return doc.text, len(doc.ocr.pages) if doc.ocr else 0
    return text, pages


def read_pdf(data: bytes, source: str | None = None, *, jobs: int = 1) -> Document:
    """Read a PDF's text layer into a :class:`Document`; a scanned PDF is read with OCR."""
    from vanban.parse.text import parse_text

    notes: list[str] = []
    try:
        text, _, signatures = _read(data, source, notes, jobs)
    except _Scanned:
        return _read_scanned(data, source, jobs)
    doc = parse_text(text, source=source)
    tables = place_tables(doc, layout_tables(doc.text))
    return doc.model_copy(update={"format": "pdf", "digital_signatures": (*doc.digital_signatures, *signatures),
                                  "notes": (*doc.notes, *notes), "tables": tables})


def _read_scanned(data: bytes, source: str | None, jobs: int) -> Document:
    from vanban.readers.ocr import read_scan, require_extra, tesseract_path
    from vanban.readers.scan import render_pdf_pages

    label = source or "input"
    try:
        require_extra(label)
        tesseract_path()
    except OcrUnavailableError as e:
        raise OcrUnavailableError(f"{label}: the PDF has no text layer (a scanned image) and OCR is not "
                                  f"available: {e}") from None
    return read_scan(render_pdf_pages(data, label), source, "pdf", jobs=jobs)

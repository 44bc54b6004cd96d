"""A document inside a web page: where the document's own text begins and ends.

A legal portal or government site prints site notices before the document (copyright, "Đang tải
văn bản...", a news-style summary citing the document) and after it (the portal's title line
``Công văn 5348/CT-CS ngày 20/11/2025 ...``, "Văn bản liên quan" lists with dozens of dates, login
and privacy notices, an English translation). That is chrome: a number, date or type read from it
is not the document's.

The document begins at its own header: the row holding the Quốc hiệu (``CỘNG HÒA XÃ HỘI CHỦ NGHĨA
VIỆT NAM``) or the Party heading (``ĐẢNG CỘNG SẢN VIỆT NAM``), together with the issuer's block printed
just before it (upper-case lines and their rule). It ends before the first chrome line after the
header: the portal's title line (a type name followed by the document's own number, then ``năm`` or
``ngày``), or a line the chrome catalogue (``vanban/data/web_chrome.json``) names. Everything in
between, signature, recipients and appendices included, is the document.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources

from vanban.catalogue import catalogue
from vanban.normalize import ascii_key, fold, is_upper_text
from vanban.parse.layout import RULE_LINE

_TITLE = re.compile(r"C[OỘ]NG\s+H[OÒ][AÀ]\s+X[AÃ]\s+H[OỘ]I\s+CH[UỦ]\s+NGH[IĨ]A\s+VI[EỆ]T\s+NAM"
                    r"|Đ[AẢ]NG\s+C[OỘ]NG\s+S[AẢ]N\s+VI[EỆ]T\s+NAM", re.IGNORECASE)
_OWN_NUMBER = re.compile(r"^\s*Số\s*(?:hiệu\s*)?:?\s*(\d[^\s,;]*(?:\s*/\s*[^\s,;|]+)*)", re.IGNORECASE | re.MULTILINE)
_ISSUER_LINES = 8
"""Most lines of the issuer's block printed before the Quốc hiệu."""
_MARKER_SLACK = 30
"""A chrome line is the marker plus at most this many characters (a body line that starts alike is longer)."""
_NUMBER_LINES = 40
"""How far after the Quốc hiệu the document's own ``Số:`` is looked for."""


@lru_cache(maxsize=1)
def _chrome() -> tuple[tuple[str, ...], re.Pattern[str]]:
    with resources.files("vanban").joinpath("data").joinpath("web_chrome.json").open(encoding="utf-8") as f:
        data = json.load(f)
    ends = tuple(fold(s) for s in (*data["end_lines"], *data["english_titles"]))
    names = sorted({n for t in catalogue().types.values() for n in (t.name, *t.aliases) if len(n) > 3},
                   key=len, reverse=True)
    title = re.compile(r"^\s*(?:" + "|".join(re.escape(n) for n in names) + r")\s+(?:số\s+)?(\S+)\s+(?:năm\s+\d{4}|ngày\s+\d)",
                       re.IGNORECASE)
    return ends, title


def _lines(text: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    pos = 0
    for raw in text.split("\n"):
        out.append((pos, pos + len(raw)))
        pos += len(raw) + 1
    return out


def _chrome_before(text: str, start: int) -> bool:
    """Is what stands before ``start`` page chrome rather than the top of a document (a stamp, a mark)?"""
    head = text[:start]
    if head.count("\n") > 30:
        return True
    return any(len(s) >= 25 and not is_upper_text(s) for s in (x.strip() for x in head.split("\n")))


def document_span(text: str) -> tuple[int, int]:
    """The part ``[start, end)`` of ``text`` that is the document, chrome before and after left out."""
    m = _TITLE.search(text)
    if m is None:
        return 0, len(text)
    lines = _lines(text)
    idx = text.count("\n", 0, m.start())
    start = _header_start(text, lines, idx)
    if not _chrome_before(text, start):
        start = 0
    end = _document_end(text, lines, idx)
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _header_start(text: str, lines: list[tuple[int, int]], idx: int) -> int:
    """Start of the header row: the Quốc hiệu line, or the issuer's block just before it."""
    k = idx - 1
    blanks = 0
    while k >= 0 and not text[lines[k][0]:lines[k][1]].strip() and blanks < 2:
        k -= 1
        blanks += 1
    first = idx
    taken = 0
    while k >= 0 and taken < _ISSUER_LINES:
        s = text[lines[k][0]:lines[k][1]].strip()
        if not s or not (is_upper_text(s) or RULE_LINE.match(s)):
            break
        first = k
        taken += 1
        k -= 1
    return lines[first][0]


def _document_end(text: str, lines: list[tuple[int, int]], idx: int) -> int:
    """Start of the first chrome line after the header (the end of the text when there is none)."""
    ends, title = _chrome()
    head = text[lines[idx][0]:lines[min(idx + _NUMBER_LINES, len(lines) - 1)][1]]
    nm = _OWN_NUMBER.search(head)
    own = ascii_key(nm.group(1)) if nm else None
    for k in range(idx + 1, len(lines)):
        a, b = lines[k]
        s = text[a:b].strip()
        if not s:
            continue
        tm = title.match(s)
        if tm is not None and (own is None or ascii_key(tm.group(1)).rstrip(".,;") == own):
            return a
        if s[0].isupper():
            f = fold(s)
            if any(f.startswith(e) and len(f) <= len(e) + _MARKER_SLACK for e in ends):
                return a
    return len(text)

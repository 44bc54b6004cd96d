"""Nothing lost in re-typesetting: every word of the input must be in the output.

The parser places each paragraph of a document in a component (header, subject, body, signature,
Nơi nhận ...). When it cannot (an odd layout, an upper-case line it takes for something else), the
paragraph would silently vanish from the re-typeset file. :func:`unplaced` finds the input
paragraphs whose words the rendered output lacks, and :func:`place_in_body` puts them into the
body in reading order, where a văn thư officer sees them and can move them.
"""

from __future__ import annotations

import html
import unicodedata
from collections import Counter
from collections.abc import Iterable

from vanban import patterns
from vanban.models import Document
from vanban.normalize import SUPERSCRIPTS

_WORD = patterns.compile(r"[^\W_]+")
_SUPER = str.maketrans("", "", SUPERSCRIPTS + "¹²³")
_TEXT = patterns.compile(r"<w:t(?: [^>]*)?>([^<]*)</w:t>|<w:(?:tab|br)/>|</w:p>")


def words(text: str) -> Counter[str]:
    """Words of ``text`` (letters and digits, NFC, case folded; superscript note marks left out)."""
    return Counter(_WORD.findall(unicodedata.normalize("NFC", text).translate(_SUPER).casefold()))


def xml_words(parts: Iterable[str]) -> Counter[str]:
    """Words of WordprocessingML parts as written by the renderer (runs of a paragraph joined)."""
    out: Counter[str] = Counter()
    for xml in parts:
        pieces: list[str] = []
        for m in _TEXT.finditer(xml):
            pieces.append(html.unescape(m.group(1)) if m.group(1) is not None else " ")
        out += words("".join(pieces))
    return out


def source_paragraphs(doc: Document) -> list[str]:
    """The input's paragraphs in reading order (a DOCX's own and its notes, else the lines of the text)."""
    if doc.paragraphs:
        return [p.text for p in doc.paragraphs] + [f.text for f in doc.footnotes]
    return doc.text.split("\n")


def unplaced(doc: Document, rendered: Counter[str], accounted: Counter[str]) -> list[int]:
    """Indexes (in :func:`source_paragraphs`) of paragraphs with a word missing from ``rendered``.

    Paragraphs are matched in reading order, each using up its words; ``accounted`` holds words
    a reported change replaces on purpose (``HOÀ`` -> ``HÒA``, ``5`` -> ``05``, a left-out stamp).
    """
    left = rendered + accounted
    missing: list[int] = []
    for k, text in enumerate(source_paragraphs(doc)):
        need = words(text)
        if not need:
            continue
        if all(left[w] >= n for w, n in need.items()):
            left -= need
        else:
            missing.append(k)
    return missing


def place_in_body(doc: Document, indexes: list[int]) -> str:
    """The body with paragraphs ``indexes`` of the input inserted in reading order.

    Each goes after the nearest paragraph before it that is a whole line of the body (at the start
    when there is none), as a paragraph of its own.
    """
    paras = source_paragraphs(doc)
    todo = set(indexes)
    body = doc.body
    cursor = 0
    for k, text in enumerate(paras):
        line = " ".join(text.split())
        if not line:
            continue
        if k in todo:
            before = "\n\n" if cursor else ""
            after = "\n\n" if cursor < len(body) else ""
            body = body[:cursor] + before + line + after + body[cursor:]
            cursor += len(before) + len(line)
            continue
        at = _line_at(body, line, cursor)
        if at >= 0:
            cursor = at + len(line)
    return body


def _line_at(body: str, line: str, start: int) -> int:
    """Where ``line`` stands as a whole line of ``body`` at or after ``start`` (-1 when it does not)."""
    pos = start
    while True:
        at = body.find(line, pos)
        if at < 0:
            return -1
        end = at + len(line)
        if (at == 0 or body[at - 1] == "\n") and (end == len(body) or body[end] == "\n"):
            return at
        pos = at + 1

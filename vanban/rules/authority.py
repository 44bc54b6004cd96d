"""What a signing prefix may stand before (NĐ 30/2020 Phụ lục I II.7; HD 36-HD/VPTW).

``TM.`` (thay mặt) precedes a collective (``TM. ỦY BAN NHÂN DÂN``); ``KT.`` (ký thay) the head's title,
signed by a deputy (``KT. GIÁM ĐỐC`` / ``PHÓ GIÁM ĐỐC``); ``TL.``, ``TUQ.`` and ``Q.`` the head's title.
A deputy signing for the head writes ``KT.`` (a Party deputy in charge may sign without ``K/T``).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

from vanban import patterns
from vanban.models import Document, Signature
from vanban.normalize import fold
from vanban.rules.facts import facts
from vanban.rules.registry import Context, Hit, rule
from vanban.rules.spans import find_in


@cache
def _collectives() -> tuple[str, ...]:
    return tuple(sorted({fold(c) for c in (*facts()["state_collectives"], *facts()["party_collectives"])},
                        key=len, reverse=True))


@cache
def _heads() -> tuple[str, ...]:
    return tuple(sorted({fold(c) for c in facts()["head_title_words"]}, key=len, reverse=True))


def _starts(title: str, words: tuple[str, ...]) -> bool:
    t = fold(title)
    return any(t == w or t.startswith(w + " ") for w in words)


def is_collective(title: str) -> bool:
    """True for the name of a collective body (``ỦY BAN NHÂN DÂN``, ``BAN THƯỜNG VỤ``)."""
    return _starts(title, _collectives()) and not is_head(title)


def is_head(title: str) -> bool:
    """True for a head's title (``GIÁM ĐỐC``, ``CHỦ TỊCH``, ``BỘ TRƯỞNG``)."""
    return _starts(title, _heads())


def is_deputy(title: str) -> bool:
    """True for a deputy's title (``PHÓ GIÁM ĐỐC``, ``THỨ TRƯỞNG``)."""
    t = fold(title)
    return any(t.startswith(fold(p).strip()) for p in facts()["deputy_title_prefixes"])


def _kind(sig: Signature) -> str | None:
    a = (sig.authority or "").replace(".", "").replace("/", "").upper()
    return a or None


_KT_PRINTED = patterns.compile(r"(?<!\w)(?:KT|TM|TL|TUQ|K/T|T/M|T/L)\s*\.?\s*[A-ZĐÀ-Ỹ*]")


def _line_hit(doc: Document, sig: Signature, args: dict[str, object] | None = None,
              suggestion: str | None = None) -> Hit:
    line = f"{sig.authority} {sig.authority_title}"
    span = find_in(doc, line, sig.span) or find_in(doc, sig.authority_title or "", sig.span)
    return Hit(text=doc.text[span.start:span.end] if span else line, span=span, args=args or {},
               suggestion=suggestion)


@rule("VB405")
def tm_collective(doc: Document, ctx: Context) -> Iterator[Hit]:
    """``TM.`` (``T/M``) stands before a collective, not before a person's title."""
    for sig in doc.signatures:
        if _kind(sig) == "TM" and sig.authority_title and is_head(sig.authority_title):
            yield _line_hit(doc, sig, {"title": sig.authority_title})


@rule("VB406")
def kt_head_title(doc: Document, ctx: Context) -> Iterator[Hit]:
    """``KT.`` stands before the head's title and is signed by a deputy, not by the head or for a collective."""
    for sig in doc.signatures:
        if _kind(sig) != "KT" or not sig.authority_title:
            continue
        if is_collective(sig.authority_title):
            yield _line_hit(doc, sig, {"why": "đứng trước tên tập thể (dùng TM.)", "why_en": "precedes a collective (use TM.)"})
        elif sig.position and fold(sig.position) == fold(sig.authority_title):
            span = find_in(doc, sig.position, sig.span, last=True) or _line_hit(doc, sig).span
            yield Hit(text=doc.text[span.start:span.end] if span else None, span=span,
                      args={"why": "người đứng đầu ký thay chính mình", "why_en": "the head signs for himself"},
                      suggestion=f"PHÓ {sig.position}")


@rule("VB407")
def deputy_without_kt(doc: Document, ctx: Context) -> Iterator[Hit]:
    """A deputy signing for the head writes ``KT.`` before the head's title."""
    for sig in doc.signatures:
        if sig.authority or not sig.position or not is_deputy(sig.position):
            continue
        span = find_in(doc, sig.position, sig.span)
        at = span.start if span else (sig.span.start if sig.span else 0)
        if _KT_PRINTED.search(doc.text, max(0, at - 160), at):
            continue  # "**KT. CHỦ TỊCH**" is printed above: the block was not fully read
        head = fold(sig.position).removeprefix("phó ").upper() if fold(sig.position).startswith("phó ") else None
        where = span or sig.span
        yield Hit(text=doc.text[where.start:where.end] if where else None, span=where, args={"position": sig.position},
                  suggestion=f"KT. {head}" if head else "KT. ...")


@rule("VB408")
def delegated_head_title(doc: Document, ctx: Context) -> Iterator[Hit]:
    """``TL.``, ``TUQ.`` and ``Q.`` stand before the head's title, not before a collective."""
    for sig in doc.signatures:
        if _kind(sig) in ("TL", "TUQ", "Q") and sig.authority_title and is_collective(sig.authority_title):
            yield _line_hit(doc, sig, {"title": sig.authority_title})



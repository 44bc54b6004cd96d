"""Locating text in ``Document.text`` for findings (within a known span, never a full rescan)."""

from __future__ import annotations

from vanban.models import Document, Span


def span_text(doc: Document, span: Span | None) -> str | None:
    """The characters of ``span`` in ``doc.text``."""
    return doc.text[span.start:span.end] if span is not None else None


def find_in(doc: Document, needle: str, within: Span | None, *, last: bool = False) -> Span | None:
    """The span of ``needle`` inside ``within`` (its first or last occurrence), or ``None``."""
    if within is None or not needle:
        return None
    hay = doc.text[within.start:within.end]
    i = hay.rfind(needle) if last else hay.find(needle)
    if i < 0:
        return None
    return Span(start=within.start + i, end=within.start + i + len(needle))

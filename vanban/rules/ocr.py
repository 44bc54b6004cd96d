"""OCR-suspect words: a word one edit away from a known term is reported with the likely reading.

Nothing is corrected here: the finding (severity info) carries the suggestion only. On a scan the OCR
reader has already corrected tone-mark slips against its lexicon; each such word is reported too (the
reading as text, the correction as suggestion), so a correction never hides a slip. Terms and stamp
labels come from ``vanban/data/checks.json``; the text is scanned once with one compiled pattern.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from vanban import patterns
from vanban.models import Document, Span
from vanban.parse.edits import within_edits
from vanban.rules.facts import facts
from vanban.rules.registry import Context, Hit, rule
from vanban.rules.spans import find_in


@dataclass(frozen=True)
class _Probe:
    """One way a term can be damaged: word ``position`` differs, the ``anchor`` words beside it are intact."""

    words: tuple[str, ...]
    position: int
    first: str
    anchor: re.Pattern[str]
    tail: re.Pattern[str] | None
    match_case: bool


@cache
def _probes() -> tuple[_Probe, ...]:
    """For each term and word position, a literal pattern of the intact neighbouring words."""
    probes: list[_Probe] = []
    seen: set[tuple[str, int, bool]] = set()
    for entry in sorted(facts()["ocr_terms"], key=lambda e: -len(e["term"])):
        words = tuple(entry["term"].split())
        for i in range(len(words)):
            key = (" ".join(words).lower(), i, bool(entry["match_case"]))
            intact = words[:i] if i > 0 else words[1:]
            if not intact or key in seen:
                continue
            seen.add(key)
            # a literal first (no look-behind) lets the regex engine skip ahead quickly
            anchor = patterns.compile(r"\s+".join(re.escape(w.lower()) for w in intact) + (r"(?!\w)" if i == 0 else ""))
            rest = words[i + 1:] if i > 0 else ()
            tail = patterns.compile(r"\s+" + r"\s+".join(re.escape(w.lower()) for w in rest) + r"(?!\w)") if rest else None
            probes.append(_Probe(words, i, intact[0].lower(), anchor, tail, bool(entry["match_case"])))
    return tuple(probes)


@cache
def _scanner() -> tuple[re.Pattern[str], dict[str, tuple[_Probe, ...]]]:
    """One pattern of every probe's intact words (longest first), and the probes by first word."""
    by_first: dict[str, list[_Probe]] = {}
    for probe in _probes():  # longest terms first, so a long reading wins over a short one
        by_first.setdefault(probe.first, []).append(probe)
    anchors = sorted({p.anchor.pattern for p in _probes()}, key=len, reverse=True)
    return patterns.compile("|".join(anchors)), {w: tuple(p) for w, p in by_first.items()}


def _suspect(found: str, expected: str, match_case: bool) -> bool:
    if found == expected:
        return False
    if match_case and found[:1].isupper() != expected[:1].isupper():
        return False
    found, expected = found.lower(), expected.lower()
    return found != expected and within_edits(found, expected, 1)  # one edit apart (a banded table: no rapidfuzz)


_WORD_BEFORE = patterns.compile(r"(\w+)\s+$")
_WORD_AFTER = patterns.compile(r"\s+(\w+)")


def _text_hits(doc: Document) -> Iterator[Hit]:
    text = doc.text
    low = text.lower()
    if len(low) != len(text):  # a letter whose lower case is longer: offsets would drift
        return
    taken: list[tuple[int, int]] = []
    pattern, by_first = _scanner()
    for candidate in pattern.finditer(low):  # the one scan of the text
        for probe in by_first[candidate.group().split()[0]]:
            m = probe.anchor.match(low, candidate.start())
            if m is None or (probe.position > 0 and m.start() > 0 and low[m.start() - 1].isalnum()):
                continue
            expected = probe.words[probe.position]
            if probe.position == 0:
                w = _WORD_BEFORE.search(low, max(0, m.start() - 40), m.start())
                if w is None:
                    continue
                start, end, ws, we = w.start(1), m.end(), w.start(1), w.end(1)
            else:
                w = _WORD_AFTER.match(low, m.end())
                if w is None:
                    continue
                ws, we = w.start(1), w.end(1)
                start, end = m.start(), we
                if probe.tail is not None:
                    t = probe.tail.match(low, we)
                    if t is None:
                        continue
                    end = t.end()
            found = text[ws:we]
            if not _suspect(found, expected, probe.match_case):
                continue
            if any(a < end and start < b for a, b in taken):
                continue
            taken.append((start, end))
            printed = text[start:end]
            yield Hit(text=printed, span=Span(start=start, end=end),
                      suggestion=printed[:ws - start] + expected + printed[we - start:])


_LABEL = patterns.compile(r"^\s*(?:ĐẾN\s+)?(?P<label>[^\W\d_][^:\d]*?)\s*:", re.MULTILINE)


def _stamp_hits(doc: Document) -> Iterator[Hit]:
    stamp = doc.incoming_stamp
    if stamp is None or not stamp.raw:
        return
    labels: list[str] = facts()["stamp_labels"]
    for m in _LABEL.finditer(stamp.raw):
        label = m.group("label")
        if label in labels:
            continue
        for known in labels:
            if within_edits(label, known, 1):  # (label is none of them: one edit apart)
                yield Hit(text=label + ":", span=find_in(doc, label + ":", stamp.span), suggestion=known + ":")
                break


def _corrected_hits(doc: Document) -> Iterator[Hit]:
    """Words of a scan the OCR reader corrected against its lexicon: the reading, and the correction made."""
    if doc.ocr is None:
        return
    for w in doc.ocr.words:
        if w.read is not None and w.span is not None:
            yield Hit(text=w.read, span=w.span, suggestion=w.text)


@rule("VB701")
def ocr_suspect(doc: Document, ctx: Context) -> Iterator[Hit]:
    """A known term or stamp label damaged by one character; on a scan, each tone-mark slip corrected."""
    yield from _stamp_hits(doc)
    yield from _text_hits(doc)
    yield from _corrected_hits(doc)


_FIELD_NAMES = {"number": "Số, ký hiệu", "type": "Tên loại", "issuer": "Cơ quan ban hành", "date": "Ngày tháng",
                "place": "Địa danh", "subject": "Trích yếu", "signer": "Chữ ký", "recipients": "Nơi nhận",
                "addressees": "Kính gửi", "incoming_stamp": "Dấu đến"}


@rule("VB702")
def ocr_low_confidence(doc: Document, ctx: Context) -> Iterator[Hit]:
    """A field of a scan whose words Tesseract read with low mean confidence."""
    if doc.ocr is None:
        return
    from vanban.readers.ocr import LOW_CONFIDENCE  # here: only a scan's check needs the OCR reader

    spans = {**doc.spans}
    for name, located in (("number", doc.number), ("type", doc.type), ("issuer", doc.issuer),
                          ("signer", doc.signature), ("incoming_stamp", doc.incoming_stamp)):
        if located is not None and located.span is not None:
            spans[name] = located.span
    for name, summary in doc.ocr.fields.items():
        if summary.mean >= LOW_CONFIDENCE:
            continue
        span = spans.get(name)
        text = doc.text[span.start:span.end] if span is not None else ""
        yield Hit(text=" ".join(text.split())[:120], span=span,
                  args={"field": _FIELD_NAMES.get(name, name), "confidence": round(summary.mean)})

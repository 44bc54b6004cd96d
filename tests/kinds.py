"""Realistic documents of the kinds parse_text must read, printed in several layouts.

A :class:`Spec` says what a document prints (header columns, type heading, subject, body, foot);
:func:`render` prints it the way a reader meets it:

- ``columns``: ``pdftotext -layout`` (the two header columns side by side, wide gaps);
- ``cells``: a DOCX extraction (table cells joined by `` | ``);
- ``stacked``: every cell on its own line, left column first (HTML, the gazette, a plain copy);
- ``ocr``: a scan read by OCR: columns merged with single spaces, slips in letters and marks;
- ``wrapped``: stacked, with the title and the date line wrapped as narrow web cells wrap them
  (``CỘNG HÒA XÃ HỘI`` / ``CHỦ NGHĨA VIỆT NAM``, ``Hà Nội, ngày 20`` / ``tháng 11 năm 2025``);
- ``narrow``: wrapped, and the left cells cut after their first word too (``ỦY`` / ``BAN NHÂN DÂN``,
  ``Số:`` / ``5348/CT-CS``, ``KT.`` / ``CỤC TRƯỞNG``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from vanban import parse_text

LAYOUTS = ("columns", "cells", "stacked", "ocr", "wrapped", "narrow")


@dataclass
class Spec:
    """What a document prints, and what the parser must read from it."""

    left: list[str]  # issuer block, number, (công văn subject)
    right: list[str]  # title / motto, place and date
    heading: list[str] = field(default_factory=list)  # type name and subject block (centred)
    body: list[str] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    signature: list[str] = field(default_factory=list)
    ocr: dict[str, str] = field(default_factory=dict)  # slips an OCR engine makes on this document


def _wrap(line: str) -> list[str]:
    if ", ngày " in line:
        cut = line.index(" tháng ")
        return [line[:cut], line[cut + 1:]]
    words = line.split()
    if line.isupper() and len(words) >= 4:
        half = len(words) // 2
        return [" ".join(words[:half]), " ".join(words[half:])]
    return [line]


def _cut_first(line: str, *, names: bool = False) -> list[str]:
    words = line.split()
    if len(words) >= 2 and (line.isupper() or words[0] in ("Số", "Số:", "Nơi") or
                            (names and all(w[:1].isupper() for w in words))):
        return [words[0], " ".join(words[1:])]
    return [line]


def _pair(left: list[str], right: list[str], layout: str) -> list[str]:
    out: list[str] = []
    if layout == "stacked":
        return [*left, *right]
    if layout in ("wrapped", "narrow"):
        cut = [piece for line in left for piece in _cut_first(line)] if layout == "narrow" else left
        return [*cut, *(piece for line in right for piece in _wrap(line))]
    for k in range(max(len(left), len(right))):
        a = left[k] if k < len(left) else ""
        b = right[k] if k < len(right) else ""
        if layout == "cells":
            out.append(f"{a} | {b}" if a and b else (a or b))
        elif layout == "ocr":
            out.append(f"{a} {b}".strip())
        else:
            out.append(f"{a:<44}{b}".rstrip() if a else " " * 44 + b)
    return out


def render(spec: Spec, layout: str) -> str:
    """The text of ``spec`` as ``layout`` prints it."""
    lines = _pair(spec.left, spec.right, layout)
    lines.append("")
    lines += [h if layout != "columns" else " " * 20 + h for h in spec.heading]
    lines.append("")
    for para in spec.body:
        lines += [para, ""]
    if layout in ("stacked", "wrapped"):
        foot = [*spec.recipients, "", *spec.signature]
    elif layout == "narrow":
        foot = [*(p for line in spec.recipients for p in _cut_first(line)), "",
                *(p for line in spec.signature for p in _cut_first(line, names=True))]
    else:
        foot = _pair(spec.recipients, spec.signature, layout)
    lines += foot
    text = "\n".join(lines) + "\n"
    if layout == "ocr":
        text = "===== Trang 1 =====\n" + text
        for a, b in spec.ocr.items():
            text = text.replace(a, b)
    return text


def fields(text: str) -> dict[str, Any]:
    """The fields the kind tests compare, read by ``parse_text``."""
    doc = parse_text(text)
    sig = doc.signature
    return {
        "number": doc.number.canonical if doc.number else None,
        "type": doc.type.name if doc.type else None,
        "issuer": doc.issuer.name if doc.issuer else None,
        "parent": doc.issuer.parent if doc.issuer else None,
        "date": doc.date,
        "place": doc.place,
        "subject": doc.subject,
        "authority": sig.authority if sig else None,
        "authority_title": sig.authority_title if sig else None,
        "position": sig.position if sig else None,
        "signer": sig.signer if sig else None,
    }

"""Realistic documents of the kinds parse_text must read, printed in several layouts.

A :class:`Spec` says what a document prints (header columns, type heading, subject, body, foot);
:func:`render` prints it the way a reader meets it:

- ``columns``: ``pdftotext -layout`` (the two header columns side by side, wide gaps);
- ``cells``: a DOCX extraction (table cells joined by `` | ``);
- ``stacked``: every cell on its own line, left column first (HTML, the gazette, a plain copy);
- ``ocr``: a scan read by OCR: columns merged with single spaces, slips in letters and marks.
"""

from __future__ import annotations

from dataclasses import dataclass, field

LAYOUTS = ("columns", "cells", "stacked", "ocr")


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


def _pair(left: list[str], right: list[str], layout: str) -> list[str]:
    out: list[str] = []
    if layout == "stacked":
        return [*left, *right]
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
    if layout == "stacked":
        foot = [*spec.recipients, "", *spec.signature]
    else:
        foot = _pair(spec.recipients, spec.signature, layout)
    lines += foot
    text = "\n".join(lines) + "\n"
    if layout == "ocr":
        text = "===== Trang 1 =====\n" + text
        for a, b in spec.ocr.items():
            text = text.replace(a, b)
    return text

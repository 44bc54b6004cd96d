"""Rendering: write a ``Document`` as a DOCX in the official layout, or re-typeset a DOCX.

``render_docx`` writes one document; ``format_docx`` re-typesets one and reports the changes; ``Layout``/``load_layout`` expose the layout settings of
each system (``vanban/data/layouts.json``).
"""

from __future__ import annotations

from vanban.render.docx import docx_bytes, render_docx
from vanban.render.layout import Layout, TextStyle, layout_for, layout_names, load_layout
from vanban.render.retypeset import Change, FormatReport, format_docx

__all__ = [
    "Change", "FormatReport", "Layout", "TextStyle", "docx_bytes", "format_docx", "layout_for", "layout_names",
    "load_layout", "render_docx",
]

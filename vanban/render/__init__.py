"""Rendering: write a ``Document`` as a DOCX in the official layout, or re-typeset a DOCX.

``render_docx`` writes one document; ``Layout``/``load_layout`` expose the layout settings of
each system (``vanban/data/layouts.json``).
"""

from __future__ import annotations

from .docx import docx_bytes, render_docx
from .layout import Layout, TextStyle, layout_for, layout_names, load_layout

__all__ = ["Layout", "TextStyle", "docx_bytes", "layout_for", "layout_names", "load_layout", "render_docx"]

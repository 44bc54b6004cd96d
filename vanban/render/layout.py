"""Layout settings per system, read from ``vanban/data/layouts.json``.

A :class:`Layout` holds what Phụ lục I of Nghị định 30/2020 (state) or Hướng dẫn 36-HD/VPTW
(Party) fixes for a page: paper and margins, the font, and one :class:`TextStyle` per component
(``national_title``, ``issuer``, ``body``, ``recipients`` ...). Every value carries the range the
regulation allows; :meth:`Layout.configured` moves values only inside those ranges.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from vanban import patterns
from vanban.catalogue import layouts
from vanban.errors import OptionError
from vanban.models import Document, System


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class TextStyle(_Frozen):
    """How one component is set: size in pt (inside ``range``), weight, slant, underline, upper case."""

    size: float
    range: tuple[float, float]
    bold: bool = False
    italic: bool = False
    underline: bool = False
    caps: bool = False


class PageLayout(_Frozen):
    """Khổ giấy và lề: A4 size and margins in mm; ``ranges`` are the allowed margin ranges."""

    width_mm: float
    height_mm: float
    top_mm: float
    bottom_mm: float
    left_mm: float
    right_mm: float
    header_mm: float
    footer_mm: float
    ranges: dict[str, tuple[float, float]]

    @property
    def text_width_mm(self) -> float:
        """Width between the left and right margins."""
        return self.width_mm - self.left_mm - self.right_mm


class BodyLayout(_Frozen):
    """Nội dung: first-line indent, spacing after each paragraph and line spacing."""

    first_line_indent_cm: float
    indent_range: tuple[float, float]
    space_after_pt: float
    line_rule: Literal["multiple", "exact"]
    line: float
    line_range: tuple[float, float]


class Layout(_Frozen):
    """The complete layout of one system; see ``docs/rendering.md`` for each value's source."""

    name: str
    system: System
    source: str
    font: str
    page: PageLayout
    header_left_share: float
    titles: tuple[str, ...]
    issuer_mark: Literal["rule", "star"]
    issuer_rule_share: float
    subject_mark: Literal["rule", "dashes"]
    subject_rule_share: float
    dispatch_prefix: str
    body: BodyLayout
    italic_basis: bool
    recipients_separator: str
    signature_gap_mm: float
    mark_color: str
    mark_height_mm: float
    place_words: tuple[str, ...]
    styles: dict[str, TextStyle]

    def place_pattern(self) -> re.Pattern[str]:
        """The words that open a place in an issuing body's name (``TỈNH``, ``THÀNH PHỐ``), longest first."""
        return _place_pattern(self.place_words)

    def style(self, component: str) -> TextStyle:
        """The style of ``component`` (a key of ``styles``)."""
        return self.styles[component]

    def configured(
        self,
        *,
        margins: Mapping[str, float] | None = None,
        sizes: Mapping[str, float] | None = None,
        first_line_indent_cm: float | None = None,
        line: float | None = None,
    ) -> Layout:
        """A copy with margins (``left_mm`` ...), sizes (``body`` ...) or body spacing changed.

        Each new value must lie inside the range the regulation allows, else ``OptionError``.
        """
        page = self.page
        if margins:
            upd: dict[str, float] = {}
            for key, value in margins.items():
                if key not in page.ranges:
                    raise OptionError(f"unknown margin {key!r}; use one of {', '.join(sorted(page.ranges))}")
                _check(f"margin {key}", value, page.ranges[key])
                upd[key] = float(value)
            page = page.model_copy(update=upd)
        styles = dict(self.styles)
        for key, value in (sizes or {}).items():
            if key not in styles:
                raise OptionError(f"unknown component {key!r}; use one of {', '.join(sorted(styles))}")
            _check(f"size of {key}", value, styles[key].range)
            styles[key] = styles[key].model_copy(update={"size": float(value)})
        body = self.body
        if first_line_indent_cm is not None:
            _check("first-line indent (cm)", first_line_indent_cm, body.indent_range)
            body = body.model_copy(update={"first_line_indent_cm": float(first_line_indent_cm)})
        if line is not None:
            _check("line spacing", line, body.line_range)
            body = body.model_copy(update={"line": float(line)})
        return self.model_copy(update={"page": page, "styles": styles, "body": body})


@cache
def _place_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    alts = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return patterns.compile(rf"(?<!\w)(?:{alts})(?!\w)(?! HỘI)")


def _check(what: str, value: float, allowed: tuple[float, float]) -> None:
    lo, hi = allowed
    if not isinstance(value, (int, float)) or not lo <= value <= hi:
        raise OptionError(f"{what} = {value!r} is outside the allowed range {lo:g}-{hi:g}")


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def _raw() -> dict[str, Any]:
    return {k: v for k, v in layouts().items() if not k.startswith("_")}


def layout_names() -> tuple[str, ...]:
    """Names of the shipped layouts (``state``, ``party``, ``party-ck95``)."""
    return tuple(_raw())


@cache
def load_layout(name: str) -> Layout:
    """The shipped layout called ``name``; ``OptionError`` if there is none."""
    raw = _raw()
    if name not in raw:
        raise OptionError(f"unknown layout {name!r}; use one of {', '.join(raw)}")
    entry = dict(raw[name])
    base = entry.pop("base", None)
    if base is not None:
        entry = _merge(dict(raw[base]), entry)
    return Layout.model_validate({"name": name, **entry})


def layout_for(doc: Document, profile: Layout | str | None = None) -> Layout:
    """The layout to render ``doc`` with: ``profile`` if given, else the one of its system.

    Party documents get ``party``; state and legal-normative documents get ``state`` (NĐ 30
    Phụ lục I is the presentation both follow for the header, signature and recipients).
    """
    if isinstance(profile, Layout):
        return profile
    if isinstance(profile, str):
        return load_layout(profile)
    return load_layout("party" if doc.system == "party" else "state")


def parse_settings(pairs: list[str] | None, what: str) -> dict[str, float]:
    """``["left_mm=35", "body=13"]`` as a dict; ``InputError`` on a malformed pair (``what`` names the option)."""
    out: dict[str, float] = {}
    for pair in pairs or []:
        key, sep, value = pair.partition("=")
        try:
            out[key.strip()] = float(value)
        except ValueError:
            sep = ""
        if not sep:
            raise OptionError(f"{what} {pair!r}: write NAME=NUMBER, for example left_mm=35")
    return out

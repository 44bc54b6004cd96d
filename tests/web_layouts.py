"""A document printed the ways the web prints it, inside a page with its site chrome.

A :class:`~tests.kinds.Spec` (what the document prints) is rendered as a legal portal serves it and
as converters flatten it:

- ``crawler``: a crawler's Markdown: table cells separated by lines holding only ``|``, bold and
  italic markers (one splitting a word, ``C**ỤC``), ``Số:`` and its number on two lines, the
  national title, motto and place-date line wrapped inside their markers, the signer's name alone
  in bold and wrapped;
- ``pandoc``: a pandoc grid table (cells wrapped inside their column), backslash escapes (``\\-``, ``1\\.``);
- ``markitdown``: a pipe table whose cells keep their line breaks as ``<br>``;
- ``html``: the portal's HTML page (``<table>``, ``<b>``, ``<br>``, entities);
- ``plain``: a plain copy of the page, cells one under the other.

Every page carries chrome before the document (copyright notice, loading message, a news summary
citing the document with another date) and after it (the portal's title line repeating the number
with a numeric date, a "Văn bản liên quan" list of other dates, login and privacy notices).
"""

from __future__ import annotations

import html as _html
import re
import textwrap

from .kinds import Spec

WEB_LAYOUTS = ("crawler", "pandoc", "markitdown", "html", "plain")

_BEFORE = [
    "Bản dịch này thuộc quyền sở hữu của cổng thông tin pháp luật. Mọi hành vi sao chép, đăng tải lại mà",
    "không có sự đồng ý của cổng thông tin là vi phạm pháp luật về Sở hữu trí tuệ.",
    "Click vào phần bôi vàng để xem chi tiết.",
    "Đang tải văn bản...",
]
_RELATED = ["Văn bản liên quan", "Ban hành:", "11/11/2024", "Hiệu lực: Đã biết", "Cập nhật:", "12/11/2024",
            "Ban hành:", "01/07/2023", "Cập nhật:", "02/07/2023"]
_AFTER_NOTICES = [
    "Bạn chưa đăng nhập. Vui lòng đăng nhập để xem toàn văn bản và các nội dung liên quan.",
    "Chính sách bảo vệ dữ liệu cá nhân: địa chỉ liên hệ số 28 đường Ba Tháng Hai, cập nhật ngày 01/01/2024.",
]


def _kind(s: str) -> str:
    if s.startswith("Số"):
        return "number"
    if s.startswith(("V/v", "Về việc")):
        return "subject"
    if re.fullmatch(r"[-_=]{3,}", s):
        return "rule"
    if re.search(r"ngày\s+\d", s):
        return "date"
    if s.startswith("Độc lập"):
        return "motto"
    if s.startswith(("(", "[")):
        return "note"
    return "upper" if s.upper() == s else "text"


def title_line(spec: Spec, number: str, date: str) -> str:
    """The portal's title line printed after the document."""
    t = spec.heading[0].title() if spec.heading else "Công văn"
    t = t[0] + t[1:].lower()
    return f"{t} {number} ngày {date} do cơ quan ban hành"


def _summary(number: str) -> list[str]:
    return [f"## Hướng dẫn mới theo văn bản {number}",
            f"Văn bản {number} có hiệu lực từ ngày 20/02/2026, thay thế các hướng dẫn trước đây "
            "về cùng nội dung đã ban hành ngày 03/3/2021."]


# --- crawler Markdown -------------------------------------------------------------------------


def _md_cell(lines: list[str], *, split_word: bool = False) -> list[str]:
    out: list[str] = []
    for s in lines:
        k = _kind(s)
        if k == "number":
            label, _, value = s.partition(":")
            out += [f"{label}:", value.strip()]
        elif k == "subject":
            head, _, rest = s.partition(" ")
            out += [f"*{head}", f"{rest}*"] if rest else [f"*{s}*"]
        elif k == "date":
            a, _, b = s.partition(" tháng ")
            out += [f"*{a}", f"tháng {b}*"]
        elif k == "upper" and " " in s:
            words = s.split()
            if split_word and len(words) >= 2:
                out.append(f"{words[0][0]}**{words[0][1:]} {' '.join(words[1:])}**")
            elif len(words) >= 5:
                out += [f"**{' '.join(words[:4])}", f"{' '.join(words[4:])}**"]
            else:
                out.append(f"**{s}**")
        elif k == "motto":
            a, _, b = s.rpartition(" - ")
            out += [f"{a} -", b]
        elif k == "note":
            out.append(f"*{s}*")
        else:
            out.append(s)
    return out


def crawler(spec: Spec, number: str, date: str) -> str:
    """The page as a crawler's Markdown."""
    left_issuer = [s for s in spec.left if _kind(s) in ("upper", "rule")]
    left_rest = [s for s in spec.left if _kind(s) not in ("upper", "rule")]
    right_top = [s for s in spec.right if _kind(s) != "date"]
    right_date = [s for s in spec.right if _kind(s) == "date"]
    parts = ["|", "|", *_BEFORE, "#", *_summary(number), "|", "|"]
    parts += [*_md_cell(left_issuer, split_word=True), "|", *_md_cell(right_top), "|", "|"]
    parts += [*_md_cell(left_rest), "|", *_md_cell(right_date), "|"]
    parts += [f"**{h}**" if k == 0 else h for k, h in enumerate(spec.heading)]
    for para in spec.body:
        parts += textwrap.wrap(para, 70)
    parts += ["|", *[s if not s.startswith("Nơi nhận") else f"***{s}***" for s in spec.recipients], "|"]
    *sig, name = spec.signature
    first, _, rest = name.partition(" ")
    parts += [*_md_cell(sig), f"**{first}", f"{rest}**", "|"]  # the name alone in bold, wrapped
    parts += [title_line(spec, number, date), *_RELATED, *_AFTER_NOTICES]
    return "\n".join(parts) + "\n"


# --- pandoc grid table ------------------------------------------------------------------------


def _grid(rows: list[list[list[str]]], width: int = 36) -> list[str]:
    border = "+" + "+".join("-" * (width + 2) for _ in rows[0]) + "+"
    out = [border]
    for row in rows:
        wrapped = [[w for s in cell for w in (textwrap.wrap(s, width) or [""])] for cell in row]
        for k in range(max(len(c) for c in wrapped)):
            out.append("|" + "|".join(f" {(c[k] if k < len(c) else ''):<{width}} " for c in wrapped) + "|")
        out.append(border)
    return out


def _pandoc_inline(s: str) -> str:
    k = _kind(s)
    if k == "upper":
        return f"**{s}**"
    if k in ("date", "subject", "note"):
        return f"*{s}*"
    if k == "rule":
        return "\\" + "\\".join(s)  # pandoc escapes a rule's dashes
    return s


def pandoc(spec: Spec, number: str, date: str) -> str:
    """The page converted by pandoc: grid tables, escapes."""
    left = [_pandoc_inline(s) for s in spec.left]
    right = [_pandoc_inline(s) for s in spec.right]
    body: list[str] = []
    for para in spec.body:
        para = re.sub(r"^(\d+)\.", r"\1\\.", para)
        body += [*textwrap.wrap(para, 72), ""]
    recipients = [re.sub(r"^- ", r"\\- ", s) for s in spec.recipients]
    parts = [*_BEFORE, "", *_summary(number), "", *_grid([[left, right]]), ""]
    parts += [f"**{h}**" for h in spec.heading] + [""] + body
    parts += _grid([[recipients, [_pandoc_inline(s) for s in spec.signature]]])
    parts += ["", title_line(spec, number, date), "", *_RELATED, "", *_AFTER_NOTICES]
    return "\n".join(parts) + "\n"


# --- markitdown pipe table --------------------------------------------------------------------


def markitdown(spec: Spec, number: str, date: str) -> str:
    """The page converted by markitdown: pipe tables, a cell's lines joined by ``<br>``."""
    def cell(lines: list[str]) -> str:
        return "<br>".join(_pandoc_inline(s).replace("\\", "") for s in lines)

    parts = [*_BEFORE, "", *_summary(number), ""]
    parts += [f"| {cell(spec.left)} | {cell(spec.right)} |", "| --- | --- |", ""]
    parts += [f"# {spec.heading[0]}", *spec.heading[1:], ""] if spec.heading else []
    for para in spec.body:
        parts += [para, ""]
    parts += [f"| {cell(spec.recipients)} | {cell(spec.signature)} |", "| --- | --- |", ""]
    parts += [title_line(spec, number, date), "", *_RELATED, *_AFTER_NOTICES]
    return "\n".join(parts) + "\n"


# --- HTML ---------------------------------------------------------------------------------------


def _h(s: str) -> str:
    k = _kind(s)
    e = _html.escape(s, quote=False)
    if k == "upper":
        return f"<b>{e}</b>"
    if k in ("date", "subject", "note"):
        return f"<i>{e}</i>"
    return e


def html(spec: Spec, number: str, date: str) -> str:
    """The portal's HTML page."""
    def cell(lines: list[str]) -> str:
        return "<p>" + "<br/>\n".join(_h(s) for s in lines) + "</p>"

    body = "".join(f"<p>{_html.escape(p, quote=False)}</p>\n" for p in spec.body)
    items = "".join(f"<li>{_html.escape(s[2:] if s.startswith('- ') else s, quote=False)}</li>"
                    for s in spec.recipients[1:])
    before = "".join(f"<p>{_html.escape(s)}</p>" for s in _BEFORE)
    related = "".join(f"<li>{_html.escape(s)}</li>" for s in _RELATED[1:])
    after = "".join(f"<p>{_html.escape(s)}</p>" for s in _AFTER_NOTICES)
    heading = "".join(f"<p align=center><b>{_html.escape(h)}</b></p>" for h in spec.heading)
    return (
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>"
        f"{_html.escape(title_line(spec, number, date))}</title>"
        "<script>var t = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Số: 999/XX';</script></head>\n<body>\n"
        f"<div class=\"notice\">{before}</div>\n<h2>{_html.escape(_summary(number)[0][3:])}</h2>"
        f"<p>{_html.escape(_summary(number)[1])}</p>\n"
        f"<table class=\"header\"><tr><td width=\"40%\">{cell(spec.left)}</td>\n<td>{cell(spec.right)}</td></tr></table>\n"
        f"{heading}\n{body}"
        f"<table><tr><td><p><b><i>{_html.escape(spec.recipients[0])}</i></b></p><ul>{items}</ul></td>"
        f"<td>{cell(spec.signature)}</td></tr></table>\n"
        f"<h1 class=\"title\">{_html.escape(title_line(spec, number, date))}</h1>\n"
        f"<h2>{_RELATED[0]}</h2><ul>{related}</ul>{after}\n</body></html>\n"
    )


# --- plain --------------------------------------------------------------------------------------


def plain(spec: Spec, number: str, date: str) -> str:
    """A plain copy of the page (cells one under the other)."""
    parts = [*_BEFORE, "", *_summary(number)[1:], "", *spec.left, "", *spec.right, "", *spec.heading, ""]
    for para in spec.body:
        parts += [para, ""]
    parts += [*spec.recipients, "", *spec.signature, "", title_line(spec, number, date), *_RELATED,
              *_AFTER_NOTICES]
    return "\n".join(parts) + "\n"


RENDER = {"crawler": crawler, "pandoc": pandoc, "markitdown": markitdown, "html": html, "plain": plain}


def render_web(spec: Spec, layout: str, number: str, date: str) -> str:
    """The page holding ``spec`` as ``layout`` prints it."""
    return RENDER[layout](spec, number, date)

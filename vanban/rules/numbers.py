"""Rules on the số, ký hiệu (NĐ 30/2020 Phụ lục I II.3 and Phụ lục III; HD 36-HD/VPTW; Luật 80/2015 Điều 10)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from vanban import patterns
from vanban.catalogue import Catalogue
from vanban.models import Document, DocumentNumber
from vanban.normalize import fold, strip_marks
from vanban.rules import presence
from vanban.rules.registry import Context, Hit, rule
from vanban.rules.spans import find_in, span_text

_NOT_NUMBERED = ("Văn bản hợp nhất",)


def _code_hit(doc: Document, n: DocumentNumber, code: str, args: dict[str, object] | None = None,
              suggestion: str | None = None) -> Hit:
    """A hit on ``code`` where it is printed in the number (the whole number when it is not found)."""
    span = find_in(doc, code, n.span)
    if span is None:
        return Hit(text=span_text(doc, n.span) or n.raw, span=n.span, args=args or {}, suggestion=suggestion)
    return Hit(text=code, span=span, args=args or {}, suggestion=suggestion)


@rule("VB201")
def number_label_colon(doc: Document, ctx: Context) -> Iterator[Hit]:
    """``Số:`` with a colon in state and legal documents."""
    n = doc.number
    if n is not None and n.label and not n.label.rstrip().endswith(":"):
        yield Hit(text=span_text(doc, n.span) or n.raw, span=n.span, args={"label": n.label}, suggestion=n.label.rstrip() + ":")


@rule("VB202")
def party_number_label(doc: Document, ctx: Context) -> Iterator[Hit]:
    """``Số`` without a colon in Party documents."""
    n = doc.number
    if n is not None and n.label and n.label.rstrip().endswith(":"):
        yield Hit(text=span_text(doc, n.span) or n.raw, span=n.span, suggestion=n.label.rstrip()[:-1].rstrip())


@rule("VB203")
def number_leading_zero(doc: Document, ctx: Context) -> Iterator[Hit]:
    """Numbers below 10 printed ``01`` ... ``09``."""
    n = doc.number
    if n is None or not n.number or n.form in ("standard", "free"):
        return
    if n.number.isdigit() and len(n.number) == 1 and n.number != "0":
        yield _code_hit(doc, n, n.number, suggestion="0" + n.number)


def _type_code_hits(doc: Document, ctx: Context, system: str) -> Iterator[Hit]:
    n = doc.number
    if n is None or not n.type_code:
        return
    code = n.type_code
    records = ctx.catalogue.abbreviation(code, system)
    live = [a for a in records if a.in_force(ctx.on) and a.status != "convention"]
    if live:
        return
    day = ctx.on.strftime("%d/%m/%Y")
    if records:
        entry = ctx.catalogue.types.get(records[0].type_name)
        codes = entry.codes.get(system, ()) if entry else ()
        current = [c for c in codes if any(a.type_name == records[0].type_name and a.in_force(ctx.on)
                                           and a.status != "convention"
                                           for a in ctx.catalogue.abbreviation(c, system))]
        why = f"không có hiệu lực ngày {day} ({records[0].source})"
        why_en = f"was not in force on {ctx.on.isoformat()} ({records[0].source})"
        yield _code_hit(doc, n, code, {"why": why, "why_en": why_en}, current[0] if current else None)
        return
    canonical = ctx.catalogue.canonical_type_code(code)
    suggestion = canonical if canonical != code and ctx.catalogue.abbreviation(canonical, system) else None
    yield _code_hit(doc, n, code, {"why": "không có trong danh mục của hệ thống này",
                                   "why_en": "is not an abbreviation of this system"}, suggestion)


@rule("VB204")
def type_code_nd30(doc: Document, ctx: Context) -> Iterator[Hit]:
    """State type abbreviation per NĐ 30/2020 Phụ lục III."""
    yield from _type_code_hits(doc, ctx, "state")


@rule("VB205")
def type_code_tt01(doc: Document, ctx: Context) -> Iterator[Hit]:
    """State type abbreviation per TT 01/2011/TT-BNV (documents before 5 March 2020)."""
    yield from _type_code_hits(doc, ctx, "state")


@rule("VB206")
def type_code_party(doc: Document, ctx: Context) -> Iterator[Hit]:
    """Party type abbreviation per the guide in force."""
    yield from _type_code_hits(doc, ctx, "party")


@rule("VB207")
def type_code_qppl(doc: Document, ctx: Context) -> Iterator[Hit]:
    """Legal-normative type abbreviation known."""
    yield from _type_code_hits(doc, ctx, "legal")


def _quy_dinh_hits(doc: Document, wrong: str, right: str) -> Iterator[Hit]:
    n, t = doc.number, doc.type
    if n is not None and t is not None and t.name == "Quy định" and n.type_code == wrong:
        yield _code_hit(doc, n, wrong, suggestion=right)


@rule("VB214")
def party_quy_dinh_code_hd36(doc: Document, ctx: Context) -> Iterator[Hit]:
    """A Party Quy định abbreviated ``QĐi`` under HD 36-HD/VPTW."""
    yield from _quy_dinh_hits(doc, "QĐ", "QĐi")


@rule("VB215")
def party_quy_dinh_code_hd05(doc: Document, ctx: Context) -> Iterator[Hit]:
    """A Party Quy định abbreviated ``QĐ`` under HD 05-HD/VPTW."""
    yield from _quy_dinh_hits(doc, "QĐi", "QĐ")


_SYSTEM_OF_PROFILE = {"nd30": "state", "party": "party", "qppl": "legal"}


@rule("VB208")
def type_code_mismatch(doc: Document, ctx: Context) -> Iterator[Hit]:
    """The symbol's type abbreviation matches the printed type name."""
    n, t = doc.number, doc.type
    if n is None or t is None or not n.type_code or not t.printed:
        return
    system = n.system or _SYSTEM_OF_PROFILE[ctx.profile]
    names = {a.type_name for a in ctx.catalogue.abbreviation(n.type_code, system)}
    if not names:
        names = {a.type_name for s in ("state", "party", "legal") for a in ctx.catalogue.abbreviation(n.type_code, s)}
    if names and t.name not in names:
        entry = ctx.catalogue.types.get(t.name)
        expected = entry.code_for(system) if entry else None
        # HD/HĐ, DA/ĐA: both valid codes, one stroke apart -- an OCR or typing slip, never auto-corrected
        slip = expected is not None and strip_marks(expected) == strip_marks(n.type_code)
        yield _code_hit(doc, n, n.type_code, {"code_type": " / ".join(sorted(names)), "printed": t.printed,
                                              "hint": f" (nhầm {n.type_code}/{expected}?)" if slip else "",
                                              "hint_en": f" ({n.type_code}/{expected} slip?)" if slip else ""},
                        expected)


@rule("VB209")
def issuer_code_unknown(doc: Document, ctx: Context) -> Iterator[Hit]:
    """Issuer abbreviation(s) in the catalogue."""
    n = doc.number
    if n is None or n.form in ("standard", "free"):
        return
    names = [_initials(doc, ctx.catalogue), *(_initials_of(x, ctx.catalogue) for x in presence.header_names(doc))]
    if n.type_code and doc.type is not None and doc.type.printed is None \
            and any(_initials_match(n.type_code, x) for x in names):
        return  # "5348/CT-CS" of Cục Thuế: a công văn number (issuer, unit), not a type code
    for code in n.issuer_codes or ((n.issuer_code,) if n.issuer_code else ()):
        if code and ctx.catalogue.issuer(code, ctx.on) is None and not any(_initials_match(code, x) for x in names):
            yield _code_hit(doc, n, code)  # the message says an agency may define its own code


@rule("VB210")
def legal_number_year_missing(doc: Document, ctx: Context) -> Iterator[Hit]:
    """A legal-normative number carries its year."""
    n = doc.number
    if n is None or not n.number or n.year is not None or n.form in ("standard", "free"):
        return
    if doc.type is not None and doc.type.name in _NOT_NUMBERED:
        return
    yield Hit(text=span_text(doc, n.span) or n.raw, span=n.span)


@rule("VB211")
def legal_number_year_mismatch(doc: Document, ctx: Context) -> Iterator[Hit]:
    """The number's year equals the year of the date."""
    n = doc.number
    if n is None or n.year is None or doc.date is None or n.year == doc.date.year:
        return
    yield _code_hit(doc, n, str(n.year), {"year": n.year, "date_year": doc.date.year, "number": n.raw})


@rule("VB212")
def party_joint_issuer_form(doc: Document, ctx: Context) -> Iterator[Hit]:
    """Joint Party issuers joined with ``-``."""
    n = doc.number
    if n is None or n.form != "party" or "/" not in n.canonical:
        return
    issuers = n.canonical.split("/", 1)[1]
    if re.search(r"[/,;&+]|\s", issuers.strip()):
        yield Hit(text=span_text(doc, n.span) or n.raw, span=n.span, suggestion=re.sub(r"\s*[/,;&+\s]\s*", "-", issuers.strip()))


_SPACES = patterns.compile(r"(?<![\d\s])\s+[/-]|\d\s+-|\d\s\s+/|[/-]\s+\S")  # each run of spaces tried once
"""Spaces around ``/`` or ``-``; a space between the digits and the ``/`` is tolerated (the number
is often written in by hand after printing: ``Số: 6240 /BGDĐT-KHCNTT``)."""


@rule("VB213")
def number_spaces(doc: Document, ctx: Context) -> Iterator[Hit]:
    """No spaces inside the number and symbol."""
    n = doc.number
    if n is None or n.form in ("standard", "free") or not n.number:
        return
    body = n.raw[len(n.label):] if n.label and n.raw.startswith(n.label) else n.raw
    if _SPACES.search(body.strip()):
        yield Hit(text=span_text(doc, n.span) or n.raw, span=n.span, suggestion=n.canonical)


@rule("VB216")
def number_malformed(doc: Document, ctx: Context) -> Iterator[Hit]:
    """A số, ký hiệu printed in a form the number grammar does not read, reported where it is."""
    for u in doc.unread:
        if u.part != "number":
            continue
        body = u.text.split(":", 1)[1].strip() if ":" in u.text else u.text.split(None, 1)[-1]
        what, what_en, fix = _number_fault(body, ctx.profile)
        yield Hit(text=u.text, span=u.span, args={"what": what, "what_en": what_en}, suggestion=fix)


def _number_fault(body: str, profile: str) -> tuple[str, str, str | None]:
    """What is wrong with an unreadable number, and a reordering when the parts are all there."""
    squeezed = re.sub(r"\s+", "", body)
    m = re.match(r"^([A-ZĐa-zđ][\w-]*)/(\d+)$", squeezed)
    if m:
        fix = f"{m.group(2)}-{m.group(1)}" if profile == "party" else f"{m.group(2)}/{m.group(1)}"
        return "số thứ tự phải đứng trước ký hiệu", "the number must come before the symbol", fix
    if not re.search(r"\d", squeezed) and "/" not in squeezed:
        return "không có số thứ tự", "no sequence number", None
    return "không đúng dạng số/ký hiệu", "not in the number/symbol form", None


def _initials(doc: Document, cat: Catalogue) -> str:
    """Initials of the printed parent body and issuer, space-separated (abbreviations such as UBND kept whole)."""
    issuer = doc.issuer
    if issuer is None or issuer.inferred:
        return ""
    return " ".join(x for x in (_initials_of(issuer.parent or "", cat), _initials_of(issuer.name, cat)) if x)


def _initials_of(name: str, cat: Catalogue) -> str:
    words = re.findall(r"[^\W\d_]+", name)
    out = "".join(w if cat.issuer(w) is not None or w.upper() in _ABBREVIATIONS else w[0] for w in words)
    return strip_marks(out).upper()


def _level(folded: str) -> str:
    """Party committees of one level share an abbreviation: a Thành ủy under the centre writes TU like a Tỉnh ủy."""
    return folded.replace(fold("thành ủy"), fold("tỉnh ủy"))


_ABBREVIATIONS = frozenset({"UBND", "HĐND", "TP", "TW", "MTTQ", "VN"})


def _initials_match(code: str, initials: str) -> bool:
    """True when ``code``'s letters run in order through the issuer's initials (``SXD`` in Sở Xây dựng).

    The printed lines may join the parent body and the issuer (``BỘ TÀI CHÍNH CỤC HẢI QUAN``), so the
    run may start at any initial (``CHQ``).
    """
    key = strip_marks(code).upper()
    run = initials.replace(" ", "")
    if not key or not run:
        return False
    for i, ch in enumerate(run):
        if ch == key[0]:
            it = iter(run[i:])
            if all(c in it for c in key):
                return True
    return False


@rule("VB217")
def issuer_code_mismatch(doc: Document, ctx: Context) -> Iterator[Hit]:
    """The symbol's issuer abbreviation is that of the body named in the header."""
    n, issuer = doc.number, doc.issuer
    if n is None or n.form in ("standard", "free", "assembly"):
        return
    codes = n.issuer_codes or ((n.issuer_code,) if n.issuer_code else ())
    if len(codes) != 1 or not codes[0]:
        return  # joint documents print several bodies
    code = codes[0]
    entry = ctx.catalogue.issuer(code, ctx.on)
    if entry is None:
        return  # an agency-defined code: VB209
    cat = ctx.catalogue
    printed = cat.issuer_by_name(issuer.name) if issuer is not None and not issuer.inferred else None
    if printed is not None:
        if cat.canonical_issuer_code(printed.code) != cat.canonical_issuer_code(code):
            yield _code_hit(doc, n, code, {"body": entry.name, "issuer": issuer.name if issuer else ""}, printed.code)
        return
    names = presence.header_names(doc)
    if issuer is not None and not issuer.inferred:
        names = [f"{issuer.parent or ''} {issuer.name}", *names]
    if not names:
        return
    header = set(_level(fold(" ".join(names))).split())
    if any(set(_level(fold(x)).split()) <= header for x in (entry.name, *entry.aliases)):
        return
    key = strip_marks(code).upper()
    if any(key in _initials_of(x, cat) for x in names):
        return
    yield _code_hit(doc, n, code, {"body": entry.name, "issuer": names[0].strip()})

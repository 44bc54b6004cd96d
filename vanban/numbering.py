"""The number grammar: số và ký hiệu in the state, legal-normative and Party systems.

``parse_number`` reads one printed number (with or without its ``Số:`` label) and
``format_number`` prints it back; ``NUMBER_RE`` finds numbers inside running text and
``number_from_match`` turns such a match into a :class:`~vanban.models.DocumentNumber`. Every
other module asks this one; none keeps a pattern of its own for numbers.

Shapes (facts in NĐ 30/2020 Phụ lục I II.3, Luật 80/2015 Điều 10, HD 36-HD/VPTW 1.3)::

    state named    15/QĐ-BNV              number / type - issuer
    state công văn 899/STTTT-TTBCBC       number / issuer - drafting unit
    legal          52/2016/QĐ-TTg         number / year / type - issuer
    assembly       80/2015/QH13           number / year / QH|UBTVQH + term
    party          85-BC/BTGTU            number - type / issuer(-issuer)
    standard       QCVN 05A:2020/BCT      QCVN|TCVN [ISO] number[letter] : year / issuer
"""

from __future__ import annotations

import re

from vanban import patterns
from vanban.catalogue import catalogue
from vanban.errors import NumberSyntaxError
from vanban.models import DocumentNumber, NumberForm, Span, System
from vanban.normalize import clean_text

# A code group: upper-case initial, then letters/digits (QĐi, TTg, CTr, BLĐTBXH, QH15).
CODE = r"[A-ZĐ][A-Za-zĐđ0-9&]*(?![^\W\d_])"
_SL = r"[ \t]*/[ \t]*"
_DA = r"[ \t]*[-–][ \t]*(?:\n[ \t]*)?"
_DA_TIGHT = r"[-–](?:[ \t]*\n[ \t]*)?"
_NUM = r"\d{1,6}(?:\.\d{1,3})?"  # 66.17/2026/NQ-CP: a dotted number is one number

_BODY = (
    r"(?:(?P<std>QCVN|TCVN)[ \t]+(?P<snum>(?:ISO(?:/IEC)?[ \t]+)?\d+[A-Z]?(?:[-.]\d+[A-Z]?)*)[ \t]*:[ \t]*(?P<syear>(?:19|20)\d\d)"
    rf"(?:{_SL}(?P<siss>{CODE}))?"
    rf"|(?P<anum>{_NUM}){_SL}(?P<ayear>(?:19|20)\d\d){_SL}(?P<aiss>(?:QH|UBTVQH)\d{{1,2}})(?![\w/])"
    rf"|(?P<lnum>{_NUM}){_SL}(?P<lyear>(?:19|20)\d\d){_SL}(?P<ltype>{CODE})(?P<lrest>(?:{_DA}{CODE})+)"
    rf"|(?P<pnum>{_NUM})[ \t]*[-–][ \t]*(?P<ptype>{CODE}){_SL}(?P<prest>{CODE}(?:{_DA_TIGHT}{CODE})*)"
    rf"|(?P<snum2>{_NUM}){_SL}(?P<stype>{CODE})(?P<srest>(?:{_DA}{CODE})+)"
    r")"
)
NOT_AFTER = "/.-–%"
"""What a number in running text cannot follow besides a letter, a digit or ``_`` (``NUMBER_RE``'s look-behind)."""
NUMBER_RE = patterns.compile(rf"(?<![\w{re.escape(NOT_AFTER)}]){_BODY}(?![/\w])")
"""Finds a number with digits inside running text (no label); groups name the parts."""

# Each segment's first letter is the one the grammar requires ([0-9.&-]* before it holds no letter), so
# a segment splits one way only and a long failing line backtracks linearly, not per segment x letters.
FREE_RE = patterns.compile(
    r"(?<![\w/.\-])(?=\d{1,6}[ \t]*/\S{0,80}?[A-Za-zĐđ])\d{1,6}"
    r"(?:[ \t]*/[ \t]*[0-9.&-]*[A-Za-zĐđ][A-Za-zĐđ0-9.&-]*|/\d{2,4})+(?<![-.])(?![\w/\-–])"
)
"""A looser number (``244/HĐNT/A2/2026``) accepted only where a sentence calls it a number."""

LABEL_WORD = "[Ss][ốổôồỐ]"
"""The word ``Số`` of a number's label, as OCR may slip its tone (a line without it gives no number)."""
_LABEL = r"(?P<label>(?:(?:Luật|Bộ luật|Pháp lệnh|Nghị quyết|Lệnh|Quyết định)[ \t]+)?" + LABEL_WORD + r"[ \t]*:?)"
_BLANK_BODY = (
    r"(?:(?P<bpnum>" + _NUM + r")?[ \t]*[-–][ \t]*(?P<bptype>" + CODE + r")" + _SL + r"(?P<bprest>" + CODE
    + r"(?:" + _DA_TIGHT + CODE + r")*)"
    r"|(?P<bsnum>" + _NUM + r")?" + _SL + r"(?P<bstype>" + CODE + r")(?P<bsrest>(?:" + _DA + CODE + r")+)"
    r"|(?P<bfree>" + FREE_RE.pattern.split(")", 1)[1] + "))"
)
LABEL_LINE_RE = patterns.compile(rf"^[ \t]*{_LABEL}")
"""Matches the ``Số:`` / ``Số`` / ``Luật số:`` label that opens a number line."""
_BLANK_RE = patterns.compile(_BLANK_BODY)
"""A number printed with its digits left blank (``/QĐ-UBND``) or a looser one: what a whole number line is read as
when ``NUMBER_RE`` does not read it (``NUMBER_RE`` and this are the grammar of a line: its body compiled once)."""
_TRAIL = " \t.;,"
"""What may follow a number on its line (no reading of the grammar ends with one of these)."""

_JOINT_VARIANT = patterns.compile(r"(\d\s*-\s*[A-ZĐ][A-Za-zĐđ]{0,4}\s*/\s*[A-ZĐ][A-Za-zĐđ]{1,10})\s*[,/]\s*(?=[A-ZĐ]{2,})")
"""``05-QC/BTCTU, BDVTU`` and ``05-QC/BTCTU/BDVTU``: joint Party issuers printed with a comma or slash."""
_SPACES = patterns.compile(r"\s+")
_BLANKS = patterns.compile(r"[ \t]+")


def _split(rest: str) -> list[str]:
    return [g for g in re.split(r"\s*[-–]\s*", rest.strip()) if g]


def _canon_issuers(groups: list[str]) -> list[str]:
    cat = catalogue()
    return [cat.canonical_issuer_code(g) for g in groups]


def trailing_marker(code: str) -> tuple[str, str]:
    """Split a footnote marker glued to a symbol's last group: ``CP3`` -> (``CP``, ``3``)."""
    if not code or not code[-1].isdigit():
        return code, ""
    base = code.rstrip("0123456789")
    marker = code[len(base):]
    if len(marker) > 2 or not base:
        return code, ""
    entry = catalogue().issuer(base)
    if entry is not None and not entry.takes_term and catalogue().issuer(code) is None:
        return base, marker
    return code, ""


def _build(*, raw: str, number: str | None, year: int | None, type_code: str | None,
           issuers: list[str], unit: str | None, form: NumberForm, system: System | None,
           label: str | None, span: Span | None, std: str | None = None) -> DocumentNumber:
    issuer_code = "-".join(issuers) if issuers else None
    n = number or ""
    if form == "party":
        canonical = f"{n}-{type_code}/{issuer_code}"
    elif form == "legal":
        canonical = f"{n}/{year}/{type_code}-{issuer_code}"
    elif form == "assembly":
        canonical = f"{n}/{year}/{issuer_code}"
    elif form == "standard":
        canonical = f"{std} {n}:{year}" + (f"/{issuer_code}" if issuer_code else "")
    elif form == "dispatch":
        canonical = f"{n}/{issuer_code}" + (f"-{unit}" if unit else "")
    elif form == "named":
        canonical = f"{n}/{type_code}-{issuer_code}"
    else:
        canonical = _SPACES.sub("", raw)
    return DocumentNumber(
        raw=raw, canonical=canonical, number=number, year=year, type_code=type_code,
        issuer_code=issuer_code, issuer_codes=tuple(issuers), unit_code=unit, system=system,
        form=form, label=label, span=span,
    )


def _state(number: str | None, first: str, rest: list[str], *, raw: str, label: str | None,
           span: Span | None, dispatch: bool | None) -> DocumentNumber:
    cat = catalogue()
    is_type = cat.is_type_code(first) if dispatch is None else not dispatch
    if is_type and rest:
        code = cat.canonical_type_code(first)
        system: System = "legal" if code == "VBHN" else "state"
        return _build(raw=raw, number=number, year=None, type_code=code, issuers=_canon_issuers(rest),
                      unit=None, form="named", system=system, label=label, span=span)
    issuer = cat.canonical_issuer_code(first)
    return _build(raw=raw, number=number, year=None, type_code=None, issuers=[issuer],
                  unit="-".join(rest) or None, form="dispatch", system="state", label=label, span=span)


def number_from_match(m: re.Match[str], *, raw: str | None = None, label: str | None = None,
                      span: Span | None = None, dispatch: bool | None = None) -> DocumentNumber:
    """Build a number from a match of ``NUMBER_RE`` (or of the full-line grammar)."""
    cat = catalogue()
    g = m.groupdict()
    raw = raw if raw is not None else m.group(0)
    if g.get("std"):
        return _build(raw=raw, number=g["snum"], year=int(g["syear"]), type_code=g["std"],
                      issuers=_canon_issuers([g["siss"]]) if g.get("siss") else [], unit=None,
                      form="standard", system="legal", label=label, span=span, std=g["std"])
    if g.get("anum"):
        return _build(raw=raw, number=g["anum"], year=int(g["ayear"]), type_code=None,
                      issuers=[g["aiss"]], unit=None, form="assembly", system="legal", label=label, span=span)
    if g.get("lnum"):
        return _build(raw=raw, number=g["lnum"], year=int(g["lyear"]),
                      type_code=cat.canonical_type_code(g["ltype"]), issuers=_canon_issuers(_split(g["lrest"])),
                      unit=None, form="legal", system="legal", label=label, span=span)
    if g.get("pnum") or g.get("bptype"):
        num = g.get("pnum") or g.get("bpnum")
        ptype = g.get("ptype") or g["bptype"]
        prest = g.get("prest") or g["bprest"]
        return _build(raw=raw, number=num, year=None, type_code=cat.canonical_type_code(ptype),
                      issuers=_canon_issuers(_split(prest)), unit=None, form="party", system="party",
                      label=label, span=span)
    if g.get("snum2") or g.get("bstype"):
        num = g.get("snum2") or g.get("bsnum")
        first = g.get("stype") or g["bstype"]
        rest = _split(g.get("srest") or g["bsrest"])
        return _state(num, first, rest, raw=raw, label=label, span=span, dispatch=dispatch)
    free = g.get("bfree") or g.get("free")
    if free:
        digits = re.match(r"\d+", free)
        return _build(raw=raw, number=digits.group(0) if digits else None, year=None, type_code=None,
                      issuers=[], unit=None, form="free", system=None, label=label, span=span)
    raise NumberSyntaxError(f"not a document number: {raw!r}")


def with_issuer_codes(n: DocumentNumber, issuers: list[str]) -> DocumentNumber:
    """``n`` with its issuer code groups replaced (``866/QĐ-Tg`` -> ``866/QĐ-TTg``); raw and span kept."""
    return _build(raw=n.raw, number=n.number, year=n.year, type_code=n.type_code, issuers=issuers,
                  unit=n.unit_code, form=n.form, system=n.system, label=n.label, span=n.span,
                  std=n.type_code if n.form == "standard" else None)


def parse_number(text: str, *, dispatch: bool | None = None) -> DocumentNumber:
    """Parse one printed number such as ``Số: 52/2016/QĐ-TTg`` or ``85-BC/BTGTU``.

    Tolerates ``Ð`` for ``Đ``, spaces around ``/`` and ``-``, a blank number (``Số:    /QĐ-UBND``),
    a missing colon and upper-cased codes (``TTG``). ``dispatch`` forces (True) or forbids (False)
    the công văn reading of ``n/XX-YY`` when the caller knows the type.
    """
    if not isinstance(text, str):
        raise NumberSyntaxError(f"a document number is a string, not {type(text).__name__}")
    s = _JOINT_VARIANT.sub(r"\1-", clean_text(text).strip())
    # the grammar allows spaces at several adjacent places: matched on single spaces it stays linear
    m, label = _whole_line(_BLANKS.sub(" ", s))
    if not m:
        raise NumberSyntaxError(f"not a document number: {text.strip()[:80]!r}")
    label = _SPACES.sub(" ", label).strip() if label else None
    return number_from_match(m, raw=s, label=label, dispatch=dispatch)


def _whole_line(s: str) -> tuple[re.Match[str] | None, str | None]:
    """``s`` read whole as ``[label] number [.;, ]``: the number's match (``NUMBER_RE``, else ``_BLANK_RE``) and the label.

    The label is read first (no number begins with a letter of it, so a shorter label never lets one match where the
    longest does not), the number then matched over all that is left before the closing ``.;,`` and spaces.
    """
    line = s[:-1] if s.endswith("\n") else s  # (as ``$`` reads a line: before a last line end)
    lm = LABEL_LINE_RE.match(line)
    start = lm.end() if lm else 0
    while start < len(line) and line[start] in " \t":
        start += 1
    body = line[start:len(line.rstrip(_TRAIL))]
    m = NUMBER_RE.fullmatch(body) or _BLANK_RE.fullmatch(body)
    return m, (lm.group("label") if lm is not None and m is not None else None)


def default_label(n: DocumentNumber, type_name: str | None = None) -> str:
    """The label a compliant document prints before the number (``Số:``, ``Số``, ``Luật số:``)."""
    if n.system == "party":
        return "Số"
    if n.form == "assembly" and type_name in ("Luật", "Bộ luật", "Pháp lệnh", "Nghị quyết"):
        return f"{type_name} số:"
    return "Số:"


def format_number(n: DocumentNumber, *, label: bool | str = False) -> str:
    """Print ``n`` in its system's form; ``label=True`` prefixes ``Số:``/``Số``, a str prefixes it."""
    text = n.canonical
    if label is True:
        lab = n.label or default_label(n)
        return f"{lab} {text}"
    if isinstance(label, str) and label:
        return f"{label} {text}"
    return text

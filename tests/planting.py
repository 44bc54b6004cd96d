"""Planted defects: one defect at a time in real documents, and whether validation points at it.

Text: each base document (the hand-checked state and Party documents of the dev corpus and the seed)
is mutated by one *kind* of defect (a misspelt Quốc hiệu, a number written symbol-first, a date in
figures, ``TM.`` before a person's title...). The defect is *pointed at* when a finding of one of the
expected rules, absent from the unmutated document's report, has a span over the mutated characters
(within ``NEAR`` characters for a deletion; no span needed for a "missing" rule). *Controls* are
harmless edits (old tone placement ``HOÀ``, an en dash in the motto, justified spacing): they must
add no error or warning finding.

DOCX: each base is rendered with ``docx_bytes``, read back, then its XML is mutated (a border, an
alignment, a colour, a font, a section...). The defect is pointed at when a new finding of an
expected rule names the mutated paragraph (page-level rules: when it fires).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from vanban import Document, parse_file, parse_text, validate
from vanban.render.docx import docx_bytes
from vanban.report import Finding

NEAR = 300
"""How far from a deleted part a finding may point (it points at the neighbouring component)."""
TODAY = __import__("datetime").date(2026, 11, 30)


@dataclass(frozen=True)
class Planted:
    """A mutated text: where the change is, and the rules that should point at it."""

    text: str
    start: int
    end: int
    rules: tuple[str, ...]
    deletion: bool = False
    spanless: bool = False


Mutation = Callable[[str, Document], "Planted | None"]


def _sub(text: str, pattern: str, repl: Callable[[re.Match[str]], str] | str, rules: tuple[str, ...],
         *, flags: int = 0, group: int = 0, deletion: bool = False, spanless: bool = False,
         start: int = 0) -> Planted | None:
    """Replace the first match of ``pattern`` (its ``group``) after ``start``; the change's span in the new text."""
    m = re.compile(pattern, flags).search(text, start)
    if m is None:
        return None
    new = repl(m) if callable(repl) else m.expand(repl)
    a, b = m.start(group), m.end(group)
    if group:
        new = repl(m) if callable(repl) else m.expand(repl)
    out = text[:a] + new + text[b:]
    if out == text:
        return None
    end = a + len(new)
    return Planted(out, a, max(end, a + 1), rules, deletion, spanless)


def _header(doc: Document) -> int:
    """Where the body starts: mutations of the header stay above it."""
    return doc.spans["subject"].end if "subject" in doc.spans else min(len(doc.text), 1500)


def _tail_start(doc: Document) -> int:
    starts = [s.span.start for s in doc.signatures if s.span is not None]
    return min(starts) if starts else len(doc.text)


# -- text kinds --------------------------------------------------------------------------------
def national_title_slip(t: str, d: Document) -> Planted | None:
    """``CỘNG HÒA`` misspelt ``CỘNG HÕA`` (or ``XÃ HÔI``)."""
    if "CỘNG HÕA" in t[:3000]:
        return _sub(t, r"XÃ HỘI", "XÃ HÔI", ("VB115",))
    return _sub(t, r"CỘNG HÒA(?= XÃ)|CỘNG HOÀ(?= XÃ)", "CỘNG HÕA", ("VB115",))


def national_title_lower(t: str, d: Document) -> Planted | None:
    """The Quốc hiệu in lower case."""
    return _sub(t, r"CỘNG H[ÒOÕ]A XÃ HỘI CHỦ NGHĨA VIỆT NAM", lambda m: m.group(0).capitalize(), ("VB115",))


def motto_case(t: str, d: Document) -> Planted | None:
    """``Hạnh phúc`` capitalised ``Hạnh Phúc`` (``Tự Do`` when already so)."""
    if "Hạnh Phúc" in t[:3000]:
        return _sub(t, r"Tự do", "Tự Do", ("VB116",))
    return _sub(t, r"Hạnh phúc", "Hạnh Phúc", ("VB116",))


def motto_separator(t: str, d: Document) -> Planted | None:
    """The motto's phrases joined by commas."""
    return _sub(t, r"Độc lập\s*[-–]\s*Tự do\s*[-–]\s*Hạnh [Pp]húc", lambda m: "Độc lập, Tự do, Hạnh phúc", ("VB116",))


def number_reversed(t: str, d: Document) -> Planted | None:
    """``Số: 1103/SXD-QLGT`` written ``Số: SXD-QLGT/1103``."""
    n = d.number
    if n is None or n.span is None or not n.number:
        return None
    raw = t[n.span.start:n.span.end]
    m = re.search(r"(\d+)\s*([/-])\s*([A-ZĐ][\w/-]*[\wĐđ])", raw)
    if m is None:
        return None
    new = f"{m.group(3)}/{m.group(1)}"
    a = n.span.start + m.start()
    return Planted(t[:a] + new + t[n.span.start + m.end():], a, a + len(new), ("VB216",))


def number_spaces(t: str, d: Document) -> Planted | None:
    """Spaces inside the symbol (``SXD - QLGT``)."""
    n = d.number
    if n is None or n.span is None or re.search(r"\s[/-]|[/-]\s", t[n.span.start + 4:n.span.end]):
        return None  # already spaced
    raw = t[n.span.start:n.span.end]
    m = re.search(r"(?<=[A-ZĐa-z0-9])([/-])(?=[A-ZĐ])", raw)
    if m is None:
        return None
    a = n.span.start + m.start()
    new = f" {m.group(1)} "
    return Planted(t[:a] + new + t[a + 1:], a, a + 3, ("VB213",))


def number_label(t: str, d: Document) -> Planted | None:
    """``Số:`` without its colon (state) or with one (Party)."""
    n = d.number
    if n is None or n.span is None:
        return None
    if d.system == "party":
        return _sub(t, r"Số(?=\s*\d)", "Số:", ("VB202",), start=n.span.start)
    return _sub(t, r"Số:", "Số", ("VB201",), start=n.span.start)


def number_one_digit(t: str, d: Document) -> Planted | None:
    """A number below 10 without its leading zero."""
    n = d.number
    if n is None or n.span is None or not n.number:
        return None
    return _sub(t, re.escape(n.number) + r"(?=\s*[/-])", "7", ("VB203",), start=n.span.start)


def _date_span(d: Document) -> tuple[int, int] | None:
    s = d.spans.get("date")
    return (s.start, s.end) if s else None


def date_in_figures(t: str, d: Document) -> Planted | None:
    """``Lào Cai, ngày 13 tháng 3 năm 2026`` written ``Lào Cai, 13/3/2026``."""
    ds = _date_span(d)
    if ds is None or d.date is None or not d.place:
        return None
    new = f"{d.place}, {d.date.day}/{d.date.month}/{d.date.year}"
    return Planted(t[:ds[0]] + new + t[ds[1]:], ds[0], ds[0] + len(new), ("VB309",))


def _date_part(t: str, d: Document, pattern: str, repl: str, rules: tuple[str, ...]) -> Planted | None:
    ds = _date_span(d)
    if ds is None:
        return None
    seg = t[ds[0]:ds[1]]
    m = re.search(pattern, seg)
    if m is None:
        return None
    a, b = ds[0] + m.start(1), ds[0] + m.end(1)
    return Planted(t[:a] + repl + t[b:], a, a + len(repl), rules)


def day_no_zero(t: str, d: Document) -> Planted | None:
    """The day written ``5`` instead of ``05``."""
    return _date_part(t, d, r"ngày\s*(\d{1,2})", "5", ("VB302",))


def month_no_zero(t: str, d: Document) -> Planted | None:
    """Month 1 or 2 written without its zero."""
    return _date_part(t, d, r"tháng\s*(\d{1,2})", "2", ("VB303",))


def date_impossible(t: str, d: Document) -> Planted | None:
    """A date of issue that does not exist (day 31 of month 4)."""
    p = _date_part(t, d, r"ngày\s*(\d{1,2})", "31", ("VB301",))
    if p is None:
        return None
    q = _date_part(p.text, parse_text(p.text), r"tháng\s*(\d{1,2})", "4", ("VB301",))
    return Planted(q.text, p.start, q.end, ("VB301",)) if q else None


def date_future(t: str, d: Document) -> Planted | None:
    """A date of issue after the day of the check."""
    return _date_part(t, d, r"năm\s*(\d{4})", "2099", ("VB310",))


def place_no_comma(t: str, d: Document) -> Planted | None:
    """No comma after the place name."""
    ds = _date_span(d)
    if ds is None or not d.place:
        return None
    return _sub(t, re.escape(d.place) + r",", d.place, ("VB306",), start=ds[0])


def place_lower(t: str, d: Document) -> Planted | None:
    """A place name not capitalised."""
    ds = _date_span(d)
    if ds is None or not d.place or " " not in d.place:
        return None
    return _sub(t, re.escape(d.place), d.place.lower(), ("VB305",), start=ds[0])


def vv_on_named(t: str, d: Document) -> Planted | None:
    """``V/v`` before the subject of a document with a type name."""
    s = d.spans.get("subject")
    if s is None or d.type is None or d.type.name == "Công văn" or d.type.printed is None:
        return None
    return Planted(t[:s.start] + "V/v " + t[s.start:], s.start, s.start + 4, ("VB117",))


def kinh_gui_missing(t: str, d: Document) -> Planted | None:
    """A công văn without its ``Kính gửi:`` line."""
    if d.type is None or d.type.name != "Công văn":
        return None
    m = re.search(r"[ \t]*Kính\s*gửi\s*:[^\n]*\n(?:[ \t]*[-–][^\n]*\n)*", t)
    if m is None:
        return None
    return Planted(t[:m.start()] + t[m.end():], m.start(), m.start() + 1, ("VB118",), deletion=True)


_OTHER_CODES = {"SCT": "SXD", "SXD": "SCT", "UBND": "BTC", "SNNMT": "SCT", "BTCTU": "BTCTW", "TU": "HU"}


def issuer_code_other(t: str, d: Document) -> Planted | None:
    """The symbol's issuer code of another body than the header's."""
    n = d.number
    if n is None or n.span is None or not n.issuer_code or d.issuer is None or d.issuer.inferred:
        return None
    other = _OTHER_CODES.get(n.issuer_code, "SXD" if n.issuer_code != "SXD" else "SCT")
    return _sub(t, r"(?<=[/-])" + re.escape(n.issuer_code) + r"(?![\w])", other, ("VB217",), start=n.span.start)


def type_code_other(t: str, d: Document) -> Planted | None:
    """A type name printed with another type's code in the symbol (Kế hoạch numbered ``/TB-``)."""
    n = d.number
    if n is None or n.span is None or not n.type_code or d.type is None or d.type.printed is None:
        return None
    other = "TB" if n.type_code != "TB" else "KH"
    return _sub(t, r"(?<=[/-])" + re.escape(n.type_code) + r"(?=[/-])", other, ("VB208",), start=n.span.start)


def _sig_line(t: str, d: Document, pattern: str) -> re.Match[str] | None:
    return re.compile(pattern).search(t, _tail_start(d) - 400 if d.signatures else 0)


def tm_before_title(t: str, d: Document) -> Planted | None:
    """``TM.`` before a person's title (``TM. GIÁM ĐỐC``)."""
    m = _sig_line(t, d, r"\b(KT\.|K/T|TM\.|T/M)\s*((?:[A-ZĐÀ-Ỹ]+ ?){1,6})")
    if m is None:
        return None
    repl = ("T/M" if "/" in m.group(1) else "TM.") + " " + ("GIÁM ĐỐC" if m.group(1) in ("TM.", "T/M") else m.group(2).strip())
    return Planted(t[:m.start()] + repl + t[m.end(2):], m.start(), m.start() + len(repl), ("VB405",))


def kt_signed_by_head(t: str, d: Document) -> Planted | None:
    """``KT. GIÁM ĐỐC`` signed by the ``GIÁM ĐỐC``."""
    m = _sig_line(t, d, r"\b(?:KT\.|K/T)\s*[^\n]*\n(?:\s*\n)*\s*(PHÓ )")
    if m is None:
        return None
    return Planted(t[:m.start(1)] + t[m.end(1):], m.start(1), m.start(1) + 8, ("VB406",))


def deputy_without_kt(t: str, d: Document) -> Planted | None:
    """A deputy signing without ``KT.`` (the authority line removed; a Party deputy in charge may)."""
    if d.system == "party":
        return None
    m = _sig_line(t, d, r"[ \t]*\b(?:KT\.|K/T)\s*[A-ZĐÀ-Ỹ ]+\n")
    if m is None:
        return None
    return Planted(t[:m.start()] + t[m.end():], m.start(), m.start() + 1, ("VB407",), deletion=True)


def cited_number_glued(t: str, d: Document) -> Planted | None:
    """A cited legal number with its type and issuer codes run together (``30/2020/NĐCP``)."""
    return _sub(t, r"(?<=\d/(?:19|20)\d\d/)(NĐ|TT|QĐ|NQ)-(CP|BNV|BTC|TTg|BCT|BXD|HĐND|UBND)\b",
                lambda m: m.group(1) + m.group(2), ("VB505",), start=_header(d))


def cited_date_impossible(t: str, d: Document) -> Planted | None:
    """A cited date that does not exist (``ngày 31/02/2021``)."""
    return _sub(t, r"(?<=ngày )(\d{1,2})\s*([/-])\s*(\d{1,2})\s*[/-]\s*((?:19|20)\d\d)",
                lambda m: f"31{m.group(2)}02{m.group(2)}{m.group(4)}", ("VB506",), start=_header(d))


def basis_without_date(t: str, d: Document) -> Planted | None:
    """A căn cứ citation stripped of its date (state documents: still required)."""
    if d.system == "party":
        return None
    m = re.compile(r"Căn cứ [^\n;]{0,80}?số\s+\d+/[^\s,;]+(\s*,?\s*ngày\s*\d{1,2}(?:\s*[/-]\s*\d{1,2}\s*[/-]\s*\d{4}"
                   r"|\s+tháng\s+\d{1,2}\s+năm\s+\d{4}))").search(t)
    if m is None:
        return None
    return Planted(t[:m.start(1)] + t[m.end(1):], m.start(1) - 20, m.start(1) + 1, ("VB503",), deletion=True)


def recipient_no_dash(t: str, d: Document) -> Planted | None:
    """One recipient line without its ``- ``."""
    s = d.spans.get("recipients")
    if s is None:
        return None
    m = re.compile(r"\n([ \t]*)[-–]\s*(?=[A-ZĐÀ-Ỹ][^\n]*;)").search(t, s.start)
    if m is None or m.start() > s.end:
        return None
    return Planted(t[:m.start() + 1] + m.group(1) + t[m.end():], m.start() + 1, m.start() + 12, ("VB604",))


def archive_line(t: str, d: Document) -> Planted | None:
    """``Lưu: VT, ...`` written without its colon (state) / with ``VT`` (Party)."""
    if d.system == "party":
        return _sub(t, r"Lưu\s+(?=[^\n:]+\.)", "Lưu: VT, ", ("VB602",), start=_tail_start(d) - 800)
    return _sub(t, r"Lưu\s*:\s*VT", "Lưu VT", ("VB601",), start=_tail_start(d) - 800)


def signer_academic(t: str, d: Document) -> Planted | None:
    """An academic title before the signer's name."""
    sig = d.signature
    if sig is None or not sig.signer or sig.span is None:
        return None
    return _sub(t, re.escape(sig.signer), "TS. " + sig.signer, ("VB404",), start=sig.span.start)


def signer_caps(t: str, d: Document) -> Planted | None:
    """The signer's name printed in capitals."""
    sig = d.signature
    if sig is None or not sig.signer or sig.span is None:
        return None
    return _sub(t, re.escape(sig.signer), sig.signer.upper(), ("VB409",), start=sig.span.start)


def authority_form(t: str, d: Document) -> Planted | None:
    """The signing prefix in the other system's form (``K/T`` in a state document)."""
    if d.system == "party":
        return _sub(t, r"\bT/M\b", "TM.", ("VB401",), start=max(0, _tail_start(d) - 400))
    return _sub(t, r"\bKT\.|\bTM\.", lambda m: "K/T" if m.group(0) == "KT." else "T/M", ("VB401",),
                start=max(0, _tail_start(d) - 400))


def motto_missing(t: str, d: Document) -> Planted | None:
    """The Tiêu ngữ left out."""
    return _sub(t, r"Độc lập\s*[-–]\s*Tự do\s*[-–]\s*Hạnh [Pp]húc", "", ("VB102",), deletion=True, spanless=True)


def number_missing(t: str, d: Document) -> Planted | None:
    """The số, ký hiệu left out."""
    n = d.number
    if n is None or n.span is None:
        return None
    return Planted(t[:n.span.start] + t[n.span.end:], n.span.start, n.span.start + 1, ("VB105",), True, True)


TEXT_KINDS: dict[str, Mutation] = {f.__name__: f for f in (
    national_title_slip, national_title_lower, motto_case, motto_separator, number_reversed, number_spaces,
    number_label, number_one_digit, date_in_figures, day_no_zero, month_no_zero, date_impossible, date_future,
    place_no_comma, place_lower, vv_on_named, kinh_gui_missing, issuer_code_other, type_code_other,
    tm_before_title, kt_signed_by_head, deputy_without_kt, cited_number_glued, cited_date_impossible,
    basis_without_date, recipient_no_dash, archive_line, signer_academic, signer_caps, authority_form,
    motto_missing, number_missing,
)}


def _control_tone(t: str, d: Document) -> Planted | None:
    return _sub(t, r"CỘNG HÒA(?= XÃ)", "CỘNG HOÀ", ())


def _control_dash(t: str, d: Document) -> Planted | None:
    return _sub(t, r"(?<=Độc lập) - (?=Tự do)", " – ", ())


def _control_justified(t: str, d: Document) -> Planted | None:
    return _sub(t, r"Độc lập - Tự do - Hạnh phúc", "Độc   lập  -  Tự   do  -  Hạnh   phúc", ())


def _control_body_word(t: str, d: Document) -> Planted | None:
    return _sub(t, r"\btriển khai\b|\bthực hiện\b", "tổ chức thực hiện", (), start=_header(d))


CONTROLS: dict[str, Mutation] = {"tone_placement": _control_tone, "motto_en_dash": _control_dash,
                                 "motto_justified": _control_justified, "body_wording": _control_body_word}


# -- measuring ---------------------------------------------------------------------------------
def _key(f: Finding) -> tuple[str, str | None]:
    return (f.rule, " ".join((f.text or "").split()))


def _serious(findings: Iterator[Finding] | tuple[Finding, ...]) -> list[Finding]:
    return [f for f in findings if f.severity in ("error", "warning")]


@dataclass
class Tally:
    """Detection per kind: planted, pointed at, and what was missed (for reading)."""

    planted: Counter[str] = field(default_factory=Counter)
    caught: Counter[str] = field(default_factory=Counter)
    missed: list[tuple[str, str]] = field(default_factory=list)
    control_alarms: list[tuple[str, str, str]] = field(default_factory=list)

    def rate(self) -> float:
        """Share of planted defects pointed at."""
        total = sum(self.planted.values())
        return sum(self.caught.values()) / total if total else 0.0

    def table(self) -> str:
        """Markdown table of detection per kind."""
        rows = ["| kind | planted | pointed at |", "|---|---|---|"]
        for kind in sorted(self.planted):
            rows.append(f"| {kind} | {self.planted[kind]} | {self.caught[kind]} |")
        rows.append(f"| **all** | {sum(self.planted.values())} | {sum(self.caught.values())} "
                    f"({100 * self.rate():.1f} %) |")
        return "\n".join(rows)


def pointed(p: Planted, before: list[Finding], after: list[Finding]) -> bool:
    """True when a new finding of an expected rule points at the planted change."""
    old = Counter(_key(f) for f in before)
    for f in after:
        if f.rule not in p.rules:
            continue
        if old[_key(f)] > 0:
            old[_key(f)] -= 1
            continue
        if f.span is None:
            if p.spanless or p.deletion:
                return True
            continue
        slack = NEAR if p.deletion else 0
        if f.span.start <= p.end + slack and p.start - slack <= f.span.end:
            return True
    return False


def plant_text(bases: dict[str, str], kinds: dict[str, Mutation] | None = None) -> Tally:
    """Plant every kind into every base text it applies to; tally what validation points at."""
    tally = Tally()
    for name, text in bases.items():
        doc = parse_text(text, source=name)
        before = _serious(validate(doc, today=TODAY).findings)
        for kind, mutate in (kinds or TEXT_KINDS).items():
            p = mutate(doc.text, doc)
            if p is None:
                continue
            after = _serious(validate(parse_text(p.text, source=name), today=TODAY).findings)
            tally.planted[kind] += 1
            if pointed(p, before, after):
                tally.caught[kind] += 1
            else:
                tally.missed.append((kind, name))
        for kind, mutate in CONTROLS.items():
            p = mutate(doc.text, doc)
            if p is None:
                continue
            after = _serious(validate(parse_text(p.text, source=name), today=TODAY).findings)
            old = Counter(f.rule for f in before)
            for f in after:
                if old[f.rule] > 0:
                    old[f.rule] -= 1
                else:
                    tally.control_alarms.append((kind, name, f"{f.rule} {f.text!r}"))
    return tally


# -- DOCX --------------------------------------------------------------------------------------
_P = re.compile(r"<w:p\b[^>]*>.*?</w:p>|<w:p\b[^>]*/>", re.DOTALL)


@dataclass(frozen=True)
class DocxPlanted:
    """A mutated DOCX, the paragraph index that carries the defect (``None``: a page-level defect)."""

    data: bytes
    paragraph: int | None
    rules: tuple[str, ...]


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n) for n in z.namelist()}


def _pack(parts: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for n, b in parts.items():
            z.writestr(n, b)
    return buf.getvalue()


def _texts_of(xml: str) -> list[tuple[re.Match[str], str]]:
    """Every ``w:p`` of document.xml with its text, in document order (nested table paragraphs included)."""
    out = []
    for m in _P.finditer(xml):
        out.append((m, "".join(re.findall(r"<w:t(?:\s[^>]*)?>([^<]*)</w:t>", m.group(0)))))
    return out


DocxMutation = Callable[[dict[str, bytes], Document], "tuple[dict[str, bytes], str | None, tuple[str, ...]] | None"]
"""Mutates the parts; returns them, the text of the paragraph that carries the defect, and the rules."""


def _edit_para(parts: dict[str, bytes], pick: Callable[[str], bool], edit: Callable[[str], str],
               rules: tuple[str, ...]) -> tuple[dict[str, bytes], str | None, tuple[str, ...]] | None:
    xml = parts["word/document.xml"].decode("utf-8")
    for m, text in _texts_of(xml):
        if text.strip() and pick(text):
            new = edit(m.group(0))
            if new == m.group(0):
                continue
            out = dict(parts)
            out["word/document.xml"] = (xml[:m.start()] + new + xml[m.end():]).encode("utf-8")
            return out, text, rules
    return None


def _is_body(doc: Document) -> Callable[[str], bool]:
    body = doc.body

    def pick(text: str) -> bool:
        return len(text.strip()) >= 80 and text.strip()[:60] in body

    return pick


def _set_ppr(p: str, inner: str, drop: str) -> str:
    p = re.sub(drop, "", p)
    if "<w:pPr>" in p:
        return p.replace("<w:pPr>", "<w:pPr>" + inner, 1)
    return re.sub(r"(<w:p\b[^>]*>)", r"\1<w:pPr>" + inner + "</w:pPr>", p, count=1)


def d_body_left(parts: dict[str, bytes], doc: Document) -> tuple[dict[str, bytes], str | None, tuple[str, ...]] | None:
    """A body paragraph aligned left."""
    return _edit_para(parts, _is_body(doc), lambda p: re.sub(r'<w:jc w:val="[^"]*"/>', '<w:jc w:val="left"/>', p),
                      ("VB807",))


def d_no_indent(parts: dict[str, bytes], doc: Document) -> tuple[dict[str, bytes], str | None, tuple[str, ...]] | None:
    """A body paragraph without first-line indent."""
    return _edit_para(parts, _is_body(doc), lambda p: re.sub(r'\s*w:firstLine="\d+"', "", p), ("VB808",))


def d_line_exact_10(parts: dict[str, bytes], doc: Document) -> tuple[dict[str, bytes], str | None, tuple[str, ...]] | None:
    """A body paragraph with exact 10 pt line spacing."""
    def edit(p: str) -> str:
        if "<w:spacing" in p:
            p = re.sub(r'\s*w:line="\d+"|\s*w:lineRule="\w+"', "", p)
            return p.replace("<w:spacing", '<w:spacing w:line="200" w:lineRule="exact"', 1)
        return _set_ppr(p, '<w:spacing w:line="200" w:lineRule="exact"/>', r"^$")
    return _edit_para(parts, _is_body(doc), edit, ("VB809",))


def d_line_triple(parts: dict[str, bytes], doc: Document) -> tuple[dict[str, bytes], str | None, tuple[str, ...]] | None:
    """A body paragraph with triple line spacing."""
    def edit(p: str) -> str:
        p = re.sub(r'\s*w:line="\d+"|\s*w:lineRule="\w+"', "", p)
        return p.replace("<w:spacing", '<w:spacing w:line="720" w:lineRule="auto"', 1) if "<w:spacing" in p else \
            _set_ppr(p, '<w:spacing w:line="720" w:lineRule="auto"/>', r"^$")
    return _edit_para(parts, _is_body(doc), edit, ("VB809",))


def _unstyle(tags: str) -> Callable[[str], str]:
    return lambda p: re.sub(rf"<w:(?:{tags})(?: w:val=\"[^\"]*\")?/>", "", p)


def d_label_plain(parts: dict[str, bytes], doc: Document) -> tuple[dict[str, bytes], str | None, tuple[str, ...]] | None:
    """``Nơi nhận:`` neither bold nor italic (nor underlined)."""
    return _edit_para(parts, lambda t: t.strip().startswith("Nơi nhận"), _unstyle("b|i|u|bCs|iCs"), ("VB811",))


def _component_para(doc: Document, text: str | None) -> Callable[[str], bool]:
    want = " ".join((text or "\x00").split())
    return lambda t: " ".join(t.split()) == want or (len(want) > 8 and want in " ".join(t.split()))


def d_type_not_bold(parts: dict[str, bytes], doc: Document) -> tuple[dict[str, bytes], str | None, tuple[str, ...]] | None:
    """The type name not bold."""
    return _edit_para(parts, _component_para(doc, doc.type.printed if doc.type else None), _unstyle("b|bCs"),
                      ("VB813",))


def d_issuer_not_bold(parts: dict[str, bytes], doc: Document) -> tuple[dict[str, bytes], str | None, tuple[str, ...]] | None:
    """The issuing body not bold."""
    name = doc.issuer.name.split("\n")[0] if doc.issuer and not doc.issuer.inferred else None
    return _edit_para(parts, _component_para(doc, name), _unstyle("b|bCs"), ("VB813",))


def d_signer_not_bold(parts: dict[str, bytes], doc: Document) -> tuple[dict[str, bytes], str | None, tuple[str, ...]] | None:
    """The signer's name not bold."""
    return _edit_para(parts, _component_para(doc, doc.signature.signer if doc.signature else None),
                      _unstyle("b|bCs"), ("VB813",))


def d_date_upright(parts: dict[str, bytes], doc: Document) -> tuple[dict[str, bytes], str | None, tuple[str, ...]] | None:
    """The place and date not italic."""
    return _edit_para(parts, lambda t: bool(re.search(r"ngày.*tháng.*năm", t)) and len(t) < 80, _unstyle("i|iCs"),
                      ("VB814",))


def d_coloured(parts: dict[str, bytes], doc: Document) -> tuple[dict[str, bytes], str | None, tuple[str, ...]] | None:
    """A body paragraph in blue."""
    return _edit_para(parts, _is_body(doc), lambda p: p.replace("<w:rPr>", '<w:rPr><w:color w:val="0000FF"/>'),
                      ("VB815",))


def d_phrase_font(parts: dict[str, bytes], doc: Document) -> tuple[dict[str, bytes], str | None, tuple[str, ...]] | None:
    """One phrase in Arial inside a body paragraph."""
    run = '<w:r><w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial"/></w:rPr><w:t xml:space="preserve"> (xem phụ lục)</w:t></w:r>'
    return _edit_para(parts, _is_body(doc), lambda p: p.replace("</w:p>", run + "</w:p>"), ("VB816",))


def d_theme_behind_cs(parts: dict[str, bytes], doc: Document) -> tuple[dict[str, bytes], str | None, tuple[str, ...]] | None:
    """A body paragraph whose Latin font is a theme font, Times New Roman named only for complex scripts."""
    fonts = '<w:rFonts w:asciiTheme="minorHAnsi" w:hAnsiTheme="minorHAnsi" w:cs="Times New Roman"/>'
    return _edit_para(parts, _is_body(doc), lambda p: re.sub(r"<w:rFonts[^>]*/>", fonts, p), ("VB801", "VB816"))


def d_eastasia_only(parts: dict[str, bytes], doc: Document) -> tuple[dict[str, bytes], str | None, tuple[str, ...]] | None:
    """Times New Roman named on ``w:eastAsia`` only, the defaults on the theme font."""
    out = _edit_para(parts, _is_body(doc), lambda p: re.sub(r"<w:rFonts[^>]*/>", '<w:rFonts w:eastAsia="Times New Roman"/>', p),
                     ("VB801", "VB816"))
    if out is None:
        return None
    new, text, rules = out
    styles = new["word/styles.xml"].decode("utf-8")
    styles = re.sub(r"(<w:rPrDefault><w:rPr>)<w:rFonts[^>]*/>",
                    r'\1<w:rFonts w:asciiTheme="minorHAnsi" w:hAnsiTheme="minorHAnsi" w:eastAsia="Times New Roman"/>', styles)
    styles = re.sub(r'(<w:style w:type="paragraph" w:default="1"[^>]*>.*?)<w:rFonts[^>]*/>', r"\1", styles, count=1,
                    flags=re.DOTALL)
    new["word/styles.xml"] = styles.encode("utf-8")
    return new, text, rules


def d_size_small(parts: dict[str, bytes], doc: Document) -> tuple[dict[str, bytes], str | None, tuple[str, ...]] | None:
    """A body paragraph in 11 pt."""
    return _edit_para(parts, _is_body(doc), lambda p: re.sub(r'<w:sz w:val="\d+"/>', '<w:sz w:val="22"/>', p),
                      ("VB805",))


def d_header_borders(parts: dict[str, bytes], doc: Document) -> tuple[dict[str, bytes], str | None, tuple[str, ...]] | None:
    """The header table drawn with borders."""
    xml = parts["word/document.xml"].decode("utf-8")
    m = re.search(r"<w:tblBorders>.*?</w:tblBorders>", xml, re.DOTALL)
    if m is None:
        return None
    sides = "".join(f'<w:{s} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                    for s in ("top", "left", "bottom", "right", "insideH", "insideV"))
    out = dict(parts)
    out["word/document.xml"] = (xml[:m.start()] + f"<w:tblBorders>{sides}</w:tblBorders>" + xml[m.end():]).encode()
    first = next((t for mm, t in _texts_of(xml[m.end():]) if t.strip()), None)
    return out, first, ("VB806",)


def d_page_number_first(parts: dict[str, bytes], doc: Document) -> tuple[dict[str, bytes], str | None, tuple[str, ...]] | None:
    """The page number shown on page 1 (no distinct first-page header)."""
    xml = parts["word/document.xml"].decode("utf-8")
    if "<w:titlePg/>" not in xml:
        return None
    out = dict(parts)
    out["word/document.xml"] = xml.replace("<w:titlePg/>", "").encode("utf-8")
    return out, None, ("VB812",)


def d_page_number_right(parts: dict[str, bytes], doc: Document) -> tuple[dict[str, bytes], str | None, tuple[str, ...]] | None:
    """The page number at the top right."""
    name = next((n for n, b in parts.items() if n.startswith("word/header") and b" PAGE " in b), None)
    if name is None:
        return None
    out = dict(parts)
    out[name] = re.sub(rb'<w:jc w:val="center"/>', b'<w:jc w:val="right"/>', parts[name])
    return (out, None, ("VB812",)) if out[name] != parts[name] else None


def d_landscape(parts: dict[str, bytes], doc: Document) -> tuple[dict[str, bytes], str | None, tuple[str, ...]] | None:
    """A body paragraph put on a landscape section."""
    xml = parts["word/document.xml"].decode("utf-8")
    body = _is_body(doc)
    items = [(m, t) for m, t in _texts_of(xml) if t.strip() and body(t)]
    if len(items) < 2:
        return None
    m, text = items[1]
    sect = ('<w:p><w:pPr><w:sectPr><w:pgSz w:w="11906" w:h="16838"/>'
            '<w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1701" w:header="720" w:footer="720" w:gutter="0"/>'
            "</w:sectPr></w:pPr></w:p>")
    close = ('<w:p><w:pPr><w:sectPr><w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/>'
             '<w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1701" w:header="720" w:footer="720" w:gutter="0"/>'
             "</w:sectPr></w:pPr></w:p>")
    out = dict(parts)
    out["word/document.xml"] = (xml[:m.start()] + sect + m.group(0) + close + xml[m.end():]).encode("utf-8")
    return out, text, ("VB817",)


DOCX_KINDS: dict[str, DocxMutation] = {f.__name__: f for f in (
    d_header_borders, d_body_left, d_no_indent, d_line_exact_10, d_line_triple, d_label_plain, d_page_number_first,
    d_page_number_right, d_type_not_bold, d_issuer_not_bold, d_signer_not_bold, d_date_upright, d_coloured,
    d_phrase_font, d_theme_behind_cs, d_eastasia_only, d_size_small, d_landscape,
)}


def _index_of(doc: Document, text: str | None) -> int | None:
    if text is None:
        return None
    want = " ".join(text.split())
    for p in doc.paragraphs:
        if " ".join(p.text.split()) == want:
            return p.index
    for p in doc.paragraphs:
        if want and want[:40] in " ".join(p.text.split()):
            return p.index
    return None


def plant_docx(bases: dict[str, Document], kinds: dict[str, DocxMutation] | None = None) -> Tally:
    """Render each base, mutate its XML one kind at a time, and tally what validation points at."""
    tally = Tally()
    for name, base in bases.items():
        data = docx_bytes(base)
        clean = parse_file(data)
        before = _serious(validate(clean, today=TODAY).findings)
        for kind, mutate in (kinds or DOCX_KINDS).items():
            found = mutate(_parts(data), clean)
            if found is None:
                continue
            parts, text, rules = found
            doc = parse_file(_pack(parts))
            after = _serious(validate(doc, today=TODAY).findings)
            target = _index_of(doc, text)
            tally.planted[kind] += 1
            old = Counter((f.rule, f.paragraph, f.text) for f in before)
            hit = False
            for f in after:
                if f.rule not in rules:
                    continue
                if old[(f.rule, f.paragraph, f.text)] > 0:
                    old[(f.rule, f.paragraph, f.text)] -= 1
                    continue
                if text is None or f.paragraph == target:
                    hit = True
                    break
            if hit:
                tally.caught[kind] += 1
            else:
                tally.missed.append((kind, name))
        # the rendered document is the control: no paragraph or page finding (the text's own are its content)
        tally.control_alarms.extend(("rendered", name, f"{f.rule} {f.text!r}") for f in before if f.rule.startswith("VB8"))
    return tally


def text_bases(shared: Path, root: Path) -> dict[str, str]:
    """The hand-checked documents of the dev corpus (state and Party) and the seed, by id."""
    import json

    out: dict[str, str] = {}
    for rel in ("corpus/admin/dev.jsonl", "corpus/party/dev.jsonl"):
        path = shared / rel
        if path.exists():
            for line in path.read_text(encoding="utf-8").split("\n"):
                if line.strip():
                    r = json.loads(line)
                    out[r["id"]] = r["text"]
    out["seed"] = (root / "examples" / "bao-cao-85-BC-BTGTU.txt").read_text(encoding="utf-8")
    return out

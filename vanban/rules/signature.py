"""Rules on the signature block (NĐ 30/2020 Phụ lục I II.7; HD 36-HD/VPTW)."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

from vanban.catalogue import catalogue
from vanban.models import Document
from vanban.normalize import fold
from vanban.rules import presence
from vanban.rules.facts import facts
from vanban.rules.registry import Context, Hit, rule
from vanban.rules.spans import find_in


@cache
def _collectives() -> tuple[str, ...]:
    return tuple(fold(c) for c in facts()["party_collectives"])


@rule("VB401")
def authority_prefix_form(doc: Document, ctx: Context) -> Iterator[Hit]:
    """The signing prefix is written the way the document's system writes it."""
    cat = catalogue()
    system = "party" if ctx.profile == "party" else "state"
    for sig in doc.signatures:
        for line in sig.chain:
            m = cat.authority_re.match(line)
            authority = cat.authority(m.group(0)) if m else None
            if m is None or authority is None:
                continue
            printed = m.group(0)
            expected = cat.authority_form(authority.kind, system)
            if expected is None or printed == expected:
                continue
            where = find_in(doc, line, sig.span)
            span = find_in(doc, printed, where) if where else find_in(doc, printed, sig.span)
            yield Hit(text=printed, span=span, suggestion=expected)


@rule("VB402")
def party_collective_kt(doc: Document, ctx: Context) -> Iterator[Hit]:
    """A Party collective signs ``T/M``, never ``K/T``."""
    for sig in doc.signatures:
        if sig.authority not in ("K/T", "KT.", "KT", "K/T.") or not sig.authority_title:
            continue
        title = fold(sig.authority_title)
        if any(title == c or title.startswith(c + " ") for c in _collectives()):
            line = f"{sig.authority} {sig.authority_title}"
            span = find_in(doc, line, sig.span)
            yield Hit(text=line if span else sig.authority, span=span or find_in(doc, sig.authority, sig.span),
                      args={"title": sig.authority_title},
                      suggestion=f"T/M {sig.authority_title}")


@rule("VB403")
def signer_position_missing(doc: Document, ctx: Context) -> Iterator[Hit]:
    """The signer's position is stated."""
    bare = {fold(c) for c in facts()["collectives_without_position"]}
    for sig in doc.signatures:
        if sig.authority_title and fold(sig.authority_title) in bare:
            continue  # "T/M BAN BÍ THƯ" is signed by the standing member with no position line
        if sig.authority_title and any(f" {d.strip()} " in f"{sig.authority_title} "
                                       for d in facts()["deputy_title_prefixes"]):
            continue  # "KT. TRƯỞNG BAN ... PHÓ TRƯỞNG BAN": the position printed on the authority's line
        if not sig.position and (sig.signer or sig.chain):
            span = find_in(doc, sig.signer or "", sig.span)
            yield Hit(text=sig.signer if span else None, span=span,
                      args={"signer": f" ({sig.signer})" if sig.signer else ""})


@rule("VB404")
def signer_academic_title(doc: Document, ctx: Context) -> Iterator[Hit]:
    """No academic title or rank before the signer's name."""
    for sig in doc.signatures:
        if sig.honorific and sig.honorific in catalogue().academic_titles:  # ranks are allowed (armed forces)
            yield Hit(text=sig.honorific, span=find_in(doc, sig.honorific, sig.span, last=True),
                      suggestion=sig.signer)


_NAME_WINDOW = 600
"""How far after the authority or position line the signer's name is looked for."""


@rule("VB409")
def signer_name_case(doc: Document, ctx: Context) -> Iterator[Hit]:
    """The signer's name is printed in normal case (``Nguyễn Văn A``), not in capitals."""
    for sig in doc.signatures:
        if sig.signer and sig.signer.isupper() and len(sig.signer.split()) >= 2:
            span = find_in(doc, sig.signer, sig.span, last=True)
            yield Hit(text=sig.signer, span=span, suggestion=sig.signer.title())
    if doc.signatures:
        return
    after = doc.spans.get("subject")
    line = presence.authority_line(doc, after.end if after else 0)
    if line is None:
        return
    found = presence.caps_name(doc, line.span.end, min(len(doc.text), line.span.end + _NAME_WINDOW))
    if found is not None:
        yield Hit(text=found.text, span=found.span, suggestion=found.text.title())

"""edXML (QCVN 102:2016/BTTTT): the national e-document exchange package, read and written.

A package is ``edXML`` -> ``edXMLEnvelope`` -> ``edXMLHeader`` {``MessageHeader``,
``TraceHeaderList``} and ``edXMLBody``/``edXMLManifest``, with the files base64-encoded in
``AttachmentEncoded`` beside the envelope. The format's own spellings are kept (``Bussiness``,
``TyperNotation``). Reading accepts prefixed and unprefixed elements, the QCVN namespace, the older
``http://www.e-doc.vn/Schema/`` one or none, and ``Manifest`` for ``edXMLManifest``.

The XML parser refuses DTDs, external entities, entity expansion and network access: a package
with a ``DOCTYPE`` is rejected before anything is resolved.

``MessageHeader/Content`` carries the document's text; when present it is parsed like any text and
the header fills what the text leaves out, so ``read_edxml(to_edxml(doc))`` gives ``doc`` back.
What the package says beyond the text goes to ``Document.exchange`` (``models.Exchange``).
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import mimetypes
import os
import re
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from lxml import etree

from vanban import patterns
from vanban.errors import InputError, NumberSyntaxError
from vanban.exchange.agency import parse_agency_code
from vanban.models import (
    Attachment,
    Document,
    DocumentNumber,
    DocumentType,
    Exchange,
    Issuer,
    Organisation,
    ResponseFor,
    Signature,
    TraceHeader,
)
from vanban.normalize import xml_legal
from vanban.numbering import parse_number

NS = "http://www.mic.gov.vn/TBT/QCVN_102_2016"
"""Namespace of QCVN 102:2016 (prefix ``edXML``)."""
OLD_NS = "http://www.e-doc.vn/Schema/"
"""Namespace of the older e-doc packages, still read."""
XLINK = "http://www.w3.org/1999/xlink"
ACTOR = "http://schemas.xmlsoap.org/soap/actor/next"

_ORGAN_FIELDS = (
    ("OrganId", "organ_id"), ("OrganizationInCharge", "in_charge"), ("OrganName", "name"),
    ("OrganAdd", "address"), ("Email", "email"), ("Telephone", "telephone"), ("Fax", "fax"),
    ("Website", "website"),
)
_AUTHORITIES = ("T/M", "K/T", "T/L", "TM.", "KT.", "TL.", "TUQ.", "Q.")
# XML 1.0 cannot carry C0 controls other than tab, LF, CR: a page break (form feed) is written as
# U+240C SYMBOL FOR FORM FEED and read back as a form feed; the other controls are dropped.
FORM_FEED_SYMBOL = "\u240c"


def looks_like_edxml(data: bytes) -> bool:
    """True when ``data`` is XML that claims to be edXML (an ``edXML`` element or the QCVN 102 namespace)."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head.startswith(b"<"):
        return False
    return (re.search(rb"<(?:[A-Za-z_][\w.-]*:)?edXML(?:Envelope)?[\s>/]", head) is not None
            or b"QCVN_102_2016" in head)


# ---------------------------------------------------------------------------------------------
# Reading


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                           dtd_validation=False, remove_pis=True, remove_comments=True)


def _parse_xml(data: bytes, label: str) -> etree._Element:
    if re.search(rb"<!\s*(DOCTYPE|ENTITY)", data[:65536], re.IGNORECASE) or b"<\x00!\x00" in data[:65536]:
        raise InputError(f"{label}: edXML with a DOCTYPE or entity declaration is refused")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    data = data.lstrip(b" \t\r\n")  # blank lines before the XML declaration, as some exporters write
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as e:
        raise InputError(f"{label}: not well-formed XML ({e.msg})") from None
    tree = root.getroottree()
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise InputError(f"{label}: edXML with a DOCTYPE is refused")
    return root


def _local(el: etree._Element) -> str:
    tag = el.tag
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _kids(el: etree._Element | None, *names: str) -> list[etree._Element]:
    if el is None:
        return []
    return [c for c in el if _local(c) in names]


def _kid(el: etree._Element | None, *names: str) -> etree._Element | None:
    found = _kids(el, *names)
    return found[0] if found else None


def _text(el: etree._Element | None, *path: str) -> str | None:
    node = el
    for name in path:
        node = _kid(node, name)
    if node is None:
        return None
    value = "".join(node.itertext()).strip()
    return value or None


def _int(el: etree._Element | None, *path: str, label: str) -> int | None:
    value = _text(el, *path)
    if value is None:
        return None
    try:
        return int(value)
    except ValueError:
        raise InputError(f"{label}: {'/'.join(path)} is not a whole number: {value[:40]!r}") from None


_DATE_FORMS = (
    patterns.compile(r"(?P<y>\d{4})[/-](?P<m>\d{1,2})[/-](?P<d>\d{1,2})"),
    patterns.compile(r"(?P<d>\d{1,2})[/-](?P<m>\d{1,2})[/-](?P<y>\d{4})"),
)


def _date(value: str | None, what: str, label: str) -> dt.date | None:
    if not value:
        return None
    for form in _DATE_FORMS:
        m = form.match(value.strip())
        if m:
            try:
                return dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
            except ValueError:
                break
    raise InputError(f"{label}: {what} is not a date: {value[:40]!r}")


def _organ_id(value: str | None, label: str) -> str | None:
    if value is None:
        return None
    try:
        return parse_agency_code(value).code
    except InputError:
        raise InputError(f"{label}: OrganId {value[:40]!r} is not an agency code") from None


def _organisation(el: etree._Element, label: str) -> Organisation:
    values: dict[str, Any] = {attr: _text(el, name) for name, attr in _ORGAN_FIELDS}
    values["organ_id"] = _organ_id(values["organ_id"], label)
    return Organisation(**values)


def _number(code_number: str | None, notation: str | None) -> DocumentNumber | None:
    if not code_number and not notation:
        return None
    notation = (notation or "").lstrip("/")
    candidates = []
    head = notation.split("/", 1)[0]
    if "/" in notation and head.isalpha():  # Party: 85 + BC/BTGTU -> 85-BC/BTGTU
        candidates.append(f"{code_number or ''}-{notation}")
    candidates.append(f"{code_number or ''}/{notation}")
    for text in candidates:
        try:
            return parse_number(text)
        except NumberSyntaxError:
            continue
    return None


def _signature(el: etree._Element | None) -> Signature | None:
    if el is None:
        return None
    competence, position, name = _text(el, "Competence"), _text(el, "Position"), _text(el, "FullName")
    if not (competence or position or name):
        return None
    authority = title = None
    if competence:
        for prefix in _AUTHORITIES:
            if competence.upper().startswith(prefix):
                authority, title = prefix, competence[len(prefix):].strip() or None
                break
    return Signature(authority=authority, authority_title=title, position=position, signer=name,
                     chain=(competence,) if authority else ())


def _attachments(root: etree._Element, label: str) -> tuple[Attachment, ...]:
    found = []
    manifest: dict[str, tuple[str | None, str | None]] = {}
    for ref in root.iter():
        if _local(ref) == "Reference" and _kid(ref, "ContentId") is not None:
            manifest[(_text(ref, "ContentId") or "").removeprefix("cid:")] = (
                _text(ref, "AttachmentName"), _text(ref, "Description"))
    for box in _kids(root, "AttachmentEncoded"):
        for att in _kids(box, "Attachment"):
            cid = (_text(att, "ContentId") or "").removeprefix("cid:")
            listed = manifest.get(cid, (None, None))
            name = _text(att, "AttachmentName") or listed[0] or cid or "attachment"
            raw = re.sub(rb"\s+", b"", (_text(att, "ContentTransferEncoded") or "").encode("ascii", "replace"))
            try:
                data = base64.b64decode(raw, validate=True)
            except (binascii.Error, ValueError):
                raise InputError(f"{label}: attachment {name!r} is not valid base64") from None
            derived = cid == _content_id(Attachment(name=name, data=data))  # the id to_edxml gives the file
            found.append(Attachment(
                name=name, content_type=_text(att, "ContentType") or "application/octet-stream",
                content_id=None if derived or not cid else cid,
                description=_text(att, "Description") or listed[1], data=data))
    return tuple(found)


def read_edxml(data: bytes, source: str | None = None) -> Document:
    """Read an edXML package (QCVN 102:2016) into a ``Document`` (format ``edxml``)."""
    from vanban.parse.text import parse_text

    label = source or "input"
    root = _parse_xml(data, label)
    if _local(root) != "edXML":
        raise InputError(f"{label}: root element is <{_local(root)}>, not <edXML>")
    ns = etree.QName(root).namespace
    if ns not in (NS, OLD_NS, None):
        raise InputError(f"{label}: unknown edXML namespace {ns!r}")
    envelope = _kid(root, "edXMLEnvelope")
    header = _kid(_kid(envelope, "edXMLHeader"), "MessageHeader")
    if header is None:
        raise InputError(f"{label}: edXML package without edXMLEnvelope/edXMLHeader/MessageHeader")
    traces = _kid(_kid(envelope, "edXMLHeader"), "TraceHeaderList")
    other = _kid(header, "OtherInfo")
    sender_el = _kid(header, "From")
    sender = _organisation(sender_el, label) if sender_el is not None else None
    sender = None if sender == Organisation() else sender
    number = _number(_text(header, "Code", "CodeNumber"), _text(header, "Code", "CodeNotation"))
    type_name = _text(header, "DocumentType", "TypeName")
    places = tuple(p for p in (_text(p) for p in _kids(_kid(header, "ToPlaces"), "Place")) if p)
    sig = _signature(_kid(header, "SignerInfo"))
    business = _kid(traces, "Bussiness")

    from_header = Document(
        number=number,
        type=DocumentType(name=type_name, code=number.type_code if number else None) if type_name else None,
        issuer=Issuer(name=sender.name, parent=sender.in_charge, code=number.issuer_code if number else None)
        if sender and sender.name else None,
        place=_text(header, "PromulgationInfo", "Place"),
        date=_date(_text(header, "PromulgationInfo", "PromulgationDate"), "PromulgationDate", label),
        subject=_text(header, "Subject"),
        signatures=(sig,) if sig else (),
        recipients=places,
        system=number.system if number else None,
    )
    content_el = _kid(header, "Content")
    content = "".join(content_el.itertext()).replace(FORM_FEED_SYMBOL, "\f") if content_el is not None else ""
    doc = parse_text(content, source=source) if content.strip() else from_header
    if content.strip():
        fill = {k: getattr(from_header, k) for k in ("number", "type", "issuer", "place", "date", "subject",
                                                      "system")
                if getattr(doc, k) is None and getattr(from_header, k) is not None}
        fill |= {k: getattr(from_header, k) for k in ("signatures", "recipients")
                 if not getattr(doc, k) and getattr(from_header, k)}
        doc = doc.model_copy(update=fill)
        notes = [f"edXML header {what} {h!r} differs from the text's {t!r}" for what, h, t in (
            ("Code", number.identity if number else None, doc.number.identity if doc.number else None),
            ("PromulgationDate", from_header.date, doc.date)) if h is not None and t is not None and h != t]
        if notes:
            doc = doc.model_copy(update={"notes": (*doc.notes, *notes)})
    due = _date(_text(header, "DueDate"), "DueDate", label)
    exchange = Exchange(
        sender=sender,
        receivers=tuple(o for o in (_organisation(el, label) for el in _kids(header, "To")) if o != Organisation()),
        document_id=_text(header, "DocumentId") or _text(business, "DocumentId"),
        type_id=_int(header, "DocumentType", "Type", label=label),
        competence=_text(header, "SignerInfo", "Competence"),
        steering_type=_int(header, "SteeringType", label=label),
        priority=_int(other, "Priority", label=label),
        sphere=_text(other, "SphereOfPromulgation"),
        typer_notation=_text(other, "TyperNotation"),
        promulgation_amount=_int(other, "PromulgationAmount", label=label),
        page_amount=_int(other, "PageAmount", label=label),
        appendixes=tuple(a for a in (_text(a) for a in _kids(_kid(other, "Appendixes"), "Appendix")) if a),
        response_for=tuple(ResponseFor(
            organ_id=_organ_id(_text(el, "OrganId"), label), code=_text(el, "Code") or "",
            date=_date(_text(el, "PromulgationDate"), "ResponseFor/PromulgationDate", label),
            document_id=_text(el, "DocumentId")) for el in _kids(header, "ResponseFor") if _text(el, "Code")),
        trace_headers=tuple(TraceHeader(organ_id=_organ_id(_text(el, "OrganId"), label) or "",
                                        timestamp=_text(el, "Timestamp"))
                            for el in _kids(traces, "TraceHeader") if _text(el, "OrganId")),
        business_doc_type=_int(business, "BussinessDocType", label=label),
        business_reason=_text(business, "BussinessDocReason"),
        attachments=_attachments(root, label),
    )
    encoding = root.getroottree().docinfo.encoding
    return doc.model_copy(update={"format": "edxml", "source": source, "encoding": encoding.lower() if encoding
                                  else "utf-8", "due_date": due, "exchange": _reduce(exchange, doc)})


# ---------------------------------------------------------------------------------------------
# What a document implies for its package


def _derived(doc: Document) -> Exchange:
    """The exchange fields ``to_edxml`` writes for ``doc`` when ``doc.exchange`` leaves them empty."""
    issuer = Organisation(name=doc.issuer.name, in_charge=doc.issuer.parent) if doc.issuer else None
    competence = None
    if doc.signature and doc.signature.chain:
        competence = doc.signature.chain[-1]
    replies = tuple(ResponseFor(code=r.canonical, date=r.date) for r in doc.references
                    if r.relation == "responds_to")
    return Exchange(sender=issuer, competence=competence, response_for=replies)


def _reduce(exchange: Exchange, doc: Document) -> Exchange | None:
    """Leave empty what the document itself implies; ``None`` when nothing is left."""
    implied = _derived(doc)
    update: dict[str, Any] = {}
    for field in ("sender", "competence", "response_for"):
        if getattr(exchange, field) == getattr(implied, field):
            update[field] = Exchange.model_fields[field].default
    reduced = exchange.model_copy(update=update)
    return None if reduced == Exchange() else reduced


# ---------------------------------------------------------------------------------------------
# Writing


def _attachment_of(item: Attachment | str | os.PathLike[str]) -> Attachment:
    if isinstance(item, Attachment):
        return item
    path = Path(item)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise InputError(f"{path}: cannot read attachment ({e.strerror})") from None
    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return Attachment(name=path.name, content_type=kind, data=data)


def _content_id(att: Attachment) -> str:
    if att.content_id:
        return att.content_id
    return str(uuid.UUID(bytes=hashlib.sha256(att.name.encode() + b"\0" + att.data).digest()[:16]))


def _xml_text(value: str) -> str:
    return xml_legal(value, form_feed=FORM_FEED_SYMBOL)


def to_edxml(doc: Document, attachments: Iterable[Attachment | str | os.PathLike[str]] = ()) -> bytes:
    """Write ``doc`` as an edXML package (UTF-8 bytes), with ``attachments`` (paths or ``Attachment``)."""
    ex = doc.exchange or Exchange()
    implied = _derived(doc)

    def el(parent: etree._Element, name: str, text: str | int | None = None) -> etree._Element:
        node = etree.SubElement(parent, f"{{{NS}}}{name}")
        if text is not None:
            node.text = _xml_text(str(text))
        return node

    def opt(parent: etree._Element, name: str, value: str | int | None) -> None:
        if value is not None and value != "":
            el(parent, name, value)

    def organisation(parent: etree._Element, name: str, org: Organisation) -> None:
        node = el(parent, name)
        for tag, attr in _ORGAN_FIELDS:
            el(node, tag, getattr(org, attr) or "")

    root = etree.Element(f"{{{NS}}}edXML", nsmap={None: NS})
    envelope = etree.SubElement(root, f"{{{NS}}}edXMLEnvelope", nsmap={"edXML": NS})
    head = el(envelope, "edXMLHeader")
    msg = el(head, "MessageHeader")
    organisation(msg, "From", ex.sender or implied.sender or Organisation())
    for org in ex.receivers:
        organisation(msg, "To", org)
    code = el(msg, "Code")
    number = doc.number
    if number is not None:
        n = number.number or ""
        notation = number.canonical[len(n):].lstrip("/-") if number.canonical.startswith(n) else number.canonical
        el(code, "CodeNumber", n)
        el(code, "CodeNotation", notation)
    else:
        el(code, "CodeNumber", "")
        el(code, "CodeNotation", "")
    info = el(msg, "PromulgationInfo")
    el(info, "Place", doc.place or "")
    el(info, "PromulgationDate", f"{doc.date:%Y/%m/%d}" if doc.date else "")
    dtype = el(msg, "DocumentType")
    opt(dtype, "Type", ex.type_id)
    el(dtype, "TypeName", doc.type.name if doc.type else "")
    el(msg, "Subject", doc.subject or "")
    el(msg, "Content", doc.text)
    signer = el(msg, "SignerInfo")
    opt(signer, "Competence", ex.competence or implied.competence)
    el(signer, "Position", doc.signature.position or "" if doc.signature else "")
    el(signer, "FullName", doc.signature.signer or "" if doc.signature else "")
    opt(msg, "DueDate", f"{doc.due_date:%Y/%m/%d}" if doc.due_date else None)
    places = el(msg, "ToPlaces")
    for place in doc.recipients:
        el(places, "Place", place)
    other = el(msg, "OtherInfo")
    opt(other, "Priority", ex.priority)
    opt(other, "SphereOfPromulgation", ex.sphere)
    opt(other, "TyperNotation", ex.typer_notation)
    opt(other, "PromulgationAmount", ex.promulgation_amount)
    opt(other, "PageAmount", ex.page_amount)
    if ex.appendixes:
        box = el(other, "Appendixes")
        for a in ex.appendixes:
            el(box, "Appendix", a)
    for reply in ex.response_for or implied.response_for:
        node = el(msg, "ResponseFor")
        el(node, "OrganId", reply.organ_id or "")
        el(node, "Code", reply.code)
        el(node, "PromulgationDate", f"{reply.date:%Y/%m/%d}" if reply.date else "")
        el(node, "DocumentId", reply.document_id or "")
    opt(msg, "SteeringType", ex.steering_type)
    opt(msg, "DocumentId", ex.document_id)
    traces = el(head, "TraceHeaderList")
    traces.set("id", "TraceHeaderList")
    traces.set("version", "1.0")
    traces.set("mustUnderstand", "1")
    traces.set("actor", ACTOR)
    for t in ex.trace_headers:
        node = el(traces, "TraceHeader")
        el(node, "OrganId", t.organ_id)
        el(node, "Timestamp", t.timestamp or "")
    if ex.business_doc_type is not None or ex.business_reason:
        business = el(traces, "Bussiness")
        opt(business, "BussinessDocType", ex.business_doc_type)
        opt(business, "BussinessDocReason", ex.business_reason)
    files = [*ex.attachments, *(_attachment_of(a) for a in attachments)]
    body = el(envelope, "edXMLBody")
    manifest = el(body, "edXMLManifest")
    manifest.set("version", "1.0")
    for att in files:
        cid = _content_id(att)
        ref = etree.SubElement(manifest, f"{{{NS}}}Reference", nsmap={"xlink": XLINK})
        ref.set(f"{{{XLINK}}}href", f"cid:{cid}")
        ref.set(f"{{{XLINK}}}role", "XLinkRole")
        ref.set(f"{{{XLINK}}}type", "simple")
        el(ref, "Description", att.description or "")
        el(ref, "AttachmentName", att.name)
        el(ref, "ContentType", att.content_type)
        el(ref, "ContentId", f"cid:{cid}")
    if files:
        box = etree.SubElement(root, f"{{{NS}}}AttachmentEncoded")
        for att in files:
            node = etree.SubElement(box, f"{{{NS}}}Attachment")
            for tag, value in (("ContentType", att.content_type), ("ContentId", _content_id(att)),
                               ("Description", att.description or ""),
                               ("ContentTransferEncoded", base64.b64encode(att.data).decode("ascii")),
                               ("AttachmentName", att.name)):
                etree.SubElement(node, f"{{{NS}}}{tag}").text = _xml_text(value)
    out: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return out

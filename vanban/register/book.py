"""The incoming and outgoing books (sổ đăng ký văn bản đến / đi) kept in the shared SQLite store.

Số đến, the incoming sequence number, runs from 1 each calendar year in order of receipt and is
shared by paper and electronic copies (Nghị định 30/2020/NĐ-CP Điều 22). It is taken inside the
same ``BEGIN IMMEDIATE`` transaction that writes the row, so two processes registering at once
queue on the write lock and the numbers stay consecutive, without gap or duplicate; a crash rolls
back the unfinished row and keeps every committed one.

A document that arrives with a filled "ĐẾN" stamp (a scan of a stamped paper) is registered under
the stamp's number and date; the year's sequence then continues after the highest number seen.
Outgoing documents carry their own số, ký hiệu; a draft with a blank number (``Số:   /QĐ-UBND``)
gets the next number of its series (the type code: ``QĐ``, ``TB``, ...; công văn have their own).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Sequence

from vanban.errors import InputError
from vanban.models import Document, DocumentNumber, DocumentType, identity_key
from vanban.numbering import parse_number
from vanban.register.entry import (
    Book,
    Entry,
    Registration,
    _fold,
    ensure_schema,
    entry_from_row,
    get_entry,
)
from vanban.register.tracking import link_responses
from vanban.store import Connection, dialect_of, dict_rows, transaction

_NOT_PARTIES = ("lưu", "như trên", "như kính gửi")


def expected_parties(doc: Document) -> tuple[str, ...]:
    """The bodies a request is addressed to: its Kính gửi list, else its Nơi nhận without Lưu/Như trên."""
    names = doc.addressees or doc.recipients
    out = []
    for name in names:
        clean = name.strip(" -+;,.:")
        if clean and not _fold(clean).startswith(_NOT_PARTIES):
            out.append(clean)
    return tuple(out)


def _reply_targets(doc: Document) -> dict[str, str]:
    """identity -> canonical of every document ``doc`` answers (references and edXML ResponseFor)."""
    found = {r.identity: r.canonical for r in doc.references if r.relation == "responds_to"}
    if doc.exchange:
        for rf in doc.exchange.response_for:
            try:
                n = parse_number(rf.code)
            except ValueError:
                continue
            found.setdefault(n.identity, n.canonical)
    return found


def _duplicate(conn: Connection, book: Book, identity: str | None, issuer: str | None) -> Entry | None:
    if not identity or identity.startswith("/"):
        return None
    for row in dict_rows(conn.execute("SELECT * FROM register_entry WHERE book = ? AND identity = ? ORDER BY id",
                                      (book, identity))):
        if _fold(row["issuer"]) == _fold(issuer):
            return entry_from_row(row)
    return None


def content_key(doc: Document) -> str:
    """A key of the document's text (whitespace folded), recognising an unnumbered document registered twice."""
    text = " ".join((doc.text or "").split())
    if not text:
        text = "\x1f".join(str(v) for v in (doc.subject, doc.date, doc.issuer.name if doc.issuer else None, doc.source))
    return hashlib.sha256(text.encode("utf-8", "replace")).hexdigest()


def _same_content(conn: Connection, book: Book, key: str) -> Entry | None:
    rows = dict_rows(conn.execute("SELECT * FROM register_entry WHERE book = ? AND content_key = ? ORDER BY id",
                                  (book, key)))
    return entry_from_row(rows[0]) if rows else None


def _lock_counter(conn: Connection, book: Book, year: int, series: str) -> None:
    """Take the counter row of (book, year, series) until the transaction ends: its writers queue here.

    On SQLite the ``BEGIN IMMEDIATE`` write lock already serialises writers; on PostgreSQL the row
    lock does, per book and year, so a writer killed mid-way releases it with its rolled-back row.
    """
    conn.execute("INSERT INTO register_counter (book, year, series, last) VALUES (?, ?, ?, 0) "
                 "ON CONFLICT (book, year, series) DO NOTHING", (book, year, series))
    conn.execute("SELECT last FROM register_counter WHERE book=? AND year=? AND series=?"
                 + dialect_of(conn).for_update, (book, year, series)).fetchone()


def _next_seq(conn: Connection, book: Book, year: int, series: str) -> int:
    row = conn.execute("SELECT MAX(seq) FROM register_entry WHERE book=? AND year=? AND series=?",
                       (book, year, series)).fetchone()
    return int(row[0] or 0) + 1


def _insert(conn: Connection, values: dict[str, object]) -> int:
    cols = ", ".join(values)
    marks = ", ".join("?" for _ in values)
    cur = conn.execute(f"INSERT INTO register_entry ({cols}) VALUES ({marks}) RETURNING id", list(values.values()))
    entry_id = int(cur.fetchone()[0])
    conn.execute("UPDATE register_counter SET last = ? WHERE book=? AND year=? AND series=? AND last < ?",
                 (values["seq"], values["book"], values["year"], values["series"], values["seq"]))
    return entry_id


def _iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d else None


def _common(doc: Document, due: dt.date | None, note: str | None) -> dict[str, object]:
    sig = doc.signature
    return {
        "number": doc.number.canonical if doc.number else None,
        "identity": doc.number.identity if doc.number else None,
        "doc_date": _iso(doc.date),
        "type_name": doc.type.name if doc.type else None,
        "subject": doc.subject,
        "issuer": doc.issuer.name if doc.issuer else None,
        "signer": " ".join(p for p in (sig.position, sig.signer) if p) or None if sig else None,
        "recipients": json.dumps(list(doc.recipients), ensure_ascii=False),
        "due_date": _iso(due or doc.due_date),
        "note": note,
        "source": doc.source,
    }


def _record_replies(conn: Connection, entry_id: int, doc: Document) -> None:
    for identity, canonical in _reply_targets(doc).items():
        conn.execute("INSERT INTO register_reply_to (entry_id, identity, canonical) VALUES (?, ?, ?) "
                     "ON CONFLICT DO NOTHING", (entry_id, identity, canonical))


def register_incoming(conn: Connection, doc: Document, *, on: dt.date | None = None,
                      forwarded_to: str | None = None, file_code: str | None = None,
                      receiver: str | None = None, due: dt.date | None = None, note: str | None = None,
                      allow_duplicate: bool = False) -> Registration:
    """Record a received document in the incoming book and give it its Số đến.

    A filled stamp (``doc.incoming_stamp`` with number and date) wins over ``on``; otherwise the
    next number of ``on``'s year is taken. A document already in the book (same number, symbol and
    issuer) is not registered again unless ``allow_duplicate``; the warning names the earlier row.
    """

    ensure_schema(conn)
    stamp = doc.incoming_stamp
    stamped = stamp is not None and stamp.number is not None and stamp.date is not None
    day = stamp.date if stamped and stamp is not None and stamp.date else (on or dt.date.today())
    values = _common(doc, due, note)
    values |= {
        "book": "in", "year": day.year, "registered_on": day.isoformat(), "series": "",
        "forwarded_to": forwarded_to or (stamp.forwarded_to if stamp else None),
        "file_code": file_code or (stamp.file_code if stamp else None),
        "receiver": receiver or (stamp.receiver if stamp else None),
    }
    if doc.number is None or doc.number.number is None:
        # no number to recognise it by: the same text registered again (a re-run batch) is the same document
        values["content_key"] = content_key(doc)
    with transaction(conn):
        _lock_counter(conn, "in", day.year, "")
        dup = _duplicate(conn, "in", doc.number.identity if doc.number else None, values["issuer"])  # type: ignore[arg-type]
        if dup is None and values.get("content_key"):
            dup = _same_content(conn, "in", str(values["content_key"]))
        warning = None
        if dup is not None:
            warning = (f"{dup.number or 'the same unnumbered text'} of {dup.issuer or 'unknown issuer'} is already in the incoming book "
                       f"as Số đến {dup.seq}/{dup.year} ({dup.registered_on:%d/%m/%Y})")
            if not allow_duplicate:
                return Registration(entry=dup, created=False, warning=warning)
        if stamped and stamp is not None and stamp.number is not None:
            taken = conn.execute("SELECT id FROM register_entry WHERE book='in' AND year=? AND series='' AND seq=?",
                                 (day.year, stamp.number)).fetchone()
            if taken is not None:
                raise InputError(f"Số đến {stamp.number}/{day.year} of the stamp is already used in the book")
            values["seq"] = stamp.number
        else:
            values["seq"] = _next_seq(conn, "in", day.year, "")
        entry_id = _insert(conn, values)
        _record_replies(conn, entry_id, doc)
        answered = link_responses(conn, entry_id)
    return Registration(entry=get_entry(conn, entry_id), created=True, warning=warning, answered=answered)


def series_of(doc: Document) -> str:
    """The outgoing numbering series of a document: its type code (``QĐ``, ``TB``; ``CV`` for công văn)."""
    if doc.number and doc.number.type_code:
        return doc.number.type_code
    if doc.type and doc.type.code:
        return doc.type.code
    return "CV"


def register_outgoing(conn: Connection, doc: Document, *, on: dt.date | None = None,
                      due: dt.date | None = None, parties: Sequence[str] | None = None,
                      copies: int | None = None, kept_by: str | None = None, sent_on: dt.date | None = None,
                      note: str | None = None, symbol: str | None = None,
                      allow_duplicate: bool = False) -> Registration:
    """Record a sent document in the outgoing book; a draft without a number gets the next one.

    A draft's ký hiệu comes from ``symbol`` (``QĐ-UBND``, ``SCT-CN``) or from its blank number.
    ``parties`` are the bodies expected to answer (default: its Kính gửi list or Nơi nhận); with a
    ``due`` date (or ``doc.due_date``) the document is a request tracked until each of them answers.
    """

    ensure_schema(conn)
    blank = doc.number is None or doc.number.number is None
    if blank:
        doc = doc.model_copy(update={"number": _blank_number(symbol, doc)})
    day = on or doc.date or dt.date.today()
    year = doc.date.year if doc.date else day.year
    series = series_of(doc)
    values = _common(doc, due, note)
    values |= {
        "book": "out", "year": year, "registered_on": day.isoformat(), "series": series,
        "parties": json.dumps(list(parties if parties is not None else expected_parties(doc)), ensure_ascii=False),
        "copies": copies, "kept_by": kept_by, "sent_on": _iso(sent_on),
    }
    with transaction(conn):
        _lock_counter(conn, "out", year, series)
        if not blank:
            dup = _duplicate(conn, "out", values["identity"], values["issuer"])  # type: ignore[arg-type]
            if dup is not None:
                warning = f"{dup.number} is already in the outgoing book ({dup.registered_on:%d/%m/%Y})"
                if not allow_duplicate:
                    return Registration(entry=dup, created=False, warning=warning)
            assert doc.number is not None and doc.number.number is not None
            # the book orders by the whole number: 66.17/2026/NQ-CP is a sub-number of 66, filed after it
            whole, dot, _ = doc.number.number.partition(".")
            values["seq"] = int(whole) if whole.isdigit() else _next_seq(conn, "out", year, series)
            clash = conn.execute("SELECT number FROM register_entry WHERE book='out' AND year=? AND series=? "
                                 "AND seq=?", (year, series, values["seq"])).fetchone()
            if clash is not None and not allow_duplicate and not dot:
                raise InputError(f"number {values['seq']} of series {series} in {year} is already used by {clash[0]}")
            if clash is not None:
                values["seq"] = _next_seq(conn, "out", year, series)
        else:
            seq = _next_seq(conn, "out", year, series)
            values["seq"] = seq
            assert doc.number is not None
            numbered = issued_number(doc.number.canonical, seq)
            values["number"], values["identity"] = numbered, identity_key(numbered)
        entry_id = _insert(conn, values)
        _record_replies(conn, entry_id, doc)
        answered = link_responses(conn, entry_id)
    return Registration(entry=get_entry(conn, entry_id), created=True, answered=answered)


def issued_number(blank: str, seq: int) -> str:
    """Fill a blank number (``/QĐ-UBND``, ``-BC/BTGTU``) with ``seq``; numbers below 10 get a leading 0."""
    text = blank.strip()
    if text.startswith(("/", "-")):
        return f"{seq:02d}{text}"
    raise InputError(f"{blank!r} is not a blank number")


def _blank_number(symbol: str | None, doc: Document) -> DocumentNumber:
    if symbol is None:
        if doc.number is not None:
            return doc.number
        raise InputError(f"{doc.source or 'draft'}: no number and no symbol to issue one (e.g. QĐ-UBND)")
    blank = symbol.strip()
    if not blank.startswith(("/", "-")):
        blank = "/" + blank
    try:
        return parse_number(blank)
    except ValueError:
        raise InputError(f"{symbol!r} is not a number symbol such as QĐ-UBND or STTTT-VP") from None


def issue_number(conn: Connection, symbol: str, *, on: dt.date | None = None,
                 subject: str | None = None, type_name: str | None = None) -> Entry:
    """Reserve the next outgoing number for a draft with this ký hiệu (``QĐ-UBND``) and record it."""
    doc = Document(subject=subject, type=DocumentType(name=type_name) if type_name else None)
    return register_outgoing(conn, doc, on=on, parties=(), symbol=symbol).entry

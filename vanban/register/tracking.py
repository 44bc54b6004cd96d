"""Response tracking (sổ theo dõi giải quyết văn bản đến), both ways.

A received request with a deadline (thời hạn giải quyết) is closed by the outgoing document that
answers it; an outgoing request (a Sở asking every body for a report) is closed body by body by
the incoming replies. A reply is recognised from its references with relation ``responds_to``
(``Theo yêu cầu Công văn số 899/...``, ``Trả lời Công văn số ...``, ``Phúc đáp ...``) or from an
edXML ``ResponseFor``; it can also be set by hand with ``mark_answered``.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict
from rapidfuzz import fuzz, process

from vanban.errors import InputError
from vanban.register.entry import Entry, _fold, ensure_schema, entry_from_row, get_entry
from vanban.store import Connection, dict_rows, transaction

PARTY_MATCH = 85
"""Least token-set similarity (0-100) for a reply's issuer to count as one of a request's parties."""


class Answer(BaseModel):
    """One answer to a request: the reply's entry id (``None`` when set by hand without one)."""

    model_config = ConfigDict(frozen=True)

    reply_id: int | None
    reply_number: str | None
    party: str
    how: str
    answered_on: dt.date | None


class RequestStatus(BaseModel):
    """Where a request stands: its answers, and for an outgoing one the bodies still to answer."""

    model_config = ConfigDict(frozen=True)

    request: Entry
    answers: tuple[Answer, ...]
    pending: tuple[str, ...]

    @property
    def answered(self) -> bool:
        """True when nothing is awaited any more."""
        return bool(self.answers) and not self.pending

    def overdue(self, on: dt.date) -> bool:
        """True when the deadline has passed on ``on`` and something is still awaited."""
        due = self.request.due_date
        return due is not None and due < on and not self.answered


def _party_for(request: Entry, reply: Entry) -> str:
    if request.book != "out":
        return ""
    issuer = reply.issuer or ""
    if request.parties and issuer:
        best = process.extractOne(_fold(issuer), [_fold(p) for p in request.parties],
                                  scorer=fuzz.token_set_ratio, score_cutoff=PARTY_MATCH)
        if best is not None:
            return request.parties[best[2]]
    return issuer


def _link(conn: Connection, request: Entry, reply: Entry, how: str) -> bool:
    cur = conn.execute("INSERT INTO register_response (request_id, reply_id, party, how, answered_on) "
                       "VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                       (request.id, reply.id, _party_for(request, reply), how, reply.registered_on.isoformat()))
    return bool(cur.rowcount > 0)


def link_responses(conn: Connection, entry_id: int) -> tuple[int, ...]:
    """Link ``entry_id`` to the requests it answers and to the replies it already has (inside a transaction).

    Returns the ids of the requests answered by this entry.
    """
    entry = get_entry(conn, entry_id)
    other = "out" if entry.book == "in" else "in"
    answered = []
    for row in dict_rows(conn.execute(
            "SELECT e.* FROM register_reply_to r JOIN register_entry e ON e.identity = r.identity "
            "WHERE r.entry_id = ? AND e.book = ? ORDER BY e.id", (entry_id, other))):
        request = entry_from_row(row)
        if _link(conn, request, entry, "reference"):
            answered.append(request.id)
    if entry.identity:
        for row in dict_rows(conn.execute(
                "SELECT e.* FROM register_reply_to r JOIN register_entry e ON e.id = r.entry_id "
                "WHERE r.identity = ? AND e.book = ? ORDER BY e.id", (entry.identity, other))):
            _link(conn, entry, entry_from_row(row), "reference")
    return tuple(answered)


def mark_answered(conn: Connection, request_id: int, *, reply_id: int | None = None,
                  party: str | None = None, on: dt.date | None = None) -> RequestStatus:
    """Record by hand that a request was answered (by a registered reply, or by a party on a day)."""
    ensure_schema(conn)
    request = get_entry(conn, request_id)
    with transaction(conn):
        if reply_id is not None:
            reply = get_entry(conn, reply_id)
            name = party if party is not None else _party_for(request, reply)
            day = on or reply.registered_on
        else:
            if request.book == "out" and not party:
                raise InputError("say which body answered (party) or which reply (reply id)")
            name, day = party or "", on or dt.date.today()
        conn.execute("INSERT INTO register_response (request_id, reply_id, party, how, answered_on) "
                     "VALUES (?, ?, ?, 'manual', ?) ON CONFLICT DO NOTHING",
                     (request_id, reply_id, name, day.isoformat()))
    return status(conn, request_id)


def status(conn: Connection, request_id: int) -> RequestStatus:
    """The answers a request has received and, for an outgoing one, the parties still to answer."""
    ensure_schema(conn)
    request = get_entry(conn, request_id)
    rows = conn.execute(
        "SELECT r.reply_id, e.number, r.party, r.how, r.answered_on FROM register_response r "
        "LEFT JOIN register_entry e ON e.id = r.reply_id WHERE r.request_id = ? ORDER BY r.answered_on, r.id",
        (request_id,)).fetchall()
    answers = tuple(Answer(reply_id=r[0], reply_number=r[1], party=r[2], how=r[3],
                           answered_on=dt.date.fromisoformat(r[4]) if r[4] else None) for r in rows)
    done = {a.party for a in answers}
    pending = tuple(p for p in request.parties if p not in done) if request.book == "out" else ()
    return RequestStatus(request=request, answers=answers, pending=pending)


def requests(conn: Connection, book: str | None = None, year: int | None = None) -> list[RequestStatus]:
    """Every tracked request (an entry with a deadline or an answer), oldest deadline first."""
    ensure_schema(conn)
    sql = ("SELECT id FROM register_entry WHERE (due_date IS NOT NULL OR id IN "
           "(SELECT request_id FROM register_response))")
    args: list[object] = []
    if book:
        sql += " AND book = ?"
        args.append(book)
    if year is not None:
        sql += " AND year = ?"
        args.append(year)
    ids = [r[0] for r in conn.execute(sql + " ORDER BY due_date IS NULL, due_date, id", args)]
    return [status(conn, i) for i in ids]


def overdue(conn: Connection, on: dt.date | None = None) -> list[RequestStatus]:
    """The requests, in both books, whose deadline has passed on ``on`` (default today) unanswered."""
    day = on or dt.date.today()
    return [s for s in requests(conn) if s.overdue(day)]

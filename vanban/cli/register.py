"""``vanban register in|out|list|stamp|answer|status|overdue``: the books of a văn thư office.

Every sub-command takes ``--db PATH`` (default ``./vanban.db``, or a ``postgresql://`` URL); ``in`` and ``out`` take ``--date``
(default today). Warnings (duplicates) go to stderr; the registered rows go to stdout.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

from vanban.errors import InputError
from vanban.readers import parse_file
from vanban.register import (
    Registration,
    book_csv,
    book_docx,
    book_rows,
    find_entry,
    issue_number,
    mark_answered,
    overdue,
    register_incoming,
    register_outgoing,
    stamp_png,
    stamp_svg,
    stamp_text,
    status,
)
from vanban.register.columns import day
from vanban.register.entry import Entry
from vanban.register.tracking import RequestStatus
from vanban.store import DEFAULT_DB, connect


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date YYYY-MM-DD: {value!r}") from None


def _line(e: Entry) -> str:
    if e.book == "in":
        return f"Số đến {e.seq} ({day(e.registered_on)}): {e.number or '(không số)'} {e.issuer or ''}".rstrip()
    return f"Văn bản đi {e.number or e.seq} ({day(e.registered_on)}): {e.type_name or ''} {e.subject or ''}".rstrip()


def _emit(entry: Entry, as_json: bool) -> None:
    if as_json:
        sys.stdout.write(entry.model_dump_json() + "\n")
    else:
        print(_line(entry))


def _report(path: str, reg: Registration, as_json: bool) -> None:
    """Print a registration's entry, and its duplicate warning on stderr."""
    if reg.warning:
        print(f"vanban: warning: {path}: {reg.warning}" + ("" if reg.created else "; not registered again"),
              file=sys.stderr)
    if reg.created:
        _emit(reg.entry, as_json)


def _run_in(args: argparse.Namespace) -> int:
    conn = connect(args.db)
    for path in args.paths:
        doc = parse_file(path)
        _report(path, register_incoming(conn, doc, on=args.date, forwarded_to=args.forward, file_code=args.file_code,
                                        receiver=args.receiver, due=args.due, note=args.note,
                                        allow_duplicate=args.force), args.json)
    return 0


def _run_out(args: argparse.Namespace) -> int:
    conn = connect(args.db)
    if args.issue:
        entry = issue_number(conn, args.issue, on=args.date, subject=args.subject, type_name=args.type)
        _emit(entry, args.json)
        return 0
    if not args.paths:
        raise InputError("give the files to register, or --issue SYMBOL for a draft's number")
    for path in args.paths:
        doc = parse_file(path)
        _report(path, register_outgoing(conn, doc, on=args.date, due=args.due, parties=args.expect,
                                        copies=args.copies, kept_by=args.kept_by, note=args.note, symbol=args.symbol,
                                        allow_duplicate=args.force), args.json)
    return 0


def _run_list(args: argparse.Namespace) -> int:
    conn = connect(args.db, read_only=True)
    rows = book_rows(conn, args.book, args.year, args.date)
    if args.format == "docx":
        if not args.output:
            raise InputError("--format docx needs -o FILE.docx")
        Path(args.output).write_bytes(book_docx(args.book, rows, year=args.year, organisation=args.organisation))
        print(args.output)
        return 0
    text = book_csv(args.book, rows) if args.format == "csv" else json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


def _entry(conn: Any, book: str, ref: str, year: int) -> Entry:
    if book == "in" and ref.isdigit():
        return find_entry(conn, "in", year=year, seq=int(ref))
    return find_entry(conn, "in" if book == "in" else "out", year=year, number=ref)


def _run_stamp(args: argparse.Namespace) -> int:
    conn = connect(args.db, read_only=True)
    entry = find_entry(conn, "in", year=args.year, seq=args.number)
    if args.format == "png":
        if not args.output:
            raise InputError("--format png needs -o FILE.png")
        Path(args.output).write_bytes(stamp_png(entry))
        print(args.output)
        return 0
    text = stamp_svg(entry) if args.format == "svg" else stamp_text(entry) + "\n"
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


def _status_json(s: RequestStatus, on: dt.date) -> dict[str, Any]:
    return {"book": s.request.book, "number": s.request.number, "number_in": s.request.seq if s.request.book == "in"
            else None, "issuer": s.request.issuer, "due_date": s.request.due_date.isoformat()
            if s.request.due_date else None, "answered": s.answered, "overdue": s.overdue(on),
            "answers": [a.model_dump(mode="json") for a in s.answers], "pending": list(s.pending)}


def _run_answer(args: argparse.Namespace) -> int:
    conn = connect(args.db)
    request = _entry(conn, args.book, args.request, args.year)
    reply_id = None
    if args.by:
        book, _, ref = args.by.partition(":")
        if book not in ("in", "out") or not ref:
            raise InputError("--by takes in:NUMBER or out:NUMBER")
        reply_id = _entry(conn, book, ref, args.by_year or args.year).id
    s = mark_answered(conn, request.id, reply_id=reply_id, party=args.party, on=args.date)
    sys.stdout.write(json.dumps(_status_json(s, args.date or dt.date.today()), ensure_ascii=False) + "\n")
    return 0


def _run_status(args: argparse.Namespace) -> int:
    conn = connect(args.db, read_only=True)
    request = _entry(conn, args.book, args.request, args.year)
    s = status(conn, request.id)
    sys.stdout.write(json.dumps(_status_json(s, args.date or dt.date.today()), ensure_ascii=False, indent=2) + "\n")
    return 0


def _run_overdue(args: argparse.Namespace) -> int:
    conn = connect(args.db, read_only=True)
    on = args.date or dt.date.today()
    late = overdue(conn, on)
    if args.json:
        sys.stdout.write(json.dumps([_status_json(s, on) for s in late], ensure_ascii=False, indent=2) + "\n")
        return 0
    for s in late:
        e = s.request
        who = f"; chưa trả lời: {', '.join(s.pending)}" if s.pending else ""
        ref = f"Số đến {e.seq}" if e.book == "in" else "Văn bản đi"
        print(f"{ref} {e.number or ''} hạn {day(e.due_date)}{who}")
    return 0


def register(sub: Any) -> None:
    """Add the ``register`` command and its sub-commands."""
    p = sub.add_parser("register")
    rsub = p.add_subparsers(dest="action", required=True, metavar="ACTION")

    def common(q: argparse.ArgumentParser, *, dated: bool = True) -> None:
        q.add_argument("--db", default=DEFAULT_DB, help=f"store: a SQLite file (default ./{DEFAULT_DB}) or a postgresql:// URL")
        if dated:
            q.add_argument("--date", type=_date, default=None, help="YYYY-MM-DD (default today)")

    q = rsub.add_parser("in", help="register received documents (sổ đăng ký văn bản đến)")
    common(q)
    q.add_argument("paths", nargs="+", metavar="FILE")
    q.add_argument("--forward", help="Chuyển: the unit or person it goes to")
    q.add_argument("--file-code", help="Số và ký hiệu HS (hồ sơ)")
    q.add_argument("--receiver", help="receiving body printed on the stamp")
    q.add_argument("--due", type=_date, help="deadline for handling it (thời hạn giải quyết)")
    q.add_argument("--note", help="Ghi chú")
    q.add_argument("--force", action="store_true", help="register a duplicate again")
    q.add_argument("--json", action="store_true", help="print the entries as JSON lines")
    q.set_defaults(func=_run_in)

    q = rsub.add_parser("out", help="register sent documents (sổ đăng ký văn bản đi) or issue a number")
    common(q)
    q.add_argument("paths", nargs="*", metavar="FILE")
    q.add_argument("--issue", metavar="SYMBOL", help="issue the next number for a draft, e.g. QĐ-UBND")
    q.add_argument("--symbol", help="ký hiệu for drafts without a number, e.g. SCT-CN")
    q.add_argument("--type", help="type name of the draft (with --issue)")
    q.add_argument("--subject", help="trích yếu of the draft (with --issue)")
    q.add_argument("--due", type=_date, help="deadline for the answers it asks for")
    q.add_argument("--expect", action="append", metavar="BODY",
                   help="a body expected to answer (repeatable; default: Kính gửi list)")
    q.add_argument("--copies", type=int, help="Số lượng bản")
    q.add_argument("--kept-by", help="Đơn vị, người nhận bản lưu")
    q.add_argument("--note", help="Ghi chú")
    q.add_argument("--force", action="store_true", help="register a duplicate again")
    q.add_argument("--json", action="store_true", help="print the entries as JSON lines")
    q.set_defaults(func=_run_out)

    q = rsub.add_parser("list", help="print a book (Phụ lục IV columns)")
    common(q)
    q.add_argument("--book", choices=("in", "out", "tracking"), required=True)
    q.add_argument("--year", type=int)
    q.add_argument("--format", choices=("json", "csv", "docx"), default="json")
    q.add_argument("-o", "--output", help="write to this file")
    q.add_argument("--organisation", help="name printed above the title (DOCX)")
    q.set_defaults(func=_run_list)

    q = rsub.add_parser("stamp", help="the filled ĐẾN stamp of an incoming entry")
    common(q, dated=False)
    q.add_argument("--year", type=int, required=True)
    q.add_argument("--number", type=int, required=True, help="Số đến")
    q.add_argument("--format", choices=("text", "svg", "png"), default="text")
    q.add_argument("-o", "--output", help="write to this file")
    q.set_defaults(func=_run_stamp)

    q = rsub.add_parser("answer", help="record by hand that a request was answered")
    common(q)
    q.add_argument("book", choices=("in", "out"), help="book of the request")
    q.add_argument("request", help="Số đến (in) or document number")
    q.add_argument("--year", type=int, required=True)
    q.add_argument("--by", help="the reply: in:NUMBER or out:NUMBER")
    q.add_argument("--by-year", type=int)
    q.add_argument("--party", help="the body that answered (outgoing requests)")
    q.set_defaults(func=_run_answer)

    q = rsub.add_parser("status", help="answers received by a request and who is still to answer")
    common(q)
    q.add_argument("book", choices=("in", "out"))
    q.add_argument("request", help="Số đến (in) or document number")
    q.add_argument("--year", type=int, required=True)
    q.set_defaults(func=_run_status)

    q = rsub.add_parser("overdue", help="requests past their deadline, both books")
    common(q)
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=_run_overdue)

"""Registers of a văn thư office (Nghị định 30/2020/NĐ-CP Phụ lục IV) in the shared SQLite store.

``book``: the incoming and outgoing books (Số đến, stamp fields, duplicates, issuing numbers);
``tracking``: the answers to requests, both ways, and what is overdue; ``columns``: the rows with
the decree's column names; ``output``: CSV and DOCX; ``incoming_stamp``: the filled "ĐẾN" stamp.
Tables are prefixed ``register_``.
"""

from vanban.register.book import (
    issue_number,
    register_incoming,
    register_outgoing,
)
from vanban.register.columns import INCOMING_COLUMNS, OUTGOING_COLUMNS, TRACKING_COLUMNS, book_rows
from vanban.register.entry import Entry, Registration, entries, find_entry
from vanban.register.incoming_stamp import stamp_png, stamp_svg, stamp_text
from vanban.register.output import book_csv, book_docx
from vanban.register.tracking import RequestStatus, mark_answered, overdue, requests, status

__all__ = [
    "INCOMING_COLUMNS", "OUTGOING_COLUMNS", "TRACKING_COLUMNS", "Entry", "Registration", "RequestStatus",
    "book_csv", "book_docx", "book_rows", "entries", "find_entry", "issue_number", "mark_answered", "overdue",
    "register_incoming", "register_outgoing", "requests", "stamp_png", "stamp_svg", "stamp_text", "status",
]

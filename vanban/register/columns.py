"""The rows of the books with exactly the columns of Nghị định 30/2020/NĐ-CP Phụ lục IV.

JSON, CSV and DOCX all print these rows; keys are the column names as the decree writes them
(``Ngày đến``, ``Số đến``, ...), plus ``number_in`` (the Số đến as an integer) for the incoming book.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from vanban.errors import OptionError
from vanban.register.entry import Book, Entry, entries
from vanban.register.tracking import RequestStatus, requests
from vanban.store import Connection

INCOMING_COLUMNS = (
    "Ngày đến", "Số đến", "Tác giả", "Số, ký hiệu văn bản", "Ngày tháng văn bản",
    "Tên loại và trích yếu nội dung văn bản", "Đơn vị hoặc người nhận", "Ngày chuyển", "Ký nhận", "Ghi chú",
)
"""Sổ đăng ký văn bản đến, 10 columns."""
OUTGOING_COLUMNS = (
    "Số, ký hiệu văn bản", "Ngày tháng văn bản", "Tên loại và trích yếu nội dung văn bản", "Người ký",
    "Nơi nhận văn bản", "Đơn vị, người nhận bản lưu", "Số lượng bản", "Ngày chuyển", "Ký nhận", "Ghi chú",
)
"""Sổ đăng ký văn bản đi, 10 columns."""
TRACKING_COLUMNS = (
    "Số đến", "Tên loại, số, ký hiệu, ngày, tháng và tên cơ quan, tổ chức ban hành văn bản",
    "Đơn vị hoặc người nhận", "Thời hạn giải quyết", "Tiến độ giải quyết", "Số, ký hiệu văn bản trả lời",
    "Ghi chú",
)
"""Sổ theo dõi giải quyết văn bản đến, 7 columns."""
TITLES = {
    "in": "SỔ ĐĂNG KÝ VĂN BẢN ĐẾN",
    "out": "SỔ ĐĂNG KÝ VĂN BẢN ĐI",
    "tracking": "SỔ THEO DÕI GIẢI QUYẾT VĂN BẢN ĐẾN",
}

_ROW = ConfigDict(frozen=True, populate_by_name=True)


class IncomingRow(BaseModel):
    """A row of the Sổ đăng ký văn bản đến (Phụ lục IV)."""

    model_config = _ROW
    arrival: str = Field(alias="Ngày đến")
    seq: str = Field(alias="Số đến")
    author: str = Field(alias="Tác giả")
    number: str = Field(alias="Số, ký hiệu văn bản")
    date: str = Field(alias="Ngày tháng văn bản")
    subject: str = Field(alias="Tên loại và trích yếu nội dung văn bản")
    receiver: str = Field(alias="Đơn vị hoặc người nhận")
    sent_on: str = Field(alias="Ngày chuyển")
    signed_for: str = Field(alias="Ký nhận")
    note: str = Field(alias="Ghi chú")
    number_in: int


class OutgoingRow(BaseModel):
    """A row of the Sổ đăng ký văn bản đi (Phụ lục IV)."""

    model_config = _ROW
    number: str = Field(alias="Số, ký hiệu văn bản")
    date: str = Field(alias="Ngày tháng văn bản")
    subject: str = Field(alias="Tên loại và trích yếu nội dung văn bản")
    signer: str = Field(alias="Người ký")
    recipients: str = Field(alias="Nơi nhận văn bản")
    kept_by: str = Field(alias="Đơn vị, người nhận bản lưu")
    copies: str = Field(alias="Số lượng bản")
    sent_on: str = Field(alias="Ngày chuyển")
    signed_for: str = Field(alias="Ký nhận")
    note: str = Field(alias="Ghi chú")


class TrackingRow(BaseModel):
    """A row of the Sổ theo dõi giải quyết văn bản đến (Phụ lục IV)."""

    model_config = _ROW
    seq: str = Field(alias="Số đến")
    document: str = Field(alias="Tên loại, số, ký hiệu, ngày, tháng và tên cơ quan, tổ chức ban hành văn bản")
    receiver: str = Field(alias="Đơn vị hoặc người nhận")
    due: str = Field(alias="Thời hạn giải quyết")
    progress: str = Field(alias="Tiến độ giải quyết")
    replies: str = Field(alias="Số, ký hiệu văn bản trả lời")
    note: str = Field(alias="Ghi chú")


def day(d: dt.date | None) -> str:
    """A date as the books print it: ``20/8/2021`` (day and month without padding)."""
    return f"{d.day}/{d.month}/{d.year}" if d else ""


def _title_subject(e: Entry) -> str:
    return ". ".join(p for p in (e.type_name, e.subject) if p)


def _note(e: Entry) -> str:
    parts = [p for p in (e.note,) if p]
    if e.file_code:
        parts.append(f"Số và ký hiệu HS: {e.file_code}")
    if e.due_date:
        parts.append(f"Hạn giải quyết: {day(e.due_date)}")
    return "; ".join(parts)


def incoming_row(e: Entry) -> IncomingRow:
    """The Phụ lục IV row of an incoming entry."""
    return IncomingRow.model_validate(dict(arrival=day(e.registered_on), seq=str(e.seq), author=e.issuer or "", number=e.number or "",
                       date=day(e.doc_date), subject=_title_subject(e), receiver=e.forwarded_to or "",
                       sent_on=day(e.sent_on), signed_for=e.signed_for or "", note=_note(e), number_in=e.seq))


def outgoing_row(e: Entry) -> OutgoingRow:
    """The Phụ lục IV row of an outgoing entry."""
    return OutgoingRow.model_validate(dict(number=e.number or "", date=day(e.doc_date or e.registered_on), subject=_title_subject(e),
                       signer=e.signer or "", recipients="; ".join(e.recipients), kept_by=e.kept_by or "",
                       copies=str(e.copies) if e.copies is not None else "", sent_on=day(e.sent_on),
                       signed_for=e.signed_for or "", note=_note(e)))


def _describe(e: Entry) -> str:
    text = e.type_name or "Văn bản"
    if e.number:
        text += f" số {e.number}"
    if e.doc_date:
        text += f" ngày {day(e.doc_date)}"
    if e.issuer:
        text += f" của {e.issuer}"
    return text


def progress(s: RequestStatus, on: dt.date) -> str:
    """Tiến độ giải quyết: done, overdue or in progress on ``on``."""
    if s.answered:
        last = max((a.answered_on for a in s.answers if a.answered_on), default=None)
        return f"Đã giải quyết ({day(last)})" if last else "Đã giải quyết"
    if s.overdue(on):
        return "Quá hạn"
    return "Đang giải quyết"


def tracking_row(s: RequestStatus, on: dt.date) -> TrackingRow:
    """The Phụ lục IV row of a tracked incoming request."""
    e = s.request
    replies = "; ".join(dict.fromkeys(a.reply_number for a in s.answers if a.reply_number))
    return TrackingRow.model_validate(dict(seq=str(e.seq), document=_describe(e), receiver=e.forwarded_to or "", due=day(e.due_date),
                       progress=progress(s, on), replies=replies, note=e.note or ""))


def book_rows(conn: Connection, book: Book | str, year: int | None = None,
              on: dt.date | None = None) -> list[dict[str, Any]]:
    """The rows of ``book`` (``in``, ``out`` or ``tracking``) keyed by the Phụ lục IV column names."""
    if book == "in":
        return [incoming_row(e).model_dump(by_alias=True) for e in entries(conn, "in", year)]
    if book == "out":
        return [outgoing_row(e).model_dump(by_alias=True) for e in entries(conn, "out", year)]
    if book == "tracking":
        today = on or dt.date.today()
        return [tracking_row(s, today).model_dump(by_alias=True) for s in requests(conn, "in", year)]
    raise OptionError(f"unknown book {book!r}; use in, out or tracking")


def columns_of(book: str) -> tuple[str, ...]:
    """The column names of a book, in order."""
    try:
        return {"in": INCOMING_COLUMNS, "out": OUTGOING_COLUMNS, "tracking": TRACKING_COLUMNS}[book]
    except KeyError:
        raise OptionError(f"unknown book {book!r}; use in, out or tracking") from None

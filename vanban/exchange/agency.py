"""Mã định danh: the identifier codes of agencies in the e-document exchange (edXML ``OrganId``).

Two forms are in use at once:

* the 13-character code of QCVN 102:2016/BTTTT (Thông tư 10/2016/TT-BTTTT), ``V1V2V3.Z1Z2.Y1Y2.MX1X2``
  read right to left: ``MX1X2`` is cấp 1 (``G22`` Văn phòng Chính phủ, ``H41`` UBND tỉnh Nghệ An),
  ``Y1Y2`` cấp 2, ``Z1Z2`` cấp 3, ``V1V2V3`` cấp 4, zeros marking a level that is not used
  (``000.00.00.G22``, ``000.00.04.G14``);
* the longer code of Quyết định 20/2020/QĐ-TTg (amended by Quyết định 09/2025/QĐ-TTg), at most
  35 characters ``0-9 A-Z`` in dot-separated groups developed left to right from the cấp-1 code
  (``H55.242``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from vanban import patterns
from vanban.errors import InputError

AgencyForm = Literal["qcvn102", "qd20"]

_QCVN102 = patterns.compile(r"\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}")
_QD20 = patterns.compile(r"[A-Z0-9]+(?:\.[A-Z0-9]+)*")
_LEVEL1 = patterns.compile(r"[A-Z]\d{2}")
MAX_LENGTH = 35
"""Longest code allowed by Quyết định 20/2020/QĐ-TTg."""


@dataclass(frozen=True)
class AgencyCode:
    """A parsed mã định danh: ``levels`` from cấp 1 down, unused (all-zero) levels dropped."""

    code: str
    form: AgencyForm
    levels: tuple[str, ...]

    @property
    def level1(self) -> str:
        """The cấp-1 group (``G22``, ``H55``): the ministry, province or central body."""
        return self.levels[0]


def parse_agency_code(code: str) -> AgencyCode:
    """Parse and validate an agency code in either form; raises ``InputError`` when it is neither."""
    text = code.strip()
    if _QCVN102.fullmatch(text):
        v, z, y, m = text.split(".")
        levels = tuple(g for g in (m, y, z, v) if set(g) != {"0"})
        return AgencyCode(code=text, form="qcvn102", levels=levels)
    if len(text) <= MAX_LENGTH and _QD20.fullmatch(text):
        groups = tuple(text.split("."))
        if _LEVEL1.fullmatch(groups[0]):
            return AgencyCode(code=text, form="qd20", levels=groups)
    raise InputError(f"{code!r} is not an agency code (000.00.00.G22 or H55.242 form)")


def is_agency_code(code: str) -> bool:
    """True when ``code`` is a valid mã định danh in either form."""
    try:
        parse_agency_code(code)
    except InputError:
        return False
    return True

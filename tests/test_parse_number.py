"""``parse_number`` / ``format_number``: the number grammar of the three systems."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vanban import NumberSyntaxError, format_number, parse_number
from vanban.catalogue import catalogue

CASES = [
    # printed, canonical, system, form, number, year, type_code, issuer_code, unit_code
    ("Số: 15/QĐ-BNV", "15/QĐ-BNV", "state", "named", "15", None, "QĐ", "BNV", None),
    ("Số: 899/STTTT-TTBCBC", "899/STTTT-TTBCBC", "state", "dispatch", "899", None, None, "STTTT", "TTBCBC"),
    ("Số: 52/2016/QĐ-TTg", "52/2016/QĐ-TTg", "legal", "legal", "52", 2016, "QĐ", "TTg", None),
    ("Luật số: 80/2015/QH13", "80/2015/QH13", "legal", "assembly", "80", 2015, None, "QH13", None),
    ("Số 85-BC/BTGTU", "85-BC/BTGTU", "party", "party", "85", None, "BC", "BTGTU", None),
    ("Số 05-QC/BTCTU-BDVTU", "05-QC/BTCTU-BDVTU", "party", "party", "05", None, "QC", "BTCTU-BDVTU", None),
    ("Số:    /QĐ-UBND", "/QĐ-UBND", "state", "named", None, None, "QĐ", "UBND", None),
    ("Số    -HD/BTCTU", "-HD/BTCTU", "party", "party", None, None, "HD", "BTCTU", None),
    ("08-QĐi/TW", "08-QĐi/TW", "party", "party", "08", None, "QĐi", "TW", None),
    ("Số: 36/2006/CT-TTG", "36/2006/CT-TTg", "legal", "legal", "36", 2006, "CT", "TTg", None),  # upper-cased TTG
    ("Số: 2/2019/QÐ-UBND", "2/2019/QĐ-UBND", "legal", "legal", "2", 2019, "QĐ", "UBND", None),  # Eth for Đ
    ("Số: 4280 /SCT - CN", "4280/SCT-CN", "state", "dispatch", "4280", None, None, "SCT", "CN"),
    ("Số 38 - HD/BTCTW", "38-HD/BTCTW", "party", "party", "38", None, "HD", "BTCTW", None),
    ("Số 234-CV/BTGTU", "234-CV/BTGTU", "party", "party", "234", None, "CV", "BTGTU", None),
    ("Số: 66.16/2026/NQ-CP", "66.16/2026/NQ-CP", "legal", "legal", "66.16", 2026, "NQ", "CP", None),
    ("Số: 1798/VBHN-BLĐTBXH", "1798/VBHN-BLĐTBXH", "legal", "named", "1798", None, "VBHN", "BLĐTBXH", None),
    ("QCVN 01:2019/BCT", "QCVN 01:2019/BCT", "legal", "standard", "01", 2019, "QCVN", "BCT", None),
    ("Số: 01/2022/TTLT-VKSNDTC-\nTANDTC-BCA", "01/2022/TTLT-VKSNDTC-TANDTC-BCA", "legal", "legal", "01", 2022, "TTLT",
     "VKSNDTC-TANDTC-BCA", None),
    ("Nghị quyết số: 17/2022/UBTVQH15", "17/2022/UBTVQH15", "legal", "assembly", "17", 2022, None, "UBTVQH15", None),
]


@pytest.mark.parametrize(("printed", "canonical", "system", "form", "number", "year", "type_code", "issuer", "unit"),
                         CASES)
def test_parse_number(printed: str, canonical: str, system: str, form: str, number: str | None, year: int | None,
                      type_code: str | None, issuer: str | None, unit: str | None) -> None:
    n = parse_number(printed)
    assert (n.canonical, n.system, n.form, n.number, n.year, n.type_code, n.issuer_code, n.unit_code) == (
        canonical, system, form, number, year, type_code, issuer, unit)


@pytest.mark.parametrize(("a", "b", "same"), [
    ("07-CT/TW", "7-CT/TW", True),
    ("07-CT/TW", "07-CT/TU", False),
    ("Số: 05/2019/NQ-HĐND", "5/2019/NQ-HĐND", True),
    ("15/QĐ-BNV", "15/QD-BNV", True),  # QD is no code: the Đ lost by OCR or HTML is restored
    ("05/HD-UBND", "05/HĐ-UBND", False),  # but HD (Hướng dẫn) and HĐ (Hợp đồng) stay apart
    ("Số:  52 / 2016 / QĐ-TTg", "52/2016/QĐ-TTg", True),
])
def test_identity(a: str, b: str, same: bool) -> None:
    assert (parse_number(a).identity == parse_number(b).identity) is same


@pytest.mark.parametrize("bad", ["", "Số:", "hello", "12/34/56", "Điều 5", "ngày 05/3/2020"])
def test_not_a_number(bad: str) -> None:
    with pytest.raises(NumberSyntaxError):
        parse_number(bad)


def test_dispatch_hint_for_ambiguous_code() -> None:
    # CT is a type (Chỉ thị) and also, in a công văn, a Cục Thuế's abbreviation
    assert parse_number("123/CT-TTHT").type_code == "CT"
    assert parse_number("123/CT-TTHT", dispatch=True).unit_code == "TTHT"


def test_format_labels() -> None:
    assert format_number(parse_number("85-BC/BTGTU"), label=True) == "Số 85-BC/BTGTU"
    assert format_number(parse_number("15/QĐ-BNV"), label=True) == "Số: 15/QĐ-BNV"
    assert format_number(parse_number("Luật số: 80/2015/QH13"), label=True) == "Luật số: 80/2015/QH13"


_cat = catalogue()
_ISSUERS = sorted(c for c, es in _cat.issuers.items() if not es[0].takes_term)
_num = st.integers(min_value=1, max_value=9999).map(lambda n: f"{n:02d}")
_code = st.sampled_from(_ISSUERS)


def _codes(system: str) -> list[str]:
    return sorted({a.code for a in _cat.abbreviations if a.system == system and a.code not in ("QCVN", "TCVN")})


_state = st.builds(lambda n, t, i: f"{n}/{t}-{i}", _num, st.sampled_from(_codes("state")), _code)
_legal = st.builds(lambda n, y, t, i: f"{n}/{y}/{t}-{i}", _num, st.integers(1990, 2030),
                   st.sampled_from(_codes("legal")), _code)
_assembly = st.builds(lambda n, y, k: f"{n}/{y}/QH{k}", _num, st.integers(1990, 2030), st.integers(10, 16))
_party = st.builds(lambda n, t, i, j: f"{n}-{t}/{i}" + (f"-{j}" if j else ""), _num, st.sampled_from(_codes("party")),
                   _code, st.one_of(st.none(), _code))
_dispatch = st.builds(lambda n, i, u: f"{n}/{i}-{u}", _num, _code.filter(lambda c: not _cat.is_type_code(c)),
                      st.sampled_from(["VP", "TTBCBC", "KHCNTT", "VX", "CN"]))


@given(st.one_of(_state, _legal, _assembly, _party, _dispatch), st.booleans())
def test_round_trip(symbol: str, labelled: bool) -> None:
    parsed = parse_number(symbol)
    assert format_number(parsed) == symbol
    printed = format_number(parsed, label=True)
    again = parse_number(printed)
    assert format_number(again) == symbol and again.identity == parsed.identity
    if labelled:
        spaced = printed.replace("/", " / ", 1)
        assert parse_number(spaced).identity == parsed.identity


_LABELS = ("", "Số:", "Số: ", "Số ", "số", "Số  :  ", "SỐ:", "Luật số:", "Nghị quyết số ", "Quyết định số:", "Sổ:")
_BODIES = ("15/QĐ-BNV", "899/STTTT-TTBCBC", "52/2016/QĐ-TTg", "80/2015/QH13", "85-BC/BTGTU", "05-QC/BTCTU-BDVTU",
           "   /QĐ-UBND", "  -HD/BTCTU", "/QĐ-UBND", "QCVN 01:2019/BCT", "TCVN ISO 9001:2015", "244/HĐNT/A2/2026",
           "4280 /SCT - CN", "38 - HD/BTCTW", "66.16/2026/NQ-CP", "1/QĐ-\nUBND", "12/2020/", "QĐ-UBND", "15/QĐ-BNV/",
           "15/qđ-bnv", "1/2", "15/QĐ-BNV 16/QĐ-BNV", "15/QĐ-BNV.x", "12", "", "Đ", "15/QĐ-BNV-", "1-/A")
_TRAILS = ("", ".", ";", " ,", " . ;", "\n", ":", " x")


def _old_whole_line(s: str) -> tuple[dict[str, str | None] | None, str | None]:
    """The one pattern the line grammar was before (label, number or blank number, closing marks)."""
    import re

    from vanban import numbering as n

    m = re.match(rf"^[ \t]*(?:{n._LABEL}[ \t]*)?(?:{n._BODY}|{n._BLANK_BODY})[ \t.;,]*$", s)
    if m is None:
        return None, None
    return {k: v for k, v in m.groupdict().items() if v is not None and k != "label"}, m.group("label")


@pytest.mark.parametrize("label", _LABELS)
def test_a_number_line_reads_as_the_one_pattern_of_label_number_and_marks_read_it(label: str) -> None:
    from vanban.numbering import _whole_line

    for body in _BODIES:
        for trail in _TRAILS:
            s = " ".join((label + body + trail).split(" "))
            m, got_label = _whole_line(s)
            want, want_label = _old_whole_line(s)
            got = None if m is None else {k: v for k, v in m.groupdict().items() if v is not None}
            assert (got, got_label) == (want, want_label), repr(s)

"""Document identity and URIs: ``vanban.Identity`` / ``vanban.PartialDate`` / ``document_identity``."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

import vanban
from vanban import Identity, InputError, PartialDate
from vanban.link.identity import document_identity, party_term, reference_identity

from .conftest import SEED

ND30 = """CHÍNH PHỦ                               CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
                                        Độc lập - Tự do - Hạnh phúc
Số: 30/2020/NĐ-CP                       Hà Nội, ngày 05 tháng 3 năm 2020

NGHỊ ĐỊNH
Về công tác văn thư
"""

URIS = [
    "/akn/vn/act/nghi-dinh/cp/2020-03-05/30-2020-nd-cp",
    "/akn/vn/act/bao-cao/btgtu/undated/85-bc-btgtu",
    "/akn/vn/act/ke-hoach/tu/2017-07/81-kh-tu",
    "/akn/vn/act/cong-van/stttt/2021/899-stttt-ttbcbc",
    "/akn/vn/act/chi-thi/tw/khoa-viii/11-ct-tw",
    "/akn/vn/act/quy-chuan-ky-thuat-quoc-gia/bct/2019/qcvn-01-2019-bct",
]


@pytest.mark.parametrize("uri", URIS)
def test_uri_round_trip(uri: str) -> None:
    ident = Identity.parse(uri)
    assert ident.uri == uri
    assert Identity.parse(ident.uri) == ident


@pytest.mark.parametrize(("uri", "partial", "term"), [
    (URIS[0], False, None), (URIS[1], True, None), (URIS[2], True, None), (URIS[4], True, "VIII"),
])
def test_partial_dates_are_said(uri: str, partial: bool, term: str | None) -> None:
    ident = Identity.parse(uri)
    assert ident.partial_date is partial
    assert ident.term == term


@pytest.mark.parametrize("bad", ["/akn/vn/act/nghi-dinh/cp/2020-13-05/30-2020-nd-cp", "/akn/vn/act/x/y",
                                 "/akn/vn/act/nghi-dinh/cp/2021-02-30/1-2021-nd-cp", "30/2020/NĐ-CP",
                                 "/akn/vn/act/Nghi-dinh/cp/2020/30-2020-nd-cp"])
def test_bad_uris_raise(bad: str) -> None:
    with pytest.raises(InputError):
        Identity.parse(bad)


@given(st.dates(min_value=dt.date(1945, 1, 1), max_value=dt.date(2100, 12, 31)),
       st.sampled_from(["nghi-dinh", "cong-van", "chi-thi"]), st.integers(1, 9999))
def test_round_trip_any_date(day: dt.date, subtype: str, n: int) -> None:
    for date in (PartialDate(day.year), PartialDate(day.year, day.month), PartialDate.of(day, None)):
        ident = Identity(subtype, "ubnd", f"{n}-qd-ubnd", date)
        assert Identity.parse(ident.uri) == ident


def test_identity_of_a_parsed_decree() -> None:
    assert str(document_identity(vanban.parse_text(ND30))) == URIS[0]


def test_seed_identities_follow_the_numbering_law() -> None:
    doc = vanban.parse_file(SEED)
    assert str(document_identity(doc)) == URIS[1]  # the report prints no date
    by_key = {r.identity: reference_identity(r).uri for r in doc.references}
    # two Chỉ thị 11-CT/TW: one number, two Party terms, two documents
    assert by_key["11-ct/tw@VIII"] == "/akn/vn/act/chi-thi/tw/khoa-viii/11-ct-tw"
    assert by_key["11-ct/tw@X"] == "/akn/vn/act/chi-thi/tw/khoa-x/11-ct-tw"
    assert by_key["81-kh/tu"] == "/akn/vn/act/ke-hoach/tu/2017-07-05/81-kh-tu"
    assert by_key["52/2016/qđ-ttg"] == "/akn/vn/act/quyet-dinh/ttg/2016-12-06/52-2016-qd-ttg"


@pytest.mark.parametrize(("day", "term"), [
    (dt.date(1996, 12, 28), "VIII"), (dt.date(2007, 4, 13), "X"), (dt.date(2016, 1, 28), "XI"),
    (dt.date(2016, 1, 29), "XII"), (dt.date(2021, 6, 4), "XIII"),
])
def test_party_terms_from_congress_dates(day: dt.date, term: str) -> None:
    assert party_term(day) == term

"""edXML (QCVN 102:2016): round trips, packages as other systems write them, agency codes, hostile XML."""

from __future__ import annotations

import base64
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

import vanban
from vanban.cli import main
from vanban.errors import InputError
from vanban.exchange.agency import is_agency_code, parse_agency_code
from vanban.exchange.edxml import NS, read_edxml, to_edxml
from vanban.models import Attachment, Document, Exchange, Organisation, ResponseFor, TraceHeader

SEED = Path(__file__).resolve().parents[1] / "examples" / "bao-cao-85-BC-BTGTU.txt"
VOLATILE = {"source", "format", "encoding"}


def same(a: Document, b: Document) -> None:
    """Every field equal except where the document was read from."""
    left, right = a.model_dump(exclude=VOLATILE), b.model_dump(exclude=VOLATILE)
    assert [k for k in left if left[k] != right[k]] == []


def test_seed_package_reads_back_equal() -> None:
    seed = vanban.parse_file(SEED)
    data = vanban.to_edxml(seed)
    back = vanban.parse_file(data)
    assert back.format == "edxml"
    same(seed, back)
    assert back.incoming_stamp is not None and back.incoming_stamp.number == 783
    assert [r.canonical for r in back.references if r.relation == "responds_to"] == ["899/STTTT-TTBCBC"]
    # what the package says of the reply is in the standard elements, not only in the text
    assert b"<edXML:Code>899/STTTT-TTBCBC</edXML:Code>" in data
    assert b"<edXML:CodeNumber>85</edXML:CodeNumber>" in data
    assert b"<edXML:CodeNotation>BC/BTGTU</edXML:CodeNotation>" in data
    assert "<edXML:Competence>K/T TRƯỞNG BAN</edXML:Competence>".encode() in data


def test_every_exchange_field_survives(tmp_path: Path) -> None:
    seed = vanban.parse_file(SEED)
    pdf = tmp_path / "85-BC-BTGTU.pdf"
    pdf.write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 4)
    exchange = Exchange(
        sender=Organisation(organ_id="000.00.12.H70", name="Ban Tuyên giáo Tỉnh ủy", in_charge="Tỉnh ủy Bình Phước",
                            address="Đồng Xoài, Bình Phước", email="btg@binhphuoc.dcs.vn", telephone="0271 3879 000"),
        receivers=(Organisation(organ_id="H70.17", name="Sở Thông tin và Truyền thông"),
                   Organisation(organ_id="000.00.00.G22", name="Văn phòng Chính phủ")),
        document_id="000.00.12.H70,2021/08/18,85-BC/BTGTU", type_id=18,
        steering_type=1, priority=2, sphere="Địa phương", typer_notation="NTC", promulgation_amount=3,
        page_amount=4, appendixes=("Phụ lục số liệu",),
        response_for=(ResponseFor(organ_id="H70.17", code="899/STTTT-TTBCBC", date=dt.date(2021, 8, 10),
                                  document_id="H70.17,2021/08/10,899/STTTT-TTBCBC"),),
        trace_headers=(TraceHeader(organ_id="000.00.12.H70", timestamp="2021/08/18 09:30:00"),
                       TraceHeader(organ_id="H70.17", timestamp="2021/08/20 07:45:10")),
        business_doc_type=0, business_reason="Gửi văn bản mới",
        attachments=(Attachment(name="phu-luc.docx", content_id="3f1c1e0e-aa5b-4c1e-9a53-6d1f7a0c0001",
                                description="Phụ lục", data=b"PK\x03\x04 docx bytes"),),
    )
    doc = seed.model_copy(update={"exchange": exchange, "due_date": dt.date(2021, 8, 25)})
    back = read_edxml(to_edxml(doc, attachments=[pdf]))
    extra = back.exchange.attachments[-1] if back.exchange else None
    assert extra is not None and extra.name == pdf.name and extra.data == pdf.read_bytes()
    assert extra.content_type == "application/pdf"
    expected = doc.model_copy(update={"exchange": exchange.model_copy(
        update={"attachments": (*exchange.attachments, extra)})})
    same(expected, back)
    # JSON of the document carries the attachment as base64 and reads back
    again = Document.model_validate_json(back.model_dump_json())
    assert again.exchange == back.exchange


VPCP_PACKAGE = """<?xml version="1.0" encoding="utf-8"?>
<edXML xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
 <edXML:edXMLEnvelope xmlns:edXML="http://www.mic.gov.vn/TBT/QCVN_102_2016">
  <edXML:edXMLHeader>
   <edXML:MessageHeader>
    <edXML:From><edXML:OrganId>000.00.00.G22</edXML:OrganId><edXML:OrganizationInCharge>Chính phủ</edXML:OrganizationInCharge>
     <edXML:OrganName>Văn phòng Chính phủ</edXML:OrganName><edXML:OrganAdd>1 Hoàng Hoa Thám, Ba Đình, Hà Nội</edXML:OrganAdd>
     <edXML:Email>vpcp@chinhphu.vn</edXML:Email><edXML:Telephone>080 43162</edXML:Telephone><edXML:Fax/><edXML:Website>chinhphu.vn</edXML:Website></edXML:From>
    <edXML:To><edXML:OrganId>000.00.00.H41</edXML:OrganId><edXML:OrganName>UBND tỉnh Nghệ An</edXML:OrganName></edXML:To>
    <edXML:To><edXML:OrganId>H55.242</edXML:OrganId><edXML:OrganName>Sở Nội vụ tỉnh Thái Nguyên</edXML:OrganName></edXML:To>
    <edXML:Code><edXML:CodeNumber>7816</edXML:CodeNumber><edXML:CodeNotation>VPCP-TTĐT</edXML:CodeNotation></edXML:Code>
    <edXML:PromulgationInfo><edXML:Place>Hà Nội</edXML:Place><edXML:PromulgationDate>2015/09/30</edXML:PromulgationDate></edXML:PromulgationInfo>
    <edXML:DocumentType><edXML:Type>1</edXML:Type><edXML:TypeName>Công văn</edXML:TypeName></edXML:DocumentType>
    <edXML:Subject>V/v triển khai Cổng Thông tin điện tử Chính phủ</edXML:Subject>
    <edXML:Content></edXML:Content>
    <edXML:SignerInfo><edXML:Competence>KT. BỘ TRƯỞNG, CHỦ NHIỆM</edXML:Competence><edXML:Position>PHÓ CHỦ NHIỆM</edXML:Position><edXML:FullName>Nguyễn Văn Tùng</edXML:FullName></edXML:SignerInfo>
    <edXML:DueDate>2015/10/15</edXML:DueDate>
    <edXML:ToPlaces><edXML:Place>Các Bộ, cơ quan ngang Bộ</edXML:Place><edXML:Place>UBND các tỉnh, thành phố trực thuộc TW</edXML:Place></edXML:ToPlaces>
    <edXML:OtherInfo><edXML:Priority>0</edXML:Priority><edXML:SphereOfPromulgation>Toàn quốc</edXML:SphereOfPromulgation>
     <edXML:TyperNotation>TVC</edXML:TyperNotation><edXML:PromulgationAmount>63</edXML:PromulgationAmount><edXML:PageAmount>2</edXML:PageAmount></edXML:OtherInfo>
    <edXML:SteeringType>0</edXML:SteeringType>
    <edXML:DocumentId>000.00.00.G22,2015/09/30,7816/VPCP-TTĐT</edXML:DocumentId>
   </edXML:MessageHeader>
   <edXML:TraceHeaderList id="TraceHeaderList" version="1.0" mustUnderstand="1" actor="http://schemas.xmlsoap.org/soap/actor/next">
    <edXML:TraceHeader><edXML:OrganId>000.00.00.G22</edXML:OrganId><edXML:Timestamp>2015/09/30 16:20:05</edXML:Timestamp></edXML:TraceHeader>
    <edXML:Bussiness><edXML:BussinessDocType>0</edXML:BussinessDocType><edXML:BussinessDocReason>Gửi mới</edXML:BussinessDocReason>
     <edXML:Paper>0</edXML:Paper></edXML:Bussiness>
   </edXML:TraceHeaderList>
  </edXML:edXMLHeader>
  <edXML:edXMLBody><edXML:edXMLManifest version="1.0">
   <edXML:Reference xmlns:xlink="http://www.w3.org/1999/xlink" xlink:href="cid:a1b2" xlink:role="XLinkRole" xlink:type="simple">
    <edXML:Description>Văn bản</edXML:Description><edXML:AttachmentName>7816-VPCP-TTDT.pdf</edXML:AttachmentName>
    <edXML:ContentType>application/pdf</edXML:ContentType><edXML:ContentId>cid:a1b2</edXML:ContentId></edXML:Reference>
  </edXML:edXMLManifest></edXML:edXMLBody>
 </edXML:edXMLEnvelope>
 <AttachmentEncoded><Attachment><ContentType>application/pdf</ContentType><ContentId>a1b2</ContentId><Description>Văn bản</Description>
  <ContentTransferEncoded>JVBERi0xLjQK
JSVFT0YK</ContentTransferEncoded><AttachmentName>7816-VPCP-TTDT.pdf</AttachmentName></Attachment></AttachmentEncoded>
</edXML>
"""


def test_package_written_elsewhere_without_text() -> None:
    doc = vanban.parse_file(VPCP_PACKAGE.encode("utf-8"))
    assert doc.format == "edxml" and doc.text == ""
    assert doc.number is not None and doc.number.canonical == "7816/VPCP-TTĐT" and doc.number.form == "dispatch"
    assert (doc.date, doc.place, doc.due_date) == (dt.date(2015, 9, 30), "Hà Nội", dt.date(2015, 10, 15))
    assert doc.type is not None and doc.type.name == "Công văn"
    assert doc.issuer is not None and (doc.issuer.name, doc.issuer.parent) == ("Văn phòng Chính phủ", "Chính phủ")
    sig = doc.signature
    assert sig is not None and (sig.authority, sig.authority_title, sig.position, sig.signer) == (
        "KT.", "BỘ TRƯỞNG, CHỦ NHIỆM", "PHÓ CHỦ NHIỆM", "Nguyễn Văn Tùng")
    assert doc.recipients == ("Các Bộ, cơ quan ngang Bộ", "UBND các tỉnh, thành phố trực thuộc TW")
    ex = doc.exchange
    assert ex is not None and ex.sender is not None
    assert (ex.sender.organ_id, ex.sender.email, ex.sender.fax) == ("000.00.00.G22", "vpcp@chinhphu.vn", None)
    assert [r.organ_id for r in ex.receivers] == ["000.00.00.H41", "H55.242"]
    assert (ex.type_id, ex.steering_type, ex.priority, ex.typer_notation) == (1, 0, 0, "TVC")
    assert (ex.promulgation_amount, ex.page_amount, ex.sphere) == (63, 2, "Toàn quốc")
    assert ex.document_id == "000.00.00.G22,2015/09/30,7816/VPCP-TTĐT"
    assert ex.trace_headers == (TraceHeader(organ_id="000.00.00.G22", timestamp="2015/09/30 16:20:05"),)
    assert (ex.business_doc_type, ex.business_reason) == (0, "Gửi mới")
    assert ex.attachments == (Attachment(name="7816-VPCP-TTDT.pdf", content_type="application/pdf",
                                         content_id="a1b2", description="Văn bản", data=b"%PDF-1.4\n%%EOF\n"),)
    # written again and read back: nothing lost
    same(doc, read_edxml(to_edxml(doc)))


def test_unprefixed_elements_and_plain_manifest() -> None:
    xml = (
        f'<edXML xmlns="{NS}"><edXMLEnvelope><edXMLHeader><MessageHeader>'
        "<From><OrganId>000.00.04.G14</OrganId><OrganName>Cục Hóa chất</OrganName></From>"
        "<Code><CodeNumber>12</CodeNumber><CodeNotation>HC-QLHC</CodeNotation></Code>"
        "<PromulgationInfo><PromulgationDate>2024-03-05</PromulgationDate></PromulgationInfo>"
        "<Subject>V/v khai báo hóa chất</Subject>"
        "<ResponseFor><Code>45/SCT-CN</Code><PromulgationDate>2024/02/20</PromulgationDate></ResponseFor>"
        "</MessageHeader></edXMLHeader><edXMLBody><Manifest/></edXMLBody></edXMLEnvelope></edXML>"
    )
    doc = read_edxml(xml.encode())
    assert doc.number is not None and doc.number.canonical == "12/HC-QLHC"
    assert doc.date == dt.date(2024, 3, 5)
    assert doc.exchange is not None
    assert doc.exchange.response_for == (ResponseFor(code="45/SCT-CN", date=dt.date(2024, 2, 20)),)


@pytest.mark.parametrize(("code", "form", "levels"), [
    ("000.00.00.G22", "qcvn102", ("G22",)),
    ("000.00.00.H41", "qcvn102", ("H41",)),
    ("000.00.04.G14", "qcvn102", ("G14", "04")),
    ("001.02.35.H70", "qcvn102", ("H70", "35", "02", "001")),
    ("H55.242", "qd20", ("H55", "242")),
    ("G10", "qd20", ("G10",)),
    ("K57.12.03A", "qd20", ("K57", "12", "03A")),
])
def test_agency_codes(code: str, form: str, levels: tuple[str, ...]) -> None:
    parsed = parse_agency_code(code)
    assert (parsed.form, parsed.levels, parsed.level1) == (form, levels, levels[0])


@pytest.mark.parametrize("code", [
    "", "000.00.00.g22", "00.00.00.G22", "000.00.00.G2", "000-00-00-G22", "h55.242", "242.H55",
    "H55..242", "H55.242.", "H55." + "1" * 40, "Ｇ22", "000.00.00.Ğ22",
])
def test_bad_agency_codes(code: str) -> None:
    assert not is_agency_code(code)
    with pytest.raises(InputError):
        parse_agency_code(code)


def _package(header_extra: str = "", prolog: str = "") -> bytes:
    return (f'<?xml version="1.0"?>\n{prolog}<edXML xmlns="{NS}"><edXMLEnvelope><edXMLHeader><MessageHeader>'
            f"<From><OrganName>Sở Nội vụ</OrganName></From>{header_extra}"
            "</MessageHeader></edXMLHeader></edXMLEnvelope></edXML>").encode()


HOSTILE = {
    "external entity": _package("<Subject>&xxe;</Subject>",
                                '<!DOCTYPE edXML [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'),
    "billion laughs": _package("<Subject>&l9;</Subject>", "<!DOCTYPE edXML [" + '<!ENTITY l0 "ha">' + "".join(
        f'<!ENTITY l{i} "{("&l" + str(i - 1) + ";") * 10}">' for i in range(1, 10)) + "]>"),
    "external DTD": _package("", '<!DOCTYPE edXML SYSTEM "http://127.0.0.1:9/evil.dtd">'),
    "parameter entity": _package("", '<!DOCTYPE edXML [<!ENTITY % p SYSTEM "http://127.0.0.1:9/p.dtd"> %p;]>'),
    "lower-case doctype": _package("", '<!doctype edXML [<!ENTITY x "y">]>'),
    "not well-formed": _package("<Subject>unclosed"),
    "too deep": _package("<Subject>" + "<a>" * 5000 + "x" + "</a>" * 5000 + "</Subject>"),
    "bad base64": _package().replace(b"</edXML>", b"<AttachmentEncoded><Attachment><AttachmentName>a.pdf"
                                     b"</AttachmentName><ContentTransferEncoded>%%%not base64"
                                     b"</ContentTransferEncoded></Attachment></AttachmentEncoded></edXML>"),
    "bad agency code": _package().replace(b"<OrganName>", b"<OrganId>../../etc</OrganId><OrganName>"),
    "bad date": _package("<DueDate>2021/02/30</DueDate>"),
    "bad number": _package("<SteeringType>1e9999</SteeringType>"),
    "foreign namespace": _package().replace(NS.encode(), b"http://www.go.vn/eDoc"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_packages_are_refused(name: str) -> None:
    with pytest.raises(InputError):
        vanban.parse_file(HOSTILE[name])


def test_doctype_in_utf16_is_refused() -> None:
    data = ('<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE edXML [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            f'<edXML xmlns="{NS}"/>').encode("utf-16")
    with pytest.raises(InputError):
        read_edxml(data)


def test_refused_entity_never_reaches_the_document() -> None:
    with pytest.raises(InputError) as err:
        vanban.parse_file(HOSTILE["external entity"])
    assert "root:" not in str(err.value)


def test_wrong_root_is_refused() -> None:
    with pytest.raises(InputError):
        read_edxml(f'<Envelope xmlns="{NS}"/>'.encode())
    with pytest.raises(InputError):
        read_edxml(f'<edXML xmlns="{NS}"/>'.encode())


def test_cli_export_then_parse(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "85.edxml"
    attach = tmp_path / "scan.pdf"
    attach.write_bytes(b"%PDF-1.7 scan")
    assert main(["export", "--format", "edxml", str(SEED), "-o", str(out), "--attach", str(attach)]) == 0
    assert main(["parse", str(SEED)]) == 0
    original = json.loads(capsys.readouterr().out)
    assert main(["parse", str(out)]) == 0
    back = json.loads(capsys.readouterr().out)
    assert back["format"] == "edxml"
    attachments = back["exchange"].pop("attachments")
    assert [(a["name"], base64.b64decode(a["data"])) for a in attachments] == [("scan.pdf", b"%PDF-1.7 scan")]
    assert {k: v for k, v in back.items() if k not in VOLATILE | {"exchange"}} == {
        k: v for k, v in original.items() if k not in VOLATILE | {"exchange"}}


def test_cli_refuses_hostile_package_in_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "evil.edxml"
    bad.write_bytes(HOSTILE["billion laughs"])
    assert main(["parse", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "DOCTYPE" in err


def test_page_breaks_survive_and_controls_are_dropped() -> None:
    doc = Document(text="Trang 1\fTrang 2", subject="V/v thử\x01")
    data = to_edxml(doc)
    assert "Trang 1\u240cTrang 2".encode() in data and b"\x01" not in data and b"\x0c" not in data
    assert read_edxml(data).text == "Trang 1\fTrang 2"


def test_real_documents_read_back_equal(gazette: list[dict[str, Any]], admin: list[dict[str, Any]]) -> None:
    paged = 0
    for item in [*admin, *gazette]:
        doc = vanban.parse_text(item["text"], source=item["id"])
        paged += "\f" in doc.text
        same(doc, read_edxml(to_edxml(doc), source=item["id"]))
    assert paged >= 10


def test_package_is_told_by_content_not_name(tmp_path: Path) -> None:
    path = tmp_path / "van-ban.txt"
    path.write_bytes(b"\xef\xbb\xbf\n  " + VPCP_PACKAGE.encode("utf-8"))
    doc = vanban.parse_file(path)
    assert doc.format == "edxml" and doc.number is not None and doc.number.canonical == "7816/VPCP-TTĐT"
    plain = vanban.parse_file(SEED.read_bytes())
    assert plain.format == "text"

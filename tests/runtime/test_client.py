"""The generated client on a real socket: faults, transport errors, headers, tri-state, secrets."""

from __future__ import annotations

import csv
import re
import warnings
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree
from mktows import errors, models, serializers
from mktows.client import Client
from mktows.envelope import UnknownElementWarning
from mktows.retry import NO_RETRY
from mktows.transport import DEFAULT_TIMEOUT
from mktows.values import NIL
from xsdata.models.datatype import XmlDate, XmlDateTime

from tests.support.golden import GOLDEN
from tests.support.http_server import RecordingServer, Reply, recording_server

SECRET = "TOP-SECRET-do-not-leak"
FAMILIES = {
    errors.AuthenticationError: {20013, 20014},
    errors.RequestExpiredError: {20016},
    errors.LimitError: {20015, 20023, 20024},
    errors.InvalidRequestError: {20012, 20017, 20019, 20022, 20114}
    | (set(range(20101, 20111)) - {20103, 20108}),
    errors.NotFoundError: {20103, 20108, 20111, 20113},
    errors.BadStreamPositionError: {20122},
    errors.StreamAtEndError: {20123},
    errors.ServerError: {10001, 20011},
}


def fault_xml(code: int, message: str) -> bytes:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/">
  <SOAP-ENV:Body><SOAP-ENV:Fault>
    <faultcode>SOAP-ENV:Client</faultcode>
    <faultstring>{code} - {message}</faultstring>
    <detail><ns1:serviceException xmlns:ns1="http://www.marketo.com/mktows/">
      <name>mktServiceException</name><message>{message} ({code})</message><code>{code}</code>
    </ns1:serviceException></detail>
  </SOAP-ENV:Fault></SOAP-ENV:Body>
</SOAP-ENV:Envelope>""".encode()


def respond(server: RecordingServer, body: bytes, status: int = 200) -> Client:
    server.reply = Reply(status, body)
    return Client(server.endpoint, "user-1", SECRET, retry=NO_RETRY)


def documented_codes() -> list[tuple[int, str]]:
    with (GOLDEN / "errors.csv").open(encoding="utf-8") as handle:
        return [(int(row["code"]), row["message"]) for row in csv.DictReader(handle)]


def test_every_documented_code_raises_its_family() -> None:
    if not GOLDEN.is_dir():
        pytest.skip(f"documented samples not found in {GOLDEN} (set MKTOWS_SHARED)")
    codes = documented_codes()
    assert len(codes) == 27
    expected = {
        code: family for family, members in FAMILIES.items() for code in members
    }
    assert set(expected) == {code for code, _ in codes}
    with recording_server() as server:
        for code, message in codes:
            client = respond(server, fault_xml(code, message), 500)
            with pytest.raises(errors.MktowsFault) as caught:
                client.list_mobjects()
            assert type(caught.value) is expected[code], code
            assert (caught.value.code, caught.value.message) == (
                code,
                f"{message} ({code})",
            )


def test_an_unknown_code_is_a_plain_fault() -> None:
    with recording_server() as server:
        client = respond(server, fault_xml(29999, "Something new"), 500)
        with pytest.raises(errors.MktowsFault) as caught:
            client.list_mobjects()
    assert type(caught.value) is errors.MktowsFault and caught.value.code == 29999


def test_http_error_without_a_fault_is_a_transport_error() -> None:
    with recording_server() as server:
        client = respond(server, b"<html>" + b"bad gateway " * 100 + b"</html>", 502)
        with pytest.raises(errors.TransportError) as caught:
            client.list_mobjects()
    assert caught.value.status == 502
    assert caught.value.body.startswith("<html>bad gateway")
    assert len(caught.value.body) == errors.TransportError.BODY_LIMIT


def test_an_unreadable_response_names_line_and_column() -> None:
    with recording_server() as server:
        client = respond(
            server, b"<?xml version='1.0'?>\n<Envelope>\n  <Body>\n</Envelope>"
        )
        with pytest.raises(errors.ResponseError) as caught:
            client.list_mobjects()
    assert (caught.value.line, caught.value.column) == (4, 12)
    assert "line 4, column 12" in str(caught.value)


def test_a_connection_failure_is_a_transport_error() -> None:
    with recording_server() as server:
        endpoint = server.endpoint
    client = Client(endpoint, "user-1", SECRET, timeout=(0.5, 0.5), retry=NO_RETRY)
    with pytest.raises(errors.TransportError, match="ConnectionError"):
        client.list_mobjects()


def test_endpoint_is_required_and_defaults_are_documented() -> None:
    with pytest.raises(ValueError, match="endpoint"):
        Client("", "user-1", SECRET)
    assert DEFAULT_TIMEOUT == (10.0, 90.0)


LIST_RESPONSE = b"""<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/"
 xmlns:ns1="http://www.marketo.com/mktows/"><SOAP-ENV:Body><ns1:successListMObjects>
 <result><objects>LeadRecord</objects><newThing>7</newThing></result><extra/>
 </ns1:successListMObjects></SOAP-ENV:Body></SOAP-ENV:Envelope>"""
SYNC_RESPONSE = b"""<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/"
 xmlns:ns1="http://www.marketo.com/mktows/"><SOAP-ENV:Body><ns1:successSyncLead><result>
 <leadId>5</leadId><syncStatus><leadId>5</leadId><status>CREATED</status></syncStatus>
 </result></ns1:successSyncLead></SOAP-ENV:Body></SOAP-ENV:Envelope>"""


def test_unknown_elements_are_kept_with_one_warning() -> None:
    with recording_server() as server, warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = respond(server, LIST_RESPONSE).list_mobjects()
    (warning,) = [w for w in caught if w.category is UnknownElementWarning]
    assert "newThing" in str(warning.message) and "extra" in str(warning.message)
    assert result.objects == ["LeadRecord"]
    (kept,) = result.unknown_elements
    assert (kept.after, kept.tag, etree.fromstring(kept.xml).text) == (
        "objects",
        "newThing",
        "7",
    )


def sent_body(server: RecordingServer) -> etree._Element:
    return etree.fromstring(server.requests[-1].body)


def test_context_header_per_call_and_as_client_default() -> None:
    lead = models.LeadRecord(email="a@b.c")
    with recording_server() as server:
        client = respond(server, SYNC_RESPONSE)
        client.sync_lead(lead_record=lead, return_lead=False)
        assert sent_body(server).find(".//{*}MktowsContextHeader") is None
        client.sync_lead(
            lead_record=lead,
            return_lead=False,
            mktows_context=models.MktowsContextHeader(target_workspace="Europe"),
        )
        assert (
            sent_body(server).findtext(".//{*}MktowsContextHeader/targetWorkspace")
            == "Europe"
        )
        default = models.MktowsContextHeader(target_workspace="Default")
        client = Client(server.endpoint, "user-1", SECRET, mktows_context=default)
        result = client.sync_lead(lead_record=lead, return_lead=False)
        assert (
            sent_body(server).findtext(".//{*}MktowsContextHeader/targetWorkspace")
            == "Default"
        )
    assert result.sync_status.status is models.LeadSyncStatus.CREATED


def test_absent_nil_value_and_empty_string_on_the_wire() -> None:
    lead = models.LeadRecord(email="", foreign_sys_person_id=NIL)
    with recording_server() as server:
        respond(server, SYNC_RESPONSE).sync_lead(lead_record=lead, return_lead=True)
        record = sent_body(server).find(".//leadRecord")
    assert record is not None
    assert [child.tag for child in record] == ["Email", "ForeignSysPersonId"]
    assert record[0].text is None and len(record[0]) == 0  # <Email/>: empty, not nil
    assert record[1].get("{http://www.w3.org/2001/XMLSchema-instance}nil") == "true"


def test_the_lead_selector_is_sent_with_its_xsi_type() -> None:
    selector = models.StaticListSelector(static_list_name="Webinar")
    with recording_server() as server:
        respond(server, b"<x/>")
        with pytest.raises(errors.ResponseError):
            Client(server.endpoint, "u", SECRET).get_multiple_leads(
                lead_selector=selector
            )
        node = sent_body(server).find(".//leadSelector")
    assert node is not None
    prefix, _, local = node.get(
        "{http://www.w3.org/2001/XMLSchema-instance}type", ""
    ).partition(":")
    assert (node.nsmap[prefix], local) == (
        "http://www.marketo.com/mktows/",
        "StaticListSelector",
    )


def sent_last_updated_at(value: object) -> str | None:
    """What ``getMultipleLeads`` puts on the wire for ``lastUpdatedAt=value``."""
    selector = models.StaticListSelector(static_list_name="Webinar")
    with recording_server() as server:
        respond(server, b"<x/>")
        with pytest.raises(errors.ResponseError):
            Client(server.endpoint, "u", SECRET, retry=NO_RETRY).get_multiple_leads(
                lead_selector=selector, last_updated_at=value  # type: ignore[arg-type]
            )
        return sent_body(server).findtext(".//lastUpdatedAt")


@pytest.mark.parametrize(
    ("value", "wire"),
    [
        (datetime(2024, 3, 1, 9, 5, 7, tzinfo=UTC), "2024-03-01T09:05:07+00:00"),
        (
            datetime(
                2024, 3, 1, 9, 5, 7, tzinfo=timezone(-timedelta(hours=7, minutes=30))
            ),
            "2024-03-01T09:05:07-07:30",
        ),
        (
            datetime(2024, 3, 1, 9, 5, 7, 250000, tzinfo=UTC),
            "2024-03-01T09:05:07.250000+00:00",
        ),
        (
            XmlDateTime.from_string("2024-03-01T09:05:07.123456789+05:30"),
            "2024-03-01T09:05:07.123456789+05:30",
        ),
        (XmlDateTime.from_string("2024-03-01T09:05:07Z"), "2024-03-01T09:05:07+00:00"),
    ],
)
def test_a_datetime_goes_on_the_wire_as_w3c_datetime(value: object, wire: str) -> None:
    assert sent_last_updated_at(value) == wire


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        (
            datetime(2024, 3, 1, 9, 5, 7),
            "naive datetime 2024-03-01 09:05:07: give a tzinfo",
        ),
        (date(2024, 3, 1), "a date (2024-03-01) has no time or zone"),
        (
            datetime(2024, 3, 1, tzinfo=timezone(timedelta(seconds=30))),
            "the UTC offset 0:00:30 of 2024-03-01 00:00:00+00:00:30 is not a whole",
        ),
    ],
)
def test_a_datetime_without_a_zone_is_refused_before_sending(
    value: object, problem: str
) -> None:
    selector = models.StaticListSelector(static_list_name="Webinar")
    with recording_server() as server:
        client = respond(server, b"<x/>")
        with pytest.raises(ValueError, match=f"^lastUpdatedAt: {re.escape(problem)}"):
            client.get_multiple_leads(lead_selector=selector, last_updated_at=value)  # type: ignore[arg-type]
        assert server.requests == []


@given(
    moment=st.datetimes(
        min_value=datetime(1, 1, 2),
        max_value=datetime(9999, 12, 30),
        timezones=st.builds(
            timezone, st.integers(-14 * 60, 14 * 60).map(lambda m: timedelta(minutes=m))
        ),
    )
)
def test_any_aware_datetime_reads_back_as_the_same_instant(moment: datetime) -> None:
    text = serializers._datetime_text(moment, "when")
    assert "T" in text and " " not in text and not text.endswith("Z")
    assert XmlDateTime.from_string(text).to_datetime() == moment


def test_a_date_field_takes_a_date_or_a_datetime() -> None:
    assert serializers._date_text(date(2024, 3, 1)) == "2024-03-01"
    assert (
        serializers._date_text(datetime(2024, 3, 1, 23, 59, tzinfo=UTC)) == "2024-03-01"
    )
    assert (
        serializers._date_text(XmlDate.from_string("2024-03-01-05:00"))
        == "2024-03-01-05:00"
    )

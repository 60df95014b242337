"""XML attacks in responses are refused safely; response size is bounded.

Every hostile answer comes over real HTTP from a loopback server the test controls.
"""

from __future__ import annotations

import time

import pytest
from mktows import models as m
from mktows.errors import ResponseError, TransportError
from mktows.transport import MAX_RESPONSE_BYTES

from tests.support.http_server import RecordingServer, Reply, recording_server
from tests.support.servers import make_client

KEY = m.LeadKey(key_type=m.LeadKeyRef.IDNUM, key_value="1")
SOAP = b'<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns1="http://www.marketo.com/mktows/">'


def answer_with(result_text: bytes, doctype: bytes = b"") -> bytes:
    """A getLead answer whose lead's Email is ``result_text``."""
    return (
        b'<?xml version="1.0"?>'
        + doctype
        + SOAP
        + b"<SOAP-ENV:Body><ns1:successGetLead><result>"
        b"<count>1</count><leadRecordList><leadRecord><Id>1</Id><Email>"
        + result_text
        + b"</Email></leadRecord></leadRecordList></result></ns1:successGetLead>"
        b"</SOAP-ENV:Body></SOAP-ENV:Envelope>"
    )


def test_a_sane_answer_still_reads(http_server: RecordingServer) -> None:
    http_server.reply = Reply(body=answer_with(b"ok@example.com"))
    result = make_client(http_server).get_lead(lead_key=KEY)
    assert result.lead_record_list
    assert result.lead_record_list.lead_record[0].email == "ok@example.com"


def test_entity_expansion_is_refused_quickly(http_server: RecordingServer) -> None:
    entities = b"".join(
        b'<!ENTITY e%d "%s">' % (i, (b"&e%d;" % (i - 1)) * 10 if i else b"lol" * 10)
        for i in range(10)
    )
    http_server.reply = Reply(
        body=answer_with(b"&e9;", b"<!DOCTYPE r [" + entities + b"]>")
    )
    started = time.monotonic()
    with pytest.raises(ResponseError):
        make_client(http_server).get_lead(lead_key=KEY)
    assert time.monotonic() - started < 2


def test_external_entities_are_never_fetched(http_server: RecordingServer) -> None:
    with recording_server() as listener:  # whoever connects here (nobody should)
        port = int(listener.base.rsplit(":", 1)[1])
        attacks = [
            (b"&x;", b'<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'),
            (
                b"&x;",
                b'<!DOCTYPE r [<!ENTITY x SYSTEM "http://127.0.0.1:%d/x">]>' % port,
            ),
            (b"x", b'<!DOCTYPE r SYSTEM "http://127.0.0.1:%d/evil.dtd">' % port),
            (
                b"x",
                b'<!DOCTYPE r [<!ENTITY %% p SYSTEM "http://127.0.0.1:%d/p.dtd"> %%p;]>'
                % port,
            ),
        ]
        client = make_client(http_server)
        for text, doctype in attacks:
            http_server.reply = Reply(body=answer_with(text, doctype))
            with pytest.raises(ResponseError) as caught:
                client.get_lead(lead_key=KEY)
            assert "root:" not in str(caught.value)
        time.sleep(0.2)  # a fetch, had there been one, would have landed by now
    assert listener.connections == 0


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(answer_with(b"a" * 11_000_000), id="11 MB text node"),
        pytest.param(
            answer_with(b"<n>" * 5000 + b"</n>" * 5000), id="5000 levels deep"
        ),
    ],
)
def test_huge_or_deep_documents_are_refused(
    http_server: RecordingServer, body: bytes
) -> None:
    http_server.reply = Reply(body=body)
    with pytest.raises(ResponseError):
        make_client(http_server).get_lead(lead_key=KEY)


@pytest.mark.parametrize("declared", [True, False], ids=["Content-Length", "streamed"])
def test_response_size_is_bounded(http_server: RecordingServer, declared: bool) -> None:
    assert MAX_RESPONSE_BYTES == 64 * 1024 * 1024
    http_server.reply = Reply(body=answer_with(b"b" * 3_000_000), length=declared)
    client = make_client(http_server, max_response_bytes=1_000_000)
    with pytest.raises(TransportError, match="larger than 1000000"):
        client.get_lead(lead_key=KEY)


ENVELOPE_START = b'<?xml version="1.0"?>\n' + SOAP + b"<SOAP-ENV:Body>"


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(b"", id="empty"),
        pytest.param(b"not xml at all", id="text"),
        pytest.param(answer_with(b"x")[:-40], id="truncated"),
        pytest.param(b"<a>\n<b>\n</a>", id="tag mismatch"),
        pytest.param(answer_with(b"\x00"), id="NUL"),
        pytest.param(answer_with(b"x", b'<!DOCTYPE r [<!ENTITY x "y">]>'), id="DTD"),
        pytest.param(b"<html><body>hello</body></html>", id="not SOAP"),
        pytest.param(
            ENVELOPE_START + b"</SOAP-ENV:Body></SOAP-ENV:Envelope>", id="empty Body"
        ),
        pytest.param(
            ENVELOPE_START
            + b"<ns1:successSyncLead/></SOAP-ENV:Body></SOAP-ENV:Envelope>",
            id="wrong result",
        ),
    ],
)
def test_response_errors_name_their_place_once(
    http_server: RecordingServer, body: bytes
) -> None:
    http_server.reply = Reply(body=body)
    with pytest.raises(ResponseError) as caught:
        make_client(http_server).get_lead(lead_key=KEY)
    error = caught.value
    message = str(error)
    assert "None" not in message and "\n" not in message
    assert message.count("column") <= 1 and message.count(" at line ") <= 1
    if error.line is None:
        assert error.column is None and " line " not in message
    elif error.column is None:
        assert message.endswith(f" at line {error.line}")
    else:
        assert message.endswith(f" at line {error.line}, column {error.column}")
        assert message.count(f"line {error.line}") == 1


def test_a_parser_message_says_where_a_tag_was_opened_only_when_elsewhere(
    http_server: RecordingServer,
) -> None:
    http_server.reply = Reply(body=b"<a>\n<b>\n</a>")
    with pytest.raises(ResponseError) as caught:
        make_client(http_server).get_lead(lead_key=KEY)
    assert str(caught.value) == (
        "response is not well-formed XML: Opening and ending tag mismatch:"
        " <b> (opened on line 2) closed by </a> at line 3, column 5"
    )
    http_server.reply = Reply(body=b"<a></b>")
    with pytest.raises(ResponseError) as caught:
        make_client(http_server).get_lead(lead_key=KEY)
    assert str(caught.value).endswith(
        "mismatch: <a> closed by </b> at line 1, column 8"
    )

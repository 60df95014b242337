"""Bindings beyond SOAP 1.1 document/literal, called for real (issue 14, items 2 and 3).

Each small WSDL of ``tests/support/wsdl/bindings`` is generated and imported, and
its client calls the recording loopback server: the exact request (envelope
namespace, Content-Type or SOAPAction, Body content) and the parsed response or
the raised typed fault are asserted.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from lxml import etree

from generator.runtime.namespaces import SOAP12_ENV, SOAP_ENV
from tests.support.bindings import body_of, envelope, generated
from tests.support.http_server import RecordingServer, Reply


def canonical(node: etree._Element) -> str:
    """The element as exclusive C14N with ``ns1`` (the envelope's prefix) spelled
    out as the default namespace, so the expected XML reads naturally."""
    fresh = etree.fromstring(etree.tostring(node))
    etree.cleanup_namespaces(fresh)
    text = etree.tostring(fresh, method="c14n", exclusive=True).decode()
    namespace = etree.QName(fresh).namespace
    return text.replace(f' xmlns:ns1="{namespace}"', f' xmlns="{namespace}"').replace(
        "ns1:", ""
    )


def test_soap12_request_has_its_envelope_and_action_in_content_type(
    packages: Path, http_server: RecordingServer
) -> None:
    api = generated("soap12_faults.wsdl", packages)
    http_server.reply = Reply(
        body=envelope(
            SOAP12_ENV,
            '<GetQuoteResponse xmlns="urn:test:quotes"><price>12.50</price></GetQuoteResponse>',
        ),
        content_type="application/soap+xml; charset=utf-8",
    )
    assert api.client.Client(http_server.endpoint).get_quote(symbol="ACME") == Decimal(
        "12.50"
    )
    (request,) = http_server.requests
    assert request.headers["Content-Type"] == (
        'application/soap+xml; charset=utf-8; action="urn:test:quotes#GetQuote"'
    )
    assert "SOAPAction" not in request.headers
    (payload,) = body_of(request.body, SOAP12_ENV)
    assert payload.tag == "{urn:test:quotes}GetQuote"
    assert [(c.tag, c.text) for c in payload] == [("{urn:test:quotes}symbol", "ACME")]


def test_soap12_fault_raises_the_declared_fault_with_its_detail_read(
    packages: Path, http_server: RecordingServer
) -> None:
    api = generated("soap12_faults.wsdl", packages)
    fault = (
        "<e:Fault><e:Code><e:Value>e:Sender</e:Value></e:Code>"
        '<e:Reason><e:Text xml:lang="en">no such symbol</e:Text></e:Reason>'
        '<e:Detail><UnknownSymbol xmlns="urn:test:quotes"><symbol>ZZZ</symbol>'
        "<suggestion>ZZ</suggestion></UnknownSymbol></e:Detail></e:Fault>"
    )
    http_server.reply = Reply(500, envelope(SOAP12_ENV, fault))
    with pytest.raises(api.client.UnknownSymbolFault) as caught:
        api.client.Client(http_server.endpoint).get_quote(symbol="ZZZ")
    error = caught.value
    assert isinstance(error, api.errors.SoapFault)
    assert (error.faultcode, error.faultstring) == ("e:Sender", "no such symbol")
    assert isinstance(error.fault_detail, api.models.UnknownSymbol)
    assert (error.fault_detail.symbol, error.fault_detail.suggestion) == ("ZZZ", "ZZ")
    assert api.UnknownSymbolFault is api.client.UnknownSymbolFault


def test_soap12_fault_without_declared_detail_is_a_plain_fault(
    packages: Path, http_server: RecordingServer
) -> None:
    api = generated("soap12_faults.wsdl", packages)
    fault = (
        "<e:Fault><e:Code><e:Value>e:Receiver</e:Value></e:Code>"
        "<e:Reason><e:Text>down</e:Text></e:Reason></e:Fault>"
    )
    http_server.reply = Reply(500, envelope(SOAP12_ENV, fault))
    with pytest.raises(api.errors.SoapFault) as caught:
        api.client.Client(http_server.endpoint).get_quote(symbol="A")
    assert not isinstance(caught.value, api.client.UnknownSymbolFault)
    assert (caught.value.faultcode, str(caught.value)) == ("e:Receiver", "down")


def test_one_way_operation_reads_no_response_and_returns_none(
    packages: Path, http_server: RecordingServer
) -> None:
    api = generated("soap12_faults.wsdl", packages)
    http_server.reply = Reply(202, b"", content_type="")
    client = api.client.Client(http_server.endpoint)
    assert client.notify(note="hello") is None
    (request,) = http_server.requests
    (payload,) = body_of(request.body, SOAP12_ENV)
    assert canonical(payload) == (
        '<Notify xmlns="urn:test:quotes"><note>hello</note></Notify>'
    )
    assert "Notify" not in api.client.READ_OPERATIONS


def test_one_way_operation_still_raises_a_fault(
    packages: Path, http_server: RecordingServer
) -> None:
    api = generated("soap12_faults.wsdl", packages)
    fault = "<e:Fault><e:Code><e:Value>e:Sender</e:Value></e:Code><e:Reason><e:Text>no</e:Text></e:Reason></e:Fault>"
    http_server.reply = Reply(500, envelope(SOAP12_ENV, fault))
    with pytest.raises(api.errors.SoapFault, match="no"):
        api.client.Client(http_server.endpoint).notify(note="x")


def test_rpc_literal_wraps_type_parts_in_the_operation_element(
    packages: Path, http_server: RecordingServer
) -> None:
    api = generated("rpc_mixed.wsdl", packages)
    http_server.reply = Reply(
        body=envelope(
            SOAP_ENV,
            '<r:AddResponse xmlns:r="urn:test:calc:rpc"><sum>7</sum></r:AddResponse>',
        )
    )
    client = api.client.Client(
        http_server.endpoint, session_value=api.models.Session(token="t0")
    )
    pair = api.models.Pair(left=2, right=3)
    assert client.add(a=2, pair=pair) == 7
    (request,) = http_server.requests
    assert request.headers["SOAPAction"] == '"urn:test:calc#Add"'
    assert request.headers["Content-Type"] == "text/xml; charset=utf-8"
    root = etree.fromstring(request.body)
    header = root.find(f"{{{SOAP_ENV}}}Header")
    assert header is not None
    assert [canonical(h) for h in header] == [
        '<Session xmlns="urn:test:calc"><token>t0</token></Session>'
    ]
    (payload,) = body_of(request.body, SOAP_ENV)
    assert payload.tag == "{urn:test:calc:rpc}Add"
    assert [c.tag for c in payload] == ["a", "pair"]  # parts unqualified
    assert [c.tag for c in payload[1]] == [
        "{urn:test:calc}left",
        "{urn:test:calc}right",
    ]


def test_header_keyword_wins_over_the_client_default(
    packages: Path, http_server: RecordingServer
) -> None:
    api = generated("rpc_mixed.wsdl", packages)
    response = '<r:AddResponse xmlns:r="urn:test:calc:rpc"><sum>1</sum></r:AddResponse>'
    http_server.reply = Reply(body=envelope(SOAP_ENV, response))
    client = api.client.Client(
        http_server.endpoint, session_value=api.models.Session(token="default")
    )
    client.add(
        a=1,
        pair=api.models.Pair(left=0, right=0),
        session_value=api.models.Session(token="mine"),
    )
    root = etree.fromstring(http_server.requests[0].body)
    assert root.findtext(".//{urn:test:calc}token") == "mine"


def test_operation_style_overrides_the_binding_style(
    packages: Path, http_server: RecordingServer
) -> None:
    api = generated("rpc_mixed.wsdl", packages)
    http_server.reply = Reply(
        body=envelope(
            SOAP_ENV,
            '<EchoResponse xmlns="urn:test:calc"><text>hi</text></EchoResponse>',
        )
    )
    assert api.client.Client(http_server.endpoint).echo(text="hi") == "hi"
    (payload,) = body_of(http_server.requests[0].body, SOAP_ENV)
    assert canonical(payload) == '<Echo xmlns="urn:test:calc"><text>hi</text></Echo>'


def test_messages_without_parts_send_and_read_an_empty_body(
    packages: Path, http_server: RecordingServer
) -> None:
    api = generated("rpc_mixed.wsdl", packages)
    http_server.reply = Reply(body=envelope(SOAP_ENV, ""))
    result = api.client.Client(http_server.endpoint).ping()
    assert result is None  # an output with no parts gives None, not an empty object
    assert not hasattr(api.models, "PingOutput")
    body = body_of(http_server.requests[0].body, SOAP_ENV)
    assert len(body) == 0 and not (body.text or "").strip()


def test_one_client_per_port_each_with_its_soap_version(
    packages: Path, http_server: RecordingServer
) -> None:
    api = generated("two_services.wsdl", packages)
    answer = '<NowResponse xmlns="urn:test:time"><time>noon</time></NowResponse>'
    http_server.reply = Reply(body=envelope(SOAP_ENV, answer))
    assert api.client.TimeSoapClient(http_server.endpoint).now(zone="UTC") == "noon"
    http_server.reply = Reply(body=envelope(SOAP12_ENV, answer))
    assert api.client.TimeSoap12Client(http_server.endpoint).now(zone="UTC") == "noon"
    first, second = http_server.requests
    assert first.headers["SOAPAction"] == '"urn:test:time#Now"'
    assert body_of(first.body, SOAP_ENV)[0].tag == "{urn:test:time}Now"
    assert second.headers["Content-Type"].endswith('; action="urn:test:time#Now"')
    assert body_of(second.body, SOAP12_ENV)[0].tag == "{urn:test:time}Now"
    assert api.client.Client is api.client.TimeSoapClient  # the first port's
    assert api.TimeSoap12Client is api.client.TimeSoap12Client

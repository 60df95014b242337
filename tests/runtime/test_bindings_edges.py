"""rpc/literal and header edge cases, called for real (issue 14, items 2 and 3).

A WSDL with no ``<types>`` (built-in part types only), ``soap:header`` parts given
by ``type=``, rpc wrappers named like schema elements, and outputs with no parts:
each generated, imported and called against the recording loopback server.
"""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest
from lxml import etree

from generator.runtime.namespaces import SOAP_ENV
from tests.support.bindings import body_of, envelope, generated
from tests.support.http_server import RecordingServer, Reply

FAULT = (
    "<e:Fault><faultcode>e:Server</faultcode><faultstring>no</faultstring></e:Fault>"
)


def headers_of(request_body: bytes) -> list[str]:
    header = etree.fromstring(request_body).find(f"{{{SOAP_ENV}}}Header")
    assert header is not None
    return [shape(h) for h in header]


def shape(node: etree._Element) -> str:
    """``{ns}tag(children...)`` or ``{ns}tag=text``: names and text, prefixes aside."""
    if len(node):
        return f"{node.tag}({', '.join(shape(c) for c in node)})"
    return f"{node.tag}={node.text or ''}"


def test_wsdl_without_types_calls_with_builtin_parts_and_a_type_header(
    packages: Path, http_server: RecordingServer
) -> None:
    api = generated("rpc_no_types.wsdl", packages)
    http_server.reply = Reply(
        body=envelope(
            SOAP_ENV,
            '<r:AddResponse xmlns:r="urn:test:edge:rpc"><sum>5</sum></r:AddResponse>',
        )
    )
    token = api.models.token(value="t0")
    assert api.client.Client(http_server.endpoint, token=token).add(a=2, b=3) == 5
    (request,) = http_server.requests
    # named after the part, in the soap:header's namespace
    assert headers_of(request.body) == ["{urn:test:edge:auth}token=t0"]
    (payload,) = body_of(request.body, SOAP_ENV)
    assert shape(payload) == "{urn:test:edge:rpc}Add(a=2, b=3)"


def test_rpc_output_with_no_parts_returns_none_after_checking_its_wrapper(
    packages: Path, http_server: RecordingServer
) -> None:
    api = generated("rpc_no_types.wsdl", packages)
    client = api.client.Client(http_server.endpoint)
    assert inspect.signature(client.reset).return_annotation == "None"
    http_server.reply = Reply(
        body=envelope(SOAP_ENV, '<r:ResetResponse xmlns:r="urn:test:edge:rpc"/>')
    )
    assert client.reset(reason="why") is None
    http_server.reply = Reply(
        body=envelope(SOAP_ENV, '<r:Other xmlns:r="urn:test:edge:rpc"/>')
    )
    with pytest.raises(api.errors.ResponseError, match="ResetResponse"):
        client.reset(reason="why")
    http_server.reply = Reply(status=500, body=envelope(SOAP_ENV, FAULT))
    with pytest.raises(api.errors.SoapFault, match="no"):
        client.reset(reason="why")


def test_document_output_with_no_parts_returns_none_and_still_raises_faults(
    packages: Path, http_server: RecordingServer
) -> None:
    api = generated("rpc_clash.wsdl", packages)
    client = api.client.Client(http_server.endpoint)
    http_server.reply = Reply(body=envelope(SOAP_ENV, ""))
    assert client.forget(key="k") is None
    assert inspect.signature(client.forget).return_annotation == "None"
    http_server.reply = Reply(status=500, body=envelope(SOAP_ENV, FAULT))
    with pytest.raises(api.errors.SoapFault, match="no"):
        client.forget(key="k")


def test_rpc_wrapper_named_like_a_schema_element_is_its_own_class(
    packages: Path, http_server: RecordingServer
) -> None:
    api = generated("rpc_clash.wsdl", packages)
    models = api.models
    assert models.Lookup_type.Meta.name == "Lookup"  # the wrapper; wire name exact
    assert not hasattr(models.Lookup, "Meta") or "name" not in vars(models.Lookup.Meta)
    http_server.reply = Reply(
        body=envelope(
            SOAP_ENV,
            '<c:LookupResponse xmlns:c="urn:test:clash"><value>v</value>'
            "</c:LookupResponse>",
        )
    )
    client = api.client.Client(
        http_server.endpoint,
        ticket=models.Ticket(id="9"),
        lang=models.Lang_type(value="en"),
    )
    assert client.lookup(key="k") == "v"
    (request,) = http_server.requests
    (payload,) = body_of(request.body, SOAP_ENV)
    assert shape(payload) == "{urn:test:clash}Lookup(key=k)"
    assert headers_of(request.body) == [
        "{urn:test:clash}Ticket({urn:test:clash}id=9)",  # the schema's element
        "{urn:test:clash}Lang=en",  # made, as the class Lang_type
    ]

"""A request type that extends base types: its method takes the bases' fields too
(issue 14; a method once took only the type's own fields and sent an invalid body)."""

from __future__ import annotations

import inspect
from pathlib import Path

from generator.runtime.namespaces import SOAP_ENV
from tests.support.bindings import body_of, envelope, generated
from tests.support.http_server import RecordingServer, Reply

NS = "{urn:test:shipping}"


def test_the_method_takes_and_sends_every_inherited_field(
    packages: Path, http_server: RecordingServer
) -> None:
    api = generated("inherited_request.wsdl", packages)
    method = api.client.Client.ship
    parameters = list(inspect.signature(method).parameters)[1:]
    # required first (bases' first), then optional (bases' first)
    assert parameters == ["name", "account", "phone", "level"]
    http_server.reply = Reply(
        body=envelope(
            SOAP_ENV, '<shipResponse xmlns="urn:test:shipping">ok</shipResponse>'
        )
    )
    client = api.client.Client(http_server.endpoint)
    assert client.ship(name="ACME", account=7, level=2).value == "ok"
    (request,) = http_server.requests
    (payload,) = body_of(request.body, SOAP_ENV)
    assert payload.tag == f"{NS}ship"
    assert [(c.tag, c.text) for c in payload] == [
        (f"{NS}name", "ACME"),
        (f"{NS}account", "7"),
        (f"{NS}level", "2"),
    ]


def test_a_restriction_takes_only_the_fields_it_keeps(
    packages: Path, http_server: RecordingServer
) -> None:
    api = generated("restricted_request.wsdl", packages)
    parameters = list(inspect.signature(api.client.Client.ship).parameters)[1:]
    assert parameters == ["name"]  # phone is left out by the restriction
    http_server.reply = Reply(
        body=envelope(
            SOAP_ENV, '<shipResponse xmlns="urn:test:shipping">ok</shipResponse>'
        )
    )
    assert api.client.Client(http_server.endpoint).ship(name="ACME").value == "ok"
    (request,) = http_server.requests
    (payload,) = body_of(request.body, SOAP_ENV)
    assert [(c.tag, c.text) for c in payload] == [(f"{NS}name", "ACME")]

"""Every documented request sample, produced by the generated client on a real socket.

The client signs with the published demo key, using the sample's user id and
timestamp; the bytes it sends are compared canonically with the sample. Where
INDEX.md says the signature verifies with that key, the signature must match
exactly; elsewhere everything but ``requestSignature`` is compared.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from lxml import etree
from mktows import client as client_module
from mktows import models
from mktows.client import Client
from mktows.values import NIL

from generator.model.api import snake_case
from generator.profiles.mktows import NAMESPACE as MKTOWS
from generator.profiles.mktows.runtime.signing import SIGNATURE_FIELD
from generator.tools.golden.samples import canonical
from tests.support.golden import (
    DEMO_SECRET,
    credentials,
    operation_of,
    parsed_request,
    sample_names,
    sample_text,
    verifiable_requests,
)
from tests.support.http_server import RecordingServer, Reply, recording_server

REQUESTS = sample_names(".request.xml")


@contextmanager
def client_for(sample: str) -> Iterator[Client]:
    """A client signing as ``sample`` does, talking to a recording server that answers
    with the operation's response sample; what it sent must then match ``sample``."""
    found = credentials(sample)
    with recording_server() as server:
        server.reply = Reply(
            body=sample_text(f"{operation_of(sample)}.response.xml").encode()
        )
        yield Client(
            server.endpoint, found.user_id, DEMO_SECRET, clock=lambda: found.timestamp
        )
    assert_sent_matches(sample, server)


def assert_sent_matches(sample: str, server: RecordingServer) -> None:
    (exchange,) = server.requests
    operation = operation_of(sample)
    assert exchange.headers["SOAPAction"] == f'"{MKTOWS}{operation}"'
    assert exchange.headers["Content-Type"] == "text/xml; charset=utf-8"
    expected = sample_text(sample).encode()
    exact = sample in verifiable_requests()
    blank = None if exact else SIGNATURE_FIELD
    assert canonical(exchange.body, blank) == canonical(expected, blank)
    sent = etree.fromstring(exchange.body).findtext(".//requestSignature")
    if exact:
        assert sent == credentials(sample).signature


@pytest.mark.parametrize("sample", REQUESTS)
def test_request_sample_from_the_client(sample: str) -> None:
    """Typed request (read from the sample) -> client.call -> wire bytes == sample."""
    operation = getattr(client_module, snake_case(operation_of(sample)).upper())
    with client_for(sample) as client:
        result = client.call(operation, parsed_request(sample))
    assert result is not None


def test_the_suite_covers_the_documented_samples() -> None:
    assert len(REQUESTS) == 16
    assert len(verifiable_requests()) == 10


# The seeds: built from hand-written typed Python, as a user would write them.


def test_sync_lead_seed() -> None:
    sample = "syncLead.request.xml"
    with client_for(sample) as client:
        result = client.sync_lead(
            lead_record=models.LeadRecord(
                email="t@t.com",
                lead_attribute_list=models.ArrayOfAttribute(
                    attribute=[
                        models.Attribute(attr_name="FirstName", attr_value="George"),
                        models.Attribute(
                            attr_name="LastName", attr_value="of the Jungle"
                        ),
                    ]
                ),
            ),
            return_lead=False,
        )
    assert result.lead_id == 1089965
    assert result.sync_status.status is models.LeadSyncStatus.UPDATED
    assert result.sync_status.error is NIL
    assert result.lead_record is NIL


def lead(number: int) -> models.LeadRecord:
    return models.LeadRecord(
        email=f"em{number}@etestd.marketo.net",
        lead_attribute_list=models.ArrayOfAttribute(
            attribute=[
                models.Attribute(attr_name="Company", attr_value=f"Marketo{number}"),
                models.Attribute(attr_name="Phone", attr_value=f"650-555-{number}"),
            ]
        ),
    )


def test_sync_multiple_leads_seed() -> None:
    sample = "syncMultipleLeads.request.xml"
    with client_for(sample) as client:
        result = client.sync_multiple_leads(
            lead_record_list=models.ArrayOfLeadRecord(
                lead_record=[lead(1000), lead(1001)]
            ),
            dedup_enabled=True,
        )
    statuses = result.sync_status_list.sync_status
    assert [(s.lead_id, s.status) for s in statuses] == [
        (1090240, models.LeadSyncStatus.UPDATED),
        (1090239, models.LeadSyncStatus.UPDATED),
    ]


def test_sync_mobjects_seed() -> None:
    sample = "syncMObjects.request.xml"
    cost = [("Month", "2013-06"), ("Amount", "2000"), ("Id", "153")]
    with client_for(sample) as client:
        result = client.sync_mobjects(
            m_object_list=models.ArrayOfMObject(
                m_object=[
                    models.MObject(
                        type_value="Program",
                        id=1970,
                        type_attrib_list=models.ArrayOfTypeAttrib(
                            type_attrib=[
                                models.TypeAttrib(
                                    attr_type="Cost",
                                    attr_list=models.ArrayOfAttrib(
                                        attrib=[
                                            models.Attrib(name=n, value=v)
                                            for n, v in cost
                                        ]
                                    ),
                                )
                            ]
                        ),
                    )
                ]
            ),
            operation=models.SyncOperationEnum.UPDATE,
        )
    (status,) = result.m_obj_status_list.m_obj_status
    assert (status.id, status.status) == (1970, models.MObjStatusEnum.UPDATED)

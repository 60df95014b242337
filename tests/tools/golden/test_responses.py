"""Every documented response sample: parsed by the client into typed objects, and lossless.

The client reads each sample off a real socket; the typed result is checked for
meaningful values, then written back with the generated serializers and compared
canonically with the sample. Three samples are malformed as published: the suite
repairs a copy minimally (see ``REPAIRS``) and proves the originals are untouched.
"""

from __future__ import annotations

import difflib
import warnings
from collections.abc import Callable
from typing import Any

import pytest
from lxml import etree
from mktows import client as client_module
from mktows import models, serializers
from mktows.client import Client
from mktows.envelope import UnknownElementWarning
from mktows.errors import AuthenticationError, MktowsFault
from mktows.values import NIL

from generator.model.api import snake_case
from generator.runtime.namespaces import SOAP_ENV as SOAP
from generator.tools.golden.samples import canonical
from tests.support.golden import (
    GOLDEN,
    REPAIRS,
    operation_of,
    parsed_request,
    sample_names,
    sample_text,
)
from tests.support.http_server import Reply, recording_server

RESPONSES = [n for n in sample_names(".response.xml") if "response.2" not in n]


def lead_attributes(lead: models.LeadRecord) -> dict[str, Any]:
    assert lead.lead_attribute_list not in (None, NIL)
    return {a.attr_name: a.attr_value for a in lead.lead_attribute_list.attribute}


def check_get_lead(result: models.ResultGetLead) -> None:
    assert result.count == 1
    (lead,) = result.lead_record_list.lead_record
    assert (lead.id, lead.email) == (1089965, "rufus@marketo.com")
    assert lead_attributes(lead)["AnonymousIP"] == "172.249.34.240"


def check_get_multiple_leads(result: models.ResultGetMultipleLeads) -> None:
    assert (
        result.return_count,
        result.remaining_count,
        result.new_stream_position,
    ) == (2, 0, "")
    emails = [lead.email for lead in result.lead_record_list.lead_record]
    assert emails[0] == "formtest1@marketo.com" and len(emails) == 2


def check_lead_activity(result: models.LeadActivityList) -> None:
    assert (result.return_count, result.remaining_count) == (10, 4)
    assert result.new_start_position.offset == "ID:1024814"
    assert result.new_start_position.oldest_created_at is NIL
    assert len(result.activity_record_list.activity_record) == 10


def check_lead_changes(result: models.ResultGetLeadChanges) -> None:
    assert (result.return_count, result.remaining_count) == (10, 576)
    assert str(result.new_start_position.oldest_created_at) == "2013-08-01T00:13:13Z"
    records = result.lead_change_record_list.lead_change_record
    assert len(records) == 10 and records[0].id == 1037189
    values = [a.attr_value for r in records for a in r.activity_attributes.attribute]
    assert "Form fill-out, URL: <unknown>" in values  # the repaired text, unescaped


def check_custom_objects(result: models.ResultGetCustomObjects) -> None:
    assert (result.obj_type_name, result.return_count) == ("Roadshow", 6)
    assert result.new_stream_position == '{"ky":["1090177"],"os":6}'
    first = result.custom_obj_list.custom_obj[0].custom_obj_key_list.attribute[0]
    assert (first.attr_name, first.attr_type, first.attr_value) == (
        "MKTOID",
        NIL,
        "1090177",
    )


def check_statuses(expected: list[tuple[int, str]]) -> Callable[[Any], None]:
    def check(result: Any) -> None:
        found = [(s.id, s.status.value) for s in result.m_obj_status_list.m_obj_status]
        assert found == expected

    return check


def check_success(result: Any) -> None:
    assert result.success is True


def check_list_mobjects(result: models.ResultListMObjects) -> None:
    assert result.objects == [
        "ActivityRecord",
        "LeadRecord",
        "Opportunity",
        "OpportunityPersonRole",
    ]


def check_describe(result: models.ResultDescribeMObject) -> None:
    metadata = result.metadata
    assert (metadata.name, metadata.is_custom, metadata.is_virtual) == (
        "ActivityRecord",
        False,
        True,
    )
    assert metadata.field_list.field_value[0].name == "id"


def check_channels(result: models.ResultGetChannels) -> None:
    blog = result.tags.tag_status[0]
    assert blog.tag_value == "Blog"
    first = blog.status_list.progression_status_item[0].progression_status.attrib
    assert [(a.name, a.value) for a in first][:2] == [
        ("Status", "Engaged"),
        ("Step", "20"),
    ]


def check_sync_custom_objects(result: models.ResultSyncCustomObjects) -> None:
    first = result.sync_custom_obj_status_list.sync_custom_obj_status[0]
    assert first.obj_type_name == "Roadshow"


def check_sync_lead(result: models.ResultSyncLead) -> None:
    assert (result.lead_id, result.sync_status.status) == (
        1089965,
        models.LeadSyncStatus.UPDATED,
    )
    assert result.lead_record is NIL


def check_sync_multiple(result: models.ResultSyncMultipleLeads) -> None:
    assert [s.lead_id for s in result.sync_status_list.sync_status] == [
        1090240,
        1090239,
    ]


def check_auth_page_activity(result: models.LeadActivityList) -> None:
    assert (result.return_count, result.remaining_count) == (1, 0)
    (record,) = result.activity_record_list.activity_record
    assert record.id == 12025714
    assert str(record.activity_date_time).endswith("-05:00")


EXPECTATIONS: dict[str, Callable[[Any], None]] = {
    "authentication-signature": check_auth_page_activity,
    "getLead": check_get_lead,
    "getMultipleLeads": check_get_multiple_leads,
    "getLeadActivity": check_lead_activity,
    "getLeadChanges": check_lead_changes,
    "getCustomObjects": check_custom_objects,
    "listMObjects": check_list_mobjects,
    "describeMObject": check_describe,
    "getChannels": check_channels,
    "requestCampaign": check_success,
    "scheduleCampaign": check_success,
    "deleteMObjects": check_statuses([(4, "DELETED"), (7, "DELETED")]),
    "syncMObjects": check_statuses([(1970, "UPDATED")]),
    "syncCustomObjects": check_sync_custom_objects,
    "syncLead": check_sync_lead,
    "syncMultipleLeads": check_sync_multiple,
}


def call_with_reply(sample: str) -> Any:
    """Send the operation's documented request; the server answers with ``sample``."""
    operation = getattr(client_module, snake_case(operation_of(sample)).upper())
    request = parsed_request(sample.replace(".response.xml", ".request.xml"))
    with recording_server() as server:
        server.reply = Reply(body=sample_text(sample).encode())
        return Client(server.endpoint, "user", "secret").call(operation, request)


@pytest.mark.parametrize("sample", RESPONSES)
def test_response_sample_parses_into_typed_values(sample: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", UnknownElementWarning)
        result = call_with_reply(sample)
    payload = getattr(result, "result", None) or getattr(
        result, "lead_activity_list", None
    )
    EXPECTATIONS[sample.split(".")[0]](payload)


@pytest.mark.parametrize("sample", RESPONSES)
def test_response_sample_round_trips_losslessly(sample: str) -> None:
    from mktows import parsers

    original = sample_text(sample).encode()
    body = etree.fromstring(original).find(f"{{{SOAP}}}Body")
    assert body is not None
    payload = next(iter(body))
    obj = parsers.ELEMENTS[payload.tag](payload, [])
    envelope = etree.Element(f"{{{SOAP}}}Envelope")
    serializers.ELEMENTS[type(obj)](obj, etree.SubElement(envelope, f"{{{SOAP}}}Body"))
    assert canonical(etree.tostring(envelope)) == canonical(original)


@pytest.mark.parametrize("sample", sorted(REPAIRS))
def test_malformed_samples_stay_byte_exact_and_the_repair_is_minimal(
    sample: str,
) -> None:
    original = (GOLDEN / sample).read_text(encoding="utf-8")
    with pytest.raises(etree.XMLSyntaxError):
        etree.fromstring(original.encode())
    repaired = sample_text(sample)
    etree.fromstring(repaired.encode())
    diff = [
        line
        for line in difflib.unified_diff(
            original.splitlines(), repaired.splitlines(), n=0
        )
        if line[:1] in "+-" and line[:3] not in ("+++", "---")
    ]
    assert len(diff) <= 2, REPAIRS[sample].what  # one line changed, or one line added


def test_the_fault_sample_raises_the_authentication_error() -> None:
    with recording_server() as server:
        server.reply = Reply(
            500, (GOLDEN / "authentication-signature.response.2.xml").read_bytes()
        )
        client = Client(server.endpoint, "user", "secret")
        with pytest.raises(AuthenticationError) as caught:
            client.list_mobjects()
    fault = caught.value
    assert isinstance(fault, MktowsFault)
    assert (fault.code, fault.message) == (20014, "Authentication failed (20014)")
    assert (fault.faultcode, fault.faultstring) == (
        "SOAP-ENV:Client",
        "20014 - Authentication failed",
    )
    assert b"<code>20014</code>" in fault.detail

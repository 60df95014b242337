"""MObject, custom object, campaign and import operations of the simulator, and a
call of every operation of the WSDL."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from mktows import NIL
from mktows import models as m
from mktows.client import Client
from mktows.errors import (
    InvalidRequestError,
    NotFoundError,
)
from xsdata.models.datatype import XmlDateTime

from generator.profiles.mktows.simulator import SimulatorServer
from generator.profiles.mktows.simulator.protocol import load_bindings
from tests.support.servers import by_email, key, lead, make_client


def test_mobjects_sync_page_and_delete(mktows_client: Client) -> None:
    def opportunity(i: int) -> m.MObject:
        attribs = [
            m.Attrib(name="Name", value=f"Deal {i}"),
            m.Attrib(name="Amount", value=str(i * 100)),
        ]
        return m.MObject(
            type_value="Opportunity", attrib_list=m.ArrayOfAttrib(attrib=attribs)
        )

    for start in (0, 100):
        batch = m.ArrayOfMObject(
            m_object=[opportunity(i) for i in range(start, start + 100)]
        )
        result = mktows_client.sync_mobjects(
            m_object_list=batch, operation=m.SyncOperationEnum.INSERT
        )
        assert {s.status for s in result.m_obj_status_list.m_obj_status} == {
            m.MObjStatusEnum.CREATED
        }
    first = mktows_client.get_mobjects(type_value="Opportunity")
    assert (first.return_count, first.has_more) == (100, True)
    second = mktows_client.get_mobjects(
        type_value="Opportunity", stream_position=first.new_stream_position
    )
    assert (second.return_count, second.has_more, second.new_stream_position) == (
        100,
        False,
        "",
    )
    rich = mktows_client.get_mobjects(
        type_value="Opportunity",
        m_obj_criteria_list=m.ArrayOfMObjCriteria(
            m_obj_criteria=[
                m.MObjCriteria(
                    attr_name="Amount",
                    comparison=m.ComparisonEnum.GE,
                    attr_value="19500",
                )
            ]
        ),
    )
    assert rich.return_count == 5
    with pytest.raises(InvalidRequestError):
        mktows_client.sync_mobjects(
            m_object_list=m.ArrayOfMObject(
                m_object=[opportunity(i) for i in range(101)]
            ),
            operation=m.SyncOperationEnum.INSERT,
        )
    assert first.m_object_list
    doomed = first.m_object_list.m_object[0]
    gone = mktows_client.delete_mobjects(
        m_object_list=m.ArrayOfMObject(
            m_object=[m.MObject(type_value="Opportunity", id=doomed.id)] * 2
        )
    )
    assert [s.status.value for s in gone.m_obj_status_list.m_obj_status] == [
        "DELETED",
        "UNCHANGED",
    ]
    program = mktows_client.sync_mobjects(
        m_object_list=m.ArrayOfMObject(
            m_object=[m.MObject(type_value="Program", id=1001)]
        ),
        operation=m.SyncOperationEnum.INSERT,
    )
    assert program.m_obj_status_list.m_obj_status[0].status is m.MObjStatusEnum.FAILED


def test_custom_objects_need_their_keys_and_a_lead(mktows_client: Client) -> None:
    lead_id = mktows_client.sync_lead(
        lead_record=lead("road@example.com"), return_lead=False
    ).lead_id

    def road_show(rid: str, mkto: int = lead_id, **fields: str) -> m.CustomObj:
        keys = [
            m.Attribute(attr_name="MKTOID", attr_value=str(mkto)),
            m.Attribute(attr_name="rid", attr_value=rid),
        ]
        values = [m.Attribute(attr_name=k, attr_value=v) for k, v in fields.items()]
        return m.CustomObj(
            custom_obj_key_list=m.ArrayOfAttribute(attribute=keys),
            custom_obj_attribute_list=m.ArrayOfAttribute(attribute=values),
        )

    objects = [
        road_show("r1", city="Lyon"),
        road_show("r2", city="Oslo"),
        road_show("r3", mkto=999999),
    ]
    result = mktows_client.sync_custom_objects(
        obj_type_name="RoadShow", custom_obj_list=m.ArrayOfCustomObj(custom_obj=objects)
    )
    assert [
        s.status.value
        for s in result.sync_custom_obj_status_list.sync_custom_obj_status
    ] == [
        "CREATED",
        "CREATED",
        "FAILED",
    ]
    found = mktows_client.get_custom_objects(
        obj_type_name="RoadShow",
        include_attributes=m.ArrayOfString(string_item=["city"]),
        custom_obj_key_list=m.ArrayOfAttribute(
            attribute=[m.Attribute(attr_name="MKTOID", attr_value=str(lead_id))]
        ),
        batch_size=1,
    )
    assert (found.return_count, found.remaining_count) == (
        1,
        1,
    ) and found.new_stream_position
    deleted = mktows_client.delete_custom_objects(
        obj_type_name="RoadShow",
        custom_obj_key_lists=m.ArrayOfKeyList(
            key_list=[objects[0].custom_obj_key_list]
        ),
    )
    assert (
        deleted.delete_custom_obj_status_list.sync_custom_obj_status[0].status
        is m.SyncStatusEnum.DELETED
    )
    with pytest.raises(InvalidRequestError):
        mktows_client.get_custom_objects(
            obj_type_name="Nope", include_attributes=m.ArrayOfString()
        )


def test_campaigns_by_id_or_by_name_never_both(mktows_client: Client) -> None:
    lead_id = mktows_client.sync_lead(
        lead_record=lead("camp@example.com"), return_lead=False
    ).lead_id
    leads = m.ArrayOfLeadKey(lead_key=[key(m.LeadKeyRef.IDNUM, lead_id)])
    sales = mktows_client.get_campaigns_for_source(source=m.ReqCampSourceType.SALES)
    assert sales.campaign_record_list
    assert {c.name for c in sales.campaign_record_list.campaign_record} == {
        "Webinar Invite",
        "Sales Follow-up",
    }
    assert mktows_client.request_campaign(
        source=m.ReqCampSourceType.MKTOWS, campaign_id=2001, lead_list=leads
    ).success
    assert mktows_client.request_campaign(
        source=m.ReqCampSourceType.MKTOWS,
        campaign_name="Webinar Invite",
        program_name="Spring Webinar",
        lead_list=leads,
        program_token_list=m.ArrayOfAttrib(
            attrib=[m.Attrib(name="{{my.message}}", value="hi")]
        ),
    ).success
    with pytest.raises(InvalidRequestError):
        mktows_client.request_campaign(
            source=m.ReqCampSourceType.MKTOWS,
            campaign_id=2001,
            campaign_name="Welcome Flow",
        )
    with pytest.raises(NotFoundError) as caught:
        mktows_client.request_campaign(
            source=m.ReqCampSourceType.SALES, campaign_id=2001
        )
    assert caught.value.code == 20113
    assert mktows_client.schedule_campaign(
        program_name="Spring Webinar", campaign_name="Batch Reminder"
    ).success


def test_import_to_list_then_its_status(mktows_server: SimulatorServer) -> None:
    mktows_client = make_client(mktows_server)
    result = mktows_client.import_to_list(
        program_name="Spring Webinar",
        import_file_header="Email Address,First Name",
        import_file_rows=m.ArrayOfString(
            string_item=["ann@example.com,Ann", "bob@example.com,Bob", "broken"]
        ),
        import_list_mode=m.ImportToListModeEnum.UPSERTLEADS,
        list_name="Imported",
        clear_list=False,
        campaign_name=NIL,
    )
    assert result.import_status is m.ImportToListStatusEnum.PROCESSING
    status = mktows_client.get_import_to_list_status(
        program_name="Spring Webinar", list_name="Imported"
    )
    assert (status.status, status.rows_imported, status.rows_failed) == (
        m.ImportToListStatusEnum.COMPLETE,
        2,
        1,
    )
    members = mktows_server.store.rows(
        "SELECT COUNT(*) FROM list_members JOIN lists ON lists.id = list_id WHERE lists.name = 'Imported'"
    )
    assert members[0][0] == 2


# One sensible request per operation: each must succeed.
CALLS: dict[str, Callable[[Client], Any]] = {
    "getLead": lambda c: c.get_lead(
        lead_key=key(m.LeadKeyRef.EMAIL, "all@example.com")
    ),
    "getMultipleLeads": lambda c: c.get_multiple_leads(
        lead_selector=by_email("all@example.com")
    ),
    "syncLead": lambda c: c.sync_lead(
        lead_record=lead("all2@example.com"), return_lead=True
    ),
    "syncMultipleLeads": lambda c: c.sync_multiple_leads(
        lead_record_list=m.ArrayOfLeadRecord(lead_record=[lead("all3@example.com")])
    ),
    "mergeLeads": lambda c: c.merge_leads(
        winning_lead_key_list=m.ArrayOfAttribute(
            attribute=[m.Attribute(attr_name="EMAIL", attr_value="all2@example.com")]
        ),
        losing_lead_key_lists=m.ArrayOfKeyList(
            key_list=[
                m.ArrayOfAttribute(
                    attribute=[
                        m.Attribute(attr_name="EMAIL", attr_value="all3@example.com")
                    ]
                )
            ]
        ),
    ),
    "getLeadActivity": lambda c: c.get_lead_activity(
        lead_key=key(m.LeadKeyRef.EMAIL, "all@example.com")
    ),
    "getLeadChanges": lambda c: c.get_lead_changes(
        start_position=m.StreamPosition(
            oldest_created_at=XmlDateTime.from_string("2020-01-01T00:00:00Z")
        )
    ),
    "getCampaignsForSource": lambda c: c.get_campaigns_for_source(
        source=m.ReqCampSourceType.MKTOWS
    ),
    "requestCampaign": lambda c: c.request_campaign(
        source=m.ReqCampSourceType.MKTOWS, campaign_id=2005
    ),
    "scheduleCampaign": lambda c: c.schedule_campaign(
        program_name="Field Roadshow", campaign_name="Roadshow Invite"
    ),
    "listOperation": lambda c: c.list_operation(
        list_operation=m.ListOperationType.ADDTOLIST,
        list_key=m.ListKey(
            key_type=m.ListKeyType.MKTOLISTNAME, key_value="Webinar Attendees"
        ),
        list_member_list=m.ArrayOfLeadKey(
            lead_key=[key(m.LeadKeyRef.EMAIL, "all@example.com")]
        ),
    ),
    "importToList": lambda c: c.import_to_list(
        program_name="Field Roadshow",
        import_file_header="Email",
        import_file_rows=m.ArrayOfString(string_item=["i@example.com"]),
        import_list_mode=m.ImportToListModeEnum.LISTONLY,
        list_name="Roadshow Guests",
        clear_list=True,
        campaign_name=None,
    ),
    "getImportToListStatus": lambda c: c.get_import_to_list_status(
        program_name="Field Roadshow", list_name="Roadshow Guests"
    ),
    "describeMObject": lambda c: c.describe_mobject(object_name="Opportunity"),
    "listMObjects": lambda c: c.list_mobjects(),
    "getMObjects": lambda c: c.get_mobjects(type_value="Program", include_details=True),
    "syncMObjects": lambda c: c.sync_mobjects(
        m_object_list=m.ArrayOfMObject(
            m_object=[m.MObject(type_value="Program", id=1001)]
        ),
        operation=m.SyncOperationEnum.UPDATE,
    ),
    "deleteMObjects": lambda c: c.delete_mobjects(
        m_object_list=m.ArrayOfMObject(
            m_object=[m.MObject(type_value="Opportunity", id=1)]
        )
    ),
    "getChannels": lambda c: c.get_channels(
        tag=m.Tag(values=m.ArrayOfString(string_item=["Webinar"]))
    ),
    "getTags": lambda c: c.get_tags(),
    "getCustomObjects": lambda c: c.get_custom_objects(
        obj_type_name="CarPurchase", include_attributes=m.ArrayOfString()
    ),
    "syncCustomObjects": lambda c: c.sync_custom_objects(
        obj_type_name="CarPurchase", custom_obj_list=m.ArrayOfCustomObj()
    ),
    "deleteCustomObjects": lambda c: c.delete_custom_objects(
        obj_type_name="CarPurchase", custom_obj_key_lists=m.ArrayOfKeyList()
    ),
}


def test_every_operation_of_the_wsdl_answers(mktows_server: SimulatorServer) -> None:
    assert sorted(CALLS) == load_bindings(None).operation_names
    mktows_client = make_client(mktows_server)
    mktows_client.sync_lead(lead_record=lead("all@example.com"), return_lead=False)
    for name, call in CALLS.items():
        assert call(mktows_client) is not None, name
    assert mktows_server.stats.snapshot()["faults"] == {}

"""Lead, list and activity operations of the simulator, through the generated client."""

from __future__ import annotations

import pytest
from mktows import models as m
from mktows.client import Client
from mktows.errors import (
    BadStreamPositionError,
    InvalidRequestError,
    NotFoundError,
    StreamAtEndError,
)
from xsdata.models.datatype import XmlDateTime

from generator.profiles.mktows.simulator import SimulatorServer
from tests.support.servers import by_email, key, lead, make_client


def test_sync_lead_then_get_lead_returns_it(mktows_client: Client) -> None:
    synced = mktows_client.sync_lead(
        lead_record=lead("ada@example.com", FirstName="Ada"), return_lead=True
    )
    assert synced.sync_status.status is m.LeadSyncStatus.CREATED
    again = mktows_client.sync_lead(
        lead_record=lead("ADA@example.com", LeadScore="7"), return_lead=False
    )
    assert (again.lead_id, again.sync_status.status) == (
        synced.lead_id,
        m.LeadSyncStatus.UPDATED,
    )
    found = mktows_client.get_lead(lead_key=key(m.LeadKeyRef.IDNUM, synced.lead_id))
    assert found.count == 1 and found.lead_record_list
    record = found.lead_record_list.lead_record[0]
    attributes = {
        (a.attr_name, a.attr_type, a.attr_value)
        for a in record.lead_attribute_list.attribute
    }
    assert record.email == "ada@example.com"
    assert attributes == {("FirstName", "string", "Ada"), ("LeadScore", "integer", "7")}
    with pytest.raises(NotFoundError) as caught:
        mktows_client.get_lead(lead_key=key(m.LeadKeyRef.EMAIL, "nobody@example.com"))
    assert caught.value.code == 20103


def test_sync_lead_faults_on_unknown_fields_and_workspaces(
    mktows_client: Client,
) -> None:
    with pytest.raises(InvalidRequestError) as caught:
        mktows_client.sync_lead(
            lead_record=lead("x@example.com", NoSuchField="1"), return_lead=False
        )
    assert caught.value.code == 20105
    with pytest.raises(InvalidRequestError) as caught:
        mktows_client.sync_lead(
            lead_record=lead("x@example.com"),
            return_lead=False,
            mktows_context=m.MktowsContextHeader(target_workspace="Elsewhere"),
        )
    assert caught.value.code == 20110
    ok = mktows_client.sync_lead(
        lead_record=lead("x@example.com"),
        return_lead=False,
        mktows_context=m.MktowsContextHeader(target_workspace="Default"),
    )
    assert ok.sync_status.status is m.LeadSyncStatus.CREATED


@pytest.mark.parametrize(("dedup", "expected"), [(True, 1), (False, 3)])
def test_sync_multiple_leads_honours_dedup(
    mktows_server: SimulatorServer, dedup: bool, expected: int
) -> None:
    mktows_client = make_client(mktows_server)
    records = m.ArrayOfLeadRecord(
        lead_record=[lead("twin@example.com", City=c) for c in "ABC"]
    )
    result = mktows_client.sync_multiple_leads(
        lead_record_list=records, dedup_enabled=dedup
    )
    statuses = [s.status.value for s in result.sync_status_list.sync_status]
    assert statuses == (["CREATED", "UPDATED", "UPDATED"] if dedup else ["CREATED"] * 3)
    rows = mktows_server.store.rows(
        "SELECT COUNT(*) FROM leads WHERE email = 'twin@example.com'"
    )
    assert rows[0][0] == expected


def test_sync_multiple_leads_reports_bad_records_and_refuses_big_batches(
    mktows_client: Client,
) -> None:
    records = [lead("good@example.com"), lead("bad@example.com", Bogus="1")]
    result = mktows_client.sync_multiple_leads(
        lead_record_list=m.ArrayOfLeadRecord(lead_record=records)
    )
    first, second = result.sync_status_list.sync_status
    assert first.status is m.LeadSyncStatus.CREATED
    assert (second.status, second.error) == (
        m.LeadSyncStatus.FAILED,
        "Lead Attribute Bad",
    )
    too_many = m.ArrayOfLeadRecord(
        lead_record=[lead(f"l{i}@example.com") for i in range(301)]
    )
    with pytest.raises(InvalidRequestError) as caught:
        mktows_client.sync_multiple_leads(lead_record_list=too_many)
    assert caught.value.code == 20110


def test_list_operation_adds_checks_and_removes(mktows_client: Client) -> None:
    ids = [
        mktows_client.sync_lead(
            lead_record=lead(f"m{i}@example.com"), return_lead=False
        ).lead_id
        for i in range(3)
    ]
    members = m.ArrayOfLeadKey(lead_key=[key(m.LeadKeyRef.IDNUM, i) for i in ids[:2]])
    everyone = m.ArrayOfLeadKey(lead_key=[key(m.LeadKeyRef.IDNUM, i) for i in ids])
    newsletter = m.ListKey(
        key_type=m.ListKeyType.MKTOLISTNAME, key_value="Newsletter Subscribers"
    )

    def run(operation: m.ListOperationType, keys: m.ArrayOfLeadKey) -> list[bool]:
        result = mktows_client.list_operation(
            list_operation=operation, list_key=newsletter, list_member_list=keys
        )
        assert result.status_list
        return [s.status for s in result.status_list.lead_status]

    assert run(m.ListOperationType.ADDTOLIST, members) == [True, True]
    assert run(m.ListOperationType.ISMEMBEROFLIST, everyone) == [True, True, False]
    assert run(
        m.ListOperationType.REMOVEFROMLIST,
        m.ArrayOfLeadKey(lead_key=everyone.lead_key[:1]),
    ) == [True]
    assert run(m.ListOperationType.ISMEMBEROFLIST, everyone) == [False, True, False]
    missing = m.ListKey(key_type=m.ListKeyType.MKTOLISTNAME, key_value="No Such List")
    with pytest.raises(NotFoundError) as caught:
        mktows_client.list_operation(
            list_operation=m.ListOperationType.ADDTOLIST,
            list_key=missing,
            list_member_list=members,
        )
    assert caught.value.code == 20111
    ghost = m.ArrayOfLeadKey(lead_key=[key(m.LeadKeyRef.IDNUM, 999999)])
    with pytest.raises(NotFoundError):
        mktows_client.list_operation(
            list_operation=m.ListOperationType.ADDTOLIST,
            list_key=newsletter,
            list_member_list=ghost,
            strict=True,
        )


def test_get_multiple_leads_pages_to_an_empty_position(mktows_client: Client) -> None:
    emails = [f"page{i:02d}@example.com" for i in range(25)]
    mktows_client.sync_multiple_leads(
        lead_record_list=m.ArrayOfLeadRecord(lead_record=[lead(e) for e in emails])
    )
    seen: list[str] = []
    position: str | None = None
    pages = []
    for _ in range(10):  # bounded: 3 pages expected
        result = mktows_client.get_multiple_leads(
            lead_selector=by_email(*emails),
            batch_size=10,
            stream_position=position,
            include_attributes=m.ArrayOfString(string_item=["City"]),
        )
        pages.append((result.return_count, result.remaining_count))
        assert result.lead_record_list
        seen += [str(r.email) for r in result.lead_record_list.lead_record]
        if not result.new_stream_position:
            break
        position = result.new_stream_position
    assert pages == [(10, 15), (10, 5), (5, 0)]
    assert seen == emails
    with pytest.raises(BadStreamPositionError):
        mktows_client.get_multiple_leads(
            lead_selector=by_email(*emails), stream_position="forged.position"
        )


def test_static_list_and_last_update_selectors(mktows_client: Client) -> None:
    with pytest.raises(NotFoundError):
        mktows_client.get_multiple_leads(
            lead_selector=m.StaticListSelector(static_list_name="Nope")
        )
    empty = mktows_client.get_multiple_leads(
        lead_selector=m.StaticListSelector(static_list_id=3002)
    )
    assert (empty.return_count, empty.remaining_count, empty.new_stream_position) == (
        0,
        0,
        "",
    )
    window = m.LastUpdateAtSelector(
        oldest_updated_at=XmlDateTime.from_string("2020-01-01T00:00:00+00:00"),
        latest_updated_at=XmlDateTime.from_string("2020-03-01T00:00:00+00:00"),
    )
    with pytest.raises(InvalidRequestError) as caught:
        mktows_client.get_multiple_leads(lead_selector=window)
    assert caught.value.code == 20022


def test_lead_activity_pages_newest_first_and_ends_with_20123(
    mktows_client: Client,
) -> None:
    lead_id = mktows_client.sync_lead(
        lead_record=lead("act@example.com"), return_lead=False
    ).lead_id
    for score in range(1, 6):  # five ChangeDataValue activities after NewLead
        mktows_client.sync_lead(
            lead_record=lead("act@example.com", LeadScore=str(score)), return_lead=False
        )
    types: list[str] = []
    start: m.StreamPosition | None = None
    for _ in range(4):
        page = mktows_client.get_lead_activity(
            lead_key=key(m.LeadKeyRef.IDNUM, lead_id),
            batch_size=4,
            start_position=start,
        )
        assert page.activity_record_list
        types += [r.activity_type for r in page.activity_record_list.activity_record]
        start = page.new_start_position
        if page.remaining_count == 0:
            break
    assert types == ["ChangeDataValue"] * 5 + ["NewLead"]
    with pytest.raises(StreamAtEndError):
        mktows_client.get_lead_activity(
            lead_key=key(m.LeadKeyRef.IDNUM, lead_id), start_position=start
        )
    only_new = mktows_client.get_lead_activity(
        lead_key=key(m.LeadKeyRef.IDNUM, lead_id),
        activity_filter=m.ActivityTypeFilter(
            include_types=m.ArrayOfActivityType(activity_type=[m.ActivityType.NEW_LEAD])
        ),
    )
    assert only_new.return_count == 1


def test_lead_changes_resume_from_their_position(mktows_client: Client) -> None:
    start = m.StreamPosition(
        oldest_created_at=XmlDateTime.from_string("2020-01-01T00:00:00+00:00")
    )
    mktows_client.sync_lead(lead_record=lead("c1@example.com"), return_lead=False)
    first = mktows_client.get_lead_changes(
        start_position=start,
        activity_name_filter=m.ArrayOfString(string_item=["New Lead"]),
    )
    assert first.return_count == 1 and first.remaining_count == 0
    with pytest.raises(StreamAtEndError):
        mktows_client.get_lead_changes(start_position=first.new_start_position)
    mktows_client.sync_lead(lead_record=lead("c2@example.com"), return_lead=False)
    later = mktows_client.get_lead_changes(start_position=first.new_start_position)
    assert later.lead_change_record_list
    assert [
        r.activity_type for r in later.lead_change_record_list.lead_change_record
    ] == ["NewLead"]


def test_merge_leads_keeps_the_winner(mktows_server: SimulatorServer) -> None:
    mktows_client = make_client(mktows_server)
    win = mktows_client.sync_lead(
        lead_record=lead("win@example.com", City="Paris"), return_lead=False
    ).lead_id
    lose = mktows_client.sync_lead(
        lead_record=lead("lose@example.com", Phone="555"), return_lead=False
    ).lead_id
    result = mktows_client.merge_leads(
        winning_lead_key_list=m.ArrayOfAttribute(
            attribute=[m.Attribute(attr_name="IDNUM", attr_value=str(win))]
        ),
        losing_lead_key_lists=m.ArrayOfKeyList(
            key_list=[
                m.ArrayOfAttribute(
                    attribute=[
                        m.Attribute(attr_name="EMAIL", attr_value="lose@example.com")
                    ]
                )
            ]
        ),
    )
    assert (result.merge_status.status, result.merge_status.winning_lead_id) == (
        m.LeadMergeStatusEnum.MERGED,
        win,
    )
    assert mktows_server.store.rows("SELECT id FROM leads WHERE id = ?", lose) == []
    merged = mktows_client.get_lead(
        lead_key=key(m.LeadKeyRef.IDNUM, win)
    ).lead_record_list
    assert merged
    names = {a.attr_name for a in merged.lead_record[0].lead_attribute_list.attribute}
    assert names == {"City", "Phone"}

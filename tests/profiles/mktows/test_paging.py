"""Paging iterators against the loopback server: every record once, positions passed
back unchanged, the documented ends (remainingCount 0, hasMore false, an empty
position, 20123), 20122 raised, and resuming from a saved position."""

from __future__ import annotations

import importlib
import inspect
import itertools
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from lxml import etree
from mktows import bulk, paging
from mktows import models as m
from mktows.client import Client
from mktows.errors import BadStreamPositionError
from xsdata.models.datatype import XmlDateTime

from generator.pipeline import Options, generate
from generator.profiles.mktows.simulator import SimulatorServer
from generator.runtime.namespaces import SOAP_ENV
from tests.support.http_server import RecordingServer, Reply
from tests.support.servers import lead
from tests.support.wsdl_fragments import BASE, edit

pytestmark = pytest.mark.bulk

LEADS = 2_500


def since_yesterday() -> m.LastUpdateAtSelector:
    moment = datetime.now(UTC).replace(microsecond=0) - timedelta(days=1)
    return m.LastUpdateAtSelector(oldest_updated_at=XmlDateTime.from_datetime(moment))


def changes_since_yesterday() -> m.StreamPosition:
    moment = datetime.now(UTC).replace(microsecond=0) - timedelta(days=1)
    return m.StreamPosition(oldest_created_at=XmlDateTime.from_datetime(moment))


@pytest.fixture
def leads(mktows_server: SimulatorServer, mktows_client: Client) -> list[int]:
    """The server with LEADS new leads; their ids in import order."""
    records = (lead(f"p{i}@paging.example", City=f"C{i % 7}") for i in range(LEADS))
    result = bulk.sync_multiple_leads(mktows_client, records)
    assert result.ok and result.counts == {"CREATED": LEADS}
    mktows_server.simulator.captured.clear()
    return [status.lead_id for status in result.statuses]


def sent_and_returned(server: SimulatorServer, sent: str, returned: str) -> list[str]:
    """For each captured call: the position it sent, then the one it got back."""
    texts: list[str] = []
    for request, _, reply in server.simulator.captured:
        texts.append(etree.fromstring(request).findtext(f".//{sent}") or "")
        texts.append(etree.fromstring(reply).findtext(f".//{returned}") or "")
    return texts


def test_records_come_across_pages_once_with_positions_passed_back_unchanged(
    mktows_server: SimulatorServer, mktows_client: Client, leads: list[int]
) -> None:
    reports: list[tuple[int, int | None]] = []
    pager = paging.get_multiple_leads(
        mktows_client,
        lead_selector=since_yesterday(),
        batch_size=1000,
        progress=lambda done, total: reports.append((done, total)),
    )
    assert [record.id for record in pager] == leads
    assert (pager.pages_read, pager.finished, pager.position) == (3, True, "")
    assert reports == [(1000, LEADS), (2000, LEADS), (LEADS, LEADS)]
    positions = sent_and_returned(mktows_server, "streamPosition", "newStreamPosition")
    first, *passed, last = positions
    assert first == "" and last == ""  # none to start with; empty at the end
    assert passed[0::2] == passed[1::2] and all(passed)  # each sent back as received
    assert mktows_server.stats.snapshot()["attempts"]["getMultipleLeads"] == 3


def test_resuming_from_a_saved_position_repeats_nothing(
    mktows_client: Client, leads: list[int]
) -> None:
    selector = since_yesterday()
    pager = paging.get_multiple_leads(
        mktows_client, lead_selector=selector, batch_size=700
    )
    pages = pager.pages()
    done = [record.id for page in itertools.islice(pages, 2) for record in page.records]
    saved = pager.position
    assert isinstance(saved, str) and saved and not pager.finished
    rest = paging.get_multiple_leads(
        mktows_client, lead_selector=selector, batch_size=700, stream_position=saved
    )
    again = [record.id for record in rest]
    assert done + again == leads and rest.finished

    # A record loop that stops inside a page resumes at that page's start:
    # records may repeat, none is lost.
    partial = paging.get_multiple_leads(
        mktows_client, lead_selector=selector, batch_size=700
    )
    taken = [record.id for record in itertools.islice(partial, 1000)]
    resumed = paging.get_multiple_leads(
        mktows_client,
        lead_selector=selector,
        batch_size=700,
        stream_position=partial.position,
    )
    assert taken[:700] + [record.id for record in resumed] == leads


def test_lead_changes_end_on_20123_and_can_be_polled_from_the_last_position(
    mktows_server: SimulatorServer, mktows_client: Client, leads: list[int]
) -> None:
    pager = paging.get_lead_changes(
        mktows_client, start_position=changes_since_yesterday(), batch_size=1000
    )
    changes = list(pager)
    assert [c.mkt_person_id for c in changes] == [str(i) for i in leads]
    assert {c.activity_type for c in changes} == {"NewLead"}
    assert pager.finished and isinstance(pager.position, m.StreamPosition)
    saved = pager.position

    nothing_new = paging.get_lead_changes(mktows_client, start_position=saved)
    assert list(nothing_new) == [] and nothing_new.finished
    assert nothing_new.position == saved
    assert mktows_server.stats.snapshot()["faults"] == {20123: 1}  # a normal end

    mktows_client.sync_lead(lead_record=lead("late@paging.example"), return_lead=False)
    later = paging.get_lead_changes(mktows_client, start_position=saved)
    assert [c.activity_type for c in later] == ["NewLead"]


def test_a_forged_position_raises_20122(
    mktows_client: Client, leads: list[int]
) -> None:
    pager = paging.get_multiple_leads(
        mktows_client, lead_selector=since_yesterday(), stream_position="forged.0"
    )
    with pytest.raises(BadStreamPositionError) as caught:
        next(iter(pager))
    assert caught.value.code == 20122
    with pytest.raises(RuntimeError, match="read once"):
        list(pager)


def test_lead_activity_pages_newest_first(mktows_client: Client) -> None:
    lead_id = mktows_client.sync_lead(
        lead_record=lead("busy@paging.example"), return_lead=False
    ).lead_id
    for n in range(7):
        mktows_client.sync_lead(
            lead_record=lead("busy@paging.example", City=f"Town {n}"),
            return_lead=False,
        )
    pager = paging.get_lead_activity(
        mktows_client,
        lead_key=m.LeadKey(key_type=m.LeadKeyRef.IDNUM, key_value=str(lead_id)),
        batch_size=3,
    )
    records = list(pager)
    assert [r.activity_type for r in records] == ["ChangeDataValue"] * 7 + ["NewLead"]
    assert [r.id for r in records] == sorted((r.id for r in records), reverse=True)
    assert pager.pages_read == 3 and pager.finished


def test_mobjects_page_until_has_more_is_false(mktows_client: Client) -> None:
    deals = (
        m.MObject(
            type_value="Opportunity",
            attrib_list=m.ArrayOfAttrib(attrib=[m.Attrib(name="Name", value=f"D{i}")]),
        )
        for i in range(250)
    )
    synced = bulk.sync_mobjects(
        mktows_client, deals, operation=m.SyncOperationEnum.INSERT
    )
    assert (synced.calls, synced.counts) == (3, {"CREATED": 250})
    pager = paging.get_mobjects(mktows_client, type_value="Opportunity")
    found = list(pager)
    assert [o.id for o in found] == [s.id for s in synced.statuses]
    assert pager.pages_read == 3 and pager.finished


def test_custom_objects_page_by_remaining_count(mktows_client: Client) -> None:
    owner = mktows_client.sync_lead(
        lead_record=lead("owner@paging.example"), return_lead=False
    ).lead_id

    def show(rid: int) -> m.CustomObj:
        keys = [("MKTOID", str(owner)), ("rid", f"r{rid}")]
        return m.CustomObj(
            custom_obj_key_list=m.ArrayOfAttribute(
                attribute=[m.Attribute(attr_name=k, attr_value=v) for k, v in keys]
            ),
            custom_obj_attribute_list=m.ArrayOfAttribute(
                attribute=[m.Attribute(attr_name="city", attr_value=f"City {rid}")]
            ),
        )

    synced = bulk.sync_custom_objects(
        mktows_client, map(show, range(150)), obj_type_name="RoadShow"
    )
    assert (synced.calls, synced.counts) == (2, {"CREATED": 150})
    pager = paging.get_custom_objects(
        mktows_client,
        obj_type_name="RoadShow",
        include_attributes=m.ArrayOfString(string_item=["city"]),
        batch_size=40,
    )
    cities = [
        o.custom_obj_attribute_list.attribute[0].attr_value
        for o in pager
        if isinstance(o.custom_obj_attribute_list, m.ArrayOfAttribute)
    ]
    assert cities == [f"City {i}" for i in range(150)]
    assert pager.pages_read == 4


PAGED_ERASE = edit(
    BASE,
    (
        '<xs:element name="eraseId" type="xs:int"/>',
        '<xs:element name="eraseId" type="xs:int"/>'
        '<xs:element name="streamPosition" type="xs:string" minOccurs="0"/>',
    ),
    (
        '<xs:element name="erased" type="xs:boolean"/>',
        '<xs:element name="result" type="tns:ResultErase"/></xs:sequence>'
        '</xs:complexType><xs:complexType name="ResultErase"><xs:sequence>'
        '<xs:element name="remainingCount" type="xs:int"/>'
        '<xs:element name="newStreamPosition" type="xs:string"/>'
        '<xs:element name="blobList" type="tns:ArrayOfBlob"/></xs:sequence>'
        '</xs:complexType><xs:complexType name="ArrayOfBlob"><xs:sequence>'
        '<xs:element name="blob" type="tns:Blob" maxOccurs="unbounded"/>',
    ),
)
LAST_PAGE = (
    f'<e:Envelope xmlns:e="{SOAP_ENV}"><e:Body>'.encode()
    + b'<t:successErase xmlns:t="urn:example"><result><remainingCount>0</remainingCount>'
    b"<newStreamPosition></newStreamPosition><blobList><blob><blobSize>1</blobSize>"
    b"</blob><blob><blobSize>2</blobSize></blob></blobList></result></t:successErase>"
    b"</e:Body></e:Envelope>"
)


def test_what_pages_is_read_off_the_schema_of_any_wsdl(
    tmp_path: Path, generated_root: Path, http_server: RecordingServer
) -> None:
    """A WSDL that is not Marketo's: ``erase`` pages because its schema does."""
    wsdl = tmp_path / "paint.wsdl"
    wsdl.write_text(PAGED_ERASE)
    output = generated_root / "paint_paged"
    files = generate(Options(wsdl=str(wsdl), package="paint_paged", output=output))
    assert "bulk.py" not in files  # no operation with a documented batch size
    module = importlib.import_module("paint_paged.paging")
    client_module = importlib.import_module("paint_paged.client")
    assert list(module.PAGED) == ["erase"]
    assert list(inspect.signature(module.erase).parameters) == [
        "client",
        "erase_id",
        "stream_position",
        "progress",
    ]
    http_server.reply = Reply(body=LAST_PAGE)
    client = client_module.Client(http_server.endpoint, "u", "s3cret")
    pager = module.erase(client, erase_id=7, stream_position="from-before")
    assert [blob.blob_size for blob in pager] == [1, 2]
    assert pager.finished and pager.position == "" and http_server.hits == 1
    sent = etree.fromstring(http_server.requests[0].body)
    assert sent.findtext(".//streamPosition") == "from-before"


def test_split_models_and_no_docstrings_type_check(
    shared: Path, generated_root: Path
) -> None:
    """The paging and bulk modules follow ``--models split`` and ``--no-docstrings``,
    and the whole package stays ``mypy --strict`` clean."""
    output = generated_root / "mktows_split_bulk"
    generate(
        Options(
            wsdl="2_6",
            package="mktows_split_bulk",
            output=output,
            models="split",
            docstrings=False,
        )
    )
    split = importlib.import_module("mktows_split_bulk.paging")
    assert list(split.PAGED) == list(paging.PAGED)
    assert "MObject" in inspect.signature(split.get_mobjects).return_annotation
    checked = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(output)],
        capture_output=True,
        text=True,
        cwd=generated_root,
        timeout=300,
    )
    assert checked.returncode == 0, checked.stdout

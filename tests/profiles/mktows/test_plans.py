"""Which operations get pagers and bulk helpers, as read off the 2_6 schema."""

from __future__ import annotations

from pathlib import Path

from generator.load.sources import resolve
from generator.load.wsdl import load
from generator.model.api import build_model
from generator.profiles.mktows.plans import batched_operations, paged_operations
from generator.profiles.mktows.runtime.limits import BATCHES


def test_paged_and_batched_operations_of_2_6(shared: Path) -> None:
    model = build_model(load(resolve("2_6")), "mktows")
    codecs = {c.name: c for c in model.codecs}
    paged = {p.op.name: p for p in paged_operations(model, codecs)}
    assert sorted(paged) == [
        "getCustomObjects",
        "getLeadActivity",
        "getLeadChanges",
        "getMObjects",
        "getMultipleLeads",
    ]
    leads = paged["getMultipleLeads"]
    assert (leads.position.xml_name, leads.next.xml_name, leads.records.xml_name) == (
        "streamPosition",
        "newStreamPosition",
        "leadRecord",
    )
    assert leads.remaining is not None and paged["getMObjects"].more is not None
    assert paged["getLeadChanges"].position.type_name == "StreamPosition"

    batched = {b.op.name: b for b in batched_operations(model, codecs)}
    assert {name: b.batch for name, b in batched.items()} == {
        b.operation: b for b in BATCHES
    }  # every documented batch limit, once each
    assert {name for name, b in batched.items() if b.per_call} == {
        "requestCampaign",
        "listOperation",
    }
    assert batched["syncMultipleLeads"].status.name == "SyncStatus"

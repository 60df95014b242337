"""Lead operations: getLead, getMultipleLeads, syncLead, syncMultipleLeads, mergeLeads.

Sync matches an existing lead by Marketo id, then foreign system id, then email
(the documented precedence). ``dedupEnabled=false`` skips the matching, so every
record without an id becomes a new lead, duplicates included.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from generator.profiles.mktows.runtime.limits import (
    MAX_LEAD_KEYS,
    MAX_SYNC_LEADS,
    MAX_UPDATE_WINDOW,
    PAGE_SIZES,
)
from generator.profiles.mktows.simulator import seed
from generator.profiles.mktows.simulator.faults import Fault
from generator.profiles.mktows.simulator.ops_common import (
    Context,
    enum_value,
    operation,
    over_limit,
    page_rows,
    require,
)
from generator.profiles.mktows.simulator.state import (
    Lead,
    leads_where,
    list_by_name,
    log_activity,
    row_id,
    save_lead,
)


@operation("getLead")
def get_lead(ctx: Context, params: Any) -> Any:
    found = ctx.key_leads(params.lead_key)
    records = ctx.m.ArrayOfLeadRecord(lead_record=[ctx.lead_record(x) for x in found])
    result = ctx.m.ResultGetLead(count=len(found), lead_record_list=records)
    return ctx.m.SuccessGetLead(result=result)


@operation("syncLead")
def sync_lead(ctx: Context, params: Any) -> Any:
    require(ctx, params.lead_record, "leadRecord", 20104)
    require(ctx, params.return_lead, "returnLead")
    context = ctx.headers.get("MktowsContextHeader")
    workspace = str(getattr(context, "target_workspace", None) or "Default")
    if workspace.casefold() not in {w.casefold() for w in seed.WORKSPACES}:
        raise Fault(20110, f"workspace {workspace!r} does not exist")
    lead, status = sync_one(
        ctx, params.lead_record, True, ctx.text(params.marketo_cookie)
    )
    m = ctx.m
    result = m.ResultSyncLead(
        lead_id=lead.id,
        sync_status=m.SyncStatus(
            lead_id=lead.id, status=m.LeadSyncStatus(status), error=ctx.nil
        ),
        lead_record=ctx.lead_record(lead) if params.return_lead else ctx.nil,
    )
    return m.SuccessSyncLead(result=result)


@operation("syncMultipleLeads")
def sync_multiple_leads(ctx: Context, params: Any) -> Any:
    require(ctx, params.lead_record_list, "leadRecordList")
    records = params.lead_record_list.lead_record
    over_limit(len(records), MAX_SYNC_LEADS, "lead records")
    dedup = ctx.flag(params.dedup_enabled, True)
    m = ctx.m
    statuses = []
    for record in records:
        try:
            lead, status = sync_one(ctx, record, dedup)
        except Fault as fault:
            lead_id = record.id if ctx.present(record.id) else 0
            statuses.append(
                m.SyncStatus(
                    lead_id=lead_id, status=m.LeadSyncStatus.FAILED, error=fault.message
                )
            )
        else:
            statuses.append(
                m.SyncStatus(
                    lead_id=lead.id, status=m.LeadSyncStatus(status), error=ctx.nil
                )
            )
    result = m.ResultSyncMultipleLeads(
        sync_status_list=m.ArrayOfSyncStatus(sync_status=statuses)
    )
    return m.SuccessSyncMultipleLeads(result=result)


def sync_one(
    ctx: Context, record: Any, dedup: bool, cookie: str | None = None
) -> tuple[Lead, str]:
    """Create or update one lead; return it and ``CREATED`` or ``UPDATED``."""
    pairs = ctx.attributes(record.lead_attribute_list)
    bad = [name for name, _ in pairs if name not in seed.LEAD_FIELDS]
    if bad:
        raise Fault(20105, f"lead attribute {bad[0]!r} does not exist")
    email = ctx.text(record.email)
    foreign_id = ctx.text(record.foreign_sys_person_id)
    foreign_type = (
        enum_value(record.foreign_sys_type)
        if ctx.present(record.foreign_sys_type)
        else None
    )
    found: list[Lead] = []
    if ctx.present(record.id):
        found = leads_where(ctx.tx, "id = ?", row_id(record.id))
        if not found:
            raise Fault(20103, f"no lead has id {record.id}")
    elif dedup:
        if foreign_id:
            found = leads_where(
                ctx.tx, "foreign_id = ? AND foreign_type IS ?", foreign_id, foreign_type
            )
        if not found and email:
            found = leads_where(ctx.tx, "email = ?", email)
        if not found and cookie:
            found = leads_where(ctx.tx, "cookie = ?", cookie)
    now = ctx.stamp
    if not found:
        if not (email or foreign_id or cookie):
            raise Fault(20106, "a new lead needs an Email, a foreign id or a cookie")
        lead = save_lead(
            ctx.tx,
            Lead(0, email, foreign_id, foreign_type, cookie, dict(pairs), now, now),
        )
        log_activity(
            ctx.tx,
            lead.id,
            "NewLead",
            now,
            attributes=[("Source Type", "Web service API")],
        )
        return lead, "CREATED"
    lead = found[0]
    changes = [
        (name, lead.attributes.get(name, ""), value)
        for name, value in pairs
        if lead.attributes.get(name) != value
    ]
    for name, old, new in (
        ("Email", lead.email, email),
        ("ForeignSysPersonId", lead.foreign_id, foreign_id),
    ):
        if new is not None and new.casefold() != (old or "").casefold():
            changes.append((name, old or "", new))
    lead.attributes.update(pairs)
    if email is not None and email.casefold() != (lead.email or "").casefold():
        lead.email = email  # emails match case-insensitively; keep the first spelling
    lead.foreign_id = foreign_id if foreign_id is not None else lead.foreign_id
    lead.foreign_type = foreign_type or lead.foreign_type
    lead.cookie = cookie or lead.cookie
    lead.updated_at = now
    save_lead(ctx.tx, lead)
    for name, old, new in changes:
        log_activity(
            ctx.tx,
            lead.id,
            "ChangeDataValue",
            now,
            asset=name,
            attributes=[
                ("Attribute Name", name),
                ("Old Value", old),
                ("New Value", new),
            ],
        )
    return lead, "UPDATED"


@operation("getMultipleLeads")
def get_multiple_leads(ctx: Context, params: Any) -> Any:
    selector = params.lead_selector
    if ctx.present(params.last_updated_at) and not ctx.present(selector):
        selector = ctx.m.LastUpdateAtSelector(oldest_updated_at=params.last_updated_at)
    require(ctx, selector, "leadSelector")
    where, args = selector_where(ctx, selector)
    size = ctx.batch(params.batch_size, PAGE_SIZES["getMultipleLeads"])
    rows, remaining, position = page_rows(
        ctx, "getMultipleLeads", "leads", where, args, params.stream_position, size
    )
    include = None
    if ctx.present(params.include_attributes) and params.include_attributes.string_item:
        include = set(params.include_attributes.string_item)
    leads = [Lead.from_row(row) for row in rows]
    m = ctx.m
    result = m.ResultGetMultipleLeads(
        return_count=len(leads),
        remaining_count=remaining,
        new_stream_position=position,
        lead_record_list=m.ArrayOfLeadRecord(
            lead_record=[ctx.lead_record(x, include) for x in leads]
        ),
    )
    return m.SuccessGetMultipleLeads(result=result)


def selector_where(ctx: Context, selector: Any) -> tuple[str, list[Any]]:
    """The SQL condition on ``leads`` (and its arguments) a polymorphic
    leadSelector names; faults as the service does for an unusable selector."""
    kind = type(selector).__name__
    if kind == "LeadKeySelector":
        require(ctx, selector.key_type, "keyType", 20101)
        values = (
            selector.key_values.string_item[:MAX_LEAD_KEYS]
            if ctx.present(selector.key_values)
            else []
        )
        found = {
            lead.id
            for v in values
            for lead in ctx.find_leads(enum_value(selector.key_type), v)
        }
        return f"id IN ({', '.join(str(int(i)) for i in sorted(found))})", []
    if kind == "StaticListSelector":
        name, list_id = ctx.text(selector.static_list_name), selector.static_list_id
        row = None
        if name is not None:
            row = list_by_name(ctx.tx, name)
        elif ctx.present(list_id):
            row = ctx.tx.execute(
                "SELECT id FROM lists WHERE id = ?", (row_id(list_id),)
            ).fetchone()
        if row is None:
            raise Fault(20111, f"no static list {name or list_id}")
        # A probe per lead (not IN a list of members), so a page reads its own leads.
        member = "SELECT 1 FROM list_members WHERE list_id = ? AND lead_id = leads.id"
        return f"EXISTS ({member})", [row["id"]]
    if kind == "LastUpdateAtSelector":
        oldest = ctx.stored_time(selector.oldest_updated_at)
        require(ctx, oldest, "oldestUpdatedAt")
        latest = ctx.stored_time(selector.latest_updated_at) or ctx.stamp
        assert oldest is not None
        if (
            datetime.fromisoformat(latest) - datetime.fromisoformat(oldest)
            > MAX_UPDATE_WINDOW
        ):
            raise Fault(20022, "the updatedAt window is longer than 30 days")
        return "updated_at >= ? AND updated_at <= ?", [oldest, latest]
    raise Fault(20110, f"{kind} is not a leadSelector this operation takes")


@operation("mergeLeads")
def merge_leads(ctx: Context, params: Any) -> Any:
    require(ctx, params.winning_lead_key_list, "winningLeadKeyList")
    require(ctx, params.losing_lead_key_lists, "losingLeadKeyLists")
    winner = keyed_lead(ctx, ctx.attributes(params.winning_lead_key_list))
    losers = [
        keyed_lead(ctx, ctx.attributes(keys))
        for keys in params.losing_lead_key_lists.key_list
    ]
    if not losers or any(loser.id == winner.id for loser in losers):
        raise Fault(20110, "the losing leads must be other leads than the winner")
    now = ctx.stamp
    for loser in losers:
        for name, value in loser.attributes.items():
            winner.attributes.setdefault(name, value)
        ctx.tx.execute(
            "INSERT OR IGNORE INTO list_members (list_id, lead_id)"
            " SELECT list_id, ? FROM list_members WHERE lead_id = ?",
            (winner.id, loser.id),
        )
        ctx.tx.execute("DELETE FROM list_members WHERE lead_id = ?", (loser.id,))
        ctx.tx.execute(
            "UPDATE activities SET lead_id = ? WHERE lead_id = ?", (winner.id, loser.id)
        )
        ctx.tx.execute("DELETE FROM leads WHERE id = ?", (loser.id,))
    winner.updated_at = now
    save_lead(ctx.tx, winner)
    merged = ", ".join(str(loser.id) for loser in losers)
    log_activity(
        ctx.tx, winner.id, "MergeLeads", now, attributes=[("Merged Ids", merged)]
    )
    m = ctx.m
    status = m.MergeStatus(
        winning_lead_id=winner.id,
        losing_lead_id_list=m.ArrayOfInteger(
            integer_item=[loser.id for loser in losers]
        ),
        status=m.LeadMergeStatusEnum.MERGED,
        error=ctx.nil,
    )
    return m.SuccessMergeLeads(result=m.ResultMergeLeads(merge_status=status))


def keyed_lead(ctx: Context, keys: list[tuple[str, str]]) -> Lead:
    """The one lead every ``attrName=keyType, attrValue=value`` pair names."""
    if not keys:
        raise Fault(20101, "a lead key list is empty")
    matches: set[int] | None = None
    for key_type, value in keys:
        ids = {lead.id for lead in ctx.find_leads(key_type, value)}
        matches = ids if matches is None else matches & ids
    if not matches:
        raise Fault(20103, f"no lead has {keys}")
    return leads_where(ctx.tx, "id = ?", min(matches))[0]

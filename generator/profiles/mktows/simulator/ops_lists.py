"""Static lists and campaigns: listOperation, importToList, getImportToListStatus,
getCampaignsForSource, requestCampaign, scheduleCampaign.

An import runs at once; importToList answers PROCESSING as the service does, and
the first getImportToListStatus already sees it COMPLETE.
"""

from __future__ import annotations

import csv
import json
import sqlite3
from typing import Any

from generator.profiles.mktows.runtime.limits import (
    MAX_CAMPAIGN_LEADS,
    MAX_LIST_MEMBERS,
)
from generator.profiles.mktows.simulator import seed
from generator.profiles.mktows.simulator.faults import Fault
from generator.profiles.mktows.simulator.ops_common import (
    Context,
    enum_value,
    operation,
    over_limit,
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


@operation("listOperation")
def list_operation(ctx: Context, params: Any) -> Any:
    require(ctx, params.list_operation, "listOperation")
    require(ctx, params.list_key, "listKey")
    require(ctx, params.list_member_list, "listMemberList")
    keys = params.list_member_list.lead_key
    over_limit(len(keys), MAX_LIST_MEMBERS, "list members")
    if enum_value(params.list_key.key_type) != "MKTOLISTNAME":
        raise Fault(20111, f"no list has {enum_value(params.list_key.key_type)} keys")
    row = list_by_name(ctx.tx, str(params.list_key.key_value or ""))
    if row is None:
        raise Fault(20111, f"no static list {params.list_key.key_value!r}")
    strict = ctx.flag(getattr(params, "strict", None), False)
    action = enum_value(params.list_operation)
    now = ctx.stamp
    statuses = []
    for key in keys:
        found = ctx.find_leads(enum_value(key.key_type), str(key.key_value or ""))
        if not found and strict:
            raise Fault(
                20103, f"no lead has {enum_value(key.key_type)} {key.key_value}"
            )
        ok = bool(found)
        for lead in found:
            member = ctx.tx.execute(
                "SELECT 1 FROM list_members WHERE list_id = ? AND lead_id = ?",
                (row["id"], lead.id),
            ).fetchone()
            if action == "ADDTOLIST" and member is None:
                ctx.tx.execute(
                    "INSERT INTO list_members VALUES (?, ?)", (row["id"], lead.id)
                )
                log_activity(ctx.tx, lead.id, "AddToList", now, asset=row["name"])
            elif action == "REMOVEFROMLIST" and member is not None:
                ctx.tx.execute(
                    "DELETE FROM list_members WHERE list_id = ? AND lead_id = ?",
                    (row["id"], lead.id),
                )
                log_activity(ctx.tx, lead.id, "RemoveFromList", now, asset=row["name"])
            elif action == "ISMEMBEROFLIST":
                ok = member is not None
        statuses.append(ctx.m.LeadStatus(lead_key=key, status=ok))
    m = ctx.m
    result = m.ResultListOperation(
        success=all(s.status for s in statuses),
        status_list=m.ArrayOfLeadStatus(lead_status=statuses),
    )
    return m.SuccessListOperation(result=result)


@operation("importToList")
def import_to_list(ctx: Context, params: Any) -> Any:
    for value, name in (
        (params.program_name, "programName"),
        (params.import_file_header, "importFileHeader"),
        (params.import_list_mode, "importListMode"),
        (params.list_name, "listName"),
    ):
        require(ctx, value, name)
    columns = next(csv.reader([str(params.import_file_header)]))
    fields = [_column_field(ctx, column, params.campaign_name) for column in columns]
    if "Email" not in fields:
        raise Fault(20110, "importFileHeader needs an Email Address column")
    row = list_by_name(ctx.tx, str(params.list_name))
    if row is None:
        ctx.tx.execute(
            "INSERT INTO lists (name, program) VALUES (?, ?)",
            (str(params.list_name), str(params.program_name)),
        )
        row = list_by_name(ctx.tx, str(params.list_name))
    assert row is not None
    if ctx.flag(params.clear_list, False):
        ctx.tx.execute("DELETE FROM list_members WHERE list_id = ?", (row["id"],))
    upsert = enum_value(params.import_list_mode) == "UPSERTLEADS"
    lines = (
        params.import_file_rows.string_item
        if ctx.present(params.import_file_rows)
        else []
    )
    counts = {"imported": 0, "failed": 0, "ignored": 0}
    for values in csv.reader(lines):
        if len(values) != len(fields):
            counts["failed"] += 1
        else:
            counts[
                _import_row(ctx, row, dict(zip(fields, values, strict=True)), upsert)
            ] += 1
    ctx.tx.execute(
        "INSERT OR REPLACE INTO imports VALUES (?, ?, 'COMPLETE', ?, ?, ?, ?, ?, ?)",
        (
            str(params.program_name),
            str(params.list_name),
            ctx.stamp,
            ctx.stamp,
            counts["imported"],
            counts["failed"],
            counts["ignored"],
            json.dumps(counts),
        ),
    )
    status = ctx.m.ImportToListStatusEnum.PROCESSING
    return ctx.m.SuccessImportToList(
        result=ctx.m.ResultImportToList(import_status=status)
    )


def _column_field(ctx: Context, column: str, campaign: Any) -> str:
    """The lead field an import column (a display or API name) fills."""
    column = column.strip()
    if column in seed.EMAIL_HEADERS:
        return "Email"
    if column.startswith("{{my.") and column.endswith("}}"):
        if not ctx.present(campaign):
            raise Fault(20110, "token columns need a campaignName")
        return column
    for name, (_, label) in seed.LEAD_FIELDS.items():
        if column in (name, label):
            return name
    raise Fault(20105, f"import column {column!r} is not a lead field")


def _import_row(
    ctx: Context, lst: sqlite3.Row, values: dict[str, str], upsert: bool
) -> str:
    email = values.pop("Email", "").strip()
    attributes = {k: v for k, v in values.items() if not k.startswith("{{")}
    if "@" not in email:
        return "failed"
    found = leads_where(ctx.tx, "email = ?", email)
    if not found and not upsert:
        return "ignored"
    now = ctx.stamp
    if found:
        lead = found[0]
        if upsert:
            lead.attributes.update(attributes)
            lead.updated_at = now
            save_lead(ctx.tx, lead)
    else:
        lead = save_lead(ctx.tx, Lead(0, email, None, None, None, attributes, now, now))
        log_activity(
            ctx.tx, lead.id, "NewLead", now, attributes=[("Source Type", "List import")]
        )
    ctx.tx.execute(
        "INSERT OR IGNORE INTO list_members VALUES (?, ?)", (lst["id"], lead.id)
    )
    return "imported"


@operation("getImportToListStatus")
def get_import_to_list_status(ctx: Context, params: Any) -> Any:
    require(ctx, params.program_name, "programName")
    require(ctx, params.list_name, "listName")
    row = ctx.tx.execute(
        "SELECT * FROM imports WHERE program = ? AND list = ?",
        (str(params.program_name), str(params.list_name)),
    ).fetchone()
    if row is None:
        raise Fault(20111, f"no import into {params.list_name!r}")
    m = ctx.m
    result = m.ResultGetImportToListStatus(
        status=m.ImportToListStatusEnum(row["status"]),
        started_time=ctx.xml_time(row["started_at"]),
        ended_time=ctx.xml_time(row["ended_at"]),
        estimated_time=0,
        estimated_rows=row["rows_imported"] + row["rows_failed"] + row["rows_ignored"],
        rows_imported=row["rows_imported"],
        rows_failed=row["rows_failed"],
        rows_ignored=row["rows_ignored"],
        import_summary=row["summary"],
    )
    return m.SuccessGetImportToListStatus(result=result)


def _campaigns(
    ctx: Context, source: str, where: str = "1 = 1", *args: Any
) -> list[sqlite3.Row]:
    rows = ctx.tx.execute(f"SELECT * FROM campaigns WHERE {where} ORDER BY id", args)
    return [row for row in rows if source in row["sources"].split(",")]


@operation("getCampaignsForSource")
def get_campaigns_for_source(ctx: Context, params: Any) -> Any:
    require(ctx, params.source, "source")
    rows = _campaigns(ctx, enum_value(params.source))
    name = ctx.text(params.name)
    if name is not None:
        exact = ctx.flag(params.exact_name, False)
        rows = [
            r
            for r in rows
            if (r["name"] == name if exact else name.casefold() in r["name"].casefold())
        ]
    m = ctx.m
    records = [
        m.CampaignRecord(id=r["id"], name=r["name"], description=r["description"])
        for r in rows
    ]
    result = m.ResultGetCampaignsForSource(
        return_count=len(records),
        campaign_record_list=m.ArrayOfCampaignRecord(campaign_record=records),
    )
    return m.SuccessGetCampaignsForSource(result=result)


@operation("requestCampaign")
def request_campaign(ctx: Context, params: Any) -> Any:
    require(ctx, params.source, "source")
    source = enum_value(params.source)
    by_id = ctx.present(params.campaign_id)
    by_name = ctx.present(params.campaign_name) or ctx.present(params.program_name)
    if by_id == by_name:
        raise Fault(20110, "pass campaignId, or campaignName with programName")
    if by_id:
        rows = _campaigns(ctx, source, "id = ?", row_id(params.campaign_id))
    else:
        require(ctx, params.campaign_name, "campaignName")
        require(ctx, params.program_name, "programName")
        rows = _campaigns(
            ctx,
            source,
            "name = ? AND program = ?",
            str(params.campaign_name),
            str(params.program_name),
        )
    if not rows:
        raise Fault(20113, "no such campaign for this source")
    tokens = ctx.tokens(params.program_token_list)
    keys = (
        params.lead_list.lead_key[:MAX_CAMPAIGN_LEADS]
        if ctx.present(params.lead_list)
        else []
    )
    leads = [ctx.lead_key(key) for key in keys]
    _run(ctx, rows[0], ctx.stamp, tokens, leads)
    return ctx.m.SuccessRequestCampaign(
        result=ctx.m.ResultRequestCampaign(success=True)
    )


@operation("scheduleCampaign")
def schedule_campaign(ctx: Context, params: Any) -> Any:
    require(ctx, params.program_name, "programName")
    require(ctx, params.campaign_name, "campaignName")
    row = ctx.tx.execute(
        "SELECT * FROM campaigns WHERE name = ? AND program = ?",
        (str(params.campaign_name), str(params.program_name)),
    ).fetchone()
    if row is None:
        raise Fault(
            20113, f"no campaign {params.campaign_name!r} in {params.program_name!r}"
        )
    run_at = ctx.stored_time(params.campaign_run_at) or ctx.stamp
    _run(ctx, row, run_at, ctx.tokens(params.program_token_list), [])
    return ctx.m.SuccessScheduleCampaign(
        result=ctx.m.ResultScheduleCampaign(success=True)
    )


def _run(
    ctx: Context,
    campaign: sqlite3.Row,
    at: str,
    tokens: list[tuple[str, str]],
    leads: list[Lead],
) -> None:
    ctx.tx.execute(
        "INSERT INTO campaign_runs (campaign_id, run_at, tokens, leads) VALUES (?, ?, ?, ?)",
        (
            campaign["id"],
            at,
            json.dumps(tokens),
            json.dumps([lead.id for lead in leads]),
        ),
    )
    for lead in leads:
        log_activity(
            ctx.tx, lead.id, "RequestCampaign", ctx.stamp, campaign=campaign["name"]
        )

"""The activity log: getLeadActivity (newest first) and getLeadChanges (oldest first).

Both page with the structured ``startPosition``; its ``offset`` is an opaque
position, and a position with nothing after it is 20123 (stream at end). The last
page returns ``remainingCount`` 0 and a position a later call can resume from, so
getLeadChanges can be polled for new changes.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from generator.profiles.mktows.runtime.limits import MAX_LEAD_KEYS, PAGE_SIZES
from generator.profiles.mktows.simulator.faults import Fault
from generator.profiles.mktows.simulator.ops_common import (
    Context,
    enum_value,
    operation,
    require,
)
from generator.profiles.mktows.simulator.ops_leads import selector_where

ACTIVITY_STREAM = "getLeadActivity"
CHANGES_STREAM = "getLeadChanges"
# Per stream: which ids come after a position, the read order, the 20123 message.
ORDERS = {
    ACTIVITY_STREAM: ("<", "id DESC", "no older activity"),
    CHANGES_STREAM: (">", "id", "no changes after this position"),
}


def _type_filter(ctx: Context, activity_filter: Any) -> tuple[str, list[str]]:
    """SQL for an ``ActivityTypeFilter`` (include or exclude, never both)."""
    if not ctx.present(activity_filter):
        return "", []
    include = _types(ctx, activity_filter.include_types)
    exclude = _types(ctx, activity_filter.exclude_types)
    if include and exclude:
        raise Fault(
            20110, "activityFilter takes includeTypes or excludeTypes, not both"
        )
    chosen = include or exclude
    if not chosen:
        return "", []
    marks = ", ".join("?" * len(chosen))
    return f" AND type {'NOT ' if exclude else ''}IN ({marks})", chosen


def _types(ctx: Context, array: Any) -> list[str]:
    return [enum_value(t) for t in array.activity_type] if ctx.present(array) else []


def _window(ctx: Context, start: Any) -> tuple[str, list[str]]:
    """SQL for the created-at bounds of a ``StreamPosition``."""
    if not ctx.present(start):
        return "", []
    bounds = [
        (" AND created_at >= ?", ctx.stored_time(start.oldest_created_at)),
        (" AND created_at <= ?", ctx.stored_time(start.latest_created_at)),
    ]
    present = [(sql, value) for sql, value in bounds if value]
    return "".join(sql for sql, _ in present), [value for _, value in present if value]


def _filters(ctx: Context, params: Any, start: Any) -> tuple[str, list[Any]]:
    """SQL for the ``activityFilter`` and the ``startPosition`` bounds, in that order."""
    type_sql, type_args = _type_filter(ctx, params.activity_filter)
    window_sql, window_args = _window(ctx, start)
    return type_sql + window_sql, [*type_args, *window_args]


def _read_page(
    ctx: Context,
    stream: str,
    start: Any,
    after: int | None,
    sql: str,
    args: list[Any],
    size: int,
) -> tuple[list[sqlite3.Row], int, Any]:
    """One page of the activities ``sql`` selects (``FROM activities WHERE ...``),
    in the ``stream``'s order, after the record ``after`` names.

    Returns the rows, how many remain, and the ``newStartPosition``; a position
    with nothing after it is 20123.
    """
    beyond, order, at_end = ORDERS[stream]
    if after is not None:
        sql, args = f"{sql} AND id {beyond} ?", [*args, after]
    rows = list(
        ctx.tx.execute(f"SELECT * {sql} ORDER BY {order} LIMIT ?", (*args, size))
    )
    if after is not None and not rows:
        raise Fault(20123, at_end)
    total = ctx.tx.execute(f"SELECT COUNT(*) {sql}", args).fetchone()[0]
    return rows, total - len(rows), _next_position(ctx, start, stream, rows, after)


def _next_position(
    ctx: Context, start: Any, stream: str, rows: list[sqlite3.Row], after: int | None
) -> Any:
    """The ``newStartPosition``: the request's bounds, the last record returned."""
    last = rows[-1] if rows else None
    present = ctx.present(start)
    return ctx.m.StreamPosition(
        latest_created_at=start.latest_created_at if present else None,
        oldest_created_at=start.oldest_created_at if present else None,
        activity_created_at=ctx.xml_time(last["created_at"]) if last else ctx.nil,
        offset=(
            ctx.positions.encode(stream, last["id"])
            if last
            else (ctx.positions.encode(stream, after) if after is not None else "")
        ),
    )


def _attributes(ctx: Context, row: sqlite3.Row) -> Any:
    return ctx.attribute_list(
        [(str(n), str(v)) for n, v in json.loads(row["attributes"])]
    )


@operation("getLeadActivity")
def get_lead_activity(ctx: Context, params: Any) -> Any:
    lead = ctx.lead_key(params.lead_key)
    start = params.start_position
    offset = start.offset if ctx.present(start) else None
    after = ctx.position(ACTIVITY_STREAM, offset)
    filter_sql, filter_args = _filters(ctx, params, start)
    sql = f"FROM activities WHERE lead_id = ?{filter_sql}"
    size = ctx.batch(params.batch_size, PAGE_SIZES["getLeadActivity"])
    rows, remaining, position = _read_page(
        ctx, ACTIVITY_STREAM, start, after, sql, [lead.id, *filter_args], size
    )
    m = ctx.m
    records = [
        m.ActivityRecord(
            id=row["id"],
            activity_date_time=ctx.xml_time(row["created_at"]),
            activity_type=row["type"],
            mktg_asset_name=row["asset"] or "",
            activity_attributes=_attributes(ctx, row),
            campaign=row["campaign"] if row["campaign"] is not None else ctx.nil,
            person_name=" ".join(
                filter(
                    None,
                    (lead.attributes.get("FirstName"), lead.attributes.get("LastName")),
                )
            )
            or ctx.nil,
            mkt_person_id=str(lead.id),
            foreign_sys_id=ctx.nil,
            org_name=lead.attributes.get("Company", ctx.nil),
            foreign_sys_org_id=ctx.nil,
        )
        for row in rows
    ]
    activity = m.LeadActivityList(
        return_count=len(rows),
        remaining_count=remaining,
        new_start_position=position,
        activity_record_list=m.ArrayOfActivityRecord(activity_record=records),
    )
    return m.SuccessGetLeadActivity(lead_activity_list=activity)


@operation("getLeadChanges")
def get_lead_changes(ctx: Context, params: Any) -> Any:
    start = params.start_position
    require(ctx, start, "startPosition")
    if not (ctx.text(start.offset) or ctx.present(start.oldest_created_at)):
        raise Fault(20109, "startPosition needs oldestCreatedAt or offset")
    after = ctx.position(CHANGES_STREAM, start.offset)
    filter_sql, args = _filters(ctx, params, start)
    sql = f"FROM activities WHERE 1 = 1{filter_sql}"
    names: Any = getattr(params, "activity_name_filter", None)
    if ctx.present(names) and names.string_item:
        wanted = [name.replace(" ", "").casefold() for name in names.string_item]
        sql += f" AND lower(type) IN ({', '.join('?' * len(wanted))})"
        args += wanted
    selector = getattr(params, "lead_selector", None)
    if ctx.present(selector):
        keys = getattr(getattr(selector, "key_values", None), "string_item", [])
        if len(keys) > MAX_LEAD_KEYS:
            raise Fault(20110, f"{len(keys)} lead keys is more than {MAX_LEAD_KEYS}")
        where, where_args = selector_where(ctx, selector)
        sql += f" AND lead_id IN (SELECT id FROM leads WHERE {where})"
        args += where_args
    size = ctx.batch(params.batch_size, PAGE_SIZES["getLeadChanges"])
    rows, remaining, position = _read_page(
        ctx, CHANGES_STREAM, start, after, sql, args, size
    )
    m = ctx.m
    records = [
        m.LeadChangeRecord(
            id=row["id"],
            activity_date_time=ctx.xml_time(row["created_at"]),
            activity_type=row["type"],
            mktg_asset_name=row["asset"] if row["asset"] is not None else ctx.nil,
            activity_attributes=_attributes(ctx, row),
            campaign=row["campaign"],
            mkt_person_id=str(row["lead_id"]),
        )
        for row in rows
    ]
    result = m.ResultGetLeadChanges(
        return_count=len(rows),
        remaining_count=remaining,
        new_start_position=position,
        lead_change_record_list=m.ArrayOfLeadChangeRecord(lead_change_record=records),
    )
    return m.SuccessGetLeadChanges(result=result)

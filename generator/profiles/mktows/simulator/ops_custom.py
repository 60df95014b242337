"""Custom objects: getCustomObjects, syncCustomObjects, deleteCustomObjects.

A record is identified by all of its type's key fields (``MKTOID`` links it to a
lead, which must exist). Per-record problems are reported in the record's status;
an unknown type or an over-limit batch faults.
"""

from __future__ import annotations

import json
from typing import Any

from generator.profiles.mktows.runtime.limits import MAX_CUSTOM_OBJECTS, PAGE_SIZES
from generator.profiles.mktows.simulator import seed
from generator.profiles.mktows.simulator.faults import Fault
from generator.profiles.mktows.simulator.ops_common import (
    Context,
    enum_value,
    operation,
    over_limit,
    page,
    require,
)
from generator.profiles.mktows.simulator.state import leads_where, row_id


def _type(ctx: Context, name: Any) -> tuple[str, seed.CustomType]:
    require(ctx, name, "objTypeName")
    custom = seed.CUSTOM_TYPES.get(str(name))
    if custom is None:
        raise Fault(20110, f"no custom object type {name!r}")
    return str(name), custom


def _status(
    ctx: Context, kind: str, keys: Any, status: str, error: str | None = None
) -> Any:
    return ctx.m.SyncCustomObjStatus(
        obj_type_name=kind,
        custom_obj_key_list=keys,
        status=ctx.m.SyncStatusEnum(status),
        error=error if error is not None else ctx.nil,
    )


def _key(ctx: Context, custom: seed.CustomType, keys: Any) -> str:
    """The stored identity of a record; a ``ValueError`` names what is wrong."""
    pairs = dict(ctx.attributes(keys))
    if set(pairs) != set(custom.keys):
        raise ValueError(f"the key fields are {', '.join(custom.keys)}")
    lead_id = pairs.get("MKTOID", "")
    if "MKTOID" in pairs and not (
        lead_id.isascii()
        and lead_id.isdigit()
        and leads_where(ctx.tx, "id = ?", row_id(lead_id))
    ):
        raise ValueError(f"no lead has MKTOID {lead_id}")
    return json.dumps([[k, pairs[k]] for k in custom.keys])


@operation("getCustomObjects")
def get_custom_objects(ctx: Context, params: Any) -> Any:
    kind, custom = _type(ctx, params.obj_type_name)
    wanted = ctx.attributes(params.custom_obj_key_list)
    rows = list(
        ctx.tx.execute(
            "SELECT * FROM custom_objects WHERE type = ? ORDER BY id", (kind,)
        )
    )
    rows = [
        r
        for r in rows
        if all(pair in map(tuple, json.loads(r["keys"])) for pair in wanted)
    ]
    by_id = {r["id"]: r for r in rows}
    size = ctx.batch(params.batch_size, PAGE_SIZES["getCustomObjects"])
    chunk, remaining, position = page(
        ctx, f"getCustomObjects:{kind}", sorted(by_id), params.stream_position, size
    )
    include = params.include_attributes
    names = (
        set(include.string_item)
        if ctx.present(include) and include.string_item
        else set(custom.fields)
    )
    objects = []
    for ident in chunk:
        row = by_id[ident]
        attributes = json.loads(row["attributes"])
        objects.append(
            ctx.m.CustomObj(
                custom_obj_key_list=ctx.attribute_list(
                    [(k, v) for k, v in json.loads(row["keys"])]
                ),
                custom_obj_attribute_list=ctx.attribute_list(
                    [
                        (k, attributes[k])
                        for k in custom.fields
                        if k in names and k in attributes
                    ]
                ),
            )
        )
    m = ctx.m
    result = m.ResultGetCustomObjects(
        obj_type_name=kind,
        return_count=len(objects),
        remaining_count=remaining,
        new_stream_position=position,
        custom_obj_list=m.ArrayOfCustomObj(custom_obj=objects),
    )
    return m.SuccessGetCustomObjects(result=result)


@operation("syncCustomObjects")
def sync_custom_objects(ctx: Context, params: Any) -> Any:
    kind, custom = _type(ctx, params.obj_type_name)
    require(ctx, params.custom_obj_list, "customObjList")
    records = params.custom_obj_list.custom_obj
    over_limit(len(records), MAX_CUSTOM_OBJECTS, "custom objects")
    mode = enum_value(params.operation) if ctx.present(params.operation) else "UPSERT"
    statuses = []
    for record in records:
        keys = record.custom_obj_key_list
        attributes = dict(ctx.attributes(record.custom_obj_attribute_list))
        try:
            key = _key(ctx, custom, keys)
            unknown = sorted(set(attributes) - set(custom.fields))
            if unknown:
                raise ValueError(f"unknown fields {unknown}")
        except ValueError as problem:
            statuses.append(_status(ctx, kind, keys, "FAILED", str(problem)))
            continue
        row = ctx.tx.execute(
            "SELECT * FROM custom_objects WHERE type = ? AND keys = ?", (kind, key)
        ).fetchone()
        if row is None and mode != "UPDATE":
            ctx.tx.execute(
                "INSERT INTO custom_objects (type, keys, attributes) VALUES (?, ?, ?)",
                (kind, key, json.dumps(attributes)),
            )
            statuses.append(_status(ctx, kind, keys, "CREATED"))
        elif row is not None and mode != "INSERT":
            merged = {**json.loads(row["attributes"]), **attributes}
            ctx.tx.execute(
                "UPDATE custom_objects SET attributes = ? WHERE id = ?",
                (json.dumps(merged), row["id"]),
            )
            statuses.append(_status(ctx, kind, keys, "UPDATED"))
        else:
            error = "the object exists" if row is not None else "no such object"
            statuses.append(_status(ctx, kind, keys, "FAILED", error))
    m = ctx.m
    result = m.ResultSyncCustomObjects(
        sync_custom_obj_status_list=m.ArrayOfSyncCustomObjStatus(
            sync_custom_obj_status=statuses
        )
    )
    return m.SuccessSyncCustomObjects(result=result)


@operation("deleteCustomObjects")
def delete_custom_objects(ctx: Context, params: Any) -> Any:
    kind, custom = _type(ctx, params.obj_type_name)
    require(ctx, params.custom_obj_key_lists, "customObjKeyLists")
    key_lists = params.custom_obj_key_lists.key_list
    over_limit(len(key_lists), MAX_CUSTOM_OBJECTS, "custom objects")
    statuses = []
    for keys in key_lists:
        try:
            key = _key(ctx, custom, keys)
        except ValueError as problem:
            statuses.append(_status(ctx, kind, keys, "FAILED", str(problem)))
            continue
        deleted = ctx.tx.execute(
            "DELETE FROM custom_objects WHERE type = ? AND keys = ?", (kind, key)
        ).rowcount
        status, error = ("DELETED", None) if deleted else ("FAILED", "no such object")
        statuses.append(_status(ctx, kind, keys, status, error))
    m = ctx.m
    result = m.ResultDeleteCustomObjects(
        delete_custom_obj_status_list=m.ArrayOfSyncCustomObjStatus(
            sync_custom_obj_status=statuses
        )
    )
    return m.SuccessDeleteCustomObjects(result=result)

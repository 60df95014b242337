"""MObjects: describeMObject, listMObjects, getMObjects, syncMObjects, deleteMObjects.

Opportunity and OpportunityPersonRole can be created, changed and deleted; the
seeded Programs can only be updated (cost, tags), as documented. Per-object
problems are reported in the object's status; only a bad request faults.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from generator.profiles.mktows.runtime.limits import MAX_MOBJECTS, PAGE_SIZES
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
from generator.profiles.mktows.simulator.state import row_id

COMPARE = {
    "EQ": lambda a, b: a == b,
    "NE": lambda a, b: a != b,
    "LT": lambda a, b: a < b,
    "LE": lambda a, b: a <= b,
    "GT": lambda a, b: a > b,
    "GE": lambda a, b: a >= b,
}


@operation("describeMObject")
def describe_mobject(ctx: Context, params: Any) -> Any:
    require(ctx, params.object_name, "objectName")
    name = str(params.object_name)
    if name not in seed.OBJECT_FIELDS:
        raise Fault(20110, f"{name!r} cannot be described")
    m, nil = ctx.m, ctx.nil
    updated = ctx.xml_time("2026-01-05T09:00:00+00:00")
    fields = [
        ctx.make(
            "MObjFieldMetadata",
            name=field,
            description=nil,
            display_name=label,
            source_object=name,
            data_type=kind,
            size=255 if kind == "string" else nil,
            is_readonly=field == "Id",
            is_update_blocked=field == "Id",
            is_name=field in ("Name", "Email"),
            is_primary_key=field == "Id",
            is_custom=False,
            is_dynamic=False,
            dynamic_field_ref=nil,
            updated_at=updated,
        )
        for field, kind, label in seed.OBJECT_FIELDS[name]
    ]
    metadata = m.MObjectMetadata(
        name=name,
        description=nil,
        is_custom=False,
        is_virtual=False,
        field_list=m.ArrayOfMObjFieldMetadata(field_value=fields),
        updated_at=updated,
    )
    return m.SuccessDescribeMObject(result=m.ResultDescribeMObject(metadata=metadata))


@operation("listMObjects")
def list_mobjects(ctx: Context, params: Any) -> Any:
    result = ctx.m.ResultListMObjects(objects=list(seed.LISTED_OBJECTS))
    return ctx.m.SuccessListMObjects(result=result)


def _external_key(ctx: Context, attrib: Any) -> str | None:
    if not ctx.present(attrib) or attrib.name is None:
        return None
    return json.dumps([str(attrib.name), str(attrib.value or "")])


def _find(ctx: Context, mobject: Any) -> sqlite3.Row | None:
    kind = str(mobject.type_value or "")
    arg: int | str | None
    if ctx.present(mobject.id):
        sql, arg = "id = ?", row_id(mobject.id)
    else:
        key = _external_key(ctx, mobject.external_key)
        if key is None:
            return None
        sql, arg = "external_key = ?", key
    row: sqlite3.Row | None = ctx.tx.execute(
        f"SELECT * FROM mobjects WHERE type = ? AND {sql}", (kind, arg)
    ).fetchone()
    return row


def _mobject(ctx: Context, row: sqlite3.Row, details: bool) -> Any:
    m = ctx.m
    key = json.loads(row["external_key"]) if row["external_key"] else None
    attributes = json.loads(row["attributes"])
    type_attribs = [
        m.TypeAttrib(
            attr_type=kind,
            attr_list=m.ArrayOfAttrib(
                attrib=[m.Attrib(name=n, value=v) for n, v in pairs]
            ),
        )
        for kind, pairs in json.loads(row["details"])
    ]
    associations = [
        m.MObjAssociation(m_obj_type=kind, id=ident)
        for kind, ident in json.loads(row["associations"])
    ]
    return ctx.make(
        "MObject",
        type_value=row["type"],
        id=row["id"],
        external_key=m.Attrib(name=key[0], value=key[1]) if key else None,
        created_at=ctx.xml_time(row["created_at"]),
        updated_at=ctx.xml_time(row["updated_at"]),
        attrib_list=m.ArrayOfAttrib(
            attrib=[m.Attrib(name=k, value=v) for k, v in sorted(attributes.items())]
        ),
        type_attrib_list=(
            m.ArrayOfTypeAttrib(type_attrib=type_attribs)
            if details and type_attribs
            else None
        ),
        association_list=(
            m.ArrayOfMObjAssociation(m_obj_association=associations)
            if associations
            else None
        ),
    )


def _matches(row: sqlite3.Row, criteria: list[Any]) -> bool:
    attributes = {"Id": str(row["id"]), **json.loads(row["attributes"])}
    for criterion in criteria:
        have = attributes.get(str(criterion.attr_name))
        if have is None:
            return False
        want = str(criterion.attr_value if criterion.attr_value is not None else "")
        try:
            a, b = float(have), float(want)
        except ValueError:
            a, b = have, want  # type: ignore[assignment]
        if not COMPARE[enum_value(criterion.comparison)](a, b):
            return False
    return True


@operation("getMObjects")
def get_mobjects(ctx: Context, params: Any) -> Any:
    require(ctx, params.type_value, "type")
    kind = str(params.type_value)
    if kind not in seed.MOBJECT_TYPES:
        raise Fault(20110, f"getMObjects does not serve {kind!r}")
    rows = list(
        ctx.tx.execute("SELECT * FROM mobjects WHERE type = ? ORDER BY id", (kind,))
    )
    if ctx.present(params.id):
        rows = [r for r in rows if r["id"] == int(params.id)]
    key = _external_key(ctx, params.external_key)
    if key is not None:
        rows = [r for r in rows if r["external_key"] == key]
    criteria = (
        params.m_obj_criteria_list.m_obj_criteria
        if ctx.present(params.m_obj_criteria_list)
        else []
    )
    rows = [r for r in rows if _matches(r, criteria)]
    associations = (
        params.m_obj_association_list.m_obj_association
        if ctx.present(params.m_obj_association_list)
        else []
    )
    for wanted in associations:
        pair = [str(wanted.m_obj_type), wanted.id]
        rows = [r for r in rows if pair in json.loads(r["associations"])]
    by_id = {r["id"]: r for r in rows}
    chunk, remaining, position = page(
        ctx,
        "getMObjects",
        sorted(by_id),
        params.stream_position,
        PAGE_SIZES["getMObjects"].maximum,
    )
    details = ctx.flag(getattr(params, "include_details", None), False)
    m = ctx.m
    result = m.ResultGetMObjects(
        return_count=len(chunk),
        has_more=remaining > 0,
        new_stream_position=position,
        m_object_list=m.ArrayOfMObject(
            m_object=[_mobject(ctx, by_id[i], details) for i in chunk]
        ),
    )
    return m.SuccessGetMObjects(result=result)


def _status(
    ctx: Context, mobject: Any, status: str, ident: Any = None, error: str | None = None
) -> Any:
    return ctx.m.MObjStatus(
        id=(
            ident
            if ident is not None
            else (mobject.id if ctx.present(mobject.id) else ctx.nil)
        ),
        external_key=(
            mobject.external_key if ctx.present(mobject.external_key) else None
        ),
        status=ctx.m.MObjStatusEnum(status),
        error=error,
    )


def _sync_one(ctx: Context, mobject: Any, operation_name: str) -> Any:
    kind = str(mobject.type_value or "")
    if kind not in seed.MOBJECT_TYPES:
        return _status(ctx, mobject, "FAILED", error=f"type {kind!r} cannot be synced")
    if kind == "Program" and operation_name != "UPDATE":
        return _status(ctx, mobject, "FAILED", error="Programs take UPDATE only")
    attributes = (
        {str(a.name): str(a.value or "") for a in mobject.attrib_list.attrib}
        if mobject.attrib_list
        else {}
    )
    known = {field for field, _, _ in seed.OBJECT_FIELDS.get(kind, [])} or set(
        attributes
    )
    if set(attributes) - known:
        return _status(
            ctx,
            mobject,
            "FAILED",
            error=f"unknown fields {sorted(set(attributes) - known)}",
        )
    details = [
        [
            str(t.attr_type),
            [
                [str(a.name), str(a.value or "")]
                for a in (t.attr_list.attrib if t.attr_list else [])
            ],
        ]
        for t in (
            getattr(mobject, "type_attrib_list", None) or ctx.m.ArrayOfTypeAttrib()
        ).type_attrib
    ]
    associations = [
        [str(a.m_obj_type), a.id]
        for a in (
            mobject.association_list.m_obj_association
            if mobject.association_list
            else []
        )
    ]
    row = _find(ctx, mobject)
    now = ctx.stamp
    if row is None:
        if operation_name == "UPDATE" or (
            ctx.present(mobject.id) and operation_name == "INSERT"
        ):
            return _status(ctx, mobject, "FAILED", error="no such object")
        cursor = ctx.tx.execute(
            "INSERT INTO mobjects (type, external_key, attributes, details, associations,"
            " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                kind,
                _external_key(ctx, mobject.external_key),
                json.dumps(attributes),
                json.dumps(details),
                json.dumps(associations),
                now,
                now,
            ),
        )
        return _status(ctx, mobject, "CREATED", ident=cursor.lastrowid)
    if operation_name == "INSERT":
        return _status(
            ctx, mobject, "FAILED", ident=row["id"], error="the object exists"
        )
    merged = {**json.loads(row["attributes"]), **attributes}
    kept = [d for d in json.loads(row["details"]) if d not in details]
    unchanged = (
        merged == json.loads(row["attributes"]) and not details and not associations
    )
    ctx.tx.execute(
        "UPDATE mobjects SET attributes = ?, details = ?, associations = ?, updated_at = ? WHERE id = ?",
        (
            json.dumps(merged),
            json.dumps(kept + details),
            json.dumps(associations or json.loads(row["associations"])),
            now,
            row["id"],
        ),
    )
    return _status(
        ctx, mobject, "UNCHANGED" if unchanged else "UPDATED", ident=row["id"]
    )


@operation("syncMObjects")
def sync_mobjects(ctx: Context, params: Any) -> Any:
    require(ctx, params.m_object_list, "mObjectList")
    require(ctx, params.operation, "operation")
    objects = params.m_object_list.m_object
    over_limit(len(objects), MAX_MOBJECTS, "MObjects")
    statuses = [_sync_one(ctx, o, enum_value(params.operation)) for o in objects]
    m = ctx.m
    result = m.ResultSyncMObjects(
        m_obj_status_list=m.ArrayOfMObjStatus(m_obj_status=statuses)
    )
    return m.SuccessSyncMObjects(result=result)


@operation("deleteMObjects")
def delete_mobjects(ctx: Context, params: Any) -> Any:
    require(ctx, params.m_object_list, "mObjectList")
    objects = params.m_object_list.m_object
    over_limit(len(objects), MAX_MOBJECTS, "MObjects")
    statuses = []
    for mobject in objects:
        if str(mobject.type_value or "") not in seed.DELETABLE_MOBJECTS:
            statuses.append(
                _status(ctx, mobject, "FAILED", error="this type cannot be deleted")
            )
        elif (row := _find(ctx, mobject)) is None:
            statuses.append(_status(ctx, mobject, "UNCHANGED", error="no such object"))
        else:
            ctx.tx.execute("DELETE FROM mobjects WHERE id = ?", (row["id"],))
            statuses.append(_status(ctx, mobject, "DELETED", ident=row["id"]))
    m = ctx.m
    result = m.ResultDeleteMObjects(
        m_obj_status_list=m.ArrayOfMObjStatus(m_obj_status=statuses)
    )
    return m.SuccessDeleteMObjects(result=result)

"""What every operation handler shares: the call context, the registry, conversions.

A handler takes the :class:`Context` and the parsed ``params*`` object and returns
the ``success*`` object, or raises :class:`~generator.profiles.mktows.simulator.faults.Fault`. It
builds results with ``ctx.m``, the served package's models, so the same handlers
serve any revision of the WSDL.
"""

from __future__ import annotations

import dataclasses
import sqlite3
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from xsdata.models.datatype import XmlDateTime

from generator.profiles.mktows.runtime.limits import PageSize
from generator.profiles.mktows.simulator import seed
from generator.profiles.mktows.simulator.faults import Fault
from generator.profiles.mktows.simulator.paging import Positions
from generator.profiles.mktows.simulator.state import Lead, leads_where, row_id

Handler = Callable[["Context", Any], Any]
HANDLERS: dict[str, Handler] = {}


def operation(name: str) -> Callable[[Handler], Handler]:
    """Register a handler for the WSDL operation ``name``."""

    def register(handler: Handler) -> Handler:
        HANDLERS[name] = handler
        return handler

    return register


@dataclass
class Context:
    """One call: the models to answer with, its transaction, and its time."""

    m: Any
    nil: Any
    tx: sqlite3.Connection
    now: datetime
    headers: dict[str, Any]
    positions: Positions

    @property
    def stamp(self) -> str:
        """The call's time as stored: UTC, seconds, ``+00:00``."""
        return self.now.astimezone(UTC).isoformat(timespec="seconds")

    def make(self, model: str, /, **values: Any) -> Any:
        """Build ``model`` from the fields this revision of it has."""
        cls = getattr(self.m, model)
        fields = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in values.items() if k in fields})

    def present(self, value: Any) -> bool:
        """Set and not nil."""
        return value is not None and value is not self.nil

    def text(self, value: Any) -> str | None:
        """A string parameter, ``None`` when absent or nil."""
        return str(value) if self.present(value) else None

    def flag(self, value: Any, default: bool) -> bool:
        return bool(value) if self.present(value) else default

    def batch(self, value: Any, size: PageSize) -> int:
        """A ``batchSize``: the default when absent, capped silently as documented."""
        if not self.present(value):
            return size.default
        if int(value) < 1:
            raise Fault(20110, "batchSize must be positive")
        return min(int(value), size.maximum)

    def position(self, stream: str, value: Any) -> int | None:
        """The id a stream position continues after; ``None`` for the first page."""
        text = self.text(value)
        return self.positions.decode(stream, text) if text else None

    def attributes(self, array: Any) -> list[tuple[str, str]]:
        """``(name, value)`` pairs of an ``ArrayOfAttribute``."""
        if not self.present(array):
            return []
        return [
            (str(a.attr_name or ""), str(a.attr_value or "")) for a in array.attribute
        ]

    def attribute_list(self, pairs: list[tuple[str, str]], types: bool = False) -> Any:
        """An ``ArrayOfAttribute``; with ``types``, lead fields carry their attrType."""
        return self.m.ArrayOfAttribute(
            attribute=[
                self.m.Attribute(
                    attr_name=name,
                    attr_type=(
                        seed.LEAD_FIELDS.get(name, ("string", ""))[0] if types else None
                    ),
                    attr_value=value,
                )
                for name, value in pairs
            ]
        )

    def xml_time(self, stamp: str | None) -> Any:
        """A stored time as the models' dateTime, or nil."""
        if not stamp:
            return self.nil
        return XmlDateTime.from_datetime(datetime.fromisoformat(stamp))

    def stored_time(self, value: Any) -> str | None:
        """A dateTime parameter as stored (UTC text), ``None`` when absent or nil."""
        if not self.present(value):
            return None
        moment = value.to_datetime()
        moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
        return str(moment.astimezone(UTC).isoformat(timespec="seconds"))

    def lead_record(self, lead: Lead, include: set[str] | None = None) -> Any:
        """A ``LeadRecord``; ``include`` limits the attributes (``includeAttributes``)."""
        pairs = sorted(
            (k, v)
            for k, v in lead.attributes.items()
            if include is None or k in include
        )
        nil = self.nil
        return self.m.LeadRecord(
            id=lead.id,
            email=lead.email if lead.email is not None else nil,
            foreign_sys_person_id=(
                lead.foreign_id if lead.foreign_id is not None else nil
            ),
            foreign_sys_type=(
                self.m.ForeignSysType(lead.foreign_type) if lead.foreign_type else nil
            ),
            lead_attribute_list=self.attribute_list(pairs, types=True),
        )

    def find_leads(self, key_type: str, value: str) -> list[Lead]:
        """Leads a lead key names (may be none); faults for unusable keys."""
        if key_type == "IDNUM":
            if not (value.strip().isascii() and value.strip().isdigit()):
                raise Fault(20110, f"IDNUM {value!r} is not a lead id")
            return leads_where(self.tx, "id = ?", row_id(value))
        if key_type == "EMAIL":
            return leads_where(self.tx, "email = ?", value)
        if key_type == "COOKIE":
            return leads_where(self.tx, "cookie = ?", value)
        if key_type in ("SFDCLEADID", "SFDCCONTACTID"):
            return leads_where(
                self.tx, "foreign_type = 'SFDC' AND foreign_id = ?", value
            )
        if key_type in ("LEADOWNEREMAIL", "SFDCLEADOWNERID"):
            raise Fault(20108, "this account has no lead owners")
        if key_type in ("SFDCACCOUNTID", "SFDCOPPTYID"):
            return []
        raise Fault(20102, f"lead key type {key_type!r} is not valid")

    def key_leads(self, key: Any) -> list[Lead]:
        """Every lead a ``LeadKey`` names: 20101 without a full key, 20103 if none."""
        if not self.present(key) or key.key_type is None or key.key_value is None:
            raise Fault(20101, "a leadKey with keyType and keyValue is required")
        found = self.find_leads(enum_value(key.key_type), str(key.key_value))
        if not found:
            raise Fault(
                20103, f"no lead has {enum_value(key.key_type)} {key.key_value}"
            )
        return found

    def lead_key(self, key: Any) -> Lead:
        """The (first) lead a ``LeadKey`` names."""
        return self.key_leads(key)[0]

    def tokens(self, array: Any) -> list[tuple[str, str]]:
        """Program tokens (``{{my.name}}``) of an ``ArrayOfAttrib``; 20110 if malformed."""
        if not self.present(array):
            return []
        pairs = [(str(a.name or ""), str(a.value or "")) for a in array.attrib]
        for name, _ in pairs:
            if not (name.startswith("{{my.") and name.endswith("}}")):
                raise Fault(20110, f"program token {name!r} is not {{{{my.name}}}}")
        return pairs


def enum_value(value: Any) -> str:
    """The XML text of an enum member (or of a plain string)."""
    return str(getattr(value, "value", value))


def require(ctx: Context, value: Any, what: str, code: int = 20109) -> None:
    """Fault with ``code`` when a required parameter is absent or nil."""
    if not ctx.present(value):
        raise Fault(code, f"{what} is required")


def over_limit(count: int, limit: int, what: str) -> None:
    """Fault 20110 for a batch over its documented size."""
    if count > limit:
        raise Fault(20110, f"{count} {what} is more than the limit of {limit}")


def page(
    ctx: Context, stream: str, ids: list[int], position: Any, size: int
) -> tuple[list[int], int, str]:
    """One page of ``ids`` (ascending) after ``position``.

    Returns the page, how many remain, and the next position: empty when nothing
    remains, as documented. A position with nothing after it is 20123.
    """
    after = ctx.position(stream, position)
    start = 0 if after is None else bisect_right(ids, after)
    chunk = ids[start : start + size]
    return chunk, *_page_end(ctx, stream, after, chunk, len(ids) - start - len(chunk))


def page_rows(
    ctx: Context,
    stream: str,
    table: str,
    where: str,
    args: list[Any],
    position: Any,
    size: int,
) -> tuple[list[sqlite3.Row], int, str]:
    """:func:`page` for the rows of ``table`` matching ``where``, read in SQL.

    Only the page's rows are read (``id > ? ORDER BY id LIMIT ?``), so paging
    through a large selection costs each page its own size, not the selection's.
    """
    after = ctx.position(stream, position)
    if after is not None:
        where, args = f"({where}) AND id > ?", [*args, after]
    rows = list(
        ctx.tx.execute(
            f"SELECT * FROM {table} WHERE {where} ORDER BY id LIMIT ?", (*args, size)
        )
    )
    remaining = 0
    if rows:
        remaining = ctx.tx.execute(
            f"SELECT COUNT(*) FROM {table} WHERE ({where}) AND id > ?",
            (*args, rows[-1]["id"]),
        ).fetchone()[0]
    return rows, *_page_end(ctx, stream, after, [r["id"] for r in rows], remaining)


def _page_end(
    ctx: Context, stream: str, after: int | None, chunk: list[int], remaining: int
) -> tuple[int, str]:
    """How many remain and the next position (empty when none remain); 20123 when a
    position has nothing after it."""
    if after is not None and not chunk:
        raise Fault(20123, f"nothing left in {stream}")
    return remaining, ctx.positions.encode(stream, chunk[-1]) if remaining else ""

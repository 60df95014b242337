"""The schema half of a diff: elements, types, their fields and enumeration values.

Classes are matched by kind, namespace and XML name, fields by XML name (``@name`` for an XML
attribute), enumeration values by value; see :mod:`generator.tools.diff.index`. A change
inside a class takes the direction of the class: where the operations of either
revision reach it from.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from xsdata.codegen.models import Attr, Class

from generator.tools.diff.index import (
    ClassKey,
    SchemaIndex,
    Usage,
    enum_values,
    field_key,
    fields,
    key_label,
    key_name,
    occurs,
    share_names,
)
from generator.tools.diff.rules import Change, Direction, change


class _Place(NamedTuple):
    """A class being compared: its path, its direction and the note on who uses it."""

    name: str
    direction: Direction
    note: str

    def change(
        self,
        rule_id: str,
        step: str | None,
        message: str,
        old: str | None = None,
        new: str | None = None,
    ) -> Change:
        path = f"{self.name}/{step}" if step else self.name
        return change(rule_id, self.direction, path, message + self.note, old, new)


def schema_changes(old: SchemaIndex, new: SchemaIndex) -> Iterator[Change]:
    """Every schema change from ``old`` to ``new``, in class-key order."""
    yield from _SchemaDiff(old, new).changes()


class _SchemaDiff:
    def __init__(self, old: SchemaIndex, new: SchemaIndex) -> None:
        self.old = old
        self.new = new
        share_names(old, new)

    def changes(self) -> Iterator[Change]:
        for key in sorted(self.old.classes.keys() | self.new.classes.keys()):
            was, now = self.old.classes.get(key), self.new.classes.get(key)
            if now is None:
                assert was is not None
                yield self.removed(key, was)
            elif was is None:
                yield self.added(key, now)
            else:
                yield from self.changed(key, was, now)

    def place(self, name: str, usage: Usage) -> _Place:
        return _Place(name, usage.direction, usage.note())

    def removed(self, key: ClassKey, cls: Class) -> Change:
        label = key_label(key, self.old.ambiguous)
        place = self.place(self.old.name(cls), Usage([(self.old, key)]))
        return place.change("type-removed", None, f"{label} removed", label)

    def added(self, key: ClassKey, cls: Class) -> Change:
        """A new class; a type derived from a type both sides have is a subtype.

        A subtype takes its base's direction: a response that carries the base may
        now carry the subtype (``xsi:type``), which an old client cannot read.
        """
        label = key_label(key, self.new.ambiguous)
        bases = [] if cls.is_element else self.new.bases(cls)
        kept = [self.new.key(b) for b in bases if self.new.key(b) in self.old.classes]
        if kept:
            usage = Usage([(self.old, kept[0]), (self.new, kept[0])])
            place = self.place(self.new.name(cls), usage)
            base = key_name(kept[0], self.new.ambiguous)
            message = f"{label} added, derived from {base}"
            return place.change("subtype-added", None, message, None, label)
        place = self.place(self.new.name(cls), Usage([(self.new, key)]))
        return place.change("type-added", None, f"{label} added", None, label)

    def changed(self, key: ClassKey, old: Class, new: Class) -> Iterator[Change]:
        name = self.new.name(new)
        place = self.place(name, Usage([(self.old, key), (self.new, key)]))
        if old.is_enumeration != new.is_enumeration:
            kinds = [
                "enumeration" if c.is_enumeration else "complex type"
                for c in (old, new)
            ]
            message = f"{name} changed from {kinds[0]} to {kinds[1]}"
            yield place.change("type-kind-changed", None, message, *kinds)
            return
        was, now = self.bases_label(self.old, old), self.bases_label(self.new, new)
        if was != now:
            # A top-level element "extends" the type it declares.
            if key[0] == "element":
                message = f"type of element {name} changed"
                yield place.change("element-type-changed", None, message, was, now)
            else:
                message = f"base type of {name} changed"
                yield place.change("base-type-changed", None, message, was, now)
        yield from documentation_changes(name, old.help, new.help)
        yield from self.enum_changes(place, old, new)
        yield from self.field_changes(place, old, new)

    @staticmethod
    def bases_label(index: SchemaIndex, cls: Class) -> str | None:
        return ", ".join(index.type_label(ext.type) for ext in cls.extensions) or None

    @staticmethod
    def enum_changes(place: _Place, old: Class, new: Class) -> Iterator[Change]:
        before, after = enum_values(old), enum_values(new)
        for value in sorted(before.keys() - after.keys()):
            message = f"value {value} removed from {place.name}"
            yield place.change("enum-value-removed", value, message, value)
        for value in sorted(after.keys() - before.keys()):
            message = f"value {value} added to {place.name}"
            yield place.change("enum-value-added", value, message, None, value)

    def field_changes(self, place: _Place, old: Class, new: Class) -> Iterator[Change]:
        before = {field_key(a): a for a in fields(old)}
        after = {field_key(a): a for a in fields(new)}
        for key, attr in before.items():
            if key not in after:
                message = f"{_label(attr)} removed"
                yield place.change(
                    "element-removed", key, message, self.old.describe(attr)
                )
        for key, attr in after.items():
            if key not in before:
                need = "optional" if attr.is_optional else "required"
                rule = f"element-added-{need}"
                message = f"{need} {_label(attr)} added"
                yield place.change(rule, key, message, None, self.new.describe(attr))
            else:
                yield from self.field_change(place, key, before[key], attr)
        common_old = [k for k in before if k in after and not k.startswith("@")]
        common_new = [k for k in after if k in before and not k.startswith("@")]
        if common_old != common_new:
            message = f"order of the elements of {place.name} changed"
            was, now = ", ".join(common_old), ", ".join(common_new)
            yield place.change("element-order-changed", None, message, was, now)

    def field_change(
        self, place: _Place, key: str, old: Attr, new: Attr
    ) -> Iterator[Change]:
        label = _label(new)
        was, now = self.old.types_label(old), self.new.types_label(new)
        if was != now:
            yield place.change(
                "element-type-changed", key, f"{label} changed type", was, now
            )
        for attribute, before, after in (
            ("minOccurs", old.restrictions.min_occurs, new.restrictions.min_occurs),
            ("maxOccurs", old.restrictions.max_occurs, new.restrictions.max_occurs),
        ):
            low, high = occurs(before), occurs(after)
            if low != high:
                raised = high == "*" or (low != "*" and int(high) > int(low))
                word = "raised" if raised else "lowered"
                rule = f"{attribute[:3]}-occurs-{word}"
                message = f"{label}: {attribute} {word} from {low} to {high}"
                yield place.change(rule, key, message, low, high)
        nillable = bool(old.restrictions.nillable), bool(new.restrictions.nillable)
        if nillable[0] != nillable[1]:
            rule = "nillable-added" if nillable[1] else "nillable-removed"
            state = "nillable" if nillable[1] else "no longer nillable"
            was, now = (str(value).lower() for value in nillable)
            yield place.change(rule, key, f"{label} is now {state}", was, now)
        yield from documentation_changes(f"{place.name}/{key}", old.help, new.help)


def documentation_changes(
    path: str, old: str | None, new: str | None
) -> Iterator[Change]:
    """``documentation-changed`` when the text differs beyond whitespace.

    Documentation never changes the wire, so its direction is none (info).
    """
    was, now = " ".join((old or "").split()), " ".join((new or "").split())
    if was != now:
        message = f"documentation of {path} changed"
        yield change(
            "documentation-changed",
            Direction.NONE,
            path,
            message,
            was or None,
            now or None,
        )


def _label(attr: Attr) -> str:
    """``element note`` or ``attribute mode``."""
    key = field_key(attr)
    return f"attribute {key[1:]}" if key.startswith("@") else f"element {key}"

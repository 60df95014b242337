"""The keywords of a generated method: one rule for the client, the helpers and the diff."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from xsdata.codegen.models import Attr, Class

from generator.model.api import Operation
from generator.model.classes import is_unknown_slot
from generator.model.python_names import ModelFilters


@dataclass(frozen=True)
class Parameter:
    """One keyword of a generated method: the request field or optional header it sets."""

    name: str
    annotation: str  # with its default, as declared: "None | int = None"
    value: str  # what goes into the request: "name", or "[] if name is None else name"
    header: bool = False


def method_parameters(operation: Operation, filters: ModelFilters) -> list[Parameter]:
    """The keywords of an operation's method: required fields, optional fields, then
    optional headers. The client, the pagers, bulk and the diff all use this rule."""
    request = operation.request
    found = []
    for attr in request_fields(request, operation.request_bases):
        name = filters.field_name(attr.name, request.name)
        annotation = filters.field_type(request, attr)
        if attr.is_list:
            found.append(
                Parameter(
                    name,
                    f"{annotation} | None = None",
                    f"[] if {name} is None else {name}",
                )
            )
        else:
            default = " = None" if attr.is_optional else ""
            found.append(Parameter(name, annotation + default, name))
    for header in operation.optional_headers:
        annotation = f"{header.class_name} | None = None"
        found.append(Parameter(header.keyword, annotation, header.keyword, header=True))
    return found


def request_fields(cls: Class, bases: Sequence[Class] = ()) -> list[Attr]:
    """The fields a client method takes, its bases' first: required first, then
    optional, schema order. A field a derived type restates (a restriction) is
    taken as restated, where its base put it; one it leaves out is no keyword."""
    latest = {attr.name: attr for owner in [*bases, cls] for attr in owner.attrs}
    fields = [
        latest[name]
        for name in dict.fromkeys(
            a.name for owner in [*bases, cls] for a in owner.attrs
        )
        if not is_unknown_slot(latest[name]) and not latest[name].is_prohibited
    ]
    return [a for a in fields if not a.is_optional] + [
        a for a in fields if a.is_optional
    ]

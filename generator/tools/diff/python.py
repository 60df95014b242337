"""Which generated Python names change between two revisions (``diff --python``).

A schema change tells a user what happens on the wire; this tells them which call
sites to touch. Names and annotations come from the same place the render stage
takes them: xsdata's filters (:class:`~generator.model.python_names.ModelFilters`)
for classes, fields and enum members, the model's operations for client methods,
and :func:`generator.model.parameters.request_fields` for method parameters. Things are
matched by XML identity (see :mod:`generator.tools.diff.index`), so a field whose Python
name changes while its XML name stays is reported as *renamed*, and so is a class
qualified by its namespace once another namespace brings a class of the same name
(``Item`` becoming ``Item_b``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple

from xsdata.codegen.models import Attr, Class
from xsdata.utils.namespaces import local_name

from generator.model.api import ApiModel, Operation, Service
from generator.model.classes import xsdata_config
from generator.model.parameters import method_parameters, request_fields
from generator.model.python_names import ModelFilters
from generator.tools.diff.index import (
    ClassKey,
    class_key,
    enum_values,
    field_key,
    fields,
)

CLIENT = "Client"


class _Name(NamedTuple):
    """One generated name: shown ``qualified``; a rename changes ``own``."""

    qualified: str  # ParamsGetLead.lead_key, Client.get_lead(lead_key)
    own: str  # lead_key
    annotation: str | None


# One side's names of one kind, keyed by what they stand for in the WSDL.
Names = dict[str, _Name]


@dataclass(frozen=True)
class PythonChange:
    """A generated name that is ``added``, ``removed``, ``renamed`` or ``retyped``.

    ``kind`` is ``class``, ``field``, ``member`` (of an enum), ``method`` (of the
    client) or ``parameter`` (of a client method). ``name`` is the qualified name
    on the new side (the old side's for a removal); ``old`` and ``new`` show the
    name or annotation that differs.
    """

    kind: str
    change: str
    name: str
    old: str | None = None
    new: str | None = None


def python_changes(old: ApiModel, new: ApiModel) -> list[PythonChange]:
    """Every generated class, field, member, method and parameter that differs."""
    before, after = _Names(old), _Names(new)
    found = list(_compare("class", before.classes(), after.classes()))
    old_classes = {before.key(cls): cls for cls in old.classes}
    for cls in new.classes:
        was = old_classes.get(after.key(cls))
        if was is not None:
            kind = "member" if cls.is_enumeration else "field"
            found += _compare(kind, before.members(was), after.members(cls))
    found += _compare("method", before.methods(), after.methods())
    old_ops = {(port.client, op.name): op for port, op in _operations(old)}
    for port, operation in _operations(new):
        if (port.client, operation.name) in old_ops:
            found += _compare(
                "parameter",
                before.parameters(old_ops[port.client, operation.name], port.client),
                after.parameters(operation, port.client),
            )
    order = {"removed": 0, "renamed": 1, "retyped": 2, "added": 3}
    return sorted(found, key=lambda c: (order[c.change], c.name, c.kind))


def _operations(model: ApiModel) -> Iterator[tuple[Service, Operation]]:
    """Every port's operations, with the port (whose client has the method)."""
    for port in model.ports:
        for operation in port.operations:
            yield port, operation


def _compare(kind: str, old: Names, new: Names) -> Iterator[PythonChange]:
    for key in old.keys() - new.keys():
        was = old[key]
        yield PythonChange(kind, "removed", was.qualified, was.annotation, None)
    for key in new.keys() - old.keys():
        now = new[key]
        yield PythonChange(kind, "added", now.qualified, None, now.annotation)
    for key in old.keys() & new.keys():
        was, now = old[key], new[key]
        if was.own != now.own:
            yield PythonChange(kind, "renamed", now.qualified, was.own, now.own)
        if was.annotation != now.annotation:
            yield PythonChange(
                kind, "retyped", now.qualified, was.annotation, now.annotation
            )


class _Names:
    """The generated names of one model, keyed by what they stand for in the WSDL."""

    def __init__(self, model: ApiModel) -> None:
        self.model = model
        self.filters = ModelFilters(xsdata_config(model.package))
        self.by_qname = {cls.qname: cls for cls in model.classes}
        self.codecs = model.codecs_by_name

    def key(self, cls: Class) -> ClassKey:
        """What a class stands for in the WSDL: kind, namespace and XML name."""
        return class_key(cls, self.model.service.namespace)

    def class_name(self, cls: Class) -> str:
        return self.filters.class_name(cls.name)

    def classes(self) -> Names:
        names = {}
        for cls in self.model.classes:
            name = self.class_name(cls)
            names["/".join(self.key(cls))] = _Name(name, name, None)
        return names

    def members(self, cls: Class) -> Names:
        """An enum's members by value, or a dataclass's fields (inherited too) by XML name.

        Inherited fields count: a call site does not care which class declares a
        field, and a field that moves to a base class has not gone anywhere.
        """
        owner = self.class_name(cls)
        if cls.is_enumeration:
            members = {
                value: self.filters.constant_name(attr.name, cls.name)
                for value, attr in enum_values(cls).items()
            }
            return {k: _Name(f"{owner}.{m}", m, None) for k, m in members.items()}
        names = {}
        for declared, attr in self.fields(cls):
            name = self.filters.field_name(attr.name, declared.name)
            annotation = self.filters.field_type(declared, attr)
            names[field_key(attr)] = _Name(f"{owner}.{name}", name, annotation)
        return names

    def fields(self, cls: Class) -> list[tuple[Class, Attr]]:
        """A dataclass's fields with the class declaring each, inherited ones first."""
        inherited = [
            pair
            for ext in cls.extensions
            if not ext.type.native and ext.type.qname in self.by_qname
            for pair in self.fields(self.by_qname[ext.type.qname])
        ]
        return inherited + [(cls, attr) for attr in fields(cls)]

    def methods(self) -> Names:
        return {
            f"{port.client}.{op.name}": _Name(
                f"{port.client}.{op.method}", op.method, self.returns(op)
            )
            for port, op in _operations(self.model)
        }

    def returns(self, operation: Operation) -> str:
        """The method's return annotation, chosen as ``client.py.jinja`` chooses it."""
        if operation.response is None:  # one-way
            return "None"
        return self.codecs[operation.response.name].returned_type

    def parameters(self, operation: Operation, client: str = CLIENT) -> Names:
        method = f"{client}.{operation.method}"
        request = operation.request
        names: Names = {}
        keys = [
            field_key(attr) for attr in request_fields(request, operation.request_bases)
        ]
        keys += [f"header:{local_name(h.element)}" for h in operation.optional_headers]
        parameters = method_parameters(operation, self.filters)
        for key, parameter in zip(keys, parameters, strict=True):
            name = parameter.name
            names[key] = _Name(f"{method}({name})", name, parameter.annotation)
        return names

"""What the golden tools use of one generated package, for any WSDL.

Only what every generated package has: the parsers' and serializers' ``ELEMENTS``
tables (one reader and one writer per top-level element), and the model's
operations (which body element is whose request or response). A profile may add a
request signature: a package whose profile ships a ``signing`` runtime module with
``request_signature(secret, timestamp, user_id)`` (Marketo's HMAC) and whose WSDL
has the signed header gets :attr:`Bindings.resign`; any other package checks its
envelopes without one.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from generator.model.api import ApiModel, Operation
from generator.model.codecs import FieldCodec
from generator.packages import package_for

Reader = Callable[[Any, list[str]], Any]
Writer = Callable[[Any, Any], Any]
Resigner = Callable[[Any, str], Any]  # (header object, secret) -> signed copy


@dataclass(frozen=True)
class QNameNodes:
    """Where the schema says a value is an ``xs:QName`` (or a list of them): the
    tags of elements whose text is one, and the names of attributes (``{ns}name``
    when qualified) whose value is one. A tag or name the schema also uses with
    another type is in neither: its text is compared as written."""

    elements: frozenset[str] = frozenset()
    attributes: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Role:
    """What a body element is: ``operation``'s ``request`` or ``response``."""

    operation: str
    kind: str


@dataclass(frozen=True)
class Bindings:
    """The parts of one generated package the golden tools use."""

    readers: Mapping[str, Reader]  # element tag -> parsers' reader
    writers: Mapping[type, Writer]  # dataclass -> serializers' writer
    fragments: Mapping[str, FieldCodec]  # unambiguous child-element tag -> its field
    parsers: ModuleType
    serializers: ModuleType
    roles: Mapping[str, Role]  # body element (or rpc wrapper) tag -> its role
    resign: Resigner | None = None  # the profile's request signature, if any
    signature: str | None = None  # XML local name of that signature
    qnames: QNameNodes = QNameNodes()  # where the schema has QName values


def bindings(package: ModuleType, model: ApiModel) -> Bindings:
    """Collect what the tools use of an imported generated package built from ``model``."""
    parsers = _part(package, "parsers")
    serializers = _part(package, "serializers")
    signing = _resigner(package, model)
    return Bindings(
        readers=parsers.ELEMENTS,
        writers=serializers.ELEMENTS,
        fragments=_fragment_fields(model),
        parsers=parsers,
        serializers=serializers,
        roles=_roles(model),
        resign=signing[0] if signing else None,
        signature=signing[1] if signing else None,
        qnames=qname_nodes(model),
    )


def bindings_for(wsdl: str) -> Bindings:
    """The generated package for ``wsdl``, imported (see :mod:`generator.packages`)."""
    generated = package_for(wsdl)
    return bindings(generated.module, generated.model)


def operations(model: ApiModel) -> Iterator[Operation]:
    """Every operation of every port the model has."""
    for port in model.ports:
        yield from port.operations


def _part(package: ModuleType, module: str) -> ModuleType:
    return importlib.import_module(f"{package.__name__}.{module}")


def _roles(model: ApiModel) -> dict[str, Role]:
    roles: dict[str, Role] = {}
    for operation in operations(model):
        for kind in ("request", "response"):
            cls = getattr(operation, kind, None)
            qname = getattr(cls, "qname", None)
            if qname:
                roles.setdefault(qname, Role(operation.name, kind))
    return roles


def _resigner(package: ModuleType, model: ApiModel) -> tuple[Resigner, str] | None:
    """The profile's re-signing of a signed header and the XML name of its signature
    field, when the profile's runtime ships them (``signing.resign``,
    ``signing.SIGNATURE_FIELD``) and the WSDL has the header it signs; ``None`` for
    any other package."""
    if model.signed_header is None:
        return None
    if importlib.util.find_spec(f"{package.__name__}.signing") is None:
        return None
    signing = _part(package, "signing")
    resign = getattr(signing, "resign", None)
    field = getattr(signing, "SIGNATURE_FIELD", None)
    if resign is None or not isinstance(field, str):
        return None
    return resign, field


def _fragment_fields(model: ApiModel) -> dict[str, FieldCodec]:
    """Child-element tags that mean the same field type wherever they appear."""
    by_tag: dict[str, dict[tuple[str, str], FieldCodec]] = {}
    for codec in model.codecs:
        for field in codec.elements:
            by_tag.setdefault(field.tag, {})[field.kind, field.type_name] = field
    return {tag: next(iter(f.values())) for tag, f in by_tag.items() if len(f) == 1}


def qname_nodes(model: ApiModel) -> QNameNodes:
    """The elements and attributes whose values are QNames in every use the
    codecs make of their tag or name."""
    content = {c.name for c in model.codecs if _is_qname(c.content)}
    elements: dict[str, set[bool]] = {}
    attributes: dict[str, set[bool]] = {}
    for codec in model.codecs:
        if codec.element_tag:
            elements.setdefault(codec.element_tag, set()).add(codec.name in content)
        for f in codec.elements:
            is_qname = _is_qname(f) or (f.kind == "complex" and f.type_name in content)
            elements.setdefault(f.tag, set()).add(is_qname)
        for f in codec.attributes:
            attributes.setdefault(f.tag, set()).add(_is_qname(f))
    return QNameNodes(
        frozenset(tag for tag, kinds in elements.items() if kinds == {True}),
        frozenset(name for name, kinds in attributes.items() if kinds == {True}),
    )


def _is_qname(plan: FieldCodec | None) -> bool:
    return plan is not None and plan.text_types == ("QName",)

"""Stage 2, model: the small intermediate model every template renders from.

The service side (service, port, binding, operations, headers) is read from the
WSDL definitions; the types are xsdata's class model (see
:mod:`generator.model.classes`). Nothing here is specific to a service: a header is
required when the binding marks it ``wsdl:required`` or puts it on every operation,
and it is signed only when a profile says its signer fills it
(:func:`with_signed_header`, applied by :func:`generator.profiles.apply_profile`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TypeVar

from xsdata.codegen.models import Class
from xsdata.models.wsdl import Binding, PortType

from generator import __version__
from generator.errors import GeneratorError
from generator.load.sources import WsdlSource
from generator.load.wsdl import LoadedWsdl
from generator.model.bindings import BindingPlanner
from generator.model.classes import (
    build_classes,
    is_unknown_slot,
    split_modules,
    xsdata_config,
)
from generator.model.codecs import ClassCodec, build_codecs
from generator.model.inheritance import base_classes
from generator.model.naming import (
    CALL_KEYWORDS,
    CLIENT_MEMBERS,
    CLIENT_MODULE,
    HELPER_FUNCTIONS,
    assign,
    free_name,
    is_dunder,
    python_name,
    snake_case,
)
from generator.model.python_names import ModelFilters
from generator.model.service import (
    Fault,
    Header,
    Operation,
    Service,
    _ServiceReader,
)

__all__ = [
    "ApiModel",
    "Fault",
    "Header",
    "Operation",
    "Service",
    "build_model",
    "header_has_fields",
    "snake_case",
    "with_signed_header",
]

Named = TypeVar("Named", Binding, PortType)


@dataclass
class ApiModel:
    """Everything the render stage needs, and nothing it has to look up again.

    ``ports`` has one :class:`Service` per callable port (each gets a client);
    ``service`` is the first of them.
    """

    source: WsdlSource
    package: str
    service: Service
    classes: list[Class]
    generator_version: str = __version__
    ports: tuple[Service, ...] = ()
    # the serializer/parser plan of every complex class, made once here: render,
    # diff and golden all read it (filled in by :func:`build_model`)
    codecs: list[ClassCodec] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.ports:
            self.ports = (self.service,)
        if not self.codecs:
            field_name = ModelFilters(xsdata_config(self.package)).field_name
            self.codecs = build_codecs(self, field_name)

    @property
    def codecs_by_name(self) -> dict[str, ClassCodec]:
        return {codec.name: codec for codec in self.codecs}

    @property
    def operations(self) -> list[Operation]:
        """Every operation of every port, each constant once."""
        seen: dict[str, Operation] = {}
        for port in self.ports:
            for operation in port.operations:
                seen.setdefault(operation.constant, operation)
        return list(seen.values())

    @property
    def faults(self) -> list[Fault]:
        """Every typed fault, each exception once."""
        seen: dict[str, Fault] = {}
        for operation in self.operations:
            for fault in operation.faults:
                seen.setdefault(fault.exception, fault)
        return list(seen.values())

    @property
    def headers(self) -> list[Header]:
        """Every distinct header part, in first-use order."""
        seen: dict[str, Header] = {}
        for operation in self.operations:
            for header in operation.headers:
                seen.setdefault(header.element, header)
        return list(seen.values())

    @property
    def signed_header(self) -> Header | None:
        return next((h for h in self.headers if h.signed), None)


def build_model(
    loaded: LoadedWsdl,
    package: str,
    class_names: Mapping[str, str] | None = None,
    split_models: bool = False,
) -> ApiModel:
    """Turn a loaded WSDL into the intermediate model.

    ``class_names`` renames generated classes (``{"MObject": "MarketoObject"}``);
    ``split_models`` spreads the dataclasses over a ``models`` package by role.
    """
    planner = BindingPlanner(loaded)
    plans = planner.plan()
    classes = build_classes(
        [*loaded.classes, *planner.made],
        package.rpartition(".")[2],
        class_names or {},
        loaded.source.location,
        loaded.definitions.target_namespace or "",
    )
    where = loaded.source.location
    filters = ModelFilters(xsdata_config(package))
    reader = _ServiceReader(loaded, classes)
    ports = tuple(
        name_headers(name_operations(reader.read(plan), classes, where), filters, where)
        for plan in plans
    )
    ports = name_ports(ports, {cls.name for cls in classes}, where)
    planner.warn()
    if split_models:
        operations = [op for port in ports for op in port.operations]
        roles = {h.class_name: "headers" for op in operations for h in op.headers}
        roles.update({op.request.name: "requests" for op in operations})
        roles.update(
            {op.response.name: "responses" for op in operations if op.response}
        )
        split_modules(classes, roles)
    return ApiModel(
        source=loaded.source,
        package=package,
        service=ports[0],
        classes=classes,
        ports=ports,
    )


def header_has_fields(model: ApiModel, header: Header, fields: Sequence[str]) -> bool:
    """Whether ``header``'s class, with the types it extends, has every field of
    ``fields`` (XML names) and requires no other one: a header a signer that fills
    exactly those fields can build."""
    cls = next((c for c in model.classes if c.name == header.class_name), None)
    by_qname = {c.qname: c for c in model.classes}
    chain = [*base_classes(cls, by_qname), cls] if cls is not None else []
    attrs = [attr for c in chain for attr in c.attrs if not is_unknown_slot(attr)]
    names = {attr.name for attr in attrs}
    required = {a.name for a in attrs if not a.is_optional and not a.is_prohibited}
    return set(fields) <= names and required <= set(fields)


def with_signed_header(
    model: ApiModel, fields: Sequence[str], profile: str
) -> ApiModel:
    """``model`` with each header whose class has all ``fields`` (XML names) marked
    signed and required: a profile's signer fills it on every call, so the client
    adds it itself and no method takes it. No ``fields``: ``model`` as it is. A
    profile that signs needs such a header: without one, one line naming it."""
    if not fields or model.signed_header is not None:  # nothing to do, or done
        return model
    elements = {h.element for h in model.headers if header_has_fields(model, h, fields)}

    def marked(header: Header) -> Header:
        if header.element not in elements:
            return header
        return replace(header, signed=True, required=True)

    ports = tuple(
        replace(
            port,
            operations=tuple(
                replace(op, headers=tuple(marked(h) for h in op.headers))
                for op in port.operations
            ),
        )
        for port in model.ports
    )
    signed = replace(model, service=ports[0], ports=ports, codecs=model.codecs)
    if signed.signed_header is None:
        raise GeneratorError(
            model.source.location,
            f"profile {profile}: no SOAP header of the WSDL has exactly the fields its "
            f"signer fills ({', '.join(fields)}; others optional); expected such a "
            "header, or --profile generic",
        )
    return signed


def name_ports(
    ports: tuple[Service, ...], class_names: set[str], where: str
) -> tuple[Service, ...]:
    """Name each port's client and its typed faults' exception classes.

    One port keeps ``Client``; several are named ``<Port>Client`` (the service's
    name first when two ports share a name). A port whose operation constants
    repeat an earlier port's gets its own prefix (``PORT12_GET_QUOTE``). A fault's
    exception is named after its wsdl:fault (``Error`` added when that is a class).
    """
    named: list[Service] = []
    constants: set[str] = set()
    exceptions: dict[str, str] = {}
    taken = set(class_names) | {"Client", "AsyncClient"}
    several = len(ports) > 1
    port_names = Counter(p.port for p in ports)
    for port in ports:
        if several:
            base = port.port if port_names[port.port] == 1 else port.name + port.port
            stem = free_name(_pascal_word(base), taken.__contains__, "port")
            taken.update({stem + "Client", stem + "AsyncClient"})
            port = replace(
                port, client=stem + "Client", async_client=stem + "AsyncClient"
            )
        prefix = ""
        if any(op.constant in constants for op in port.operations):
            prefix = python_name(snake_case(port.port)).upper() + "_"
        operations = []
        for op in port.operations:
            faults = []
            for fault in op.faults:
                if fault.element not in exceptions:
                    name = _pascal_word(fault.name)
                    name = name + "Error" if name in taken else name
                    name = free_name(name, taken.__contains__, "Error")
                    taken.add(name)
                    exceptions[fault.element] = name
                faults.append(replace(fault, exception=exceptions[fault.element]))
            operations.append(replace(op, constant_prefix=prefix, faults=tuple(faults)))
        port = replace(port, operations=tuple(operations))
        constants.update(op.constant for op in port.operations)
        named.append(port)
    return tuple(named)


def _pascal_word(name: str) -> str:
    """A class name from an XML name: ``stock-quote_port`` -> ``StockQuotePort``."""
    words = re.split(r"[^0-9A-Za-z]+", name)
    joined = "".join(w[:1].upper() + w[1:] for w in words if w)
    return python_name(joined or "Port")


def name_operations(service: Service, classes: list[Class], where: str) -> Service:
    """Give each operation its method name by the naming rule (:mod:`.naming`):
    clear of the client's own members, the module's names and constants, and of
    every other operation."""
    class_names = {cls.name for cls in classes}

    def reserved(method: str) -> bool:
        constant = method.upper()
        return (
            method in CLIENT_MEMBERS
            or is_dunder(method)
            or method in HELPER_FUNCTIONS
            or constant in CLIENT_MODULE
            or constant in class_names
        )

    names = assign(
        [op.name for op in service.operations],
        lambda xml: python_name(snake_case(xml)),
        key=str.upper,
        reserved=reserved,
        suffix="value",
        where=where,
        scope=f"service {service.name}, operations",
    )
    for xml, method in names.items():
        if method.startswith("__"):  # a class body would mangle it (_Client__x)
            raise GeneratorError(
                where,
                f"service {service.name}, operation {xml!r}: becomes the method "
                f"{method!r}, which Python mangles inside a class; expected a name "
                "that does not start with two underscores",
            )
    operations = tuple(replace(op, method=names[op.name]) for op in service.operations)
    return replace(service, operations=operations)


def name_headers(service: Service, filters: ModelFilters, where: str) -> Service:
    """Give each header part its keyword: clear of the client's and the helpers'
    own keywords and of the request fields of every operation that takes it."""
    fields: dict[str, set[str]] = {}
    for op in service.operations:
        taken = {filters.field_name(a.name, op.request.name) for a in op.request.attrs}
        for header in op.headers:
            fields.setdefault(header.part, set()).update(taken)
    names = assign(
        sorted(fields),
        lambda part: python_name(snake_case(part)),
        key=str,
        reserved=lambda name: False,
        suffix="value",
        where=where,
        scope=f"service {service.name}, header parts",
    )
    keywords = {
        part: free_name(name, (CALL_KEYWORDS | fields[part]).__contains__, "value")
        for part, name in names.items()
    }
    clash = len(set(keywords.values())) < len(keywords)
    if clash:
        raise GeneratorError(
            where,
            f"service {service.name}, header parts {', '.join(sorted(keywords))}: two "
            "become the same Python keyword; expected names that stay distinct",
        )
    operations = tuple(
        replace(
            op, headers=tuple(replace(h, keyword=keywords[h.part]) for h in op.headers)
        )
        for op in service.operations
    )
    return replace(service, operations=operations)

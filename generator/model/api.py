"""Stage 2, model: the small intermediate model every template renders from.

The service side (service, port, binding, operations, headers) is read from the
WSDL definitions; the types are xsdata's class model (see
:mod:`generator.model.classes`). Nothing here is specific to Marketo except what
the WSDL says: which header is signed is recognised from its schema (a header with
``mktowsUserId``, ``requestSignature`` and ``requestTimestamp``), and a header is
required when the binding marks it ``wsdl:required`` or puts it on every operation.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import TypeVar

from xsdata.codegen.models import Class
from xsdata.models.wsdl import Binding, Definitions, PortType, PortTypeOperation

from generator import __version__
from generator.errors import GeneratorError
from generator.load.sources import WsdlSource
from generator.load.wsdl import LoadedWsdl, resolve_qname, soap_extensions
from generator.model.bindings import MESSAGES_NS, BindingPlanner, Body, PortPlan
from generator.model.classes import build_classes, split_modules, xsdata_config
from generator.model.naming import (
    CALL_KEYWORDS,
    CLIENT_MEMBERS,
    CLIENT_MODULE,
    HELPER_FUNCTIONS,
    assign,
    free_name,
    is_dunder,
    python_name,
)
from generator.model.python_names import ModelFilters
from generator.runtime.namespaces import WSDL as WSDL_NS

Named = TypeVar("Named", Binding, PortType)

SIGNED_HEADER_FIELDS = ("mktowsUserId", "requestSignature", "requestTimestamp")


@dataclass(frozen=True)
class Header:
    """A SOAP header part the binding declares for an operation's input."""

    message: str
    part: str
    element: str
    class_name: str
    required: bool
    signed: bool
    keyword: str = ""  # the client keyword, e.g. ``mktows_context`` (see name_headers)

    def __post_init__(self) -> None:
        if not self.keyword:
            object.__setattr__(self, "keyword", python_name(snake_case(self.part)))


@dataclass(frozen=True)
class Fault:
    """A ``wsdl:fault`` of an operation whose detail is one schema element."""

    name: str
    element: str  # ``{ns}local`` of the detail element
    class_name: str  # the detail element's model class
    exception: str = ""  # the generated exception class (see name_faults)


@dataclass(frozen=True)
class Operation:
    """One WSDL operation as the client exposes it.

    ``request_mode``/``response_mode`` say how the messages sit in the SOAP Body
    (see :mod:`generator.model.bindings`): ``element`` (``request``/``response`` is
    the Body's one element), ``content`` (their fields are the Body's children) or,
    for the response of a one-way operation, ``none`` (``response`` is ``None``).
    """

    name: str
    soap_action: str
    documentation: str
    request: Class
    response: Class | None
    headers: tuple[Header, ...]
    # The client method (``getLead`` -> ``get_lead``, ``import`` -> ``import_value``,
    # ``call`` -> ``call_value``); see name_operations.
    method: str = ""
    style: str = "document"
    request_mode: str = "element"
    response_mode: str = "element"
    faults: tuple[Fault, ...] = ()
    soap_version: str = "1.1"
    constant_prefix: str = ""  # set when two ports have operations of one name

    def __post_init__(self) -> None:
        if not self.method:
            object.__setattr__(self, "method", python_name(snake_case(self.name)))

    @property
    def constant(self) -> str:
        """The module constant describing the operation: ``GET_LEAD``."""
        return python_name(self.constant_prefix + self.method.upper())

    @property
    def one_way(self) -> bool:
        return self.response is None

    @property
    def optional_headers(self) -> tuple[Header, ...]:
        return tuple(h for h in self.headers if not h.signed)


@dataclass(frozen=True)
class Service:
    name: str
    port: str
    binding: str
    style: str
    address: str
    namespace: str
    operations: tuple[Operation, ...]
    soap_version: str = "1.1"
    client: str = "Client"  # the client classes' names (see name_clients)
    async_client: str = "AsyncClient"


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

    def __post_init__(self) -> None:
        if not self.ports:
            self.ports = (self.service,)

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


def snake_case(name: str) -> str:
    """``getMultipleLeads`` -> ``get_multiple_leads``; ``syncMObjects`` -> ``sync_mobjects``.

    An acronym of two or more capitals stays one word (``SFDCLeadId`` ->
    ``sfdc_lead_id``); a single capital before a word joins it (``MObject``).
    """
    words = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name)
    words = re.sub(r"([A-Z]{2,})([A-Z][a-z])", r"\1_\2", words)
    return words.lower()


def documentation(element: PortTypeOperation | Binding | None) -> str:
    if element is None or element.documentation is None:
        return ""
    text = " ".join(str(part) for part in element.documentation.elements)
    return " ".join(text.split())


class _ServiceReader:
    def __init__(self, loaded: LoadedWsdl, classes: list[Class]) -> None:
        self.loaded = loaded
        self.where = loaded.source.location
        self.definitions: Definitions = loaded.definitions
        self.ns_map = self.definitions.ns_map
        self.by_xml_name = {
            f"{{{cls.namespace}}}{cls.meta_name or cls.name}": cls
            for cls in classes
            if cls.is_element
        }
        self.made_types = {
            cls.meta_name or cls.name: cls
            for cls in classes
            if not cls.is_element and cls.target_namespace == MESSAGES_NS
        }
        self.messages = {loaded.qname(m): m for m in self.definitions.messages}

    def read(self, plan: PortPlan) -> Service:
        binding = plan.binding
        documented = {op.name: op for op in plan.port_type.operations}
        header_uses = Counter(
            (ext.attributes["message"], ext.attributes["part"])
            for op in binding.operations
            for ext in soap_extensions(op.input.extended if op.input else [], "header")
        )
        self.on_every_operation = {
            key for key, uses in header_uses.items() if uses == len(binding.operations)
        }
        operations = []
        for op_plan in plan.operations:
            op = op_plan.binding_operation
            name = op.name
            extended = op.input.extended if op.input else []
            operations.append(
                Operation(
                    name=name,
                    soap_action=_attribute(op.extended, "operation", "soapAction")
                    or "",
                    documentation=documentation(documented[name]),
                    request=self._class(op_plan.request, name),
                    response=(
                        self._class(op_plan.response, name)
                        if op_plan.response.mode != "none"
                        else None
                    ),
                    headers=tuple(
                        self._header(ext.attributes, name)
                        for ext in soap_extensions(extended, "header")
                    ),
                    style=op_plan.style,
                    soap_version=plan.version,
                    request_mode=op_plan.request.mode,
                    response_mode=op_plan.response.mode,
                    faults=tuple(
                        Fault(f.name, f.element, self._element(f.element).name)
                        for f in op_plan.faults
                    ),
                )
            )
        return Service(
            name=plan.service.name,
            port=plan.port.name,
            binding=binding.name,
            style=_attribute(binding.extended, "binding", "style") or "document",
            address=_attribute(plan.port.extended, "address", "location") or "",
            namespace=self.definitions.target_namespace or "",
            operations=tuple(operations),
            soap_version=plan.version,
        )

    def _class(self, body: Body, operation: str) -> Class:
        if body.mode == "content":
            return self.made_types[body.qname.rpartition("}")[2]]
        return self._element(body.qname)

    def _element(self, qname: str) -> Class:
        found = self.by_xml_name.get(qname)
        if found is None:
            raise GeneratorError(self.where, f"element {qname} is not defined")
        return found

    def _header(self, attributes: dict[str, str], operation: str) -> Header:
        message_qname = resolve_qname(self.ns_map, attributes["message"])
        message = self.messages[message_qname]
        part = next(p for p in message.parts if p.name == attributes["part"])
        if not part.element:
            raise GeneratorError(
                self.where,
                f"operation {operation}, soap:header part {part.name} of message "
                f"{message.name}: has type=; expected element= for a header part",
            )
        cls = self._element(resolve_qname(part.ns_map, part.element))
        fields = [attr.name for attr in cls.attrs]
        signed = all(name in fields for name in SIGNED_HEADER_FIELDS)
        explicit = attributes.get(f"{{{WSDL_NS}}}required")
        on_every_operation = (
            attributes["message"],
            part.name,
        ) in self.on_every_operation
        return Header(
            message=message.name,
            part=part.name,
            element=f"{{{cls.namespace}}}{cls.meta_name or cls.name}",
            class_name=cls.name,
            required=signed or explicit == "true" or on_every_operation,
            signed=signed,
        )


def _attribute(extended: list[object], local: str, name: str) -> str | None:
    found = soap_extensions(extended, local)
    value = found[0].attributes.get(name) if found else None
    return str(value) if value is not None else None

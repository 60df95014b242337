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
from xsdata.models.wsdl import (
    Binding,
    BindingMessage,
    Definitions,
    PortType,
    PortTypeOperation,
)

from generator import __version__
from generator.errors import GeneratorError
from generator.load.sources import WsdlSource
from generator.load.wsdl import (
    LoadedWsdl,
    message_qname,
    resolve_qname,
    soap_extensions,
)
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
class Operation:
    """One WSDL operation as the client exposes it."""

    name: str
    soap_action: str
    documentation: str
    request: Class
    response: Class
    headers: tuple[Header, ...]
    # The client method (``getLead`` -> ``get_lead``, ``import`` -> ``import_value``,
    # ``call`` -> ``call_value``); see name_operations.
    method: str = ""

    def __post_init__(self) -> None:
        if not self.method:
            object.__setattr__(self, "method", python_name(snake_case(self.name)))

    @property
    def constant(self) -> str:
        """The module constant describing the operation: ``GET_LEAD``."""
        return python_name(self.method.upper())

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


@dataclass
class ApiModel:
    """Everything the render stage needs, and nothing it has to look up again."""

    source: WsdlSource
    package: str
    service: Service
    classes: list[Class]
    generator_version: str = __version__

    @property
    def headers(self) -> list[Header]:
        """Every distinct header part, in first-use order."""
        seen: dict[str, Header] = {}
        for operation in self.service.operations:
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
    classes = build_classes(
        loaded.classes,
        package.rpartition(".")[2],
        class_names or {},
        loaded.source.location,
    )
    service = _ServiceReader(loaded, classes).read()
    service = name_operations(service, classes, loaded.source.location)
    service = name_headers(
        service, ModelFilters(xsdata_config(package)), loaded.source.location
    )
    if split_models:
        roles = {
            h.class_name: "headers" for op in service.operations for h in op.headers
        }
        roles.update({op.request.name: "requests" for op in service.operations})
        roles.update({op.response.name: "responses" for op in service.operations})
        split_modules(classes, roles)
    return ApiModel(
        source=loaded.source, package=package, service=service, classes=classes
    )


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
        self.where = loaded.source.location
        self.definitions: Definitions = loaded.definitions
        self.ns_map = self.definitions.ns_map
        self.elements = {cls.qname: cls for cls in classes if cls.is_element}
        self.by_xml_name = {
            f"{{{cls.namespace}}}{cls.meta_name or cls.name}": cls
            for cls in classes
            if cls.is_element
        }
        self.messages = {
            message_qname(self.definitions, m.name): m
            for m in self.definitions.messages
        }

    def read(self) -> Service:
        service = self.definitions.services[0]
        soap_ports = [
            p for p in service.ports if soap_extensions(p.extended, "address")
        ]
        if not soap_ports:
            raise GeneratorError(
                self.where,
                f"service {service.name}: no SOAP 1.1 port; expected soap:address",
            )
        port = soap_ports[0]
        binding = self._find(self.definitions.bindings, port.binding, "binding")
        port_type = self._find(self.definitions.port_types, binding.type, "portType")
        documented = {op.name: op for op in port_type.operations}
        header_uses = Counter(
            (ext.attributes["message"], ext.attributes["part"])
            for op in binding.operations
            for ext in soap_extensions(op.input.extended if op.input else [], "header")
        )
        self.on_every_operation = {
            key for key, uses in header_uses.items() if uses == len(binding.operations)
        }
        operations = tuple(
            self._operation(documented[op.name], op.extended, op.input)
            for op in binding.operations
        )
        return Service(
            name=service.name,
            port=port.name,
            binding=binding.name,
            style=_attribute(binding.extended, "binding", "style") or "document",
            address=_attribute(port.extended, "address", "location") or "",
            namespace=self.definitions.target_namespace or "",
            operations=operations,
        )

    def _find(self, items: list[Named], qname: str, kind: str) -> Named:
        local = resolve_qname(self.ns_map, qname).rpartition("}")[2]
        for item in items:
            if item.name == local:
                return item
        raise GeneratorError(self.where, f"{kind} {qname} is not defined")

    def _operation(
        self,
        port_operation: PortTypeOperation,
        operation_extensions: list[object],
        binding_input: BindingMessage | None,
    ) -> Operation:
        name = port_operation.name
        request = self._message_element(port_operation.input.message, name)
        response = self._message_element(port_operation.output.message, name)
        extended = binding_input.extended if binding_input else []
        headers = tuple(
            self._header(ext.attributes, name)
            for ext in soap_extensions(extended, "header")
        )
        return Operation(
            name=name,
            soap_action=_attribute(operation_extensions, "operation", "soapAction")
            or "",
            documentation=documentation(port_operation),
            request=request,
            response=response,
            headers=headers,
        )

    def _message_element(self, message_qname: str, operation: str) -> Class:
        message = self.messages[resolve_qname(self.ns_map, message_qname)]
        if len(message.parts) != 1:
            raise GeneratorError(
                self.where,
                f"operation {operation}, message {message.name}: has "
                f"{len(message.parts)} parts; expected exactly one (document/literal wrapped)",
            )
        part = message.parts[0]
        return self.by_xml_name[resolve_qname(part.ns_map, part.element or "")]

    def _header(self, attributes: dict[str, str], operation: str) -> Header:
        message_qname = resolve_qname(self.ns_map, attributes["message"])
        message = self.messages[message_qname]
        part = next(p for p in message.parts if p.name == attributes["part"])
        cls = self.by_xml_name[resolve_qname(part.ns_map, part.element or "")]
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

"""The service side of the model: operations, headers, faults and ports, read from
the WSDL's services, bindings and port types (the types are xsdata's classes)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TypeVar

from xsdata.codegen.models import Class
from xsdata.formats.dataclass.models.generics import AnyElement
from xsdata.models.wsdl import Binding, Definitions, PortType, PortTypeOperation

from generator.errors import GeneratorError
from generator.load.names import soap_extensions
from generator.load.wsdl import LoadedWsdl
from generator.model.bindings import Body, HeaderPlan, PortPlan
from generator.model.inheritance import base_classes
from generator.model.made import MADE
from generator.model.naming import (
    python_name,
    snake_case,
)
from generator.runtime.namespaces import WSDL as WSDL_NS

Named = TypeVar("Named", Binding, PortType)


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
    An output with no parts has no ``response`` either: the call returns ``None``
    once the answer is read (``response_tag`` is its rpc wrapper's tag, checked).
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
    response_tag: str = ""  # ``{ns}local`` of an rpc response with no parts
    # the types ``request`` extends, outermost first: their fields are the method's too
    request_bases: tuple[Class, ...] = ()

    def __post_init__(self) -> None:
        if not self.method:
            object.__setattr__(self, "method", python_name(snake_case(self.name)))

    @property
    def constant(self) -> str:
        """The module constant describing the operation: ``GET_LEAD``."""
        return python_name(self.constant_prefix + self.method.upper())

    @property
    def one_way(self) -> bool:
        return self.response_mode == "none"

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


def documentation(element: PortTypeOperation | Binding | None) -> str:
    if element is None or element.documentation is None:
        return ""
    return " ".join(_text(element.documentation.elements).split())


def _text(parts: list[object]) -> str:
    """The text of documentation content: strings, and the text (and tails) of any
    elements inside it (``<b>``, ``<xi:include>``...), never their Python repr."""
    found = []
    for part in parts:
        if isinstance(part, str):
            found.append(part)
        elif isinstance(part, AnyElement):
            found += [part.text or "", _text(part.children), part.tail or ""]
    return " ".join(found)


class _ServiceReader:
    def __init__(self, loaded: LoadedWsdl, classes: list[Class]) -> None:
        self.loaded = loaded
        self.where = loaded.source.location
        self.definitions: Definitions = loaded.definitions
        self.ns_map = self.definitions.ns_map
        self.by_xml_name = {
            f"{{{cls.namespace}}}{cls.meta_name or cls.name}": cls
            for cls in classes
            if cls.is_element and cls.location != MADE
        }
        self.made_elements = {
            f"{{{cls.namespace}}}{cls.meta_name or cls.name}": cls
            for cls in classes
            if cls.is_element and cls.location == MADE
        }
        self.made_types = {
            cls.meta_name or cls.name: cls
            for cls in classes
            if not cls.is_element and cls.location == MADE
        }
        self.messages = {loaded.qname(m): m for m in self.definitions.messages}
        self.by_qname = {cls.qname: cls for cls in classes}

    def read(self, plan: PortPlan) -> Service:
        binding = plan.binding
        documented = {op.name: op for op in plan.port_type.operations}
        header_uses = Counter(
            (header.message, header.part)
            for op in plan.operations
            for header in op.headers
        )
        self.on_every_operation = {
            key for key, uses in header_uses.items() if uses == len(binding.operations)
        }
        operations = []
        for op_plan in plan.operations:
            op = op_plan.binding_operation
            name = op.name
            operations.append(
                Operation(
                    name=name,
                    soap_action=_attribute(op.extended, "operation", "soapAction")
                    or "",
                    documentation=documentation(documented[name]),
                    request=(request := self._class(op_plan.request, name)),
                    request_bases=tuple(base_classes(request, self.by_qname)),
                    response=(
                        self._class(op_plan.response, name)
                        if op_plan.response.mode not in ("none", "empty")
                        else None
                    ),
                    headers=tuple(self._header(h) for h in op_plan.headers),
                    style=op_plan.style,
                    soap_version=plan.version,
                    request_mode=op_plan.request.mode,
                    response_mode=_response_mode(op_plan.response),
                    response_tag=(
                        op_plan.response.qname
                        if op_plan.response.mode == "empty"
                        else ""
                    ),
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
        return self.made_elements.get(body.qname) or self._element(body.qname)

    def _element(self, qname: str) -> Class:
        found = self.by_xml_name.get(qname)
        if found is None:
            raise GeneratorError(self.where, f"element {qname} is not defined")
        return found

    def _header(self, plan: HeaderPlan) -> Header:
        message = self.messages[plan.message]
        cls = self.made_elements.get(plan.element) or self._element(plan.element)
        explicit = plan.attributes.get(f"{{{WSDL_NS}}}required")
        on_every_operation = (plan.message, plan.part) in self.on_every_operation
        return Header(
            message=message.name,
            part=plan.part,
            element=plan.element,
            class_name=cls.name,
            required=explicit == "true" or on_every_operation,
            signed=False,  # a profile's signer may claim it: see api.with_signed_header
        )


def _response_mode(body: Body) -> str:
    """How the client reads a response: an output with no parts is read as its
    rpc wrapper (``element``) or as the Body (``content``), and gives ``None``."""
    if body.mode == "empty":
        return "element" if body.qname else "content"
    return body.mode


def _attribute(extended: list[object], local: str, name: str) -> str | None:
    found = soap_extensions(extended, local)
    value = found[0].attributes.get(name) if found else None
    return str(value) if value is not None else None

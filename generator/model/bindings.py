"""Which ports get a client, and how each operation's messages travel in the Body.

A port gets a client when its binding is SOAP 1.1 or SOAP 1.2 and literal. Other
bindings (HTTP GET/POST, ``use="encoded"``) are skipped with a one-line warning on
stderr; when none remains the WSDL is refused naming each binding and why.

Each operation's style is its ``soap:operation style=``, else its binding's, else
``document``. A message travels as:

* ``element``: document style with exactly one ``element=`` part in the Body: that
  element's class is the request or response, as the schema defines it;
* ``content``: document style otherwise (no part, several parts, ``type=`` parts):
  a class made here (``<Operation>Input``/``Output``) whose fields are the parts,
  written as the Body's children;
* ``element`` again for rpc style, with a class made here for the wrapper element
  named after the operation (``<operation>Response`` for the output) in the
  ``soap:body`` namespace, whose children are the parts (``type=`` parts
  unqualified, ``element=`` parts as that element);
* ``empty``: an output with no part in the Body: the call returns ``None`` (an
  rpc wrapper, still made, is checked by its tag; a document Body is not read);
* ``none``: the output of a one-way operation.

A ``soap:header`` part given by ``type=`` travels as an element named after the
part (see :meth:`.made.MadeClasses.header`). The classes made for messages are
made by :mod:`generator.model.made`.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from dataclasses import dataclass, field

from xsdata.codegen.models import Class
from xsdata.models.enums import Namespace
from xsdata.models.wsdl import (
    Binding,
    BindingMessage,
    BindingOperation,
    Message,
    PortType,
    PortTypeOperation,
    Service,
    ServicePort,
)

from generator.errors import GeneratorError
from generator.load.names import resolve_qname, soap_extensions, soap_version
from generator.load.wsdl import LoadedWsdl
from generator.model.made import MadeClasses

MESSAGES_NS = "urn:mktows-codegen:messages"  # the namespace of the classes made here
XS = Namespace.XS.uri
PROG = "mktows-codegen"


@dataclass(frozen=True)
class Body:
    """How one message travels: ``mode`` element, content or none, and the
    ``{namespace}name`` of its element (element) or its made class (content)."""

    mode: str
    qname: str = ""


@dataclass(frozen=True)
class FaultPlan:
    name: str  # the wsdl:fault name
    message: str  # the fault message's name
    element: str  # ``{ns}local`` of the detail element


@dataclass(frozen=True)
class HeaderPlan:
    """A ``soap:header`` of an operation's input: its message and part, the
    ``{ns}local`` of the element it travels as, and the soap:header attributes."""

    message: str  # the message's ``{ns}name``
    part: str
    element: str
    attributes: dict[str, str]


@dataclass(frozen=True)
class OperationPlan:
    port_operation: PortTypeOperation
    binding_operation: BindingOperation
    style: str
    request: Body
    response: Body
    faults: tuple[FaultPlan, ...]
    headers: tuple[HeaderPlan, ...] = ()


@dataclass(frozen=True)
class PortPlan:
    service: Service
    port: ServicePort
    binding: Binding
    port_type: PortType
    version: str
    operations: tuple[OperationPlan, ...]


@dataclass
class BindingPlanner:
    """Plan every callable port of ``loaded``; :attr:`made` are the classes made."""

    loaded: LoadedWsdl
    warnings: list[str] = field(default_factory=list)  # shown by :meth:`warn`

    def __post_init__(self) -> None:
        self.where = self.loaded.source.location
        definitions = self.loaded.definitions
        self.messages = {self.loaded.qname(m): m for m in definitions.messages}
        self.bindings = {self.loaded.qname(b): b for b in definitions.bindings}
        self.port_types = {self.loaded.qname(p): p for p in definitions.port_types}
        self.maker = MadeClasses(self.loaded)

    @property
    def made(self) -> list[Class]:
        """The classes made for the messages (see :mod:`.made`)."""
        return self.maker.made

    def plan(self) -> list[PortPlan]:
        plans: list[PortPlan] = []
        skipped: list[str] = []
        seen: set[str] = set()
        for service in self.loaded.definitions.services:
            for port in service.ports:
                binding = self.bindings[resolve_qname(port.ns_map, port.binding)]
                problem = self.unsupported(binding, port)
                if problem is not None:
                    if binding.name not in seen:
                        seen.add(binding.name)
                        skipped.append(f"binding {binding.name}: {problem}")
                    continue
                plans.append(self.port(service, port, binding))
        if not plans:
            found = "; ".join(skipped) or "no <wsdl:port>"
            raise GeneratorError(
                self.where,
                f"no SOAP 1.1 or 1.2 document/rpc-literal port to call ({found})",
            )
        self.warnings[:0] = [f"skipped {line}" for line in skipped]
        return plans

    def warn(self) -> None:
        """Say on stderr, one line each, what was skipped: called once the whole
        model is built, so a WSDL refused later gets its one error line only."""
        for line in self.warnings:
            print(f"{PROG}: warning: {self.where}: {line}", file=sys.stderr)

    def unsupported(self, binding: Binding, port: ServicePort) -> str | None:
        """Why a port cannot get a client, or ``None`` when it can."""
        version = soap_version(binding.extended)
        if version is None:
            return "not a SOAP binding (HTTP GET/POST or other); only SOAP 1.1 and 1.2 are supported"
        if not soap_extensions(port.extended, "address"):
            return f"port {port.name} has no soap:address"
        for operation in binding.operations:
            for message in (operation.input, operation.output):
                for ext in soap_extensions(message.extended if message else [], "body"):
                    if ext.attributes.get("use", "literal") != "literal":
                        return (
                            f'operation {operation.name} is use="encoded" (rpc/encoded), '
                            "which is not supported; expected literal"
                        )
        return None

    def port(self, service: Service, port: ServicePort, binding: Binding) -> PortPlan:
        port_type = self.port_types[resolve_qname(binding.ns_map, binding.type or "")]
        declared = {op.name: op for op in port_type.operations}
        binding_style = _attribute(binding.extended, "binding", "style") or "document"
        operations = []
        for operation in binding.operations:
            port_operation = declared[operation.name]
            if port_operation.input is None:  # notification: nothing a client sends
                self.warnings.append(
                    f"skipped operation {operation.name} of binding {binding.name}: "
                    "it has no input (a notification), so a client cannot call it"
                )
                continue
            style = (
                _attribute(operation.extended, "operation", "style") or binding_style
            )
            request = self.body(port_operation, operation, operation.input, style, "")
            response = (
                self.body(
                    port_operation, operation, operation.output, style, "Response"
                )
                if port_operation.output is not None
                else Body("none")
            )
            operations.append(
                OperationPlan(
                    port_operation,
                    operation,
                    style,
                    request,
                    response,
                    self.faults(port_operation),
                    self.headers(binding, operation),
                )
            )
        return PortPlan(
            service,
            port,
            binding,
            port_type,
            soap_version(binding.extended) or "1.1",
            tuple(operations),
        )

    def headers(
        self, binding: Binding, operation: BindingOperation
    ) -> tuple[HeaderPlan, ...]:
        found = []
        extended = operation.input.extended if operation.input else []
        for ext in soap_extensions(extended, "header"):
            attributes = {str(k): str(v) for k, v in ext.attributes.items()}
            qname = resolve_qname(binding.ns_map, attributes["message"])
            part = attributes["part"]
            element = self.maker.header(
                self.messages[qname], part, attributes.get("namespace")
            )
            found.append(HeaderPlan(qname, part, element, attributes))
        return tuple(found)

    def faults(self, operation: PortTypeOperation) -> tuple[FaultPlan, ...]:
        found = []
        for fault in operation.faults:
            message = self.messages[resolve_qname(fault.ns_map, fault.message)]
            parts = [p for p in message.parts if p.element]
            if len(parts) != 1:
                continue  # no typed detail: the fault stays a plain SoapFault
            element = resolve_qname(parts[0].ns_map, parts[0].element or "")
            found.append(FaultPlan(fault.name or message.name, message.name, element))
        return tuple(found)

    def body(
        self,
        port_operation: PortTypeOperation,
        operation: BindingOperation,
        binding_message: BindingMessage | None,
        style: str,
        suffix: str,
    ) -> Body:
        direction = port_operation.input if not suffix else port_operation.output
        assert direction is not None
        message = self.messages[resolve_qname(direction.ns_map, direction.message)]
        extended = binding_message.extended if binding_message else []
        bodies = soap_extensions(extended, "body")
        attributes = bodies[0].attributes if bodies else {}
        parts = self.body_parts(
            message, attributes.get("parts"), extended, operation.ns_map
        )
        empty = "empty" if suffix and not parts else ""
        if style == "rpc":
            namespace = attributes.get("namespace") or self.loaded.namespace_of(message)
            return Body(
                empty or "element",
                self.maker.make(namespace, port_operation.name + suffix, parts, True),
            )
        if empty:
            return Body(empty)
        if len(parts) == 1 and parts[0][1] == "element":
            return Body("element", parts[0][2])
        name = _pascal(port_operation.name) + ("Output" if suffix else "Input")
        return Body("content", self.maker.make(MESSAGES_NS, name, parts, False))

    def body_parts(
        self,
        message: Message,
        listed: str | None,
        extended: list[object],
        ns_map: Mapping[str, str],
    ) -> list[tuple[str, str, str]]:
        """``(part name, "element" or "type", {ns}local)`` of the parts in the Body."""
        in_header = {
            ext.attributes.get("part")
            for ext in soap_extensions(extended, "header")
            if resolve_qname(ns_map, ext.attributes.get("message", ""))
            == self.loaded.qname(message)
        }
        names = listed.split() if listed is not None else None
        found = []
        for part in message.parts:
            if names is not None and part.name not in names:
                continue
            if names is None and part.name in in_header:
                continue
            if part.element:
                found.append(
                    (part.name, "element", resolve_qname(part.ns_map, part.element))
                )
            else:
                found.append(
                    (part.name, "type", resolve_qname(part.ns_map, part.type or ""))
                )
        return found


def _pascal(name: str) -> str:
    return name[:1].upper() + name[1:]


def _attribute(extended: list[object], local: str, name: str) -> str | None:
    found = soap_extensions(extended, local)
    value = found[0].attributes.get(name) if found else None
    return str(value) if value is not None else None

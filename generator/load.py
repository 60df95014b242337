"""Stage 1, load: read a WSDL and its inline schema into xsdata's WSDL/XSD models.

The XML is first checked by lxml (so a broken file is reported with its line and
column), then parsed into :class:`xsdata.models.wsdl.Definitions`, and its schemas
are mapped to xsdata's codegen classes. Finally every reference is checked: message
parts, port type messages, binding headers and the types used by the schema must all
be defined, and the binding must be SOAP document/literal. Any problem raises a
:class:`~generator.errors.GeneratorError` naming the file and the element.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from lxml import etree
from xsdata.codegen.mappers import SchemaMapper
from xsdata.codegen.models import Class
from xsdata.codegen.parsers.definitions import DefinitionsParser
from xsdata.exceptions import ParserError
from xsdata.formats.dataclass.models.generics import AnyElement
from xsdata.models.enums import Namespace
from xsdata.models.wsdl import Binding, Definitions

from generator.errors import GeneratorError
from generator.revisions import WsdlSource

WSDL_NS = "http://schemas.xmlsoap.org/wsdl/"
SOAP_NS = "http://schemas.xmlsoap.org/wsdl/soap/"


@dataclass
class LoadedWsdl:
    """A parsed, checked WSDL: its definitions and its schema as xsdata classes."""

    source: WsdlSource
    definitions: Definitions
    classes: list[Class]


def load(source: WsdlSource) -> LoadedWsdl:
    """Parse and check ``source``; raise :class:`GeneratorError` on any problem."""
    where = source.location
    root = parse_xml(where, source.data)
    if root.tag != f"{{{WSDL_NS}}}definitions":
        raise GeneratorError(
            where,
            f"root element is <{_pretty(root.tag)}>, expected "
            f"<wsdl:definitions> in namespace {WSDL_NS}",
        )
    try:
        parser = DefinitionsParser(location=where)
        definitions = parser.from_bytes(source.data, Definitions)
    except (ParserError, ValueError, TypeError) as exc:
        raise GeneratorError(where, f"not a readable WSDL: {exc}") from None

    classes = [
        cls
        for schema in (definitions.types.schemas if definitions.types else [])
        for cls in SchemaMapper.map(schema)
    ]
    checker = _ReferenceChecker(where, root, definitions, classes)
    checker.check()
    return LoadedWsdl(source, definitions, classes)


def parse_xml(where: str, data: bytes) -> etree._Element:
    """Parse untrusted XML: no entities, no DTD, no network; errors with line:column."""
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        line, column = exc.position
        raise GeneratorError(
            f"{where}:{line}:{column}", f"not well-formed XML: {exc.msg}"
        ) from None


def _pretty(tag: str) -> str:
    namespace, _, local = (
        tag[1:].partition("}") if tag.startswith("{") else ("", "", tag)
    )
    return f"{local} xmlns={namespace!r}" if namespace else local


def resolve_qname(ns_map: Mapping[str, str], value: str) -> str:
    """Return ``{namespace}local`` for a prefixed (or already resolved) QName."""
    if value.startswith("{"):
        return value
    prefix, _, local = value.rpartition(":")
    if prefix:
        namespace = ns_map.get(prefix, "")
    else:  # the default namespace, whose key is empty
        namespace = next((uri for key, uri in ns_map.items() if not key), "")
    return f"{{{namespace}}}{local}"


def message_qname(definitions: Definitions, name: str) -> str:
    """``{targetNamespace}name`` of a message: whatever prefix the file binds to it."""
    return f"{{{definitions.target_namespace or ''}}}{name}"


def soap_extensions(extended: list[object], local: str) -> list[AnyElement]:
    """The ``soap:<local>`` extension elements among a WSDL element's children."""
    qname = f"{{{SOAP_NS}}}{local}"
    return [
        ext for ext in extended if isinstance(ext, AnyElement) and ext.qname == qname
    ]


class _ReferenceChecker:
    """Check that everything the WSDL refers to is defined, in document order."""

    def __init__(
        self,
        where: str,
        root: etree._Element,
        definitions: Definitions,
        classes: list[Class],
    ) -> None:
        self.where = where
        self.root = root
        self.definitions = definitions
        self.classes = classes
        self.types = {cls.qname for cls in classes if cls.tag != "Element"}
        self.elements = {cls.qname for cls in classes if cls.tag == "Element"}
        self.messages = {
            message_qname(definitions, msg.name): msg for msg in definitions.messages
        }

    def fail(self, xpath: str, problem: str) -> GeneratorError:
        found = self.root.xpath(
            xpath, namespaces={"w": WSDL_NS, "xs": Namespace.XS.uri}
        )
        first = found[0] if isinstance(found, list) and found else None
        line = f":{first.sourceline}" if isinstance(first, etree._Element) else ""
        return GeneratorError(f"{self.where}{line}", problem)

    def check(self) -> None:
        if not self.definitions.types or not self.definitions.types.schemas:
            raise self.fail(
                "/*", "no <wsdl:types> schema; expected an inline xs:schema"
            )
        self.check_schema()
        self.check_messages()
        self.check_port_types()
        for binding in self.definitions.bindings:
            self.check_binding(binding)
        if not self.definitions.services:
            raise self.fail("/*", "no <wsdl:service>; expected one with a SOAP port")

    def check_schema(self) -> None:
        defined = self.types | {Namespace.XS.uri}
        for cls in self.classes:
            kind = "element" if cls.tag == "Element" else "type"
            for ext in cls.extensions:
                if not ext.type.native and ext.type.qname not in defined:
                    raise self.fail(
                        f"//xs:*[@name='{cls.name}']",
                        f"{kind} {cls.name} refers to undefined type "
                        f"{ext.type.qname}; expected a complexType or simpleType "
                        "defined in the schema",
                    )
            for attr in cls.attrs:
                for attr_type in attr.types:
                    if not attr_type.native and attr_type.qname not in defined:
                        raise self.fail(
                            f"//xs:*[@name='{cls.name}']//xs:element[@name='{attr.name}']",
                            f"{kind} {cls.name}, element {attr.name}: refers to "
                            f"undefined type {attr_type.qname}; expected a "
                            "complexType or simpleType defined in the schema",
                        )

    def check_messages(self) -> None:
        for message in self.definitions.messages:
            for part in message.parts:
                if part.element is None:
                    raise self.fail(
                        f"//w:message[@name='{message.name}']",
                        f"message {message.name}, part {part.name}: has no element; "
                        "expected a document/literal part with element=",
                    )
                qname = resolve_qname(part.ns_map, part.element)
                if qname not in self.elements:
                    raise self.fail(
                        f"//w:message[@name='{message.name}']",
                        f"message {message.name}, part {part.name}: refers to "
                        f"undefined element {qname}; expected a top-level xs:element",
                    )

    def check_port_types(self) -> None:
        for port_type in self.definitions.port_types:
            for operation in port_type.operations:
                for direction in (operation.input, operation.output):
                    if direction is None:
                        continue
                    qname = resolve_qname(direction.ns_map, direction.message)
                    if qname not in self.messages:
                        raise self.fail(
                            f"//w:portType//w:operation[@name='{operation.name}']",
                            f"portType {port_type.name}, operation {operation.name}: "
                            f"refers to undefined message {qname}",
                        )

    def check_binding(self, binding: Binding) -> None:
        xpath = f"//w:binding[@name='{binding.name}']"
        for ext in soap_extensions(binding.extended, "binding"):
            style = ext.attributes.get("style", "document")
            if style != "document":
                raise self.fail(
                    xpath,
                    f"binding {binding.name}: style {style!r} is not supported; "
                    "expected 'document' (document/literal SOAP 1.1)",
                )
        for operation in binding.operations:
            for message in (operation.input, operation.output):
                if message is None:
                    continue
                for extension in message.extended:
                    if not isinstance(extension, AnyElement):
                        continue
                    attributes = extension.attributes
                    use = attributes.get("use", "literal")
                    if use != "literal":
                        raise self.fail(
                            xpath,
                            f"binding {binding.name}, operation {operation.name}: "
                            f"use {use!r} is not supported; expected 'literal'",
                        )
                    if extension.qname == f"{{{SOAP_NS}}}header":
                        self.check_header(binding, operation.name, attributes)

    def check_header(
        self, binding: Binding, operation: str, attributes: dict[str, str]
    ) -> None:
        qname = resolve_qname(binding.ns_map, attributes.get("message", ""))
        message = self.messages.get(qname)
        part = attributes.get("part")
        if message is None or part not in {p.name for p in message.parts}:
            raise self.fail(
                f"//w:binding[@name='{binding.name}']",
                f"binding {binding.name}, operation {operation}: soap:header refers to "
                f"undefined message part {qname} / {part}",
            )

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
from generator.load.sources import WsdlSource

WSDL_NS = "http://schemas.xmlsoap.org/wsdl/"
SOAP_NS = "http://schemas.xmlsoap.org/wsdl/soap/"
MAX_TYPE_DEPTH = 100  # nesting levels of types; deeper schemas are refused


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
    """Parse untrusted XML: no entities, no DTD, no network; errors with line:column.

    The one XML parser for the documents users hand us (the WSDL for ``generate``
    and ``diff``, the samples for ``golden``). A document that declares a DTD is
    refused, as the generated client and server refuse one: its entities would
    otherwise be dropped silently (or, if resolved, expanded without bound).
    """
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        line, column = exc.position
        raise GeneratorError(
            f"{where}:{line}:{column}", f"not well-formed XML: {exc.msg}"
        ) from None
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:  # type: ignore[union-attr]
        start = data.find(b"<!DOCTYPE")
        line = data.count(b"\n", 0, start) + 1 if start >= 0 else 1
        raise GeneratorError(
            f"{where}:{line}",
            "declares a DTD (<!DOCTYPE ...>), which is refused: entities and "
            "external DTDs are not read; expected plain XML without a DOCTYPE",
        )
    return root


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
        self.check_depth()
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

    def check_depth(self) -> None:
        """Refuse a chain of more than :data:`MAX_TYPE_DEPTH` nested types.

        Recursive types are fine (a cycle is not a chain); what is refused is a
        schema whose types nest deeper than any service's and deeper than the
        code generator can follow.
        """
        by_qname: dict[str, list[Class]] = {}
        for cls in self.classes:
            by_qname.setdefault(cls.qname, []).append(cls)
        depths: dict[int, int] = {}
        deepest_child: dict[int, Class] = {}
        on_path: set[int] = set()

        def children(cls: Class) -> list[Class]:
            types = [ext.type for ext in cls.extensions]
            types += [t for attr in cls.attrs for t in attr.types]
            named = [by_qname.get(t.qname, []) for t in types if not t.native]
            return [*cls.inner, *(target for group in named for target in group)]

        def depth(cls: Class, above: tuple[Class, ...]) -> int:
            if id(cls) in depths:
                return depths[id(cls)]
            if id(cls) in on_path:
                return 0  # a recursive type: a cycle, not a chain
            if len(above) >= MAX_TYPE_DEPTH:
                self.too_deep([*above, cls])
            on_path.add(id(cls))
            total = 1
            for child in children(cls):
                if depth(child, (*above, cls)) + 1 > total:
                    total, deepest_child[id(cls)] = depths[id(child)] + 1, child
            on_path.discard(id(cls))
            depths[id(cls)] = total
            if len(above) + total > MAX_TYPE_DEPTH:
                chain = [*above, cls]
                while id(chain[-1]) in deepest_child:
                    chain.append(deepest_child[id(chain[-1])])
                self.too_deep(chain)
            return total

        for cls in self.classes:
            depth(cls, ())

    def too_deep(self, chain: list[Class]) -> None:
        names = [cls.name for cls in chain]
        shown = " > ".join([*names[:3], "...", names[-1]])
        kind = "element" if chain[0].tag == "Element" else "type"
        raise self.fail(
            f"//xs:*[@name='{names[0]}']",
            f"{kind} {names[0]}: types nest {len(names)} or more levels deep ({shown}); "
            f"expected at most {MAX_TYPE_DEPTH}",
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
            if not port_type.operations:
                raise self.fail(
                    f"//w:portType[@name='{port_type.name}']",
                    f"portType {port_type.name}: has no operations; expected at "
                    "least one <wsdl:operation>",
                )
            for operation in port_type.operations:
                where = f"//w:portType//w:operation[@name='{operation.name}']"
                named = f"portType {port_type.name}, operation {operation.name}"
                for direction, kind in (
                    (operation.input, "input"),
                    (operation.output, "output"),
                ):
                    if direction is None:
                        raise self.fail(
                            where,
                            f"{named}: has no <wsdl:{kind}>; expected a "
                            "request-response operation with both",
                        )
                    qname = resolve_qname(direction.ns_map, direction.message)
                    if qname not in self.messages:
                        raise self.fail(
                            where, f"{named}: refers to undefined message {qname}"
                        )

    def check_binding(self, binding: Binding) -> None:
        xpath = f"//w:binding[@name='{binding.name}']"
        port_type_name = resolve_qname(binding.ns_map, binding.type or "")
        port_types = {
            message_qname(self.definitions, p.name): p
            for p in self.definitions.port_types
        }
        port_type = port_types.get(port_type_name)
        if port_type is None:
            raise self.fail(
                xpath,
                f"binding {binding.name}: refers to undefined portType "
                f"{port_type_name}",
            )
        declared = {op.name for op in port_type.operations}
        for operation in binding.operations:
            if operation.name not in declared:
                raise self.fail(
                    xpath,
                    f"binding {binding.name}, operation {operation.name}: not in "
                    f"portType {port_type.name}; expected one of "
                    f"{', '.join(sorted(declared))}",
                )
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

"""Every reference of a loaded WSDL checked: message parts, port type messages,
binding headers, ports and the types the schemas use must be defined, and types may
nest at most :data:`MAX_TYPE_DEPTH` deep. A problem is one
:class:`~generator.errors.GeneratorError` naming the file, the line and the element."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lxml import etree
from xsdata.codegen.models import Class
from xsdata.models.enums import Namespace
from xsdata.models.wsdl import Binding

from generator.errors import GeneratorError
from generator.load.documents import Closure
from generator.load.names import braced, ref_qname, resolve_qname, soap_extensions
from generator.runtime.namespaces import WSDL as WSDL_NS

if TYPE_CHECKING:
    from generator.load.wsdl import LoadedWsdl

__all__ = ["MAX_TYPE_DEPTH", "ReferenceChecker"]

MAX_TYPE_DEPTH = 100  # nesting levels of types; deeper schemas are refused


class ReferenceChecker:
    """Check that everything the WSDL refers to is defined, in document order."""

    def __init__(self, loaded: LoadedWsdl, closure: Closure) -> None:
        self.loaded = loaded
        self.closure = closure
        self.definitions = loaded.definitions
        self.classes = loaded.classes
        self.types = {braced(c.qname) for c in self.classes if c.tag != "Element"}
        self.elements = {braced(c.qname) for c in self.classes if c.tag == "Element"}
        self.messages = {loaded.qname(msg): msg for msg in self.definitions.messages}
        self.references = {  # what xs:element ref= names, in every document
            ref_qname(node, document.namespace)
            for document in closure.documents
            for node in document.root.iter(f"{{{Namespace.XS.uri}}}element")
            if node.get("ref")
        }

    def fail(
        self,
        xpath: str,
        problem: str,
        location: str | None = None,
        **names: str | None,
    ) -> GeneratorError:
        """An error at the first match of ``xpath`` in the document ``location``.

        Names from the WSDL are passed as XPath variables (``$name``), never
        pasted into the expression, so a quote in a name cannot break it.
        """
        document = self.closure.document(location)
        finder = etree.XPath(xpath, namespaces={"w": WSDL_NS, "xs": Namespace.XS.uri})
        found = finder(
            document.root, **{key: value or "" for key, value in names.items()}
        )
        first = found[0] if isinstance(found, list) and found else None
        line = f":{first.sourceline}" if isinstance(first, etree._Element) else ""
        return GeneratorError(f"{document.where}{line}", problem)

    def check(self) -> None:
        # No <wsdl:types> is fine when every part is typed by a built-in xs: type
        # (rpc/literal); a part naming anything else is refused by check_messages.
        self.check_schema()
        self.check_depth()
        self.check_messages()
        self.check_port_types()
        for binding in self.definitions.bindings:
            self.check_binding(binding)
        if not self.definitions.services:
            raise self.fail("/*", "no <wsdl:service>; expected one with a SOAP port")
        self.check_services()

    def check_services(self) -> None:
        bindings = {self.loaded.qname(b) for b in self.definitions.bindings}
        for service in self.definitions.services:
            for port in service.ports:
                qname = resolve_qname(port.ns_map, port.binding)
                if qname not in bindings:
                    raise self.fail(
                        "//w:service[@name=$name]/w:port[@name=$inner]",
                        f"service {service.name}, port {port.name}: refers to "
                        f"undefined binding {qname}",
                        service.location,
                        name=service.name,
                        inner=port.name,
                    )

    def check_schema(self) -> None:
        defined = self.types | {Namespace.XS.uri}
        for cls in self.classes:
            kind = "element" if cls.tag == "Element" else "type"
            for ext in cls.extensions:
                if not ext.type.native and braced(ext.type.qname) not in defined:
                    raise self.fail(
                        "//xs:*[@name=$name]",
                        f"{kind} {cls.name} refers to undefined type "
                        f"{ext.type.qname}; expected a complexType or simpleType "
                        "defined in the schema",
                        cls.location,
                        name=cls.name,
                    )
            for attr in cls.attrs:
                for attr_type in attr.types:
                    qname = braced(attr_type.qname)
                    if attr_type.native or attr_type.forward:  # xs:*, anonymous
                        continue
                    referenced = qname in self.elements and qname in self.references
                    if qname not in defined and not referenced:
                        raise self.fail(
                            "//xs:*[@name=$name]//xs:element[@name=$inner]",
                            f"{kind} {cls.name}, element {attr.name}: refers to "
                            f"undefined type {attr_type.qname}; expected a "
                            "complexType or simpleType defined in the schema",
                            cls.location,
                            name=cls.name,
                            inner=attr.name,
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
            "//xs:*[@name=$name]",
            f"{kind} {names[0]}: types nest {len(names)} or more levels deep ({shown}); "
            f"expected at most {MAX_TYPE_DEPTH}",
            chain[0].location,
            name=names[0],
        )

    def check_messages(self) -> None:
        for message in self.definitions.messages:
            for part in message.parts:
                if part.element is None and part.type is None:
                    raise self.fail(
                        "//w:message[@name=$name]",
                        f"message {message.name}, part {part.name}: has neither "
                        "element= nor type=; expected one of them",
                        message.location,
                        name=message.name,
                    )
                if part.element is None:
                    qname = resolve_qname(part.ns_map, part.type or "")
                    if qname in self.types or qname.startswith(
                        f"{{{Namespace.XS.uri}}}"
                    ):
                        continue
                    raise self.fail(
                        "//w:message[@name=$name]",
                        f"message {message.name}, part {part.name}: refers to "
                        f"undefined type {qname}; expected a complexType or "
                        "simpleType defined in the schema",
                        message.location,
                        name=message.name,
                    )
                qname = resolve_qname(part.ns_map, part.element)
                if qname not in self.elements:
                    raise self.fail(
                        "//w:message[@name=$name]",
                        f"message {message.name}, part {part.name}: refers to "
                        f"undefined element {qname}; expected a top-level xs:element",
                        message.location,
                        name=message.name,
                    )

    def check_port_types(self) -> None:
        for port_type in self.definitions.port_types:
            if not port_type.operations:
                raise self.fail(
                    "//w:portType[@name=$name]",
                    f"portType {port_type.name}: has no operations; expected at "
                    "least one <wsdl:operation>",
                    port_type.location,
                    name=port_type.name,
                )
            for operation in port_type.operations:
                where = "//w:portType//w:operation[@name=$name]"
                named = f"portType {port_type.name}, operation {operation.name}"
                if operation.input is None and operation.output is None:
                    raise self.fail(
                        where,
                        f"{named}: has neither <wsdl:input> nor <wsdl:output>; "
                        "expected at least one",
                        port_type.location,
                        name=operation.name,
                    )
                directions = [operation.input, operation.output, *operation.faults]
                for direction in directions:
                    if direction is None:
                        continue
                    qname = resolve_qname(direction.ns_map, direction.message)
                    if qname not in self.messages:
                        raise self.fail(
                            where,
                            f"{named}: refers to undefined message {qname}",
                            port_type.location,
                            name=operation.name,
                        )

    def check_binding(self, binding: Binding) -> None:
        xpath = "//w:binding[@name=$name]"
        port_type_name = resolve_qname(binding.ns_map, binding.type or "")
        port_types = {self.loaded.qname(p): p for p in self.definitions.port_types}
        port_type = port_types.get(port_type_name)
        if port_type is None:
            raise self.fail(
                xpath,
                f"binding {binding.name}: refers to undefined portType "
                f"{port_type_name}",
                binding.location,
                name=binding.name,
            )
        declared = {op.name for op in port_type.operations}
        for operation in binding.operations:
            if operation.name not in declared:
                raise self.fail(
                    xpath,
                    f"binding {binding.name}, operation {operation.name}: not in "
                    f"portType {port_type.name}; expected one of "
                    f"{', '.join(sorted(declared))}",
                    binding.location,
                    name=binding.name,
                )
        for operation in binding.operations:
            for message in (operation.input, operation.output):
                if message is None:
                    continue
                for extension in soap_extensions(message.extended, "header"):
                    self.check_header(binding, operation.name, extension.attributes)

    def check_header(
        self, binding: Binding, operation: str, attributes: dict[str, str]
    ) -> None:
        qname = resolve_qname(binding.ns_map, attributes.get("message", ""))
        message = self.messages.get(qname)
        part = attributes.get("part")
        if message is None or part not in {p.name for p in message.parts}:
            raise self.fail(
                "//w:binding[@name=$name]",
                f"binding {binding.name}, operation {operation}: soap:header refers to "
                f"undefined message part {qname} / {part}",
                binding.location,
                name=binding.name,
            )

"""The classes made for messages: rpc wrappers, Body contents, type= headers.

They come from a small XML Schema run through xsdata's own mapper, so they go
through exactly the same passes as the WSDL's types.

A made class is named after its XML name unless that name (compared as xsdata
compares class names) is already a class's, schema's or made: then it gets the
naming rule's ``_type`` suffix (:func:`~generator.model.naming.free_name`), and its
XML name stays exact. Made classes are marked with :data:`MADE` as their
``location``, so the service side finds them by XML name apart from the schema's.

A ``soap:header`` part given by ``type=`` becomes a made element named after the
part, in the ``soap:header``'s ``namespace`` or else the message's namespace,
whose type is the part's type (the rule rpc style uses for a ``type=`` part).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from lxml import etree
from xsdata.codegen.mappers import SchemaMapper
from xsdata.codegen.models import Class
from xsdata.codegen.parsers.schema import SchemaParser
from xsdata.models.enums import Namespace
from xsdata.models.wsdl import Message
from xsdata.models.xsd import Schema
from xsdata.utils import text

from generator.errors import GeneratorError
from generator.load.names import resolve_qname
from generator.load.wsdl import LoadedWsdl
from generator.model.naming import free_name

MADE = "urn:mktows-codegen:made"  # the ``location`` of every class made here
XS = Namespace.XS.uri


@dataclass
class MadeClasses:
    """Make classes for ``loaded``'s messages; :attr:`made` are those made."""

    loaded: LoadedWsdl
    made: list[Class] = field(default_factory=list)
    # ``(message {ns}name, part)`` -> ``{ns}local`` of a header part's element
    header_elements: dict[tuple[str, str], str] = field(default_factory=dict)
    _made_qnames: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.where = self.loaded.source.location
        self._taken = {text.alnum(c.name) for c in self.loaded.classes}

    def make(
        self,
        namespace: str,
        name: str,
        parts: list[tuple[str, str, str]],
        element: bool,
    ) -> str:
        """Make the class of a wrapper element (``element``) or of a Body's content."""
        qname = f"{{{namespace}}}{name}"
        signature = repr(parts)
        if qname in self._made_qnames:
            if self._made_qnames[qname] != signature:
                raise GeneratorError(
                    self.where,
                    f"two operations need different {name} wrappers in {namespace}; "
                    "expected one message shape per operation name",
                )
            return qname
        self._made_qnames[qname] = signature
        schema, prefixed = _schema(namespace, [target for _, _, target in parts])
        if element:
            top = etree.SubElement(schema, f"{{{XS}}}element", name=self._free(name))
            complex_type = etree.SubElement(top, f"{{{XS}}}complexType")
        else:
            complex_type = etree.SubElement(
                schema, f"{{{XS}}}complexType", name=self._free(name)
            )
        sequence = etree.SubElement(complex_type, f"{{{XS}}}sequence")
        for part, kind, target in parts:
            if kind == "element":
                etree.SubElement(sequence, f"{{{XS}}}element", ref=prefixed(target))
            else:
                etree.SubElement(
                    sequence,
                    f"{{{XS}}}element",
                    name=part,
                    type=prefixed(target),
                    form="unqualified",
                )
        self._map(schema, name)
        return qname

    def header(self, message: Message, part: str, namespace: str | None) -> str:
        """``{ns}local`` of the element a ``soap:header`` part travels as: its
        ``element=``, or for ``type=`` an element made here named after the part,
        in ``namespace`` (the soap:header's) or else the message's namespace."""
        found = next(p for p in message.parts if p.name == part)
        if found.element:
            return resolve_qname(found.ns_map, found.element)
        key = (self.loaded.qname(message), part)
        if key not in self.header_elements:
            target = resolve_qname(found.ns_map, found.type or "")
            qname = f"{{{namespace or self.loaded.namespace_of(message)}}}{part}"
            if qname in self._made_qnames:
                raise GeneratorError(
                    self.where,
                    f"message {message.name}, soap:header part {part}: its element "
                    f"{qname} is already made for another message; expected "
                    "distinct header part names",
                )
            if self._typed_element(qname) == target:  # the schema has it: use it
                self.header_elements[key] = qname
                return qname
            self._made_qnames[qname] = target
            name = self._free(part)
            if name != part and not target.startswith(f"{{{XS}}}"):
                raise GeneratorError(
                    self.where,
                    f"message {message.name}, soap:header part {part}: given by "
                    f"type= {target}, and its element name {part} is already a "
                    "class's; a renamed header element of a schema type is not "
                    "supported; expected element= or a part name no schema "
                    "element or type has",
                )
            schema, prefixed = _schema(qname[1:].partition("}")[0], [target])
            etree.SubElement(
                schema, f"{{{XS}}}element", name=name, type=prefixed(target)
            )
            self._map(schema, part)
            self.header_elements[key] = qname
        return self.header_elements[key]

    def _typed_element(self, qname: str) -> str | None:
        """``{ns}local`` of the type the schema element ``qname`` is declared with."""
        for cls in self.loaded.classes:
            if cls.is_element and cls.qname == qname and len(cls.extensions) == 1:
                return cls.extensions[0].type.qname
        return None

    def _free(self, name: str) -> str:
        """``name``, or with the naming rule's ``_type`` suffix when a class of
        that name (as xsdata compares them) exists or was made."""
        free = free_name(name, lambda n: text.alnum(n) in self._taken, "type")
        self._taken.add(text.alnum(free))
        return free

    def _map(self, schema: etree._Element, xml_name: str) -> None:
        """Map a made schema to classes; its top class keeps ``xml_name``."""
        parsed = SchemaParser(location=self.where).from_bytes(
            etree.tostring(schema, encoding="utf-8"), Schema
        )
        classes = SchemaMapper.map(parsed)
        for cls in classes:
            cls.location = MADE
        top = classes[0]
        if top.name != xml_name:
            top.meta_name = xml_name
        self.made.extend(classes)


def _schema(
    namespace: str, targets: list[str]
) -> tuple[etree._Element, Callable[[str], str]]:
    """An empty ``xs:schema`` for ``namespace`` with a prefix bound to each
    target's namespace, and the function writing a target ``{ns}local`` as a
    prefixed name."""
    prefixes = {
        uri: f"p{i}"
        for i, uri in enumerate(sorted({q[1:].partition("}")[0] for q in targets}))
    }
    nsmap: dict[str, str] = {"xs": XS}
    nsmap.update({prefix: uri for uri, prefix in prefixes.items() if uri})
    schema = etree.Element(f"{{{XS}}}schema", nsmap=nsmap)
    if namespace:
        schema.set("targetNamespace", namespace)

    def prefixed(target: str) -> str:
        uri, _, local = target[1:].partition("}")
        return f"{prefixes[uri]}:{local}" if uri else local

    return schema, prefixed

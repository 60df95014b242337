"""Stage 1, load: read a WSDL and its schemas into xsdata's WSDL/XSD models.

The WSDL and every document it imports or includes (:mod:`generator.load.documents`)
are first checked by lxml (so a broken file is reported with its line and column),
then parsed into :class:`xsdata.models.wsdl.Definitions` (imported WSDLs merged in),
and all schemas are mapped to xsdata's codegen classes. Finally every reference is checked: message
parts, port type messages, binding headers and the types used by the schema must all
be defined. Which bindings can be called (SOAP 1.1 or 1.2, literal) is decided by
the model stage, which skips the others. Any problem raises a
:class:`~generator.errors.GeneratorError` naming the file and the element.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from xsdata.codegen.exceptions import CodegenError
from xsdata.codegen.mappers import SchemaMapper
from xsdata.codegen.models import Class
from xsdata.models.wsdl import Definitions, WsdlElement

from generator.errors import GeneratorError
from generator.load.documents import Document, load_closure
from generator.load.names import resolve_qname, soap_extensions
from generator.load.references import ReferenceChecker
from generator.load.safe_xml import parse_xml as parse_xml  # the golden tool's
from generator.load.shape import check_shape
from generator.load.sources import WsdlSource
from generator.runtime.namespaces import WSDL as WSDL_NS


@dataclass
class LoadedWsdl:
    """A parsed, checked WSDL: its definitions and its schemas as xsdata classes.

    ``definitions`` holds the WSDL's own elements and those of the WSDLs it
    imports; ``classes`` those of every schema, inline or imported. ``source.files``
    lists every document (root first) and ``source.closure_sha256`` hashes them all.
    ``documents`` are the parsed documents, whose ``where`` is the ``location`` of
    each xsdata element and class read from it.
    """

    source: WsdlSource
    definitions: Definitions
    classes: list[Class]
    documents: tuple[Document, ...] = ()

    def namespace_of(self, element: WsdlElement) -> str:
        """The targetNamespace of the WSDL document that defines ``element``."""
        for document in self.documents:
            if document.where == element.location:
                return document.namespace
        return self.definitions.target_namespace or ""

    def qname(self, element: WsdlElement) -> str:
        """``{namespace}name`` of a message, portType or binding, wherever defined.

        Use it rather than :func:`~generator.load.names.message_qname` when a WSDL may import another
        WSDL with a different targetNamespace.
        """
        return f"{{{self.namespace_of(element)}}}{element.name}"


def load(source: WsdlSource) -> LoadedWsdl:
    """Parse and check ``source``; raise :class:`GeneratorError` on any problem."""
    closure = load_closure(source)
    check_shape(closure.documents)
    definitions = closure.definitions
    try:
        classes = [
            cls
            for schema in [*definitions.schemas, *closure.schemas]
            for cls in SchemaMapper.map(schema)
        ]
    except CodegenError as exc:
        raise GeneratorError(source.location, f"not a usable schema: {exc}") from None
    loaded = LoadedWsdl(
        replace(source, files=closure.files),
        definitions,
        classes,
        tuple(closure.documents),
    )
    _read_unprefixed_in_target(loaded)
    ReferenceChecker(loaded, closure).check()
    return loaded


def _read_unprefixed_in_target(loaded: LoadedWsdl) -> None:
    """Read an unprefixed reference to a message, portType or binding that the
    default namespace would put in the WSDL namespace (``xmlns`` bound to WSDL
    itself, which defines no messages) in its document's targetNamespace instead,
    as other WSDL toolkits do. Written back resolved (``{namespace}name``)."""

    def lenient(ns_map: Mapping[str, str], value: str, namespace: str) -> str:
        if not value or ":" in value or value.startswith("{"):
            return value
        if resolve_qname(ns_map, value) != f"{{{WSDL_NS}}}{value}":
            return value
        return f"{{{namespace}}}{value}"

    definitions = loaded.definitions
    for port_type in definitions.port_types:
        namespace = loaded.namespace_of(port_type)
        for operation in port_type.operations:
            for used in (operation.input, operation.output, *operation.faults):
                if used is not None:
                    used.message = lenient(used.ns_map, used.message, namespace)
    for binding in definitions.bindings:
        namespace = loaded.namespace_of(binding)
        binding.type = lenient(binding.ns_map, binding.type or "", namespace)
        for bound in binding.operations:
            for message in (bound.input, bound.output):
                for header in soap_extensions(
                    message.extended if message else [], "header"
                ):
                    if "message" in header.attributes:
                        header.attributes["message"] = lenient(
                            binding.ns_map, header.attributes["message"], namespace
                        )
    for service in definitions.services:
        namespace = loaded.namespace_of(service)
        for port in service.ports:
            port.binding = lenient(port.ns_map, port.binding, namespace)

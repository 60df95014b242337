"""Names in WSDL and XML Schema documents: QNames resolved against a document's
declarations, and the SOAP extension elements of a binding."""

from __future__ import annotations

from collections.abc import Mapping

from lxml import etree
from xsdata.formats.dataclass.models.generics import AnyElement
from xsdata.models.enums import Namespace
from xsdata.models.wsdl import Definitions

from generator.runtime.namespaces import WSDL_SOAP as SOAP_NS
from generator.runtime.namespaces import WSDL_SOAP12 as SOAP12_NS

__all__ = [
    "braced",
    "message_qname",
    "ref_qname",
    "resolve_qname",
    "soap_extensions",
    "soap_version",
]


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


def ref_qname(node: etree._Element, namespace: str) -> str:
    """``{namespace}local`` of the element an ``xs:element ref=`` names.

    An unprefixed name without a default namespace is read in the schema's
    targetNamespace (the includer's, for a chameleon), as xsdata reads it.
    """
    prefix, _, local = str(node.get("ref")).rpartition(":")
    found = node.nsmap.get(prefix or None)
    if found is None and not prefix:
        schema = next(node.iterancestors(f"{{{Namespace.XS.uri}}}schema"), None)
        found = (
            schema.get("targetNamespace") if schema is not None else None
        ) or namespace
    return f"{{{found or ''}}}{local}"


def braced(qname: str) -> str:
    """``{}local`` for xsdata's ``local`` (a name in no namespace)."""
    return qname if qname.startswith("{") else f"{{}}{qname}"


def message_qname(definitions: Definitions, name: str) -> str:
    """``{targetNamespace}name`` of a message: whatever prefix the file binds to it."""
    return f"{{{definitions.target_namespace or ''}}}{name}"


def soap_extensions(extended: list[object], local: str) -> list[AnyElement]:
    """The ``soap:<local>`` extension elements (SOAP 1.1 or 1.2) among a WSDL
    element's children."""
    qnames = (f"{{{SOAP_NS}}}{local}", f"{{{SOAP12_NS}}}{local}")
    return [
        ext for ext in extended if isinstance(ext, AnyElement) and ext.qname in qnames
    ]


def soap_version(extended: list[object]) -> str | None:
    """``"1.1"`` or ``"1.2"`` for a binding (or port) with a SOAP extension element,
    ``None`` for any other (HTTP GET/POST, ...)."""
    for ext in extended:
        if isinstance(ext, AnyElement) and ext.qname:
            if ext.qname.startswith(f"{{{SOAP_NS}}}"):
                return "1.1"
            if ext.qname.startswith(f"{{{SOAP12_NS}}}"):
                return "1.2"
    return None

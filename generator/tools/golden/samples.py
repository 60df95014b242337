"""Documented samples through our code: render them from typed objects, compare canonically.

``render`` reads a sample (a SOAP 1.1 or 1.2 request, response or fault, or a bare
body payload) into the generated package's dataclasses with its own parsers, and
writes it back with its own serializers, inside an envelope of the sample's SOAP
version (told by its namespace). What the WSDL defines (header blocks, body
elements, fault detail entries) goes through the typed objects; what it does not
(unknown header blocks, extra body entries, a fault's SOAP fields, attributes on
the Envelope, Header and Body) is written as it was and, when it is an element,
named in :attr:`Rendered.unknown`. The body's first element must be one of the
WSDL's. When the package's profile has a request signature (Marketo's), a request's
signed header keeps the sample's user id and timestamp and is signed again when a
secret is given.

``canonical`` is C14N 2.0 with whitespace stripped, comments dropped, prefixes
rewritten and the QNames in ``xsi:type`` resolved (and, given the package's
:class:`QNameNodes`, those of every element and attribute the schema types
``xs:QName``), so two documents compare equal exactly when they carry the same
information.
"""

from __future__ import annotations

import copy
import warnings
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from generator.errors import GeneratorError
from generator.load.sources import read_local
from generator.load.wsdl import parse_xml
from generator.model.api import snake_case
from generator.runtime.envelope import ENVELOPES
from generator.runtime.namespaces import SOAP12_ENV, SOAP_ENV, XSI_TYPE
from generator.runtime.values import qname_from_text
from generator.tools.golden.bindings import (
    Bindings,
    QNameNodes,
    bindings,
    bindings_for,
)

__all__ = [
    "SOAP_ENVELOPES",
    "Bindings",
    "Rendered",
    "bindings",
    "bindings_for",
    "canonical",
    "first_difference",
    "read_sample",
    "render",
    "soap_version",
]

SOAP_ENVELOPES = {uri: version for version, uri in ENVELOPES.items()}
_DETAIL = {SOAP_ENV: "detail", SOAP12_ENV: f"{{{SOAP12_ENV}}}Detail"}


@dataclass(frozen=True)
class Rendered:
    """Our XML for a sample, and what it had that the schema does not know."""

    xml: bytes
    kind: str  # "request", "response", "fault", "message", "payload" or "fragment"
    unknown: tuple[str, ...] = ()
    soap: str = ""  # "1.1", "1.2", or "" without an envelope
    operation: str = ""  # the operation whose request or response it is, if known


def read_sample(path: Path) -> etree._Element:
    """Parse a sample safely; a broken one is a one-line error with line and column."""
    return parse_xml(str(path), read_local(path, "a sample XML file"))


def soap_version(root: etree._Element) -> str:
    """``"1.1"`` or ``"1.2"`` for a SOAP Envelope (by its namespace), else ``""``."""
    namespace, _, local = str(root.tag).rpartition("}")
    return SOAP_ENVELOPES.get(namespace[1:], "") if local == "Envelope" else ""


def render(root: etree._Element, api: Bindings, secret: str | None = None) -> Rendered:
    """Turn a parsed sample into the XML our code produces for it."""
    if root.tag in api.fragments and root.tag not in api.readers:
        return _render_fragment(root, api)
    writer = _Writer(api, secret)
    version = soap_version(root)
    if version:
        node, kind, operation = writer.envelope(root)
    else:
        node = writer.typed(root, None)
        role = api.roles.get(root.tag)
        kind, operation = "payload", role.operation if role else ""
    _siblings(root, node)
    return Rendered(_serialize(node), kind, tuple(writer.unknown), version, operation)


@dataclass
class _Writer:
    """Writes one envelope: typed where the WSDL knows the element, as it was elsewhere."""

    api: Bindings
    secret: str | None
    unknown: list[str] = field(default_factory=list)

    def envelope(self, root: etree._Element) -> tuple[etree._Element, str, str]:
        """The envelope written back, what the payload is, and whose."""
        namespace = root.tag[1:].partition("}")[0]
        envelope = etree.Element(root.tag, _attributes(root), nsmap={"soap": namespace})
        body: etree._Element | None = None
        for child in root:
            if child.tag == f"{{{namespace}}}Header":
                self._header(child, _shell(child, envelope))
            elif child.tag == f"{{{namespace}}}Body" and body is None:
                body = child
                self._body(child, _shell(child, envelope))
            else:
                self._as_it_was(child, envelope)
        payload = _first_element(body)
        if payload is None:
            raise GeneratorError(
                "Envelope", "the SOAP Body is missing or empty; expected one payload"
            )
        if payload.tag == f"{{{namespace}}}Fault":
            kind, operation = "fault", ""
        else:
            role = self.api.roles.get(payload.tag)
            kind, operation = (role.kind, role.operation) if role else ("message", "")
        return envelope, kind, operation

    def _header(self, sample: etree._Element, header: etree._Element) -> None:
        for block in sample:
            if isinstance(block.tag, str) and block.tag in self.api.readers:
                obj = self._read(block)
                if self.secret is not None and self.api.resign is not None:
                    obj = self.api.resign(obj, self.secret)
                _soap_attributes(block, self._write(obj, header))
            else:
                self._as_it_was(block, header)

    def _body(self, sample: etree._Element, body: etree._Element) -> None:
        namespace = sample.tag[1:].partition("}")[0]
        first = True
        for entry in sample:
            if not isinstance(entry.tag, str):
                body.append(copy.deepcopy(entry))
            elif entry.tag == f"{{{namespace}}}Fault":
                self._fault(entry, body, namespace)
            elif first or entry.tag in self.api.readers:
                _soap_attributes(entry, self.typed(entry, body))
            else:
                self._as_it_was(entry, body)
            first = first and not isinstance(entry.tag, str)

    def _fault(
        self, sample: etree._Element, body: etree._Element, namespace: str
    ) -> None:
        """A Fault: its SOAP fields as they were, its detail entries typed when known."""
        fault = _shell(sample, body)
        for child in sample:
            if child.tag != _DETAIL[namespace]:
                fault.append(copy.deepcopy(child))
                continue
            detail = _shell(child, fault)
            for entry in child:
                if isinstance(entry.tag, str) and entry.tag in self.api.readers:
                    self.typed(entry, detail)
                else:
                    self._as_it_was(entry, detail)

    def typed(
        self, node: etree._Element, parent: etree._Element | None
    ) -> etree._Element:
        """``node`` read into its dataclass and written back (under ``parent``)."""
        if node.tag not in self.api.readers:
            raise GeneratorError(
                f"<{node.tag}>",
                f"not an element of this WSDL; expected one of its {len(self.api.readers)} "
                "message or header elements",
            )
        return self._write(self._read(node), parent)

    def _read(self, node: etree._Element) -> Any:
        unknown: list[str] = []
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                obj = self.api.readers[node.tag](node, unknown)
            except Exception as exc:  # a value the generated code cannot take
                raise _unreadable(node, "read", exc) from None
        self.unknown += unknown
        return obj

    def _write(self, obj: Any, parent: etree._Element | None) -> etree._Element:
        writer = self.api.writers.get(type(obj))
        if writer is None:
            raise GeneratorError(
                type(obj).__name__, "has no writer in serializers.ELEMENTS"
            )
        try:
            node: etree._Element = writer(obj, parent)
        except Exception as exc:
            raise _unreadable(obj, "written", exc) from None
        return node

    def _as_it_was(self, node: etree._Element, parent: etree._Element) -> None:
        parent.append(copy.deepcopy(node))
        if isinstance(node.tag, str):
            self.unknown.append(node.tag)


def _soap_attributes(sample: etree._Element, ours: etree._Element) -> None:
    """The envelope's own attributes on a header block or body entry
    (``mustUnderstand``, ``actor``/``role``, ``relay``, ``encodingStyle``): SOAP
    processing, not the WSDL's data, so kept as the sample has them."""
    for name, value in _attributes(sample).items():
        soap = name.startswith(tuple(f"{{{ns}}}" for ns in SOAP_ENVELOPES))
        if soap and ours.get(name) is None:
            ours.set(name, value)


def _unreadable(what: Any, verb: str, exc: Exception) -> GeneratorError:
    name = f"<{what.tag}>" if isinstance(what, etree._Element) else type(what).__name__
    problem = " ".join(str(exc).split())[:200]
    return GeneratorError(
        name,
        f"could not be {verb} by the generated code: {type(exc).__name__}: {problem}",
    )


def canonical(
    xml: bytes, blank: str | None = None, qnames: QNameNodes | None = None
) -> str:
    """C14N 2.0: whitespace-, comment-, prefix- and ``xsi:type``-prefix-insensitive.

    ``blank``: the local name of elements whose text does not count (a signature,
    :attr:`Bindings.signature`). ``qnames``: the elements and
    attributes whose values the schema types ``xs:QName`` (see
    :func:`~generator.tools.golden.bindings.qname_nodes`); each of their QNames is
    compared as ``{namespace}local``, whatever prefix it was written with.
    """
    if blank or (qnames and (qnames.elements or qnames.attributes)):
        root = etree.fromstring(xml)
        if blank:
            for node in root.iter(blank, f"{{*}}{blank}"):
                node.text = ""
        if qnames:
            _resolve_qnames(root, qnames)
        xml = etree.tostring(root, encoding="utf-8")
    return ElementTree.canonicalize(
        xml.decode("utf-8"),
        strip_text=True,
        rewrite_prefixes=True,
        qname_aware_attrs=[XSI_TYPE],
    )


def _resolve_qnames(root: etree._Element, qnames: QNameNodes) -> None:
    """Each QName-typed text and attribute value as ``{namespace}local`` tokens;
    a value that does not resolve (an undeclared prefix) stays as written."""
    for node in root.iter():
        if not isinstance(node.tag, str):
            continue
        if node.tag in qnames.elements and node.text and len(node) == 0:
            node.text = _expanded(node.text, node)
        for name in qnames.attributes.intersection(node.attrib):
            node.set(name, _expanded(node.get(name) or "", node))


def _expanded(text: str, node: etree._Element) -> str:
    try:
        return " ".join(qname_from_text(t, node).text for t in text.split())
    except ValueError:
        return text


def first_difference(expected: str, actual: str, context: int = 60) -> str:
    """Where two canonical documents part, with some text either side."""
    index = next(
        (i for i, (a, b) in enumerate(zip(expected, actual, strict=False)) if a != b),
        min(len(expected), len(actual)),
    )
    start = max(0, index - context)
    return (
        f"at character {index}: sample has ...{expected[start:index + context]!r}..., "
        f"ours has ...{actual[start:index + context]!r}..."
    )


def _render_fragment(root: etree._Element, api: Bindings) -> Rendered:
    """A bare fragment such as ``<startPosition>``, read and written as its field's type."""
    field = api.fragments[root.tag]
    node = etree.Element(root.tag)
    unknown: list[str] = []
    if field.kind == "complex":
        function = snake_case(field.type_name)
        try:
            obj = getattr(api.parsers, f"read_{function}")(root, unknown)
            getattr(api.serializers, f"write_{function}")(obj, node)
        except Exception as exc:
            raise _unreadable(root, "read", exc) from None
    else:
        node.text = root.text  # a simple value: the text is the value
    return Rendered(_serialize(node), "fragment", tuple(unknown))


def _siblings(sample: etree._Element, ours: etree._Element) -> None:
    """The comments and processing instructions around the sample's root, kept."""
    for node in sample.itersiblings(preceding=True):
        ours.addprevious(copy.copy(node))
    for node in reversed(list(sample.itersiblings())):
        ours.addnext(copy.copy(node))


def _shell(node: etree._Element, parent: etree._Element) -> etree._Element:
    """A copy of ``node``'s tag, attributes and leading text appended to ``parent``
    (its children are the caller's: typed or as they were)."""
    shell = etree.SubElement(parent, node.tag, _attributes(node))
    shell.text = node.text
    return shell


def _attributes(node: etree._Element) -> dict[str, str]:
    return {str(name): str(value) for name, value in node.attrib.items()}


def _serialize(node: etree._Element) -> bytes:
    """The document ``node`` is the root of, with what surrounds it."""
    return etree.tostring(node.getroottree(), xml_declaration=True, encoding="UTF-8")


def _first_element(parent: etree._Element | None) -> etree._Element | None:
    if parent is None:
        return None
    return next((c for c in parent if isinstance(c.tag, str)), None)

"""Documented samples through our code: render them from typed objects, compare canonically.

``render`` reads a sample (a SOAP request, response or fault, or a bare body payload)
into the generated package's dataclasses with its own parsers, and writes it back
with its own serializers: for a request, a full envelope whose ``AuthenticationHeader``
keeps the sample's user id and timestamp and is signed again when a secret is given.
``canonical`` is C14N 2.0 with whitespace stripped, prefixes rewritten and the QNames
in ``xsi:type`` resolved, so two documents compare equal exactly when they carry the
same information.
"""

from __future__ import annotations

import importlib
import warnings
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from lxml import etree

from generator.errors import GeneratorError
from generator.load.sources import read_local
from generator.load.wsdl import parse_xml
from generator.model.api import ApiModel, snake_case
from generator.model.classes import xsdata_config
from generator.model.codecs import FieldCodec, build_codecs
from generator.model.python_names import ModelFilters
from generator.packages import package_for
from generator.runtime.namespaces import SOAP_ENV, XSI_TYPE

SIGNATURE = "requestSignature"


@dataclass(frozen=True)
class Bindings:
    """The parts of one generated package the golden tools use."""

    namespace: str
    response_tags: frozenset[str]
    fragments: dict[str, FieldCodec]  # unambiguous child-element tag -> its field
    parsers: ModuleType
    serializers: ModuleType
    envelope: ModuleType
    signing: ModuleType
    values: ModuleType


def bindings(package: ModuleType, model: ApiModel) -> Bindings:
    """Collect the modules of an imported generated package built from ``model``."""
    name = package.__name__

    def part(module: str) -> ModuleType:
        return importlib.import_module(f"{name}.{module}")

    client = part("client")
    operations = [v for v in vars(client).values() if isinstance(v, client.Operation)]
    return Bindings(
        namespace=client.NAMESPACE,
        response_tags=frozenset(op.response_tag for op in operations),
        fragments=_fragment_fields(model),
        parsers=part("parsers"),
        serializers=part("serializers"),
        envelope=part("envelope"),
        signing=part("signing"),
        values=part("values"),
    )


def bindings_for(wsdl: str) -> Bindings:
    """The generated package for ``wsdl``, imported (see :mod:`generator.packages`)."""
    generated = package_for(wsdl)
    return bindings(generated.module, generated.model)


@dataclass(frozen=True)
class Rendered:
    """Our XML for a sample, and what it had that the schema does not know."""

    xml: bytes
    kind: str  # "request", "response", "fault" or "payload"
    unknown: tuple[str, ...] = ()


def read_sample(path: Path) -> etree._Element:
    """Parse a sample safely; a broken one is a one-line error with line and column."""
    return parse_xml(str(path), read_local(path, "a sample XML file"))


def render(root: etree._Element, api: Bindings, secret: str | None = None) -> Rendered:
    """Turn a parsed sample into the XML our code produces for it."""
    if root.tag in api.fragments and root.tag not in api.parsers.ELEMENTS:
        return _render_fragment(root, api)
    if root.tag != f"{{{SOAP_ENV}}}Envelope":
        obj, unknown = _read(root, api)
        return Rendered(_serialize(_write(obj, api)), "payload", unknown)
    body = root.find(f"{{{SOAP_ENV}}}Body")
    payload = _first_element(body)
    if payload is None:
        raise GeneratorError("Envelope", "the SOAP Body is empty; expected one payload")
    if payload.tag == f"{{{SOAP_ENV}}}Fault":
        return Rendered(
            _serialize(_fault_envelope(api.envelope.read_fault(payload))), "fault"
        )
    obj, unknown = _read(payload, api)
    if payload.tag in api.response_tags:
        return Rendered(
            _serialize(_response_envelope(_write(obj, api))), "response", unknown
        )
    headers = [
        _read(node, api) for node in _elements(root.find(f"{{{SOAP_ENV}}}Header"))
    ]
    writers = [(_writer(h, api), _resign(h, api, secret)) for h, _ in headers]
    unknown += tuple(name for _, names in headers for name in names)
    xml = api.envelope.build_envelope(api.namespace, writers, _writer(obj, api), obj)
    return Rendered(xml, "request", unknown)


def canonical(xml: bytes, ignore_signature: bool = False) -> str:
    """C14N 2.0: whitespace-, prefix- and ``xsi:type``-prefix-insensitive."""
    if ignore_signature:
        root = etree.fromstring(xml)
        for node in root.iter(SIGNATURE, f"{{*}}{SIGNATURE}"):
            node.text = ""
        xml = etree.tostring(root)
    return ElementTree.canonicalize(
        xml.decode("utf-8"),
        strip_text=True,
        rewrite_prefixes=True,
        qname_aware_attrs=[XSI_TYPE],
    )


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


def _fragment_fields(model: ApiModel) -> dict[str, FieldCodec]:
    """Child-element tags that mean the same field type wherever they appear."""
    field_name = ModelFilters(xsdata_config(model.package)).field_name
    by_tag: dict[str, dict[tuple[str, str], FieldCodec]] = {}
    for codec in build_codecs(model, field_name):
        for field in codec.elements:
            by_tag.setdefault(field.tag, {})[field.kind, field.type_name] = field
    return {tag: next(iter(f.values())) for tag, f in by_tag.items() if len(f) == 1}


def _render_fragment(root: etree._Element, api: Bindings) -> Rendered:
    """A bare fragment such as ``<startPosition>``, read and written as its field's type."""
    field = api.fragments[root.tag]
    node = etree.Element(root.tag)
    unknown: list[str] = []
    if field.kind == "complex":
        function = snake_case(field.type_name)
        obj = getattr(api.parsers, f"read_{function}")(root, unknown)
        getattr(api.serializers, f"write_{function}")(obj, node)
    else:
        node.text = root.text  # a simple value: the text is the value
    return Rendered(_serialize(node), "fragment", tuple(unknown))


def _read(node: etree._Element, api: Bindings) -> tuple[Any, tuple[str, ...]]:
    reader = api.parsers.ELEMENTS.get(node.tag)
    if reader is None:
        raise GeneratorError(
            f"<{node.tag}>",
            f"not an element of this WSDL; expected one of its {len(api.parsers.ELEMENTS)} "
            "message or header elements",
        )
    unknown: list[str] = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        obj = reader(node, unknown)
    return obj, tuple(unknown)


def _writer(obj: Any, api: Bindings) -> Any:
    return api.serializers.ELEMENTS[type(obj)]


def _write(obj: Any, api: Bindings) -> etree._Element:
    node: etree._Element = _writer(obj, api)(obj, None)
    return node


def _resign(header: Any, api: Bindings, secret: str | None) -> Any:
    """Sign a copy of the authentication header again with ``secret``."""
    fields = ("mktows_user_id", "request_timestamp", "request_signature")
    if secret is None or not all(hasattr(header, f) for f in fields):
        return header
    signature = api.signing.request_signature(
        secret, header.request_timestamp, header.mktows_user_id
    )
    return type(header)(**{**vars(header), "request_signature": signature})


def _response_envelope(payload: etree._Element) -> etree._Element:
    envelope = etree.Element(f"{{{SOAP_ENV}}}Envelope", nsmap={"SOAP-ENV": SOAP_ENV})
    etree.SubElement(envelope, f"{{{SOAP_ENV}}}Body").append(payload)
    return envelope


def _fault_envelope(fault: Any) -> etree._Element:
    """A Fault written back from the typed exception's fields."""
    envelope = etree.Element(f"{{{SOAP_ENV}}}Envelope", nsmap={"SOAP-ENV": SOAP_ENV})
    node = etree.SubElement(
        etree.SubElement(envelope, f"{{{SOAP_ENV}}}Body"), f"{{{SOAP_ENV}}}Fault"
    )
    etree.SubElement(node, "faultcode").text = fault.faultcode
    etree.SubElement(node, "faultstring").text = fault.faultstring
    if fault.detail:
        node.append(etree.fromstring(fault.detail))
    return envelope


def _serialize(node: etree._Element) -> bytes:
    return etree.tostring(node, xml_declaration=True, encoding="UTF-8")


def _elements(parent: etree._Element | None) -> list[etree._Element]:
    return [c for c in parent if isinstance(c.tag, str)] if parent is not None else []


def _first_element(parent: etree._Element | None) -> etree._Element | None:
    found = _elements(parent)
    return found[0] if found else None

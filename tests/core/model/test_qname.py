"""``xs:QName`` values: read as ``{namespace}local``, written with a declared prefix.

A QName's text (``prefix:local``) means nothing without the namespace declarations
in scope, so the generated reader resolves it (``QName("{urn:x}local")``; an
unprefixed one takes the default namespace, or none) and the writer finds or
declares a prefix for its namespace on the element it writes. An element, a list
of them, an attribute, an ``xs:list`` and simple content, through the generated
package; the package passes strict ``mypy``.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType
from typing import Any
from xml.etree.ElementTree import QName

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from generator.errors import GeneratorError
from generator.tools.golden.samples import canonical
from tests.support.packages import generate_and_import, strict_mypy
from tests.support.wsdl_documents import wsdl

T = "urn:types"
SCHEMA = """
<xs:complexType name="Tagged"><xs:simpleContent>
  <xs:extension base="xs:QName"><xs:attribute name="by" type="xs:string"/></xs:extension>
</xs:simpleContent></xs:complexType>
<xs:element name="Ref"><xs:complexType><xs:sequence>
  <xs:element name="kind" type="xs:QName"/>
  <xs:element name="also" type="xs:QName" minOccurs="0" maxOccurs="unbounded"/>
  <xs:element name="names" minOccurs="0">
    <xs:simpleType><xs:list itemType="xs:QName"/></xs:simpleType>
  </xs:element>
  <xs:element name="tagged" type="t:Tagged" minOccurs="0"/>
</xs:sequence><xs:attribute name="factory" type="xs:QName"/></xs:complexType></xs:element>
"""

MESSAGE = b"""<t:Ref xmlns:t="urn:types" xmlns:a="urn:a" factory="a:Factory">
  <t:kind>a:thing</t:kind>
  <t:also xmlns="urn:dflt">plain</t:also>
  <t:also>bare</t:also>
  <t:also>t:self</t:also>
  <t:names xmlns:b="urn:b">a:one b:two three</t:names>
  <t:tagged by="me" xmlns:c="urn:c">c:tag</t:tagged>
</t:Ref>"""


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    root = tmp_path_factory.mktemp("qname")
    return generate_and_import(wsdl(SCHEMA), "qname.wsdl", root)


def _modules(package: ModuleType) -> tuple[Any, Any, Any]:
    name = package.__name__
    models, parsers, serializers = (
        importlib.import_module(f"{name}.{m}")
        for m in ("models", "parsers", "serializers")
    )
    return models, parsers, serializers


def _read(package: ModuleType, xml: bytes, unknown: list[str] | None = None) -> Any:
    _, parsers, _ = _modules(package)
    return parsers.read_ref(etree.fromstring(xml), [] if unknown is None else unknown)


def _write(package: ModuleType, obj: Any, parent: Any = None) -> Any:
    _, _, serializers = _modules(package)
    return serializers.element_ref(obj, parent)


def test_values_are_read_in_the_expanded_form(package: ModuleType) -> None:
    ref = _read(package, MESSAGE)
    assert ref.factory == QName("{urn:a}Factory")
    assert ref.kind == QName("{urn:a}thing")
    assert ref.also == [QName("{urn:dflt}plain"), QName("bare"), QName(f"{{{T}}}self")]
    assert ref.names == [QName("{urn:a}one"), QName("{urn:b}two"), QName("three")]
    assert ref.tagged.value == QName("{urn:c}tag") and ref.tagged.by == "me"
    assert repr(ref.kind) == repr(QName("{urn:a}thing"))


def test_a_message_round_trips_with_its_prefixes(package: ModuleType) -> None:
    ref = _read(package, MESSAGE)
    node = _write(package, ref)
    text = etree.tostring(node)
    assert _read(package, text) == ref
    # the prefixes it was read with are used again
    assert node.get("factory") == "a:Factory"
    assert node.findtext(f"{{{T}}}kind") == "a:thing"
    assert node.findtext(f"{{{T}}}tagged") == "c:tag"
    assert node.findtext(f"{{{T}}}names") == "a:one b:two three"


def test_objects_round_trip_and_their_prefixes_resolve(package: ModuleType) -> None:
    models, _, _ = _modules(package)
    ref = models.Ref(
        kind=QName("{urn:x}k"),
        also=[QName("bare"), QName(f"{{{T}}}self"), QName("{urn:y}y")],
        names=[QName("{urn:x}a"), QName("{urn:z}b"), QName("c")],
        tagged=models.Tagged(value=QName("{urn:w}t"), by="me"),
        factory=QName("{urn:f}F"),
    )
    node = etree.fromstring(etree.tostring(_write(package, ref)))
    assert _read(package, etree.tostring(node)) == ref
    # each written prefix is declared, for the namespace of the value
    kind = node.find(f"{{{T}}}kind")
    prefix, _, local = kind.text.partition(":")
    assert (kind.nsmap[prefix], local) == ("urn:x", "k")
    prefix, _, local = node.get("factory").partition(":")
    assert (node.nsmap[prefix], local) == ("urn:f", "F")
    assert node.findtext(f"{{{T}}}also") == "bare"  # the first


def test_a_value_in_the_default_namespace_is_written_unprefixed(
    package: ModuleType,
) -> None:
    models, _, _ = _modules(package)
    parent = etree.Element("{urn:x}wrapper", nsmap={None: "urn:x"})
    ref = models.Ref(kind=QName("{urn:x}k"))
    node = _write(package, ref, parent)
    assert node.findtext(f"{{{T}}}kind") == "k"
    assert _read(package, etree.tostring(node)) == ref


def test_a_value_without_namespace_under_a_default_one_is_refused(
    package: ModuleType,
) -> None:
    models, _, _ = _modules(package)
    parent = etree.Element("{urn:x}wrapper", nsmap={None: "urn:x"})
    with pytest.raises(ValueError, match=r"kind: 'bare' has no namespace"):
        _write(package, models.Ref(kind=QName("bare")), parent)


@pytest.mark.parametrize("value", ["p:local", "{urn:x", "{urn:x}", "two words"])
def test_a_value_that_is_no_qname_is_refused(package: ModuleType, value: str) -> None:
    models, _, _ = _modules(package)
    with pytest.raises(ValueError, match=r"kind: .* is no QName"):
        _write(package, models.Ref(kind=QName(value)))


def test_an_undeclared_prefix_keeps_the_element_as_it_was(package: ModuleType) -> None:
    xml = b'<t:Ref xmlns:t="urn:types"><t:kind>nope:thing</t:kind></t:Ref>'
    unknown: list[str] = []
    ref = _read(package, xml, unknown)
    assert ref.kind is None and unknown == [f"{{{T}}}kind"]
    assert canonical(etree.tostring(_write(package, ref))) == canonical(xml)


def test_a_union_with_qname_is_refused_in_one_line(tmp_path: Path) -> None:
    union = """<xs:element name="Pick"><xs:complexType><xs:sequence>
      <xs:element name="either"><xs:simpleType>
        <xs:union memberTypes="xs:QName xs:int"/>
      </xs:simpleType></xs:element>
    </xs:sequence></xs:complexType></xs:element>"""
    with pytest.raises(GeneratorError) as raised:
        generate_and_import(wsdl(union), "union.wsdl", tmp_path)
    message = str(raised.value)
    assert "element either: a union with xs:QName is not supported" in message
    assert "\n" not in message


NAMESPACES = st.sampled_from(["", "urn:a", "urn:b", T, "http://example.com/x?y=1#z"])
LOCALS = st.from_regex(r"[A-Za-z_][A-Za-z0-9_.\-]{0,6}", fullmatch=True)
QNAMES = st.builds(
    lambda ns, local: QName(f"{{{ns}}}{local}" if ns else local), NAMESPACES, LOCALS
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(kind=QNAMES, also=st.lists(QNAMES, max_size=4), names=st.lists(QNAMES))
def test_any_qnames_round_trip(
    package: ModuleType, kind: QName, also: list[QName], names: list[QName]
) -> None:
    models, _, _ = _modules(package)
    ref = models.Ref(kind=kind, also=also, names=names or None, factory=kind)
    first = etree.tostring(_write(package, ref))
    back = _read(package, first)
    assert back == ref
    # written again, the values read keep the prefixes: the same bytes
    assert etree.tostring(_write(package, back)) == first


def test_the_package_passes_strict_mypy(package: ModuleType) -> None:
    checked = strict_mypy(Path(package.__file__ or "").parent)
    assert checked.returncode == 0, checked.stdout

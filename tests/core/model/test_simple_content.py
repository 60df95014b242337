"""A top-level element whose type is its own anonymous ``xs:simpleType``.

``<xs:element name="code"><xs:simpleType><xs:restriction base="xs:string">...``
(node-soap's ``extensionBase``) is a class of its own, as xsdata makes it, whose
``value`` is the element's text: a restriction of a string or an int, an
``xs:list``, an ``xs:union`` and an enumeration, each referred to with
``<xs:element ref=.../>``. Objects written and read back are equal, the empty
string included; the package passes strict ``mypy``.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from generator.tools.golden.samples import canonical
from tests.support.packages import generate_and_import, strict_mypy
from tests.support.wsdl_documents import wsdl

SCHEMA = """
<xs:element name="code">
  <xs:simpleType><xs:restriction base="xs:string">
    <xs:maxLength value="50"/>
  </xs:restriction></xs:simpleType>
</xs:element>
<xs:element name="count">
  <xs:simpleType><xs:restriction base="xs:int">
    <xs:minInclusive value="0"/>
  </xs:restriction></xs:simpleType>
</xs:element>
<xs:element name="tags">
  <xs:simpleType><xs:list itemType="xs:int"/></xs:simpleType>
</xs:element>
<xs:element name="either">
  <xs:simpleType><xs:union memberTypes="xs:int xs:string"/></xs:simpleType>
</xs:element>
<xs:element name="size">
  <xs:simpleType><xs:restriction base="xs:string">
    <xs:enumeration value="S"/><xs:enumeration value="L"/>
  </xs:restriction></xs:simpleType>
</xs:element>
<xs:element name="Box"><xs:complexType><xs:sequence>
  <xs:element ref="t:code"/>
  <xs:element ref="t:count" minOccurs="0"/>
  <xs:element ref="t:tags" minOccurs="0"/>
  <xs:element ref="t:either" minOccurs="0" maxOccurs="unbounded"/>
  <xs:element ref="t:size" minOccurs="0"/>
</xs:sequence></xs:complexType></xs:element>
"""

MESSAGE = b"""<t:Box xmlns:t="urn:types">
  <t:code>AB-1</t:code><t:count>3</t:count><t:tags>1 2 3</t:tags>
  <t:either>007</t:either><t:either>7</t:either><t:size>L</t:size>
</t:Box>"""


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    root = tmp_path_factory.mktemp("simple_content")
    return generate_and_import(wsdl(SCHEMA), "simple_content.wsdl", root)


def _modules(package: ModuleType) -> tuple[Any, Any, Any]:
    name = package.__name__
    models, parsers, serializers = (
        importlib.import_module(f"{name}.{m}")
        for m in ("models", "parsers", "serializers")
    )
    return models, parsers, serializers


def _round_trip(package: ModuleType, box: Any) -> tuple[Any, bytes]:
    _, parsers, serializers = _modules(package)
    written = etree.tostring(serializers.element_box(box))
    unknown: list[str] = []
    back = parsers.read_box(etree.fromstring(written), unknown)
    assert unknown == []
    return back, written


def test_a_message_reads_typed_and_writes_back_as_it_was(package: ModuleType) -> None:
    _, parsers, serializers = _modules(package)
    unknown: list[str] = []
    box = parsers.read_box(etree.fromstring(MESSAGE), unknown)
    assert unknown == []
    assert box.code.value == "AB-1"
    assert box.count.value == 3
    assert box.tags.value == [1, 2, 3]
    assert [e.value for e in box.either] == ["007", 7]
    assert box.size.value.value == "L"
    written = etree.tostring(serializers.element_box(box))
    assert canonical(written) == canonical(MESSAGE)


def test_objects_round_trip(package: ModuleType) -> None:
    models, _, _ = _modules(package)
    box = models.Box(
        code=models.code(value="x"),
        count=models.count(value=0),
        tags=models.tags(value=[4, 5]),
        either=[models.either(value="seven"), models.either(value=-1)],
    )
    back, written = _round_trip(package, box)
    assert back == box, written


def test_empty_text_stays_an_empty_string_or_list(package: ModuleType) -> None:
    models, _, _ = _modules(package)
    box = models.Box(
        code=models.code(value=""),
        tags=models.tags(value=[]),
        either=[models.either(value="")],
    )
    back, written = _round_trip(package, box)
    assert back.code.value == "", written
    assert back == box


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    code=st.text(
        st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), max_size=20
    ),
    count=st.none() | st.integers(0, 2**31 - 1),
    tags=st.none() | st.lists(st.integers(-(2**31), 2**31 - 1), max_size=5),
)
def test_any_values_round_trip(
    package: ModuleType, code: str, count: int | None, tags: list[int] | None
) -> None:
    models, _, _ = _modules(package)
    box = models.Box(
        code=models.code(value=code),
        count=None if count is None else models.count(value=count),
        tags=None if tags is None else models.tags(value=tags),
    )
    back, written = _round_trip(package, box)
    assert back == box, written


def test_the_package_passes_strict_mypy(package: ModuleType) -> None:
    checked = strict_mypy(Path(package.__file__ or "").parent)
    assert checked.returncode == 0, checked.stdout

"""A top-level nillable element of a simple type (``<xs:element name="count"
type="xs:int" nillable="true"/>``) is a class with a ``value``: ``xsi:nil`` reads
as ``NIL`` and ``NIL`` is written as ``xsi:nil`` (issue 14; the writer once passed
``NIL`` to the int writer, which strict mypy caught on the corpus)."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest
from lxml import etree

from generator.tools.golden.samples import canonical
from tests.support.packages import generate_and_import, strict_mypy

XSI = "http://www.w3.org/2001/XMLSchema-instance"
WSDL = """<?xml version="1.0"?>
<definitions xmlns="http://schemas.xmlsoap.org/wsdl/"
  xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/"
  xmlns:tns="urn:n" xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:n">
  <types>
    <xs:schema targetNamespace="urn:n" elementFormDefault="qualified">
      <xs:element name="count" type="xs:int" nillable="true"/>
      <xs:element name="label" type="xs:string" nillable="true"/>
    </xs:schema>
  </types>
  <message name="in"><part name="p" element="tns:count"/></message>
  <message name="out"><part name="p" element="tns:label"/></message>
  <portType name="P"><operation name="op">
    <input message="tns:in"/><output message="tns:out"/></operation></portType>
  <binding name="B" type="tns:P">
    <soap:binding transport="http://schemas.xmlsoap.org/soap/http"/>
    <operation name="op"><soap:operation soapAction="op"/>
      <input><soap:body use="literal"/></input>
      <output><soap:body use="literal"/></output></operation></binding>
  <service name="S"><port name="Port" binding="tns:B">
    <soap:address location="http://localhost/"/></port></service>
</definitions>
"""


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, ModuleType]:
    root = tmp_path_factory.mktemp("nillable")
    return root, generate_and_import(WSDL, "nillable.wsdl", root)


def _module(package: ModuleType, name: str) -> ModuleType:
    return __import__(f"{package.__name__}.{name}", fromlist=["_"])


@pytest.mark.parametrize(
    ("xml", "expected"),
    [
        (f'<n:count xmlns:n="urn:n" xmlns:xsi="{XSI}" xsi:nil="true"/>', "NIL"),
        ('<n:count xmlns:n="urn:n">42</n:count>', 42),
        ('<n:label xmlns:n="urn:n"></n:label>', ""),
        (f'<n:label xmlns:n="urn:n" xmlns:xsi="{XSI}" xsi:nil="1"/>', "NIL"),
    ],
)
def test_nil_reads_as_nil_and_is_written_back(
    package: tuple[Path, ModuleType], xml: str, expected: object
) -> None:
    made = package[1]
    parsers, serializers = _module(made, "parsers"), _module(made, "serializers")
    nil = _module(made, "values").NIL
    node = etree.fromstring(xml)
    read = parsers.ELEMENTS[node.tag](node, [])
    assert read.value is nil if expected == "NIL" else read.value == expected
    assert getattr(read, "unknown_attributes", {}) == {}
    written = serializers.ELEMENTS[type(read)](read)
    if expected == "NIL":
        assert written.get(f"{{{XSI}}}nil") == "true" and written.text is None
    else:
        assert canonical(etree.tostring(written)) == canonical(xml.encode())


def test_the_package_passes_mypy(package: tuple[Path, ModuleType]) -> None:
    root, made = package
    done = strict_mypy(root / made.__name__)
    assert done.returncode == 0, done.stdout[-3000:]

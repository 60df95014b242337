"""The readers and writers of a package never shadow one another (issue 14).

Types are named freely: a type ``Date`` gets ``read_date``, which must not be the
helper that reads an ``xs:date``; a type ``AnyFoo`` gets ``read_any_foo``, which must
not be the reader that dispatches on ``xsi:type`` for a type ``Foo`` with
subtypes. A type's functions are ``read_<type>``/``write_<type>``; for a type with
subtypes, those dispatch on ``xsi:type`` and ``_read_<type>``/``_write_<type>``
handle its own fields; the runtime's helpers have names of neither shape.
"""

from __future__ import annotations

import sys
from pathlib import Path
from types import ModuleType

import pytest
from lxml import etree
from xsdata.models.datatype import XmlDate

from generator.tools.golden.samples import canonical
from tests.support.packages import generate_and_import, strict_mypy

XSI = "http://www.w3.org/2001/XMLSchema-instance"
WSDL = """<?xml version="1.0"?>
<definitions xmlns="http://schemas.xmlsoap.org/wsdl/"
  xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/"
  xmlns:tns="urn:t" xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:t">
  <types>
    <xs:schema targetNamespace="urn:t" elementFormDefault="qualified">
      <xs:complexType name="Date"><xs:sequence>
        <xs:element name="when" type="xs:date"/></xs:sequence></xs:complexType>
      <xs:complexType name="Foo"><xs:sequence>
        <xs:element name="a" type="xs:string"/></xs:sequence></xs:complexType>
      <xs:complexType name="Bar"><xs:complexContent><xs:extension base="tns:Foo">
        <xs:sequence><xs:element name="b" type="xs:string"/></xs:sequence>
      </xs:extension></xs:complexContent></xs:complexType>
      <xs:complexType name="Baz"><xs:complexContent><xs:extension base="tns:Bar">
        <xs:sequence><xs:element name="z" type="xs:string"/></xs:sequence>
      </xs:extension></xs:complexContent></xs:complexType>
      <xs:complexType name="AnyFoo"><xs:sequence>
        <xs:element name="c" type="xs:string"/></xs:sequence></xs:complexType>
      <xs:element name="req"><xs:complexType><xs:sequence>
        <xs:element name="d" type="tns:Date"/>
        <xs:element name="f" type="tns:Foo" maxOccurs="unbounded"/>
        <xs:element name="g" type="tns:AnyFoo"/>
      </xs:sequence></xs:complexType></xs:element>
      <xs:element name="resp"><xs:complexType><xs:sequence>
        <xs:element name="r" type="tns:Date"/></xs:sequence></xs:complexType></xs:element>
    </xs:schema>
  </types>
  <message name="in"><part name="p" element="tns:req"/></message>
  <message name="out"><part name="p" element="tns:resp"/></message>
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
REQUEST = f"""<t:req xmlns:t="urn:t" xmlns:xsi="{XSI}">
<t:d><t:when>2026-11-30</t:when></t:d>
<t:f><t:a>plain</t:a></t:f>
<t:f xsi:type="t:Bar"><t:a>1</t:a><t:b>2</t:b></t:f>
<t:f xsi:type="t:Baz"><t:a>1</t:a><t:b>2</t:b><t:z>3</t:z></t:f>
<t:g><t:c>any</t:c></t:g>
</t:req>""".encode()


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, ModuleType]:
    root = tmp_path_factory.mktemp("names")
    return root, generate_and_import(WSDL, "names.wsdl", root)


def _modules(package: ModuleType) -> tuple[ModuleType, ModuleType, ModuleType]:
    name = package.__name__
    return tuple(  # type: ignore[return-value]
        sys.modules.get(f"{name}.{m}") or __import__(f"{name}.{m}", fromlist=["_"])
        for m in ("models", "parsers", "serializers")
    )


def test_types_named_like_helpers_or_dispatchers_read_and_write_back(
    package: tuple[Path, ModuleType],
) -> None:
    models, parsers, serializers = _modules(package[1])
    parsed = parsers.read_req(etree.fromstring(REQUEST), [])
    assert parsed.d.when == XmlDate(2026, 11, 30)
    assert [type(f).__name__ for f in parsed.f] == ["Foo", "Bar", "Baz"]
    assert parsed.f[2].z == "3" and isinstance(parsed.g, models.AnyFoo)
    written = serializers.element_req(parsed)
    assert canonical(etree.tostring(written)) == canonical(REQUEST)
    assert parsers.read_req(written, []) == parsed


def test_every_function_is_defined_once(package: tuple[Path, ModuleType]) -> None:
    root, made = package
    for module in ("parsers", "serializers"):
        source = (root / made.__name__ / f"{module}.py").read_text()
        names = [
            line.split("(")[0].removeprefix("def ")
            for line in source.splitlines()
            if line.startswith("def ")
        ]
        assert len(names) == len(set(names)), module


def test_the_package_passes_mypy(package: tuple[Path, ModuleType]) -> None:
    root, made = package
    done = strict_mypy(root / made.__name__)
    assert done.returncode == 0, done.stdout[-3000:]

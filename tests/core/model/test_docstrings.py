"""An undocumented class says which XML name it stands for; documentation wins, and
no name or namespace from the WSDL can end the docstring (issue 16: dataclasses
otherwise builds each docstring from the signature at import)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from xsdata.codegen.models import Class
from xsdata.models.enums import Tag

from generator.model.docstrings import describe_undocumented
from tests.support.packages import generate_and_import

WSDL = """<?xml version="1.0"?>
<definitions xmlns="http://schemas.xmlsoap.org/wsdl/"
  xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/"
  xmlns:tns="NAMESPACE" xmlns:xs="http://www.w3.org/2001/XMLSchema"
  targetNamespace="NAMESPACE">
  <types>
    <xs:schema targetNamespace="NAMESPACE" elementFormDefault="qualified">
      <xs:complexType name="Plain"><xs:sequence>
        <xs:element name="a" type="xs:string"/></xs:sequence></xs:complexType>
      <xs:complexType name="Told">
        <xs:annotation><xs:documentation>What the schema says.</xs:documentation>
        </xs:annotation>
        <xs:sequence><xs:element name="b" type="xs:string"/></xs:sequence>
      </xs:complexType>
      <xs:element name="req"><xs:complexType><xs:sequence>
        <xs:element name="p" type="tns:Plain"/><xs:element name="t" type="tns:Told"/>
      </xs:sequence></xs:complexType></xs:element>
    </xs:schema>
  </types>
  <message name="in"><part name="p" element="tns:req"/></message>
  <portType name="P"><operation name="op"><input message="tns:in"/></operation>
  </portType>
  <binding name="B" type="tns:P">
    <soap:binding transport="http://schemas.xmlsoap.org/soap/http"/>
    <operation name="op"><soap:operation soapAction="op"/>
      <input><soap:body use="literal"/></input></operation></binding>
  <service name="S"><port name="Port" binding="tns:B">
    <soap:address location="http://localhost/"/></port></service>
</definitions>
"""


@pytest.mark.parametrize(
    ("namespace", "plain"),
    [
        ("urn:shop", "The ``Plain`` type of ``urn:shop``."),
        (
            "http://example.com/shop?v=2#x",
            "The ``Plain`` type of ``http://example.com/shop?v=2#x``.",
        ),
    ],
)
def test_undocumented_classes_name_their_xml_and_documentation_wins(
    tmp_path: Path, namespace: str, plain: str
) -> None:
    package = generate_and_import(
        WSDL.replace("NAMESPACE", namespace), "d.wsdl", tmp_path
    )
    models = __import__(f"{package.__name__}.models", fromlist=["_"])
    assert models.Plain.__doc__.strip() == plain
    assert models.Told.__doc__.strip() == "What the schema says."
    assert models.req.__doc__.strip().startswith("The ``req`` element")


@settings(max_examples=200, deadline=None)
@given(name=st.text(min_size=1, max_size=12), namespace=st.text(max_size=30))
def test_a_description_is_safe_in_a_docstring(name: str, namespace: str) -> None:
    cls = Class(
        qname=f"{{{namespace}}}{name}" if namespace else name,
        tag=Tag.COMPLEX_TYPE,
        location="t.xsd",
    )
    describe_undocumented([cls])
    if cls.help is None:
        return
    source = f'"""{cls.help}"""'
    assert compile(source, "<doc>", "eval") is not None
    assert eval(source) == cls.help
    assert "\n" not in cls.help and "\\" not in cls.help and '"' not in cls.help

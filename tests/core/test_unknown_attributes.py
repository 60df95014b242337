"""Attributes a type does not declare survive a read and a write (issue 14).

A server may send ``xsi:nil="false"`` (or ``"true"``) on an element that is not
nillable, or an attribute a newer schema added. Every complex class without an
``xs:anyAttribute`` has an ``unknown_attributes`` mapping where the reader keeps
them and from which the writer puts them back. ``xsi:type`` is not kept there:
the writer decides it from the object's class.
"""

from __future__ import annotations

import importlib
import string
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from mktows import models, parsers, serializers
from mktows.namespaces import XSI_NIL, XSI_TYPE
from mktows.values import NIL

from generator.tools.golden.samples import canonical
from tests.support.packages import generate_and_import

XSI = "http://www.w3.org/2001/XMLSchema-instance"


def read_attribute(xml: bytes) -> models.Attribute:
    unknown: list[str] = []
    found = parsers.read_attribute(etree.fromstring(xml), unknown)
    assert unknown == []  # an unknown attribute is kept silently, as xs:anyAttribute
    return found


def write_attribute(obj: models.Attribute) -> bytes:
    node = etree.Element("attribute")
    serializers.write_attribute(obj, node)
    return etree.tostring(node)


def test_xsi_nil_and_foreign_attributes_are_kept_and_written_back() -> None:
    xml = (
        f'<attribute xmlns:xsi="{XSI}" xmlns:x="urn:x" xsi:nil="false" note="1" '
        'x:extra="a &amp; b"><attrName>a</attrName><attrValue>v</attrValue>'
        "</attribute>"
    ).encode()
    found = read_attribute(xml)
    assert found.attr_name == "a" and found.attr_value == "v"
    assert found.unknown_attributes == {
        XSI_NIL: "false",
        "note": "1",
        "{urn:x}extra": "a & b",
    }
    assert canonical(write_attribute(found)) == canonical(xml)


def test_an_element_without_attributes_gets_an_empty_mapping_of_its_own() -> None:
    first = read_attribute(b"<attribute><attrName>a</attrName></attribute>")
    second = read_attribute(b"<attribute><attrName>b</attrName></attribute>")
    assert first.unknown_attributes == {} and second.unknown_attributes == {}
    first.unknown_attributes["k"] = "v"
    assert second.unknown_attributes == {}  # never one shared dict
    assert models.Attribute(attr_name="x", attr_value="y").unknown_attributes == {}


def test_xsi_type_is_the_writers_not_an_unknown_attribute() -> None:
    xml = (
        f'<leadSelector xmlns:xsi="{XSI}" xmlns:ns1="http://www.marketo.com/mktows/" '
        'xsi:type="ns1:LeadKeySelector" mark="m"><keyType>IDNUM</keyType>'
        "<keyValues><stringItem>1</stringItem></keyValues></leadSelector>"
    ).encode()
    found = parsers.read_lead_selector(etree.fromstring(xml), [])
    assert isinstance(found, models.LeadKeySelector)
    assert found.unknown_attributes == {"mark": "m"}
    node = etree.Element(
        "leadSelector", nsmap={"ns1": "http://www.marketo.com/mktows/"}
    )
    serializers.write_lead_selector(found, node)
    assert node.get(XSI_TYPE, "").endswith(":LeadKeySelector")
    assert canonical(etree.tostring(node)) == canonical(xml)


def test_a_nil_on_a_nillable_field_is_still_nil_not_an_attribute() -> None:
    xml = (
        f'<leadRecord xmlns:xsi="{XSI}"><Id>7</Id>'
        '<ForeignSysPersonId xsi:nil="true"/></leadRecord>'
    ).encode()
    found = parsers.read_lead_record(etree.fromstring(xml), [])
    assert found.foreign_sys_person_id is NIL
    assert found.unknown_attributes == {}


NAMES = st.text(string.ascii_letters, min_size=1, max_size=8).filter(
    lambda name: name not in ("xmlns",) and not name.lower().startswith("xml")
)
XML_TEXT = st.text(
    st.characters(
        blacklist_categories=("Cs",),
        blacklist_characters="\x00\ufffe\uffff",
        max_codepoint=0xFFFF,
    ).filter(lambda c: c in "\t\n\r" or ord(c) >= 0x20),
    max_size=20,
)


@settings(max_examples=60, deadline=None)
@given(
    attributes=st.dictionaries(
        st.tuples(st.sampled_from(["", "urn:a", "urn:b", XSI]), NAMES), XML_TEXT
    )
)
def test_any_undeclared_attributes_round_trip(
    attributes: dict[tuple[str, str], str],
) -> None:
    node = etree.Element("attribute")
    for (namespace, name), text in attributes.items():
        if (namespace, name) != (XSI, "type"):
            node.set(f"{{{namespace}}}{name}" if namespace else name, text)
    etree.SubElement(node, "attrName").text = "n"
    xml = etree.tostring(node)
    found = read_attribute(xml)
    assert found.unknown_attributes == dict(node.attrib)
    again = write_attribute(found)
    assert canonical(again) == canonical(xml)
    assert read_attribute(again) == found


def test_an_xsi_type_naming_no_known_type_is_kept_and_written_with_a_prefix() -> None:
    xml = (
        f'<leadSelector xmlns:xsi="{XSI}" xmlns:v2="urn:v2" '
        'xsi:type="v2:LeadKeySelectorV2"><keyType>IDNUM</keyType></leadSelector>'
    ).encode()
    found = parsers.read_attribute(etree.fromstring(xml), [])
    assert found.unknown_attributes == {XSI_TYPE: "{urn:v2}LeadKeySelectorV2"}
    written = write_attribute(found)
    again = etree.fromstring(written)
    prefix, _, local = again.get(XSI_TYPE, "").partition(":")
    assert (again.nsmap[prefix], local) == ("urn:v2", "LeadKeySelectorV2")


def test_an_unknown_element_keeps_the_declarations_its_values_use() -> None:
    xml = (
        f'<attribute xmlns:xsi="{XSI}" xmlns:p="urn:p" xmlns:q="urn:q" '
        'xmlns:unused="urn:unused"><attrName>a</attrName>'
        '<extra xsi:type="p:T"><v>q:value</v></extra></attribute>'
    ).encode()
    unknown: list[str] = []
    found = parsers.read_attribute(etree.fromstring(xml), unknown)
    assert unknown == ["extra"]
    (kept,) = found.unknown_elements
    scope = etree.fromstring(kept.xml).nsmap
    assert (scope["p"], scope["q"], scope["xsi"]) == ("urn:p", "urn:q", XSI)
    assert "unused" not in scope
    assert canonical(write_attribute(found)) == canonical(xml)


DECLARED = """<?xml version="1.0"?>
<definitions xmlns="http://schemas.xmlsoap.org/wsdl/"
  xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/"
  xmlns:tns="urn:l" xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:l">
  <types>
    <xs:schema targetNamespace="urn:l" elementFormDefault="qualified">
      <xs:element name="label"><xs:complexType><xs:simpleContent>
        <xs:extension base="xs:string">
          <xs:attribute name="lang" type="xs:string"/>
          <xs:attribute name="size" type="xs:int"/>
        </xs:extension></xs:simpleContent></xs:complexType></xs:element>
    </xs:schema>
  </types>
  <message name="in"><part name="p" element="tns:label"/></message>
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
    ("attributes", "undeclared"),
    [
        ('lang="en" size="2"', {}),
        ('size="2" lang="en" extra="x"', {"extra": "x"}),
        ('extra="x"', {"extra": "x"}),
        ("", {}),
    ],
)
def test_declared_attributes_are_read_and_only_the_others_kept(
    tmp_path: Path, attributes: str, undeclared: dict[str, str]
) -> None:
    package = generate_and_import(DECLARED, "label.wsdl", tmp_path)
    parsers_ = importlib.import_module(f"{package.__name__}.parsers")
    serializers_ = importlib.import_module(f"{package.__name__}.serializers")
    xml = f'<l:label xmlns:l="urn:l" {attributes}>hi</l:label>'.encode()
    label = parsers_.read_label(etree.fromstring(xml), [])
    assert label.unknown_attributes == undeclared
    assert label.value == "hi"
    assert canonical(etree.tostring(serializers_.element_label(label))) == canonical(
        xml
    )

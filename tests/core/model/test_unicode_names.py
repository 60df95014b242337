"""XML names with letters beyond ASCII keep them in Python (xsdata's cases keep
ASCII letters only: ``Ünïcode`` became ``nïcode``, ``grüße`` ``gr_e``)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from lxml import etree

from generator.tools.golden.samples import canonical
from tests.support.packages import generate_and_import, strict_mypy

WSDL = """<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://schemas.xmlsoap.org/wsdl/"
  xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/"
  xmlns:tns="urn:u" xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:u">
  <types>
    <xs:schema targetNamespace="urn:u" elementFormDefault="qualified">
      <xs:simpleType name="Obst"><xs:restriction base="xs:string">
        <xs:enumeration value="Äpfel"/><xs:enumeration value="Birnen"/>
      </xs:restriction></xs:simpleType>
      <xs:complexType name="Ünïcode"><xs:sequence>
        <xs:element name="grüße" type="xs:string"/>
        <xs:element name="naïveTime" type="xs:int"/>
        <xs:element name="obst" type="tns:Obst"/>
      </xs:sequence></xs:complexType>
      <xs:element name="sende"><xs:complexType><xs:sequence>
        <xs:element name="wert" type="tns:Ünïcode"/>
      </xs:sequence></xs:complexType></xs:element>
    </xs:schema>
  </types>
  <message name="in"><part name="p" element="tns:sende"/></message>
  <portType name="P"><operation name="sende"><input message="tns:in"/></operation>
  </portType>
  <binding name="B" type="tns:P">
    <soap:binding transport="http://schemas.xmlsoap.org/soap/http"/>
    <operation name="sende"><soap:operation soapAction="sende"/>
      <input><soap:body use="literal"/></input></operation></binding>
  <service name="S"><port name="Port" binding="tns:B">
    <soap:address location="http://localhost/"/></port></service>
</definitions>
"""
MESSAGE = (
    '<u:sende xmlns:u="urn:u"><u:wert><u:grüße>hallo</u:grüße>'
    "<u:naïveTime>3</u:naïveTime><u:obst>Äpfel</u:obst></u:wert></u:sende>"
).encode()


def test_non_ascii_letters_survive_in_class_field_and_member_names(
    tmp_path: Path,
) -> None:
    package = generate_and_import(WSDL, "unicode.wsdl", tmp_path)
    models = __import__(f"{package.__name__}.models", fromlist=["_"])
    parsers = __import__(f"{package.__name__}.parsers", fromlist=["_"])
    serializers = __import__(f"{package.__name__}.serializers", fromlist=["_"])
    fields = [f.name for f in dataclasses.fields(models.Ünïcode)]
    assert fields[:3] == ["grüße", "naïve_time", "obst"]
    assert models.Obst.ÄPFEL.value == "Äpfel"
    read = parsers.read_sende(etree.fromstring(MESSAGE), [])
    assert read.wert.obst is models.Obst.ÄPFEL and read.wert.naïve_time == 3
    written = etree.tostring(serializers.element_sende(read), encoding="utf-8")
    assert canonical(written) == canonical(MESSAGE)
    done = strict_mypy(tmp_path / package.__name__)
    assert done.returncode == 0, done.stdout[-3000:]


def test_an_unknown_element_with_a_non_ascii_name_is_kept_and_written_back(
    tmp_path: Path,
) -> None:
    package = generate_and_import(WSDL, "unicode.wsdl", tmp_path)
    parsers = __import__(f"{package.__name__}.parsers", fromlist=["_"])
    serializers = __import__(f"{package.__name__}.serializers", fromlist=["_"])
    message = MESSAGE.replace(
        b"</u:obst>", "</u:obst><u:überzählig a='ä'>x</u:überzählig>".encode()
    )
    unknown: list[str] = []
    read = parsers.read_sende(etree.fromstring(message), unknown)
    assert unknown == ["{urn:u}überzählig"]
    written = etree.tostring(serializers.element_sende(read), encoding="utf-8")
    assert canonical(written) == canonical(message)

"""Multi-document WSDLs for the loader tests: the committed shop fixture and builders."""

from __future__ import annotations

import hashlib
from pathlib import Path

from generator.load.sources import resolve
from generator.load.wsdl import LoadedWsdl, load

FIXTURE = Path(__file__).parent / "wsdl" / "multi"
SHOP_FILES = [
    "shop.wsdl",
    "shop-interface.wsdl",
    "xsd/common.xsd",
    "xsd/parts/currency.xsd",
    "xsd/chameleon.xsd",
]


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def load_file(path: Path) -> LoadedWsdl:
    return load(resolve(str(path)))


def wsdl(schema: str = "", imports: str = "", tns: str = "urn:a") -> str:
    """A one-operation document/literal WSDL whose types are ``schema``."""
    return f"""<?xml version="1.0"?>
<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/"
    xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/"
    xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:tns="{tns}"
    xmlns:t="urn:types" targetNamespace="{tns}">
  {imports}
  <wsdl:types>
    <xs:schema targetNamespace="urn:types" elementFormDefault="qualified">
      {schema}
      <xs:element name="ping"><xs:complexType><xs:sequence>
        <xs:element name="value" type="xs:string"/>
      </xs:sequence></xs:complexType></xs:element>
    </xs:schema>
  </wsdl:types>
  <wsdl:message name="pingMessage"><wsdl:part name="p" element="t:ping"/></wsdl:message>
  <wsdl:portType name="Port"><wsdl:operation name="ping">
    <wsdl:input message="tns:pingMessage"/><wsdl:output message="tns:pingMessage"/>
  </wsdl:operation></wsdl:portType>
  <wsdl:binding name="Binding" type="tns:Port">
    <soap:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>
    <wsdl:operation name="ping"><soap:operation soapAction="ping"/>
      <wsdl:input><soap:body use="literal"/></wsdl:input>
      <wsdl:output><soap:body use="literal"/></wsdl:output>
    </wsdl:operation>
  </wsdl:binding>
  <wsdl:service name="Service"><wsdl:port name="Port" binding="tns:Binding">
    <soap:address location="http://127.0.0.1/x"/>
  </wsdl:port></wsdl:service>
</wsdl:definitions>
"""


def xsd(body: str, tns: str | None = "urn:other") -> str:
    target = f' targetNamespace="{tns}"' if tns is not None else ""
    return (
        '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" '
        f'xmlns:o="urn:other"{target}>{body}</xs:schema>'
    )


IMPORT_O = '<xs:import namespace="urn:other" schemaLocation="{}"/>'
MONEY = '<xs:complexType name="Money"><xs:sequence><xs:element name="amount" type="xs:decimal"/></xs:sequence></xs:complexType>'

"""A small WSDL whose classes share the XML name ``Item`` across namespaces.

``doIt`` sends and receives one field per namespace, so every ``Item`` is used;
the order of ``items`` is the order of the schemas in the WSDL.
"""

from __future__ import annotations


def wsdl(items: list[tuple[str, str]], home_item: bool = False) -> str:
    """A WSDL whose ``doIt`` sends and receives field ``f<i>`` of type ``Item`` in
    the ``i``-th namespace of ``items``; that ``Item`` has one string element, named
    by the pair. ``home_item`` adds an ``Item`` of the targetNamespace (field ``h``)."""
    schemas = "".join(
        f'<xs:schema targetNamespace="{ns}"><xs:complexType name="Item"><xs:sequence>'
        f'<xs:element name="{name}" type="xs:string"/></xs:sequence></xs:complexType>'
        "</xs:schema>"
        for ns, name in items
    )
    prefixes = " ".join(f'xmlns:n{i}="{ns}"' for i, (ns, _) in enumerate(items))
    imports = "".join(f'<xs:import namespace="{ns}"/>' for ns, _ in items)
    fields = "".join(
        f'<xs:element name="f{i}" type="n{i}:Item"/>' for i in range(len(items))
    )
    home = (
        '<xs:complexType name="Item"><xs:sequence><xs:element name="h" '
        'type="xs:string"/></xs:sequence></xs:complexType>'
        if home_item
        else ""
    )
    request = '<xs:element name="home" type="tns:Item"/>' if home_item else ""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/"
    xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/"
    xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:tns="urn:home" {prefixes}
    targetNamespace="urn:home">
  <wsdl:types>{schemas}
    <xs:schema targetNamespace="urn:home">{imports}{home}
      <xs:element name="doIt"><xs:complexType><xs:sequence>{request}{fields}
      </xs:sequence></xs:complexType></xs:element>
      <xs:element name="doItResponse"><xs:complexType><xs:sequence>{fields}
      </xs:sequence></xs:complexType></xs:element>
    </xs:schema>
  </wsdl:types>
  <wsdl:message name="In"><wsdl:part name="parameters" element="tns:doIt"/></wsdl:message>
  <wsdl:message name="Out"><wsdl:part name="parameters" element="tns:doItResponse"/>
  </wsdl:message>
  <wsdl:portType name="P"><wsdl:operation name="doIt"><wsdl:input message="tns:In"/>
    <wsdl:output message="tns:Out"/></wsdl:operation></wsdl:portType>
  <wsdl:binding name="B" type="tns:P">
    <soap:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>
    <wsdl:operation name="doIt"><soap:operation soapAction="urn:home#doIt"/>
      <wsdl:input><soap:body use="literal"/></wsdl:input>
      <wsdl:output><soap:body use="literal"/></wsdl:output></wsdl:operation>
  </wsdl:binding>
  <wsdl:service name="S"><wsdl:port name="P" binding="tns:B">
    <soap:address location="http://localhost:1/soap"/></wsdl:port></wsdl:service>
</wsdl:definitions>
"""

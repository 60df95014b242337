"""Small WSDLs written for the tests: one operation, variations on demand."""

from __future__ import annotations

TEMPLATE = """<?xml version="1.0" encoding="UTF-8"?>
<wsdl:definitions xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/"
    xmlns:tns="urn:example" xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/"
    xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:example">
  <wsdl:types>
    <xs:schema targetNamespace="urn:example">
      <xs:simpleType name="Color">
        <xs:restriction base="xs:string">
          <xs:enumeration value="RED"/>
          <xs:enumeration value="GREEN"/>
        </xs:restriction>
      </xs:simpleType>
      <xs:complexType name="AuthHeaderInfo">
        <xs:sequence>
          <xs:element name="mktowsUserId" type="xs:string"/>
          <xs:element name="requestSignature" type="xs:string"/>
          <xs:element name="requestTimestamp" type="xs:string"/>
        </xs:sequence>
      </xs:complexType>
      <xs:complexType name="ParamsPaint">
        <xs:sequence>
          <xs:element name="color" type="{color_type}"/>
          <xs:element name="note" type="xs:string" minOccurs="0" nillable="true"/>
        </xs:sequence>
      </xs:complexType>
      <xs:complexType name="SuccessPaint">
        <xs:sequence>
          <xs:element name="result" type="xs:boolean"/>
        </xs:sequence>
      </xs:complexType>
      <xs:element name="AuthHeader" type="tns:AuthHeaderInfo"/>
      <xs:element name="paramsPaint" type="tns:ParamsPaint"/>
      <xs:element name="successPaint" type="tns:SuccessPaint"/>
    </xs:schema>
  </wsdl:types>
  <wsdl:message name="AuthHeader"><wsdl:part name="auth" element="tns:AuthHeader"/></wsdl:message>
  <wsdl:message name="PaintRequest"><wsdl:part name="p" element="{request_element}"/></wsdl:message>
  <wsdl:message name="PaintResponse"><wsdl:part name="s" element="tns:successPaint"/></wsdl:message>
  <wsdl:portType name="Port">
    <wsdl:operation name="paint">
      <wsdl:documentation>Paint something.</wsdl:documentation>
      <wsdl:input message="tns:PaintRequest"/>
      <wsdl:output message="tns:PaintResponse"/>
    </wsdl:operation>
  </wsdl:portType>
  <wsdl:binding name="Binding" type="tns:Port">
    <soap:binding style="{style}" transport="http://schemas.xmlsoap.org/soap/http"/>
    <wsdl:operation name="paint">
      <soap:operation soapAction="urn:example/paint"/>
      <wsdl:input>
        <soap:header use="literal" part="auth" message="tns:AuthHeader"/>
        <soap:body use="{use}"/>
      </wsdl:input>
      <wsdl:output><soap:body use="literal"/></wsdl:output>
    </wsdl:operation>
  </wsdl:binding>
  <wsdl:service name="PaintService">
    <wsdl:port name="PaintPort" binding="tns:Binding">
      <soap:address location="https://example.invalid/paint"/>
    </wsdl:port>
  </wsdl:service>
</wsdl:definitions>
"""


def fragment(
    *,
    style: str = "document",
    use: str = "literal",
    color_type: str = "tns:Color",
    request_element: str = "tns:paramsPaint",
) -> str:
    return TEMPLATE.format(
        style=style, use=use, color_type=color_type, request_element=request_element
    )

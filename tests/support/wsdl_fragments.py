"""A small WSDL written for the tests, and exact text edits that make variants of it.

Two operations: ``paint`` (request ``paramsPaint``, response ``successPaint``, the
signed ``AuthHeader`` and an optional ``ContextHeader``) and ``erase``
(``paramsErase`` / ``successErase``, ``AuthHeader`` only). The types are chosen so
every direction exists:

* request only: ``ParamsPaint``, the enum ``Color``, the header types;
* response only: ``SuccessPaint``, the enum ``Tint``;
* both: ``Palette`` (in ``paramsPaint`` and ``successPaint``), the abstract
  ``Shape`` and its derived ``Circle``;
* none: ``Unused``, ``Blob``, the enum ``Size``, the header type ``TraceInfo``.

A test makes a variant (a "new" revision, a broken file) by replacing snippets of :data:`BASE`; :func:`edit`
insists that each snippet occurs exactly as often as the test says, so a typo in a
test fails instead of silently testing nothing.
"""

from __future__ import annotations

import re

from lxml import etree

BASE = """<?xml version="1.0" encoding="UTF-8"?>
<!-- A paint shop, for the tests. -->
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
      <xs:simpleType name="Tint">
        <xs:restriction base="xs:string">
          <xs:enumeration value="LIGHT"/>
          <xs:enumeration value="DARK"/>
        </xs:restriction>
      </xs:simpleType>
      <xs:simpleType name="Size">
        <xs:restriction base="xs:string">
          <xs:enumeration value="SMALL"/>
          <xs:enumeration value="LARGE"/>
        </xs:restriction>
      </xs:simpleType>
      <xs:complexType name="AuthHeaderInfo">
        <xs:sequence>
          <xs:element name="mktowsUserId" type="xs:string"/>
          <xs:element name="requestSignature" type="xs:string"/>
          <xs:element name="requestTimestamp" type="xs:string"/>
        </xs:sequence>
      </xs:complexType>
      <xs:complexType name="ContextInfo">
        <xs:sequence>
          <xs:element name="workspace" type="xs:string"/>
        </xs:sequence>
      </xs:complexType>
      <xs:complexType name="TraceInfo">
        <xs:sequence>
          <xs:element name="traceId" type="xs:string"/>
        </xs:sequence>
      </xs:complexType>
      <xs:complexType name="Palette">
        <xs:sequence>
          <xs:element name="paletteName" type="xs:string"/>
        </xs:sequence>
      </xs:complexType>
      <xs:complexType name="Shape" abstract="true">
        <xs:sequence>
          <xs:element name="label" type="xs:string"/>
        </xs:sequence>
      </xs:complexType>
      <xs:complexType name="Circle">
        <xs:complexContent>
          <xs:extension base="tns:Shape">
            <xs:sequence>
              <xs:element name="radius" type="xs:int"/>
            </xs:sequence>
          </xs:extension>
        </xs:complexContent>
      </xs:complexType>
      <xs:complexType name="Blob">
        <xs:sequence>
          <xs:element name="blobSize" type="xs:int"/>
        </xs:sequence>
      </xs:complexType>
      <xs:complexType name="Unused">
        <xs:sequence>
          <xs:element name="spare" type="xs:string"/>
        </xs:sequence>
      </xs:complexType>
      <xs:complexType name="ParamsPaint">
        <xs:sequence>
          <xs:element name="color" type="tns:Color"/>
          <xs:element name="width" type="xs:int"/>
          <xs:element name="note" type="xs:string" minOccurs="0" nillable="true"/>
          <xs:element name="tags" type="xs:string" minOccurs="0" maxOccurs="5"/>
          <xs:element name="palette" type="tns:Palette" minOccurs="0"/>
          <xs:element name="shape" type="tns:Shape" minOccurs="0"/>
        </xs:sequence>
        <xs:attribute name="mode" type="xs:string"/>
      </xs:complexType>
      <xs:complexType name="SuccessPaint">
        <xs:sequence>
          <xs:element name="done" type="xs:boolean"/>
          <xs:element name="count" type="xs:int"/>
          <xs:element name="comment" type="xs:string" minOccurs="0" nillable="true"/>
          <xs:element name="log" type="xs:string" minOccurs="0" maxOccurs="3"/>
          <xs:element name="tint" type="tns:Tint" minOccurs="0"/>
          <xs:element name="usedPalette" type="tns:Palette" minOccurs="0"/>
          <xs:element name="outline" type="tns:Shape" minOccurs="0"/>
        </xs:sequence>
      </xs:complexType>
      <xs:complexType name="ParamsErase">
        <xs:sequence>
          <xs:element name="eraseId" type="xs:int"/>
        </xs:sequence>
      </xs:complexType>
      <xs:complexType name="SuccessErase">
        <xs:sequence>
          <xs:element name="erased" type="xs:boolean"/>
        </xs:sequence>
      </xs:complexType>
      <xs:element name="AuthHeader" type="tns:AuthHeaderInfo"/>
      <xs:element name="ContextHeader" type="tns:ContextInfo"/>
      <xs:element name="TraceHeader" type="tns:TraceInfo"/>
      <xs:element name="paramsPaint" type="tns:ParamsPaint"/>
      <xs:element name="successPaint" type="tns:SuccessPaint"/>
      <xs:element name="paramsErase" type="tns:ParamsErase"/>
      <xs:element name="successErase" type="tns:SuccessErase"/>
    </xs:schema>
  </wsdl:types>
  <wsdl:message name="AuthHeader"><wsdl:part name="auth" element="tns:AuthHeader"/></wsdl:message>
  <wsdl:message name="ContextHeader"><wsdl:part name="context" element="tns:ContextHeader"/></wsdl:message>
  <wsdl:message name="TraceHeader"><wsdl:part name="trace" element="tns:TraceHeader"/></wsdl:message>
  <wsdl:message name="PaintRequest"><wsdl:part name="p" element="tns:paramsPaint"/></wsdl:message>
  <wsdl:message name="PaintResponse"><wsdl:part name="s" element="tns:successPaint"/></wsdl:message>
  <wsdl:message name="EraseRequest"><wsdl:part name="p" element="tns:paramsErase"/></wsdl:message>
  <wsdl:message name="EraseResponse"><wsdl:part name="s" element="tns:successErase"/></wsdl:message>
  <wsdl:portType name="Port">
    <wsdl:operation name="paint">
      <wsdl:documentation>Paint something.</wsdl:documentation>
      <wsdl:input message="tns:PaintRequest"/>
      <wsdl:output message="tns:PaintResponse"/>
    </wsdl:operation>
    <wsdl:operation name="erase">
      <wsdl:input message="tns:EraseRequest"/>
      <wsdl:output message="tns:EraseResponse"/>
    </wsdl:operation>
  </wsdl:portType>
  <wsdl:binding name="Binding" type="tns:Port">
    <soap:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>
    <wsdl:operation name="paint">
      <soap:operation soapAction="urn:example/paint"/>
      <wsdl:input>
        <soap:header use="literal" part="auth" message="tns:AuthHeader"/>
        <soap:header use="literal" part="context" message="tns:ContextHeader"/>
        <soap:body use="literal"/>
      </wsdl:input>
      <wsdl:output><soap:body use="literal"/></wsdl:output>
    </wsdl:operation>
    <wsdl:operation name="erase">
      <soap:operation soapAction="urn:example/erase"/>
      <wsdl:input>
        <soap:header use="literal" part="auth" message="tns:AuthHeader"/>
        <soap:body use="literal"/>
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


def edit(text: str, *replacements: tuple[str, str] | tuple[str, str, int]) -> str:
    """Apply ``(old, new[, count])`` replacements; each ``old`` must occur ``count`` times."""
    for replacement in replacements:
        old, new = replacement[0], replacement[1]
        count = replacement[2] if len(replacement) == 3 else 1
        found = text.count(old)
        assert found == count, f"{old!r} occurs {found} times, expected {count}"
        text = text.replace(old, new)
    return text


def block(kind: str, name: str) -> str:
    """The whole ``<xs:{kind} name="{name}">...</xs:{kind}>`` declaration in :data:`BASE`."""
    start = BASE.index(f'<xs:{kind} name="{name}"')
    end = BASE.index(f"</xs:{kind}>", start) + len(f"</xs:{kind}>")
    return BASE[start:end]


def copied_operation(source: str, name: str) -> list[tuple[str, str]]:
    """Edits of :data:`BASE` adding operation ``name``, a copy of ``source`` (its port
    type entry and its binding, the soapAction renamed too)."""
    edits = []
    for section in ("portType", "binding"):
        within = BASE.index(f"<wsdl:{section} ")
        start = BASE.index(f'<wsdl:operation name="{source}">', within)
        end = BASE.index("</wsdl:operation>", start) + len("</wsdl:operation>")
        copy = BASE[start:end].replace(f'"{source}"', f'"{name}"')
        copy = copy.replace(f'/{source}"', f'/{name}"')
        close = f"</wsdl:{section}>"
        edits.append((close, f"{copy}\n  {close}"))
    return edits


def swap(text: str, first: str, second: str) -> str:
    """Exchange two snippets that each occur once."""
    marker = "\0"
    return edit(text, (first, marker), (second, first), (marker, second))


PREFIXES = {"xs": "xsd", "tns": "m", "wsdl": "w", "soap": "s11"}


def reformat(data: bytes) -> bytes:
    """The same WSDL, written differently: what a tool like svcutil does to a file.

    Comments are dropped, every element's attributes are reversed, prefixes are
    renamed (``xs`` -> ``xsd``, ``tns`` -> ``m``, ...), indentation becomes four
    spaces, line endings CRLF, and the trailing newline goes away.
    """
    parser = etree.XMLParser(remove_comments=True, remove_blank_text=True)
    root = etree.fromstring(data, parser)
    for element in root.iter():
        attributes = list(element.attrib.items())
        element.attrib.clear()
        for name, value in reversed(attributes):
            element.set(name, value)
    text = etree.tostring(root, pretty_print=True, encoding="unicode")
    for old, new in PREFIXES.items():
        text = re.sub(rf"\bxmlns:{old}=", f"xmlns:{new}=", text)
        text = re.sub(rf"(?<![\w.:-]){old}:(?=[A-Za-z])", f"{new}:", text)
    text = re.sub(r"^( +)", lambda m: m.group(1) * 2, text, flags=re.MULTILINE)
    declaration = '<?xml version="1.0" encoding="utf-8"?>\n'
    return (declaration + text.rstrip("\n")).replace("\n", "\r\n").encode()

"""A client method returns exactly what its response's single child holds, and a
list of nillable items is typed with the ``NIL`` the parser puts in it.

One WSDL with a response of each shape: an optional child, a nillable one, a list
of nillable items, a required one, and a type holding a list of nillable
elements. The generated package must pass ``mypy`` with the project's (strict)
settings, each return annotation must be its field's, and a nil item must read
back as ``NIL`` and be written back as ``xsi:nil``.
"""

from __future__ import annotations

import importlib
import typing
from pathlib import Path
from types import ModuleType

import pytest
from lxml import etree

from tests.support.packages import generate_and_import, strict_mypy

XSI_NIL = "{http://www.w3.org/2001/XMLSchema-instance}nil"
OPS = {  # operation -> the only child of its response element
    "findBook": '<xs:element name="book" type="t:Book" minOccurs="0"/>',
    "note": '<xs:element name="note" type="xs:string" minOccurs="0" nillable="true"/>',
    "tags": '<xs:element name="tag" type="xs:string" maxOccurs="unbounded" '
    'nillable="true"/>',
    "getShelf": '<xs:element name="shelf" type="t:Shelf"/>',
    "title": '<xs:element name="title" type="xs:string"/>',
}
RETURNS = {  # client method -> (response class, its field)
    "find_book": ("findBookResponse", "book"),
    "note": ("noteResponse", "note"),
    "tags": ("tagsResponse", "tag"),
    "get_shelf": ("getShelfResponse", "shelf"),
    "title": ("titleResponse", "title"),
}


def _wsdl() -> str:
    elements = "".join(
        f'<xs:element name="{op}"><xs:complexType><xs:sequence>'
        '<xs:element name="isbn" type="xs:string"/></xs:sequence></xs:complexType>'
        f'</xs:element><xs:element name="{op}Response"><xs:complexType><xs:sequence>'
        f"{child}</xs:sequence></xs:complexType></xs:element>"
        for op, child in OPS.items()
    )
    messages = "".join(
        f'<wsdl:message name="{op}In"><wsdl:part name="p" element="t:{op}"/>'
        f'</wsdl:message><wsdl:message name="{op}Out">'
        f'<wsdl:part name="p" element="t:{op}Response"/></wsdl:message>'
        for op in OPS
    )
    port = "".join(
        f'<wsdl:operation name="{op}"><wsdl:input message="t:{op}In"/>'
        f'<wsdl:output message="t:{op}Out"/></wsdl:operation>'
        for op in OPS
    )
    binding = "".join(
        f'<wsdl:operation name="{op}"><soap:operation soapAction="{op}"/>'
        '<wsdl:input><soap:body use="literal"/></wsdl:input>'
        '<wsdl:output><soap:body use="literal"/></wsdl:output></wsdl:operation>'
        for op in OPS
    )
    return f"""<?xml version="1.0"?>
<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/"
    xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/"
    xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:t="urn:books"
    targetNamespace="urn:books">
  <wsdl:types>
    <xs:schema targetNamespace="urn:books" elementFormDefault="qualified">
      <xs:complexType name="Book"><xs:sequence>
        <xs:element name="name" type="xs:string"/>
      </xs:sequence></xs:complexType>
      <xs:complexType name="Shelf"><xs:sequence>
        <xs:element name="book" type="t:Book" minOccurs="0" maxOccurs="unbounded"
            nillable="true"/>
      </xs:sequence></xs:complexType>
      {elements}
    </xs:schema>
  </wsdl:types>
  {messages}
  <wsdl:portType name="Books">{port}</wsdl:portType>
  <wsdl:binding name="BooksBinding" type="t:Books">
    <soap:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>
    {binding}
  </wsdl:binding>
  <wsdl:service name="Library"><wsdl:port name="Books" binding="t:BooksBinding">
    <soap:address location="http://127.0.0.1/books"/>
  </wsdl:port></wsdl:service>
</wsdl:definitions>
"""


def _module(package: ModuleType, name: str) -> ModuleType:
    return importlib.import_module(f"{package.__name__}.{name}")


@pytest.fixture
def package(packages: Path) -> ModuleType:
    return generate_and_import(_wsdl(), "books.wsdl", packages)


def test_the_package_passes_strict_mypy(package: ModuleType) -> None:
    checked = strict_mypy(Path(package.__file__ or "").parent)
    assert checked.returncode == 0, checked.stdout


def test_each_method_returns_its_fields_type(package: ModuleType) -> None:
    client = _module(package, "client")
    models = _module(package, "models")
    for method, (cls, name) in RETURNS.items():
        for owner in (client.Client, client.AsyncClient):
            returned = typing.get_type_hints(getattr(owner, method))["return"]
            field = typing.get_type_hints(getattr(models, cls))[name]
            assert returned == field, (owner.__name__, method)
    hints = typing.get_type_hints(client.Client.find_book)["return"]
    assert hints == models.Book | None


def test_nil_items_read_as_nil_and_write_back_as_nil(package: ModuleType) -> None:
    parsers = _module(package, "parsers")
    serializers = _module(package, "serializers")
    values = _module(package, "values")
    models = _module(package, "models")
    field = typing.get_type_hints(models.Shelf)["book"]
    assert field == list[values.Nil | models.Book]
    xml = (
        b'<s:Shelf xmlns:s="urn:books" '
        b'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        b'<s:book><s:name>Emma</s:name></s:book><s:book xsi:nil="true"/></s:Shelf>'
    )
    shelf = parsers.read_shelf(etree.fromstring(xml), [])
    assert shelf.book == [models.Book(name="Emma"), values.NIL]
    node = etree.Element("{urn:books}Shelf")
    serializers.write_shelf(shelf, node)
    books = node.findall("{urn:books}book")
    assert [b.get(XSI_NIL) for b in books] == [None, "true"]
    assert books[0].findtext("{urn:books}name") == "Emma"

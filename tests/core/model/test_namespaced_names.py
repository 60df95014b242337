"""One class name in several namespaces: each class gets its own readable name.

Before, two schema types of one local name in different namespaces were refused
(``types 'TypeA' and 'TypeA' become Python classes 'TypeA' and 'TypeA'``); see
:func:`generator.model.naming.qualify` for the rule.
"""

from __future__ import annotations

import hashlib
import importlib
from pathlib import Path

import pytest
from lxml import etree

from generator.errors import GeneratorError
from generator.load.sources import WsdlSource
from generator.options import Options
from generator.pipeline import build, model_for
from tests.support.packages import generate_and_import

ORDERS = "http://example.com/orders/v1"
STOCK = "http://example.com/stock"

WSDL = f"""<?xml version="1.0" encoding="UTF-8"?>
<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/"
    xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/"
    xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:tns="urn:shop"
    xmlns:o="{ORDERS}" xmlns:s="{STOCK}" targetNamespace="urn:shop">
  <wsdl:types>
    <xs:schema targetNamespace="{ORDERS}" elementFormDefault="qualified">
      <xs:complexType name="Item">
        <xs:sequence><xs:element name="count" type="xs:int"/></xs:sequence>
      </xs:complexType>
    </xs:schema>
    <xs:schema targetNamespace="{STOCK}" elementFormDefault="qualified">
      <xs:complexType name="Item">
        <xs:sequence><xs:element name="level" type="xs:string"/></xs:sequence>
      </xs:complexType>
    </xs:schema>
    <xs:schema targetNamespace="urn:shop" elementFormDefault="qualified">
      <xs:import namespace="{ORDERS}"/>
      <xs:import namespace="{STOCK}"/>
      <xs:complexType name="Item">
        <xs:sequence><xs:element name="sku" type="xs:string"/></xs:sequence>
      </xs:complexType>
      <xs:element name="Place">
        <xs:complexType><xs:sequence>
          <xs:element name="mine" type="tns:Item"/>
          <xs:element name="ordered" type="o:Item"/>
          <xs:element name="stocked" type="s:Item"/>
        </xs:sequence></xs:complexType>
      </xs:element>
      <xs:element name="Placed">
        <xs:complexType><xs:sequence>
          <xs:element name="stocked" type="s:Item"/>
        </xs:sequence></xs:complexType>
      </xs:element>
    </xs:schema>
  </wsdl:types>
  <wsdl:message name="placeIn"><wsdl:part name="p" element="tns:Place"/></wsdl:message>
  <wsdl:message name="placeOut"><wsdl:part name="p" element="tns:Placed"/></wsdl:message>
  <wsdl:portType name="Shop">
    <wsdl:operation name="place">
      <wsdl:input message="tns:placeIn"/><wsdl:output message="tns:placeOut"/>
    </wsdl:operation>
  </wsdl:portType>
  <wsdl:binding name="ShopBinding" type="tns:Shop">
    <soap:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>
    <wsdl:operation name="place">
      <soap:operation soapAction="place"/>
      <wsdl:input><soap:body use="literal"/></wsdl:input>
      <wsdl:output><soap:body use="literal"/></wsdl:output>
    </wsdl:operation>
  </wsdl:binding>
  <wsdl:service name="ShopService">
    <wsdl:port name="ShopPort" binding="tns:ShopBinding">
      <soap:address location="http://localhost/shop"/>
    </wsdl:port>
  </wsdl:service>
</wsdl:definitions>
"""


def files_for(wsdl: str) -> dict[str, str]:
    data = wsdl.encode()
    source = WsdlSource("t.wsdl", "<test>", data, hashlib.sha256(data).hexdigest())
    options = Options(wsdl="t.wsdl", package="p")
    return build(options, model_for(options, source))


def test_same_named_types_in_three_namespaces_round_trip(packages: Path) -> None:
    package = generate_and_import(WSDL, "t.wsdl", packages).__name__
    models, serializers, parsers = (
        importlib.import_module(f"{package}.{name}")
        for name in ("models", "serializers", "parsers")
    )
    # the WSDL's own namespace keeps the name; the others take their namespace's
    # most telling word (a version such as ``v1`` says least)
    assert {name for name in vars(models) if name.startswith("Item")} == {
        "Item",
        "Item_orders",
        "Item_stock",
    }
    for cls, namespace in [
        (models.Item, "urn:shop"),
        (models.Item_orders, ORDERS),
        (models.Item_stock, STOCK),
    ]:
        assert getattr(cls.Meta, "name", cls.__name__) == "Item"
        assert cls.Meta.target_namespace == namespace
    request = models.Place(
        mine=models.Item(sku="A-1"),
        ordered=models.Item_orders(count=3),
        stocked=models.Item_stock(level="low"),
    )
    node = serializers.ELEMENTS[models.Place](request, None)
    assert [child.tag for child in node] == [
        "{urn:shop}mine",
        "{urn:shop}ordered",
        "{urn:shop}stocked",
    ]
    assert node[1][0].tag == f"{{{ORDERS}}}count"
    assert node[2][0].tag == f"{{{STOCK}}}level"
    again = parsers.ELEMENTS[node.tag](etree.fromstring(etree.tostring(node)), [])
    assert again == request
    assert type(again.ordered) is models.Item_orders
    assert type(again.stocked) is models.Item_stock
    # the generated functions follow the class names
    assert serializers.write_item_orders and parsers.read_item_stock
    response = models.Placed(stocked=models.Item_stock(level="high"))
    written = serializers.ELEMENTS[models.Placed](response, None)
    assert parsers.ELEMENTS[written.tag](written, []) == response


def test_the_names_do_not_depend_on_the_schemas_order() -> None:
    first, second = WSDL.index(f'<xs:schema targetNamespace="{ORDERS}"'), WSDL.index(
        f'<xs:schema targetNamespace="{STOCK}"'
    )
    end = WSDL.index('<xs:schema targetNamespace="urn:shop"')
    swapped = WSDL[:first] + WSDL[second:end] + WSDL[first:second] + WSDL[end:]
    assert swapped != WSDL
    models = files_for(swapped)["models.py"]
    assert "class Item_orders:" in models and "class Item_stock:" in models
    assert files_for(WSDL)["models.py"] == files_for(WSDL)["models.py"]


def test_no_class_keeps_the_name_when_none_is_in_the_wsdls_namespace() -> None:
    wsdl = WSDL.replace(
        '<xs:complexType name="Item">\n        <xs:sequence><xs:element name="sku"',
        '<xs:complexType name="Own">\n        <xs:sequence><xs:element name="sku"',
    ).replace('type="tns:Item"', 'type="tns:Own"')
    models = files_for(wsdl)["models.py"]
    assert "class Item_orders:" in models and "class Item_stock:" in models
    assert "class Item:" not in models


def test_namespaces_with_one_last_word_take_more_words() -> None:
    wsdl = WSDL.replace(STOCK, "http://example.net/orders/v2")
    models = files_for(wsdl)["models.py"]
    # ``orders`` and ``orders`` meet, then ``example_orders`` twice: the versions decide
    assert "class Item_example_orders_v1:" in models
    assert "class Item_example_orders_v2:" in models


def test_same_named_types_in_one_namespace_stay_refused() -> None:
    wsdl = WSDL.replace(
        '<xs:complexType name="Item">\n        <xs:sequence><xs:element name="count"',
        '<xs:complexType name="item">\n        <xs:sequence><xs:element name="count"',
    ).replace(f'targetNamespace="{ORDERS}"', 'targetNamespace="urn:shop"')
    wsdl = wsdl.replace('type="o:Item"', 'type="tns:item"')
    with pytest.raises(GeneratorError, match=r"'Item' and 'item'|'item' and 'Item'"):
        files_for(wsdl)


def test_namespaces_no_word_tells_apart_are_refused_in_one_line() -> None:
    wsdl = WSDL.replace(ORDERS, "http://example.com/Stock")  # differs in case only
    with pytest.raises(GeneratorError) as caught:
        files_for(wsdl)
    message = str(caught.value)
    assert "\n" not in message
    assert f"'http://example.com/Stock', '{STOCK}'" in message
    assert message.endswith(f"with --class-name '{{{STOCK}}}Item=NewName'")

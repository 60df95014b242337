"""XML Schema features of real-world WSDLs: typed access and lossless round trips.

``tests/support/wsdl/schema_features.wsdl`` uses simple content (extension and
restriction, of a built-in and of an enumeration), qualified and unqualified
attributes and elements, choice, all, group and attributeGroup references, an
element reference into another namespace, an abstract type with ``xsi:type``,
lists, unions, defaults and fixed values, a recursive type, anonymous types two
levels deep, binary and date/time values, ``xs:any`` and ``xs:anyAttribute``. A
message through the generated parser and serializer must come back canonically
identical, and its values must be typed.
"""

from __future__ import annotations

import importlib
from decimal import Decimal
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from generator.tools.golden.samples import canonical
from tests.support.packages import generate_and_import

WSDL = Path(__file__).parents[1] / "support" / "wsdl" / "schema_features.wsdl"
NS = "urn:features"
XSI = "http://www.w3.org/2001/XMLSchema-instance"

ORDER = b"""<o:Order xmlns:o="urn:features" xmlns:c="urn:features:common"
    xmlns:x="urn:other" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    by="me" version="2" channel="web" x:trace="t1">
  <o:price currency="EUR">12.50</o:price>
  <o:tip currency="EUR">1.0</o:tip>
  <o:label lang="en">dark-blue</o:label>
  <o:label>red</o:label>
  <x:between>kept where it was</x:between>
  <o:code>AB-1</o:code>
  <o:numbers>1 2 3</o:numbers>
  <o:either>007</o:either>
  <o:either>7</o:either>
  <o:either>seven</o:either>
  <o:created>2024-01-01T00:00:00.000Z</o:created>
  <o:day>2024-02-29</o:day>
  <o:at>10:00:00.50</o:at>
  <o:byMail c:kind="home"><street>Main 1</street><zip-code>12345</zip-code></o:byMail>
  <c:note>hello</c:note>
  <o:shape xsi:type="o:Circle"><o:name>c</o:name><o:radius>1.5</o:radius></o:shape>
  <o:shape xsi:type="o:Square"><o:name>s</o:name><o:side>2</o:side></o:shape>
  <o:tree><o:value>root</o:value><o:child><o:value>a</o:value>
    <o:child><o:value>b</o:value></o:child></o:child></o:tree>
  <o:blob>AAEC</o:blob>
  <o:line qty="3"><o:sku>X</o:sku><o:detail weight="1.25" class="A"/></o:line>
  <x:extension>anything <x:goes/></x:extension>
</o:Order>"""


@pytest.fixture(scope="module")
def features(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    root = tmp_path_factory.mktemp("features")
    return generate_and_import(
        WSDL.read_text(encoding="utf-8"), "schema_features.wsdl", root
    )


def _modules(package: ModuleType) -> tuple[ModuleType, ModuleType, ModuleType]:
    name = package.__name__
    return tuple(  # type: ignore[return-value]
        importlib.import_module(f"{name}.{m}")
        for m in ("models", "parsers", "serializers")
    )


def round_trip(package: ModuleType, xml: bytes) -> tuple[object, bytes, list[str]]:
    _, parsers, serializers = _modules(package)
    node = etree.fromstring(xml)
    unknown: list[str] = []
    obj = parsers.ELEMENTS[node.tag](node, unknown)
    return obj, etree.tostring(serializers.ELEMENTS[type(obj)](obj)), unknown


def test_every_feature_round_trips_canonically(features: ModuleType) -> None:
    _, written, unknown = round_trip(features, ORDER)
    assert canonical(written) == canonical(ORDER)
    assert unknown == []  # xs:any and xs:anyAttribute allow what the schema lacks


def test_values_are_typed(features: ModuleType) -> None:
    models, _, _ = _modules(features)
    order, _, _ = round_trip(features, ORDER)
    assert order.price == models.Money(value=Decimal("12.50"), currency="EUR")
    assert isinstance(order.tip, models.SmallMoney)
    assert [label.value for label in order.label] == [
        models.Color.DARK_BLUE,
        models.Color.RED,
    ]
    assert order.label[0].lang == "en"
    assert order.numbers == [1, 2, 3]
    assert order.either == ["007", 7, "seven"]  # the member that keeps the text
    assert (order.created.year, order.created.offset) == (2024, 0)
    assert order.by_mail.street == "Main 1" and order.by_mail.zip_code == "12345"
    assert order.by_mail.kind == "home" and order.by_phone is None
    assert order.note.value == "hello"
    assert [type(s).__name__ for s in order.shape] == ["Circle", "Square"]
    assert order.shape[0].radius == 1.5 and order.shape[1].side == 2
    assert order.tree.child[0].child[0].value == "b"  # recursive
    assert order.blob == b"\x00\x01\x02"
    assert order.line[0].qty == 3
    assert order.line[0].detail.class_value == "A"
    assert order.line[0].detail.weight == Decimal("1.25")
    assert (order.by, order.version, order.channel) == ("me", 2, "web")
    # a fixed attribute is no field of its own: where it was sent, it is kept as sent
    assert order.any_attributes == {"channel": "web", "{urn:other}trace": "t1"}
    assert [e.tag for e in order.other_element] == [
        "{urn:other}between",
        "{urn:other}extension",
    ]


def test_absent_defaults_stay_absent(features: ModuleType) -> None:
    xml = b'<Order xmlns="urn:features"><price currency="X">1</price><line><sku>a</sku></line></Order>'
    order, written, _ = round_trip(features, xml)
    assert order.version is None and order.line[0].qty is None  # the receiver's default
    assert order.channel == "web"  # fixed
    assert canonical(written) == canonical(xml)


@pytest.mark.parametrize(
    "text",
    [
        "2024-01-01T00:00:00.000Z",
        "2024-01-01T00:00:00Z",
        "2024-01-01T23:59:59.1200+05:30",
        "2024-01-01T00:00:00",
    ],
)
def test_date_times_keep_their_text(features: ModuleType, text: str) -> None:
    xml = f'<Order xmlns="urn:features"><price currency="X">1</price><created>{text}</created></Order>'
    order, written, _ = round_trip(features, xml.encode())
    assert etree.fromstring(written).findtext(f"{{{NS}}}created") == text
    assert str(order.created.year) == "2024"


def test_a_value_that_does_not_fit_is_kept_as_it_was(features: ModuleType) -> None:
    xml = b'<Order xmlns="urn:features"><price currency="X">cheap</price><day>soon</day></Order>'
    order, written, unknown = round_trip(features, xml)
    assert order.price is None and order.day is None
    assert unknown == [f"{{{NS}}}price", f"{{{NS}}}day"]
    assert canonical(written) == canonical(xml)


TEXT = st.text(
    alphabet=st.characters(
        codec="utf-8", exclude_categories=("Cs", "Cc"), exclude_characters="\r"
    ),
    max_size=8,
).map(str.strip)
NAMES = st.sampled_from(["a", "b", "zz", "n-1"])


@st.composite
def orders(draw: st.DrawFn) -> bytes:
    """A random Order: optional elements, a choice, attributes of any namespace,
    unknown elements anywhere, nested anonymous types."""
    E = etree.Element
    root = E(f"{{{NS}}}Order", nsmap={"o": NS, "x": "urn:other"})

    def maybe_unknown() -> None:
        if draw(st.booleans()):
            extra = etree.SubElement(root, f"{{urn:other}}{draw(NAMES)}")
            extra.text = draw(TEXT)
            if draw(st.booleans()):
                extra.set(f"{{urn:other}}{draw(NAMES)}", draw(TEXT))

    if draw(st.booleans()):
        root.set("by", draw(TEXT))
    for name in draw(st.lists(NAMES, max_size=3, unique=True)):
        root.set(f"{{urn:other}}{name}", draw(TEXT))
    price = etree.SubElement(root, f"{{{NS}}}price", currency=draw(TEXT))
    price.text = str(draw(st.decimals(allow_nan=False, allow_infinity=False, places=2)))
    maybe_unknown()
    for _ in range(draw(st.integers(0, 2))):
        label = etree.SubElement(root, f"{{{NS}}}label")
        label.text = draw(st.sampled_from(["red", "dark-blue"]))
    if draw(st.booleans()):
        etree.SubElement(root, f"{{{NS}}}code").text = draw(TEXT)
    for _ in range(draw(st.integers(0, 2))):
        etree.SubElement(root, f"{{{NS}}}either").text = draw(
            st.one_of(TEXT, st.integers(-99, 99).map(str))
        )
    maybe_unknown()
    choice = draw(st.sampled_from(["none", "mail", "phone"]))
    if choice == "mail":
        mail = etree.SubElement(root, f"{{{NS}}}byMail")
        etree.SubElement(mail, "street").text = draw(TEXT)
        if draw(st.booleans()):
            mail.set("{urn:features:common}kind", draw(TEXT))
    elif choice == "phone":
        etree.SubElement(root, f"{{{NS}}}byPhone").text = draw(TEXT)
    for _ in range(draw(st.integers(0, 2))):
        line = etree.SubElement(root, f"{{{NS}}}line")
        if draw(st.booleans()):
            line.set("qty", str(draw(st.integers(0, 9))))
        etree.SubElement(line, f"{{{NS}}}sku").text = draw(TEXT)
        if draw(st.booleans()):
            etree.SubElement(line, f"{{{NS}}}detail", {"class": draw(TEXT)})
    maybe_unknown()
    return etree.tostring(root)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(xml=orders())
def test_random_orders_round_trip_losslessly(features: ModuleType, xml: bytes) -> None:
    _, written, _ = round_trip(features, xml)
    assert canonical(written) == canonical(xml)

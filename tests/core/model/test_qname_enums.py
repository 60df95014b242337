"""``xs:QName`` enumerations, lists of them, and the item types that are refused.

xsdata makes an enumeration of ``xs:QName`` values an ``Enum`` whose members are
``QName("{namespace}local")``, their prefixes resolved against the schema. The
reader resolves the message's text the same way and looks the member up by that
value; the writer writes the member's QName with a prefix in scope.
"""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any
from xml.etree.ElementTree import QName

import pytest
from lxml import etree

from generator.errors import GeneratorError
from generator.runtime.values import qname_from_text, qname_text
from tests.support.packages import generate_and_import, strict_mypy
from tests.support.wsdl_documents import wsdl

T = "urn:types"
SCHEMA = """
<xs:simpleType name="Colour"><xs:restriction base="xs:QName">
  <xs:enumeration value="t:red"/><xs:enumeration value="xs:blue"/>
</xs:restriction></xs:simpleType>
<xs:simpleType name="Colours"><xs:list itemType="t:Colour"/></xs:simpleType>
<xs:element name="Paint"><xs:complexType><xs:sequence>
  <xs:element name="one" type="t:Colour" minOccurs="0"/>
  <xs:element name="many" type="t:Colours" minOccurs="0"/>
  <xs:element name="inline" minOccurs="0"><xs:simpleType><xs:list><xs:simpleType>
    <xs:restriction base="xs:QName"><xs:enumeration value="t:red"/></xs:restriction>
  </xs:simpleType></xs:list></xs:simpleType></xs:element>
</xs:sequence><xs:attribute name="base" type="t:Colour"/></xs:complexType></xs:element>
"""
XS = "http://www.w3.org/2001/XMLSchema"


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return generate_and_import(
        wsdl(SCHEMA), "qenum.wsdl", tmp_path_factory.mktemp("qenum")
    )


def _modules(package: ModuleType) -> tuple[Any, Any, Any]:
    return tuple(  # type: ignore[return-value]
        importlib.import_module(f"{package.__name__}.{m}")
        for m in ("models", "parsers", "serializers")
    )


def test_members_are_the_qnames_the_schema_resolved(package: ModuleType) -> None:
    models, _, _ = _modules(package)
    assert {m.value for m in models.Colour} == {
        QName(f"{{{T}}}red"),
        QName(f"{{{XS}}}blue"),
    }


def test_a_message_is_read_by_resolved_value_and_written_back(
    package: ModuleType,
) -> None:
    models, parsers, serializers = _modules(package)
    xml = (
        b'<p:Paint xmlns:p="urn:types" xmlns:s="http://www.w3.org/2001/XMLSchema"'
        b' base="s:blue"><p:one>p:red</p:one><p:many>s:blue p:red</p:many>'
        b"<p:inline>p:red</p:inline></p:Paint>"
    )
    unknown: list[str] = []
    paint = parsers.read_paint(etree.fromstring(xml), unknown)
    red, blue = models.Colour(QName(f"{{{T}}}red")), models.Colour(
        QName(f"{{{XS}}}blue")
    )
    assert unknown == []
    assert (paint.one, paint.many, paint.base) == (red, [blue, red], blue)
    assert [m.value for m in paint.inline] == [QName(f"{{{T}}}red")]
    node = etree.fromstring(etree.tostring(serializers.element_paint(paint, None)))
    # each written prefix is declared for the member's namespace
    for text in (node.findtext(f"{{{T}}}one"), node.get("base")):
        prefix, _, local = text.partition(":")
        assert (node.nsmap[prefix], local) in ((T, "red"), (XS, "blue"))
    assert parsers.read_paint(node, []) == paint


def test_a_value_outside_the_enumeration_is_kept_as_unknown(
    package: ModuleType,
) -> None:
    _, parsers, _ = _modules(package)
    xml = b'<p:Paint xmlns:p="urn:types"><p:one>p:green</p:one></p:Paint>'
    unknown: list[str] = []
    paint = parsers.read_paint(etree.fromstring(xml), unknown)
    assert paint.one is None and unknown == [f"{{{T}}}one"]


def test_the_package_passes_strict_mypy(package: ModuleType) -> None:
    checked = strict_mypy(Path(package.__file__ or "").parent)
    assert checked.returncode == 0, checked.stdout


@pytest.mark.parametrize(
    "item",
    [
        '<xs:union memberTypes="xs:int xs:QName"/>',
        '<xs:restriction base="xs:QName"/>',
        '<xs:union><xs:simpleType><xs:restriction base="xs:QName"/></xs:simpleType>'
        "</xs:union>",
    ],
)
def test_a_list_of_an_anonymous_type_built_on_qname_is_refused(
    tmp_path: Path, item: str
) -> None:
    schema = f"""<xs:simpleType name="Odd"><xs:list><xs:simpleType>{item}
    </xs:simpleType></xs:list></xs:simpleType>
    <xs:element name="Holder"><xs:complexType><xs:sequence>
      <xs:element name="odd" type="t:Odd"/>
    </xs:sequence></xs:complexType></xs:element>"""
    with pytest.raises(GeneratorError) as raised:
        generate_and_import(wsdl(schema), "odd.wsdl", tmp_path)
    message = str(raised.value)
    assert "<xs:simpleType name='Odd'> has an anonymous item type built on" in message
    assert "\n" not in message


def test_the_cli_refuses_it_with_exit_2(tmp_path: Path) -> None:
    schema = """<xs:simpleType name="Odd"><xs:list><xs:simpleType>
      <xs:union memberTypes="xs:int xs:QName"/></xs:simpleType></xs:list></xs:simpleType>"""
    source = tmp_path / "odd.wsdl"
    source.write_text(wsdl(schema))
    command = ["generate", "--wsdl", str(source), "--package", "odd"]
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "generator",
            *command,
            "--output",
            str(tmp_path / "odd"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 2
    assert run.stderr.count("\n") == 1 and "name='Odd'" in run.stderr
    assert not (tmp_path / "odd").exists()


@pytest.mark.parametrize(
    "value", ["{urn:x}1abc", "{urn:x}a<b", "{urn:x}-a", "{urn:x}a b", "a&b"]
)
def test_a_local_name_that_is_no_ncname_is_not_written(value: str) -> None:
    node = etree.Element("x")
    with pytest.raises(ValueError, match=r"^kind: .* is no QName"):
        qname_text(QName(value), node, "kind")


@pytest.mark.parametrize("value", ["{urn:x}été", "{urn:x}_a.b-c9", "名前"])
def test_local_names_in_any_script_are_written(value: str) -> None:
    node = etree.Element("x")
    text = qname_text(QName(value), node, "kind")
    assert qname_from_text(text, node) == QName(value)


@pytest.mark.parametrize("text", ["p:1abc", "1p:a", "p:a<b"])
def test_text_that_is_no_qname_is_not_read(text: str) -> None:
    node = etree.Element("x", nsmap={"p": "urn:p"})
    with pytest.raises(ValueError, match="is no QName"):
        qname_from_text(text, node)

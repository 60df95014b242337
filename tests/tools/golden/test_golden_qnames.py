"""``golden check`` compares ``xs:QName`` values by what they mean.

Our writer may give a QName another prefix than the sample's (``t:two`` comes back
``ns0:two`` when ``t`` is not in scope where it writes): the same value. The
comparison resolves QNames, but only in the elements and attributes the schema
types ``xs:QName``; any other text that looks like ``prefix:local`` is compared as
written.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.cli.main import main
from generator.tools.golden.bindings import QNameNodes, bindings_for
from generator.tools.golden.samples import canonical
from tests.support.wsdl_documents import wsdl

SCHEMA = """
<xs:simpleType name="Names"><xs:list itemType="xs:QName"/></xs:simpleType>
<xs:complexType name="Coded"><xs:simpleContent>
  <xs:extension base="xs:QName"><xs:attribute name="kind" type="xs:QName"/></xs:extension>
</xs:simpleContent></xs:complexType>
<xs:element name="doIt"><xs:complexType><xs:sequence>
  <xs:element name="q" type="xs:QName" minOccurs="0"/>
  <xs:element name="qs" type="xs:QName" minOccurs="0" maxOccurs="unbounded"/>
  <xs:element name="names" type="t:Names" minOccurs="0"/>
  <xs:element name="c" type="t:Coded" minOccurs="0"/>
  <xs:element name="note" type="xs:string" minOccurs="0"/>
  <xs:element name="both" type="xs:QName" minOccurs="0"/>
  <xs:element name="inner" minOccurs="0"><xs:complexType><xs:sequence>
    <xs:element name="both" type="xs:string"/>
  </xs:sequence><xs:attribute name="kind" type="xs:string"/></xs:complexType></xs:element>
</xs:sequence><xs:attribute name="ref" type="xs:QName"/></xs:complexType></xs:element>
"""
T = "urn:types"
SOAP = "http://schemas.xmlsoap.org/soap/envelope/"


def envelope(body: str) -> str:
    return (
        f'<soapenv:Envelope xmlns:soapenv="{SOAP}"><soapenv:Body>{body}'
        "</soapenv:Body></soapenv:Envelope>"
    )


@pytest.fixture(scope="module")
def wsdl_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("golden_qnames") / "q.wsdl"
    path.write_text(wsdl(SCHEMA))
    return path


def test_the_schema_tells_which_values_are_qnames(wsdl_path: Path) -> None:
    qnames = bindings_for(str(wsdl_path)).qnames
    assert qnames.elements == {f"{{{T}}}{n}" for n in ("q", "qs", "names", "c")}
    # "kind" is a QName on <c> but a string on <inner>: compared as written
    assert qnames.attributes == {"ref"}


def test_a_reprefixed_qname_round_trip_passes(
    wsdl_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sample = tmp_path / "req.xml"
    sample.write_text(
        envelope(
            '<t:doIt xmlns:t="urn:types" xmlns:a="urn:a" ref="a:r"><t:q>noNS</t:q>'
            '<t:qs xmlns:s="urn:s">s:one</t:qs><t:qs>t:two</t:qs>'
            '<t:names xmlns:b="urn:b">a:x  b:y t:z</t:names><t:c>t:v</t:c></t:doIt>'
        )
    )
    assert main(["golden", "check", str(sample), "--wsdl", str(wsdl_path)]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "1 passed, 0 failed"


QN = QNameNodes(frozenset({f"{{{T}}}q", f"{{{T}}}names"}), frozenset({"ref"}))


def test_the_same_qname_under_another_prefix_compares_equal() -> None:
    one = b'<t:q xmlns:t="urn:types" xmlns:a="urn:a">a:x</t:q>'
    two = b'<t:q xmlns:t="urn:types" xmlns:ns9="urn:a">ns9:x</t:q>'
    assert canonical(one, qnames=QN) == canonical(two, qnames=QN)
    assert canonical(one) != canonical(two)  # without the schema's word: as written
    names = b'<t:names xmlns:t="urn:types" xmlns:a="urn:a">a:x   t:y</t:names>'
    again = b'<u:names xmlns:u="urn:types" xmlns:b="urn:a">b:x u:y</u:names>'
    assert canonical(names, qnames=QN) == canonical(again, qnames=QN)
    attribute = b'<t:d xmlns:t="urn:types" xmlns:a="urn:a" ref="a:r"/>'
    assert canonical(attribute, qnames=QN) == canonical(
        b'<t:d xmlns:t="urn:types" xmlns:b="urn:a" ref="b:r"/>', qnames=QN
    )


@pytest.mark.parametrize(
    ("one", "two"),
    [
        # another namespace behind the same local name
        (
            b'<t:q xmlns:t="urn:types" xmlns:a="urn:a">a:x</t:q>',
            b'<t:q xmlns:t="urn:types" xmlns:a="urn:b">a:x</t:q>',
        ),
        # text the schema does not type xs:QName: the prefix counts
        (
            b'<t:note xmlns:t="urn:types" xmlns:a="urn:a">a:x</t:note>',
            b'<t:note xmlns:t="urn:types" xmlns:b="urn:a">b:x</t:note>',
        ),
        (
            b'<t:d xmlns:t="urn:types" xmlns:a="urn:a" kind="a:r"/>',
            b'<t:d xmlns:t="urn:types" xmlns:b="urn:a" kind="b:r"/>',
        ),
        # an undeclared prefix is compared as written
        (b'<t:q xmlns:t="urn:types">p:x</t:q>', b'<t:q xmlns:t="urn:types">o:x</t:q>'),
    ],
)
def test_real_differences_still_show(one: bytes, two: bytes) -> None:
    assert canonical(one, qnames=QN) != canonical(two, qnames=QN)

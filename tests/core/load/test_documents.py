"""A WSDL loaded as the set of documents it imports and includes (issue 14.1).

The committed fixture ``tests/support/wsdl/multi/`` has a ``wsdl:import`` of a
second WSDL (which imports the first back: a cycle), two schemas in one
``wsdl:types``, an ``xs:import`` of a schema file with another namespace whose
namespace is split over two files (which include each other), and a chameleon
``xs:include``. Other layouts are written to ``tmp_path`` by the tests.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from generator.cli.main import main
from generator.errors import GeneratorError
from generator.load.sources import SourceFile, WsdlSource
from generator.load.wsdl import load
from tests.support.wsdl_documents import (
    FIXTURE,
    IMPORT_O,
    MONEY,
    SHOP_FILES,
    load_file,
    sha,
    wsdl,
    xsd,
)


def test_the_shop_fixture_loads_every_document_once() -> None:
    loaded = load_file(FIXTURE / "shop.wsdl")
    qnames = [cls.qname for cls in loaded.classes]
    assert sorted(qnames) == sorted(
        [
            "{urn:shop:messages}placeOrder",
            "{urn:shop:messages}placeOrderResponse",
            "{urn:shop:common}Money",
            "{urn:shop:common}Currency",
            "{urn:shop:notes}Note",  # the chameleon took its includer's namespace
            "{urn:shop:notes}Tag",
        ]
    )
    assert [f.label for f in loaded.source.files] == SHOP_FILES
    assert loaded.source.files == tuple(
        SourceFile(label, sha(FIXTURE / label)) for label in SHOP_FILES
    )
    assert [loaded.qname(m) for m in loaded.definitions.messages] == [
        "{urn:shop}placeOrderRequest",
        "{urn:shop}placeOrderResponse",
    ]
    note = next(cls for cls in loaded.classes if cls.name == "Note")
    tag = next(attr for attr in note.attrs if attr.name == "tag")
    assert [t.qname for t in tag.types] == ["{urn:shop:notes}Tag"]


def test_the_closure_sha256_covers_every_file_root_first() -> None:
    source = load_file(FIXTURE / "shop.wsdl").source
    root, *others = [f"{sha(FIXTURE / label)}  {label}\n" for label in SHOP_FILES]
    expected = hashlib.sha256(
        (root + "".join(sorted(others, key=lambda line: line[66:]))).encode()
    ).hexdigest()
    assert source.sha256 == sha(FIXTURE / "shop.wsdl")
    assert source.closure_sha256 == expected


def test_a_single_file_closure_sha256_is_the_file_sha256(tmp_path: Path) -> None:
    path = tmp_path / "one.wsdl"
    path.write_text(wsdl())
    source = load_file(path).source
    assert source.files == (SourceFile("one.wsdl", sha(path)),)
    assert source.closure_sha256 == source.sha256 == sha(path)


def test_editing_an_imported_file_changes_only_the_closure_sha256(
    tmp_path: Path,
) -> None:
    copy = tmp_path / "multi"
    shutil.copytree(FIXTURE, copy)
    before = load_file(copy / "shop.wsdl").source
    currency = copy / "xsd" / "parts" / "currency.xsd"
    currency.write_text(currency.read_text().replace("<!--", "<!-- edited"))
    after = load_file(copy / "shop.wsdl").source
    assert after.sha256 == before.sha256
    assert after.closure_sha256 != before.closure_sha256
    assert (
        before.closure_sha256 == load_file(FIXTURE / "shop.wsdl").source.closure_sha256
    )


def test_a_wsdl_import_with_another_namespace_is_checked_in_its_namespace(
    tmp_path: Path,
) -> None:
    """The service's WSDL (urn:svc) binds a portType and messages of urn:a."""
    (tmp_path / "interface.wsdl").write_text(wsdl())
    (tmp_path / "service.wsdl").write_text(
        '<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" '
        'xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:a="urn:a" '
        'targetNamespace="urn:svc">'
        '<wsdl:import namespace="urn:a" location="interface.wsdl"/>'
        '<wsdl:service name="Other"><wsdl:port name="P" binding="a:Binding">'
        '<soap:address location="http://127.0.0.1/y"/></wsdl:port></wsdl:service>'
        "</wsdl:definitions>"
    )
    loaded = load_file(tmp_path / "service.wsdl")
    assert [loaded.qname(m) for m in loaded.definitions.messages] == [
        "{urn:a}pingMessage"
    ]
    assert [s.name for s in loaded.definitions.services] == [
        "Other",
        "Service",
    ]  # the root's first
    assert loaded.namespace_of(loaded.definitions.services[0]) == "urn:svc"


def test_schemas_without_target_namespace_are_loaded(tmp_path: Path) -> None:
    """An inline schema and the schema it imports, neither with a namespace."""
    (tmp_path / "plain.xsd").write_text(xsd(MONEY, tns=None))
    inline = (
        '<xs:schema><xs:import schemaLocation="plain.xsd"/>'
        '<xs:element name="plain" type="Money"/></xs:schema>'
    )
    text = wsdl().replace("<wsdl:types>", "<wsdl:types>" + inline)
    text = text.replace('element="t:ping"', 'element="plain"')
    (tmp_path / "a.wsdl").write_text(text)
    loaded = load_file(tmp_path / "a.wsdl")
    assert {"Money", "plain"} <= {
        cls.qname for cls in loaded.classes
    }  # xsdata: no "{}"


def test_a_dtd_in_an_imported_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "o.xsd").write_text('<!DOCTYPE x [<!ENTITY e "boom">]>\n' + xsd(MONEY))
    imports = '<xs:import namespace="urn:other" schemaLocation="o.xsd"/>'
    (tmp_path / "a.wsdl").write_text(wsdl(imports))
    with pytest.raises(GeneratorError) as caught:
        load_file(tmp_path / "a.wsdl")
    assert caught.value.where == f"{tmp_path / 'o.xsd'}:1"
    assert "declares a DTD" in caught.value.problem


def test_an_undefined_type_in_an_imported_file_names_that_file(tmp_path: Path) -> None:
    broken = '<xs:complexType name="Money"><xs:sequence><xs:element name="a" type="o:Nowhere"/></xs:sequence></xs:complexType>'
    (tmp_path / "o.xsd").write_text(xsd("\n" + broken))
    imports = '<xs:import namespace="urn:other" schemaLocation="o.xsd"/>'
    (tmp_path / "a.wsdl").write_text(wsdl(imports))
    with pytest.raises(GeneratorError) as caught:
        load_file(tmp_path / "a.wsdl")
    assert caught.value.where == f"{tmp_path / 'o.xsd'}:2"
    assert "undefined type {urn:other}Nowhere" in caught.value.problem


@pytest.mark.parametrize(
    ("element", "expected"),
    [
        (
            '<xs:import namespace="urn:other" schemaLocation="missing.xsd"/>',
            "<xs:import schemaLocation='missing.xsd'>",
        ),
        (
            '<xs:include schemaLocation="sub/missing.xsd"/>',
            "<xs:include schemaLocation='sub/missing.xsd'>",
        ),
    ],
    ids=["xs:import", "xs:include"],
)
def test_a_missing_imported_file_is_one_line_naming_importer_element_location(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], element: str, expected: str
) -> None:
    path = tmp_path / "a.wsdl"
    path.write_text(wsdl(element))
    output = tmp_path / "out"
    code = main(["generate", "--wsdl", str(path), "--output", str(output)])
    err = capsys.readouterr().err
    location = expected.split("'")[1]
    assert code == 2
    assert err.splitlines() == [
        f"mktows-codegen: error: {path}:9: {expected}: file not found "
        f"({tmp_path / location})"
    ]
    assert not output.exists()


def test_a_missing_wsdl_import_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "a.wsdl"
    path.write_text(wsdl(imports='<wsdl:import namespace="urn:b" location="b.wsdl"/>'))
    assert main(["diff", str(path), str(path)]) == 2
    assert capsys.readouterr().err.splitlines() == [
        f"mktows-codegen: error: {path}:6: <wsdl:import location='b.wsdl'>: "
        f"file not found ({tmp_path / 'b.wsdl'})"
    ]


@pytest.mark.parametrize(
    ("location", "problem"),
    [
        ("/etc/hostname", "an absolute path is refused"),
        ("file:///etc/hostname", "file: locations are refused"),
        ("ftp://example.com/a.xsd", "ftp: locations are refused"),
        ("urn:x:y", "urn: locations are refused"),
    ],
)
def test_only_relative_paths_and_http_urls_are_followed(
    tmp_path: Path, location: str, problem: str
) -> None:
    path = tmp_path / "a.wsdl"
    path.write_text(
        wsdl(f'<xs:import namespace="urn:other" schemaLocation="{location}"/>')
    )
    with pytest.raises(GeneratorError) as caught:
        load_file(path)
    assert caught.value.where == f"{path}:9: <xs:import schemaLocation={location!r}>"
    assert caught.value.problem.startswith(problem)


def test_a_relative_import_of_an_in_memory_wsdl_is_refused() -> None:
    data = wsdl('<xs:include schemaLocation="b.xsd"/>').encode()
    source = WsdlSource("mem", "<test>", data, hashlib.sha256(data).hexdigest())
    with pytest.raises(GeneratorError, match="not read from a file or a URL"):
        load(source)


def test_an_imported_file_that_is_not_a_schema_is_named(tmp_path: Path) -> None:
    (tmp_path / "o.xsd").write_text("<notes/>")
    (tmp_path / "a.wsdl").write_text(wsdl('<xs:include schemaLocation="o.xsd"/>'))
    with pytest.raises(GeneratorError) as caught:
        load_file(tmp_path / "a.wsdl")
    assert str(caught.value) == (
        f"{tmp_path / 'o.xsd'}: root element is <notes>, expected <xs:schema> in "
        "namespace http://www.w3.org/2001/XMLSchema (imported by "
        f"{tmp_path / 'a.wsdl'}:9: <xs:include schemaLocation='o.xsd'>)"
    )


# Where the schema lives (relative to tmp_path) and how the WSDL, in
# tmp_path/root/dir/, refers to it.
PATH_FORMS = [
    ("root/dir/o.xsd", "o.xsd", "o.xsd"),
    ("root/dir/o.xsd", "./o.xsd", "o.xsd"),
    ("root/dir/sub/o.xsd", "sub/o.xsd", "sub/o.xsd"),
    ("root/dir/sub/o.xsd", "sub/./o.xsd", "sub/o.xsd"),
    ("root/dir/o.xsd", "sub/../o.xsd", "o.xsd"),
    ("root/o.xsd", "../o.xsd", "../o.xsd"),
    ("other/o.xsd", "../../other/o.xsd", "../../other/o.xsd"),
    ("root/dir/sub dir/o.xsd", "sub dir/o.xsd", "sub dir/o.xsd"),
    ("root/dir/sub dir/o.xsd", "sub%20dir/o.xsd", "sub%20dir/o.xsd"),
    ("root/dir/o.xsd", "o.xsd#fragment", "o.xsd"),
]


@pytest.mark.parametrize(("placed", "location", "label"), PATH_FORMS)
def test_relative_locations_resolve_against_the_importing_file(
    tmp_path: Path, placed: str, location: str, label: str
) -> None:
    schema_path = tmp_path / placed
    schema_path.parent.mkdir(parents=True, exist_ok=True)
    schema_path.write_text(xsd(MONEY))
    root = tmp_path / "root" / "dir" / "a.wsdl"
    root.parent.mkdir(parents=True, exist_ok=True)
    imports = f'<xs:import namespace="urn:other" schemaLocation="{location}"/>'
    text = wsdl(imports + '<xs:element name="price" type="o:Money"/>')
    root.write_text(text.replace("xmlns:t=", 'xmlns:o="urn:other" xmlns:t='))
    loaded = load_file(root)
    assert "{urn:other}Money" in {cls.qname for cls in loaded.classes}
    assert [f.label for f in loaded.source.files] == ["a.wsdl", label]


def test_element_references_and_anonymous_types_across_files_are_defined(
    tmp_path: Path,
) -> None:
    """``ref=`` names an element of the imported schema; ``shape`` is anonymous."""
    body = (
        '<xs:element name="thing"><xs:complexType><xs:sequence>'
        '<xs:element name="shape"><xs:complexType><xs:sequence>'
        '<xs:element name="sides" type="xs:int"/>'
        "</xs:sequence></xs:complexType></xs:element>"
        "</xs:sequence></xs:complexType></xs:element>"
    )
    (tmp_path / "o.xsd").write_text(xsd(body))
    uses = (
        IMPORT_O.format("o.xsd")
        + '<xs:element name="box"><xs:complexType><xs:sequence>'
        '<xs:element ref="o:thing"/></xs:sequence></xs:complexType></xs:element>'
    )
    text = wsdl(uses).replace("xmlns:t=", 'xmlns:o="urn:other" xmlns:t=')
    (tmp_path / "a.wsdl").write_text(text)
    loaded = load_file(tmp_path / "a.wsdl")
    assert {"{urn:types}box", "{urn:other}thing"} <= {c.qname for c in loaded.classes}
    (tmp_path / "a.wsdl").write_text(text.replace("o:thing", "o:nothing"))
    with pytest.raises(GeneratorError, match=r"undefined type \{urn:other\}nothing"):
        load_file(tmp_path / "a.wsdl")


def test_a_port_naming_a_binding_in_the_wrong_namespace_is_refused(
    tmp_path: Path,
) -> None:
    """The binding is imported from urn:a; the port names it in urn:svc."""
    (tmp_path / "interface.wsdl").write_text(wsdl())
    (tmp_path / "service.wsdl").write_text(
        '<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/"\n'
        'xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:s="urn:svc" '
        'targetNamespace="urn:svc">'
        '<wsdl:import namespace="urn:a" location="interface.wsdl"/>\n'
        '<wsdl:service name="Other"><wsdl:port name="P" binding="s:Binding">'
        '<soap:address location="http://127.0.0.1/y"/></wsdl:port></wsdl:service>'
        "</wsdl:definitions>"
    )
    with pytest.raises(GeneratorError) as caught:
        load_file(tmp_path / "service.wsdl")
    assert str(caught.value) == (
        f"{tmp_path / 'service.wsdl'}:3: service Other, port P: refers to "
        "undefined binding {urn:svc}Binding"
    )


def test_a_type_attribute_naming_an_element_is_still_undefined(tmp_path: Path) -> None:
    """``type="o:thing"`` where ``thing`` is an element, not a type."""
    body = '<xs:element name="thing" type="xs:string"/>'
    (tmp_path / "o.xsd").write_text(xsd(body))
    uses = (
        IMPORT_O.format("o.xsd") + '<xs:complexType name="Box"><xs:sequence>'
        '<xs:element name="content" type="o:thing"/></xs:sequence></xs:complexType>'
    )
    text = wsdl(uses).replace("xmlns:t=", 'xmlns:o="urn:other" xmlns:t=')
    (tmp_path / "a.wsdl").write_text(text)
    with pytest.raises(GeneratorError, match=r"undefined type \{urn:other\}thing"):
        load_file(tmp_path / "a.wsdl")

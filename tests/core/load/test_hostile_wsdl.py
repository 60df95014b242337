"""Hostile and careless WSDLs: each is one line on stderr, exit 2, nothing written.

A DTD (internal entities, an external DTD, billion laughs) is refused by
``generate`` and ``diff`` alike, as the generated client and server refuse one. A
binding operation the port type lacks, an empty port type and a chain of nested
types deeper than :data:`generator.load.references.MAX_TYPE_DEPTH` are named, not tracebacks.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.cli.main import main
from generator.load import wsdl as load_module
from generator.load.references import MAX_TYPE_DEPTH
from generator.load.sources import resolve
from generator.load.wsdl import load
from generator.model.api import build_model
from tests.support.wsdl_fragments import BASE, edit

DEFINITIONS = "<wsdl:definitions"
PALETTE_FIELD = '<xs:element name="paletteName" type="xs:string"/>'

DTDS = {
    "internal-entity": '<!DOCTYPE wsdl:definitions [<!ENTITY shop "Paint Shop">]>',
    "external-dtd": '<!DOCTYPE wsdl:definitions SYSTEM "http://127.0.0.1:9/x.dtd">',
    "billion-laughs": "<!DOCTYPE wsdl:definitions ["
    '<!ENTITY a "aaaaaaaaaa">'
    '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">'
    '<!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>',
}


def with_dtd(doctype: str) -> str:
    """BASE with ``doctype`` before its root, and an entity used in a documentation."""
    text = edit(BASE, (DEFINITIONS, f"{doctype}\n{DEFINITIONS}", 1))
    if "ENTITY" in doctype:
        entity = "shop" if "shop" in doctype else "d"
        text = edit(text, ("Paint something.", f"Paint &{entity};.", 1))
    return text


def nested_types(levels: int) -> str:
    """BASE whose ``Palette`` holds a chain of ``levels`` named types, T0 > T1 > ..."""
    chain = "".join(
        f'<xs:complexType name="T{i}"><xs:sequence>'
        f'<xs:element name="next" type="tns:T{i + 1}" minOccurs="0"/>'
        "</xs:sequence></xs:complexType>\n"
        for i in range(levels - 1)
    )
    chain += (
        f'<xs:complexType name="T{levels - 1}"><xs:sequence>'
        '<xs:element name="leaf" type="xs:string"/></xs:sequence></xs:complexType>\n'
    )
    return edit(
        BASE,
        (
            PALETTE_FIELD,
            PALETTE_FIELD + '<xs:element name="deep" type="tns:T0" minOccurs="0"/>',
            1,
        ),
        (
            '<xs:complexType name="Palette">',
            chain + '<xs:complexType name="Palette">',
            1,
        ),
    )


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    return code, capsys.readouterr().err


def assert_one_line_error(code: int, err: str, *needles: str) -> None:
    assert code == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    for needle in needles:
        assert needle in lines[0], lines[0]


def generate(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str, text: str
) -> tuple[int, str]:
    wsdl = tmp_path / name
    wsdl.write_text(text)
    output = tmp_path / "out" / "pkg"
    result = run(capsys, "generate", "--wsdl", str(wsdl), "--output", str(output))
    assert not output.parent.exists()
    return result


@pytest.mark.parametrize("kind", sorted(DTDS))
def test_generate_refuses_a_dtd(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, kind: str
) -> None:
    code, err = generate(capsys, tmp_path, f"{kind}.wsdl", with_dtd(DTDS[kind]))
    assert_one_line_error(code, err, f"{kind}.wsdl:3:", "declares a DTD", "refused")


def test_diff_refuses_a_dtd_on_either_side(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    plain = tmp_path / "plain.wsdl"
    plain.write_text(BASE)
    hostile = tmp_path / "entity.wsdl"
    hostile.write_text(with_dtd(DTDS["internal-entity"]))
    for old, new in ((plain, hostile), (hostile, plain)):
        code, err = run(capsys, "diff", str(old), str(new))
        assert_one_line_error(code, err, "entity.wsdl:3:", "declares a DTD")


def test_a_binding_operation_missing_from_the_port_type(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    binding = BASE.index("<wsdl:binding")
    text = BASE[:binding] + edit(
        BASE[binding:],
        ('<wsdl:operation name="erase">', '<wsdl:operation name="wipe">', 1),
    )
    code, err = generate(capsys, tmp_path, "wipe.wsdl", text)
    assert_one_line_error(
        code,
        err,
        "wipe.wsdl:",
        "binding Binding, operation wipe: not in portType Port",
        "erase, paint",
    )


def test_an_empty_port_type(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    start = BASE.index('<wsdl:portType name="Port">')
    end = BASE.index("</wsdl:portType>")
    text = BASE[:start] + '<wsdl:portType name="Port">' + BASE[end:]
    code, err = generate(capsys, tmp_path, "empty.wsdl", text)
    assert_one_line_error(code, err, "empty.wsdl:", "portType Port: has no operations")


def test_a_port_type_operation_without_input_or_output(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Without its output it is one-way (generated); without both it is refused."""
    text = edit(
        BASE,
        ('<wsdl:output message="tns:EraseResponse"/>', "", 1),
        ('<wsdl:input message="tns:EraseRequest"/>', "", 1),
    )
    code, err = generate(capsys, tmp_path, "oneway.wsdl", text)
    assert_one_line_error(
        code,
        err,
        "oneway.wsdl:",
        "operation erase: has neither <wsdl:input> nor <wsdl:output>",
    )


def test_a_chain_of_200_nested_types_is_named_not_a_recursion_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, err = generate(capsys, tmp_path, "deep.wsdl", nested_types(200))
    assert_one_line_error(
        code,
        err,
        "deep.wsdl:",
        "type T0: types nest 101 or more levels deep (T0 > T1 > T2 > ... > T100)",
        f"expected at most {MAX_TYPE_DEPTH}",
    )


def test_the_deepest_chain_allowed_is_modelled(tmp_path: Path) -> None:
    """paramsPaint > ParamsPaint > Palette > T0 ... : exactly MAX_TYPE_DEPTH levels."""
    wsdl = tmp_path / "limit.wsdl"
    wsdl.write_text(nested_types(MAX_TYPE_DEPTH - 3))
    model = build_model(load(resolve(str(wsdl))), "pkg")
    assert {"T0", f"T{MAX_TYPE_DEPTH - 4}"} <= {cls.name for cls in model.classes}
    wsdl.write_text(nested_types(MAX_TYPE_DEPTH - 2))
    with pytest.raises(load_module.GeneratorError, match="paramsPaint: types nest 101"):
        load(resolve(str(wsdl)))


def test_a_recursive_type_is_not_a_chain(tmp_path: Path) -> None:
    wsdl = tmp_path / "recursive.wsdl"
    wsdl.write_text(
        edit(
            BASE,
            (
                PALETTE_FIELD,
                PALETTE_FIELD
                + '<xs:element name="inner" type="tns:Palette" minOccurs="0"/>',
                1,
            ),
        )
    )
    assert load(resolve(str(wsdl))).classes


def test_wsdl_that_is_a_directory(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, err = run(capsys, "generate", "--wsdl", str(tmp_path), "--output", "x")
    assert_one_line_error(code, err, str(tmp_path), "is a directory")


def test_an_empty_wsdl_spec_is_an_error_not_the_current_directory(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, err = run(capsys, "diff", "", "2_6")
    assert_one_line_error(code, err, "''", "empty; expected a WSDL file")


def test_a_schema_prefix_bound_to_another_namespace_is_named(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """xsdata's parser lost its way here (IndexError); found by the fuzz test."""
    text = edit(
        BASE,
        (
            'xmlns:xs="http://www.w3.org/2001/XMLSchema"',
            'xmlns:xs="urn:swapped"',
            1,
        ),
    )
    code, err = generate(capsys, tmp_path, "swapped.wsdl", text)
    assert_one_line_error(
        code,
        err,
        "swapped.wsdl:",
        "<wsdl:types> holds <schema xmlns='urn:swapped'>",
        "expected <xs:schema> in namespace http://www.w3.org/2001/XMLSchema",
    )


def test_a_type_defined_twice_is_named_not_silently_merged(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """xsdata keeps the last of two definitions and only logs it."""
    start = BASE.index('<xs:complexType name="Palette">')
    end = BASE.index("</xs:complexType>", start) + len("</xs:complexType>")
    text = BASE[:end] + BASE[start:end] + BASE[end:]
    code, err = generate(capsys, tmp_path, "twice.wsdl", text)
    assert_one_line_error(
        code, err, "twice.wsdl:", "type Palette is defined again (first at "
    )

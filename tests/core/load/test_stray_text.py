"""Text where WSDL and XML Schema allow only elements is one line naming the file,
the line, the element it follows and the element it is in, before xsdata reads the
document (xsdata fails on it with ``AttributeError("'str' object attribute 'index'
is read-only")``, which names nothing). The corpus case ``node-soap/builtin_types``
has such a stray ``e`` after an ``xs:element`` in its ``xs:schema``.

Text in ``xs:documentation``, ``xs:appinfo`` and ``wsdl:documentation`` is content,
and whitespace between elements is layout: both load as before.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.cli.main import main
from generator.errors import GeneratorError
from tests.support.wsdl_documents import IMPORT_O, MONEY, load_file, wsdl, xsd

SCHEMA = (
    '<xs:element name="a" type="xs:string"/>\n'
    '<xs:complexType name="C"><xs:sequence>\n'
    '<xs:element name="x" type="xs:string"/>\n'
    '<xs:element name="y" type="xs:string"/>\n'
    "</xs:sequence></xs:complexType>\n"
    '<xs:simpleType name="S"><xs:restriction base="xs:string">\n'
    '<xs:enumeration value="A"/>\n'
    '<xs:enumeration value="B"/>\n'
    "</xs:restriction></xs:simpleType>\n"
    '<xs:element name="d" type="xs:string"><xs:annotation>\n'
    "<xs:documentation>About d.</xs:documentation>\n"
    "</xs:annotation></xs:element>\n"
)
# (snippet of the WSDL, what it becomes, the element named, the one it is in)
STRAY = {
    "after a schema element": (
        '<xs:element name="a" type="xs:string"/>',
        '<xs:element name="a" type="xs:string"/>e',
        "<xs:element name='a'>",
        "<xs:schema>",
    ),
    "in a sequence": (
        '<xs:element name="x" type="xs:string"/>',
        '<xs:element name="x" type="xs:string"/>stray',
        "<xs:element name='x'>",
        "<xs:sequence>",
    ),
    "between facets": (
        '<xs:enumeration value="A"/>',
        '<xs:enumeration value="A"/>,',
        "<xs:enumeration>",
        "<xs:restriction>",
    ),
    "after a documentation": (
        "<xs:documentation>About d.</xs:documentation>",
        "<xs:documentation>About d.</xs:documentation>more",
        "<xs:documentation>",
        "<xs:annotation>",
    ),
    "after a comment": (
        '<xs:element name="y" type="xs:string"/>',
        '<xs:element name="y" type="xs:string"/><!-- y -->e',
        "a comment",
        "<xs:sequence>",
    ),
    "after a message": (
        "</wsdl:message>",
        "</wsdl:message>e",
        "<wsdl:message name='pingMessage'>",
        "<wsdl:definitions>",
    ),
}


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "a.wsdl"
    path.write_text(text, encoding="utf-8")
    return path


def _line_of(text: str, snippet: str) -> int:
    return text[: text.index(snippet)].count("\n") + 1


@pytest.mark.parametrize("place", list(STRAY))
def test_stray_text_names_file_line_and_elements(place: str, tmp_path: Path) -> None:
    before, after, follows, inside = STRAY[place]
    base = wsdl(SCHEMA)
    text = base.replace(before, after, 1)
    path = _write(tmp_path, text)
    with pytest.raises(GeneratorError) as caught:
        load_file(path)
    assert caught.value.where == f"{path}:{_line_of(text, after)}"
    stray = after.removeprefix(before).rpartition(">")[2] or after[len(before) :]
    assert caught.value.problem == (
        f"text {stray!r} after {follows} in {inside}; expected only elements there"
    )


def test_stray_text_in_an_imported_schema_names_that_file(tmp_path: Path) -> None:
    (tmp_path / "o.xsd").write_text(xsd("\n" + MONEY + "?"), encoding="utf-8")
    path = _write(tmp_path, wsdl(IMPORT_O.format("o.xsd")))
    with pytest.raises(GeneratorError) as caught:
        load_file(path)
    assert caught.value.where == f"{tmp_path / 'o.xsd'}:2"
    assert caught.value.problem.startswith(
        "text '?' after <xs:complexType name='Money'>"
    )


def test_the_cli_refuses_it_in_one_line_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = wsdl(SCHEMA).replace(
        '<xs:element name="a" type="xs:string"/>',
        '<xs:element name="a" type="xs:string"/>e',
    )
    output = tmp_path / "out"
    code = main(
        ["generate", "--wsdl", str(_write(tmp_path, text)), "--output", str(output)]
    )
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and "xsdata" not in err, err
    assert err.startswith(f"mktows-codegen: error: {tmp_path / 'a.wsdl'}:")
    assert "text 'e' after <xs:element name='a'> in <xs:schema>" in err
    assert not output.exists()


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("About d.", "About <b>d</b>, and more."),  # markup in xs:documentation
        (
            "<wsdl:types>",
            "<wsdl:documentation>A <i>shop</i> too.</wsdl:documentation>"
            "<wsdl:types>",
        ),
        ("<xs:annotation>", "<xs:annotation><xs:appinfo><x/>note</xs:appinfo>"),
        ("About d.", "<xs:list><xs:item/>, and</xs:list>"),  # XSD-looking markup
        ("</xs:sequence>", "\n\t  </xs:sequence>"),  # whitespace is layout
    ],
    ids=[
        "xs:documentation",
        "wsdl:documentation",
        "xs:appinfo",
        "xs:-markup-in-documentation",
        "whitespace",
    ],
)
def test_text_where_text_belongs_still_loads(
    before: str, after: str, tmp_path: Path
) -> None:
    text = wsdl(SCHEMA).replace(before, after, 1)
    assert text != wsdl(SCHEMA)
    loaded = load_file(_write(tmp_path, text))
    assert "C" in {cls.name for cls in loaded.classes}


EMPTY_ENDS = [i + 2 for i in range(len(SCHEMA)) if SCHEMA.startswith("/>", i)]


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    end=st.sampled_from(EMPTY_ENDS),
    stray=st.text(
        st.characters(
            codec="utf-8", exclude_categories=("Cs", "Cc"), exclude_characters="<&]"
        ),
        min_size=1,
        max_size=5,
    ).filter(str.strip),
)
def test_any_stray_text_after_any_empty_element_is_named_not_a_traceback(
    end: int, stray: str, tmp_path: Path
) -> None:
    text = wsdl(SCHEMA[:end] + stray + SCHEMA[end:])
    with pytest.raises(GeneratorError) as caught:
        load_file(_write(tmp_path, text))
    line = _line_of(text, SCHEMA[:end] + stray) + SCHEMA[:end].count("\n")
    assert caught.value.where == f"{tmp_path / 'a.wsdl'}:{line}"
    assert caught.value.problem.startswith(f"text {stray.strip()!r} after <xs:")
    assert caught.value.problem.endswith("; expected only elements there")

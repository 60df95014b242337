"""WSDL text, file names and options reach generated Python as data, never as code.

Hostile text goes into every WSDL string that reaches the output; the generated
package must import, and every value must come back exactly where the package
exposes it (``Operation.soap_action``, ``NAMESPACE``, ``_provenance.WSDL``...).
XML 1.0 cannot carry NUL or most control characters, so WSDL-borne strings are
XML-legal text; NUL goes through the file name and straight into the quoting rules.
"""

from __future__ import annotations

import ast
import dataclasses
import importlib
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.errors import GeneratorError
from generator.model.naming import CLIENT_MEMBERS
from generator.options import Options
from generator.render.quoting import prose, py_literal
from tests.support.packages import generate_and_import
from tests.support.wsdl_fragments import BASE, edit

HOSTILE = [
    '"); import os; os.system("echo PWNED") #',
    '"""\nimport os\n"""',
    "\\",
    "x\\",
    '"',
    "# \\\n",
    "\\N{BOGUS} \\x \\u12",
    "é ☃ \U0001d518 \u2028 \u0085",
]
# XML 1.0 characters: no NUL, no C0 controls but tab, newline and carriage return.
XML_CHARS = st.characters(
    exclude_categories=["Cs"],
    exclude_characters="".join(chr(c) for c in range(32) if chr(c) not in "\t\n\r")
    + "\ufffe\uffff",
)
XML_TEXT = st.one_of(st.sampled_from(HOSTILE), st.text(XML_CHARS, max_size=30))
ANY_TEXT = st.one_of(st.sampled_from([*HOSTILE, "\0", "a\0b"]), st.text(max_size=30))
# libxml2 insists that a namespace name is a URI: URI characters only.
URI_TEXT = st.text(
    st.sampled_from("abcXYZ019-._~:/?@!$&'()*+,;="), min_size=1, max_size=20
).map(lambda s: "urn:" + s)


def xml_attribute(value: str) -> str:
    """``value`` escaped for a double-quoted XML attribute, whitespace kept exactly."""
    for old, new in [
        ("&", "&amp;"),
        ("<", "&lt;"),
        (">", "&gt;"),
        ('"', "&quot;"),
        ("\t", "&#9;"),
        ("\n", "&#10;"),
        ("\r", "&#13;"),
    ]:
        value = value.replace(old, new)
    return value


def xml_text(value: str) -> str:
    return xml_attribute(value)


def first_line(doc: str | None) -> str:
    return (doc or "").strip().splitlines()[0]


def readable(text: str) -> bool:
    """Text the docstring shows as it is (no character had to be escaped)."""
    return not re.search(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]", " ".join(text.split()))


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    action=XML_TEXT,
    doc=XML_TEXT,
    service=XML_TEXT.filter(str.strip),  # a blank name is refused (load.shape)
    address=XML_TEXT,
    namespace=URI_TEXT,
    label=ANY_TEXT,
)
def test_wsdl_text_is_quoted_everywhere(
    packages: Path,
    action: str,
    doc: str,
    service: str,
    address: str,
    namespace: str,
    label: str,
) -> None:
    wsdl = edit(
        BASE,
        ('soapAction="urn:example/paint"', f'soapAction="{xml_attribute(action)}"'),
        ("Paint something.", xml_text(doc)),
        ('name="PaintService"', f'name="{xml_attribute(service)}"'),
        (
            'location="https://example.invalid/paint"',
            f'location="{xml_attribute(address)}"',
        ),
        ('xmlns:tns="urn:example"', f'xmlns:tns="{xml_attribute(namespace)}"'),
        (
            'targetNamespace="urn:example"',
            f'targetNamespace="{xml_attribute(namespace)}"',
            2,
        ),
    )
    package = generate_and_import(wsdl, label, packages)
    client = importlib.import_module(f"{package.__name__}.client")
    provenance = importlib.import_module(f"{package.__name__}._provenance")
    models = importlib.import_module(f"{package.__name__}.models")

    assert client.PAINT.soap_action == action
    assert namespace == client.NAMESPACE
    assert client.PAINT.response_tag == f"{{{namespace}}}successPaint"
    assert models.ParamsPaint.Meta.namespace == namespace
    assert label == provenance.WSDL
    assert label == package.WSDL_REVISION
    shown = " ".join(doc.split()) or "paint"
    if readable(doc):
        assert first_line(client.Client.paint.__doc__) == shown
    if readable(service) and service.strip():
        assert " ".join(service.split()) in (client.__doc__ or "")


NAMES = st.one_of(
    st.sampled_from(["import", "class", "None", "def", "await", "match", "é-x.y"]),
    st.from_regex(r"[A-Za-z_][A-Za-z0-9_.\-é]{0,8}", fullmatch=True),
)
TAKEN = {
    re.sub(r"[\W_]", "", name.lower())
    for name in [*re.findall(r'name="([^"]+)"', BASE), "unknownelements"]
}


def free(name: str) -> bool:
    flat = re.sub(r"[\W_]", "", name.lower())
    return bool(flat) and flat not in TAKEN and flat[0].isalpha()


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    operation=NAMES.filter(free),
    type_name=NAMES.filter(free),
    field_name=NAMES.filter(free),
)
def test_xml_names_become_python_names(
    packages: Path, operation: str, type_name: str, field_name: str
) -> None:
    wsdl = edit(
        BASE,
        ('operation name="paint"', f'operation name="{operation}"', 2),
        ('name="Palette"', f'name="{type_name}"'),
        ('"tns:Palette"', f'"tns:{type_name}"', 2),
        ('name="width"', f'name="{field_name}"'),
    )
    package = generate_and_import(wsdl, "names.wsdl", packages)
    client = importlib.import_module(f"{package.__name__}.client")
    models = importlib.import_module(f"{package.__name__}.models")

    operations = [v for v in vars(client).values() if isinstance(v, client.Operation)]
    assert sorted(op.name for op in operations) == sorted([operation, "erase"])
    methods = {m for m in vars(client.Client) if not m.startswith("__")}
    assert "erase" in methods
    # besides the members the template defines, only the renamed operation's own
    assert len(methods - CLIENT_MEMBERS - {"erase"}) == 1
    xml_fields = [
        f.metadata.get("name", f.name) for f in dataclasses.fields(models.ParamsPaint)
    ]
    assert field_name in xml_fields
    xml_types = [
        getattr(getattr(cls, "Meta", None), "name", cls.__name__)
        for cls in vars(models).values()
        if isinstance(cls, type) and cls.__module__ == models.__name__
    ]
    assert type_name in xml_types


@given(ANY_TEXT)
def test_prose_is_safe_in_a_docstring_and_a_comment(text: str) -> None:
    escaped = prose(text)
    tree = ast.parse(f'"""{escaped}"""\n# {escaped}\nx = 1\n')
    shown = tree.body[0].value.value  # type: ignore[attr-defined]
    assert "\n" not in escaped and "\0" not in escaped
    assert len(tree.body) == 2  # the comment did not become code
    if readable(text):
        assert shown == " ".join(text.split())


@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(),
        lambda inner: st.lists(inner, max_size=3)
        | st.tuples(inner)
        | st.dictionaries(st.text(max_size=5), inner, max_size=3),
        max_leaves=8,
    )
)
def test_py_literal_round_trips(value: object) -> None:
    assert ast.literal_eval(py_literal(value)) == value


@pytest.mark.parametrize("package", ['a"b', "a.b-c", "import", "a..b", "os.path\n"])
def test_a_package_name_that_is_not_a_python_path_is_refused(
    package: str, tmp_path: Path
) -> None:
    with pytest.raises(GeneratorError):
        Options(wsdl="x.wsdl", package=package, output=tmp_path / "out")

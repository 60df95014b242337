"""One naming rule for every identifier the generator writes.

XML names may be Python keywords (``import``, ``class``, ``None``) or hold
characters an identifier cannot (``-``, ``.``). They get a suffix the way xsdata
does (``_value`` for fields, methods and keywords, ``_type`` for classes), and the
XML name on the wire stays the schema's.
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given
from hypothesis import strategies as st
from xsdata.codegen.models import Class
from xsdata.models.enums import Tag

from generator.errors import GeneratorError
from generator.model.classes import rename_classes
from generator.model.naming import is_python_name, python_name
from tests.support.packages import generate_and_import
from tests.support.wsdl_fragments import BASE, edit

KEYWORDS_WSDL = edit(
    BASE,
    ('operation name="paint"', 'operation name="import"', 2),
    ('operation name="erase"', 'operation name="get-lead.v2"', 2),
    ('name="Palette"', 'name="class"'),
    ('"tns:Palette"', '"tns:class"', 2),
    ('name="Blob"', 'name="None"'),
    ('name="Unused"', 'name="def"'),
    ('name="width"', 'name="await"'),
    ('name="note"', 'name="from"'),
    ('name="mode"', 'name="lambda"'),
    ('part name="context"', 'part name="global"'),
    ('part="context"', 'part="global"'),
)


@pytest.fixture
def keywords(packages: Path) -> tuple[ModuleType, ModuleType]:
    """The ``client`` and ``models`` modules generated from :data:`KEYWORDS_WSDL`."""
    package = generate_and_import(KEYWORDS_WSDL, "keywords.wsdl", packages)
    return (
        importlib.import_module(f"{package.__name__}.client"),
        importlib.import_module(f"{package.__name__}.models"),
    )


def test_keywords_in_the_wsdl_generate_a_package_that_imports(
    keywords: tuple[ModuleType, ModuleType],
) -> None:
    client, models = keywords
    assert client.IMPORT_VALUE.name == "import"
    assert client.GET_LEAD_V2.name == "get-lead.v2"
    keywords = inspect.signature(client.Client.import_value).parameters
    assert {"await_value", "from_value", "lambda_value", "global_value"} <= set(
        keywords
    )
    assert callable(client.Client.get_lead_v2)
    assert models.class_type.Meta.name == "class"
    assert models.None_type.Meta.name == "None"
    assert models.def_type.Meta.name == "def"
    wire = {
        f.name: f.metadata.get("name", f.name)
        for f in dataclasses.fields(models.ParamsPaint)
    }
    assert wire["await_value"] == "await"
    assert wire["from_value"] == "from"
    assert wire["lambda_value"] == "lambda"
    assert (
        models.ParamsPaint.__dataclass_fields__["palette"].type == "None | class_type"
    )


def test_a_keyword_header_part_is_sent_under_its_xml_name(
    keywords: tuple[ModuleType, ModuleType],
) -> None:
    client, models = keywords
    assert client.IMPORT_VALUE.headers == ("auth", "global")
    default = models.ContextHeader(workspace="w")
    made = client.Client("https://example.invalid/", "u", "s", global_value=default)
    assert made.default_headers == {"global": default}


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("import", "import_value"),
        ("None", "None_value"),
        ("get-lead.v2", "get_lead_v2"),
        ("ﬁle", "file"),  # NFKC, as Python's parser reads it
        ("match", "match"),  # a soft keyword is a fine identifier
        ("print", "print"),  # shadowing a builtin is fine
        ("A\U000118ea", "A_"),  # \w takes this digit (No); an identifier does not
    ],
)
def test_the_naming_rule(name: str, expected: str) -> None:
    assert python_name(name) == expected
    assert is_python_name(expected)


def test_a_name_that_cannot_become_an_identifier_is_refused() -> None:
    with pytest.raises(ValueError, match="not a Python identifier"):
        python_name("1abc")


@given(st.from_regex(r"[A-Za-z_][\w.\-]*", fullmatch=True))
def test_every_xml_name_becomes_a_usable_identifier(name: str) -> None:
    result = python_name(name)
    assert is_python_name(result)
    compile(f"def {result}(): pass\nclass {result}: pass\n", "<test>", "exec")


def test_a_class_rename_to_a_keyword_is_refused() -> None:
    with pytest.raises(GeneratorError, match="Palette=class: expected a free"):
        palette = Class(qname="{urn:example}Palette", tag=Tag.COMPLEX_TYPE, location="")
        rename_classes([palette], {"Palette": "class"})

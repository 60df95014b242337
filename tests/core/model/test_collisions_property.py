"""Property: whatever names a WSDL picks, the package works or the run is refused.

Operation, type, field and enumeration names are drawn from a vocabulary of the
names the generated code reserves, Python keywords, and pairs that differ only in
case or separators. Generation either succeeds, and then every operation is a
method taking its request's fields, every renamed type is a class and the enum's
members are distinct; or it is refused with one line (the CLI's exit 2).
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.errors import GeneratorError
from tests.support.packages import generate_and_import
from tests.support.wsdl_fragments import BASE, edit

NAMES = [
    # Client members, module constants and imports, helper keywords
    "call", "endpoint", "user_id", "userId", "close", "retry", "namespace",
    "defaultTimeout", "NAMESPACE", "Client", "Operation", "TypeVar", "dataclass",
    "field", "Enum", "Decimal", "XmlDateTime", "parsers", "models", "Nil",
    "unknownElements", "unknown_elements", "context", "self", "request", "client",
    "progress",
    # keywords
    "class", "import", "None", "await", "lambda",
    # pairs differing in case or separators
    "getLead", "get_lead", "GetLead", "get-lead", "get.lead", "fooBar", "foo_bar",
    "FooBar", "foobar", "Lead", "lead", "paramsPaint", "Params_Paint",
]  # fmt: skip
TAKEN = frozenset({"color", "palette", "shape", "mode", "tags", "ParamsPaint", "Color"})
ENUM_VALUES = ["1", "VALUE_1", "value", "Value", "RED", "red", "class", "a b", "a-b"]


def wsdl_for(
    ops: list[str], types: list[str], fields: list[str], values: list[str]
) -> str:
    edits: list[tuple[str, str] | tuple[str, str, int]] = [
        ('operation name="paint"', f'operation name="{ops[0]}"', 2),
        ('operation name="erase"', f'operation name="{ops[1]}"', 2),
        ('name="Blob"', f'name="{types[0]}"'),
        ('name="Unused"', f'name="{types[1]}"'),
        ('name="width"', f'name="{fields[0]}"'),
        ('name="note"', f'name="{fields[1]}"'),
        ('value="RED"', f'value="{values[0]}"'),
        ('value="GREEN"', f'value="{values[1]}"'),
    ]
    return edit(BASE, *edits)


def pick(
    count: int, exclude: frozenset[str] = frozenset()
) -> st.SearchStrategy[list[str]]:
    names = [n for n in NAMES if n not in exclude]
    return st.lists(st.sampled_from(names), min_size=count, max_size=count, unique=True)


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    ops=pick(2),
    types=pick(2, TAKEN),
    fields=pick(2, TAKEN),
    values=st.lists(st.sampled_from(ENUM_VALUES), min_size=2, max_size=2, unique=True),
)
def test_any_names_give_a_working_package_or_one_line(
    packages: Path,
    ops: list[str],
    types: list[str],
    fields: list[str],
    values: list[str],
) -> None:
    try:
        package = generate_and_import(
            wsdl_for(ops, types, fields, values), "p.wsdl", packages
        )
    except GeneratorError as error:
        assert "\n" not in str(error) and "expected" in str(error)
        return
    client = importlib.import_module(f"{package.__name__}.client")
    models = importlib.import_module(f"{package.__name__}.models")
    importlib.import_module(f"{package.__name__}.parsers")
    importlib.import_module(f"{package.__name__}.serializers")
    made = client.Client("https://example.invalid/", "u", "s")
    assert made.endpoint == "https://example.invalid/" and callable(made.call)
    operations = [
        value for value in vars(client).values() if type(value).__name__ == "Operation"
    ]
    assert sorted(op.name for op in operations) == sorted(ops)
    methods = {
        name: member
        for name, member in vars(client.Client).items()
        if inspect.isfunction(member) and not name.startswith("_") and name != "call"
    }
    assert len(methods) == 2
    requests = {models.ParamsPaint, models.ParamsErase}
    for method in methods.values():
        parameters = set(inspect.signature(method).parameters)
        wanted = [
            {
                f.name
                for f in dataclasses.fields(r)
                if f.name not in ("unknown_elements", "unknown_attributes")
            }
            for r in requests
        ]
        assert any(fields_of <= parameters for fields_of in wanted)
    xml_names = {
        getattr(getattr(cls, "Meta", None), "name", cls.__name__)
        for cls in vars(models).values()
        if isinstance(cls, type) and cls.__module__ == models.__name__
    }
    assert set(types) <= xml_names
    assert sorted(member.value for member in models.Color) == sorted(values)
    wire = {
        f.metadata.get("name", f.name) for f in dataclasses.fields(models.ParamsPaint)
    }
    assert set(fields) <= wire

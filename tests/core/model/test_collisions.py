"""Name collisions: a WSDL name that lands on a name the generated code already uses.

Each reproduction here generated a broken package with exit 0 before the naming
rule knew each scope's reserved names (see :mod:`generator.model.naming`).
"""

from __future__ import annotations

import ast
import dataclasses
import hashlib
import importlib
import inspect
from pathlib import Path
from types import ModuleType

import pytest

from generator.cli.main import main
from generator.errors import GeneratorError
from generator.load.sources import WsdlSource
from generator.model.naming import (
    CALL_KEYWORDS,
    CLASS_RESERVED,
    CLIENT_MEMBERS,
    CLIENT_MODULE,
    HELPER_FUNCTIONS,
    is_dunder,
)
from generator.options import Options
from generator.pipeline import build, model_for
from tests.support.packages import generate_and_import
from tests.support.wsdl_fragments import BASE, edit


def rename_operation(old: str, new: str) -> tuple[str, str, int]:
    return (f'operation name="{old}"', f'operation name="{new}"', 2)


def rename_type(old: str, new: str) -> list[tuple[str, str] | tuple[str, str, int]]:
    count = BASE.count(f'"tns:{old}"')
    return [(f'name="{old}"', f'name="{new}"'), (f'"tns:{old}"', f'"tns:{new}"', count)]


def modules(package: ModuleType) -> dict[str, ModuleType]:
    return {
        name: importlib.import_module(f"{package.__name__}.{name}")
        for name in ("client", "models", "parsers", "serializers")
    }


def refusal(wsdl: str, **options: object) -> str:
    data = wsdl.encode()
    source = WsdlSource("t.wsdl", "<test>", data, hashlib.sha256(data).hexdigest())
    with pytest.raises(GeneratorError) as caught:
        build_options = Options(wsdl="t.wsdl", package="p", **options)  # type: ignore[arg-type]
        build(build_options, model_for(build_options, source))
    message = str(caught.value)
    assert "\n" not in message
    return message


@pytest.mark.parametrize(
    ("xml", "method", "constant"),
    [
        ("_transport", "_transport_value", "_TRANSPORT_VALUE"),
        ("call", "call_value", "CALL_VALUE"),
        ("endpoint", "endpoint_value", "ENDPOINT_VALUE"),
        ("user_id", "user_id_value", "USER_ID_VALUE"),
        ("userId", "user_id_value", "USER_ID_VALUE"),
        ("close", "close_value", "CLOSE_VALUE"),
        ("namespace", "namespace_value", "NAMESPACE_VALUE"),
        ("defaultTimeout", "default_timeout_value", "DEFAULT_TIMEOUT_VALUE"),
        ("maxResponseBytes", "max_response_bytes_value", "MAX_RESPONSE_BYTES_VALUE"),
        ("readOperations", "read_operations_value", "READ_OPERATIONS_VALUE"),
    ],
)
def test_an_operation_named_like_a_client_member_gets_a_suffix(
    packages: Path, xml: str, method: str, constant: str
) -> None:
    package = generate_and_import(
        edit(BASE, rename_operation("paint", xml)), "ops.wsdl", packages
    )
    client = modules(package)["client"]
    made = client.Client("https://example.invalid/", "u", "s")
    assert made.endpoint == "https://example.invalid/"
    assert "example.invalid" in repr(made)
    assert inspect.signature(client.Client.call).parameters.keys() >= {"operation"}
    assert getattr(client, constant).name == xml
    assert client.NAMESPACE == "urn:example"
    assert client.DEFAULT_TIMEOUT == (10, 90)
    assert "color" in inspect.signature(getattr(client.Client, method)).parameters


@pytest.mark.parametrize("xml", ["__init__", "__repr__", "__x"])
def test_an_operation_python_would_mangle_is_refused(xml: str) -> None:
    assert f"operation {xml!r}: becomes the method" in refusal(
        edit(BASE, rename_operation("paint", xml))
    )


def test_two_operations_with_one_python_name_both_stay(packages: Path) -> None:
    wsdl = edit(
        BASE,
        rename_operation("paint", "getLead"),
        rename_operation("erase", "get_lead"),
    )
    client = modules(generate_and_import(wsdl, "ops.wsdl", packages))["client"]
    assert client.GET_LEAD.name == "get_lead"  # the literal one keeps the name
    assert client.GETLEAD.name == "getLead"  # the other keeps its XML name
    assert "erase_id" in inspect.signature(client.Client.get_lead).parameters
    assert "color" in inspect.signature(client.Client.getLead).parameters


def test_operations_no_rule_can_tell_apart_are_refused() -> None:
    wsdl = edit(
        BASE, rename_operation("paint", "getLead"), rename_operation("erase", "GetLead")
    )
    message = refusal(wsdl)
    assert "'getLead' and 'GetLead'" in message and "operations" in message


@pytest.mark.parametrize("xml", ["unknownElements", "unknown_elements"])
def test_a_field_named_like_the_wildcard_field_gets_a_suffix(
    packages: Path, xml: str
) -> None:
    wsdl = edit(BASE, ('name="width"', f'name="{xml}"'))
    made = modules(generate_and_import(wsdl, "fields.wsdl", packages))
    fields = {f.name: f for f in dataclasses.fields(made["models"].ParamsPaint)}
    assert fields["unknown_elements_value"].metadata["name"] == xml
    assert fields["unknown_elements"].default_factory is list  # type: ignore[misc]
    parameters = inspect.signature(made["client"].Client.paint).parameters
    assert "unknown_elements_value" in parameters


@pytest.mark.parametrize("xml", ["unknownAttributes", "unknown_attributes"])
def test_an_attribute_named_like_the_unknown_attributes_field_gets_a_suffix(
    packages: Path, xml: str
) -> None:
    wsdl = edit(BASE, ('name="width"', f'name="{xml}"'))
    made = modules(generate_and_import(wsdl, "attributes.wsdl", packages))
    fields = {f.name: f for f in dataclasses.fields(made["models"].ParamsPaint)}
    assert fields["unknown_attributes_value"].metadata["name"] == xml
    assert fields["unknown_attributes"].default_factory is dict  # type: ignore[misc]
    parameters = inspect.signature(made["client"].Client.paint).parameters
    assert (
        "unknown_attributes_value" in parameters
        and "unknown_attributes" not in parameters
    )


def test_a_field_named_like_a_header_keyword_moves_the_keyword(packages: Path) -> None:
    wsdl = edit(BASE, ('name="width"', 'name="context"'))
    made = modules(generate_and_import(wsdl, "fields.wsdl", packages))
    parameters = inspect.signature(made["client"].Client.paint).parameters
    assert {"context", "context_value"} <= set(parameters)
    header = made["models"].ContextHeader(workspace="w")
    client = made["client"].Client(
        "https://example.invalid/", "u", "s", context_value=header
    )
    assert client.default_headers == {"context": header}


@pytest.mark.parametrize("xml", ["self", "request", "client", "progress"])
def test_a_field_named_like_a_method_keyword_gets_a_suffix(
    packages: Path, xml: str
) -> None:
    wsdl = edit(BASE, ('name="width"', f'name="{xml}"'))
    made = modules(generate_and_import(wsdl, "fields.wsdl", packages))
    assert f"{xml}_value" in inspect.signature(made["client"].Client.paint).parameters


def test_two_fields_with_one_python_name_are_refused() -> None:
    wsdl = edit(
        BASE, ('name="width"', 'name="fooBar"'), ('name="note"', 'name="foo_bar"')
    )
    assert "fields 'fooBar' and 'foo_bar'" in refusal(wsdl)


def test_enum_values_with_one_member_name_are_refused() -> None:
    wsdl = edit(
        BASE, ('value="RED"', 'value="1"'), ('value="GREEN"', 'value="VALUE_1"')
    )
    assert "values '1' and 'VALUE_1'" in refusal(wsdl)


def test_enum_values_1_and_value_stay_distinct(packages: Path) -> None:
    wsdl = edit(BASE, ('value="RED"', 'value="1"'), ('value="GREEN"', 'value="value"'))
    models = modules(generate_and_import(wsdl, "enums.wsdl", packages))["models"]
    assert sorted(m.value for m in models.Color) == ["1", "value"]


@pytest.mark.parametrize(
    "xml",
    [
        "dataclass",
        "TypeVar",
        "parsers",
        "field",
        "Enum",
        "Decimal",
        "XmlDateTime",
        "Client",
        "Operation",
    ],
)
def test_a_type_named_like_an_import_gets_a_suffix(packages: Path, xml: str) -> None:
    made = modules(
        generate_and_import(
            edit(BASE, *rename_type("Palette", xml)), "t.wsdl", packages
        )
    )
    cls = getattr(made["models"], f"{xml}_type")
    assert cls.Meta.name == xml
    assert made["client"].Client.__name__ == "Client"
    palette = made["client"].Client.paint.__annotations__["palette"]
    assert palette == f"None | {xml}_type"


def test_types_differing_only_in_case_are_refused_with_a_hint() -> None:
    wsdl = edit(BASE, ('name="Blob"', 'name="lead"'), ('name="Unused"', 'name="Lead"'))
    message = refusal(wsdl)
    assert "'lead' and 'Lead'" in message and "--class-name" in message
    # and the hint works
    refusal_free = Options(wsdl="t.wsdl", package="p", class_names={"Lead": "Person"})
    data = wsdl.encode()
    source = WsdlSource("t.wsdl", "<test>", data, hashlib.sha256(data).hexdigest())
    assert "models.py" in build(refusal_free, model_for(refusal_free, source))


@pytest.mark.parametrize("target", ["Client", "dataclass", "shape", "class"])
def test_a_class_name_target_that_is_reserved_or_taken_is_refused(target: str) -> None:
    message = refusal(BASE, class_names={"Palette": target})
    assert f"Palette={target}: expected a free Python class name" in message


def test_the_cli_refuses_a_clash_with_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    wsdl = tmp_path / "clash.wsdl"
    wsdl.write_text(
        edit(BASE, ('name="Blob"', 'name="lead"'), ('name="Unused"', 'name="Lead"'))
    )
    status = main(["generate", "--wsdl", str(wsdl), "--output", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert status == 2
    assert err.count("\n") == 1 and "--class-name" in err
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("profile", ["generic", "mktows"])
def test_the_reserved_sets_cover_what_the_templates_define(profile: str) -> None:
    """Every name client.py defines besides the operations is in a reserved set."""
    data = BASE.encode()
    source = WsdlSource("t.wsdl", "<test>", data, hashlib.sha256(data).hexdigest())
    options = Options(wsdl="t.wsdl", package="p", profile=profile)
    model = model_for(options, source)
    files = build(options, model)
    tree = ast.parse(files["client.py"])
    methods = {op.method for op in model.service.operations}
    constants = {op.constant for op in model.service.operations}
    classes = {cls.name for cls in model.classes}
    module_names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom | ast.Import):
            module_names |= {(a.asname or a.name).split(".")[0] for a in node.names}
    for node in tree.body:
        if isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            module_names |= {t.id for t in targets if isinstance(t, ast.Name)}
        elif isinstance(node, ast.ClassDef | ast.FunctionDef):
            module_names.add(node.name)
    leftover = module_names - constants - classes - {"annotations"}
    assert leftover <= CLASS_RESERVED | CLIENT_MODULE | HELPER_FUNCTIONS, leftover - (
        CLASS_RESERVED | CLIENT_MODULE | HELPER_FUNCTIONS
    )
    for cls in [n for n in tree.body if isinstance(n, ast.ClassDef)]:
        defs = [
            n for n in cls.body if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)
        ]
        members = {n.name for n in defs}
        for node in ast.walk(cls):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id == "self"
                and isinstance(node.ctx, ast.Store)
            ):
                members.add(node.attr)
        extra = {m for m in members - methods if not is_dunder(m)}
        assert extra <= CLIENT_MEMBERS, extra - CLIENT_MEMBERS
        for init in [n for n in defs if n.name == "__init__"]:
            keywords = {a.arg for a in init.args.args + init.args.kwonlyargs}
            headers = {h.keyword for h in model.headers}
            assert keywords - headers <= CALL_KEYWORDS


def test_types_that_normalise_to_one_class_are_refused_not_merged() -> None:
    wsdl = edit(
        BASE, ('name="Blob"', 'name="get-lead"'), ('name="Unused"', 'name="get.lead"')
    )
    message = refusal(wsdl)
    assert "'get-lead' and 'get.lead'" in message and "--class-name" in message


def test_an_element_and_a_type_of_one_name_give_the_type_a_suffix(
    packages: Path,
) -> None:
    """Not folded (two elements use the type): xsdata would number it ``_1``."""
    reuse = '<xs:element name="successWipe" type="tns:SuccessErase"/>'
    wsdl = edit(
        BASE,
        (
            '<xs:element name="successErase" type="tns:SuccessErase"/>',
            '<xs:element name="successErase" type="tns:SuccessErase"/>' + reuse,
        ),
    )
    models = modules(generate_and_import(wsdl, "t.wsdl", packages))["models"]
    assert models.SuccessErase_type.Meta.name == "SuccessErase"
    assert issubclass(models.successErase, models.SuccessErase_type)

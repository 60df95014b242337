"""``--class-name`` with classes of one XML name in several namespaces.

A key names one class whatever the order of the schemas: its generated name
(``Item_b``; ``Item`` for the targetNamespace's own), or ``{namespace}Item``. A bare
name several namespaces share and none of them is generated as is refused in one
line naming the candidates. Before, ``Item=Widget`` renamed whichever ``Item`` came
first and ``Item_b=Widget`` was "no such class".
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from generator.cli.main import main
from generator.errors import GeneratorError
from generator.load.sources import WsdlSource
from generator.options import Options
from generator.pipeline import model_for
from tests.support.namespaced_wsdl import wsdl

B, C = ("urn:b", "vb"), ("urn:c", "vc")
ORDERS = [[B, C], [C, B]]


def classes(text: str, **renames: str) -> dict[str, tuple[str, list[str]]]:
    """``{python name: (namespace, field names)}`` of the generated ``Item`` classes."""
    data = text.encode()
    source = WsdlSource("t.wsdl", "<test>", data, hashlib.sha256(data).hexdigest())
    model = model_for(Options("t.wsdl", "p", class_names=renames), source)
    return {
        cls.name: (cls.target_namespace or "", [a.name for a in cls.attrs][:1])
        for cls in model.classes
        if (cls.meta_name or cls.name) == "Item"
    }


def refusal(text: str, **renames: str) -> str:
    with pytest.raises(GeneratorError) as caught:
        classes(text, **renames)
    message = str(caught.value)
    assert "\n" not in message
    return message


@pytest.mark.parametrize("items", ORDERS)
@pytest.mark.parametrize("key", ["Item_b", "{urn:b}Item"])
def test_the_generated_name_or_the_namespace_names_one_class(
    items: list[tuple[str, str]], key: str
) -> None:
    text = wsdl(items, home_item=True)
    assert classes(text) == {
        "Item": ("urn:home", ["h"]),
        "Item_b": ("urn:b", ["vb"]),
        "Item_c": ("urn:c", ["vc"]),
    }
    assert classes(text, **{key: "Widget"}) == {
        "Item": ("urn:home", ["h"]),
        "Widget": ("urn:b", ["vb"]),
        "Item_c": ("urn:c", ["vc"]),
    }


@pytest.mark.parametrize("items", ORDERS)
def test_a_bare_name_is_the_class_generated_under_it(
    items: list[tuple[str, str]],
) -> None:
    renamed = classes(wsdl(items, home_item=True), Item="Widget")
    assert renamed["Widget"] == ("urn:home", ["h"])
    assert renamed["Item_b"] == ("urn:b", ["vb"])


@pytest.mark.parametrize("items", ORDERS)
def test_a_bare_name_of_several_namespaces_is_refused_naming_the_candidates(
    items: list[tuple[str, str]],
) -> None:
    message = refusal(wsdl(items), Item="Widget")
    assert message == (
        "class-names: Item: 2 classes have this name: Item_b ({urn:b}Item), "
        "Item_c ({urn:c}Item); expected the generated name of one, or its "
        "{namespace}Name"
    )


def test_an_unknown_name_is_refused() -> None:
    message = refusal(wsdl([B, C]), Item_d="Widget")
    assert message.startswith("class-names: Item_d: no such class;")


def test_namespaces_differing_in_case_name_the_fix_and_the_fix_works() -> None:
    text = wsdl([("urn:A", "va"), ("urn:a", "vb")])
    message = refusal(text)
    assert "in namespaces 'urn:A', 'urn:a'" in message
    assert message.endswith(
        "rename all but one with --class-name '{urn:a}Item=NewName'"
    )
    assert classes(text, **{"{urn:a}Item": "Lower"}) == {
        "Item": ("urn:A", ["va"]),
        "Lower": ("urn:a", ["vb"]),
    }


def test_the_cli_takes_a_namespace_holding_an_equals_sign_and_refuses_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "t.wsdl"
    path.write_text(wsdl([("urn:b?x=1", "vb"), C]), encoding="utf-8")
    common = ["generate", "--wsdl", str(path), "--package", "p"]
    status = main(
        [*common, "--output", str(tmp_path / "bad"), "--class-name", "Item=W"]
    )
    err = capsys.readouterr().err
    assert status == 2 and err.count("\n") == 1
    assert "Item: 2 classes have this name" in err
    out = tmp_path / "out"
    status = main([*common, "--output", str(out), "--class-name", "{urn:b?x=1}Item=W"])
    assert status == 0
    models = (out / "models.py").read_text(encoding="utf-8")
    assert "class W:" in models and "class Item:" in models

"""``diff`` with classes of one XML name in several namespaces (``Item``, ``Item_b``).

Classes are matched by namespace as well as name: a second namespace's ``Item`` is
a new type, not a change to the first one; two namespaces trading contents is a
change to both; and a class that generation qualifies by its namespace (``Item``
becoming ``Item_b``) is a Python rename.
"""

from __future__ import annotations

from pathlib import Path

from generator.tools.diff.compare import Side, compare
from generator.tools.diff.python import PythonChange, python_changes
from tests.support.diffs import Row, rows
from tests.support.namespaced_wsdl import wsdl


def sides(tmp_path: Path, old: str, new: str) -> tuple[Side, Side]:
    (tmp_path / "old.wsdl").write_text(old, encoding="utf-8")
    (tmp_path / "new.wsdl").write_text(new, encoding="utf-8")
    return Side.read(str(tmp_path / "old.wsdl")), Side.read(str(tmp_path / "new.wsdl"))


def changes(old: Side, new: Side) -> list[Row]:
    return sorted(rows(compare(old, new)))


def python(old: Side, new: Side) -> set[tuple[str, str, str, str | None, str | None]]:
    return {
        (c.kind, c.change, c.name, c.old, c.new)
        for c in python_changes(old.model, new.model)
    }


B, C = "urn:b", "urn:c"
ADDED_C = [
    ("element-added-required", "breaking", "request", "doIt/f1"),
    ("element-added-required", "warning", "response", "doItResponse/f1"),
    ("type-added", "info", "both", "{urn:c}Item"),
]


def test_a_second_namespace_adds_a_type_and_leaves_the_first_alone(
    tmp_path: Path,
) -> None:
    old, new = sides(tmp_path, wsdl([(B, "v0")]), wsdl([(B, "v0"), (C, "v1")]))
    assert changes(old, new) == ADDED_C
    found = python(old, new)
    assert ("class", "renamed", "Item_b", "Item", "Item_b") in found
    assert ("class", "added", "Item_c", None, None) in found
    assert ("field", "retyped", "doIt.f0", "Item", "Item_b") in found
    assert not [row for row in found if row[2].startswith("Item_b.")]  # fields kept
    # backwards: the type goes, and Item_b is Item again
    removed = changes(new, old)
    assert ("type-removed", "breaking", "both", "{urn:c}Item") in removed
    assert len(removed) == 3
    assert ("class", "renamed", "Item", "Item_b", "Item") in python(new, old)


def test_namespaces_trading_contents_change_both_types(tmp_path: Path) -> None:
    old, new = sides(
        tmp_path, wsdl([(B, "v0"), (C, "v1")]), wsdl([(C, "v0"), (B, "v1")])
    )
    fields = [
        (rule, "breaking", "both", f"{{{ns}}}Item/{name}")
        for ns, name, rule in (
            (B, "v0", "element-removed"),
            (B, "v1", "element-added-required"),
            (C, "v0", "element-added-required"),
            (C, "v1", "element-removed"),
        )
    ]
    retyped = [
        ("element-type-changed", "breaking", direction, f"{element}/{field}")
        for element, direction in (("doIt", "request"), ("doItResponse", "response"))
        for field in ("f0", "f1")
    ]
    assert changes(old, new) == sorted(fields + retyped)
    report = {c.path: (c.old, c.new) for c in compare(old, new)}
    assert report["doIt/f0"] == ("{urn:b}Item", "{urn:c}Item")
    assert PythonChange("field", "retyped", "doIt.f0", "Item_b", "Item_c") in (
        python_changes(old.model, new.model)
    )


def test_the_target_namespaces_item_keeps_its_plain_name(tmp_path: Path) -> None:
    old, new = sides(
        tmp_path,
        wsdl([], home_item=True),
        wsdl([(B, "v0")], home_item=True),
    )
    assert changes(old, new) == [
        ("element-added-required", "breaking", "request", "doIt/f0"),
        ("element-added-required", "warning", "response", "doItResponse/f0"),
        ("type-added", "info", "both", "{urn:b}Item"),
    ]
    assert ("class", "added", "Item_b", None, None) in python(old, new)
    assert not [c for c in python(old, new) if c[1] == "renamed"]

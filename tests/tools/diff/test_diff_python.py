"""``diff --python``: what a WSDL change does to the generated package's names,
types, methods and classes (see :mod:`generator.tools.diff.python`)."""

from __future__ import annotations

from collections.abc import Iterator

from generator.tools.diff.compare import Side, compare
from generator.tools.diff.python import python_changes
from tests.support.diff_cases import (
    CONTEXT,
    COUNT,
    GREEN,
    NOTE,
    RINSE,
    SHAPE,
    TRACE,
    WIDTH,
    Sides,
    after,
    element,
)
from tests.support.diffs import (
    rows,
)
from tests.support.wsdl_fragments import (
    BASE,
    block,
    edit,
)


def python(
    base: Side, new: Side
) -> Iterator[tuple[str, str, str, str | None, str | None]]:
    for item in python_changes(base.model, new.model):
        yield (item.change, item.kind, item.name, item.old, item.new)


def test_python_names_added_removed_and_retyped(base: Side, sides: Sides) -> None:
    new = sides.read(
        edit(
            BASE,
            (NOTE, ""),
            (COUNT, element("count", "xs:int", ' nillable="true"')),
            (GREEN, ""),
            after(CONTEXT, TRACE),
        )
    )
    assert list(python(base, new)) == [
        ("removed", "parameter", "Client.paint(note)", "None | Nil | str = None", None),
        ("removed", "member", "Color.GREEN", None, None),
        ("removed", "field", "ParamsPaint.note", "None | Nil | str", None),
        ("retyped", "field", "SuccessPaint.count", "int", "None | Nil | int"),
        (
            "added",
            "parameter",
            "Client.paint(trace)",
            None,
            "TraceHeader | None = None",
        ),
    ]


def test_python_names_renamed_when_a_field_name_clashes(
    base: Side, sides: Sides
) -> None:
    # An element "mode" next to the XML attribute "mode": xsdata renames the
    # attribute's field, which breaks every call site that used it.
    new = sides.read(edit(BASE, after(SHAPE, element("mode", "xs:int"))))
    assert list(python(base, new)) == [
        (
            "renamed",
            "parameter",
            "Client.paint(mode_attribute)",
            "mode",
            "mode_attribute",
        ),
        ("renamed", "field", "ParamsPaint.mode_attribute", "mode", "mode_attribute"),
        ("added", "parameter", "Client.paint(mode)", None, "int"),
        ("added", "field", "ParamsPaint.mode", None, "int"),
    ]


def test_python_methods_and_classes(base: Side, sides: Sides) -> None:
    new = sides.read(
        edit(
            BASE,
            *RINSE,
            (block("complexType", "Unused"), ""),
        )
    )
    assert list(python(base, new)) == [
        ("removed", "class", "Unused", None, None),
        ("added", "method", "Client.rinse", None, "bool"),
    ]


def test_a_wire_change_python_does_not_see(base: Side, sides: Sides) -> None:
    """xs:int -> xs:long breaks the schema but both are ``int`` in Python."""
    new = sides.read(edit(BASE, (WIDTH, element("width", "xs:long"))))
    assert rows(compare(base, new)) == [
        ("element-type-changed", "breaking", "request", "ParamsPaint/width")
    ]
    assert python_changes(base.model, new.model) == []


def test_reusing_a_type_for_a_new_element_changes_no_existing_element(
    base: Side, sides: Sides
) -> None:
    """The generator stops folding successErase into its type; the wire is unchanged."""
    reuse = element("successWipe", "tns:SuccessErase")
    new = sides.read(
        edit(BASE, after(element("successErase", "tns:SuccessErase"), reuse))
    )
    assert rows(compare(base, new)) == [("type-added", "info", "none", "successWipe")]
    renamed = [
        c for c in python_changes(base.model, new.model) if c.change == "renamed"
    ]
    assert [(c.kind, c.old, c.new) for c in renamed] == [
        ("class", "SuccessErase", "successErase")
    ]

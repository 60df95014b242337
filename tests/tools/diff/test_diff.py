"""``diff``: every rule on small WSDLs written for the test, in both directions.

Each case edits :data:`tests.support.wsdl_fragments.BASE` into a "new" revision and states
the complete list of changes expected, as (rule id, severity, direction, path).
Running the same case backwards must report the opposite of each change (what A->B
adds, B->A removes), with the two sides swapped.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from generator.tools.diff.compare import Side, compare
from generator.tools.diff.python import python_changes
from generator.tools.diff.rules import RULES
from tests.support.diffs import (
    PAIRS,
    SELF_INVERSE,
    Row,
    assert_undoes,
    opposites,
    rows,
)
from tests.support.wsdl_fragments import (
    BASE,
    block,
    copied_operation,
    edit,
    reformat,
    swap,
)

NOTE = '<xs:element name="note" type="xs:string" minOccurs="0" nillable="true"/>'
WIDTH = '<xs:element name="width" type="xs:int"/>'
COLOR = '<xs:element name="color" type="tns:Color"/>'
TAGS = '<xs:element name="tags" type="xs:string" minOccurs="0" maxOccurs="5"/>'
SHAPE = '<xs:element name="shape" type="tns:Shape" minOccurs="0"/>'
MODE = '<xs:attribute name="mode" type="xs:string"/>'
DONE = '<xs:element name="done" type="xs:boolean"/>'
COUNT = '<xs:element name="count" type="xs:int"/>'
COMMENT = '<xs:element name="comment" type="xs:string" minOccurs="0" nillable="true"/>'
LOG = '<xs:element name="log" type="xs:string" minOccurs="0" maxOccurs="3"/>'
OUTLINE = '<xs:element name="outline" type="tns:Shape" minOccurs="0"/>'
PALETTE_NAME = '<xs:element name="paletteName" type="xs:string"/>'
RADIUS = '<xs:element name="radius" type="xs:int"/>'
SPARE = '<xs:element name="spare" type="xs:string"/>'
TIMESTAMP = '<xs:element name="requestTimestamp" type="xs:string"/>'
WORKSPACE = '<xs:element name="workspace" type="xs:string"/>'
GREEN = '<xs:enumeration value="GREEN"/>'
DARK = '<xs:enumeration value="DARK"/>'
LARGE = '<xs:enumeration value="LARGE"/>'
TOP_ELEMENTS = '<xs:element name="AuthHeader" type="tns:AuthHeaderInfo"/>'
CONTEXT = '<soap:header use="literal" part="context" message="tns:ContextHeader"/>'
TRACE = '<soap:header use="literal" part="trace" message="tns:TraceHeader"/>'
REQUIRED_TRACE = TRACE.replace("<soap:header ", '<soap:header wsdl:required="true" ')
RINSE = copied_operation("erase", "rinse")


def after(anchor: str, added: str) -> tuple[str, str]:
    """An edit that inserts ``added`` right after ``anchor``."""
    return anchor, f"{anchor}\n{added}"


def element(name: str, type_: str, extra: str = "") -> str:
    return f'<xs:element name="{name}" type="{type_}"{extra}/>'


def annotated(snippet: str, text: str) -> str:
    """``snippet`` (an empty xs:element) with an xs:documentation child."""
    doc = f"<xs:annotation><xs:documentation>{text}</xs:documentation></xs:annotation>"
    return f"{snippet[:-2]}>{doc}</xs:element>"


@dataclass(frozen=True)
class Case:
    name: str
    new: str
    expected: list[Row] = field(default_factory=list)


CASES = [
    # The service.
    Case(
        "operation added",
        edit(BASE, *RINSE),
        [("operation-added", "info", "both", "rinse")],
    ),
    Case(
        "port added",
        edit(
            BASE,
            after(
                "</wsdl:port>",
                '<wsdl:port name="PaintPort2" binding="tns:Binding">'
                '<soap:address location="https://example.invalid/p2"/></wsdl:port>',
            ),
        ),
        [("port-added", "info", "both", "PaintPort2")],
    ),
    Case(
        "soapAction changed",
        edit(BASE, ('"urn:example/paint"', '"urn:example/paint.v2"')),
        [("soap-action-changed", "breaking", "request", "paint/soapAction")],
    ),
    Case(
        "request element changed",
        edit(BASE, ('element="tns:paramsErase"', 'element="tns:paramsPaint"')),
        [("request-element-changed", "breaking", "request", "erase/request")],
    ),
    Case(
        "response element changed",
        edit(BASE, ('element="tns:successErase"', 'element="tns:successPaint"')),
        [("response-element-changed", "breaking", "response", "erase/response")],
    ),
    Case(
        "optional header part added",
        edit(BASE, after(CONTEXT, TRACE)),
        [("header-added-optional", "info", "request", "paint/headers/TraceHeader")],
    ),
    Case(
        "required header part added",
        edit(BASE, after(CONTEXT, REQUIRED_TRACE)),
        [("header-added-required", "breaking", "request", "paint/headers/TraceHeader")],
    ),
    Case(
        "header part removed",
        edit(BASE, (CONTEXT, "")),
        [("header-removed", "breaking", "request", "paint/headers/ContextHeader")],
    ),
    Case(
        "header part now required",
        edit(
            BASE,
            (
                CONTEXT,
                CONTEXT.replace("<soap:header ", '<soap:header wsdl:required="true" '),
            ),
        ),
        [("header-now-required", "breaking", "request", "paint/headers/ContextHeader")],
    ),
    Case(
        "address changed",
        edit(BASE, ("https://example.invalid/paint", "https://example.invalid/v2")),
        [("address-changed", "info", "none", "PaintService/address")],
    ),
    Case(
        "operation documentation changed",
        edit(BASE, ("Paint something.", "Paint anything,\n   twice.")),
        [("documentation-changed", "info", "none", "paint/documentation")],
    ),
    Case(
        "service renamed",
        edit(
            BASE, ('<wsdl:service name="PaintService">', '<wsdl:service name="Shop">')
        ),
        [("service-renamed", "info", "none", "service/name")],
    ),
    Case(
        "target namespace changed",
        edit(BASE, ('"urn:example"', '"urn:example:v2"', 3)),
        [("namespace-changed", "breaking", "both", "targetNamespace")],
    ),
    # Types and elements.
    Case(
        "unused type added",
        edit(
            BASE,
            (
                TOP_ELEMENTS,
                block("complexType", "Unused").replace("Unused", "Extra")
                + TOP_ELEMENTS,
            ),
        ),
        [("type-added", "info", "none", "Extra")],
    ),
    Case(
        "unused element added",
        edit(BASE, after(TOP_ELEMENTS, element("spareElement", "tns:Unused"))),
        [("type-added", "info", "none", "spareElement")],
    ),
    Case(
        "unused type removed",
        edit(BASE, (block("complexType", "Unused"), "")),
        [("type-removed", "info", "none", "Unused")],
    ),
    Case(
        "derived type removed",
        edit(BASE, (block("complexType", "Circle"), "")),
        [("type-removed", "breaking", "both", "Circle")],
    ),
    Case(
        "derived type added",
        edit(
            BASE,
            (
                TOP_ELEMENTS,
                block("complexType", "Circle").replace("Circle", "Square")
                + TOP_ELEMENTS,
            ),
        ),
        [("subtype-added", "warning", "both", "Square")],
    ),
    Case(
        "enumeration became a complex type",
        edit(
            BASE,
            (
                block("simpleType", "Tint"),
                block("complexType", "Palette").replace("Palette", "Tint"),
            ),
        ),
        [("type-kind-changed", "breaking", "response", "Tint")],
    ),
    Case(
        "base type changed",
        edit(BASE, ('base="tns:Shape"', 'base="tns:Blob"')),
        [("base-type-changed", "breaking", "both", "Circle")],
    ),
    Case(
        "top-level element's type changed",
        edit(
            BASE,
            (
                element("successErase", "tns:SuccessErase"),
                element("successErase", "tns:SuccessPaint"),
            ),
        ),
        [("element-type-changed", "breaking", "response", "successErase")],
    ),
    Case(
        "optional element added to a request",
        edit(BASE, after(SHAPE, element("gloss", "xs:boolean", ' minOccurs="0"'))),
        [("element-added-optional", "info", "request", "ParamsPaint/gloss")],
    ),
    Case(
        "required element added to a request",
        edit(BASE, after(SHAPE, element("layers", "xs:int"))),
        [("element-added-required", "breaking", "request", "ParamsPaint/layers")],
    ),
    Case(
        "optional element added to a response",
        edit(BASE, after(OUTLINE, element("elapsed", "xs:int", ' minOccurs="0"'))),
        [("element-added-optional", "warning", "response", "SuccessPaint/elapsed")],
    ),
    Case(
        "required element added to a response",
        edit(BASE, after(OUTLINE, element("elapsed", "xs:int"))),
        [("element-added-required", "warning", "response", "SuccessPaint/elapsed")],
    ),
    Case(
        "optional element added to a type sent and received",
        edit(
            BASE, after(PALETTE_NAME, element("paletteId", "xs:int", ' minOccurs="0"'))
        ),
        [("element-added-optional", "warning", "both", "Palette/paletteId")],
    ),
    Case(
        "required element added to a type sent and received",
        edit(BASE, after(PALETTE_NAME, element("paletteId", "xs:int"))),
        [("element-added-required", "breaking", "both", "Palette/paletteId")],
    ),
    Case(
        "element removed from a request",
        edit(BASE, (NOTE, "")),
        [("element-removed", "breaking", "request", "ParamsPaint/note")],
    ),
    Case(
        "element removed from a response",
        edit(BASE, (COMMENT, "")),
        [("element-removed", "breaking", "response", "SuccessPaint/comment")],
    ),
    Case(
        "element removed from an unused type",
        edit(BASE, (SPARE, "")),
        [("element-removed", "info", "none", "Unused/spare")],
    ),
    Case(
        "element type changed",
        edit(BASE, (WIDTH, element("width", "xs:long"))),
        [("element-type-changed", "breaking", "request", "ParamsPaint/width")],
    ),
    Case(
        "element of a derived type changed type",
        edit(BASE, (RADIUS, element("radius", "xs:long"))),
        [("element-type-changed", "breaking", "both", "Circle/radius")],
    ),
    Case(
        "request sequence reordered",
        swap(BASE, COLOR, WIDTH),
        [("element-order-changed", "breaking", "request", "ParamsPaint")],
    ),
    Case(
        "response sequence reordered",
        swap(BASE, DONE, COUNT),
        [("element-order-changed", "warning", "response", "SuccessPaint")],
    ),
    Case(
        "request element became required",
        edit(BASE, (NOTE, NOTE.replace(' minOccurs="0"', ""))),
        [("min-occurs-raised", "breaking", "request", "ParamsPaint/note")],
    ),
    Case(
        "response element became required",
        edit(BASE, (COMMENT, COMMENT.replace(' minOccurs="0"', ""))),
        [("min-occurs-raised", "info", "response", "SuccessPaint/comment")],
    ),
    Case(
        "request element became optional",
        edit(BASE, (WIDTH, element("width", "xs:int", ' minOccurs="0"'))),
        [("min-occurs-lowered", "info", "request", "ParamsPaint/width")],
    ),
    Case(
        "response element became optional",
        edit(BASE, (COUNT, element("count", "xs:int", ' minOccurs="0"'))),
        [("min-occurs-lowered", "warning", "response", "SuccessPaint/count")],
    ),
    Case(
        "request maxOccurs raised",
        edit(BASE, (TAGS, TAGS.replace('"5"', '"unbounded"'))),
        [("max-occurs-raised", "info", "request", "ParamsPaint/tags")],
    ),
    Case(
        "response maxOccurs raised",
        edit(BASE, (LOG, LOG.replace('"3"', '"unbounded"'))),
        [("max-occurs-raised", "warning", "response", "SuccessPaint/log")],
    ),
    Case(
        "request maxOccurs lowered",
        edit(BASE, (TAGS, TAGS.replace('"5"', '"2"'))),
        [("max-occurs-lowered", "breaking", "request", "ParamsPaint/tags")],
    ),
    Case(
        "response maxOccurs lowered",
        edit(BASE, (LOG, LOG.replace('"3"', '"2"'))),
        [("max-occurs-lowered", "info", "response", "SuccessPaint/log")],
    ),
    Case(
        "request element became nillable",
        edit(BASE, (WIDTH, element("width", "xs:int", ' nillable="true"'))),
        [("nillable-added", "info", "request", "ParamsPaint/width")],
    ),
    Case(
        "response element became nillable",
        edit(BASE, (COUNT, element("count", "xs:int", ' nillable="true"'))),
        [("nillable-added", "warning", "response", "SuccessPaint/count")],
    ),
    Case(
        "request element no longer nillable",
        edit(BASE, (NOTE, NOTE.replace(' nillable="true"', ""))),
        [("nillable-removed", "breaking", "request", "ParamsPaint/note")],
    ),
    Case(
        "response element no longer nillable",
        edit(BASE, (COMMENT, COMMENT.replace(' nillable="true"', ""))),
        [("nillable-removed", "info", "response", "SuccessPaint/comment")],
    ),
    Case(
        "value added to a request enumeration",
        edit(BASE, after(GREEN, '<xs:enumeration value="BLUE"/>')),
        [("enum-value-added", "info", "request", "Color/BLUE")],
    ),
    Case(
        "value added to a response enumeration",
        edit(BASE, after(DARK, '<xs:enumeration value="MEDIUM"/>')),
        [("enum-value-added", "warning", "response", "Tint/MEDIUM")],
    ),
    Case(
        "value removed from a request enumeration",
        edit(BASE, (GREEN, "")),
        [("enum-value-removed", "breaking", "request", "Color/GREEN")],
    ),
    Case(
        "value removed from a response enumeration",
        edit(BASE, (DARK, "")),
        [("enum-value-removed", "info", "response", "Tint/DARK")],
    ),
    Case(
        "value removed from an unused enumeration",
        edit(BASE, (LARGE, "")),
        [("enum-value-removed", "info", "none", "Size/LARGE")],
    ),
    Case(
        "required element added to the signed header",
        edit(BASE, after(TIMESTAMP, element("nonce", "xs:string"))),
        [("element-added-required", "breaking", "request", "AuthHeaderInfo/nonce")],
    ),
    Case(
        "required element added to an optional header",
        edit(BASE, after(WORKSPACE, element("project", "xs:string"))),
        [("element-added-required", "breaking", "request", "ContextInfo/project")],
    ),
    Case(
        "XML attribute removed",
        edit(BASE, (MODE, "")),
        [("element-removed", "breaking", "request", "ParamsPaint/@mode")],
    ),
    Case(
        "XML attribute became required",
        edit(BASE, (MODE, MODE.replace("/>", ' use="required"/>'))),
        [("min-occurs-raised", "breaking", "request", "ParamsPaint/@mode")],
    ),
    Case(
        "element documentation added",
        edit(BASE, (WIDTH, annotated(WIDTH, "In pixels."))),
        [("documentation-changed", "info", "none", "ParamsPaint/width")],
    ),
    Case(
        "type documentation added",
        edit(
            BASE,
            after(
                '<xs:complexType name="Palette">',
                "<xs:annotation><xs:documentation>Colours to pick from."
                "</xs:documentation></xs:annotation>",
            ),
        ),
        [("documentation-changed", "info", "none", "Palette")],
    ),
]


class Sides:
    """Writes WSDL texts to files and reads them as the CLI would."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.count = 0

    def read(self, text: str | bytes) -> Side:
        self.count += 1
        path = self.folder / f"rev{self.count}.wsdl"
        path.write_bytes(text.encode() if isinstance(text, str) else text)
        return Side.read(str(path), "paint")


@pytest.fixture(scope="module")
def sides(tmp_path_factory: pytest.TempPathFactory) -> Sides:
    return Sides(tmp_path_factory.mktemp("diff"))


@pytest.fixture(scope="module")
def base(sides: Sides) -> Side:
    return sides.read(BASE)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_rule(case: Case, base: Side, sides: Sides) -> None:
    new = sides.read(case.new)
    assert rows(compare(base, new)) == case.expected


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_backwards_undoes_forwards(case: Case, base: Side, sides: Sides) -> None:
    new = sides.read(case.new)
    assert_undoes(compare(base, new), compare(new, base))


def test_every_rule_is_exercised_both_ways() -> None:
    forward = {row[0] for case in CASES for row in case.expected}
    covered = forward | {o for rule_id in forward for o in opposites(rule_id)}
    assert covered == set(RULES)
    assert SELF_INVERSE | {r for pair in PAIRS for r in pair} == set(RULES)


def test_identical_and_reformatted_inputs_report_nothing(
    base: Side, sides: Sides
) -> None:
    rewritten = reformat(BASE.encode())
    assert b"\r\n" in rewritten and b"xsd:" in rewritten and b"<!--" not in rewritten
    assert compare(base, sides.read(BASE)) == []
    assert compare(base, sides.read(rewritten)) == []
    assert python_changes(base.model, sides.read(rewritten).model) == []


def test_a_change_names_who_uses_it_and_both_sides(base: Side, sides: Sides) -> None:
    (removed,) = compare(base, sides.read(edit(BASE, (NOTE, ""))))
    assert removed.message == "element note removed (sent by paint)"
    assert (removed.old, removed.new) == ("xs:string [0..1] nillable", None)
    (shared,) = compare(
        base,
        sides.read(edit(BASE, after(PALETTE_NAME, element("paletteId", "xs:int")))),
    )
    assert shared.message.endswith("(sent by paint; received by paint)")
    (unused,) = compare(base, sides.read(edit(BASE, (SPARE, ""))))
    assert unused.message.endswith("(not used by any operation)")
    (occurs,) = compare(
        base, sides.read(edit(BASE, (LOG, LOG.replace('"3"', '"unbounded"'))))
    )
    assert (occurs.old, occurs.new) == ("3", "*")


def test_changes_come_worst_first_then_by_path(base: Side, sides: Sides) -> None:
    new = sides.read(
        edit(
            BASE,
            ("https://example.invalid/paint", "https://example.invalid/v2"),
            (NOTE, ""),
            after(OUTLINE, element("elapsed", "xs:int", ' minOccurs="0"')),
            (GREEN, ""),
        )
    )
    assert [(r[1], r[3]) for r in rows(compare(base, new))] == [
        ("breaking", "Color/GREEN"),
        ("breaking", "ParamsPaint/note"),
        ("warning", "SuccessPaint/elapsed"),
        ("info", "PaintService/address"),
    ]


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

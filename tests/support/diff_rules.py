"""The rule cases of the diff tests: each edits :data:`tests.support.wsdl_fragments.BASE`
into a "new" revision and lists every change expected, as (rule id, severity,
direction, path)."""

from __future__ import annotations

from dataclasses import dataclass, field

from tests.support.diff_cases import (
    COLOR,
    COMMENT,
    CONTEXT,
    COUNT,
    DARK,
    DONE,
    GREEN,
    LARGE,
    LOG,
    MODE,
    NOTE,
    OUTLINE,
    PALETTE_NAME,
    RADIUS,
    REQUIRED_TRACE,
    RINSE,
    SHAPE,
    SPARE,
    TAGS,
    TIMESTAMP,
    TOP_ELEMENTS,
    TRACE,
    WIDTH,
    WORKSPACE,
    after,
    annotated,
    element,
)
from tests.support.diffs import (
    Row,
)
from tests.support.wsdl_fragments import (
    BASE,
    block,
    edit,
    swap,
)


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

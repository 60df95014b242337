"""The intermediate model: service, operations, headers and the names of the types."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.load.sources import resolve
from generator.load.wsdl import load
from generator.model.api import ApiModel, build_model, snake_case
from generator.profiles import apply_profile
from tests.support.wsdl_fragments import BASE


@pytest.fixture(scope="module")
def model(shared: Path) -> ApiModel:
    return apply_profile(build_model(load(resolve("2_6")), "mktows"))[1]


def test_service_port_binding_and_address(model: ApiModel) -> None:
    service = model.service
    assert (service.name, service.port, service.binding, service.style) == (
        "MktMktowsApiService",
        "MktowsApiSoapPort",
        "MktowsApiSoapBinding",
        "document",
    )
    assert service.address == "https://000-hwq-023.mktoapi.com/soap/mktows/2_6"
    assert service.namespace == "http://www.marketo.com/mktows/"


def test_operations_come_from_the_binding_with_their_soap_actions(
    model: ApiModel,
) -> None:
    operations = {op.name: op for op in model.service.operations}
    assert len(operations) == 23
    for name, op in operations.items():
        assert op.soap_action == f"http://www.marketo.com/mktows/{name}"
        assert op.request.meta_name == f"params{name[0].upper()}{name[1:]}"
        assert op.response.meta_name == f"success{name[0].upper()}{name[1:]}"
    assert operations["syncLead"].documentation == "Create or update a lead."


def test_headers_signed_required_and_optional(model: ApiModel) -> None:
    with_context = [
        op.name
        for op in model.service.operations
        if any(not h.signed for h in op.headers)
    ]
    assert with_context == ["syncLead"]
    for op in model.service.operations:
        signed = [h for h in op.headers if h.signed]
        assert [(h.class_name, h.required) for h in signed] == [
            ("AuthenticationHeader", True)
        ]
    context = model.service.operations[
        [op.name for op in model.service.operations].index("syncLead")
    ].headers[1]
    assert (context.class_name, context.required, context.keyword) == (
        "MktowsContextHeader",
        False,
        "mktows_context",
    )


def test_class_names_a_person_would_choose(model: ApiModel) -> None:
    names = [cls.name for cls in model.classes]
    assert len(names) == len(set(names))
    assert not [n for n in names if re.search(r"\d$", n)], "no numbered suffixes"
    assert {"MObject", "MObjStatus", "ParamsGetLead", "SuccessGetLead"} <= set(names)
    assert "Mobject" not in names and "ParamsGetLead1" not in names
    enums = [cls for cls in model.classes if cls.is_enumeration]
    assert len(enums) == 15
    element = next(cls for cls in model.classes if cls.name == "ParamsGetLead")
    assert (element.meta_name, element.namespace) == (
        "paramsGetLead",
        model.service.namespace,
    )


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("getMultipleLeads", "get_multiple_leads"),
        ("syncMObjects", "sync_mobjects"),
        ("describeMObject", "describe_mobject"),
        ("SFDCLeadId", "sfdc_lead_id"),
        ("mktowsContext", "mktows_context"),
        ("getLead", "get_lead"),
    ],
)
def test_snake_case(name: str, expected: str) -> None:
    assert snake_case(name) == expected


def test_a_header_on_every_operation_is_required_unless_marked(tmp_path: Path) -> None:
    path = tmp_path / "paint.wsdl"
    path.write_text(BASE)
    # the profile whose signer fills AuthHeader marks it signed (and required)
    _, model = apply_profile(build_model(load(resolve(str(path))), "paint"))
    paint, erase = model.service.operations
    assert [(h.class_name, h.signed, h.required) for h in paint.headers] == [
        ("AuthHeader", True, True),
        ("ContextHeader", False, False),
    ]
    assert [(h.class_name, h.required) for h in erase.headers] == [("AuthHeader", True)]
    marked = BASE.replace(
        'part="context" message="tns:ContextHeader"/>',
        'part="context" message="tns:ContextHeader" wsdl:required="true"/>',
    )
    path.write_text(marked)
    paint, _ = build_model(load(resolve(str(path))), "paint").service.operations
    assert [h.required for h in paint.headers] == [True, True]
    assert paint.documentation == "Paint something."


def test_documentation_with_markup_gives_its_text(tmp_path: Path) -> None:
    """Elements inside wsdl:documentation give their text, never a Python repr."""
    path = tmp_path / "doc.wsdl"
    path.write_text(
        BASE.replace(
            "<wsdl:documentation>Paint something.</wsdl:documentation>",
            '<wsdl:documentation xmlns:h="urn:html">Paint <h:b>bold <h:i>and'
            "</h:i> bright</h:b> things.</wsdl:documentation>",
        )
    )
    paint = build_model(load(resolve(str(path))), "doc").service.operations[0]
    assert paint.documentation == "Paint bold and bright things."

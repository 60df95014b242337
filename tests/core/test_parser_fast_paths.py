"""The generated readers' fast paths (issue 16): no Python call per leaf, objects
built without ``__init__`` yet equal to the constructors', and nothing lost.

A reader reads a leaf's text inline, tests ``xsi:nil`` only on an element that has
attributes, and sets the fields of the new object itself. These tests pin what
must not change with that: the values, ``xsi:nil`` in every spelling, a leaf with
markup in it kept as it was, and every field of the dataclass set.
"""

from __future__ import annotations

import dataclasses
import gc
import sys
from types import FrameType
from typing import Any

from lxml.etree import Element, SubElement, tostring
from mktows import models, parsers
from mktows.envelope import parse_document
from mktows.values import NIL

XSI = "http://www.w3.org/2001/XMLSchema-instance"
NIL_ATTRIBUTE = f"{{{XSI}}}nil"


def _leads(count: int) -> bytes:
    root = Element("leadRecordList", nsmap={"xsi": XSI})
    for i in range(count):
        record = SubElement(root, "leadRecord")
        SubElement(record, "Id").text = str(i)
        SubElement(record, "Email").text = f"lead{i}@example.com"
        SubElement(record, "ForeignSysPersonId").set(NIL_ATTRIBUTE, "true")
        SubElement(record, "ForeignSysType").text = "SFDC"
        attributes = SubElement(record, "leadAttributeList")
        for name in ("FirstName", "LastName"):
            attribute = SubElement(attributes, "attribute")
            SubElement(attribute, "attrName").text = name
            SubElement(attribute, "attrType").set(NIL_ATTRIBUTE, "1")
            SubElement(attribute, "attrValue").text = f"{name} {i}"
    return bytes(tostring(root))


def _read(xml: bytes) -> models.ArrayOfLeadRecord:
    return parsers.read_array_of_lead_record(parse_document(xml), [])


def test_read_objects_equal_the_constructed_ones_with_every_field_set() -> None:
    read = _read(_leads(2)).lead_record[1]
    expected = models.LeadRecord(
        id=1,
        email="lead1@example.com",
        foreign_sys_person_id=NIL,
        foreign_sys_type=models.ForeignSysType.SFDC,
        lead_attribute_list=models.ArrayOfAttribute(
            attribute=[
                models.Attribute(attr_name=name, attr_type=NIL, attr_value=f"{name} 1")
                for name in ("FirstName", "LastName")
            ]
        ),
    )
    assert read == expected
    attributes = read.lead_attribute_list
    built = expected.lead_attribute_list
    assert isinstance(attributes, models.ArrayOfAttribute)
    assert isinstance(built, models.ArrayOfAttribute)
    for obj, made in ((read, expected), (attributes.attribute[0], built.attribute[0])):
        assert vars(obj) == vars(made)
        assert set(vars(obj)) == {f.name for f in dataclasses.fields(obj)}


def test_nil_is_read_from_xsi_nil_alone_whatever_other_attributes() -> None:
    def email(**attributes: str) -> Any:
        record = Element("leadRecord", nsmap={"xsi": XSI})
        leaf = SubElement(record, "Email", attributes)
        leaf.text = "a@example.com"
        return parsers.read_lead_record(parse_document(tostring(record)), []).email

    assert email() == "a@example.com"
    assert email(**{NIL_ATTRIBUTE: "false"}) == "a@example.com"
    assert email(note="true") == "a@example.com"  # "true", but not xsi:nil
    assert email(**{"{urn:x}nil": "true"}) == "a@example.com"
    assert email(**{NIL_ATTRIBUTE: "true"}) is NIL
    assert email(note="x", **{NIL_ATTRIBUTE: "1"}) is NIL


def test_a_leaf_with_markup_in_it_is_kept_as_it_was() -> None:
    xml = b"<attribute><attrName>a<b>bold</b></attrName><attrValue/></attribute>"
    unknown: list[str] = []
    attribute = parsers.read_attribute(parse_document(xml), unknown)
    assert attribute.attr_name is None and attribute.attr_value == ""
    assert [e.xml for e in attribute.unknown_elements] == [
        b"<attrName>a<b>bold</b></attrName>"
    ]
    assert unknown == ["attrName"]


def test_reading_makes_no_python_call_per_leaf() -> None:
    # one reader call per object, no helper per text leaf, no __init__: a lead
    # here is 4 objects (record, attribute list, 2 attributes) and 10 leaves
    leads = 200
    document = parse_document(_leads(leads))
    calls = [0]

    def count(frame: FrameType, event: str, arg: object) -> None:
        if event == "call":
            calls[0] += 1

    gc.collect()  # finalizers that earlier tests left are no reader's calls
    gc.disable()
    sys.setprofile(count)
    try:
        parsers.read_array_of_lead_record(document, [])
    finally:
        sys.setprofile(None)
        gc.enable()
    # the enum's own lookup (ForeignSysType("SFDC")) is 2 calls a lead
    assert calls[0] <= leads * (4 + 2) + 5

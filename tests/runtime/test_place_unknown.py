"""Kept elements go back where they were read, and a QName value in one still
resolves to its namespace when the new parent binds that namespace to another
prefix (lxml then drops the element's own declaration)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from generator.runtime.namespaces import XSI_TYPE
from generator.runtime.values import UnknownElement, place_unknown, qname_from_text

XSI = "http://www.w3.org/2001/XMLSchema-instance"


def test_kept_elements_go_back_after_the_element_they_followed() -> None:
    node = etree.fromstring(b"<r><a/><b/><b/><c/></r>")
    place_unknown(
        node,
        [
            UnknownElement(after=None, xml=b"<first/>"),
            UnknownElement(after="b", xml=b"<x/>"),
            UnknownElement(after="gone", xml=b"<last/>"),
        ],
    )
    assert [child.tag for child in node] == ["first", "a", "b", "b", "x", "c", "last"]


def test_a_qname_value_keeps_meaning_when_its_prefix_is_taken_over() -> None:
    node = etree.Element("{urn:t}put", nsmap={"ns0": "urn:t"})
    kept = (
        f'<t:item xmlns:t="urn:t" xmlns:xsi="{XSI}" xsi:type="t:Nope" ref=" t:r ">'
        "<t:v>t:text</t:v><t:w>a t:b</t:w></t:item>"
    )
    place_unknown(node, [UnknownElement(after=None, xml=kept.encode())])
    (item,) = node
    assert qname_from_text(item.get(XSI_TYPE, ""), item).text == "{urn:t}Nope"
    assert qname_from_text(item.get("ref", ""), item).text == "{urn:t}r"
    assert qname_from_text(item[0].text or "", item[0]).text == "{urn:t}text"
    assert item[1].text == "a t:b"  # not one QName: text is never rewritten


@given(
    prefix=st.from_regex(r"[a-z][a-z0-9]{0,5}", fullmatch=True).filter(
        lambda p: not p.startswith("xml")
    )
)
def test_any_taken_over_prefix_is_rewritten_to_the_one_in_scope(prefix: str) -> None:
    node = etree.Element("{urn:t}put", nsmap={"ns0": "urn:t"})
    kept = f'<{prefix}:item xmlns:{prefix}="urn:t" a="{prefix}:v"/>'
    place_unknown(node, [UnknownElement(after=None, xml=kept.encode())])
    assert qname_from_text(node[0].get("a", ""), node[0]).text == "{urn:t}v"

"""Our generated package, and the hand-written lxml code that is its floor.

Ours is driven exactly as ``Client.call`` drives it (the operation constants,
``build_envelope``, ``body_payload`` and ``read_payload``), minus the HTTP.
The lxml code is what a careful person would write by hand for these two calls:
the same optional-field checks, the same safe parser, ints converted, nil kept
as ``None``; no types, no unknown-element bookkeeping. It is the floor the goals
are measured against.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from lxml.etree import Element, SubElement, XMLParser, _Element, fromstring, tostring

from benchmarks.data import (
    HEADER,
    LEAD_FIELDS,
    MKTOWS,
    SOAP_ENV,
    XSI_NIL,
    Lead,
    build_leads,
    object_view,
    result_view,
    snake,
)
from benchmarks.harness import Impl
from benchmarks.workspace import Workspace


def ours(workspace: Workspace, request: list[Lead]) -> Impl:
    """Our 2_1 package's serializers and parsers, through its envelope runtime."""
    package = workspace.ours.__name__
    models, client, envelope, serializers = (
        import_module(f"{package}.{name}")
        for name in ("models", "client", "envelope", "serializers")
    )
    records = build_leads(
        request, models.LeadRecord, models.ArrayOfAttribute, models.Attribute, snake
    )
    params = models.ParamsSyncMultipleLeads(
        lead_record_list=models.ArrayOfLeadRecord(lead_record=records),
        dedup_enabled=True,
    )
    header = models.AuthenticationHeader(**{snake(k): v for k, v in HEADER.items()})
    headers = [(serializers.element_authentication_header, header)]
    sync, get = client.SYNC_MULTIPLE_LEADS, client.GET_MULTIPLE_LEADS

    def serialize() -> bytes:
        return bytes(
            envelope.build_envelope(
                client.NAMESPACE, headers, sync.write_request, params
            )
        )

    def parse(content: bytes) -> Any:
        # what Client.call does with an HTTP 200 answer (newer templates wrap these
        # three calls and two status checks in ``read_response``)
        payload = envelope.body_payload(envelope.parse_document(content))
        return envelope.read_payload(payload, get.response_tag, get.read_response)

    return Impl(
        "ours",
        serialize=serialize,
        parse=parse,
        view=lambda success: object_view(success.result, snake),
    )


_ENVELOPE = f"{{{SOAP_ENV}}}Envelope"
_HEADER = f"{{{SOAP_ENV}}}Header"
_BODY = f"{{{SOAP_ENV}}}Body"
_PARSER = XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def lxml(workspace: Workspace, request: list[Lead]) -> Impl:
    """Hand-written lxml: dicts straight to bytes, bytes straight to dicts."""

    def serialize() -> bytes:
        return lxml_request(request)

    return Impl("lxml", serialize=serialize, parse=lxml_response, view=lxml_view)


def lxml_request(leads: list[Lead]) -> bytes:
    """The ``syncMultipleLeads`` envelope, element by element."""
    root = Element(_ENVELOPE, nsmap={"SOAP-ENV": SOAP_ENV, "ns1": MKTOWS})
    header = SubElement(SubElement(root, _HEADER), f"{{{MKTOWS}}}AuthenticationHeader")
    for key, text in HEADER.items():
        SubElement(header, key).text = text
    params = SubElement(SubElement(root, _BODY), f"{{{MKTOWS}}}paramsSyncMultipleLeads")
    records = SubElement(params, "leadRecordList")
    for lead in leads:
        record = SubElement(records, "leadRecord")
        for key in LEAD_FIELDS:
            value = lead.get(key)
            if value is not None:
                SubElement(record, key).text = str(value)
        attributes = lead.get("leadAttributeList")
        if attributes is not None:
            holder = SubElement(record, "leadAttributeList")
            for attribute in attributes:
                item = SubElement(holder, "attribute")
                SubElement(item, "attrName").text = attribute["attrName"]
                kind = attribute.get("attrType")
                if kind is not None:
                    SubElement(item, "attrType").text = kind
                SubElement(item, "attrValue").text = attribute["attrValue"]
    SubElement(params, "dedupEnabled").text = "true"
    return bytes(tostring(root, xml_declaration=True, encoding="UTF-8"))


def lxml_response(content: bytes) -> dict[str, Any]:
    """The ``getMultipleLeads`` result as dicts: the parse-and-walk floor."""
    body = fromstring(content, _PARSER).find(_BODY)
    if body is None or len(body) == 0:
        raise ValueError("no SOAP Body")
    result: dict[str, Any] = {}
    for child in _first(body[0], "result"):
        tag = child.tag
        if tag == "leadRecordList":
            result[tag] = [_lead(record) for record in child]
        elif tag in ("returnCount", "remainingCount"):
            result[tag] = int(child.text or "")
        else:
            result[tag] = child.text
    return result


def _lead(record: _Element) -> Lead:
    lead: Lead = {}
    for field in record:
        tag = field.tag
        if tag == "leadAttributeList":
            lead[tag] = [{item.tag: item.text for item in a} for a in field]
        elif field.get(XSI_NIL) == "true":
            lead[tag] = None
        elif tag == "Id":
            lead[tag] = int(field.text or "")
        else:
            lead[tag] = field.text
    return lead


def _first(node: _Element, tag: str) -> _Element:
    found = node.find(tag)
    if found is None:
        raise ValueError(f"<{node.tag}> has no <{tag}>")
    return found


def lxml_view(result: dict[str, Any]) -> Any:
    def attributes(lead: Lead) -> Any:
        return (
            (a["attrName"], a.get("attrType"), a["attrValue"])
            for a in lead["leadAttributeList"]
        )

    return result_view(
        result["returnCount"],
        result["remainingCount"],
        result["newStreamPosition"],
        (
            (*(lead.get(key) for key in LEAD_FIELDS), attributes(lead))
            for lead in result["leadRecordList"]
        ),
    )

"""The benchmark's input, built from plain dicts, and the views every output is checked in.

Every implementation starts from the same plain dicts and must end with the same
result, checked before anything is timed: a request must be canonically equal to
ours (C14N 2.0 with prefixes rewritten and whitespace stripped), and a parsed
response must reduce to the very view :func:`expected_view` computes from the
dicts. So no implementation is timed doing less work than the others.

Dict keys are the schema's XML names. In a request lead a missing key is an absent
element; in a response lead every key is present and ``None`` is ``xsi:nil``, as
Marketo sends it (compare the documented ``getMultipleLeads`` response).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from enum import Enum
from typing import Any

from lxml import etree

from generator.profiles.mktows import NAMESPACE as MKTOWS
from generator.runtime.namespaces import SOAP_ENV, XSI, XSI_NIL

ENDPOINT = "https://123-ABC-456.mktoapi.com/soap/mktows/2_1"

Lead = dict[str, Any]
#: ``(returnCount, remainingCount, newStreamPosition, (lead, ...))``, each lead
#: ``(id, email, foreignSysPersonId, foreignSysType, ((name, type, value), ...))``
ResultView = tuple[Any, ...]

HEADER: dict[str, str] = {
    "mktowsUserId": "demo17_1_809934544BFABAE58E5D27",
    "requestSignature": "b5e21953ae9f1b263e644da5eccce9ff33802513",
    "requestTimestamp": "2013-08-01T18:22:30-07:00",
}
LEAD_FIELDS = ("Id", "Email", "ForeignSysPersonId", "ForeignSysType")
_CAMEL = re.compile(r"(?<!^)(?=[A-Z])")
#: the demo key of Marketo's documentation: it signs ``HEADER`` above
SECRET = "27272727aa"
STREAM_POSITION = "id:1000:2013-08-01T18:22:30-07:00"
_ATTRIBUTES = (
    ("Company", "string"),
    ("FirstName", "string"),
    ("LastName", "string"),
    ("LeadScore", "integer"),
    ("Website", "url"),
)


def request_leads(count: int) -> list[Lead]:
    """Leads for ``syncMultipleLeads``: an email and two attributes, as in the docs."""
    return [
        {
            "Email": f"lead{i}@example.com",
            "leadAttributeList": [
                {"attrName": "Company", "attrValue": f"Company {i}"},
                {"attrName": "Phone", "attrValue": f"650-555-{i:04d}"},
            ],
        }
        for i in range(count)
    ]


def response_leads(count: int) -> list[Lead]:
    """A ``getMultipleLeads`` result's leads: five typed attributes, as in the docs.

    Every fourth lead is tied to Salesforce, so enum and nil fields both occur.
    """
    return [
        {
            "Id": 100000 + i,
            "Email": f"lead{i}@example.com",
            "ForeignSysPersonId": f"00Q{i:012d}" if i % 4 == 0 else None,
            "ForeignSysType": "SFDC" if i % 4 == 0 else None,
            "leadAttributeList": [
                {"attrName": name, "attrType": kind, "attrValue": f"{name} {i}"}
                for name, kind in _ATTRIBUTES
            ],
        }
        for i in range(count)
    ]


def response_document(leads: list[Lead]) -> bytes:
    """The ``getMultipleLeads`` response envelope every parser reads (compact, UTF-8)."""
    envelope = etree.Element(
        f"{{{SOAP_ENV}}}Envelope",
        nsmap={"SOAP-ENV": SOAP_ENV, "xsi": XSI, "ns1": MKTOWS},
    )
    body = etree.SubElement(envelope, f"{{{SOAP_ENV}}}Body")
    success = etree.SubElement(body, f"{{{MKTOWS}}}successGetMultipleLeads")
    result = etree.SubElement(success, "result")
    _leaf(result, "returnCount", str(len(leads)))
    _leaf(result, "remainingCount", "0")
    _leaf(result, "newStreamPosition", STREAM_POSITION)
    records = etree.SubElement(result, "leadRecordList")
    for lead in leads:
        record = etree.SubElement(records, "leadRecord")
        for key in LEAD_FIELDS:
            value = lead[key]
            _leaf(record, key, None if value is None else str(value))
        attributes = etree.SubElement(record, "leadAttributeList")
        for attribute in lead["leadAttributeList"]:
            item = etree.SubElement(attributes, "attribute")
            for key in ("attrName", "attrType", "attrValue"):
                _leaf(item, key, attribute[key])
    return bytes(etree.tostring(envelope, xml_declaration=True, encoding="UTF-8"))


def _leaf(parent: etree._Element, tag: str, text: str | None) -> None:
    node = etree.SubElement(parent, tag)
    if text is None:
        node.set(XSI_NIL, "true")
    else:
        node.text = text


def expected_view(leads: list[Lead]) -> ResultView:
    """What every parser's result must reduce to, straight from the input dicts."""
    return result_view(
        len(leads),
        0,
        STREAM_POSITION,
        (
            (
                lead["Id"],
                lead["Email"],
                lead["ForeignSysPersonId"],
                lead["ForeignSysType"],
                [
                    (a["attrName"], a["attrType"], a["attrValue"])
                    for a in lead["leadAttributeList"]
                ],
            )
            for lead in leads
        ),
    )


def result_view(
    return_count: Any,
    remaining_count: Any,
    stream_position: Any,
    leads: Iterable[tuple[Any, Any, Any, Any, Iterable[tuple[Any, Any, Any]]]],
) -> ResultView:
    """Reduce a parsed result to plain values: nil and enums become ``None`` and text."""
    return (
        plain(return_count),
        plain(remaining_count),
        plain(stream_position),
        tuple(
            (
                plain(lead_id),
                plain(email),
                plain(person_id),
                plain(system),
                tuple(tuple(plain(v) for v in a) for a in attributes),
            )
            for lead_id, email, person_id, system, attributes in leads
        ),
    )


def object_view(result: Any, name: Callable[[str], str] = str) -> ResultView:
    """:func:`result_view` of a typed result; ``name`` maps XML names to attributes."""

    def get(obj: Any, xml_name: str) -> Any:
        return getattr(obj, name(xml_name))

    def attributes(lead: Any) -> Iterable[tuple[Any, Any, Any]]:
        items = get(get(lead, "leadAttributeList"), "attribute") or []
        return (
            (get(a, "attrName"), get(a, "attrType"), get(a, "attrValue")) for a in items
        )

    return result_view(
        get(result, "returnCount"),
        get(result, "remainingCount"),
        get(result, "newStreamPosition"),
        (
            (*(get(lead, key) for key in LEAD_FIELDS), attributes(lead))
            for lead in get(get(result, "leadRecordList"), "leadRecord")
        ),
    )


def snake(xml_name: str) -> str:
    """``ForeignSysPersonId`` -> ``foreign_sys_person_id``: xsdata's field names."""
    return _CAMEL.sub("_", xml_name).lower()


def build_leads(
    leads: list[Lead],
    record: Callable[..., Any],
    attribute_list: Callable[..., Any],
    attribute: Callable[..., Any],
    name: Callable[[str], str] = str,
) -> list[Any]:
    """Turn request dicts into an implementation's own lead objects (untimed setup)."""

    def one(lead: Lead) -> Any:
        fields = {name(k): v for k, v in lead.items() if k != "leadAttributeList"}
        items = [
            attribute(**{name(k): v for k, v in a.items()})
            for a in lead["leadAttributeList"]
        ]
        fields[name("leadAttributeList")] = attribute_list(attribute=items)
        return record(**fields)

    return [one(lead) for lead in leads]


def plain(value: Any) -> Any:
    """``NIL``-like falsy markers become ``None``; enum members become their value."""
    if isinstance(value, Enum):
        return None if not value else value.value
    return value


def canonical(xml: bytes, drop_nil: bool = False) -> str:
    """C14N 2.0 of ``xml`` with prefixes rewritten and whitespace stripped.

    With ``drop_nil`` the empty ``xsi:nil`` elements are removed first: xsdata's
    default serializer writes one for every unset nillable field, which our
    schema-driven writers (and zeep, suds and the hand-written code) leave out.
    An empty SOAP ``Header`` is dropped too: it carries nothing, and ours always
    writes one while zeep and xsdata leave it out when a call has no header.
    """
    root = etree.fromstring(xml)
    header = root.find(f"{{{SOAP_ENV}}}Header")
    if header is not None and len(header) == 0 and not (header.text or "").strip():
        root.remove(header)
    if drop_nil:
        for node in list(root.iter()):
            if node.get(XSI_NIL) == "true" and len(node) == 0 and not node.text:
                parent = node.getparent()
                if parent is not None:
                    parent.remove(node)
    return str(etree.canonicalize(root, rewrite_prefixes=True, strip_text=True))


def difference(expected: Any, actual: Any, path: str = "") -> str:
    """Where two canonical forms or views first differ, for the error message."""
    if isinstance(expected, tuple) and isinstance(actual, tuple):
        for index, (a, b) in enumerate(zip(expected, actual, strict=False)):
            if a != b:
                return difference(a, b, f"{path}[{index}]")
        return (
            f"at {path or 'the top'}: {len(expected)} items expected, {len(actual)} got"
        )
    if isinstance(expected, str) and isinstance(actual, str) and not path:
        pairs = enumerate(zip(expected, actual, strict=False))
        at = next((i for i, (a, b) in pairs if a != b), min(len(expected), len(actual)))
        expected, actual = expected[at : at + 80], actual[at : at + 80]
        path = f"character {at}"
    return f"at {path}: expected {expected!r:.200}, got {actual!r:.200}"


def count_nil(xml: bytes) -> int:
    """How many ``xsi:nil`` elements a request holds (reported for xsdata's default)."""
    return sum(1 for node in etree.fromstring(xml).iter() if node.get(XSI_NIL))

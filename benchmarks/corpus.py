"""A non-Marketo WSDL of the generality corpus, for ``serialize_corpus`` and ``parse_corpus``.

The case is node-soap's ``typeref/order`` (``$MKTOWS_SHARED/corpus``, read at run
time, never copied here): two schemas in two namespaces, imported from the WSDL;
an ``orderRq`` holds ``itemRq`` records, each with a list of nested anonymous
``ecomRq`` elements that carry an ``id`` attribute, an ``item`` of a named type
(whose ``qty`` is unqualified and an ``xs:int``) and a ``backupItem`` element
reference. The reply, ``orderRs``, holds ``itemRs`` records of anonymous
``ecomRs`` elements with the same attribute. No ``expect: generate`` case of the
corpus has attributes, an ``xs:choice`` and nested anonymous types together; the
ones with a choice have neither attributes nor nested anonymous types, so this
case leaves the choice out (see ``benchmarks/README.md``).

As in :mod:`benchmarks.data`, the input is plain dicts keyed by XML names, each
implementation builds its own objects from them untimed, a request must be
canonically equal to ours and a parsed reply must reduce to :func:`expected_view`.
"""

# zeep ships without type hints: calling it is untyped by nature.
# mypy: disable-error-code="no-untyped-call"
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from typing import Any

from lxml.etree import Element, SubElement, XMLParser, fromstring, tostring

from benchmarks.data import snake
from benchmarks.harness import Impl
from benchmarks.workspace import Unavailable, Workspace
from generator.runtime.namespaces import SOAP_ENV

CASE = "node-soap/typeref/order"
WSDL = "node-soap/test/wsdl/typeref/order.wsdl"
NS1 = "http://example.org/ns1"
NS2 = "http://example.org/ns2"
REQUEST_ITEMS = 300  # each with 2 ecomRq, an item and a backupItem
RESPONSE_ITEMS = 1000  # each with 3 ecomRs
_PARSER = XMLParser(resolve_entities=False, no_network=True, load_dtd=False)

Record = dict[str, Any]
#: per ``itemRs``: ``((id, rqUID), ...)``
View = tuple[tuple[tuple[Any, Any], ...], ...]


def corpus_wsdl() -> Path:
    """The case's WSDL in the shared corpus; :class:`Unavailable` when absent."""
    from generator.resources import shared_dir

    path = shared_dir() / "corpus" / WSDL
    if not path.is_file():
        raise Unavailable(f"the corpus case {CASE} is not in {path.parent}")
    return path


def _line_item(i: int, backup: bool) -> Record:
    return {"itemId": f"{'B' if backup else 'SKU'}-{i:06d}", "qty": i % 97 + 1}


def request_items(count: int = REQUEST_ITEMS) -> list[Record]:
    """``itemRq`` records: two ``ecomRq`` (an ``id`` attribute each) and two line items."""
    return [
        {
            "ecomRq": [{"id": f"rq{i}-{j}", "rqUID": f"uid-{i}-{j}"} for j in range(2)],
            "item": _line_item(i, backup=False),
            "backupItem": _line_item(i, backup=True),
        }
        for i in range(count)
    ]


def response_items(count: int = RESPONSE_ITEMS) -> list[Record]:
    """``itemRs`` records, three ``ecomRs`` each."""
    return [
        {"ecomRs": [{"id": f"rs{i}-{j}", "rqUID": f"uid-{i}-{j}"} for j in range(3)]}
        for i in range(count)
    ]


def response_document(items: list[Record]) -> bytes:
    """The ``orderRs`` reply every parser reads (compact, UTF-8)."""
    root = Element(f"{{{SOAP_ENV}}}Envelope", nsmap={"soap": SOAP_ENV})
    body = SubElement(root, f"{{{SOAP_ENV}}}Body")
    order = SubElement(body, f"{{{NS1}}}orderRs", nsmap={"a": NS1, "b": NS2})
    for item in items:
        holder = SubElement(order, f"{{{NS1}}}itemRs")
        for ecom in item["ecomRs"]:
            node = SubElement(holder, f"{{{NS1}}}ecomRs", id=ecom["id"])
            SubElement(node, f"{{{NS2}}}rqUID").text = ecom["rqUID"]
    return bytes(tostring(root, xml_declaration=True, encoding="UTF-8"))


def expected_view(items: list[Record]) -> View:
    return tuple(tuple((e["id"], e["rqUID"]) for e in item["ecomRs"]) for item in items)


def object_view(
    items: Any, uid: Callable[[Any], Any], name: Callable[[str], str]
) -> View:
    """:func:`expected_view` of typed ``itemRs`` objects (or zeep's)."""

    def get(obj: Any, key: str) -> Any:
        return obj[key] if isinstance(obj, dict) else getattr(obj, name(key))

    return tuple(
        tuple((get(e, "id"), uid(get(e, "rqUID"))) for e in get(item, "ecomRs") or [])
        for item in items
    )


@dataclass(frozen=True)
class Kinds:
    """An implementation's constructors for the request's types."""

    order: Callable[..., Any]
    item: Callable[..., Any]
    ecom: Callable[..., Any]
    line_item: Callable[..., Any]
    backup_item: Callable[..., Any]
    rq_uid: Callable[[str], Any] = str
    name: Callable[[str], str] = str


def build_order(items: list[Record], kinds: Kinds) -> Any:
    """The request as an implementation's own objects (untimed setup)."""
    n = kinds.name

    def line(kind: Callable[..., Any], record: Record) -> Any:
        return kind(**{n(k): v for k, v in record.items()})

    return kinds.order(
        **{
            n("itemRq"): [
                kinds.item(
                    **{
                        n("ecomRq"): [
                            kinds.ecom(
                                **{
                                    n("id"): e["id"],
                                    n("rqUID"): kinds.rq_uid(e["rqUID"]),
                                }
                            )
                            for e in item["ecomRq"]
                        ],
                        n("item"): line(kinds.line_item, item["item"]),
                        n("backupItem"): line(kinds.backup_item, item["backupItem"]),
                    }
                )
                for item in items
            ]
        }
    )


def _value(obj: Any) -> Any:
    return obj.value


def field_name(xml_name: str) -> str:
    """The dataclass field for an XML name, in ours and xsdata's alike (``rq_uid``)."""
    return "rq_uid" if xml_name == "rqUID" else snake(xml_name)


def ours(workspace: Workspace, items: list[Record]) -> Impl:
    """Our package for the case, driven through ``CallPlan`` as ``Client.call`` does."""
    from generator.errors import GeneratorError

    try:
        package = workspace.corpus_ours(corpus_wsdl(), "corpus_bench").__name__
    except GeneratorError as exc:
        raise Unavailable(f"our generator refused {CASE}: {exc}") from None
    models, client, plan = (
        import_module(f"{package}.{name}") for name in ("models", "client", "plan")
    )
    kinds = Kinds(
        models.orderRq,
        models.itemRq,
        models.itemRq_ecomRq,
        models.LineItemType,
        models.backupItem,
        lambda text: models.rqUID(value=text),
        field_name,
    )
    call = plan.CallPlan(client.NAMESPACE, client.ORDER, build_order(items, kinds))
    return Impl(
        "ours",
        serialize=call.envelope,
        parse=lambda content: call.read(200, content),
        view=lambda reply: object_view(reply.item_rs, _value, field_name),
    )


def zeep(workspace: Workspace, items: list[Record]) -> Impl:
    """zeep's ``create_message`` and ``process_reply``, its anonymous types looked up."""
    try:
        import zeep as zeep_module
        from zeep.loader import parse_xml
        from zeep.wsdl.utils import etree_to_string
    except ImportError:
        raise Unavailable("zeep is not installed (pip install -e '.[bench]')") from None

    client = zeep_module.Client(str(corpus_wsdl()))
    item = client.get_element(f"{{{NS1}}}itemRq")
    line_item = client.get_type(f"{{{NS2}}}LineItemType")
    kinds = Kinds(
        dict, item, dict(item.type.elements)["ecomRq"].type, line_item, line_item
    )
    request = build_order(items, kinds)["itemRq"]
    operation = client.service._binding.get("order")

    def serialize() -> bytes:
        message = client.create_message(client.service, "order", itemRq=request)
        return bytes(etree_to_string(message))

    def parse(content: bytes) -> Any:
        document = parse_xml(
            content, client.transport, settings=client.settings  # type: ignore[arg-type]
        )
        return operation.process_reply(document)

    return Impl(
        "zeep",
        serialize=serialize,
        parse=parse,
        view=lambda reply: object_view(reply, str, str),
    )


def xsdata(workspace: Workspace, items: list[Record]) -> Impl:
    """xsdata's generated dataclasses with ``XmlSerializer`` and ``XmlParser``."""
    from xsdata.formats.dataclass.context import XmlContext
    from xsdata.formats.dataclass.parsers import XmlParser
    from xsdata.formats.dataclass.serializers import XmlSerializer

    package = workspace.corpus_xsdata(corpus_wsdl(), "corpus_xsdata").__name__
    ns1, ns2, order = (
        import_module(f"{package}.{name}") for name in ("ns1", "ns2", "order")
    )
    kinds = Kinds(
        ns1.OrderRq,
        ns1.ItemRq,
        ns1.ItemRq.EcomRq,
        ns2.LineItemType,
        ns2.BackupItem,
        lambda text: ns2.RqUid(value=text),
        field_name,
    )
    envelope_type = order.OrderPortTypeOrderInput
    envelope = envelope_type(
        body=envelope_type.Body(order_rq=build_order(items, kinds))
    )
    context = XmlContext()  # shared, as xsdata's own Client shares it
    serializer, parser = XmlSerializer(context=context), XmlParser(context=context)
    output = order.OrderPortTypeOrderOutput

    def serialize() -> bytes:
        return serializer.render(envelope).encode("utf-8")

    def parse(content: bytes) -> Any:
        return parser.from_bytes(content, output)

    return Impl(
        "xsdata",
        serialize=serialize,
        parse=parse,
        view=lambda reply: object_view(reply.body.order_rs.item_rs, _value, field_name),
    )


def lxml(workspace: Workspace, items: list[Record]) -> Impl:
    """Hand-written lxml: dicts straight to bytes and back; the floor."""

    def serialize() -> bytes:
        root = Element(f"{{{SOAP_ENV}}}Envelope", nsmap={"soap": SOAP_ENV})
        body = SubElement(root, f"{{{SOAP_ENV}}}Body")
        order = SubElement(body, f"{{{NS1}}}orderRq", nsmap={"a": NS1, "b": NS2})
        for item in items:
            holder = SubElement(order, f"{{{NS1}}}itemRq")
            for ecom in item["ecomRq"]:
                node = SubElement(holder, f"{{{NS1}}}ecomRq", id=ecom["id"])
                SubElement(node, f"{{{NS2}}}rqUID").text = ecom["rqUID"]
            for tag, key in (
                (f"{{{NS1}}}item", "item"),
                (f"{{{NS2}}}backupItem", "backupItem"),
            ):
                line = SubElement(holder, tag)
                SubElement(line, f"{{{NS2}}}itemId").text = item[key]["itemId"]
                SubElement(line, "qty").text = str(item[key]["qty"])
        return bytes(tostring(root, xml_declaration=True, encoding="UTF-8"))

    def parse(content: bytes) -> list[Record]:
        body = fromstring(content, _PARSER).find(f"{{{SOAP_ENV}}}Body")
        if body is None or len(body) == 0:
            raise ValueError("no SOAP Body")
        return [
            {"ecomRs": [{"id": e.get("id"), "rqUID": e[0].text} for e in item]}
            for item in body[0]
        ]

    return Impl("lxml", serialize=serialize, parse=parse, view=expected_view)


FACTORIES: dict[str, Callable[[Workspace, list[Record]], Impl]] = {
    "ours": ours,
    "zeep": zeep,
    "xsdata": xsdata,
    "lxml": lxml,
}

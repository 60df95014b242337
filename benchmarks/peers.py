"""The tools people would otherwise use, each driven the way its own client drives it.

* zeep: ``Client.create_message`` and ``etree_to_string`` (what its transport
  posts); a reply goes through the operation's ``process_reply``.
* xsdata: its generated envelope dataclasses with ``XmlSerializer.render`` and
  ``XmlParser.from_bytes``, as ``xsdata.formats.dataclass.client.Client`` does.
* suds (suds-community): the binding's ``get_message(...).plain()``, as
  ``Client.send`` does, and ``process_reply`` of its SOAP client for replies.

Each peer's objects are built from the plain dicts before timing, with that
peer's own constructors. A peer that is not installed raises
:class:`Unavailable`, and the run skips it with that reason.
"""

# zeep and suds ship without type hints: calling them is untyped by nature.
# mypy: disable-error-code="no-untyped-call"
from __future__ import annotations

from dataclasses import replace
from types import ModuleType
from typing import Any

from benchmarks.data import (
    HEADER,
    MKTOWS,
    Lead,
    build_leads,
    object_view,
    snake,
)
from benchmarks.harness import Impl
from benchmarks.workspace import Unavailable, Workspace

_INSTALL = "pip install -e '.[bench]'"


def zeep(workspace: Workspace, request: list[Lead]) -> Impl:
    try:
        import zeep as zeep_module
        from zeep.loader import parse_xml
        from zeep.wsdl.utils import etree_to_string
    except ImportError:
        raise Unavailable(f"zeep is not installed ({_INSTALL})") from None

    client = zeep_module.Client(str(workspace.wsdl))

    def kind(name: str) -> Any:
        return client.get_type(f"{{{MKTOWS}}}{name}")

    records = build_leads(
        request, kind("LeadRecord"), kind("ArrayOfAttribute"), kind("Attribute")
    )
    leads = kind("ArrayOfLeadRecord")(leadRecord=records)
    header = client.get_element(f"{{{MKTOWS}}}AuthenticationHeader")(**HEADER)
    operation = client.service._binding.get("getMultipleLeads")

    def serialize() -> bytes:
        message = client.create_message(
            client.service,
            "syncMultipleLeads",
            leadRecordList=leads,
            dedupEnabled=True,
            _soapheaders=[header],
        )
        return bytes(etree_to_string(message))

    def parse(content: bytes) -> Any:
        # zeep annotates ``content`` as str; its transport passes the bytes it got
        document = parse_xml(
            content, client.transport, settings=client.settings  # type: ignore[arg-type]
        )
        return operation.process_reply(document)

    return Impl("zeep", serialize=serialize, parse=parse, view=object_view)


def xsdata(workspace: Workspace, request: list[Lead]) -> Impl:
    """xsdata's defaults: every unset nillable field is written as ``xsi:nil``."""
    return _xsdata("xsdata", workspace.xsdata, request, drop_nil=True)


def xsdata_minimal(workspace: Workspace, request: list[Lead]) -> Impl:
    """xsdata without ``nillable`` metadata: unset fields are left out, as ours are.

    It serializes only: without ``nillable`` the same parser reads ``xsi:nil`` as
    an empty string, so its parse would neither differ in cost nor be right.
    """
    impl = _xsdata("xsdata_minimal", workspace.xsdata_minimal, request, drop_nil=False)
    return replace(impl, parse=None, view=None)


def _xsdata(
    name: str, package: ModuleType, request: list[Lead], drop_nil: bool
) -> Impl:
    from xsdata.formats.dataclass.context import XmlContext
    from xsdata.formats.dataclass.parsers import XmlParser
    from xsdata.formats.dataclass.serializers import XmlSerializer

    p = package
    records = build_leads(request, p.LeadRecord, p.ArrayOfAttribute, p.Attribute, snake)
    envelope_type = p.MktowsPortSyncMultipleLeadsInput
    envelope = envelope_type(
        header=envelope_type.Header(
            authentication_header=p.AuthenticationHeader(
                **{snake(k): v for k, v in HEADER.items()}
            )
        ),
        body=envelope_type.Body(
            params_sync_multiple_leads=p.ParamsSyncMultipleLeads(
                lead_record_list=p.ArrayOfLeadRecord(lead_record=records),
                dedup_enabled=True,
            )
        ),
    )
    context = XmlContext()  # shared, as xsdata's own Client shares it
    serializer, parser = XmlSerializer(context=context), XmlParser(context=context)
    output = p.MktowsPortGetMultipleLeadsOutput

    def serialize() -> bytes:
        return serializer.render(envelope).encode("utf-8")

    def parse(content: bytes) -> Any:
        return parser.from_bytes(content, output)

    def view(reply: Any) -> Any:
        return object_view(reply.body.success_get_multiple_leads.result, snake)

    return Impl(name, serialize=serialize, parse=parse, view=view, drop_nil=drop_nil)


def suds(workspace: Workspace, request: list[Lead]) -> Impl:
    try:
        import suds.client as suds_client
    except ImportError:
        raise Unavailable(f"suds is not installed ({_INSTALL})") from None

    # cache=None: a cold start must not read a WSDL cache an earlier run wrote
    client = suds_client.Client(workspace.wsdl.as_uri(), cache=None)

    def kind(name: str) -> Any:
        def build(**fields: Any) -> Any:
            obj = client.factory.create(name)
            for key, value in fields.items():
                setattr(obj, key, value)
            return obj

        return build

    records = build_leads(
        request, kind("LeadRecord"), kind("ArrayOfAttribute"), kind("Attribute")
    )
    client.set_options(soapheaders=kind("AuthenticationHeaderInfo")(**HEADER))
    arguments = (kind("ArrayOfLeadRecord")(leadRecord=records), True)
    sync = client.service.syncMultipleLeads.method
    get = client.service.getMultipleLeads.method
    # the reply half of suds' own SOAP client, without sending a request first
    replies = suds_client._SoapClient(client, get)

    def serialize() -> bytes:
        message = sync.binding.input.get_message(sync, arguments, {})
        return bytes(message.plain().encode("utf-8"))

    def parse(content: bytes) -> Any:
        return replies.process_reply(content, None, None)

    return Impl("suds", serialize=serialize, parse=parse, view=object_view)

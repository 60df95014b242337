"""The committed package: typed client signatures, tri-state fields, lazy imports."""

from __future__ import annotations

import inspect
import subprocess
import sys
import typing

import mktows
from mktows import models
from mktows.client import SYNC_LEAD, Client
from mktows.values import NIL, Nil


def test_sync_lead_signature_is_typed_from_the_wsdl() -> None:
    signature = inspect.signature(Client.sync_lead)
    params = signature.parameters
    assert list(params) == [
        "self",
        "lead_record",
        "return_lead",
        "marketo_cookie",
        "mktows_context",
    ]
    assert all(p.kind is p.KEYWORD_ONLY for name, p in params.items() if name != "self")
    assert params["lead_record"].default is inspect.Parameter.empty
    assert params["return_lead"].annotation == "bool"
    assert params["marketo_cookie"].annotation == "None | Nil | str"
    assert params["mktows_context"].annotation == "MktowsContextHeader | None"
    assert signature.return_annotation == "ResultSyncLead"
    assert "Create or update a lead." in (Client.sync_lead.__doc__ or "")


def test_only_sync_lead_takes_the_context_header() -> None:
    takers = [
        name
        for name, member in inspect.getmembers(Client, inspect.isfunction)
        if "mktows_context" in inspect.signature(member).parameters
        and name != "__init__"
    ]
    assert takers == ["sync_lead"]
    assert SYNC_LEAD.headers == ("authentication", "mktowsContext")
    assert SYNC_LEAD.soap_action == "http://www.marketo.com/mktows/syncLead"


def test_annotations_resolve_against_the_package() -> None:
    hints = typing.get_type_hints(models.LeadRecord)
    assert hints["email"] == None | Nil | str
    hints = typing.get_type_hints(Client.get_lead, vars(sys.modules["mktows.client"]))
    assert hints["lead_key"] is models.LeadKey


def test_nil_is_a_falsy_singleton_distinct_from_none() -> None:
    assert NIL is Nil.NIL and repr(NIL) == "NIL" and not NIL
    lead = models.LeadRecord(email=NIL)
    assert lead.email is NIL and lead.id is None


def test_importing_the_package_is_lazy() -> None:
    code = "import sys, mktows; print(sorted(m for m in sys.modules if m.startswith('mktows.')))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"
    assert mktows.Client is Client


def test_building_a_client_does_not_import_requests() -> None:
    code = (
        "import sys\n"
        "from mktows import Client\n"
        "from mktows.retry import NO_RETRY\n"
        "client = Client('http://127.0.0.1:9/soap/mktows/2_6', 'user', 'secret', retry=NO_RETRY)\n"
        "print('requests' in sys.modules)\n"
        "try:\n"
        "    client.list_mobjects()\n"
        "except Exception as exc:\n"
        "    print(type(exc).__name__, 'requests' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.split() == ["False", "TransportError", "True"]

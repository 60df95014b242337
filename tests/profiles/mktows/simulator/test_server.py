"""The simulator as a server: the wire, documented faults, limits, state, the CLI."""

from __future__ import annotations

import socket
import threading
import time
from datetime import timedelta
from importlib import import_module
from pathlib import Path

import pytest
import requests
from lxml import etree
from mktows import models as m
from mktows.client import Client
from mktows.errors import AuthenticationError, LimitError, MktowsFault
from mktows.retry import NO_RETRY
from mktows.signing import local_now, request_signature, request_timestamp

from generator.profiles.mktows.simulator import SimulatorServer
from tests.support.packages import generate_package
from tests.support.servers import SECRET, USER_ID, ServerFactory, make_client
from tests.support.soap import MKTOWS, SOAP, envelope, fault_code, post, serve, serving


def test_endpoint_and_fault_shape(mktows_server: SimulatorServer) -> None:
    assert mktows_server.endpoint.startswith("http://127.0.0.1:")
    assert mktows_server.endpoint.endswith("/soap/mktows/2_6")
    answer = post(mktows_server, envelope("<ns1:paramsListMObjects/>", secret="not-it"))
    assert fault_code(answer) == 20014
    with pytest.raises(AuthenticationError) as caught:
        make_client(mktows_server, secret="not-it").list_mobjects()
    assert (caught.value.code, caught.value.faultcode) == (20014, "SOAP-ENV:Client")


BAD_REQUESTS = {
    "not XML": (b"this is not xml", 20012),
    "entity expansion": (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
        b"<x>&b;</x>",
        20012,
    ),
    "not SOAP": (b"<Envelope/>", 20012),
    "unknown operation": (envelope("<ns1:paramsFlyToTheMoon/>"), 20019),
    "no parameters": (envelope("<ns1:paramsGetLead/>"), 20017),
    "bad key type": (
        envelope(
            "<ns1:paramsGetLead><leadKey><keyType>SHOE</keyType><keyValue>1</keyValue></leadKey></ns1:paramsGetLead>"
        ),
        20102,
    ),
    "bad activity type": (
        envelope(
            "<ns1:paramsGetLeadActivity><leadKey><keyType>IDNUM</keyType><keyValue>1</keyValue></leadKey>"
            "<activityFilter><includeTypes><activityType>Juggle</activityType></includeTypes>"
            "</activityFilter></ns1:paramsGetLeadActivity>"
        ),
        20107,
    ),
    "missing returnLead": (
        envelope(
            "<ns1:paramsSyncLead><leadRecord><Email>a@b.c</Email></leadRecord></ns1:paramsSyncLead>"
        ),
        20109,
    ),
    "missing lead key value": (
        envelope(
            "<ns1:paramsGetLead><leadKey><keyType>EMAIL</keyType></leadKey></ns1:paramsGetLead>"
        ),
        20101,
    ),
    "bad batch size": (
        envelope(
            "<ns1:paramsGetMultipleLeads><batchSize>many</batchSize></ns1:paramsGetMultipleLeads>"
        ),
        20110,
    ),
    "no user": (envelope("<ns1:paramsListMObjects/>", user="someone_else"), 20014),
    "stale timestamp": (
        envelope("<ns1:paramsListMObjects/>", when=local_now() - timedelta(hours=1)),
        20016,
    ),
}


@pytest.mark.parametrize("name", BAD_REQUESTS)
def test_bad_requests_get_the_documented_fault(
    mktows_server: SimulatorServer, name: str
) -> None:
    body, code = BAD_REQUESTS[name]
    assert fault_code(post(mktows_server, body)) == code


def test_the_documented_empty_start_position_is_accepted(
    mktows_server: SimulatorServer,
) -> None:
    """getLeadActivity's sample sends ``<latestCreatedAt />``: absent, not bad."""
    make_client(mktows_server).sync_lead(
        lead_record=m.LeadRecord(email="e@x.org"), return_lead=False
    )
    payload = (
        "<ns1:paramsGetLeadActivity><leadKey><keyType>EMAIL</keyType><keyValue>e@x.org</keyValue>"
        "</leadKey><startPosition><latestCreatedAt /><offset /></startPosition>"
        "<batchSize>10</batchSize></ns1:paramsGetLeadActivity>"
    )
    assert post(mktows_server, envelope(payload)).status_code == 200


def test_http_edges(mktows_server_factory: ServerFactory) -> None:
    server = mktows_server_factory(max_request_bytes=2000)
    assert requests.get(server.endpoint, timeout=5).status_code == 405
    assert (
        requests.post(server.endpoint + "x", data=b"<a/>", timeout=5).status_code == 404
    )
    big = envelope("<ns1:paramsListMObjects/>" + " " * 3000)
    assert requests.post(server.endpoint, data=big, timeout=5).status_code == 413


def test_rate_limit_quota_and_skew(mktows_server_factory: ServerFactory) -> None:
    limited = make_client(mktows_server_factory(rate=(3, 20.0)), retry=NO_RETRY)
    for _ in range(3):
        limited.list_mobjects()
    with pytest.raises(LimitError) as caught:
        limited.list_mobjects()
    assert caught.value.code == 20023
    quota = make_client(mktows_server_factory(daily_quota=2), retry=NO_RETRY)
    quota.list_mobjects()
    quota.list_mobjects()
    with pytest.raises(LimitError) as caught:
        quota.list_mobjects()
    assert caught.value.code == 20015
    strict = mktows_server_factory(skew=30)
    late = envelope(
        "<ns1:paramsListMObjects/>", when=local_now() - timedelta(seconds=60)
    )
    assert fault_code(post(strict, late)) == 20016
    assert post(strict, envelope("<ns1:paramsListMObjects/>")).status_code == 200


def test_concurrency_limit_and_latency(mktows_server_factory: ServerFactory) -> None:
    server = mktows_server_factory(concurrency=2, latency_ms=300)
    outcomes: list[int] = []

    def call() -> None:
        try:
            make_client(server, retry=NO_RETRY).list_mobjects()
            outcomes.append(0)
        except MktowsFault as fault:
            outcomes.append(fault.code or -1)

    started = time.monotonic()
    threads = [threading.Thread(target=call) for _ in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert time.monotonic() - started >= 0.3
    assert outcomes.count(0) >= 2 and outcomes.count(20024) >= 1
    assert set(outcomes) <= {0, 20024}


@pytest.mark.parametrize(
    ("kind", "status"),
    [("http503", 503), ("internal", 500), ("rate", 500), ("disconnect", None)],
)
def test_fail_rate_injects_each_kind(
    mktows_server_factory: ServerFactory, kind: str, status: int | None
) -> None:
    server = mktows_server_factory(fail_rate=1.0, fail_kinds=(kind,))
    body = envelope("<ns1:paramsListMObjects/>")
    if status is None:
        with pytest.raises(requests.ConnectionError):
            post(server, body)
    else:
        assert post(server, body).status_code == status
    assert server.stats.snapshot()["injected"] == {kind: 1}


def test_state_survives_a_restart_with_db(
    tmp_path: Path, mktows_server_factory: ServerFactory
) -> None:
    database = tmp_path / "state.sqlite"
    first = mktows_server_factory(db=database)
    client = make_client(first)
    emails = [f"keep{i}@example.com" for i in range(3)]
    client.sync_multiple_leads(
        lead_record_list=m.ArrayOfLeadRecord(
            lead_record=[m.LeadRecord(email=e) for e in emails]
        )
    )
    selector = m.LeadKeySelector(
        key_type=m.LeadKeyRef.EMAIL, key_values=m.ArrayOfString(string_item=emails)
    )
    position = client.get_multiple_leads(
        lead_selector=selector, batch_size=2
    ).new_stream_position
    first.stop()
    second = make_client(mktows_server_factory(db=database))
    rest = second.get_multiple_leads(lead_selector=selector, stream_position=position)
    assert rest.lead_record_list
    assert [r.email for r in rest.lead_record_list.lead_record] == ["keep2@example.com"]


def test_stop_leaves_nothing_running(mktows_server_factory: ServerFactory) -> None:
    server = mktows_server_factory()
    make_client(server).list_mobjects()  # leaves a keep-alive connection open
    server.stop()
    assert not [t for t in threading.enumerate() if t.name == "mktows-simulator"]
    with pytest.raises(requests.ConnectionError):
        post(server, b"")


def test_serve_command_prints_its_endpoint_and_stops_on_interrupt() -> None:
    secret = {"MKTOWS_SERVE_SECRET": SECRET}
    with serving("--port", "0", "--user-id", USER_ID, env=secret) as process:
        assert process.stdout is not None
        endpoint = process.stdout.readline().strip()
        assert endpoint.startswith("http://127.0.0.1:") and endpoint.endswith(
            "/soap/mktows/2_6"
        )
        assert Client(endpoint, USER_ID, SECRET, retry=NO_RETRY).list_mobjects().objects
    assert SECRET not in (process.stderr.read() if process.stderr else "")


def test_serve_command_errors_are_one_line() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        cases = [
            ("--user-id", "u", "--secret", "s", "--port", port),
            ("--user-id", "u", "--port", "0"),
            ("--user-id", "u", "--secret", "s", "--fail-kinds", "gremlins"),
        ]
        for args in cases:
            process = serve(*args, env={"MKTOWS_SERVE_SECRET": ""})
            out, err = process.communicate(timeout=30)
            assert process.returncode == 2, (args, err)
            assert out == "" and len(err.strip().splitlines()) == 1, err
    process = serve("--user-id", "u", "--secret", "s", "--rate", "lots")
    assert process.wait(timeout=30) == 2


@pytest.mark.shared
def test_serves_another_revision(
    shared: Path, generated_root: Path, mktows_server_factory: ServerFactory
) -> None:
    server = mktows_server_factory(wsdl="2_2")
    assert server.endpoint.endswith("/soap/mktows/2_2")
    package = generate_package(generated_root, "2_2", "mktows_client_2_2")
    models = import_module("mktows_client_2_2.models")
    client = package.Client(server.endpoint, USER_ID, SECRET)
    lead_id = client.sync_lead(
        lead_record=models.LeadRecord(email="old@example.com"), return_lead=False
    ).lead_id
    found = client.get_lead(
        lead_key=models.LeadKey(
            key_type=models.LeadKeyRef.IDNUM, key_value=str(lead_id)
        )
    )
    assert found.count == 1


@pytest.mark.shared
def test_documented_requests_are_understood(
    shared: Path, mktows_server: SimulatorServer
) -> None:
    """Every documented request, re-signed, gets a success or a data-dependent fault."""
    seen: dict[str, int] = {}
    for sample in sorted((shared / "golden").glob("*.request.xml")):
        root = etree.fromstring(sample.read_bytes())
        header = root.find(f"{{{SOAP}}}Header/{{{MKTOWS}}}AuthenticationHeader")
        assert header is not None
        stamp = request_timestamp(local_now())
        for name, value in (
            ("mktowsUserId", USER_ID),
            ("requestTimestamp", stamp),
            ("requestSignature", request_signature(SECRET, stamp, USER_ID)),
        ):
            node = header.find(name)
            assert node is not None
            node.text = value
        answer = post(mktows_server, etree.tostring(root))
        seen[sample.name] = 0 if answer.status_code == 200 else fault_code(answer)
    assert len(seen) >= 15
    # Only "your data is not there" faults: nothing unreadable, unknown or broken.
    assert set(seen.values()) <= {0, 20103, 20110, 20111, 20113}, seen

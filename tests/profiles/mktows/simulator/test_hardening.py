"""The simulator under hostile clients: connection cap, slow clients, short bodies,
impossible ids, the serve command's bad options and its warning off loopback."""

from __future__ import annotations

import http.client
import logging
import signal
import socket
import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from mktows import models as m
from mktows.errors import MktowsFault
from mktows.retry import NO_RETRY

from generator.profiles.mktows.simulator import SimulatorServer
from generator.profiles.mktows.simulator.server import CONNECTION_THREAD
from tests.support.servers import ServerFactory, key, make_client
from tests.support.soap import envelope, fault_code, post, serve, serving

TOO_BIG = 99999999999999999999  # beyond SQLite's 64-bit integers
LIST_MOBJECTS = envelope("<ns1:paramsListMObjects/>")


def _address(server: SimulatorServer) -> tuple[str, int]:
    host, port = server._http.server_address[:2]
    return str(host), int(port)


def _request(server: SimulatorServer, body: bytes, length: int | None = None) -> bytes:
    path = server.endpoint.split("/", 3)[3]
    return (
        f"POST /{path} HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\n"
        f"Content-Length: {len(body) if length is None else length}\r\n\r\n"
    ).encode() + body


def _connect(server: SimulatorServer, timeout: float = 5.0) -> socket.socket:
    return socket.create_connection(_address(server), timeout=timeout)


def _connection_threads() -> int:
    return sum(t.name == CONNECTION_THREAD for t in threading.enumerate())


def _response(sock: socket.socket) -> tuple[int, bytes]:
    """Read one whole HTTP response from ``sock``: its status and body."""
    answer = http.client.HTTPResponse(sock)
    answer.begin()
    return answer.status, answer.read()


def _until(condition: Callable[[], bool], limit: float = 5.0) -> bool:
    deadline = time.monotonic() + limit
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def _closed_by_server(sock: socket.socket) -> bool:
    """Whether the server closed ``sock`` (EOF or reset) before its timeout."""
    try:
        return sock.recv(4096) == b""
    except ConnectionResetError:
        return True
    except TimeoutError:
        return False


def test_connections_over_the_cap_wait_without_a_thread(
    mktows_server_factory: ServerFactory,
) -> None:
    server = mktows_server_factory(max_connections=2, request_timeout=5.0)
    before = _connection_threads()
    holders = [_connect(server), _connect(server)]
    try:
        assert _until(lambda: _connection_threads() == before + 2)
        waiting = _connect(server, timeout=0.5)
        waiting.sendall(_request(server, LIST_MOBJECTS))
        with pytest.raises(TimeoutError):
            waiting.recv(4096)  # not served while two connections are open
        assert _connection_threads() == before + 2
        holders.pop().close()
        waiting.settimeout(5.0)
        assert _response(waiting)[0] == 200
        waiting.close()
    finally:
        for sock in holders:
            sock.close()


def test_stop_does_not_wait_for_a_free_slot(
    mktows_server_factory: ServerFactory,
) -> None:
    server = mktows_server_factory(max_connections=1, request_timeout=30.0)
    with _connect(server) as holder, _connect(server) as waiting:
        holder.sendall(b"POST")
        waiting.sendall(b"POST")
        time.sleep(0.2)
        started = time.monotonic()
        server.stop()
        assert time.monotonic() - started < 3


@pytest.mark.parametrize("stage", ["nothing", "headers", "body"])
def test_a_client_too_slow_to_send_its_request_is_cut_off(
    mktows_server_factory: ServerFactory, stage: str
) -> None:
    """A byte every 0.1 s reset a per-read timeout forever; the deadline is total."""
    server = mktows_server_factory(request_timeout=0.6)
    request = _request(server, LIST_MOBJECTS)
    head = request.index(b"Content-Type")  # request line sent, headers trickle
    start = {"nothing": 0, "headers": head, "body": len(request) - len(LIST_MOBJECTS)}
    with _connect(server, timeout=0.1) as sock:
        sock.sendall(request[: start[stage]])
        started = time.monotonic()
        closed = False
        for byte in request[start[stage] : -1]:
            if stage != "nothing":
                try:
                    sock.sendall(bytes([byte]))
                except (BrokenPipeError, ConnectionResetError):
                    closed = True
            closed = closed or _closed_by_server(sock)
            if closed or time.monotonic() - started > 3:
                break
        assert closed
        assert time.monotonic() - started < 2.0


def test_a_keep_alive_connection_is_served_again_after_the_deadline(
    mktows_server_factory: ServerFactory,
) -> None:
    """The deadline is per request: a connection reused later is not cut off."""
    server = mktows_server_factory(request_timeout=0.5, idle_timeout=5.0)
    with _connect(server) as sock:
        for _ in range(2):
            sock.sendall(_request(server, LIST_MOBJECTS))
            assert _response(sock)[0] == 200
            time.sleep(0.7)


def test_a_body_shorter_than_its_content_length_is_refused(
    mktows_server_factory: ServerFactory,
) -> None:
    server = mktows_server_factory()
    with _connect(server) as sock:
        sock.sendall(_request(server, LIST_MOBJECTS, length=len(LIST_MOBJECTS) + 50))
        sock.shutdown(socket.SHUT_WR)
        answer = b""
        while chunk := sock.recv(4096):
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 400 ")
    assert b"Connection: close" in answer
    assert f"after {len(LIST_MOBJECTS)} of its".encode() in answer
    assert server.stats.snapshot()["attempts"] == {}  # nothing was handled


def test_two_conflicting_content_lengths_are_refused(
    mktows_server_factory: ServerFactory,
) -> None:
    server = mktows_server_factory()
    request = _request(server, LIST_MOBJECTS).replace(
        b"Content-Length:", b"Content-Length: 3\r\nContent-Length:", 1
    )
    with _connect(server) as sock:
        sock.sendall(request)
        status, body = _response(sock)
    assert status == 400 and b"conflicting Content-Length" in body
    assert server.stats.snapshot()["attempts"] == {}  # nothing was handled


def _lead_id_call(client: Any) -> None:
    client.get_lead(lead_key=key(m.LeadKeyRef.IDNUM, TOO_BIG))


def _sync_call(client: Any) -> None:
    record = m.LeadRecord(id=TOO_BIG, email="big@example.com")
    client.sync_lead(lead_record=record, return_lead=False)


def _list_call(client: Any) -> None:
    selector = m.StaticListSelector(static_list_id=TOO_BIG)
    client.get_multiple_leads(lead_selector=selector)


def _campaign_call(client: Any) -> None:
    keys = m.ArrayOfLeadKey(lead_key=[key(m.LeadKeyRef.IDNUM, 1)])
    client.request_campaign(
        source=m.ReqCampSourceType.MKTOWS, campaign_id=TOO_BIG, lead_list=keys
    )


@pytest.mark.parametrize(
    ("call", "code"),
    [
        (_lead_id_call, 20103),
        (_sync_call, 20103),
        (_list_call, 20111),
        (_campaign_call, 20113),
    ],
)
def test_an_id_no_row_can_have_is_not_found(
    mktows_server_factory: ServerFactory,
    caplog: pytest.LogCaptureFixture,
    call: Callable[[Any], None],
    code: int,
) -> None:
    server = mktows_server_factory(capture=True)
    caplog.set_level(logging.INFO, logger="generator.profiles.mktows.simulator")
    with pytest.raises(MktowsFault) as caught:
        call(make_client(server, retry=NO_RETRY))
    assert caught.value.code == code
    body = server.simulator.captured[-1][2]
    assert b"Python" not in body and b"SQLite" not in body
    assert "SQLite" not in caplog.text


def test_an_mobject_id_no_row_can_have_is_not_found(
    mktows_server_factory: ServerFactory,
) -> None:
    client = make_client(mktows_server_factory(), retry=NO_RETRY)
    unknown = m.MObject(type_value="Opportunity", id=TOO_BIG)
    result = client.delete_mobjects(m_object_list=m.ArrayOfMObject(m_object=[unknown]))
    statuses = result.m_obj_status_list.m_obj_status
    assert [str(s.status.value) for s in statuses] == ["UNCHANGED"]


def test_the_log_of_an_unreadable_request_says_request(
    mktows_server: SimulatorServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="generator.profiles.mktows.simulator")
    assert fault_code(post(mktows_server, b"this is not xml")) == 20012
    [line] = [r.getMessage() for r in caplog.records if "fault 20012" in r.getMessage()]
    assert "the request is not well-formed XML" in line
    assert "response" not in line


def test_loopback_is_known(mktows_server_factory: ServerFactory) -> None:
    assert mktows_server_factory().loopback
    assert not mktows_server_factory(host="0.0.0.0").loopback


@pytest.mark.parametrize(
    "args",
    [
        ("--port", "99999"),
        ("--port", "-1"),
        ("--max-connections", "0"),
        ("--request-timeout", "nan"),
        ("--host", ""),
        ("--host", " "),
    ],
)
def test_serve_out_of_range_options_are_one_line(args: tuple[str, ...]) -> None:
    process = serve("--user-id", "u", "--secret", "s", *args)
    out, err = process.communicate(timeout=30)
    assert process.returncode == 2, err
    assert out == "" and len(err.strip().splitlines()) == 1, err
    assert err.startswith(f"mktows-codegen: error: {args[0]}")


def test_serve_warns_when_not_on_loopback() -> None:
    local = ("--port", "0", "--user-id", "u", "--secret", "s")
    with serving("--host", "0.0.0.0", *local) as process:
        assert process.stdout is not None and process.stderr is not None
        assert process.stdout.readline().startswith("http://0.0.0.0:")
        warning = process.stderr.readline()
        assert warning.startswith("mktows-codegen: warning: listening on 0.0.0.0")


def test_serve_stops_on_interrupt_even_when_started_ignoring_it() -> None:
    """A background job of a non-interactive shell starts with SIGINT ignored."""
    process = serve(
        "--port", "0", "--user-id", "u", "--secret", "s", ignore_sigint=True
    )
    try:
        assert process.stdout is not None
        assert process.stdout.readline().startswith("http://127.0.0.1:")
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=15) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()

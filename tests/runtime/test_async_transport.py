"""The AsyncClient's transport against broken and hostile servers (issue 15).

Real loopback sockets throughout (the recording server), never a mocked transport:
connection refused, an HTML 500, a truncated body, a server too slow for the read
timeout or trickling past the deadline, redirects, an oversized answer, and calls
cancelled mid-flight, after which the pool must still work and hold no extra
connection.
"""

from __future__ import annotations

import asyncio
import socket
import time
from typing import Any

import httpx
import pytest
from mktows.client import AsyncClient
from mktows.errors import TransportError
from mktows.retry import NO_RETRY

from tests.support.http_server import RecordingServer, Reply, redirect
from tests.support.servers import make_async_client

RESPONSE = (
    b"<?xml version='1.0' encoding='UTF-8'?>"
    b"<SOAP-ENV:Envelope xmlns:SOAP-ENV='http://schemas.xmlsoap.org/soap/envelope/'"
    b" xmlns:ns1='http://www.marketo.com/mktows/'><SOAP-ENV:Body>"
    b"<ns1:successListMObjects><result><objects/></result></ns1:successListMObjects>"
    b"</SOAP-ENV:Body></SOAP-ENV:Envelope>"
)
ANSWER = Reply(body=RESPONSE)
HEAD = ANSWER.wire()[: -len(RESPONSE)]


def client_for(server: RecordingServer, **options: Any) -> AsyncClient:
    options.setdefault("retry", NO_RETRY)
    options.setdefault("timeout", (1.0, 2.0))
    return make_async_client(server, **options)


async def test_connection_refused_is_a_transport_error() -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    client = AsyncClient(f"http://127.0.0.1:{port}/soap", "u", "s", retry=NO_RETRY)
    async with client:
        with pytest.raises(TransportError, match="ConnectError talking to") as caught:
            await client.list_mobjects()
    assert caught.value.status is None


async def test_an_html_500_is_a_transport_error_with_its_status(
    http_server: RecordingServer,
) -> None:
    http_server.reply = Reply(500, b"<html><body>Oops</body></html>", "text/html")
    async with client_for(http_server) as client:
        with pytest.raises(TransportError) as caught:
            await client.list_mobjects()
    assert caught.value.status == 500 and "without a SOAP fault" in str(caught.value)


async def test_a_truncated_body_is_a_transport_error(
    http_server: RecordingServer,
) -> None:
    http_server.reply = Reply(raw=HEAD + RESPONSE[:60])  # Content-Length says more
    async with client_for(http_server) as client:
        with pytest.raises(TransportError, match="RemoteProtocolError"):
            await client.list_mobjects()


async def test_a_silent_server_hits_the_read_timeout(
    http_server: RecordingServer,
) -> None:
    http_server.reply = Reply(raw=b"", trickle=HEAD, pace=3.0)
    async with client_for(http_server, timeout=(1.0, 0.5)) as client:
        started = time.monotonic()
        with pytest.raises(TransportError, match="ReadTimeout"):
            await client.list_mobjects()
    assert time.monotonic() - started < 2.0


@pytest.mark.parametrize(
    "answer",
    [
        Reply(raw=b"", trickle=HEAD + RESPONSE),
        Reply(raw=HEAD + RESPONSE[:40], trickle=RESPONSE[40:]),
        Reply(
            raw=HEAD.replace(b"Content-Length", b"X-Was"), trickle=b"<", endless=True
        ),
    ],
    ids=["headers", "body", "endless"],
)
async def test_a_trickle_is_cut_off_at_the_deadline(
    http_server: RecordingServer, answer: Reply
) -> None:
    http_server.reply = answer
    async with client_for(http_server, deadline=1.5) as client:
        started = time.monotonic()
        with pytest.raises(TransportError, match=r"within the 1\.5 s deadline"):
            await client.list_mobjects()
    assert 1.4 < time.monotonic() - started < 2.5


@pytest.mark.parametrize("status", [301, 302, 307, 308])
async def test_redirects_are_never_followed(
    http_server: RecordingServer, status: int
) -> None:
    http_server.reply = redirect(status, "http://elsewhere.example/soap?stolen=1")
    async with client_for(http_server) as client:
        with pytest.raises(TransportError, match="never follow") as caught:
            await client.list_mobjects()
    assert caught.value.status == status and "elsewhere.example" in str(caught.value)
    assert http_server.hits == 1


async def test_an_oversized_answer_is_refused(http_server: RecordingServer) -> None:
    http_server.reply = Reply(body=RESPONSE)
    async with client_for(http_server, max_response_bytes=100) as client:
        with pytest.raises(TransportError, match="larger than 100"):
            await client.list_mobjects()
    http_server.reply = Reply(raw=HEAD.replace(b"Content-Length", b"X-Was") + RESPONSE)
    async with client_for(http_server, max_response_bytes=100) as client:
        with pytest.raises(TransportError, match="larger than 100 bytes"):
            await client.list_mobjects()


def pool_connections(client: AsyncClient) -> int:
    """Connections the client's httpx pool holds (open or being opened)."""
    pool = client._transport.client._transport._pool  # type: ignore[attr-defined]
    return len(pool.connections)


async def test_cancelled_calls_leave_the_pool_usable_and_leak_nothing(
    http_server: RecordingServer,
) -> None:
    slow = Reply(raw=b"", trickle=HEAD + RESPONSE, pace=0.5)
    http_server.reply = slow
    async with client_for(http_server, max_connections=3, timeout=(1.0, 5.0)) as client:
        for _ in range(2):  # wait_for cancels each of them mid-call
            calls = [
                asyncio.wait_for(client.list_mobjects(), timeout=0.3) for _ in range(6)
            ]
            results = await asyncio.gather(*calls, return_exceptions=True)
            assert all(isinstance(r, TimeoutError) for r in results), results
        task = asyncio.create_task(client.list_mobjects())
        await asyncio.sleep(0.2)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert pool_connections(client) <= 3
        http_server.reply = ANSWER
        answers = await asyncio.gather(*(client.list_mobjects() for _ in range(9)))
        assert len(answers) == 9
        assert pool_connections(client) <= 3
    # each cancelled round opened at most a pool's worth (3), the lone task one more,
    # the last round at most a fresh pool's worth: nothing beyond the bound
    assert http_server.connections <= 3 + 3 + 1 + 3


async def test_a_client_of_ones_own_is_used_and_left_open(
    http_server: RecordingServer,
) -> None:
    http_server.reply = ANSWER
    async with httpx.AsyncClient(headers={"X-Mine": "yes"}) as mine:
        async with client_for(http_server, session=mine) as client:
            await client.list_mobjects()
        assert not mine.is_closed
        async with client_for(http_server, session=mine) as client:
            await client.list_mobjects()
    assert [r.headers["X-Mine"] for r in http_server.requests] == ["yes", "yes"]


async def test_the_pool_is_bounded_and_closed_by_async_with(
    http_server: RecordingServer,
) -> None:
    http_server.reply = ANSWER
    async with client_for(http_server, max_connections=2) as client:
        await asyncio.gather(*(client.list_mobjects() for _ in range(8)))
        own = client._transport.client
        assert pool_connections(client) <= 2
    assert own.is_closed
    assert http_server.connections <= 2

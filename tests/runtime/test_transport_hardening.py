"""The generated client against hostile servers: redirects and trickling answers.

Real loopback sockets throughout: the recording server sends whatever bytes the
test wants, when it wants.
"""

from __future__ import annotations

import time

import pytest
from mktows.client import Client
from mktows.errors import TransportError
from mktows.retry import NO_RETRY
from mktows.transport import DEFAULT_DEADLINE, Transport

from tests.support.http_server import RecordingServer, Reply, recording_server, redirect

SECRET = "s3cret-Hardening-Key-41c0"
RESPONSE = (
    b"<?xml version='1.0' encoding='UTF-8'?>"
    b"<SOAP-ENV:Envelope xmlns:SOAP-ENV='http://schemas.xmlsoap.org/soap/envelope/'"
    b" xmlns:ns1='http://www.marketo.com/mktows/'><SOAP-ENV:Body>"
    b"<ns1:successListMObjects><result><objects/></result></ns1:successListMObjects>"
    b"</SOAP-ENV:Body></SOAP-ENV:Envelope>"
)
ANSWER = Reply(body=RESPONSE)


def client_for(server: RecordingServer, **options: object) -> Client:
    options.setdefault("retry", NO_RETRY)
    options.setdefault("timeout", (1.0, 2.0))
    return Client(server.endpoint, "user-1", SECRET, **options)  # type: ignore[arg-type]


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_redirects_are_never_followed(status: int) -> None:
    with recording_server(ANSWER) as elsewhere:
        location = elsewhere.endpoint + "?stolen=1"
        with recording_server(redirect(status, location)) as server:
            with pytest.raises(TransportError) as caught:
                client_for(server).list_mobjects()
            assert server.hits == 1
        time.sleep(0.2)  # a follow-up request, if any, would have arrived by now
    assert elsewhere.connections == 0
    assert caught.value.status == status
    message = str(caught.value)
    assert location in message and f"HTTP {status}" in message
    assert "never follow" in message and SECRET not in message


def test_a_redirect_without_location_is_refused_too() -> None:
    with (
        recording_server(redirect(302, None)) as server,
        pytest.raises(TransportError, match="redirect and no Location"),
    ):
        client_for(server).list_mobjects()


def test_a_long_location_is_shortened() -> None:
    location = "http://elsewhere.example/" + "x" * 5000
    with (
        recording_server(redirect(307, location)) as server,
        pytest.raises(TransportError) as caught,
    ):
        client_for(server).list_mobjects()
    assert location[:150] in str(caught.value) and len(str(caught.value)) < 400


HEAD = ANSWER.wire()[: -len(RESPONSE)]
TRICKLES = {  # every byte comes 0.3 s after the one before: within any read timeout
    "headers": Reply(raw=b"", trickle=HEAD + RESPONSE),
    "body": Reply(raw=HEAD + RESPONSE[:40], trickle=RESPONSE[40:]),
}


@pytest.mark.parametrize("answer", TRICKLES.values(), ids=TRICKLES)
def test_a_trickling_server_is_cut_off_at_the_deadline(answer: Reply) -> None:
    # Every read gets a byte well within the 2 s read timeout: only the deadline can stop it.
    with recording_server(answer) as server:
        client = client_for(server, deadline=1.5)
        started = time.monotonic()
        with pytest.raises(TransportError, match=r"within the 1\.5 s deadline"):
            client.list_mobjects()
        elapsed = time.monotonic() - started
    assert 1.4 < elapsed < 2.5


def test_a_trickle_through_a_session_of_ones_own_is_cut_off_in_the_body() -> None:
    import requests

    with (
        recording_server(TRICKLES["body"]) as server,
        requests.Session() as session,
    ):
        client = client_for(server, deadline=1.0, session=session)
        started = time.monotonic()
        with pytest.raises(TransportError, match="deadline"):
            client.list_mobjects()
        assert time.monotonic() - started < 2.0


def test_a_prompt_answer_is_untouched_by_the_deadline() -> None:
    with recording_server(ANSWER) as server:
        client = client_for(server, deadline=0.5)
        for _ in range(
            3
        ):  # the pooled connection is reused, never cut by a stale watchdog
            assert client.list_mobjects() is not None
        time.sleep(0.7)
        assert client.list_mobjects() is not None
    assert server.connections == 1


def test_the_deadline_is_checked_and_defaults_to_two_minutes() -> None:
    assert DEFAULT_DEADLINE == 120.0
    assert Client("http://127.0.0.1:9/", "u", SECRET)._transport.deadline == 120.0
    for bad in (0, -1.0, float("nan")):
        with pytest.raises(ValueError, match="deadline"):
            Transport("http://127.0.0.1:9/", deadline=bad)

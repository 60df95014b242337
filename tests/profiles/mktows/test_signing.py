"""Signing: the documented HMAC, the timestamp format, a fresh signature per call."""

from __future__ import annotations

import pickle
from datetime import UTC, datetime, timedelta, timezone

import pytest
from lxml import etree
from mktows.client import Client
from mktows.errors import ResponseError
from mktows.models import AuthenticationHeader
from mktows.signing import (
    SIGNATURE_FIELD,
    Credentials,
    request_signature,
    request_timestamp,
    resign,
)

from tests.support.golden import (
    DEMO_SECRET,
    GOLDEN,
    credentials,
    verifiable_requests,
)
from tests.support.http_server import Reply, recording_server


def test_signatures_match_every_verifiable_documented_request() -> None:
    if not GOLDEN.is_dir():
        pytest.skip(f"documented samples not found in {GOLDEN} (set MKTOWS_SHARED)")
    names = sorted(verifiable_requests())
    assert len(names) == 10
    for name in names:
        found = credentials(name)
        timestamp = request_timestamp(found.timestamp)
        assert (
            request_signature(DEMO_SECRET, timestamp, found.user_id) == found.signature
        )


def test_the_message_is_timestamp_then_user_id() -> None:
    # Published demo pair: the getMultipleLeads sample of the documentation.
    timestamp, user = "2013-08-02T15:47:06-07:00", "demo17_1_809934544BFABAE58E5D27"
    assert request_signature(DEMO_SECRET, timestamp, user) == (
        "146ec93f4f1e2a45f7a545f7e42e2d053c0457e7"
    )
    assert request_signature(DEMO_SECRET, user, timestamp) != request_signature(
        DEMO_SECRET, timestamp, user
    )


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (
            datetime(2013, 8, 2, 15, 47, 6, 999999, timezone(timedelta(hours=-7))),
            "2013-08-02T15:47:06-07:00",
        ),
        (
            datetime(2026, 1, 5, 9, 0, 0, tzinfo=UTC),
            "2026-01-05T09:00:00+00:00",
        ),
        (
            datetime(
                2026, 1, 5, 9, 0, 0, tzinfo=timezone(timedelta(hours=5, minutes=30))
            ),
            "2026-01-05T09:00:00+05:30",
        ),
        (
            datetime(
                2026, 1, 5, 9, 0, 0, tzinfo=timezone(timedelta(hours=-3, minutes=-30))
            ),
            "2026-01-05T09:00:00-03:30",
        ),
    ],
)
def test_timestamp_has_seconds_and_a_numeric_offset(
    moment: datetime, expected: str
) -> None:
    assert request_timestamp(moment) == expected


def test_a_naive_clock_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        request_timestamp(datetime(2026, 1, 1))


def test_every_call_is_signed_afresh_with_the_injected_clock() -> None:
    moments = iter(datetime(2026, 3, 1, 12, 0, second, tzinfo=UTC) for second in (1, 2))
    with recording_server() as server:
        server.reply = Reply(body=b"<not-used/>")
        client = Client(
            server.endpoint, "user-1", "s3cret", clock=lambda: next(moments)
        )
        for _ in range(2):
            with pytest.raises(
                ResponseError
            ):  # the reply is not SOAP: only requests matter
                client.list_mobjects()
    stamps = [
        etree.fromstring(x.body).findtext(".//requestTimestamp")
        for x in server.requests
    ]
    signatures = [
        etree.fromstring(x.body).findtext(".//requestSignature")
        for x in server.requests
    ]
    assert stamps == ["2026-03-01T12:00:01+00:00", "2026-03-01T12:00:02+00:00"]
    assert signatures == [request_signature("s3cret", s, "user-1") for s in stamps]
    header = etree.fromstring(server.requests[0].body).find(
        ".//{*}AuthenticationHeader"
    )
    assert header is not None
    assert [child.tag for child in header] == [
        "mktowsUserId",
        "requestSignature",
        "requestTimestamp",
    ]


def test_credentials_hide_the_secret() -> None:
    credentials = Credentials("user-1", "s3cret-key")
    assert "s3cret-key" not in repr(credentials) and "s3cret-key" not in str(
        credentials
    )
    with pytest.raises(TypeError, match="cannot be pickled"):
        pickle.dumps(credentials)
    with pytest.raises(ValueError):
        Credentials("user-1", "")


def test_resign_recomputes_the_signature_from_the_headers_own_fields() -> None:
    header = AuthenticationHeader(
        mktows_user_id="bigcorp1_461839624B16E06BA2D663",
        request_signature="stale",
        request_timestamp="2026-11-30T10:00:00-08:00",
    )
    again = resign(header, "s3cret")
    assert again.request_signature == request_signature(
        "s3cret", header.request_timestamp, header.mktows_user_id
    )
    assert (again.mktows_user_id, again.request_timestamp) == (
        header.mktows_user_id,
        header.request_timestamp,
    )
    assert header.request_signature == "stale"  # a copy: the sample is untouched
    assert SIGNATURE_FIELD == "requestSignature"

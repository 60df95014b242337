"""The Marketo runtime's signing module, imported straight from the source tree."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from lxml.etree import Element, _Element

from generator.profiles.mktows.runtime.signing import (
    Credentials,
    HmacSigner,
    request_signature,
    request_timestamp,
)


def test_every_call_to_sign_uses_the_clock_afresh() -> None:
    moments = iter(
        [
            datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC),
            datetime(2024, 1, 2, 3, 4, 6, tzinfo=UTC),
        ]
    )

    def write(value: Any, parent: _Element) -> _Element:
        return parent

    signer = HmacSigner(
        Credentials("user", "s3cret"),
        lambda *parts: parts,
        write,
        lambda: next(moments),
    )
    first, second = signer.sign("getLead"), signer.sign("getLead")
    assert first[0][1] == (
        "user",
        request_signature("s3cret", "2024-01-02T03:04:05+00:00", "user"),
        "2024-01-02T03:04:05+00:00",
    )
    assert second[0][1][2] == "2024-01-02T03:04:06+00:00"
    assert "s3cret" not in repr(signer)
    assert write(None, Element("x")).tag == "x"


def test_timestamps_carry_a_numeric_offset() -> None:
    minus = timezone(-timedelta(hours=7, minutes=30))
    assert request_timestamp(datetime(2024, 5, 6, 7, 8, 9, tzinfo=minus)) == (
        "2024-05-06T07:08:09-07:30"
    )

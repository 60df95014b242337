"""Request signing: ``requestSignature = hex(HMAC-SHA1(secret, timestamp + userId))``.

The timestamp is W3C dateTime with seconds and a ``+HH:MM``/``-HH:MM`` offset,
never fractions and never ``Z``. :class:`Credentials` keeps the secret out of every
``repr``, ``str`` and pickle.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from hashlib import sha1
from typing import Any

from generator.runtime.envelope import Writer
from generator.runtime.signer import Clock, HeaderWriters, local_now

__all__ = [
    "SIGNATURE_FIELD",
    "Clock",
    "Credentials",
    "HmacSigner",
    "local_now",
    "request_signature",
    "request_timestamp",
    "resign",
]

SIGNATURE_FIELD = "requestSignature"
"""The XML name of the header field that holds the signature."""


def request_timestamp(moment: datetime) -> str:
    """Format an aware ``datetime`` as ``YYYY-MM-DDTHH:MM:SS+HH:MM``."""
    offset = moment.utcoffset()
    if offset is None:
        raise ValueError("the clock must return timezone-aware datetimes")
    minutes = int(offset.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    hours, minutes = divmod(abs(minutes), 60)
    return f"{moment:%Y-%m-%dT%H:%M:%S}{sign}{hours:02d}:{minutes:02d}"


def request_signature(secret: str, timestamp: str, user_id: str) -> str:
    """Lower-case hex HMAC-SHA1 of ``timestamp + user_id`` keyed with ``secret``."""
    message = (timestamp + user_id).encode("utf-8")
    return hmac.new(secret.encode("utf-8"), message, sha1).hexdigest()


def resign(header: Any, secret: str) -> Any:
    """A copy of the signed header object ``header`` whose signature is computed
    again with ``secret`` from its own timestamp and user id: how a documented
    sample's signature is checked."""
    signature = request_signature(
        secret, header.request_timestamp, header.mktows_user_id
    )
    return replace(header, request_signature=signature)


class Credentials:
    """A user id and its shared secret. The secret is never shown."""

    __slots__ = ("_secret", "user_id")

    def __init__(self, user_id: str, secret: str) -> None:
        if not user_id or not secret:
            raise ValueError("both a user id and a secret are required")
        self.user_id = user_id
        self._secret = secret

    def sign(self, timestamp: str) -> str:
        return request_signature(self._secret, timestamp, self.user_id)

    def __repr__(self) -> str:
        return f"Credentials(user_id={self.user_id!r}, secret=<hidden>)"

    def __reduce__(self) -> tuple[object, ...]:
        raise TypeError("Credentials cannot be pickled: they hold a secret")


@dataclass(frozen=True)
class HmacSigner:
    """The Marketo :class:`~.signer.Signer`: a fresh ``AuthenticationHeader`` for
    every attempt, signed with the current time.

    ``header(user_id, signature, timestamp)`` builds the header object and
    ``writer`` serializes it; both come from the generated client, which knows the
    WSDL's class for the header.
    """

    credentials: Credentials
    header: Callable[[str, str, str], Any] = field(repr=False)
    writer: Writer = field(repr=False)
    clock: Clock = field(default=local_now, repr=False)

    def sign(self, operation: str) -> HeaderWriters:
        timestamp = request_timestamp(self.clock())
        user_id = self.credentials.user_id
        signature = self.credentials.sign(timestamp)
        return [(self.writer, self.header(user_id, signature, timestamp))]

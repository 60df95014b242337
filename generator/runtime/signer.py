"""The signing hook: extra SOAP headers a client adds to every attempt of a call.

A :class:`Signer` is sans-IO: given the operation's name, it returns the header
elements to send, as ``(writer, value)`` pairs for
:func:`~.envelope.build_envelope`. The client calls it on *every* attempt, so a
retried call is signed afresh (a new timestamp, a new nonce), and it keeps no
connection or thread state, so one signer can serve a sync and an async client.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, Protocol

from .envelope import Writer

__all__ = ["Clock", "HeaderWriters", "Signer", "local_now"]

HeaderWriters = list[tuple[Writer, Any]]
Clock = Callable[[], datetime]


class Signer(Protocol):
    """Anything with this method signs calls."""

    def sign(self, operation: str) -> HeaderWriters:
        """The header elements for one attempt of ``operation`` (WSDL spelling)."""
        ...


def local_now() -> datetime:
    """The current local time with its UTC offset: the default clock."""
    return datetime.now().astimezone()

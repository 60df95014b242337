"""Opaque stream positions, as the paging operations hand them out.

A position names the last record a page returned (records are read in id order),
so paging is stable while other calls add records. It is signed with a key kept in
the store, so an edited or foreign position is refused (20122, bad stream
position) rather than misread; with ``--db`` positions outlive a restart.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json

from generator.profiles.mktows.simulator.faults import Fault


class Positions:
    """Encodes and checks positions for one store."""

    def __init__(self, key: bytes) -> None:
        self._key = key

    def encode(self, stream: str, after: int) -> str:
        """The position after record ``after`` of ``stream`` (an operation's listing)."""
        body = json.dumps({"s": stream, "a": after}, separators=(",", ":")).encode()
        text = base64.urlsafe_b64encode(body).decode().rstrip("=")
        return f"{text}.{self._tag(text)}"

    def decode(self, stream: str, position: str) -> int:
        """The record id a position continues after; fault 20122 if it is not ours."""
        text, _, tag = position.strip().partition(".")
        if not hmac.compare_digest(tag.encode(), self._tag(text).encode()):
            raise Fault(20122, "the stream position was not issued by this server")
        try:
            body = json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
            after = body["a"]
            valid = body["s"] == stream and isinstance(after, int)
        except (ValueError, KeyError, TypeError):
            valid = False
        if not valid:
            raise Fault(20122, f"the stream position does not belong to {stream}")
        return int(after)

    def _tag(self, text: str) -> str:
        return hmac.new(self._key, text.encode(), hashlib.sha256).hexdigest()[:20]

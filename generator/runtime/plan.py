"""A call without its I/O: what to send on each attempt and how to read what comes back.

The sync :class:`~.client.Client` and the :class:`~.client.AsyncClient` differ only
in how bytes travel (:mod:`.transport` on ``requests``, :mod:`.async_transport` on
``httpx``) and how a retry waits (``time.sleep`` or ``asyncio.sleep``). Everything
else is here, written once and used by both:

* :class:`CallPlan`: the envelope of one attempt (signed afresh by the signer, if
  any) and the reading of the answer into the operation's result or a typed error;
* the HTTP side both transports share: the request headers, the refusal of a
  redirect, the response-size limit, and the messages of every transport failure.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from .envelope import Writer, build_envelope, read_response
from .exceptions import TransportError
from .operation import Operation
from .signer import Signer

__all__ = [
    "BoundedBody",
    "CallPlan",
    "TransportOptions",
    "check_options",
    "soap_headers",
]

logger = logging.getLogger(__package__ or __name__)
Result = TypeVar("Result")

LOCATION_LIMIT = 200  # characters of a redirect's Location shown in the error


@dataclass(frozen=True)
class CallPlan(Generic[Result]):
    """One call of ``operation`` with ``request``, for any number of attempts.

    ``headers`` are the call's own header elements; the signer's are added on each
    attempt by :meth:`envelope`, so a retry is signed afresh.
    """

    namespace: str
    operation: Operation[Result]
    request: Any
    signer: Signer | None = None
    headers: list[tuple[Writer, Any]] = field(default_factory=list)

    @property
    def soap_action(self) -> str:
        return self.operation.soap_action

    @property
    def http_headers(self) -> dict[str, str]:
        """The HTTP headers of every attempt (they depend on the SOAP version)."""
        return soap_headers(self.operation.soap_action, self.operation.soap_version)

    def envelope(self) -> bytes:
        """The request bytes of one attempt."""
        signed = (
            self.signer.sign(self.operation.name) if self.signer is not None else []
        )
        return build_envelope(
            self.namespace,
            [*signed, *self.headers],
            self.operation.write_request,
            self.request,
            self.operation.soap_version,
        )

    def read(self, status: int, content: bytes) -> Result:
        """The answer of one attempt as the operation's result; a fault raises.
        A one-way operation's result is ``None``."""
        operation = self.operation
        return read_response(  # type: ignore[return-value]
            status,
            content,
            operation.response_tag,
            operation.read_response,
            operation.response_mode,
            operation.faults,
        )


def soap_headers(soap_action: str, soap_version: str = "1.1") -> dict[str, str]:
    """The HTTP headers of a call: SOAP 1.1 sends ``SOAPAction``; SOAP 1.2 puts the
    action in the ``Content-Type`` (``application/soap+xml; action=...``)."""
    if soap_version == "1.2":
        action = f'; action="{soap_action}"' if soap_action else ""
        return {"Content-Type": f"application/soap+xml; charset=utf-8{action}"}
    return {
        "Content-Type": "text/xml; charset=utf-8",
        "SOAPAction": f'"{soap_action}"',
    }


def check_options(
    endpoint: str,
    timeout: tuple[float, float],
    deadline: float,
    pool_size: int,
    max_response_bytes: int,
) -> None:
    """Refuse a transport option that cannot work, whichever transport it is for."""
    if not endpoint or not endpoint.startswith(("http://", "https://")):
        raise ValueError(f"endpoint must be an http(s) URL, got {endpoint!r}")
    if len(timeout) != 2 or min(timeout) <= 0:
        raise ValueError(
            f"timeout must be (connect, read) seconds > 0, got {timeout!r}"
        )
    if not deadline > 0:
        raise ValueError(f"deadline must be seconds > 0, got {deadline!r}")
    if pool_size < 1 or max_response_bytes < 1:
        raise ValueError("pool_size and max_response_bytes must be positive")


class TransportOptions:
    """What every transport is made with, checked once for sync and async alike."""

    def __init__(
        self,
        endpoint: str,
        timeout: tuple[float, float],
        deadline: float,
        pool_size: int,
        max_response_bytes: int,
    ) -> None:
        check_options(endpoint, timeout, deadline, pool_size, max_response_bytes)
        self.endpoint = endpoint
        self.timeout = timeout
        self.deadline = deadline
        self.pool_size = pool_size
        self.max_response_bytes = max_response_bytes


def log_request(endpoint: str, soap_action: str, envelope: bytes) -> None:
    logger.debug(
        "POST %s SOAPAction=%s\n%s",
        endpoint,
        soap_action,
        envelope.decode("utf-8", "replace"),
    )


def log_response(endpoint: str, status: int, content: bytes) -> None:
    logger.debug(
        "HTTP %s from %s\n%s", status, endpoint, content.decode("utf-8", "replace")
    )


def redirected(status: int, location: str | None) -> TransportError:
    """The error for a 3xx answer: SOAP calls never follow redirects."""
    if location is None:
        return TransportError(
            "the server answered with a redirect and no Location; SOAP calls never follow redirects",
            status,
        )
    shown = (
        location
        if len(location) <= LOCATION_LIMIT
        else location[:LOCATION_LIMIT] + "..."
    )
    return TransportError(
        f"the server redirected the call to {shown!r}; SOAP calls never follow redirects",
        status,
    )


def late(endpoint: str, deadline: float) -> TransportError:
    """The error for an attempt that outlived its deadline."""
    return TransportError(
        f"no complete answer from {endpoint} within the {deadline:g} s deadline"
    )


def failed(endpoint: str, error: BaseException) -> TransportError:
    """The error for an attempt the HTTP library gave up on (named by its type only)."""
    return TransportError(f"{type(error).__name__} talking to {endpoint}")


class BoundedBody:
    """A response body gathered chunk by chunk, refused once it passes ``limit`` bytes."""

    def __init__(self, limit: int, status: int, declared: str | None) -> None:
        if (
            declared is not None
            and declared.isascii()
            and declared.isdigit()
            and int(declared) > limit
        ):
            raise TransportError(
                f"response of {declared} bytes is larger than {limit}", status
            )
        self.limit = limit
        self.status = status
        self._chunks: list[bytes] = []
        self._size = 0

    def add(self, chunk: bytes) -> None:
        self._size += len(chunk)
        if self._size > self.limit:
            raise TransportError(
                f"response larger than {self.limit} bytes", self.status
            )
        self._chunks.append(chunk)

    def content(self) -> bytes:
        return b"".join(self._chunks)

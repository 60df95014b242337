"""What the wire needs to know about one operation, and what can call one."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from .envelope import FaultDetail, Reader, Writer

__all__ = ["AsyncCaller", "Caller", "Operation", "no_response"]

Result = TypeVar("Result")


@dataclass(frozen=True)
class Operation(Generic[Result]):
    """What the wire needs to know about one operation, all of it from the WSDL.

    ``soap_version`` is ``"1.1"`` or ``"1.2"`` (its envelope and HTTP headers);
    ``request_mode`` says whether ``write_request`` writes the Body's one element
    (``element``) or fills the Body (``content``); ``response_mode`` the same for
    ``read_response``, or ``none`` for a one-way operation (no response is read and
    the call returns ``None``). ``faults`` are the declared ``wsdl:fault`` details.
    """

    name: str
    soap_action: str
    write_request: Writer
    response_tag: str
    read_response: Reader[Result]
    headers: tuple[str, ...]
    soap_version: str = "1.1"
    request_mode: str = "element"
    response_mode: str = "element"
    faults: tuple[FaultDetail, ...] = ()


def no_response(node: Any, unknown: list[str]) -> None:
    """The ``read_response`` of a one-way operation: never called, nothing to read."""
    return None


class Caller(Protocol):
    """A client: sends a request for an operation and returns its parsed result."""

    def call(
        self, operation: Operation[Result], request: Any, **headers: Any
    ) -> Result: ...


class AsyncCaller(Protocol):
    """An async client: :class:`Caller` whose ``call`` is awaited."""

    async def call(
        self, operation: Operation[Result], request: Any, **headers: Any
    ) -> Result: ...

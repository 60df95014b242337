"""What the wire needs to know about one operation, and what can call one."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from .envelope import Reader, Writer

__all__ = ["AsyncCaller", "Caller", "Operation"]

Result = TypeVar("Result")


@dataclass(frozen=True)
class Operation(Generic[Result]):
    """What the wire needs to know about one operation, all of it from the WSDL."""

    name: str
    soap_action: str
    write_request: Writer
    response_tag: str
    read_response: Reader[Result]
    headers: tuple[str, ...]


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

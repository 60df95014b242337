"""Exceptions: SOAP faults, unreadable responses and transport failures.

Every exception is a :class:`SoapError`. A SOAP fault becomes the
:class:`SoapFault` subclass that the service's fault table gives for its code (see
:data:`FaultTypes`; without a table every fault is a plain ``SoapFault``);
``code``, ``message``, ``faultcode``, ``faultstring`` and the raw ``detail`` XML are
kept. Nothing here ever holds a secret.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

__all__ = [
    "DetailFault",
    "FaultTypes",
    "ResponseError",
    "SoapError",
    "SoapFault",
    "TransportError",
    "plain_fault",
]

# ", line 3, column 7" (or "line 3") closing a parser's message: the place, said again.
_TRAILING_PLACE = re.compile(r",?\s*(?:at\s+)?line\s+\d+(?:,\s*column\s+\d+)?\s*$")


class SoapError(Exception):
    """Base of every error this package raises."""


class TransportError(SoapError):
    """The server answered with an HTTP error and no SOAP fault, or not at all."""

    BODY_LIMIT = 500

    def __init__(
        self, message: str, status: int | None = None, body: bytes = b""
    ) -> None:
        self.status = status
        self.body = body[: self.BODY_LIMIT].decode("utf-8", "replace")
        suffix = f" (HTTP {status})" if status is not None else ""
        super().__init__(
            f"{message}{suffix}: {self.body!r}" if self.body else f"{message}{suffix}"
        )


class ResponseError(SoapError):
    """The response could not be read: not XML, not SOAP, or not what the schema says.

    The message is one line and names the place once: ``at line L, column C``, or
    ``at line L`` when the column is not known (a location the message already ends
    with, as libxml2 writes it, is dropped first).
    """

    def __init__(
        self, message: str, line: int | None = None, column: int | None = None
    ) -> None:
        self.line = line if line else None  # libxml2 says 0 when it does not know
        self.column = column if column and self.line is not None else None
        text = " ".join(message.split())
        if self.line is not None:
            text = _TRAILING_PLACE.sub("", text)
            place = f"line {self.line}" + (
                f", column {self.column}" if self.column is not None else ""
            )
            text = f"{text} at {place}"
        super().__init__(text)


class SoapFault(SoapError):
    """A SOAP fault from the server, with its service's error code when it has one."""

    def __init__(
        self,
        code: int | None,
        message: str,
        faultcode: str = "",
        faultstring: str = "",
        detail: bytes = b"",
    ) -> None:
        self.code = code
        self.message = message
        self.faultcode = faultcode
        self.faultstring = faultstring
        self.detail = detail
        super().__init__(f"{code} - {message}" if code is not None else message)


class DetailFault(SoapFault):
    """A fault the WSDL declares (``wsdl:fault``): ``fault_detail`` is its detail
    element, read into its model class. The generated client has one subclass per
    declared fault, named after it."""

    fault_detail: Any = None


FaultTypes = Callable[[int | None], type[SoapFault]]
"""The exception class for a fault code (``None``: the fault had no code)."""


def plain_fault(code: int | None) -> type[SoapFault]:
    """The fault table of a service that documents no codes: always ``SoapFault``."""
    return SoapFault

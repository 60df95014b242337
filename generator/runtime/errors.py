"""Exceptions: SOAP faults, unreadable responses and transport failures.

Every exception is a :class:`SoapError`; every SOAP fault a :class:`SoapFault`
(the service's WSDL documents no fault codes, so there is no table of typed
subclasses). A profile ships its own ``errors`` module with its fault table.
"""

from __future__ import annotations

from .exceptions import (
    ResponseError,
    SoapError,
    SoapFault,
    TransportError,
    plain_fault,
)

__all__ = [
    "BACKOFF_CODES",
    "RESIGN_CODES",
    "ResponseError",
    "SoapError",
    "SoapFault",
    "TransportError",
    "fault_type",
]

BACKOFF_CODES: frozenset[int] = frozenset()
"""Fault codes retried with backoff: none known."""
RESIGN_CODES: frozenset[int] = frozenset()
"""Fault codes retried once with a fresh signature: none known."""

fault_type = plain_fault

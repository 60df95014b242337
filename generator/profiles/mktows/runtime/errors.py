"""Exceptions: SOAP faults typed by their Marketo error code, and transport failures.

Every exception is a :class:`MktowsError`. A SOAP fault becomes the
:class:`MktowsFault` subclass for its code's family (an unknown code gives a plain
``MktowsFault``); ``code``, ``message``, ``faultcode``, ``faultstring`` and the raw
``detail`` XML are kept. Nothing here ever holds the shared secret.

This module is the Marketo table: the codes the service documents, the class each
one raises, and which of them the client retries (:data:`BACKOFF_CODES`) or signs
again (:data:`RESIGN_CODES`).
"""

from __future__ import annotations

from generator.runtime.exceptions import (
    ResponseError,
    SoapError,
    SoapFault,
    TransportError,
)

__all__ = [
    "BACKOFF_CODES",
    "FAULTS",
    "FAULT_MESSAGES",
    "FAULT_TYPES",
    "RESIGN_CODES",
    "AuthenticationError",
    "BadStreamPositionError",
    "InvalidRequestError",
    "LimitError",
    "MktowsError",
    "MktowsFault",
    "NotFoundError",
    "RequestExpiredError",
    "ResponseError",
    "ServerError",
    "StreamAtEndError",
    "StreamError",
    "TransportError",
    "fault_type",
]

MktowsError = SoapError
"""Base of every error this package raises (the generic ``SoapError``)."""


class MktowsFault(SoapFault):
    """A SOAP fault from the server, with its Marketo error code when it has one."""


class AuthenticationError(MktowsFault):
    """20013 access denied, 20014 authentication failed: check the user id and secret."""


class RequestExpiredError(MktowsFault):
    """20016: the signed timestamp is too old; sign again with a fresh one."""


class LimitError(MktowsFault):
    """20015 daily quota, 20023 rate limit, 20024 concurrency limit."""


class InvalidRequestError(MktowsFault):
    """The request was not understood or a parameter is missing or bad."""


class NotFoundError(MktowsFault):
    """20103 lead, 20108 lead owner, 20111 list, 20113 campaign not found."""


class StreamError(MktowsFault):
    """A paging stream position problem."""


class BadStreamPositionError(StreamError):
    """20122: the stream position is not valid."""


class StreamAtEndError(StreamError):
    """20123: no more records; paging ends normally."""


class ServerError(MktowsFault):
    """10001, 20011: internal errors on the server."""


# The codes the service documents: its message for each, and the class each raises.
FAULTS: tuple[tuple[int, str, type[MktowsFault]], ...] = (
    (10001, "Internal Error", ServerError),
    (20011, "Internal Error", ServerError),
    (20012, "Request Not Understood", InvalidRequestError),
    (20013, "Access Denied", AuthenticationError),
    (20014, "Authentication failed", AuthenticationError),
    (20015, "Request Limit Exceeded", LimitError),
    (20016, "Request Expired", RequestExpiredError),
    (20017, "Invalid Request", InvalidRequestError),
    (20019, "Unsupported Operation", InvalidRequestError),
    (
        20022,
        "Time range specified in query filter exceeded limit",
        InvalidRequestError,
    ),
    (20023, "Rate Limit Exceeded", LimitError),
    (20024, "Concurrency Limit Exceeded", LimitError),
    (20101, "Lead Key Required", InvalidRequestError),
    (20102, "Lead Key Bad", InvalidRequestError),
    (20103, "Lead Not Found", NotFoundError),
    (20104, "Lead Detail Required", InvalidRequestError),
    (20105, "Lead Attribute Bad", InvalidRequestError),
    (20106, "Lead Sync Failed", InvalidRequestError),
    (20107, "Activity Key Bad", InvalidRequestError),
    (20108, "Lead Owner Not Found", NotFoundError),
    (20109, "Parameter Required", InvalidRequestError),
    (20110, "Bad Parameter", InvalidRequestError),
    (20111, "List Not Found", NotFoundError),
    (20113, "Campaign Not Found", NotFoundError),
    (20114, "Bad Parameter", InvalidRequestError),
    (20122, "Bad Stream Position", BadStreamPositionError),
    (20123, "Stream at End", StreamAtEndError),
)
FAULT_TYPES: dict[int, type[MktowsFault]] = {code: cls for code, _, cls in FAULTS}
FAULT_MESSAGES: dict[int, str] = {code: message for code, message, _ in FAULTS}
"""The service's message for each code (``faultstring`` is ``"<code> - <message>"``)."""

BACKOFF_CODES = frozenset({20023, 20024})
"""Rate limit and concurrency limit: refused before anything was done, so retried."""
RESIGN_CODES = frozenset({20016})
"""Request expired: signed again with a fresh timestamp and retried once, at once."""


def fault_type(code: int | None) -> type[MktowsFault]:
    """The exception class for a Marketo error code (``MktowsFault`` when unknown)."""
    return FAULT_TYPES.get(code, MktowsFault) if code is not None else MktowsFault

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


FAULT_TYPES: dict[int, type[MktowsFault]] = {
    10001: ServerError,
    20011: ServerError,
    20012: InvalidRequestError,
    20013: AuthenticationError,
    20014: AuthenticationError,
    20015: LimitError,
    20016: RequestExpiredError,
    20017: InvalidRequestError,
    20019: InvalidRequestError,
    20022: InvalidRequestError,
    20023: LimitError,
    20024: LimitError,
    20101: InvalidRequestError,
    20102: InvalidRequestError,
    20103: NotFoundError,
    20104: InvalidRequestError,
    20105: InvalidRequestError,
    20106: InvalidRequestError,
    20107: InvalidRequestError,
    20108: NotFoundError,
    20109: InvalidRequestError,
    20110: InvalidRequestError,
    20111: NotFoundError,
    20113: NotFoundError,
    20114: InvalidRequestError,
    20122: BadStreamPositionError,
    20123: StreamAtEndError,
}


BACKOFF_CODES = frozenset({20023, 20024})
"""Rate limit and concurrency limit: refused before anything was done, so retried."""
RESIGN_CODES = frozenset({20016})
"""Request expired: signed again with a fresh timestamp and retried once, at once."""


def fault_type(code: int | None) -> type[MktowsFault]:
    """The exception class for a Marketo error code (``MktowsFault`` when unknown)."""
    return FAULT_TYPES.get(code, MktowsFault) if code is not None else MktowsFault

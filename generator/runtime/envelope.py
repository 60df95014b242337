"""The SOAP 1.1 envelope: building requests and reading responses and faults.

Responses are parsed without network access or entity expansion; a document
that declares a DTD is refused outright (SOAP 1.1 forbids them), and libxml2's
limits refuse text nodes over 10 MB and nesting deeper than 256 levels. A SOAP
fault is recognised before the body is read as the operation's result. Whatever
the bytes, reading a response raises only :class:`~.exceptions.SoapError` subclasses.
"""

from __future__ import annotations

import os
import re
import sys
import warnings
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from lxml.etree import (
    Element,
    SubElement,
    XMLParser,
    XMLSyntaxError,
    _Element,
    fromstring,
    tostring,
)

from .errors import fault_type
from .exceptions import ResponseError, SoapFault, TransportError
from .namespaces import SOAP_ENV, XSI

ENVELOPE = f"{{{SOAP_ENV}}}Envelope"
HEADER = f"{{{SOAP_ENV}}}Header"
BODY = f"{{{SOAP_ENV}}}Body"
FAULT = f"{{{SOAP_ENV}}}Fault"

Result = TypeVar("Result")
Writer = Callable[[Any, _Element], _Element]
Reader = Callable[[_Element, list[str]], Result]


class UnknownElementWarning(UserWarning):
    """A response held elements the schema does not know; they were kept as they were."""


def _line(node: _Element) -> int | None:
    line = node.sourceline
    return line if isinstance(line, int) else None


def _parser() -> XMLParser:
    return XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=False,
    )


# libxml2 names the line a tag was opened on as "tag a line 3" or "mismatch: a line 3 and b".
_OPENED = re.compile(r"\btag (\S+) line (\d+)")
_MISMATCH = re.compile(r"mismatch: (\S+) line (\d+) and ([^\s,]+)")


def _syntax_message(message: str, line: int | None) -> str:
    """libxml2's message on one line, saying a tag's opening line only when it differs
    from ``line``, the place of the error (which :class:`ResponseError` adds)."""

    def opened(match: re.Match[str]) -> str:
        return (
            "" if match.group(2) == str(line) else f" (opened on line {match.group(2)})"
        )

    text = " ".join(str(message).split())
    text = _MISMATCH.sub(
        lambda m: f"mismatch: <{m.group(1)}>{opened(m)} closed by </{m.group(3)}>", text
    )
    return _OPENED.sub(lambda m: f"tag <{m.group(1)}>{opened(m)}", text)


def build_envelope(
    namespace: str,
    headers: Iterable[tuple[Writer, Any]],
    write_body: Writer,
    body: Any,
) -> bytes:
    """Serialize a request: each ``(writer, obj)`` header, then the body element."""
    envelope = Element(
        ENVELOPE, nsmap={"SOAP-ENV": SOAP_ENV, "ns1": namespace, "xsi": XSI}
    )
    header = SubElement(envelope, HEADER)
    for writer, obj in headers:
        writer(obj, header)
    write_body(body, SubElement(envelope, BODY))
    return tostring(envelope, xml_declaration=True, encoding="UTF-8")


def parse_document(content: bytes) -> _Element:
    """Parse XML safely, reporting malformed input with its line and column."""
    try:
        root = fromstring(content, _parser())
    except XMLSyntaxError as exc:
        line, column = exc.position
        raise ResponseError(
            f"response is not well-formed XML: {_syntax_message(exc.msg, line)}",
            line,
            column,
        ) from None
    if root.getroottree().docinfo.doctype:  # type: ignore[union-attr]
        raise ResponseError("response declares a DTD, which SOAP forbids; refused", 1)
    return root


def read_response(
    status: int, content: bytes, expected_tag: str, reader: Reader[Result]
) -> Result:
    """Turn an HTTP answer into the operation's result, or raise the typed error.

    A SOAP fault wins whatever the status (faults come with HTTP 500); any other
    answer with an HTTP error status is a :class:`TransportError`.
    """
    try:
        payload = body_payload(parse_document(content))
    except ResponseError:
        if status >= 400:
            raise TransportError(
                "HTTP error without a SOAP fault", status, content
            ) from None
        raise
    if status >= 400:
        raise TransportError("HTTP error with a non-fault body", status, content)
    return read_payload(payload, expected_tag, reader)


def body_payload(root: _Element) -> _Element:
    """The first element in the SOAP Body; raises the typed fault if it is a Fault."""
    if root.tag != ENVELOPE:
        raise ResponseError(
            f"expected a SOAP 1.1 Envelope, got <{root.tag}>", _line(root)
        )
    body = root.find(BODY)
    payload = (
        next((c for c in body.iterchildren() if isinstance(c.tag, str)), None)
        if body is not None
        else None
    )
    if payload is None:
        raise ResponseError("the SOAP Body is missing or empty", _line(root))
    if payload.tag == FAULT:
        raise read_fault(payload)
    return payload


def read_fault(fault: _Element) -> SoapFault:
    """Turn a ``SOAP-ENV:Fault`` into the exception its error code maps to (``errors.fault_type``)."""
    faultcode = (fault.findtext("faultcode") or "").strip()
    faultstring = (fault.findtext("faultstring") or "").strip()
    detail = fault.find("detail")
    code: int | None = None
    message = faultstring
    if detail is not None:
        for node in detail.iter():
            if (
                isinstance(node.tag, str)
                and node.tag.rpartition("}")[2] == "serviceException"
            ):
                code = _code(node.findtext("code") or "")
                message = (node.findtext("message") or message).strip()
                break
    if code is None:
        code = _code(faultstring.partition(" - ")[0])
    raw = tostring(detail, with_tail=False) if detail is not None else b""
    return fault_type(code)(code, message, faultcode, faultstring, raw)


def _outside_stacklevel() -> int:
    """The ``stacklevel`` of the first caller outside this package, so a warning
    names the user's line however deep the client's call (retries included) went."""
    package = os.path.dirname(__file__) + os.sep
    frame = sys._getframe(1)
    level = 1
    while frame.f_back is not None and frame.f_code.co_filename.startswith(package):
        frame = frame.f_back
        level += 1
    return level


def _code(text: str) -> int | None:
    """A fault's error code: up to nine ASCII digits, else ``None``."""
    text = text.strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 9 else None


def read_payload(
    payload: _Element, expected_tag: str, reader: Reader[Result]
) -> Result:
    """Read the operation's result element into its dataclass; warn once about unknowns."""
    if payload.tag != expected_tag:
        raise ResponseError(
            f"expected <{expected_tag}> in the SOAP Body, got <{payload.tag}>",
            _line(payload),
        )
    unknown: list[str] = []
    try:
        result = reader(payload, unknown)
    except (ValueError, TypeError, ArithmeticError) as exc:
        raise ResponseError(
            f"<{payload.tag}> does not match the schema: {exc}", _line(payload)
        ) from None
    if unknown:
        names = ", ".join(sorted(set(unknown)))
        warnings.warn(
            f"kept {len(unknown)} element(s) the schema does not know or that do not fit it: {names}",
            UnknownElementWarning,
            stacklevel=_outside_stacklevel(),
        )
    return result

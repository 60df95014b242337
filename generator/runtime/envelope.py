"""The SOAP 1.1 and 1.2 envelopes: building requests and reading responses and faults.

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
from collections.abc import Callable, Iterable, Sequence
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
from .exceptions import DetailFault, ResponseError, SoapFault, TransportError
from .namespaces import SOAP12_ENV, SOAP_ENV, XSI

ENVELOPE = f"{{{SOAP_ENV}}}Envelope"
HEADER = f"{{{SOAP_ENV}}}Header"
BODY = f"{{{SOAP_ENV}}}Body"
FAULT = f"{{{SOAP_ENV}}}Fault"
ENVELOPES = {"1.1": SOAP_ENV, "1.2": SOAP12_ENV}  # by SOAP version

Result = TypeVar("Result")
Writer = Callable[[Any, _Element], object]
Reader = Callable[[_Element, list[str]], Result]
FaultDetail = tuple[str, Reader[Any], type[DetailFault]]
"""A ``wsdl:fault``: its detail element's tag, the reader of that element and the
exception raised with what it read."""


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
    version: str = "1.1",
) -> bytes:
    """Serialize a request: each ``(writer, obj)`` header, then ``write_body`` fills
    the Body (with the body element, or with its children for a message written as
    the Body's content). ``version`` is the SOAP version, ``"1.1"`` or ``"1.2"``."""
    env = ENVELOPES[version]
    envelope = Element(
        f"{{{env}}}Envelope", nsmap={"SOAP-ENV": env, "ns1": namespace, "xsi": XSI}
    )
    header = SubElement(envelope, f"{{{env}}}Header")
    for writer, obj in headers:
        writer(obj, header)
    write_body(body, SubElement(envelope, f"{{{env}}}Body"))
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
    status: int,
    content: bytes,
    expected_tag: str,
    reader: Reader[Result],
    mode: str = "element",
    faults: Sequence[FaultDetail] = (),
) -> Result | None:
    """Turn an HTTP answer into the operation's result, or raise the typed error.

    A SOAP fault wins whatever the status (faults come with HTTP 500); any other
    answer with an HTTP error status is a :class:`TransportError`. ``mode`` says
    where the result is: ``element`` (the Body's one element, ``expected_tag``),
    ``content`` (the Body's children) or ``none`` (a one-way operation: nothing is
    read from a successful answer). Either SOAP version's envelope is read.
    """
    if mode == "none" and status < 400:
        return None
    try:
        root = parse_document(content)
        payload = body_payload(root, faults, content=mode == "content")
    except ResponseError:
        if status >= 400:
            raise TransportError(
                "HTTP error without a SOAP fault", status, content
            ) from None
        raise
    if status >= 400:
        raise TransportError("HTTP error with a non-fault body", status, content)
    if mode == "content":
        return read_payload(payload, payload.tag, reader)
    return read_payload(payload, expected_tag, reader)


def body_payload(
    root: _Element, faults: Sequence[FaultDetail] = (), content: bool = False
) -> _Element:
    """The first element in the SOAP Body (the Body itself when ``content``);
    raises the typed fault if it is a Fault."""
    env = root.tag[1:].partition("}")[0] if isinstance(root.tag, str) else ""
    if root.tag != f"{{{env}}}Envelope" or env not in ENVELOPES.values():
        raise ResponseError(
            f"expected a SOAP 1.1 or 1.2 Envelope, got <{root.tag}>", _line(root)
        )
    body = root.find(f"{{{env}}}Body")
    payload = (
        next((c for c in body.iterchildren() if isinstance(c.tag, str)), None)
        if body is not None
        else None
    )
    if payload is not None and payload.tag == f"{{{env}}}Fault":
        raise read_fault(payload, faults)
    if content and body is not None:
        return body
    if payload is None:
        raise ResponseError("the SOAP Body is missing or empty", _line(root))
    return payload


def read_fault(fault: _Element, faults: Sequence[FaultDetail] = ()) -> SoapFault:
    """Turn a SOAP 1.1 or 1.2 ``Fault`` into its exception: the operation's typed
    fault when its detail holds a declared ``wsdl:fault`` element, else the class
    its error code maps to (``errors.fault_type``).

    SOAP 1.2's ``Code/Value``, ``Reason/Text`` and ``Detail`` fill ``faultcode``,
    ``faultstring`` and ``detail`` as SOAP 1.1's elements do.
    """
    env = fault.tag[1:].partition("}")[0]
    if env == SOAP12_ENV:
        faultcode = (fault.findtext(f"{{{env}}}Code/{{{env}}}Value") or "").strip()
        faultstring = (fault.findtext(f"{{{env}}}Reason/{{{env}}}Text") or "").strip()
        detail = fault.find(f"{{{env}}}Detail")
    else:
        faultcode = (fault.findtext("faultcode") or "").strip()
        faultstring = (fault.findtext("faultstring") or "").strip()
        detail = fault.find("detail")
    typed = _typed_fault(detail, faults, faultcode, faultstring)
    if typed is not None:
        return typed
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
    raw = (
        tostring(detail, encoding="utf-8", with_tail=False)
        if detail is not None
        else b""
    )
    return fault_type(code)(code, message, faultcode, faultstring, raw)


def _typed_fault(
    detail: _Element | None,
    faults: Sequence[FaultDetail],
    faultcode: str,
    faultstring: str,
) -> DetailFault | None:
    """The declared fault whose element the detail holds, with that element read."""
    if detail is None or not faults:
        return None
    by_tag = {tag: (reader, kind) for tag, reader, kind in faults}
    for child in detail.iterchildren():
        found = by_tag.get(child.tag) if isinstance(child.tag, str) else None
        if found is None:
            continue
        reader, kind = found
        try:
            value = reader(child, [])
        except (ValueError, TypeError, ArithmeticError):
            return None  # a detail that does not fit: the plain fault keeps it raw
        raw = tostring(detail, encoding="utf-8", with_tail=False)
        error = kind(None, faultstring, faultcode, faultstring, raw)
        error.fault_detail = value
        return error
    return None


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

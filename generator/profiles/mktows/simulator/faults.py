"""Faults in the shape the service documents, and the exception handlers raise.

A fault is HTTP 500 with ``SOAP-ENV:Fault``: ``faultcode`` ``SOAP-ENV:Client``,
``faultstring`` ``"<code> - <message>"`` and ``detail/ns1:serviceException`` with
``name`` (``mktServiceException``), ``message`` (``"<message> (<code>)"``) and
``code``. The wire text is fixed by the code, so a client can rely on it; why the
simulator refused a call goes to its log instead (``reason``).
"""

from __future__ import annotations

from lxml.etree import Element, SubElement, tostring

from generator.profiles.mktows.runtime.errors import FAULT_MESSAGES as MESSAGES
from generator.runtime.namespaces import SOAP_ENV


class Fault(Exception):
    """Raised anywhere in request handling to answer with a documented fault."""

    def __init__(self, code: int, reason: str = "") -> None:
        if code not in MESSAGES:
            raise ValueError(f"{code} is not a documented error code")
        self.code = code
        self.message = MESSAGES[code]
        self.reason = reason or self.message
        super().__init__(f"{code} - {self.message}: {self.reason}")


def fault_envelope(fault: Fault, namespace: str) -> bytes:
    """The documented fault document for ``fault``."""
    envelope = Element(f"{{{SOAP_ENV}}}Envelope", nsmap={"SOAP-ENV": SOAP_ENV})
    body = SubElement(envelope, f"{{{SOAP_ENV}}}Body")
    node = SubElement(body, f"{{{SOAP_ENV}}}Fault")
    SubElement(node, "faultcode").text = "SOAP-ENV:Client"
    SubElement(node, "faultstring").text = f"{fault.code} - {fault.message}"
    detail = SubElement(node, "detail")
    exception = SubElement(
        detail, f"{{{namespace}}}serviceException", nsmap={"ns1": namespace}
    )
    SubElement(exception, "name").text = "mktServiceException"
    SubElement(exception, "message").text = f"{fault.message} ({fault.code})"
    SubElement(exception, "code").text = str(fault.code)
    return bytes(tostring(envelope, xml_declaration=True, encoding="UTF-8"))

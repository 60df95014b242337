"""The wire side of the simulator, spoken through the generated bindings themselves.

Requests are read with the package's ``parsers.read_params_*`` and answers written
with its ``serializers.element_success_*``, so the server exercises exactly the code
a client ships. Which operations exist, and their element names, come from the
package's ``client`` operation table and ``models``: nothing is listed by hand.
"""

from __future__ import annotations

import dataclasses
import hmac
import re
import typing
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from types import ModuleType
from typing import Any

from lxml.etree import Element, SubElement, _Element, fromstring, tostring

from generator.model.api import snake_case
from generator.packages import GeneratedPackage, package_for
from generator.profiles.mktows.runtime.signing import request_signature
from generator.profiles.mktows.simulator.faults import Fault, fault_envelope
from generator.runtime.namespaces import SOAP_ENV, XSI

# A bad value in these elements has its own documented code; any other is 20110.
MISFIT_CODES = {"activityType": 20107, "keyType": 20102}

Reader = Callable[[_Element, list[str]], Any]


@dataclass(frozen=True)
class OperationSpec:
    """One operation as the server sees it: how to read it and answer it."""

    name: str
    request_tag: str
    read_request: Reader
    write_success: Callable[[Any, _Element | None], _Element]
    headers: tuple[str, ...]
    required: tuple[str, ...]  # elements the schema requires in the request


@dataclass(frozen=True)
class Envelope:
    """A request's header blocks (by element local name) and its Body payload."""

    headers: dict[str, Any]
    payload: _Element


class Bindings:
    """A generated package (``mktows`` or another revision's) as the server uses it."""

    def __init__(self, package: GeneratedPackage) -> None:
        self.revision: str = package.module.WSDL_REVISION
        self.models = package.submodule("models")
        self.parsers = package.submodule("parsers")
        self.serializers = package.submodule("serializers")
        self.envelope = package.submodule("envelope")
        self.errors = package.submodule("errors")
        self.nil: Any = package.submodule("values").NIL
        client = package.submodule("client")
        self.namespace: str = client.NAMESPACE
        elements = {
            snake_case(cls.__name__): cls
            for cls in vars(self.models).values()
            if isinstance(cls, type) and hasattr(cls, "Meta")
        }
        self.element_readers: dict[str, Reader] = {
            _tag(cls): getattr(self.parsers, f"read_{function}")
            for function, cls in elements.items()
        }
        self.operations: dict[str, OperationSpec] = {}
        for op in vars(client).values():
            if isinstance(op, client.Operation):
                request = elements[op.write_request.__name__.removeprefix("element_")]
                success = op.read_response.__name__.removeprefix("read_")
                spec = OperationSpec(
                    name=op.name,
                    request_tag=_tag(request),
                    read_request=self.element_readers[_tag(request)],
                    write_success=getattr(self.serializers, f"element_{success}"),
                    headers=op.headers,
                    required=_required(request, self.models),
                )
                self.operations[spec.request_tag] = spec
        self.element_names = {
            f.metadata.get("name", f.name)
            for cls in vars(self.models).values()
            if dataclasses.is_dataclass(cls) and isinstance(cls, type)
            for f in dataclasses.fields(cls)
            if f.metadata.get("type") == "Element"
        }

    @property
    def operation_names(self) -> list[str]:
        return sorted(spec.name for spec in self.operations.values())

    def decode(self, body: bytes) -> Envelope:
        """Parse a request envelope; fault 20012 when it is not one."""
        try:
            root = self.envelope.parse_document(body)
        except self.errors.MktowsError as exc:
            # The runtime's parser words its errors for the client's side.
            problem, worded = re.subn(r"^response\b", "the request", str(exc))
            reason = problem if worded else f"unreadable request: {problem}"
            raise Fault(20012, reason) from None
        if root.tag != f"{{{SOAP_ENV}}}Envelope":
            raise Fault(20012, f"expected a SOAP 1.1 Envelope, got <{root.tag}>")
        body_node = root.find(f"{{{SOAP_ENV}}}Body")
        payload = None
        if body_node is not None:
            payload = next((c for c in body_node if isinstance(c.tag, str)), None)
        if payload is None:
            raise Fault(20012, "the SOAP Body is missing or empty")
        headers: dict[str, Any] = {}
        header_node = root.find(f"{{{SOAP_ENV}}}Header")
        for block in header_node if header_node is not None else ():
            reader = (
                self.element_readers.get(block.tag)
                if isinstance(block.tag, str)
                else None
            )
            if reader is not None:
                headers[str(block.tag).rpartition("}")[2]] = self._read(reader, block)
        return Envelope(headers, payload)

    def operation(self, payload: _Element) -> OperationSpec:
        """The operation a Body payload asks for; 20019 if the WSDL has none."""
        spec = self.operations.get(str(payload.tag))
        if spec is None:
            raise Fault(20019, f"no operation takes <{payload.tag}>")
        return spec

    def read_params(self, spec: OperationSpec, payload: _Element) -> Any:
        """The operation's parameters.

        An element the schema does not know is tolerated (a newer client), but a
        known element whose content does not fit its type is a bad parameter.
        """
        if spec.required and not any(isinstance(c.tag, str) for c in payload):
            raise Fault(20017, f"{spec.name} needs {', '.join(spec.required)}")
        params = self._read(spec.read_request, payload)
        for xml in _kept_elements(params):
            node = fromstring(xml)
            name = str(node.tag).rpartition("}")[2]
            if name in self.element_names and ((node.text or "").strip() or len(node)):
                raise Fault(MISFIT_CODES.get(name, 20110), f"<{name}> has a bad value")
        return params

    def _read(self, reader: Reader, node: _Element) -> Any:
        try:
            return reader(node, [])
        except (ValueError, TypeError, ArithmeticError) as exc:
            raise Fault(
                20012, f"<{node.tag}> does not match the schema: {exc}"
            ) from None

    def success(self, spec: OperationSpec, result: Any) -> bytes:
        """The answer document for a successful call."""
        envelope = Element(
            f"{{{SOAP_ENV}}}Envelope",
            nsmap={"SOAP-ENV": SOAP_ENV, "ns1": self.namespace, "xsi": XSI},
        )
        spec.write_success(result, SubElement(envelope, f"{{{SOAP_ENV}}}Body"))
        return bytes(tostring(envelope, xml_declaration=True, encoding="UTF-8"))

    def fault(self, fault: Fault) -> bytes:
        return fault_envelope(fault, self.namespace)


def verify(auth: Any, user_id: str, secret: str, now: datetime, skew: float) -> None:
    """Check the signed header: 20014 for a bad user or signature, 20016 if stale."""
    if auth is None or not getattr(auth, "request_signature", None):
        raise Fault(20014, "no AuthenticationHeader")
    if not hmac.compare_digest(
        str(auth.mktows_user_id or "").encode(), user_id.encode()
    ):
        raise Fault(20014, "unknown mktowsUserId")
    timestamp = str(auth.request_timestamp or "")
    expected = request_signature(secret, timestamp, user_id)
    if not hmac.compare_digest(
        str(auth.request_signature).lower().encode(), expected.encode()
    ):
        raise Fault(20014, "requestSignature does not match")
    try:
        signed_at = datetime.fromisoformat(timestamp)
    except ValueError:
        raise Fault(20014, "requestTimestamp is not a dateTime") from None
    if signed_at.tzinfo is None:
        raise Fault(20014, "requestTimestamp has no UTC offset")
    if abs(now - signed_at) > timedelta(seconds=skew):
        raise Fault(20016, f"requestTimestamp is more than {skew:g} s off")


def _tag(cls: type) -> str:
    """The ``{namespace}name`` of a top-level element's class."""
    meta = cls.Meta  # type: ignore[attr-defined]
    return f"{{{getattr(meta, 'namespace', '')}}}{getattr(meta, 'name', cls.__name__)}"


def _required(cls: type, models: ModuleType) -> tuple[str, ...]:
    """The XML names of the fields of ``cls`` whose type does not admit ``None``."""
    hints = typing.get_type_hints(cls, vars(models))
    return tuple(
        f.metadata.get("name", f.name)
        for f in dataclasses.fields(cls)
        if f.metadata.get("type") == "Element"
        and type(None) not in typing.get_args(hints[f.name])
        and typing.get_origin(hints[f.name]) is not list
    )


def _kept_elements(obj: Any) -> Iterator[bytes]:
    """The XML of every element the parsers kept unread, anywhere in ``obj``."""
    if isinstance(obj, list):
        for item in obj:
            yield from _kept_elements(item)
    elif dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        for f in dataclasses.fields(obj):
            value = getattr(obj, f.name)
            if f.name == "unknown_elements":
                yield from (kept.xml for kept in value)
            else:
                yield from _kept_elements(value)


def load_bindings(wsdl: str | None) -> Bindings:
    """The generated package for ``wsdl`` (the committed ``mktows`` for its own
    revision); see :mod:`generator.packages`."""
    return Bindings(package_for(wsdl))

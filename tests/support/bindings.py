"""The small WSDLs of ``tests/support/wsdl/bindings``, generated and called: shared
by the binding tests (tests/runtime/test_bindings_*.py)."""

from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType

from lxml import etree

from tests.support.packages import generate_and_import

WSDL = Path(__file__).parent / "wsdl" / "bindings"


def generated(name: str, root: Path) -> ModuleType:
    """The package generated from ``name``, its client, models and errors imported."""
    package = generate_and_import((WSDL / name).read_text(encoding="utf-8"), name, root)
    for module in ("client", "models", "errors"):
        importlib.import_module(f"{package.__name__}.{module}")
    return package


def envelope(env: str, body: str, header: str = "") -> bytes:
    head = f"<e:Header>{header}</e:Header>" if header else ""
    return f'<e:Envelope xmlns:e="{env}">{head}<e:Body>{body}</e:Body></e:Envelope>'.encode()


def body_of(request_body: bytes, env: str) -> etree._Element:
    root = etree.fromstring(request_body)
    assert root.tag == f"{{{env}}}Envelope"
    body = root.find(f"{{{env}}}Body")
    assert body is not None
    return body

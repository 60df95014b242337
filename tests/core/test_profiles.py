"""Profiles: selection, --profile, the generic client, and the copied runtime."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from lxml.etree import SubElement, _Element, fromstring

from generator.cli.main import main
from generator.format import format_source
from generator.load.sources import resolve
from generator.load.wsdl import load
from generator.model.api import build_model
from generator.options import Options
from generator.pipeline import generate
from generator.profiles import (
    GENERIC,
    Profile,
    apply_profile,
    get_profile,
    registry,
    select_profile,
)
from generator.profiles.mktows import NAMESPACE as MKTOWS
from generator.render.runtime import runtime_files
from generator.resources import project_dir
from tests.support.http_server import Reply, recording_server
from tests.support.wsdl_fragments import BASE, edit

CALCULATOR = Path(__file__).parents[1] / "support" / "calculator.wsdl"
ANSWER = b"""<?xml version="1.0" encoding="UTF-8"?>
<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/"
    xmlns:ns1="http://example.com/calculator/">
  <SOAP-ENV:Body><ns1:addResponse><sum>5</sum></ns1:addResponse></SOAP-ENV:Body>
</SOAP-ENV:Envelope>"""
FAULT = b"""<?xml version="1.0" encoding="UTF-8"?>
<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/">
  <SOAP-ENV:Body><SOAP-ENV:Fault><faultcode>SOAP-ENV:Client</faultcode>
  <faultstring>20013 - access denied</faultstring></SOAP-ENV:Fault></SOAP-ENV:Body>
</SOAP-ENV:Envelope>"""


def test_the_namespace_chooses_the_profile_and_generic_is_the_fallback(
    shared: Path,
) -> None:
    calculator = build_model(load(resolve(str(CALCULATOR))), "calc")
    marketo = build_model(load(resolve("2_6")), "mktows")
    assert select_profile(calculator).name == GENERIC
    assert select_profile(marketo).name == "mktows"
    assert select_profile(marketo, "generic").name == GENERIC
    assert {"generic", "mktows"} <= set(registry())
    assert isinstance(get_profile("mktows"), Profile)


def test_the_core_marks_no_header_signed_the_profile_does(shared: Path) -> None:
    """The core model knows no signer; the Marketo profile names its header's
    fields, and only a model it is applied to has a signed header."""
    marketo = build_model(load(resolve("2_6")), "mktows")
    assert marketo.signed_header is None
    profile, signed = apply_profile(marketo)
    assert profile.name == "mktows" and profile.signed_header
    header = signed.signed_header
    assert header is not None and header.required
    unsigned = {h.class_name for op in marketo.operations for h in op.optional_headers}
    assert header.class_name in unsigned  # to the core, an ordinary header
    assert all(header not in op.optional_headers for op in signed.operations)
    _, generic = apply_profile(marketo, "generic")
    assert generic.signed_header is None


def test_a_wsdl_in_another_namespace_with_the_signed_header_selects_its_profile(
    shared: Path, tmp_path: Path
) -> None:
    wsdl = (shared / "wsdl" / "mktows-2_6-nodesoap.wsdl").read_text(encoding="utf-8")
    moved = tmp_path / "moved.wsdl"
    moved.write_text(wsdl.replace(MKTOWS, "http://example.com/other/"))
    model = build_model(load(resolve(str(moved))), "other")
    profile, signed = apply_profile(model)
    assert profile.name == "mktows" and signed.signed_header is not None


def test_an_unknown_profile_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "out"
    argv = ["generate", "--wsdl", str(CALCULATOR), "--profile", "nope"]
    assert main([*argv, "--output", str(output)]) == 2
    err = capsys.readouterr().err
    assert err == (
        "mktows-codegen: error: --profile: unknown profile 'nope'; "
        "expected one of: generic, mktows\n"
    )
    assert not output.exists()


@pytest.fixture(scope="module")
def calc(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    root = tmp_path_factory.mktemp("calc")
    generate(Options(wsdl=str(CALCULATOR), package="calc", output=root / "calc"))
    sys.path.insert(0, str(root))
    try:
        yield importlib.import_module("calc")
    finally:
        sys.path.remove(str(root))
        for name in [n for n in sys.modules if n == "calc" or n.startswith("calc.")]:
            del sys.modules[name]


def test_a_generic_wsdl_generates_without_any_marketo_module(
    calc: ModuleType,
) -> None:
    folder = Path(calc.__file__ or "").parent
    names = {p.name for p in folder.glob("*.py")}
    assert {"client.py", "errors.py", "retry.py", "signer.py"} <= names
    assert not names & {"signing.py", "limiter.py", "paging.py", "bulk.py"}
    client_text = (folder / "client.py").read_text()
    assert (
        "Marketo" not in client_text and "mktows" not in client_text.split("\n", 3)[3]
    )


class KeySigner:
    """Adds an ``apiKey`` header with a fresh counter on every attempt."""

    def __init__(self) -> None:
        self.attempts = 0

    def sign(self, operation: str) -> list[tuple[Any, Any]]:
        self.attempts += 1

        def write(value: str, parent: _Element) -> _Element:
            node = SubElement(parent, "{http://example.com/calculator/}apiKey")
            SubElement(node, "key").text = value
            return node

        return [(write, f"{operation}-{self.attempts}")]


def test_the_generic_client_calls_a_loopback_server_with_its_signer(
    calc: ModuleType,
) -> None:
    client_module = importlib.import_module("calc.client")
    signer = KeySigner()
    with recording_server(Reply(body=ANSWER)) as server:
        client = client_module.Client(server.endpoint, signer=signer)
        assert client.add(a=2, b=3) == 5
        sent = fromstring(server.requests[0].body)
    assert (
        server.requests[0].headers["SOAPAction"]
        == '"http://example.com/calculator/add"'
    )
    assert sent.findtext(".//{http://example.com/calculator/}apiKey/key") == "add-1"
    body = sent.find("{http://schemas.xmlsoap.org/soap/envelope/}Body")
    assert body is not None and [c.text for c in body[0]] == ["2", "3"]


def test_a_generic_fault_is_a_plain_soap_fault(calc: ModuleType) -> None:
    client_module = importlib.import_module("calc.client")
    errors = importlib.import_module("calc.errors")
    with recording_server(Reply(status=500, body=FAULT)) as server:
        client = client_module.Client(server.endpoint)
        with pytest.raises(errors.SoapFault) as raised:
            client.add(a=1, b=1)
    assert type(raised.value) is errors.SoapFault
    assert raised.value.code == 20013 and server.hits == 1  # no Marketo retry table


@pytest.mark.parametrize("name", ["mktows", "generic"])
def test_runtime_files_get_the_header_and_relative_imports_and_stay_black(
    name: str,
) -> None:
    files = runtime_files(get_profile(name), "# HEADER")
    assert "envelope.py" in files and "__init__.py" not in files
    for path, text in files.items():
        assert text.startswith("# HEADER\n"), path
        assert "generator." not in text, path
        assert format_source(text) == text, path
    if name == "mktows":
        assert "from .exceptions import (" in files["errors.py"]
        assert "class MktowsFault" in files["errors.py"]


def test_no_template_uses_raw_blocks() -> None:
    folder = project_dir("templates")
    for template in folder.rglob("*.jinja"):
        assert "raw %}" not in template.read_text(), template


AUTH_FIELDS = """<xs:element name="mktowsUserId" type="xs:string"/>
          <xs:element name="requestSignature" type="xs:string"/>
          <xs:element name="requestTimestamp" type="xs:string"/>"""


def _paint(tmp_path: Path, *edits: tuple[str, str]) -> Path:
    path = tmp_path / "paint.wsdl"
    path.write_text(edit(BASE, *edits))
    return path


@pytest.mark.parametrize(
    ("edits", "signed"),
    [
        ((), True),
        # the fields by extension of another type (and a second element of it)
        (
            (
                (
                    '<xs:complexType name="AuthHeaderInfo">\n        <xs:sequence>',
                    '<xs:complexType name="AuthBase"><xs:sequence>'
                    f"{AUTH_FIELDS}</xs:sequence></xs:complexType>"
                    '<xs:complexType name="AuthHeaderInfo"><xs:complexContent>'
                    '<xs:extension base="tns:AuthBase"><xs:sequence>'
                    '<xs:element name="audit" type="xs:string" minOccurs="0"/>',
                ),
                (
                    AUTH_FIELDS + "\n        </xs:sequence>",
                    "</xs:sequence></xs:extension></xs:complexContent>",
                ),
                (
                    '<xs:element name="AuthHeader" type="tns:AuthHeaderInfo"/>',
                    '<xs:element name="AuthHeader" type="tns:AuthHeaderInfo"/>'
                    '<xs:element name="AuthHeaderToo" type="tns:AuthHeaderInfo"/>',
                ),
            ),
            True,
        ),
        # a required field the signer does not fill: not the signer's header
        (
            (
                (
                    AUTH_FIELDS,
                    AUTH_FIELDS + '<xs:element name="tenant" type="xs:string"/>',
                ),
            ),
            False,
        ),
    ],
    ids=["as-is", "inherited-fields", "extra-required-field"],
)
def test_the_signed_header_is_the_one_the_signer_can_build(
    tmp_path: Path, edits: tuple[tuple[str, str], ...], signed: bool
) -> None:
    model = build_model(load(resolve(str(_paint(tmp_path, *edits)))), "paint")
    profile, marked = apply_profile(model)
    assert (profile.name, marked.signed_header is not None) == (
        ("mktows", True) if signed else (GENERIC, False)
    )
    output = tmp_path / "out"
    generate(Options(wsdl=str(tmp_path / "paint.wsdl"), package="paint", output=output))
    assert (output / "client.py").is_file()


def test_a_signing_profile_without_its_header_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _paint(tmp_path, ("mktowsUserId", "userName"))
    output = tmp_path / "out"
    status = main(
        [
            "generate",
            "--wsdl",
            str(path),
            "--profile",
            "mktows",
            "--output",
            str(output),
        ]
    )
    err = capsys.readouterr().err
    assert status == 2 and err.count("\n") == 1
    assert "profile mktows" in err and "--profile generic" in err
    assert not output.exists()

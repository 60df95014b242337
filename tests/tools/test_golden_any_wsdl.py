"""``golden render|check`` on a generic (non-Marketo) WSDL: SOAP 1.1 and 1.2
envelopes, unknown headers and elements, comments and odd-but-legal XML."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from lxml import etree

from generator.cli.golden import check_sample
from generator.cli.main import main
from generator.errors import GeneratorError
from generator.resources import REPO_ROOT
from generator.tools.golden.samples import bindings_for, canonical, render
from tests.support.records import RECORDS

WSDL = str(REPO_ROOT / "tests" / "support" / "calculator.wsdl")
NS = "http://example.com/calculator/"
SOAP11 = "http://schemas.xmlsoap.org/soap/envelope/"
SOAP12 = "http://www.w3.org/2003/05/soap-envelope"

REQUEST = f"""<?xml version="1.0" encoding="UTF-8"?>
<!-- a comment before the envelope -->
<?app-hint keep?>
<e:Envelope xmlns:e="{{soap}}" xmlns:c="{NS}" e:encodingStyle="">
  <e:Header>text in the header
    <c:apiKey e:mustUnderstand="{{must}}"><key>k&amp;1 &#x2603;</key></c:apiKey>
    <trace xmlns="urn:other" id="7"><hop>a</hop><!-- unknown header --></trace>
  </e:Header>
  <e:Body>
    <!-- the payload -->
    <add xmlns="{NS}"><a xmlns="">1</a><b xmlns=""><![CDATA[2]]></b></add>
  </e:Body>
</e:Envelope>
"""

RESPONSE = f"""<soapenv:Envelope xmlns:soapenv="{{soap}}">
  <soapenv:Header/>
  <soapenv:Body><ns9:addResponse xmlns:ns9="{NS}"><sum>3</sum><extra>kept</extra>
  </ns9:addResponse></soapenv:Body>
</soapenv:Envelope>
"""

FAULT11 = f"""<s:Envelope xmlns:s="{SOAP11}"><s:Body><s:Fault>
  <faultcode>s:Client</faultcode><faultstring xml:lang="en">bad key</faultstring>
  <detail><c:apiKey xmlns:c="{NS}"><key>k</key></c:apiKey><why>unknown entry</why></detail>
</s:Fault></s:Body></s:Envelope>
"""

FAULT12 = f"""<env:Envelope xmlns:env="{SOAP12}"><env:Body><env:Fault>
  <env:Code><env:Value>env:Sender</env:Value><env:Subcode><env:Value>x:k</env:Value>
  </env:Subcode></env:Code>
  <env:Reason><env:Text xml:lang="en">bad key</env:Text></env:Reason>
  <env:Detail><c:apiKey xmlns:c="{NS}"><key>k</key></c:apiKey></env:Detail>
</env:Fault></env:Body></env:Envelope>
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def samples(tmp_path: Path) -> list[Path]:
    return [
        write(tmp_path, "req11.xml", REQUEST.format(soap=SOAP11, must="1")),
        write(tmp_path, "req12.xml", REQUEST.format(soap=SOAP12, must="true")),
        write(tmp_path, "resp11.xml", RESPONSE.format(soap=SOAP11)),
        write(tmp_path, "resp12.xml", RESPONSE.format(soap=SOAP12)),
        write(tmp_path, "fault11.xml", FAULT11),
        write(tmp_path, "fault12.xml", FAULT12),
    ]


def test_check_round_trips_soap11_and_soap12_envelopes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = samples(tmp_path)
    assert main(["golden", "check", *map(str, files), "--wsdl", WSDL]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == f"{len(files)} passed, 0 failed", out


@pytest.mark.parametrize("soap", [SOAP11, SOAP12])
def test_render_keeps_the_envelope_version_and_names_what_it_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], soap: str
) -> None:
    sample = write(tmp_path, "req.xml", REQUEST.format(soap=soap, must="1"))
    assert main(["golden", "render", str(sample), "--wsdl", WSDL]) == 0
    captured = capsys.readouterr()
    assert f'xmlns:soap="{soap}"' in captured.out
    assert "{urn:other}trace" in captured.err  # the unknown header, kept
    assert canonical(captured.out.encode().strip()) == canonical(sample.read_bytes())


def test_a_changed_value_fails_with_the_first_difference(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``<a> 01</a>`` is the int 1: our code writes ``1``, and check says where."""
    text = REQUEST.format(soap=SOAP11, must="1").replace(">1</a>", "> 01</a>")
    sample = write(tmp_path, "req.xml", text)
    assert main(["golden", "check", str(sample), "--wsdl", WSDL]) == 1
    out = capsys.readouterr().out
    assert "FAIL" in out and "at character" in out and "01" in out


@pytest.mark.parametrize(
    ("body", "needle"),
    [
        ("<other xmlns='urn:x'/>", "{urn:x}other>: not an element of this WSDL"),
        ("", "the SOAP Body is missing or empty"),
    ],
)
def test_what_the_package_cannot_read_is_a_failure_not_a_crash(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], body: str, needle: str
) -> None:
    text = f"<s:Envelope xmlns:s='{SOAP12}'><s:Body>{body}</s:Body></s:Envelope>"
    sample = write(tmp_path, "bad.xml", text)
    assert main(["golden", "check", str(sample), "--wsdl", WSDL]) == 1
    out = capsys.readouterr().out
    assert needle in out, out
    assert main(["golden", "render", str(sample), "--wsdl", WSDL]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and needle in err[0], err


def test_secret_on_a_package_without_a_request_signature_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sample = write(tmp_path, "req.xml", REQUEST.format(soap=SOAP11, must="1"))
    argv = ["golden", "check", str(sample), "--wsdl", WSDL, "--secret", "k"]
    assert main(argv) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "--secret" in err[0] and "no request signature" in err[0]


def test_a_value_the_generated_reader_refuses_is_a_one_line_error() -> None:
    """Whatever a generated reader raises becomes the sample's verdict, not a crash."""
    real = bindings_for(WSDL)

    def refuse(node: object, unknown: list[str]) -> object:
        raise ValueError("day is out of range\nfor month")

    api = dataclasses.replace(real, readers={**real.readers, f"{{{NS}}}add": refuse})
    root = etree.fromstring(REQUEST.format(soap=SOAP11, must="1").encode())
    with pytest.raises(GeneratorError) as raised:
        render(root, api)
    assert str(raised.value) == (
        f"<{{{NS}}}add>: could not be read by the generated code: "
        "ValueError: day is out of range for month"
    )
    assert check_sample(root, api, None) == str(raised.value)


RECORD_SAMPLES = [
    (  # SOAP 1.2 response, values kept lexically (10.50, a date)
        "soap12/wsdl/weather.wsdl",
        f"<env:Envelope xmlns:env='{SOAP12}'><env:Body>"
        "<w:GetForecastResponse xmlns:w='urn:records:weather'><w:day>"
        "<w:date>2026-01-02</w:date><w:high>10.50</w:high></w:day>"
        "</w:GetForecastResponse></env:Body></env:Envelope>",
        "response",
    ),
    (  # an rpc/literal request: the wrapper named after the operation
        "services/wsdl/store.wsdl",
        f"<s:Envelope xmlns:s='{SOAP11}'><s:Body><r:Count xmlns:r='urn:records:store:rpc'>"
        "<sku>A1</sku><warehouse>3</warehouse></r:Count></s:Body></s:Envelope>",
        "request",
    ),
    (  # a declared fault: its detail read through the generated class
        "faults/wsdl/bank.wsdl",
        f"<s:Envelope xmlns:s='{SOAP11}'><s:Body><s:Fault><faultcode>s:Server</faultcode>"
        "<faultstring>no</faultstring><detail><b:InsufficientFunds xmlns:b='urn:records:bank'>"
        "<b:balance>1.0</b:balance><b:requested>2.00</b:requested></b:InsufficientFunds>"
        "</detail></s:Fault></s:Body></s:Envelope>",
        "fault",
    ),
]


@pytest.mark.parametrize(("wsdl", "sample", "kind"), RECORD_SAMPLES)
def test_samples_of_the_golden_record_wsdls_round_trip(
    wsdl: str, sample: str, kind: str
) -> None:
    api = bindings_for(str(RECORDS / wsdl))
    root = etree.fromstring(sample.encode())
    rendered = render(root, api)
    assert rendered.kind == kind and rendered.unknown == ()
    assert check_sample(root, api, None) is None

"""What the binding stage refuses, and when it speaks (issue 14, items 2-3).

Run through the real command line: a refusal is one ``mktows-codegen: error:``
line and exit 2 with nothing written, even when a binding was skipped first (the
skip's warning is printed only once the whole model is built).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

WSDL = Path(__file__).parents[1] / "support" / "wsdl" / "bindings"


def generate(text: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    wsdl = tmp_path / "in.wsdl"
    wsdl.write_text(text, encoding="utf-8")
    command = [sys.executable, "-m", "generator", "generate", "--wsdl", str(wsdl)]
    command += ["--package", "bound", "--output", str(tmp_path / "bound")]
    return subprocess.run(command, capture_output=True, text=True, timeout=120)


def refused(done: subprocess.CompletedProcess[str], tmp_path: Path) -> str:
    assert done.returncode == 2, done.stderr
    (line,) = done.stderr.splitlines()
    assert line.startswith("mktows-codegen: error: ")
    assert not (tmp_path / "bound").exists()
    return line


def test_a_refusal_after_a_skipped_binding_is_still_one_line(tmp_path: Path) -> None:
    """The skipped HTTP and rpc/encoded bindings would each print a warning; the
    schema's two types that become one Python class are refused after the
    bindings are planned, and that refusal is the only line."""
    text = (WSDL / "two_services.wsdl").read_text(encoding="utf-8")
    clash = (
        '<xs:complexType name="a-b"><xs:sequence/></xs:complexType>'
        '<xs:complexType name="a.b"><xs:sequence/></xs:complexType>'
    )
    text = text.replace("</xs:schema>", clash + "</xs:schema>")
    line = refused(generate(text, tmp_path), tmp_path)
    assert "'a-b'" in line and "'a.b'" in line
    assert "warning" not in line


def test_skipped_bindings_warn_when_the_package_is_written(tmp_path: Path) -> None:
    text = (WSDL / "two_services.wsdl").read_text(encoding="utf-8")
    done = generate(text, tmp_path)
    assert done.returncode == 0, done.stderr
    assert [line.split(": ")[1] for line in done.stderr.splitlines()] == [
        "warning",
        "warning",
    ]


def test_wsdl_without_types_refuses_a_part_of_an_undefined_type(
    tmp_path: Path,
) -> None:
    text = (WSDL / "rpc_no_types.wsdl").read_text(encoding="utf-8")
    text = text.replace('<part name="b" type="xsd:int"/>', '<part name="b" type="b"/>')
    line = refused(generate(text, tmp_path), tmp_path)
    assert "message AddIn, part b: refers to undefined type" in line


def test_renamed_type_header_of_a_schema_type_is_refused_naming_it(
    tmp_path: Path,
) -> None:
    """A ``type=`` header part whose element name is already a schema element of
    another type, and whose type is a schema type: refused, saying exactly that."""
    text = (WSDL / "rpc_clash.wsdl").read_text(encoding="utf-8")
    text = text.replace(
        '<xs:element name="Ticket" type="tns:TicketType"/>',
        '<xs:element name="Ticket" type="xs:int"/>',
    )
    line = refused(generate(text, tmp_path), tmp_path)
    assert "message TicketHeader, soap:header part Ticket: given by type=" in line
    assert "renamed header element of a schema type is not supported" in line

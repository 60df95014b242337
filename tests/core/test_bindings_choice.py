"""Which bindings get a client: unsupported ones are skipped with one warning line
each, and a WSDL with none left is refused with one line and exit 2 (issue 14)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

WSDL = Path(__file__).parents[1] / "support" / "wsdl" / "bindings"


def generate(wsdl: str, output: Path) -> subprocess.CompletedProcess[str]:
    command = [
        sys.executable,
        "-m",
        "generator",
        "generate",
        "--wsdl",
        str(WSDL / wsdl),
    ]
    command += ["--package", "bound", "--output", str(output)]
    return subprocess.run(command, capture_output=True, text=True, timeout=120)


def test_encoded_and_http_bindings_are_skipped_with_a_warning(tmp_path: Path) -> None:
    done = generate("two_services.wsdl", tmp_path / "bound")
    assert done.returncode == 0, done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 2
    assert "skipped binding TimeHttp: not a SOAP binding" in lines[0]
    assert 'skipped binding TimeEncoded: operation Now is use="encoded"' in lines[1]
    client = (tmp_path / "bound" / "client.py").read_text()
    assert "class TimeSoapClient(" in client and "class TimeSoap12Client(" in client
    assert "TimeEncoded" not in client and "TimeHttp" not in client


def test_only_unsupported_bindings_is_refused_in_one_line(tmp_path: Path) -> None:
    done = generate("encoded_only.wsdl", tmp_path / "bound")
    assert done.returncode == 2
    (line,) = done.stderr.splitlines()
    assert line.startswith("mktows-codegen: error: ")
    assert "binding TimeEncoded" in line and "rpc/encoded" in line
    assert "binding TimeHttp" in line
    assert not (tmp_path / "bound").exists()

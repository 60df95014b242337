"""Local input read safely, and hostile WSDL text reported in one line.

A local WSDL or imported file must be a regular file under the 64 MiB cap (judged
before reading: a FIFO, a device or a huge sparse file never blocks or fills
memory). A quote in a WSDL name never breaks the XPath that locates the error, a
DTD is refused before any entity is expanded, and every message is one line.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.cli.main import main
from generator.errors import GeneratorError
from generator.load import sources
from generator.load.sources import read_local, resolve
from generator.load.wsdl import load
from tests.support.wsdl_documents import IMPORT_O, wsdl
from tests.support.wsdl_fragments import BASE, edit

HUGE = 3 * 1024**3


def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "pipe.wsdl"
    os.mkfifo(path)
    return path


def sparse(tmp_path: Path) -> Path:
    path = tmp_path / "huge.wsdl"
    with path.open("wb") as handle:
        handle.truncate(HUGE)  # no disk used; reading it would take 3 GB
    return path


def dev_zero(tmp_path: Path) -> Path:
    return Path("/dev/zero")


NOT_READABLE: dict[str, tuple[Callable[[Path], Path], str]] = {
    "fifo": (fifo, "is not a regular file (a FIFO)"),
    "device": (dev_zero, "is not a regular file (a character device)"),
    "huge": (sparse, "is larger than the 64 MiB cap"),
}


@pytest.mark.parametrize("kind", sorted(NOT_READABLE))
def test_read_local_refuses_what_is_not_a_small_regular_file(
    tmp_path: Path, kind: str
) -> None:
    make, problem = NOT_READABLE[kind]
    path = make(tmp_path)
    with pytest.raises(GeneratorError) as caught:
        read_local(path, "a WSDL file")
    assert str(caught.value) == f"{path}: {problem}; expected a WSDL file"


def test_read_local_reads_a_regular_file_and_says_what_is_missing(
    tmp_path: Path,
) -> None:
    (tmp_path / "a.wsdl").write_bytes(b"<x/>")
    assert read_local(tmp_path / "a.wsdl") == b"<x/>"
    with pytest.raises(GeneratorError, match=r"b\.wsdl: file not found$"):
        read_local(tmp_path / "b.wsdl")


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    """The command in a child process, so a regression hangs only it (60 s)."""
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize("kind", sorted(NOT_READABLE))
def test_generate_refuses_a_wsdl_that_is_not_a_regular_file(
    tmp_path: Path, kind: str
) -> None:
    make, problem = NOT_READABLE[kind]
    path = make(tmp_path)
    done = run_cli("generate", "--wsdl", str(path), "--output", str(tmp_path / "o"))
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        f"mktows-codegen: error: {path}: {problem}; "
        "expected a WSDL file, a URL or a revision "
        f"name ({', '.join(sources.revision_names())})"
    ]
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize("kind", ["fifo", "huge"])
def test_an_imported_file_that_is_not_a_regular_file_is_refused(
    tmp_path: Path, kind: str
) -> None:
    make, problem = NOT_READABLE[kind]
    imported = make(tmp_path)
    (tmp_path / "a.wsdl").write_text(wsdl(IMPORT_O.format(imported.name)))
    with pytest.raises(GeneratorError) as caught:
        load(resolve(str(tmp_path / "a.wsdl")))
    assert f"{problem} ({imported})" in str(caught.value)


# --- quotes in names ----------------------------------------------------------

QUOTED = {
    "message": (
        (
            '<wsdl:message name="TraceHeader"><wsdl:part name="trace" '
            'element="tns:TraceHeader"/>',
            '<wsdl:message name="Tr\'ace"><wsdl:part name="trace" type="tns:Nope"/>',
        ),
        "message Tr'ace, part trace: refers to undefined type",
    ),
    "element": (
        (
            '<xs:element name="spare" type="xs:string"/>',
            '<xs:element name="sp\'are" type="tns:Nowhere"/>',
        ),
        "undefined type",
    ),
    "binding": (
        (
            '<wsdl:binding name="Binding" type="tns:Port">',
            '<wsdl:binding name="Bin\'ding" type="tns:Nowhere">',
        ),
        "binding Bin'ding: refers to undefined portType",
    ),
}


@pytest.mark.parametrize("case", sorted(QUOTED))
def test_a_quote_in_a_name_is_reported_not_an_xpath_crash(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str
) -> None:
    replacement, needle = QUOTED[case]
    path = tmp_path / "quoted.wsdl"
    path.write_text(edit(BASE, replacement))
    code = main(["generate", "--wsdl", str(path), "--output", str(tmp_path / "o")])
    lines = capsys.readouterr().err.splitlines()
    assert code == 2 and len(lines) == 1, lines
    assert lines[0].startswith(f"mktows-codegen: error: {path}:") and needle in lines[0]


def test_no_xpath_is_built_from_strings_in_the_generator() -> None:
    root = Path(__file__).resolve().parents[3] / "generator"
    for source in root.rglob("*.py"):
        for number, line in enumerate(source.read_text().splitlines(), 1):
            assert not ("@name='{" in line or '@name="{' in line), (source, number)


# --- one line, whatever the parser says --------------------------------------


def billion_laughs() -> bytes:
    entities = "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">\n' for i in range(1, 10)
    )
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n<!ENTITY lol0 "lol">\n'
        f"{entities}]>\n<lolz>&lol9;</lolz>\n"
    ).encode()


def ebcdic() -> bytes:
    return '<?xml version="1.0" encoding="cp500"?>\n<a/>\n'.encode("cp500")


@pytest.mark.parametrize(
    ("data", "needle"),
    [
        (billion_laughs(), "laughs.wsdl:2: declares a DTD (<!DOCTYPE ...>)"),
        (ebcdic(), "laughs.wsdl:1:1: not well-formed XML"),
    ],
    ids=["billion-laughs", "cp500"],
)
def test_hostile_xml_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], data: bytes, needle: str
) -> None:
    path = tmp_path / "laughs.wsdl"
    path.write_bytes(data)
    output = str(tmp_path / "o")
    generate = ["generate", "--wsdl", str(path), "--output", output]
    for command in (generate, ["diff", str(path), "2_6"]):
        assert main(command) == 2
        lines = capsys.readouterr().err.splitlines()
        assert len(lines) == 1 and needle in lines[0], lines


def test_an_error_message_with_line_breaks_is_one_line() -> None:
    error = GeneratorError("a\nb", "first\n  second\r\nthird\n")
    assert str(error) == "a b: first second third"
    assert (error.where, error.problem) == ("a b", "first second third")

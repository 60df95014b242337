"""Bad input: one line on stderr naming file, element and expectation; exit 2; nothing written."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli.main import main
from tests.support.wsdl_fragments import BASE, edit


def run_generate(
    capsys: pytest.CaptureFixture[str], wsdl: Path | str, output: Path
) -> tuple[int, str]:
    code = main(["generate", "--wsdl", str(wsdl), "--output", str(output)])
    err = capsys.readouterr().err
    return code, err


def assert_one_line_error(code: int, err: str, *needles: str) -> None:
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    for needle in needles:
        assert needle in lines[0], lines[0]


@pytest.fixture
def output(tmp_path: Path) -> Path:
    return tmp_path / "out" / "pkg"


def write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return path


def test_missing_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, output: Path
) -> None:
    code, err = run_generate(capsys, tmp_path / "absent.wsdl", output)
    assert_one_line_error(code, err, "absent.wsdl", "file not found", "revision name")
    assert not output.parent.exists()


def test_not_xml(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, output: Path
) -> None:
    path = write(tmp_path, "notes.wsdl", "just some text\n")
    code, err = run_generate(capsys, path, output)
    assert_one_line_error(code, err, "notes.wsdl:1:1", "not well-formed XML")
    assert not output.parent.exists()


def test_truncated_xml_says_line_and_column(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, output: Path
) -> None:
    cut = BASE[: BASE.index("<wsdl:portType")]
    path = write(tmp_path, "cut.wsdl", cut)
    code, err = run_generate(capsys, path, output)
    line_count = cut.count("\n")
    assert_one_line_error(
        code, err, f"cut.wsdl:{line_count + 1}:", "not well-formed XML"
    )
    assert not output.parent.exists()


def test_xml_that_is_not_a_wsdl(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, output: Path
) -> None:
    path = write(
        tmp_path, "envelope.wsdl", '<Envelope xmlns="urn:x"><Body/></Envelope>'
    )
    code, err = run_generate(capsys, path, output)
    assert_one_line_error(
        code, err, "envelope.wsdl", "<Envelope", "expected <wsdl:definitions>"
    )


ENCODED = ('<soap:body use="literal"/>', '<soap:body use="encoded"/>', 4)
EDITS = {  # an edit of BASE -> what the one error line must say
    "undefined type": (
        ('name="color" type="tns:Color"', 'name="color" type="tns:Colour"'),
        ["type ParamsPaint, element color", "undefined type", "Colour"],
    ),
    "undefined message element": (
        ('element="tns:paramsPaint"/>', 'element="tns:paramsPaints"/>'),
        ["message PaintRequest, part p", "undefined element", "paramsPaints"],
    ),
    "undefined message": (
        (
            '<wsdl:input message="tns:PaintRequest"/>',
            '<wsdl:input message="tns:PaintRequests"/>',
        ),
        ["operation paint", "undefined message", "PaintRequests"],
    ),
    "encoded use": (
        ENCODED,
        ["binding Binding", 'use="encoded" (rpc/encoded), which is not supported'],
    ),
}


@pytest.mark.parametrize("case", EDITS)
def test_an_edited_wsdl_is_refused_naming_file_and_element(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, output: Path, case: str
) -> None:
    replacement, needles = EDITS[case]
    path = write(tmp_path, "edited.wsdl", edit(BASE, replacement))
    code, err = run_generate(capsys, path, output)
    assert_one_line_error(code, err, "edited.wsdl:", *needles)
    assert not output.parent.exists()


@pytest.mark.parametrize(
    "name",
    [
        "mktows-2_6-trimmed-nodesoap.wsdl",
        "mktows-2_6-trimmed-strongsoap.wsdl",
        "mktows-2_6-trimmed-hongshanzhu.wsdl",
    ],
)
def test_trimmed_real_wsdls_name_the_missing_type(
    capsys: pytest.CaptureFixture[str], shared: Path, output: Path, name: str
) -> None:
    code, err = run_generate(capsys, shared / "wsdl" / "derived" / name, output)
    assert_one_line_error(
        code, err, name, "ParamsGetLeadChanges", "startPosition", "StreamPosition"
    )
    assert not output.parent.exists()


def test_unwritable_output(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    blocker = write(tmp_path, "a-file", "not a directory")
    path = write(tmp_path, "ok.wsdl", BASE)
    code, err = run_generate(capsys, path, blocker / "pkg")
    assert_one_line_error(
        code, err, str(blocker / "pkg"), f"{blocker} is not a directory"
    )


def test_a_failed_run_leaves_the_existing_package_untouched(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, output: Path
) -> None:
    good = write(tmp_path, "ok.wsdl", BASE)
    assert main(["generate", "--wsdl", str(good), "--output", str(output)]) == 0
    before = {p: p.read_bytes() for p in output.rglob("*") if p.is_file()}
    bad = write(tmp_path, "bad.wsdl", edit(BASE, ENCODED))
    code, _ = run_generate(capsys, bad, output)
    assert code == 2
    after = {p: p.read_bytes() for p in output.rglob("*") if p.is_file()}
    assert after == before
    assert sorted(p.name for p in output.parent.iterdir()) == ["pkg"]  # no staging left


def test_debug_shows_the_traceback(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = write(tmp_path, "encoded.wsdl", edit(BASE, ENCODED))
    args = ["generate", "--wsdl", str(path), "--output", str(tmp_path / "o")]
    assert main([*args, "--debug"]) == 2  # the same status as without --debug
    assert "Traceback (most recent call last)" in capsys.readouterr().err


def test_a_reader_that_goes_away_stops_the_command_quietly(shared: Path) -> None:
    """``mktows-codegen diff ... | head -1``: no BrokenPipeError traceback."""
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "diff", "2_4", "2_6", "--python"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # nobody reads what it prints
    errors = process.stderr.read().decode()
    assert process.wait(timeout=120) == 1
    assert "Traceback" not in errors and "BrokenPipe" not in errors, errors

"""``mktows-codegen golden render`` and ``golden check`` on the documented samples."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli.main import main
from generator.profiles.mktows import NAMESPACE as MKTOWS
from generator.resources import REPO_ROOT
from generator.runtime.namespaces import XSI
from generator.tools.golden.samples import canonical
from tests.support.golden import DEMO_SECRET, GOLDEN, REPAIRS, verifiable_requests


def well_formed_samples() -> list[Path]:
    return [p for p in sorted(GOLDEN.glob("*.xml")) if p.name not in REPAIRS]


def test_check_passes_on_every_well_formed_sample(
    capsys: pytest.CaptureFixture[str],
) -> None:
    files = well_formed_samples()
    assert len(files) == 32
    assert main(["golden", "check", *map(str, files)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[-1] == f"{len(files)} passed, 0 failed"
    assert all(line.startswith("PASS ") for line in lines[:-1])


def test_check_signs_again_with_the_demo_key(
    capsys: pytest.CaptureFixture[str],
) -> None:
    files = [str(GOLDEN / name) for name in sorted(verifiable_requests())]
    assert main(["golden", "check", "--secret", DEMO_SECRET, *files]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "10 passed, 0 failed"


def test_check_reports_a_signature_made_with_another_key(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert (
        main(
            [
                "golden",
                "check",
                "--secret",
                DEMO_SECRET,
                str(GOLDEN / "syncLead.request.xml"),
            ]
        )
        == 1
    )
    out = capsys.readouterr().out
    assert "FAIL" in out and "requestSignature differs" in out
    assert out.splitlines()[-1] == "0 passed, 1 failed"


def test_check_shows_the_first_difference_of_a_changed_sample(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    changed = tmp_path / "getLead.request.xml"
    text = (GOLDEN / "getLead.request.xml").read_text()
    changed.write_text(text.replace("<keyType>", "<keyValue>x</keyValue><keyType>", 1))
    assert main(["golden", "check", str(changed)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith(f"FAIL {changed}: at character")
    assert lines[-1] == "0 passed, 1 failed"


def with_dtd(tmp_path: Path) -> Path:
    path = tmp_path / "entity.request.xml"
    sample = (GOLDEN / "getLead.request.xml").read_text()
    start = sample.index("<SOAP-ENV:Envelope")
    path.write_text(
        sample[:start]
        + '<!DOCTYPE SOAP-ENV:Envelope [<!ENTITY key "IDNUM">]>\n'
        + sample[start:].replace("<keyType>IDNUM<", "<keyType>&key;<", 1)
    )
    return path


def huge(tmp_path: Path) -> Path:
    path = tmp_path / "huge.xml"
    with path.open("wb") as handle:
        handle.truncate(3 * 1024**3)  # sparse: refused by its size, never read
    return path


BAD_SAMPLES = {
    "missing": (lambda tmp: tmp / "absent.xml", "absent.xml: file not found"),
    "directory": (lambda tmp: tmp, "is a directory; expected a sample XML file"),
    "not-xml": (
        lambda tmp: GOLDEN / "getChannels.response.xml",
        "getChannels.response.xml:310:1: not well-formed XML",
    ),
    "dtd": (with_dtd, "entity.request.xml:2: declares a DTD"),
    "huge": (huge, "huge.xml: is larger than the 64 MiB cap"),
}


@pytest.mark.parametrize("action", ["check", "render"])
@pytest.mark.parametrize("kind", sorted(BAD_SAMPLES))
def test_a_sample_that_is_not_readable_xml_is_bad_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], action: str, kind: str
) -> None:
    make, needle = BAD_SAMPLES[kind]
    bad = make(tmp_path)
    good = GOLDEN / "getLead.request.xml"
    files = [str(good), str(bad)] if action == "check" else [str(bad)]
    assert main(["golden", action, *files]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""  # no verdict printed for the good one either
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in captured.err
    assert lines[0].startswith(f"mktows-codegen: error: {bad}") and needle in lines[0]


def test_the_docs_golden_examples_pass_on_the_shipped_samples(
    capsys: pytest.CaptureFixture[str],
) -> None:
    page = (REPO_ROOT / "docs/golden.md").read_text()
    examples = [
        line.split()[1:]
        for line in page.splitlines()
        if line.startswith("mktows-codegen golden ")
    ]
    assert len(examples) >= 2
    for argv in examples:
        args: list[str] = []
        for arg in argv:  # the shell's glob, on $MKTOWS_SHARED/golden
            if arg.startswith("../shared/golden/"):
                matches = sorted(GOLDEN.glob(arg.removeprefix("../shared/golden/")))
                assert matches, arg
                args += map(str, matches)
            else:
                args.append(arg)
        assert main(args) == 0, argv
        out = capsys.readouterr().out
        if argv[1] == "check":
            assert out.splitlines()[-1].endswith(" passed, 0 failed"), out


def test_render_writes_the_signed_envelope(capsys: pytest.CaptureFixture[str]) -> None:
    sample = GOLDEN / "getMultipleLeads.request.xml"
    assert main(["golden", "render", str(sample), "--secret", DEMO_SECRET]) == 0
    out = capsys.readouterr().out.encode()
    assert canonical(out.strip()) == canonical(sample.read_bytes())


def test_render_notes_unknown_elements_and_keeps_them(
    capsys: pytest.CaptureFixture[str],
) -> None:
    sample = GOLDEN / "scheduleCampaign.request.xml"
    assert main(["golden", "render", str(sample)]) == 0
    captured = capsys.readouterr()
    assert "cloneToProgramName" in captured.err
    assert canonical(captured.out.encode().strip()) == canonical(sample.read_bytes())


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (b"<html><body/></html>", "<html>: not an element of this WSDL"),
        (b"<unclosed>", "not well-formed XML"),
    ],
)
def test_render_refuses_what_it_cannot_represent(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, needle: str
) -> None:
    path = tmp_path / "sample.xml"
    path.write_bytes(content)
    assert main(["golden", "render", str(path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and needle in err[0]


def test_a_bare_body_payload_renders_as_itself(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Like the docs' getTags sample: no envelope, the payload alone, prefix ns2."""
    envelope = (GOLDEN / "getLead.response.xml").read_text()
    start = envelope.index("<ns1:successGetLead>")
    end = envelope.index("</ns1:successGetLead>") + len("</ns1:successGetLead>")
    payload = (
        envelope[start:end]
        .replace("ns1:", "ns2:")
        .replace(
            "<ns2:successGetLead>",
            f'<ns2:successGetLead xmlns:ns2="{MKTOWS}" xmlns:xsi="{XSI}">',
        )
    )
    sample = tmp_path / "getLead.payload.xml"
    sample.write_text(payload)
    assert main(["golden", "check", str(sample)]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "1 passed, 0 failed"


@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_check_on_a_fifo_or_a_device_ends_at_once_as_bad_input(
    tmp_path: Path, kind: str
) -> None:
    path = Path("/dev/zero")
    if kind == "fifo":
        path = tmp_path / "pipe.xml"
        os.mkfifo(path)
    done = subprocess.run(  # a child process: a regression hangs only it
        [sys.executable, "-m", "generator", "golden", "check", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    [line] = done.stderr.splitlines()
    assert line.startswith(f"mktows-codegen: error: {path}: is not a regular file")

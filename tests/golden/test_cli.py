"""``mktows-codegen golden render`` and ``golden check`` on the documented samples."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.cli import main
from generator.golden import canonical
from tests.golden.samples import DEMO_SECRET, GOLDEN, REPAIRS, verifiable_requests


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
    malformed = GOLDEN / "getChannels.response.xml"
    assert main(["golden", "check", str(changed), str(malformed)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith(f"FAIL {changed}: at character")
    assert (
        lines[1].startswith(f"FAIL {malformed}:")
        and ":310:1: not well-formed XML" in lines[1]
    )
    assert lines[-1] == "0 passed, 2 failed"


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
            '<ns2:successGetLead xmlns:ns2="http://www.marketo.com/mktows/"'
            ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">',
        )
    )
    sample = tmp_path / "getLead.payload.xml"
    sample.write_text(payload)
    assert main(["golden", "check", str(sample)]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "1 passed, 0 failed"

"""``leads`` options refused from the command line alone, in one line, before any
file is written or any call is made: a ``--failures`` file that is the input or
empty, an empty ``--list``, an endpoint that is not a usable URL."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from generator.cli.main import main
from generator.profiles.mktows.simulator import SimulatorServer
from tests.support.csv_files import write_csv


def one_line(capsys: pytest.CaptureFixture[str], where: str) -> str:
    err = capsys.readouterr().err
    assert err.startswith(f"mktows-codegen: error: {where}") and err.count("\n") == 1
    return err


@pytest.mark.parametrize("spelling", ["leads.csv", "sub/../leads.csv", "./leads.csv"])
def test_a_failures_file_that_is_the_input_is_refused(
    endpoint: SimulatorServer,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    spelling: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sub").mkdir()
    source = write_csv(tmp_path / "leads.csv", [{"Email": "a@b.example"}])
    before = source.read_bytes()
    assert main(["leads", "import", "leads.csv", "--failures", spelling]) == 2
    assert "is the input file" in one_line(capsys, "--failures")
    assert source.read_bytes() == before
    assert endpoint.stats.snapshot()["attempts"] == {}


def test_an_empty_failures_file_name_is_refused(
    endpoint: SimulatorServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write_csv(tmp_path / "leads.csv", [{"Email": "a@b.example"}])
    assert main(["leads", "import", str(source), "--failures", ""]) == 2
    assert "is empty" in one_line(capsys, "--failures")
    assert endpoint.stats.snapshot()["attempts"] == {}


@pytest.mark.parametrize("action", ["import", "export"])
@pytest.mark.parametrize("name", ["", "  "])
def test_an_empty_list_name_is_refused(
    endpoint: SimulatorServer,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    action: str,
    name: str,
) -> None:
    source = write_csv(tmp_path / "leads.csv", [{"Email": "a@b.example"}])
    args = [str(source)] if action == "import" else []
    assert main(["leads", action, *args, "--list", name]) == 2
    assert "is empty" in one_line(capsys, "--list")
    assert endpoint.stats.snapshot()["attempts"] == {}


@pytest.mark.parametrize(
    "url", ["http://[::1", "http://", "ftp://example.com/", "http://h:99999/", "host"]
)
def test_an_endpoint_that_is_not_a_url_is_refused_at_once(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    url: str,
) -> None:
    monkeypatch.setenv("MKTOWS_USER_ID", "u")
    monkeypatch.setenv("MKTOWS_SECRET", "s")
    source = write_csv(tmp_path / "leads.csv", [{"Email": "a@b.example"}])
    began = time.monotonic()
    assert main(["leads", "import", str(source), "--endpoint", url]) == 2
    assert time.monotonic() - began < 5  # no retries
    assert repr(url) in one_line(capsys, "--endpoint")

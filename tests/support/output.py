"""Running ``generate`` in tests and checking that a refusal touched nothing."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.cli.main import main


def snapshot(folder: Path) -> dict[str, bytes | str]:
    """Every entry under ``folder`` (hidden ones too): file bytes, or what a link points to."""
    found: dict[str, bytes | str] = {}
    for path in sorted(folder.rglob("*")):
        key = path.relative_to(folder).as_posix()
        if path.is_symlink():
            found[key] = f"-> {os.readlink(path)}"
        elif path.is_file():
            found[key] = path.read_bytes()
        else:
            found[key] = "dir"
    return found


def generate(
    capsys: pytest.CaptureFixture[str], wsdl: Path | str, output: Path | str, *more: str
) -> tuple[int, str]:
    code = main(["generate", "--wsdl", str(wsdl), "--output", str(output), *more])
    return code, capsys.readouterr().err


def assert_refused(code: int, err: str, *needles: str) -> None:
    assert code == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    assert lines[0].startswith("mktows-codegen: error: ")
    for needle in needles:
        assert needle in lines[0], lines[0]

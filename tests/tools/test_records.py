"""The committed golden records (``tests/golden_records/``) still come out byte for byte."""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.records import RECORD_LIST, UPDATE, Record, recorded, render


@pytest.mark.parametrize("record", RECORD_LIST, ids=lambda r: r.name)
def test_generated_package_matches_its_golden_record(
    record: Record, tmp_path: Path
) -> None:
    expected = recorded(record)
    actual = render(record, tmp_path)
    assert sorted(actual) == sorted(expected), f"files differ; update with: {UPDATE}"
    for name, content in expected.items():
        assert (
            actual[name] == content
        ), f"{record.name}/{name} differs; update with: {UPDATE}"


@pytest.mark.parametrize("record", RECORD_LIST, ids=lambda r: r.name)
def test_generated_package_imports(
    record: Record, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A record is a working package, not only stable text."""
    package = f"record_{record.name}"
    render_as = Record(record.name, record.wsdl, package)
    render(render_as, tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    try:
        client = importlib.import_module(f"{package}.client")
        assert [name for name in vars(client) if name.endswith("Client")]
    finally:
        for name in [m for m in sys.modules if m.split(".")[0] == package]:
            del sys.modules[name]


RUFF_CHECK = [sys.executable, "-m", "ruff", "check", "--isolated", "--select"]


@pytest.mark.parametrize("record", RECORD_LIST, ids=lambda r: r.name)
def test_generated_package_is_clean_under_ruffs_import_and_name_checks(
    record: Record, tmp_path: Path
) -> None:
    """Every name the client uses is imported, in the order isort keeps, and no
    module of the package imports what it does not use."""
    render(record, tmp_path)
    for files, rules in (
        (["client.py", "__init__.py"], "F,I"),
        (sorted(p.name for p in tmp_path.glob("*.py")), "F"),
    ):
        found = subprocess.run(
            [*RUFF_CHECK, rules, *files],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            check=False,
        )
        assert found.returncode == 0, found.stdout

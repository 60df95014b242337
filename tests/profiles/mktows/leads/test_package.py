"""The ``leads`` command gets its generated code from ``generator.packages`` for the
WSDL it is given (``--wsdl``), as ``golden`` and ``serve`` do: never by importing
the committed ``mktows`` package itself."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import generator.profiles.mktows.leads as leads_package
from generator.cli.main import main
from generator.profiles.mktows.leads.package import api_for
from generator.profiles.mktows.simulator import SimulatorServer
from tests.support.csv_files import write_csv
from tests.support.servers import ServerFactory, use_simulator


def _runtime_imports(source: str) -> list[str]:
    """Modules imported outside ``if TYPE_CHECKING:`` blocks."""
    tree = ast.parse(source)
    typing_only = {
        id(node)
        for block in ast.walk(tree)
        if isinstance(block, ast.If) and "TYPE_CHECKING" in ast.unparse(block.test)
        for stmt in block.body
        for node in ast.walk(stmt)
    }
    return [
        node.module or ""
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and id(node) not in typing_only
    ] + [
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import) and id(node) not in typing_only
        for alias in node.names
    ]


def test_no_leads_module_imports_the_committed_package() -> None:
    folder = Path(leads_package.__file__).parent
    for module in sorted(folder.glob("*.py")):
        imported = _runtime_imports(module.read_text(encoding="utf-8"))
        assert not [m for m in imported if m.split(".")[0] == "mktows"], module.name


def test_another_revision_is_generated_for_the_run() -> None:
    default, other = api_for(), api_for("2_4")
    assert default.client.__name__ == "mktows.client"  # installed, same WSDL bytes
    assert other.client.__name__.startswith("mktows_")
    assert other.models is not default.models


def test_leads_import_speaks_the_revision_given_by_wsdl(
    monkeypatch: pytest.MonkeyPatch,
    mktows_server_factory: ServerFactory,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    server = use_simulator(monkeypatch, mktows_server_factory(wsdl="2_4"))
    source = write_csv(tmp_path / "leads.csv", [{"Email": "rev@example.com"}])
    command = ["leads", "import", str(source), "--wsdl", "2_4", "--no-progress"]
    assert main(command) == 0, capsys.readouterr().err
    assert "1 created" in capsys.readouterr().out
    assert server.stats.snapshot()["successes"] == {"syncMultipleLeads": 1}


def test_an_unknown_wsdl_is_one_line(
    endpoint: SimulatorServer, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["leads", "export", "--list", "x", "--wsdl", "9_9"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("mktows-codegen: error:") and err.count("\n") == 1
    assert "9_9" in err
    assert endpoint.stats.snapshot()["attempts"] == {}

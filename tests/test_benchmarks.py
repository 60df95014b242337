"""Smoke test of the benchmark harness: one quick task, run as a user runs it.

Benchmarks never gate CI on their numbers; this only checks that the harness
runs, checks every output against ours, and writes the JSON shape of issue 9.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from generator.resources import REPO_ROOT

pytestmark = pytest.mark.shared

ROOT = REPO_ROOT
PEERS = ("zeep", "suds")  # bench-only; xsdata's two variants are left out for speed


@pytest.fixture(scope="module")
def quick_run(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """``benchmarks/run.py --quick`` on the serializer task; missing peers are skipped."""
    output = tmp_path_factory.mktemp("bench") / "results.json"
    task = ["--tasks", "serialize_300_leads", "--impls", "ours", "lxml", *PEERS]
    done = subprocess.run(
        [sys.executable, "benchmarks/run.py", "--quick", *task, "--json", str(output)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result: dict[str, Any] = json.loads(output.read_text())
    return result


def test_quick_run_writes_the_json_of_the_issue(quick_run: dict[str, Any]) -> None:
    assert set(quick_run) == {"machine", "versions", "results"}
    assert quick_run["machine"]["cores"] >= 1
    assert "lxml" in quick_run["versions"]
    rows = {row["impl"]: row for row in quick_run["results"]}
    assert {"ours", "lxml"} <= set(rows)
    for row in rows.values():
        assert set(row) == {"task", "impl", "ms", "repeats"}
        assert row["task"] == "serialize_300_leads"
        assert row["ms"] > 0 and row["repeats"] >= 3


def test_installed_peers_pass_the_output_check(quick_run: dict[str, Any]) -> None:
    missing = [p for p in PEERS if importlib.util.find_spec(p) is None]
    if missing:
        pytest.skip(f"not installed: {', '.join(missing)} (pip install -e '.[bench]')")
    measured = {row["impl"] for row in quick_run["results"]}
    assert set(PEERS) <= measured

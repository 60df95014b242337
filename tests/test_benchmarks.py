"""Smoke test of the benchmark harness: one quick task, run as a user runs it.

Benchmarks never gate CI on their numbers; this only checks that the harness
runs, checks every output against ours, and writes the JSON shape of issue 9.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from generator.resources import REPO_ROOT

pytestmark = pytest.mark.shared

ROOT = REPO_ROOT
PEERS = ("zeep", "suds")  # bench-only; xsdata's two variants are left out for speed


def run_quick(
    output: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """``benchmarks/run.py --quick`` with ``args``, as a user runs it."""
    return subprocess.run(
        [sys.executable, "benchmarks/run.py", "--quick", *args, "--json", str(output)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
        env=env,
    )


@pytest.fixture(scope="module")
def quick_run(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """``benchmarks/run.py --quick`` on the serializer task; missing peers are skipped."""
    output = tmp_path_factory.mktemp("bench") / "results.json"
    task = ["--tasks", "serialize_300_leads", "--impls", "ours", "lxml", *PEERS]
    done = run_quick(output, *task)
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


CORPUS_TASKS = ("serialize_corpus", "parse_corpus")


def test_quick_corpus_run_checks_and_times_every_peer(
    shared: Path, tmp_path: Path
) -> None:
    """The non-Marketo corpus case: ours, zeep, xsdata and lxml, each output checked."""
    if not (shared / "corpus" / "cases.json").is_file():
        pytest.skip(f"no corpus in {shared}")
    output = tmp_path / "corpus.json"
    impls = ["ours", "lxml", "zeep", "xsdata"]
    done = run_quick(output, "--tasks", *CORPUS_TASKS, "--impls", *impls)
    assert done.returncode == 0, done.stderr[-2000:]
    rows = json.loads(output.read_text())["results"]
    installed = {"ours", "lxml"} | {
        p for p in ("zeep", "xsdata") if importlib.util.find_spec(p) is not None
    }
    for task in CORPUS_TASKS:
        timed = {row["impl"] for row in rows if row["task"] == task}
        assert timed == installed, (task, done.stdout[-1000:])
    assert all(row["ms"] > 0 and row["repeats"] >= 3 for row in rows)
    assert "the corpus case node-soap/typeref/order" in done.stdout


def test_corpus_tasks_without_the_corpus_are_skipped_with_a_reason(
    shared: Path, tmp_path: Path
) -> None:
    empty = tmp_path / "shared"
    (empty / "wsdl").mkdir(parents=True)
    env = {**os.environ, "MKTOWS_SHARED": str(empty)}
    output = tmp_path / "none.json"
    done = run_quick(output, "--tasks", *CORPUS_TASKS, "--impls", "ours", env=env)
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(output.read_text())["results"] == []
    for task in CORPUS_TASKS:
        assert f"- skipped {task}: the corpus case node-soap/typeref/order" in (
            done.stdout
        )


def test_scale_chart_redraws_the_saved_run(tmp_path: Path) -> None:
    if importlib.util.find_spec("matplotlib") is None:
        pytest.skip("matplotlib is not installed (pip install -e '.[bench]')")
    chart = tmp_path / "scale.png"
    done = subprocess.run(
        [
            sys.executable,
            "benchmarks/scale.py",
            "--saved",
            "benchmarks/scale.json",
            "--chart",
            str(chart),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert chart.read_bytes().startswith(b"\x89PNG")
    assert "| 16 | 3040 | ours |" in done.stdout

"""Timing, and what a run records: the machine, the versions and one row per measurement.

In-process work is timed as the minimum of N repeats after a warm-up, with a
``gc.collect()`` before each repeat: the minimum is the run least disturbed by
the rest of the machine, and collecting first keeps one repeat's garbage out of
the next. As in ``timeit``, the collector is off while a repeat runs, so that a
collection set off by what other peers left alive is not charged to whoever
runs next (on this data it changes a repeat by 3-5 %). Implementations take
turns (see :func:`best_ms`), because the machine may be shared. Work that must
start from nothing (cold start, generation) runs in fresh processes.
"""

from __future__ import annotations

import gc
import os
import platform
import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

TASKS = (
    "serialize_300_leads",
    "parse_1000_leads",
    "cold_start",
    "generate",
    "sign",
    "serialize_corpus",  # a non-Marketo WSDL of the corpus (benchmarks/corpus.py)
    "parse_corpus",
)
IMPLS = ("ours", "zeep", "xsdata", "xsdata_minimal", "suds", "lxml")
_DISTRIBUTIONS = ("mktows-codegen", "lxml", "zeep", "xsdata", "suds", "black", "ruff")
_REPO = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Result:
    """One row of the JSON: ``variant`` tells the rows of one task and impl apart."""

    task: str
    impl: str
    ms: float
    repeats: int
    variant: str | None = None

    def as_json(self) -> dict[str, Any]:
        row = asdict(self)
        if self.variant is None:
            del row["variant"]
        return row


@dataclass(frozen=True)
class Impl:
    """One implementation's timed callables, each closed over its prepared input."""

    name: str
    serialize: Callable[[], bytes] | None = None
    parse: Callable[[bytes], Any] | None = None
    view: Callable[[Any], Any] | None = None
    drop_nil: bool = False  # its requests carry xsi:nil for unset fields (xsdata)


def best_ms(
    works: Mapping[str, Callable[[], object]],
    repeats: int,
    budget_ms: float = float("inf"),
) -> dict[str, tuple[float, int]]:
    """Each work's minimum wall time in milliseconds, and how many runs it took.

    The works take turns, one run each per round, so a noisy spell on a shared
    machine hits all of them alike rather than whichever ran then. One untimed
    warm-up run each first; it also sizes the repeats, so that slow peers stay
    within ``budget_ms`` (but are never timed fewer than 3 times).
    """
    planned = {
        name: max(min(repeats, int(budget_ms // max(_run_ms(work), 1e-3))), 3)
        for name, work in works.items()
    }
    best = dict.fromkeys(works, float("inf"))
    for turn in range(max(planned.values(), default=0)):
        for name, work in works.items():
            if turn < planned[name]:
                gc.collect()
                gc.disable()
                try:
                    best[name] = min(best[name], _run_ms(work))
                finally:
                    gc.enable()
    return {name: (best[name], planned[name]) for name in works}


def _run_ms(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return (time.perf_counter() - start) * 1000


def fresh_process_ms(
    codes: Mapping[str, str], env: dict[str, str], repeats: int
) -> dict[str, float]:
    """The minimum time each ``code`` takes in a new interpreter, measured inside it.

    Interpreter start-up is the same for every implementation and is left out.
    The codes take turns as in :func:`best_ms`; the first round is a warm-up.
    """
    times: dict[str, list[float]] = {name: [] for name in codes}
    for _ in range(repeats + 1):
        for name, code in codes.items():
            timed = (
                "import time as _time\n_start = _time.perf_counter()\n"
                f"{code}\nprint((_time.perf_counter() - _start) * 1000)\n"
            )
            done = subprocess.run(
                [sys.executable, "-c", timed],
                env=env,
                capture_output=True,
                text=True,
                check=True,
            )
            times[name].append(float(done.stdout.strip().splitlines()[-1]))
    return {name: min(found[1:]) for name, found in times.items()}


def command_ms(
    command: Sequence[str],
    env: dict[str, str],
    repeats: int,
    cwd: Path = _REPO,
    before: Callable[[], dict[str, str]] | None = None,
) -> float:
    """The minimum wall time of a whole command, as a user waits for it.

    ``before`` runs untimed ahead of each repeat and may return extra
    environment variables (a fresh cache folder, say).
    """
    best = float("inf")
    for _ in range(repeats):
        extra = before() if before else {}
        start = time.perf_counter()
        subprocess.run(
            command, env={**env, **extra}, capture_output=True, check=True, cwd=cwd
        )
        best = min(best, time.perf_counter() - start)
    return best * 1000


def machine() -> dict[str, Any]:
    """What the numbers were measured on."""
    cpu = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        names = [
            line.partition(":")[2].strip()
            for line in cpuinfo.read_text().splitlines()
            if line.startswith("model name")
        ]
        cpu = names[0] if names else cpu
    memory = None
    if hasattr(os, "sysconf") and "SC_PHYS_PAGES" in os.sysconf_names:
        memory = round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30)
    return {
        "system": f"{platform.system()} {platform.release()}",
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": memory,
        "python": f"{platform.python_implementation()} {platform.python_version()}",
    }


def versions() -> dict[str, str]:
    """Versions of Python, the peers and our code (with its git commit)."""
    found = {"python": platform.python_version()}
    for name in _DISTRIBUTIONS:
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            continue
    commit = _git("rev-parse", "--short", "HEAD")
    if commit and "mktows-codegen" in found:
        # read-only: no optional locks, so the index is never refreshed or written
        edited = _git("--no-optional-locks", "status", "--porcelain", "-uno")
        found["mktows-codegen"] += f" ({commit}{', edited' if edited else ''})"
    return found


def _git(*args: str) -> str:
    done = subprocess.run(
        ["git", *args], cwd=_REPO, capture_output=True, text=True, check=False
    )
    return done.stdout.strip() if done.returncode == 0 else ""

"""Benchmark our generated code against zeep, xsdata, suds and hand-written lxml (issue 9).

    python benchmarks/run.py [--quick] [--json FILE] [--chart FILE]
                             [--tasks TASK ...] [--impls IMPL ...]

Every implementation gets the same input, built from plain dicts, and its output
is checked against ours before anything is timed (see ``benchmarks/data.py``).
A peer that is not installed is skipped with its reason; a wrong output stops
the run. The tables go to stdout, progress to stderr. ``--quick`` takes well
under a minute; benchmarks never gate CI.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from functools import partial
from importlib import import_module
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make ``benchmarks`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import concurrency, corpus, ours, peers, processes, report, scale
from benchmarks.data import (
    HEADER,
    SECRET,
    Lead,
    canonical,
    count_nil,
    difference,
    expected_view,
    request_leads,
    response_document,
    response_leads,
)
from benchmarks.harness import (
    IMPLS,
    TASKS,
    Impl,
    Result,
    best_ms,
    machine,
    versions,
)
from benchmarks.workspace import Unavailable, Workspace

FACTORIES: dict[str, Callable[[Workspace, list[Lead]], Impl]] = {
    "ours": ours.ours,
    "zeep": peers.zeep,
    "xsdata": peers.xsdata,
    "xsdata_minimal": peers.xsdata_minimal,
    "suds": peers.suds,
    "lxml": ours.lxml,
}


@dataclass(frozen=True)
class Plan:
    """How many repeats each kind of measurement gets."""

    repeats: int  # in-process work: serialize, parse, sign
    budget_ms: float  # ... unless that takes longer than this (suds)
    processes: int  # fresh interpreters for cold start
    generations: int  # whole generator runs


QUICK = Plan(repeats=5, budget_ms=1_500, processes=5, generations=1)
FULL = Plan(repeats=30, budget_ms=30_000, processes=20, generations=3)
SIGN_CALLS = 20_000  # per timed repeat: one call is too short for the clock


class MismatchError(Exception):
    """An implementation's output differs from ours: timing it would mislead."""


class Run:
    """One benchmark run: the workspace, the implementations built so far, the rows."""

    def __init__(self, workspace: Workspace, impls: Sequence[str], plan: Plan) -> None:
        self.workspace = workspace
        self.names = list(impls)
        self.plan = plan
        self.results: list[Result] = []
        self.skipped: dict[str, str] = {}
        self._impls: dict[str, Impl | None] = {}
        self._request = request_leads(300)
        self._corpus_request = corpus.request_items()

    def impl(self, name: str) -> Impl | None:
        """Build ``name`` once; ``None`` (and a reason) when it is unavailable."""
        if name not in self._impls:
            try:
                self._impls[name] = FACTORIES[name](self.workspace, self._request)
            except Unavailable as exc:
                self.skip(name, str(exc))
                self._impls[name] = None
        return self._impls[name]

    def skip(self, name: str, reason: str) -> None:
        if name not in self.skipped:
            self.skipped[name] = reason
            log(f"  skipped {name}: {reason}")

    def record(self, result: Result) -> None:
        self.results.append(result)
        label = f"{result.task}/{result.impl}" + (
            f" ({result.variant})" if result.variant else ""
        )
        log(f"  {label}: {result.ms:.4g} ms (min of {result.repeats})")

    def time(
        self, task: str, works: dict[str, Callable[[], object]], per: int = 1
    ) -> None:
        found = best_ms(works, self.plan.repeats, self.plan.budget_ms)
        for name, (ms, repeats) in found.items():
            self.record(Result(task, name, ms / per, repeats))

    def serialize(self) -> None:
        self._serialize("serialize_300_leads", self.impl, self.names)

    def parse(self) -> None:
        leads = response_leads(1000)
        content, expected = response_document(leads), expected_view(leads)
        self._parse("parse_1000_leads", self.impl, self.names, content, expected)

    def corpus_impl(self, name: str) -> Impl | None:
        """Like :meth:`impl`, on the corpus case; a peer that fails on it is skipped."""
        key = f"{name} on {corpus.CASE}"
        if key not in self._impls:
            self._impls[key] = None
            try:
                build = corpus.FACTORIES[name]
                self._impls[key] = build(self.workspace, self._corpus_request)
            except Unavailable as exc:
                self.skip(key, str(exc))
            except Exception as exc:  # a peer that cannot: say so
                self.skip(key, f"cannot build the request: {_failure(exc)}")
        return self._impls[key]

    def corpus_ready(self, task: str) -> bool:
        """Whether the corpus task can run; if not, the run says why and goes on."""
        try:
            corpus.corpus_wsdl()
        except Unavailable as exc:
            self.skip(task, str(exc))
            return False
        if self.corpus_impl("ours") is None:
            self.skip(task, "our package for the corpus case is unavailable")
            return False
        return True

    def serialize_corpus(self) -> None:
        if self.corpus_ready("serialize_corpus"):
            names = [n for n in self.names if n in corpus.FACTORIES]
            self._serialize("serialize_corpus", self.corpus_impl, names)

    def parse_corpus(self) -> None:
        if self.corpus_ready("parse_corpus"):
            items = corpus.response_items()
            content, expected = corpus.response_document(items), corpus.expected_view(
                items
            )
            names = [n for n in self.names if n in corpus.FACTORIES]
            self._parse("parse_corpus", self.corpus_impl, names, content, expected)

    def _serialize(
        self, task: str, get: Callable[[str], Impl | None], names: Sequence[str]
    ) -> None:
        mine = get("ours")
        if mine is None or mine.serialize is None:
            raise Unavailable("our package could not be generated")
        reference = canonical(mine.serialize())
        works: dict[str, Callable[[], object]] = {}
        for name in names:
            impl = get(name)
            if impl is None or impl.serialize is None:
                continue
            output = self._first(task, name, impl.serialize)
            if output is None:
                continue
            theirs = canonical(output, impl.drop_nil)
            if theirs != reference:
                where = difference(reference, theirs)
                raise MismatchError(f"{name}: the request differs from ours {where}")
            if impl.drop_nil:
                log(f"  {name} writes {count_nil(output)} xsi:nil elements ours omits")
            works[name] = impl.serialize
        self.time(task, works)

    def _parse(
        self,
        task: str,
        get: Callable[[str], Impl | None],
        names: Sequence[str],
        content: bytes,
        expected: object,
    ) -> None:
        works: dict[str, Callable[[], object]] = {}
        for name in names:
            impl = get(name)
            if impl is None or impl.parse is None or impl.view is None:
                continue
            work = partial(impl.parse, content)
            parsed = self._first(task, name, work)
            if parsed is None:
                continue
            view = impl.view(parsed)
            if view != expected:
                where = difference(expected, view)
                raise MismatchError(f"{name}: the parsed result differs {where}")
            works[name] = work
        self.time(task, works)

    def _first(self, task: str, name: str, work: Callable[[], Any]) -> Any:
        """The untimed first call; a peer that raises is skipped, ours never is."""
        if name == "ours":
            return work()
        try:
            return work()
        except Exception as exc:  # a peer that cannot: say so
            self.skip(f"{name} ({task})", _failure(exc))
            return None

    def cold_start(self) -> None:
        codes = {}
        for name in self.names:
            if name in processes.COLD_START:
                try:
                    codes[name] = processes.COLD_START[name](self.workspace)
                except Unavailable as exc:
                    self.skip(name, str(exc))
        for row in processes.cold_start(self.workspace, codes, self.plan.processes):
            self.record(row)

    def generate(self) -> None:
        for name in self.names:
            if name not in ("ours", "xsdata"):
                continue
            try:
                rows = processes.generate(self.workspace, name, self.plan.generations)
            except Unavailable as exc:
                self.skip(name, str(exc))
                continue
            for row in rows:
                self.record(row)

    def sign(self) -> None:
        if "ours" not in self.names:
            return
        signing = import_module(f"{self.workspace.ours.__name__}.signing")
        credentials = signing.Credentials(HEADER["mktowsUserId"], SECRET)
        if credentials.sign(HEADER["requestTimestamp"]) != HEADER["requestSignature"]:
            raise MismatchError("ours: the signature differs from the documented one")

        def work() -> None:
            for _ in range(SIGN_CALLS):
                credentials.sign(signing.request_timestamp(signing.local_now()))

        self.time("sign", {"ours": work}, per=SIGN_CALLS)


def _failure(exc: Exception) -> str:
    first = str(exc).strip().splitlines()[:1]
    return f"{type(exc).__name__}: {first[0] if first else ''}"[:200]


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="benchmarks/run.py", description=(__doc__ or "").split("\n", 1)[0]
    )
    parser.add_argument("--quick", action="store_true", help="few repeats (< 1 min)")
    parser.add_argument("--json", type=Path, help="write the results to this file")
    parser.add_argument("--chart", type=Path, help="draw the chart into this PNG")
    parser.add_argument(
        "--tasks",
        nargs="+",
        # scale (minutes) and concurrency (~20 s, a simulator process) run only when asked for
        choices=[*TASKS, "scale", "concurrency"],
        default=list(TASKS),
        help="scale: generation time, memory and lines for 1, 4, 16 copies of 2_6; "
        "concurrency: 200 calls at 50 ms latency, sync vs threads vs async",
    )
    parser.add_argument("--impls", nargs="+", choices=IMPLS, default=list(IMPLS))
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    scaled: list[scale.Row] = []
    concurrent: list[concurrency.Row] = []
    with Workspace() as workspace:
        run = Run(workspace, args.impls, QUICK if args.quick else FULL)
        steps: dict[str, Callable[[], object]] = {
            "serialize_300_leads": run.serialize,
            "parse_1000_leads": run.parse,
            "cold_start": run.cold_start,
            "generate": run.generate,
            "sign": run.sign,
            "serialize_corpus": run.serialize_corpus,
            "parse_corpus": run.parse_corpus,
            "scale": partial(scale.measure_into, scaled, args.quick),
            "concurrency": partial(concurrency.measure_into, concurrent, args.quick),
        }
        try:
            for task in args.tasks:
                log(f"{task}:")
                steps[task]()
        except Unavailable as exc:
            log(f"cannot run: {exc}")
            return 2
        except MismatchError as exc:
            log(f"output check failed, nothing more timed: {exc}")
            return 1
    document: dict[str, Any] = {
        "machine": machine(),
        "versions": versions(),
        "results": [r.as_json() for r in run.results],
    }
    if scaled:
        document["scale"] = [asdict(row) for row in scaled]
    if concurrent:
        document["concurrency"] = [asdict(row) for row in concurrent]
    if args.json:
        args.json.write_text(json.dumps(document, indent=2) + "\n")
    print(report.render(document))
    if scaled:
        print(f"\n{scale.render(scaled)}\n\n{scale.ratios(scaled)}")
    if concurrent:
        print(f"\n{concurrency.render(concurrent)}")
    if run.skipped:
        print()
        for name, reason in run.skipped.items():
            print(f"- skipped {name}: {reason}")
    if args.chart:
        try:
            report.chart(document, args.chart)
        except ImportError:
            log("no chart: matplotlib is not installed (pip install -e '.[bench]')")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The generality corpus ($MKTOWS_SHARED/corpus): every case as a user would run it.

A ``refuse`` case must refuse cleanly (exit 2, one line, nothing written); a
``generate`` case must generate and import, and ``golden check`` must not crash on
its samples; no case may end in a traceback. The cases that do not pass yet are
listed, with their first error, in :data:`tests.support.corpus.KNOWN_GAPS` and are
strict expected failures: a case that starts passing must leave the list. Runs in
parallel (``CORPUS_JOBS``, default 2) and caches its outcomes (see
:mod:`tests.support.corpus`). ``-m "not corpus"`` skips it.
"""

from __future__ import annotations

import os

import pytest

from tests.support.corpus import (
    KNOWN_GAPS,
    Case,
    Outcome,
    corpus_dir,
    load_cases,
    run_cases,
)

pytestmark = pytest.mark.corpus

if not (corpus_dir() / "cases.json").is_file():
    pytest.skip(
        f"corpus not found at {corpus_dir()} (set MKTOWS_SHARED)",
        allow_module_level=True,
    )

CASES = load_cases()
SAMPLE_BAR = 0.9  # issue 14: at least 90 % of usable samples round-trip


def _param(case: Case) -> object:
    gap = KNOWN_GAPS.get(case.id)
    marks = [pytest.mark.xfail(strict=True, reason=gap)] if gap else []
    return pytest.param(case, id=case.id, marks=marks)


@pytest.fixture(scope="session")
def outcomes(request: pytest.FixtureRequest) -> dict[str, Outcome]:
    """The outcome of every case this session selected, run once, in parallel."""
    params = [getattr(item, "callspec", None) for item in request.session.items]
    selected = {
        p.params["case"].id
        for p in params
        if p is not None and isinstance(p.params.get("case"), Case)
    }
    if any(item.name.startswith("test_samples") for item in request.session.items):
        selected = {case.id for case in CASES}
    store = getattr(request.config, "cache", None)  # absent with -p no:cacheprovider
    cache = store.mkdir("corpus") if store is not None else None
    jobs = int(os.environ.get("CORPUS_JOBS", "2"))
    return run_cases([c for c in CASES if c.id in selected], jobs, cache)


@pytest.mark.parametrize("case", [_param(case) for case in CASES])
def test_case(case: Case, outcomes: dict[str, Outcome]) -> None:
    outcome = outcomes[case.id]
    assert outcome.kind != "traceback", f"traceback: {outcome.first_error}"
    if case.expect == "refuse":
        assert outcome.kind == "refused", f"{outcome.kind}: {outcome.first_error}"
    else:
        assert outcome.kind == "generated", f"{outcome.kind}: {outcome.first_error}"
        crashed = [s for s in outcome.samples if s.verdict == "traceback"]
        assert not crashed, f"golden check crashed: {crashed[0].detail}"


def test_samples_of_generate_cases_round_trip(outcomes: dict[str, Outcome]) -> None:
    generate = [outcomes[c.id] for c in CASES if c.expect == "generate"]
    usable = sum(o.usable for o in generate)
    passed = sum(o.round_tripped for o in generate)
    assert passed >= SAMPLE_BAR * usable, f"{passed} of {usable} samples round-trip"

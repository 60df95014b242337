"""The generality corpus (``$MKTOWS_SHARED/corpus/cases.json``) run as a user would.

Each case is run through the real command line in fresh processes, exactly as a
user types it: ``mktows-codegen generate --wsdl W --package P --output DIR``, then
``import P``, then ``mktows-codegen golden check SAMPLE... --wsdl W`` on the
case's usable samples. The outcome is classified:

- ``generated``: exit 0 and the package imports;
- ``refused``: exit 2, exactly one ``mktows-codegen: error:`` line on stderr, nothing written;
- anything else is bad: ``traceback``, ``import-failed``, ``bad-exit`` (another exit
  status, several lines, or output left behind after a refusal) or ``timeout``.

A ``generate`` case passes when it is ``generated`` and no golden check ended in a
traceback; a ``refuse`` case passes when it is ``refused``. :data:`KNOWN_GAPS` lists
the cases that do not pass yet (issue 14), each with its first error; the corpus
test marks them ``xfail(strict=True)``, so a case that starts passing must leave
the list.

Results are cached on disk under a key covering the generator, the templates, the
corpus, this file and the Python/lxml/xsdata versions, so a rerun with nothing
changed costs nothing. As a script::

    python -m tests.support.corpus [--jobs 2] [--case ID]... [--no-cache] [--gaps]
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path

from generator.resources import REPO_ROOT, shared_dir

__all__ = [
    "KNOWN_GAPS",
    "Case",
    "Outcome",
    "SampleResult",
    "corpus_dir",
    "load_cases",
    "run_case",
    "run_cases",
]

PROG = "mktows-codegen"
TIMEOUT = 120.0  # seconds for one command; a hang is an outcome, not a stuck run
BAD_KINDS = ("traceback", "import-failed", "bad-exit", "timeout")


def corpus_dir() -> Path:
    """``$MKTOWS_SHARED/corpus`` (it may be absent)."""
    return shared_dir() / "corpus"


@dataclass(frozen=True)
class Case:
    """One entry of ``cases.json``; paths are absolute."""

    id: str
    wsdl: Path
    expect: str  # "generate" or "refuse"
    reason: str
    samples: tuple[Path, ...]  # the usable ones (well-formed XML)
    unusable: tuple[Path, ...]


def load_cases(root: Path | None = None) -> list[Case]:
    """Every case of the corpus at ``root`` (default :func:`corpus_dir`), in file order."""
    folder = root or corpus_dir()
    entries = json.loads((folder / "cases.json").read_text(encoding="utf-8"))["cases"]
    cases = []
    for entry in entries:
        unusable = set(entry.get("samples_unusable", {}))
        cases.append(
            Case(
                id=entry["id"],
                wsdl=folder / entry["wsdl"],
                expect=entry["expect"],
                reason=entry.get("expect_reason", ""),
                samples=tuple(
                    folder / s for s in entry["samples"] if s not in unusable
                ),
                unusable=tuple(folder / s for s in sorted(unusable)),
            )
        )
    return cases


@dataclass(frozen=True)
class SampleResult:
    """One usable sample through ``golden check``: ``pass``, ``fail``, ``error`` or ``traceback``."""

    path: str
    verdict: str
    detail: str = ""


@dataclass(frozen=True)
class Outcome:
    """What the command line did with one case."""

    case: str
    expect: str
    kind: str  # generated, refused, traceback, import-failed, bad-exit, timeout
    first_error: str = ""
    samples: tuple[SampleResult, ...] = field(default=())
    usable: int = 0  # the case's usable samples, checked or not
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        """The case does what ``expect`` says, and no golden check crashed."""
        if self.expect == "refuse":
            return self.kind == "refused"
        crashed = any(s.verdict == "traceback" for s in self.samples)
        return self.kind == "generated" and not crashed

    @property
    def round_tripped(self) -> int:
        return sum(s.verdict == "pass" for s in self.samples)

    @property
    def why(self) -> str:
        """The first error: of the command, else of the first sample that crashed."""
        crash = next((s for s in self.samples if s.verdict == "traceback"), None)
        return self.first_error or (f"golden check: {crash.detail}" if crash else "")

    @staticmethod
    def from_json(data: dict[str, object]) -> Outcome:
        samples = tuple(SampleResult(**s) for s in data.pop("samples"))  # type: ignore[attr-defined]
        return Outcome(samples=samples, **data)  # type: ignore[arg-type]


@dataclass(frozen=True)
class _Run:
    code: int | None  # None: timed out
    stdout: str
    stderr: str


def _run(argv: Sequence[str], cwd: Path) -> _Run:
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "COLUMNS": "200"}
    try:
        done = subprocess.run(
            [sys.executable, *argv],
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            errors="replace",
            timeout=TIMEOUT,
        )
    except subprocess.TimeoutExpired:
        return _Run(None, "", "")
    return _Run(done.returncode, done.stdout, done.stderr)


def _lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def _crash_line(stderr: str) -> str:
    """The exception line of a traceback (its last line), else the first line."""
    lines = _lines(stderr)
    if "Traceback (most recent call last):" in stderr:
        return lines[-1].strip()
    return lines[0].strip() if lines else ""


def _package(case: Case) -> str:
    return "corpus_" + hashlib.sha256(case.id.encode()).hexdigest()[:12]


def run_case(case: Case, workdir: Path) -> Outcome:
    """Generate, import and golden-check ``case`` under ``workdir``."""
    started = time.monotonic()
    package = _package(case)
    output = workdir / package
    argv = ["-m", "generator", "generate", "--wsdl", str(case.wsdl)]
    run = _run([*argv, "--package", package, "--output", str(output)], workdir)

    def outcome(kind: str, error: str = "", *samples: SampleResult) -> Outcome:
        seconds = round(time.monotonic() - started, 2)
        usable = len(case.samples)
        return Outcome(case.id, case.expect, kind, error, samples, usable, seconds)

    if run.code is None:
        return outcome("timeout", f"generate took over {TIMEOUT:.0f} s")
    if "Traceback (most recent call last):" in run.stderr:
        return outcome("traceback", _crash_line(run.stderr))
    errors = _lines(run.stderr)
    if run.code == 2:
        if len(errors) != 1 or not errors[0].startswith(f"{PROG}: error: "):
            return outcome("bad-exit", f"exit 2 with {len(errors)} stderr lines")
        if output.exists():
            return outcome("bad-exit", "refused but left " + output.name)
        return outcome("refused", errors[0].removeprefix(f"{PROG}: error: "))
    if run.code != 0:
        return outcome("bad-exit", f"exit {run.code}: {_crash_line(run.stderr)}")
    imported = _run(["-c", f"import {package}.client"], workdir)
    if imported.code != 0:
        return outcome("import-failed", _crash_line(imported.stderr) or "timeout")
    return outcome("generated", "", *_golden(case, workdir))


_VERDICT = re.compile(r"^(PASS|FAIL) (.+?)(?:: (.*))?$")


def _golden(case: Case, workdir: Path) -> list[SampleResult]:
    """``golden check`` on the usable samples: one result per sample."""
    if not case.samples:
        return []
    paths = [str(s) for s in case.samples]
    run = _run(
        ["-m", "generator", "golden", "check", *paths, "--wsdl", str(case.wsdl)],
        workdir,
    )
    if run.code is None:
        return [SampleResult(p, "error", "timeout") for p in paths]
    verdicts = {}
    for line in run.stdout.splitlines():
        match = _VERDICT.match(line)
        if match:
            verdicts[match.group(2)] = SampleResult(
                match.group(2), match.group(1).lower(), match.group(3) or ""
            )
    if "Traceback (most recent call last):" in run.stderr:
        crash = SampleResult("", "traceback", _crash_line(run.stderr))
    else:
        crash = SampleResult("", "error", _crash_line(run.stderr) or f"exit {run.code}")
    return [
        verdicts.get(p, SampleResult(p, crash.verdict, crash.detail)) for p in paths
    ]


def cache_key() -> str:
    """A digest of everything an outcome depends on."""
    digest = hashlib.sha256()
    versions = [sys.version, *(metadata.version(d) for d in ("lxml", "xsdata"))]
    digest.update(repr(versions).encode())
    runner = Path(__file__).read_text(encoding="utf-8").partition(_GAPS_MARK)[0]
    digest.update(runner.encode())  # not the list of gaps: outcomes do not depend on it
    roots = [REPO_ROOT / "generator", REPO_ROOT / "templates", corpus_dir()]
    for root in roots:
        files = sorted(root.rglob("*")) if root.is_dir() else [root]
        for path in files:
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(root.parent)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:20]


def _cached(cache: Path | None, case: Case) -> Path | None:
    if cache is None:
        return None
    return cache / (hashlib.sha256(case.id.encode()).hexdigest()[:16] + ".json")


def run_cases(
    cases: Iterable[Case], jobs: int = 2, cache: Path | None = None
) -> dict[str, Outcome]:
    """Run ``cases`` ``jobs`` at a time; reuse results cached under ``cache/<key>``."""
    folder = cache / cache_key() if cache is not None else None
    if cache is not None and cache.is_dir():  # outcomes of other trees: stale
        for old in cache.iterdir():
            if old != folder and old.is_dir():
                shutil.rmtree(old, ignore_errors=True)
    results: dict[str, Outcome] = {}
    todo = []
    for case in cases:
        stored = _cached(folder, case)
        if stored is not None and stored.is_file():
            results[case.id] = Outcome.from_json(json.loads(stored.read_text()))
        else:
            todo.append(case)
    with tempfile.TemporaryDirectory(prefix="corpus-") as tmp:

        def one(case: Case) -> Outcome:
            result = run_case(case, Path(tmp))
            stored = _cached(folder, case)
            if stored is not None:
                stored.parent.mkdir(parents=True, exist_ok=True)
                stored.write_text(json.dumps(asdict(result)))
            return result

        with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
            for result in pool.map(one, todo):
                results[result.case] = result
    return results


def table(outcomes: Sequence[Outcome]) -> str:
    """The per-case table, the totals, and the first causes grouped by frequency."""
    rows = [f"{'case':<64} {'expect':<8} {'outcome':<13} {'':<4} samples  first error"]
    for o in outcomes:
        status = "ok" if o.ok else ("gap" if o.case in KNOWN_GAPS else "FAIL")
        samples = f"{o.round_tripped}/{o.usable}" if o.usable else "-"
        rows.append(
            f"{o.case[:64]:<64} {o.expect:<8} {o.kind:<13} {status:<4} {samples:<8} {_plain(o.why)[:110]}"
        )
    kinds = collections.Counter((o.expect, o.kind) for o in outcomes)
    rows += ["", "expect    outcome        cases"]
    rows += [f"{e:<9} {k:<14} {n}" for (e, k), n in sorted(kinds.items())]
    gen = [o for o in outcomes if o.expect == "generate"]
    ref = [o for o in outcomes if o.expect == "refuse"]
    rows += [
        "",
        f"generate ok (generated, imported, no golden traceback): {sum(o.ok for o in gen)}/{len(gen)}",
        f"refuse ok (exit 2, one line, nothing written): {sum(o.ok for o in ref)}/{len(ref)}",
        f"samples round-tripped (usable samples of generate cases): "
        f"{sum(o.round_tripped for o in gen)}/{sum(o.usable for o in gen)}",
        f"tracebacks (generate or golden): "
        f"{sum(o.kind == 'traceback' or o.why.startswith('golden') for o in outcomes)}",
        "",
        "first causes of failing cases, by frequency:",
    ]
    causes = collections.Counter(_cause(o.why) for o in outcomes if not o.ok)
    rows += [f"{n:>4}  {cause}" for cause, n in causes.most_common()]
    return "\n".join(rows)


def _plain(error: str) -> str:
    """An error line without the corpus file's path (the case names it)."""
    return re.sub(r"\S*/\S*?\.(?:wsdl|xsd|txt)(?::\d+)*:? ?", "", error).strip()


def _cause(error: str) -> str:
    """An error line without path, quoted names, namespaces or numbers: its cause."""
    text = re.sub(r"'[^']*'|\"[^\"]*\"|\{[^}]*\}\S*", "…", _plain(error))
    names = r"\b(types?|element|operation|message|binding|service|portType|part)"
    text = re.sub(names + r" [^\s,:;]+(?=[,:;])", r"\1 …", text)
    return re.sub(r"\d+", "N", text)[:110]


def gaps_literal(outcomes: Sequence[Outcome]) -> str:
    """Python source for :data:`KNOWN_GAPS` from a run: every case that is not ok."""
    lines = ["KNOWN_GAPS: dict[str, str] = {"]
    for o in outcomes:
        if not o.ok:
            lines.append(f"    {o.case!r}: {f'{o.kind}: {_plain(o.why)}'[:150]!r},")
    lines.append("}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.support.corpus")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--case", action="append", default=[], metavar="ID")
    parser.add_argument("--no-cache", action="store_true")
    parser.add_argument(
        "--gaps", action="store_true", help="print KNOWN_GAPS as Python"
    )
    args = parser.parse_args(argv)
    if not (corpus_dir() / "cases.json").is_file():
        print(
            f"corpus not found at {corpus_dir()} (set MKTOWS_SHARED)", file=sys.stderr
        )
        return 2
    cases = [c for c in load_cases() if not args.case or c.id in args.case]
    cache = None if args.no_cache else REPO_ROOT / ".pytest_cache" / "d" / "corpus"
    outcomes = run_cases(cases, args.jobs, cache)
    ordered = [outcomes[c.id] for c in cases]
    print(gaps_literal(ordered) if args.gaps else table(ordered))
    return 0 if all(o.ok or o.case in KNOWN_GAPS for o in ordered) else 1


_GAPS_MARK = "# -- known " + "gaps --"  # below it: the list, not the runner

# -- known gaps --
# The cases that do not pass yet (issue 14), with their first error; written by
# ``python -m tests.support.corpus --gaps``. A case that starts passing must go.
KNOWN_GAPS: dict[str, str] = {}

if __name__ == "__main__":
    sys.exit(main())

"""Turn a run's rows into the ratio table, the goal check and the chart.

``python benchmarks/report.py results.json [--chart FILE]`` redraws both from a
saved run, so the README's numbers and picture always come from one JSON file.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make ``benchmarks`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.corpus import CASE as CORPUS_CASE
from benchmarks.harness import IMPLS, TASKS

Row = dict[str, Any]
_LABELS = {None: "", "check": " --check", "cold_cache": " (cold cache)"}
_CHARTED = ("serialize_300_leads", "parse_1000_leads", "cold_start")


@dataclass(frozen=True)
class Goal:
    """``ours`` over ``peer`` (or ours alone, when ``peer`` is None) at most ``limit``."""

    task: str
    peer: str | None
    limit: float
    variant: str | None = None

    def describe(self) -> str:
        name = self.task + _LABELS[self.variant]
        if self.peer is None:
            return f"{name} <= {_duration(self.limit)}"
        return f"{name}: ours <= {self.limit:g} x {self.peer}"


GOALS = (
    Goal("serialize_300_leads", "zeep", 0.25),
    Goal("serialize_300_leads", "lxml", 3.0),
    Goal("parse_1000_leads", "zeep", 0.5),
    Goal("parse_1000_leads", "lxml", 2.0),
    Goal("cold_start", "zeep", 1.0),
    Goal("generate", None, 3000.0),
    Goal("generate", None, 3000.0, "check"),
    # the issue does not say which cache; a first run on a machine has none
    Goal("generate", None, 3000.0, "cold_cache"),
    Goal("sign", None, 0.020),
)


def _duration(ms: float) -> str:
    if ms < 0.1:
        return f"{ms * 1000:.1f} µs"
    if ms >= 1000:
        return f"{ms / 1000:.2f} s"
    return f"{ms:.3g} ms" if ms < 100 else f"{ms:.0f} ms"


def _find(rows: Sequence[Row], task: str, impl: str, variant: str | None) -> Row | None:
    return next(
        (
            r
            for r in rows
            if r["task"] == task and r["impl"] == impl and r.get("variant") == variant
        ),
        None,
    )


def table(rows: Sequence[Row]) -> str:
    """Markdown: one line per task, each peer's cell ``time (ours / its time)``.

    The ratio reads like the goals: ``0.19 x`` means ours takes 0.19 of its time.
    """
    impls = [i for i in IMPLS if any(r["impl"] == i for r in rows)]
    lines = [
        "| task | " + " | ".join(impls) + " |",
        "| --- |" + " ---: |" * len(impls),
    ]
    keys = sorted(
        {(r["task"], r.get("variant")) for r in rows},
        key=lambda k: (TASKS.index(k[0]), list(_LABELS).index(k[1])),
    )
    for task, variant in keys:
        ours = _find(rows, task, "ours", variant)
        cells = []
        for impl in impls:
            row = _find(rows, task, impl, variant)
            if row is None:
                cells.append("n/a")
            elif ours is None or impl == "ours":
                cells.append(_duration(row["ms"]))
            else:
                cells.append(f"{_duration(row['ms'])} ({ours['ms'] / row['ms']:.2f} x)")
        lines.append(f"| {task}{_LABELS[variant]} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def goals(rows: Sequence[Row]) -> str:
    """Markdown: every goal of the issue, what was measured, and whether it holds."""
    lines = ["| goal | measured | holds |", "| --- | ---: | --- |"]
    for goal in GOALS:
        ours = _find(rows, goal.task, "ours", goal.variant)
        peer = _find(rows, goal.task, goal.peer, None) if goal.peer else None
        if ours is None or (goal.peer and peer is None):
            lines.append(f"| {goal.describe()} | not measured | n/a |")
            continue
        value = ours["ms"] / peer["ms"] if peer else ours["ms"]
        ok = value <= goal.limit
        shown = f"{value:.2f} x" if peer else _duration(value)
        verdict = "yes" if ok else f"**no** ({value / goal.limit:.2f} x the limit)"
        lines.append(f"| {goal.describe()} | {shown} | {verdict} |")
    return "\n".join(lines)


def render(document: dict[str, Any]) -> str:
    """The whole report: machine and versions, the ratio table, the goals."""
    machine = document["machine"]
    versions = ", ".join(f"{k} {v}" for k, v in document["versions"].items())
    return "\n\n".join(
        [
            f"- Machine: {machine['cpu']}, {machine['cores']} cores, "
            f"{machine['memory_gib']} GiB, {machine['system']}, {machine['python']}.\n"
            f"- Versions: {versions}.\n"
            "- Cells: the minimum time, and (ours / that time). WSDL: mktows 2_1; "
            f"the `_corpus` tasks: the corpus case {CORPUS_CASE}.",
            table(document["results"]),
            goals(document["results"]),
        ]
    )


def chart(document: dict[str, Any], path: Path) -> None:
    """Bars of the three compared tasks on a log scale, ours in a colour of its own."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FuncFormatter, NullFormatter

    rows = document["results"]
    figure, axes = plt.subplots(1, len(_CHARTED), figsize=(10, 3.2), dpi=90)
    for axis, task in zip(axes, _CHARTED, strict=True):
        found = [r for r in rows if r["task"] == task and r.get("variant") is None]
        found.sort(key=lambda r: r["ms"])
        names = [r["impl"] for r in found]
        colours = ["#d95f02" if n == "ours" else "#7570b3" for n in names]
        axis.barh(names, [r["ms"] for r in found], color=colours)
        axis.set_xscale("log")
        axis.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
        axis.xaxis.set_minor_formatter(NullFormatter())
        axis.invert_yaxis()
        axis.set_title(task.replace("_", " "), fontsize=10)
        axis.set_xlabel("ms (log scale, lower is better)", fontsize=8)
        axis.tick_params(labelsize=8)
        for y, r in enumerate(found):
            axis.text(r["ms"], y, f" {_duration(r['ms'])}", va="center", fontsize=7)
        axis.margins(x=0.35)
    machine = document["machine"]
    figure.suptitle(
        f"mktows 2_1, {machine['cpu']} x{machine['cores']}, {machine['python']}",
        fontsize=9,
    )
    figure.tight_layout()
    figure.savefig(path, pil_kwargs={"optimize": True})
    plt.close(figure)


_SCALED = (
    ("seconds", "generate, s", None),
    ("peak_mib", "peak memory, MiB", None),
    ("lines", "Python lines written", "cold"),
    ("cold_start_ms", "cold start, ms", "cold"),
)
_STYLES = {
    ("ours", "cold"): ("#d95f02", "-", "ours, cold cache"),
    ("ours", "warm"): ("#d95f02", "--", "ours, warm cache"),
    ("xsdata", "cold"): ("#7570b3", "-", "xsdata generate"),
}


def scale_chart(document: dict[str, Any], path: Path) -> None:
    """The scaling curves of ``scale.py``: ours vs xsdata against the WSDL's size.

    Four panels, both axes logarithmic: generation time (ours cold and warm),
    peak memory, lines written and cold start, each over the number of schema
    definitions (N copies of mktows 2_6).
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FuncFormatter, NullFormatter

    rows = document["rows"]
    figure, axes = plt.subplots(1, len(_SCALED), figsize=(12, 3.2), dpi=90)
    for axis, (key, title, only) in zip(axes, _SCALED, strict=True):
        for (impl, variant), (colour, line, label) in _STYLES.items():
            if only is not None and variant != only:
                continue
            found = sorted(
                (r for r in rows if r["impl"] == impl and r["variant"] == variant),
                key=lambda r: r["copies"],
            )
            points = [(r["definitions"], r[key]) for r in found if r[key] is not None]
            if points:
                xs, ys = zip(*points, strict=True)
                axis.plot(xs, ys, line, marker="o", color=colour, label=label)
        axis.set_xscale("log")
        axis.set_yscale("log")
        for scale in (axis.xaxis, axis.yaxis):
            scale.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
            scale.set_minor_formatter(NullFormatter())
        axis.set_xticks(sorted({r["definitions"] for r in rows}))
        axis.set_title(title, fontsize=10)
        axis.set_xlabel("schema definitions (N x 190)", fontsize=8)
        axis.tick_params(labelsize=8)
    axes[0].legend(fontsize=7)
    machine = document["machine"]
    figure.suptitle(
        f"generation at N copies of mktows 2_6, lower is better; "
        f"{machine['cpu']} x{machine['cores']}, {machine['python']}",
        fontsize=9,
    )
    figure.tight_layout()
    figure.savefig(path, pil_kwargs={"optimize": True})
    plt.close(figure)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n", 1)[0])
    parser.add_argument("json", type=Path, help="a file written by run.py --json")
    parser.add_argument("--chart", type=Path, help="draw the chart into this PNG")
    args = parser.parse_args(argv)
    document = json.loads(args.json.read_text())
    print(render(document))
    if args.chart:
        chart(document, args.chart)
    return 0


if __name__ == "__main__":
    sys.exit(main())

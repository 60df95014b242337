"""The three faces of a diff: text for terminals, markdown for pull requests, JSON for CI.

All three show the same changes in the same order (worst first, then by path) and
the same counts, so a user can move between them. The JSON shape is the command's
contract::

    {"old": {"revision", "sha256"}, "new": {...},
     "changes": [{"id", "severity", "direction", "path", "message", "old", "new"}],
     "summary": {"breaking", "warning", "info", "total"}}

and, with ``--python``, a ``"python"`` list of ``{"kind", "change", "name", "old",
"new"}``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

from generator.load.sources import WsdlSource
from generator.tools.diff.compare import DiffResult
from generator.tools.diff.python import PythonChange
from generator.tools.diff.rules import Change, Severity

SHORT_SHA = 12
LEVELS = sorted(Severity, reverse=True)  # breaking, warning, info


def summary(changes: list[Change]) -> dict[str, int]:
    counts = {level.label: 0 for level in LEVELS}
    for item in changes:
        counts[item.severity.label] += 1
    return {**counts, "total": len(changes)}


def _counts(changes: list[Change]) -> str:
    counts = summary(changes)
    detail = ", ".join(f"{counts[level.label]} {level.label}" for level in LEVELS)
    total = counts["total"]
    return f"{total} change{'' if total == 1 else 's'}: {detail}"


def _source(source: WsdlSource) -> str:
    return f"{source.label} (sha256 {source.sha256[:SHORT_SHA]})"


def _groups(changes: list[Change]) -> Iterator[tuple[Severity, list[Change]]]:
    for level in LEVELS:
        group = [item for item in changes if item.severity is level]
        if group:
            yield level, group


def render_json(result: DiffResult, python: bool) -> str:
    data: dict[str, Any] = {
        "old": {"revision": result.old.label, "sha256": result.old.sha256},
        "new": {"revision": result.new.label, "sha256": result.new.sha256},
        "changes": [
            {
                "id": item.rule.id,
                "severity": item.severity.label,
                "direction": item.direction.value,
                "path": item.path,
                "message": item.message,
                "old": item.old,
                "new": item.new,
            }
            for item in result.changes
        ],
        "summary": summary(result.changes),
    }
    if python:
        data["python"] = [
            {
                "kind": item.kind,
                "change": item.change,
                "name": item.name,
                "old": item.old,
                "new": item.new,
            }
            for item in result.python
        ]
    return json.dumps(data, indent=2) + "\n"


def render_text(result: DiffResult, python: bool) -> str:
    lines = [
        f"old: {_source(result.old)}",
        f"new: {_source(result.new)}",
        _counts(result.changes),
    ]
    for level, group in _groups(result.changes):
        lines += ["", f"{level.label} ({len(group)})"]
        for item in group:
            lines.append(f"  {item.path}  [{item.rule.id}, {item.direction.value}]")
            lines.append(f"    {item.message}")
            lines += [f"    {side}: {v}" for side, v in _sides(item.old, item.new)]
    if python:
        lines += ["", f"Python names ({len(result.python)})"]
        lines += [f"  {python_line(item)}" for item in result.python]
    return "\n".join(lines) + "\n"


def _sides(old: str | None, new: str | None) -> Iterator[tuple[str, str]]:
    if old is not None:
        yield "was", old
    if new is not None:
        yield "now", new


def python_line(item: PythonChange) -> str:
    head = f"{item.change:<8} {item.kind:<9} {item.name}"
    if item.change == "renamed":
        return f"{head} (was {item.old})"
    if item.change == "retyped":
        return f"{head}: {item.old} -> {item.new}"
    detail = item.old if item.change == "removed" else item.new
    return f"{head}: {detail}" if detail else head


def render_markdown(result: DiffResult, python: bool) -> str:
    old, new = result.old, result.new
    lines = [
        f"### WSDL changes: `{old.label}` → `{new.label}`",
        "",
        f"Old: `{old.label}` (sha256 `{old.sha256[:SHORT_SHA]}`), "
        f"new: `{new.label}` (sha256 `{new.sha256[:SHORT_SHA]}`).",
        "",
        f"**{_counts(result.changes)}**",
    ]
    for level, group in _groups(result.changes):
        lines += [
            "",
            f"#### {level.label.capitalize()} ({len(group)})",
            "",
            "| path | direction | rule | change | old → new |",
            "| --- | --- | --- | --- | --- |",
        ]
        lines += [
            f"| `{_cell(item.path)}` | {item.direction.value} | `{item.rule.id}` "
            f"| {_cell(item.message)} | {_values(item.old, item.new)} |"
            for item in group
        ]
    if python:
        lines += ["", f"#### Generated Python names ({len(result.python)})"]
        if result.python:
            lines += [
                "",
                "| change | kind | name | old → new |",
                "| --- | --- | --- | --- |",
            ]
            lines += [
                f"| {item.change} | {item.kind} | `{_cell(item.name)}` "
                f"| {_values(item.old, item.new)} |"
                for item in result.python
            ]
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    """Text safe inside a markdown table cell (and inside backticks)."""
    return " ".join(text.split()).replace("|", "\\|").replace("`", "'")


def _values(old: str | None, new: str | None) -> str:
    def code(value: str | None) -> str:
        return f"`{_cell(value)}`" if value is not None else "—"

    if old is None and new is None:
        return ""
    return f"{code(old)} → {code(new)}"


Renderer = Callable[[DiffResult, bool], str]
FORMATS: dict[str, Renderer] = {
    "text": render_text,
    "markdown": render_markdown,
    "json": render_json,
}

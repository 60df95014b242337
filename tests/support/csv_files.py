"""CSV files for the ``leads`` tests: write a table of rows, read one back."""

from __future__ import annotations

import csv
from pathlib import Path


def write_csv(path: Path, table: list[dict[str, str]]) -> Path:
    """Write ``table`` (one dict per row, the first row's keys as columns) to ``path``."""
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=list(table[0]))
        writer.writeheader()
        writer.writerows(table)
    return path


def read_csv(path: Path) -> list[dict[str, str]]:
    """The rows of ``path`` as dicts keyed by its header."""
    with path.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))

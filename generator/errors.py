"""The one error type the pipeline raises for bad input.

Every stage reports a problem as a :class:`GeneratorError` whose message is a single
line naming the file, the element or type at fault, and what was expected. The CLI
prints that line and exits with status 2; nothing is written.
"""

from __future__ import annotations


class GeneratorError(Exception):
    """Bad input or an unusable output location, explained in one line."""

    def __init__(self, where: str, problem: str) -> None:
        self.where = where
        self.problem = problem
        super().__init__(f"{where}: {problem}")

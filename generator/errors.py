"""The one error type the pipeline raises for bad input.

Every stage reports a problem as a :class:`GeneratorError` whose message is a single
line naming the file, the element or type at fault, and what was expected. The CLI
prints that line and exits with status 2; nothing is written.
"""

from __future__ import annotations


class GeneratorError(Exception):
    """Bad input or an unusable output location, explained in one line."""

    def __init__(self, where: str, problem: str) -> None:
        self.where = one_line(where)
        self.problem = one_line(problem)
        super().__init__(f"{self.where}: {self.problem}")


def one_line(text: str) -> str:
    """``text`` with each line break (and the spaces around it) made one space:
    a message quoting a parser or the system stays one line."""
    return " ".join(part.strip() for part in str(text).splitlines() if part.strip())

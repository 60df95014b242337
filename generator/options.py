"""Generation options: what to generate from where, and how the result should look.

They come from the command line, or from ``[tool.mktows-codegen]`` in the user's
``pyproject.toml`` (see :mod:`generator.config`). Every generated file names them
in its header, so a reader knows how it was made.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

# What a generated package needs at run time; a test keeps these in step with
# the dependencies in pyproject.toml.
RUNTIME_REQUIREMENTS = ("lxml>=5.2,<7", "requests>=2.31,<3", "xsdata>=26.1,<27")
MODEL_LAYOUTS = ("single", "split")


@dataclass(frozen=True)
class Options:
    """``--wsdl``, ``--package``, ``--output`` and the options that shape the code."""

    wsdl: str
    package: str = "mktows"
    output: Path = Path("generated/mktows")
    docstrings: bool = True
    class_names: Mapping[str, str] = field(default_factory=dict)
    models: str = "single"  # or "split": a models package with a module per role

    @property
    def split_models(self) -> bool:
        return self.models == "split"

    def describe(self) -> str:
        """The options as one deterministic line: no paths, no timestamps."""
        parts = [
            f"package={self.package}",
            f"models={self.models}",
            f"docstrings={'on' if self.docstrings else 'off'}",
        ]
        if self.class_names:
            renames = ",".join(
                f"{old}:{new}" for old, new in sorted(self.class_names.items())
            )
            parts.append(f"class-names={renames}")
        return " ".join(parts)

"""Generation options: what to generate from where, and how the result should look.

They come from the command line, or from ``[tool.mktows-codegen]`` in the user's
``pyproject.toml`` (see :mod:`generator.config`). Every generated file names them
in its header, so a reader knows how it was made.
"""

from __future__ import annotations

import keyword
import sys
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import GeneratorError

# What a generated package needs at run time; a test keeps these in step with
# the dependencies in pyproject.toml.
RUNTIME_REQUIREMENTS = ("lxml>=5.2,<7", "requests>=2.31,<3", "xsdata>=26.1,<27")
# What each optional part of a generated package needs on top, by the name of the
# extra that installs it (the same extra of this project's pyproject.toml).
EXTRA_REQUIREMENTS: dict[str, tuple[str, ...]] = {
    "async": ("httpx>=0.27,<1",),  # AsyncClient and the async helpers
}


def requirements_comment() -> str:
    """The third header line of every generated file: what the package needs."""
    extras = "; ".join(
        f"extra {name}: {' '.join(needs)}" for name, needs in EXTRA_REQUIREMENTS.items()
    )
    return f"# Requires: {' '.join(RUNTIME_REQUIREMENTS)}; {extras}"


MODEL_LAYOUTS = ("single", "split")


def validate_package_name(name: str, where: str = "--package") -> str:
    """Return ``name`` if it is a dotted path of identifiers, none a keyword; else raise.

    The one rule for a package name, wherever it comes from (a flag, the saved
    configuration, the API): ``acme.vendor.mktows`` passes; ``1abc``, ``a-b``,
    ``import``, ``a b``, ``.a``, ``a.`` and ``""`` do not.
    """
    expected = "expected a dotted path of Python identifiers, e.g. acme.vendor.mktows"
    if not name:
        raise GeneratorError(where, f"empty; {expected}")
    for part in name.split("."):
        if not part.isidentifier():
            problem = "an empty part" if not part else f"{part!r} is not an identifier"
            raise GeneratorError(where, f"{name!r}: {problem}; {expected}")
        normal = unicodedata.normalize("NFKC", part)
        if normal != part:
            raise GeneratorError(
                where,
                f"{name!r}: {part!r} is not written the way Python reads it (Python "
                f"normalises it to {normal!r}, NFKC); write {normal!r}",
            )
        if keyword.iskeyword(part):
            raise GeneratorError(
                where, f"{name!r}: {part!r} is a Python keyword; {expected}"
            )
    return name


def shadowed_stdlib_module(name: str) -> str | None:
    """The standard-library module a package named ``name`` would hide, if any."""
    top = name.partition(".")[0]
    return top if top in sys.stdlib_module_names else None


@dataclass(frozen=True)
class Options:
    """``--wsdl``, ``--package``, ``--output`` and the options that shape the code."""

    wsdl: str
    package: str = "mktows"
    output: Path = Path("generated/mktows")
    docstrings: bool = True
    class_names: Mapping[str, str] = field(default_factory=dict)
    models: str = "single"  # or "split": a models package with a module per role
    profile: str | None = None  # None: chosen by the WSDL's target namespace

    def __post_init__(self) -> None:
        validate_package_name(self.package)

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
        if self.profile:
            parts.append(f"profile={self.profile}")
        if self.class_names:
            renames = ",".join(
                f"{old}:{new}" for old, new in sorted(self.class_names.items())
            )
            parts.append(f"class-names={renames}")
        return " ".join(parts)

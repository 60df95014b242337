"""Saved configuration: ``[tool.mktows-codegen]`` in the nearest ``pyproject.toml``.

With it, a bare ``mktows-codegen generate`` regenerates a vendored package and
``--check`` verifies it in the user's CI. Command-line flags win over the file;
paths in the file are relative to the file's folder. Example::

    [tool.mktows-codegen]
    wsdl = "2_6"
    package = "acme.vendor.mktows"
    output = "src/acme/vendor/mktows"
    models = "single"   # or "split": models/{enums,headers,requests,responses,types}.py
    docstrings = true
    class-names = { MObject = "MarketoObject" }
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.errors import GeneratorError

SECTION = "mktows-codegen"
KEYS = {
    "wsdl": str,
    "package": str,
    "output": str,
    "models": str,
    "docstrings": bool,
    "class-names": dict,
    "profile": str,
}


@dataclass(frozen=True)
class SavedConfig:
    """The settings found, and the folder relative paths start from."""

    path: Path | None = None
    settings: dict[str, Any] = field(default_factory=dict)

    def get(self, key: str) -> Any:
        value = self.settings.get(key)
        if key in ("output", "wsdl") and isinstance(value, str) and self.path:
            candidate = self.path.parent / value
            # a wsdl may be a revision name or URL: only a path that exists is rebased
            if key == "output" or candidate.exists():
                return str(candidate)
        return value


def find_config(start: Path | None = None) -> SavedConfig:
    """Read ``[tool.mktows-codegen]`` from the nearest ``pyproject.toml`` upwards."""
    folder = (start or Path.cwd()).resolve()
    for candidate in [folder, *folder.parents]:
        pyproject = candidate / "pyproject.toml"
        if pyproject.is_file():
            return _read(pyproject)
    return SavedConfig()


def _read(pyproject: Path) -> SavedConfig:
    try:
        with pyproject.open("rb") as handle:
            data = tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise GeneratorError(str(pyproject), f"not valid TOML: {exc}") from None
    settings = data.get("tool", {}).get(SECTION)
    if settings is None:
        return SavedConfig()
    for key, value in settings.items():
        expected = KEYS.get(key)
        if expected is None:
            raise GeneratorError(
                str(pyproject),
                f"[tool.{SECTION}] {key}: unknown setting; expected one of {', '.join(KEYS)}",
            )
        if not isinstance(value, expected):
            raise GeneratorError(
                str(pyproject),
                f"[tool.{SECTION}] {key}: expected a {expected.__name__}, got {value!r}",
            )
        if isinstance(value, str) and not value.strip():
            raise GeneratorError(
                str(pyproject),
                f"[tool.{SECTION}] {key}: empty; remove the setting or give a value",
            )
        if isinstance(value, dict):
            for old, new in value.items():
                if not isinstance(new, str) or not new.strip():
                    raise GeneratorError(
                        str(pyproject),
                        f"[tool.{SECTION}] {key}: {old} = {new!r}; expected a "
                        f'class name in quotes, e.g. {{ {old} = "NewName" }}',
                    )
    return SavedConfig(pyproject, dict(settings))

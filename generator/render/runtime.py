"""The runtime's plain modules, copied into the generated package.

Each ``.py`` module of :mod:`generator.runtime`, then of the profile's runtime
package (a module of the same name replaces the core one), is copied with the
generated-file header prepended and its absolute imports of either runtime
package made relative (the generated package is flat). Nothing else changes: the
modules are already black-formatted, and black leaves them as they are.
"""

from __future__ import annotations

import re
from importlib.resources import files
from importlib.resources.abc import Traversable

from generator.profiles import Profile

CORE = "generator.runtime"


def runtime_files(profile: Profile, header: str) -> dict[str, str]:
    """``{file name: text}`` for every runtime module the package ships."""
    packages = [CORE, *([profile.runtime] if profile.runtime else [])]
    found: dict[str, str] = {}
    for package in packages:
        for name, source in modules(package).items():
            found[name] = f"{header}\n{relative_imports(source, packages)}"
    return found


def modules(package: str) -> dict[str, str]:
    """The source of each module of ``package`` (not its ``__init__``), by file name."""
    sources: dict[str, str] = {}
    for entry in sorted(files(package).iterdir(), key=_name):
        if entry.name.endswith(".py") and entry.name != "__init__.py":
            sources[entry.name] = entry.read_text(encoding="utf-8")
    return sources


def _name(entry: Traversable) -> str:
    return entry.name


def relative_imports(source: str, packages: list[str]) -> str:
    """``from generator.runtime.errors import X`` -> ``from .errors import X``."""
    pattern = "|".join(re.escape(package) for package in packages)
    return re.sub(rf"^(\s*from )(?:{pattern})\.", r"\1.", source, flags=re.MULTILINE)

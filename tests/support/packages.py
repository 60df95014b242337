"""Generate a WSDL (text, or an archived revision) into a package and import it."""

from __future__ import annotations

import hashlib
import importlib
import itertools
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from generator.load.sources import WsdlSource
from generator.options import Options
from generator.pipeline import build, generate, model_for
from generator.resources import REPO_ROOT

REVISIONS = ["2_0", "2_1", "2_2", "2_4", "2_6"]  # the archived mktows revisions
PREFIX = "injected_"
_packages = itertools.count()


def generate_and_import(wsdl: str, label: str, root: Path) -> ModuleType:
    """Generate ``wsdl`` as a fresh package under ``root`` and import it."""
    package = f"{PREFIX}{next(_packages)}"
    data = wsdl.encode()
    source = WsdlSource(label, "<test>", data, hashlib.sha256(data).hexdigest())
    options = Options(wsdl=label, package=package, output=root / package)
    for path, text in build(options, model_for(options, source)).items():
        target = root / package / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    sys.path.insert(0, str(root))
    try:
        return importlib.import_module(package)
    finally:
        sys.path.remove(str(root))


def generate_package(root: Path, revision: str, package: str) -> ModuleType:
    """Generate ``revision`` as top-level ``package`` under ``root`` and import it."""
    generate(Options(wsdl=revision, package=package, output=root / package))
    importlib.invalidate_caches()
    return importlib.import_module(package)


@pytest.fixture
def packages(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("packages")
    before = set(sys.modules)
    yield root
    for name in set(sys.modules) - before:
        if name.startswith(PREFIX):
            del sys.modules[name]


def strict_mypy(folder: Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """``mypy`` on a generated package, run from the repository root so that
    ``[tool.mypy]`` in pyproject.toml (strict) applies."""
    return subprocess.run(
        [sys.executable, "-m", "mypy", str(folder)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )

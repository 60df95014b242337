"""The generated package for a WSDL, imported into this process.

Tools that run the generated code itself (``golden``, the ``serve`` simulator, the
``leads`` command) get it from :func:`package_for`, never by importing ``mktows``:
the installed ``mktows`` when it was generated from the same WSDL bytes, and
otherwise generate one into a temporary folder (removed at exit) and import it as
``mktows_<sha256 prefix>``. Packages are keyed by the WSDL's sha256, so two files
that happen to share a name never get each other's code, and each is generated once
per process.
"""

from __future__ import annotations

import atexit
import importlib
import shutil
import sys
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from generator.load.sources import default_revision, resolve
from generator.model.api import ApiModel
from generator.options import Options
from generator.pipeline import generate, model_for

INSTALLED = "mktows"


@dataclass(frozen=True)
class GeneratedPackage:
    module: ModuleType
    model: ApiModel

    def submodule(self, name: str) -> ModuleType:
        """The package's module ``name`` (``models``, ``client``, ...), imported."""
        return importlib.import_module(f"{self.module.__name__}.{name}")


_IMPORTED: dict[str, GeneratedPackage] = {}
_LOCK = threading.Lock()


def package_for(wsdl: str | None = None) -> GeneratedPackage:
    """The imported package generated from ``wsdl`` (default: the default revision)."""
    source = resolve(wsdl or default_revision())
    with _LOCK:
        if source.sha256 not in _IMPORTED:
            _IMPORTED[source.sha256] = _import(
                source.sha256, wsdl or default_revision()
            )
        return _IMPORTED[source.sha256]


def _import(sha256: str, wsdl: str) -> GeneratedPackage:
    installed = _installed()
    if installed is not None and getattr(installed, "WSDL_SHA256", None) == sha256:
        return GeneratedPackage(
            installed, model_for(Options(wsdl=wsdl, package=INSTALLED))
        )
    package = f"{INSTALLED}_{sha256[:12]}"
    root = Path(tempfile.mkdtemp(prefix="mktows-generated-"))
    atexit.register(shutil.rmtree, root, True)
    options = Options(wsdl=wsdl, package=package, output=root / package)
    model = model_for(options)
    generate(options, model)
    sys.path.insert(0, str(root))
    importlib.invalidate_caches()
    return GeneratedPackage(importlib.import_module(package), model)


def _installed() -> ModuleType | None:
    try:
        return importlib.import_module(INSTALLED)
    except ImportError:
        return None

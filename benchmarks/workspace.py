"""A temporary folder with every generated package the benchmark imports.

The issue measures with the mktows 2_1 WSDL, while the committed package is 2_6,
so our package is generated here from the current templates (as
``mktows_bench``), next to xsdata's own output for the same WSDL. The WSDL is
third-party data read from ``$MKTOWS_SHARED``; nothing is copied into the repo.
Packages are generated on first use, so a run of one task pays only for what it
needs.
"""

from __future__ import annotations

import compileall
import importlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from functools import cached_property
from pathlib import Path
from types import ModuleType

REVISION = "2_1"
OURS = "mktows_bench"
XSDATA = "xsdata_bench"
XSDATA_MINIMAL = "xsdata_bench_minimal"
# xsdata writes xsi:nil for every unset nillable field; the minimal variant is the
# same generated code with that flag dropped, so unset fields are left out.
_NILLABLE = re.compile(r'^\s*"nillable": True,\n', re.MULTILINE)


class Unavailable(Exception):
    """A peer or the data it needs is missing; the run reports and skips it."""


class Workspace:
    """Owns the temporary folder; put it on ``sys.path`` while it is open."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="mktows-bench-"))
        sys.path.insert(0, str(self.root))

    def close(self) -> None:
        if str(self.root) in sys.path:
            sys.path.remove(str(self.root))
        shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @cached_property
    def wsdl(self) -> Path:
        """The 2_1 WSDL from the shared folder or the user cache, sha256-checked.

        Never downloaded: a benchmark run makes no network calls.
        """
        from generator.errors import GeneratorError
        from generator.load.sources import manifest, resolve
        from generator.resources import cache_dir, shared_dir

        name = manifest()[1][REVISION].file
        places = (shared_dir() / "wsdl", cache_dir())
        if not any((place / name).is_file() for place in places):
            raise Unavailable(f"{name} is in neither {places[0]} nor {places[1]}")
        try:
            return Path(resolve(REVISION).location)
        except GeneratorError as exc:
            raise Unavailable(str(exc)) from None

    def env(self) -> dict[str, str]:
        """The environment for child processes: our folder importable, tools on PATH."""
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(
            [str(self.root), *filter(None, [env.get("PYTHONPATH")])]
        )
        env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env["PATH"]])
        return env

    @cached_property
    def ours(self) -> ModuleType:
        """Our package for 2_1, generated from the current templates."""
        from generator.pipeline import Options, generate

        self.wsdl  # noqa: B018  (fail as Unavailable before the pipeline does)
        generate(Options(wsdl=REVISION, package=OURS, output=self.root / OURS))
        return self._import(OURS)

    @cached_property
    def xsdata(self) -> ModuleType:
        """xsdata's own generator output for the same WSDL, with its defaults."""
        self._xsdata_generate(XSDATA)
        return self._import(XSDATA)

    @cached_property
    def xsdata_minimal(self) -> ModuleType:
        """xsdata's output without ``nillable`` metadata: unset fields are omitted."""
        self._xsdata_generate(XSDATA_MINIMAL)
        for path in (self.root / XSDATA_MINIMAL).glob("*.py"):
            path.write_text(_NILLABLE.sub("", path.read_text()))
        return self._import(XSDATA_MINIMAL)

    def corpus_ours(self, wsdl: Path, package: str) -> ModuleType:
        """Our package for another WSDL (a corpus case), generated once."""
        from generator.pipeline import Options, generate

        if not (self.root / package).is_dir():
            generate(
                Options(wsdl=str(wsdl), package=package, output=self.root / package)
            )
        return self._import(package)

    def corpus_xsdata(self, wsdl: Path, package: str) -> ModuleType:
        """xsdata's own output for another WSDL, generated once."""
        if not (self.root / package).is_dir():
            self._xsdata_generate(package, wsdl)
        return self._import(package)

    def _xsdata_generate(self, package: str, wsdl: Path | None = None) -> None:
        """Run ``xsdata generate`` on the WSDL (it formats its output with ruff)."""
        source = str(wsdl or self.wsdl)
        command = [sys.executable, "-m", "xsdata", "generate", source]
        done = subprocess.run(
            [*command, "--package", package],
            cwd=self.root,
            env=self.env(),
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            tail = (done.stderr or done.stdout).strip().splitlines()[-1:]
            raise Unavailable(f"xsdata generate failed: {' '.join(tail)}")

    def _import(self, name: str) -> ModuleType:
        # Bytecode is written now, as pip does when it installs a package: the
        # cold start must not time compiling (PYTHONDONTWRITEBYTECODE may be set).
        compileall.compile_dir(self.root / name, quiet=1)
        importlib.invalidate_caches()
        return importlib.import_module(name)

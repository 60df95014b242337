"""Work timed in fresh processes: cold start and code generation.

Cold start is what a script pays before its first call: import the package and
build a ready client, timed inside a new interpreter (whose own start-up is the
same for everyone and left out). Generation is timed as a user waits for the
command, start-up included.
"""

from __future__ import annotations

import importlib.util
import sys
import tempfile
from collections.abc import Callable
from typing import Any

from benchmarks.data import ENDPOINT
from benchmarks.harness import Result, command_ms, fresh_process_ms
from benchmarks.workspace import (
    REVISION,
    XSDATA,
    Unavailable,
    Workspace,
)


def _require(module: str) -> None:
    if importlib.util.find_spec(module) is None:
        raise Unavailable(f"{module} is not installed (pip install -e '.[bench]')")


def _ours(workspace: Workspace) -> str:
    return (
        f"from {workspace.ours.__name__} import Client\n"
        f"Client({ENDPOINT!r}, 'user', 'secret')"
    )


def _zeep(workspace: Workspace) -> str:
    _require("zeep")
    return f"import zeep\nzeep.Client({str(workspace.wsdl)!r})"


def _xsdata(workspace: Workspace) -> str:
    workspace.xsdata  # noqa: B018  (generated before timing)
    return (
        f"import {XSDATA} as package\n"
        "from xsdata.formats.dataclass.client import Client\n"
        "Client.from_service(package.MktowsPortSyncMultipleLeads)"
    )


def _suds(workspace: Workspace) -> str:
    _require("suds")
    return (
        "import suds.client\n"
        f"suds.client.Client({workspace.wsdl.as_uri()!r}, cache=None)"
    )


def _lxml(workspace: Workspace) -> str:
    # the floor a hand-written client starts from: its imports and an HTTP session
    return "import hmac\nimport lxml.etree\nimport requests\nrequests.Session()"


COLD_START: dict[str, Callable[[Workspace], str]] = {
    "ours": _ours,
    "zeep": _zeep,
    "xsdata": _xsdata,
    "suds": _suds,
    "lxml": _lxml,
}


def cold_start(
    workspace: Workspace, codes: dict[str, str], repeats: int
) -> list[Result]:
    """Import and construct a ready client in a fresh interpreter, for each code."""
    found = fresh_process_ms(codes, workspace.env(), repeats)
    return [Result("cold_start", impl, ms, repeats) for impl, ms in found.items()]


def generate(workspace: Workspace, impl: str, repeats: int) -> list[Result]:
    """Generate the whole WSDL: ours warm, ``--check``, cold cache; xsdata's CLI."""
    env = workspace.env()

    def row(command: list[str], variant: str | None = None, **options: Any) -> Result:
        ms = command_ms(command, env, repeats, **options)
        return Result("generate", impl, ms, repeats, variant)

    if impl == "xsdata":
        where = workspace.root / "xsdata-generate"
        where.mkdir(exist_ok=True)
        command = [sys.executable, "-m", "xsdata", "generate", str(workspace.wsdl)]
        return [row([*command, "--package", "generated_by_xsdata"], cwd=where)]
    if impl != "ours":
        raise Unavailable("generation is measured for ours and xsdata")
    output = workspace.root / "generate" / "mktows_generated"
    command = [sys.executable, "-m", "generator", "generate", "--wsdl", REVISION]
    command += ["--output", str(output), "--package", output.name]
    workspace.wsdl  # noqa: B018  (fail as Unavailable without the WSDL)
    command_ms(command, env, 1)  # warm-up: fills the formatting cache, as any rerun has

    def fresh_cache() -> dict[str, str]:
        folder = tempfile.mkdtemp(prefix="cache-", dir=workspace.root)
        return {"XDG_CACHE_HOME": folder}

    return [
        row(command),
        row([*command, "--check"], "check"),
        row(command, "cold_cache", before=fresh_cache),
    ]

"""The generated package ``leads`` drives, for the WSDL it is given (``--wsdl``).

It comes from :func:`generator.packages.package_for`, as ``golden`` and ``serve``
get theirs: the installed ``mktows`` when it was generated from the same WSDL, else
one generated for this run. The modules are typed ``Any`` here because they exist
only at run time; the type names in signatures come from the committed package.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from generator.packages import package_for


@dataclass(frozen=True)
class Api:
    """The modules of one generated package that the ``leads`` command uses."""

    bulk: Any
    client: Any
    errors: Any
    limiter: Any
    models: Any
    paging: Any
    retry: Any
    values: Any


def api_for(wsdl: str | None = None) -> Api:
    """The modules generated from ``wsdl`` (default: the default revision)."""
    package = package_for(wsdl)
    return Api(**{f.name: package.submodule(f.name) for f in fields(Api)})

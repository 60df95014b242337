"""Where the project's own data files live: templates and the WSDL manifest.

In a source checkout (and an editable install) they are the top-level ``templates/``
and ``wsdl/`` folders; a wheel carries them as the ``generator.templates`` and
``generator.wsdl`` package data.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


def project_dir(name: str) -> Path:
    """Return the folder ``templates`` or ``wsdl`` of this project."""
    checkout = REPO_ROOT / name
    if checkout.is_dir():
        return checkout
    return Path(str(resources.files(f"generator.{name}")))


def shared_dir() -> Path:
    """The third-party data folder: ``$MKTOWS_SHARED``, else ``shared`` beside the repo."""
    configured = os.environ.get("MKTOWS_SHARED")
    return Path(configured) if configured else REPO_ROOT.parent / "shared"


def cache_dir() -> Path:
    """The user cache for downloaded WSDL revisions."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "mktows-codegen"

"""Stage 5, write: put the package in place atomically, or compare it with what is there.

:func:`write_tree` renders into a fresh temporary directory beside the target and
swaps it into place with two renames, so a reader sees the old package or the new
one, never a mix, and a failure leaves the old one untouched. :func:`stale_files`
is the ``--check`` half: which files would change.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from generator.errors import GeneratorError


def write_tree(files: dict[str, str], output: Path) -> None:
    """Replace the directory ``output`` with exactly ``files`` (relative paths)."""
    parent = output.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.", dir=parent))
    except OSError as exc:
        raise GeneratorError(
            str(output), f"cannot write output directory: {exc.strerror}"
        ) from None
    try:
        for relative, text in sorted(files.items()):
            target = staging / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(text.encode("utf-8"))
        os.chmod(staging, 0o755)
        _swap(staging, output)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise GeneratorError(
            str(output), f"cannot write output directory: {exc.strerror}"
        ) from None


def _swap(staging: Path, output: Path) -> None:
    if not output.exists():
        staging.rename(output)
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{output.name}.old.", dir=output.parent))
    retired.rmdir()
    output.rename(retired)
    try:
        staging.rename(output)
    except OSError:
        retired.rename(output)
        raise
    shutil.rmtree(retired, ignore_errors=True)


def stale_files(files: dict[str, str], output: Path) -> list[str]:
    """Relative paths that differ between ``files`` and ``output``: changed, missing or extra."""
    existing = (
        {
            path.relative_to(output).as_posix()
            for path in output.rglob("*")
            if path.is_file() and "__pycache__" not in path.parts
        }
        if output.is_dir()
        else set()
    )
    differing = [
        relative
        for relative, text in files.items()
        if relative not in existing
        or (output / relative).read_bytes() != text.encode("utf-8")
    ]
    differing.extend(existing - files.keys())
    return sorted(differing)

"""Stage 4, format: black, in-process, on every generated Python file.

Black formats about three thousand lines a second, and a whole WSDL renders to
over ten thousand. Two things keep generation fast without changing a byte of
the result:

* Each module is cut into its top-level blocks (a ``def`` or ``class`` with its
  decorators and leading comments). Black separates top-level definitions with
  exactly two blank lines, so formatting the blocks one by one and joining them
  that way gives the same text as formatting the whole file; a test checks it on
  every archived revision.
* Formatted blocks are cached by content (with black's version and mode in the
  key) in the user cache, and cold blocks are formatted on all cores.
"""

from __future__ import annotations

import ast
import hashlib
import os
from concurrent.futures import ProcessPoolExecutor
from importlib.metadata import version
from itertools import pairwise
from pathlib import Path

import black
import black.parsing
from black.mode import TargetVersion

from generator.errors import GeneratorError
from generator.resources import cache_dir

MODE = black.Mode(target_versions={TargetVersion.PY311}, line_length=88)
PARALLEL_THRESHOLD = 400  # cold blocks below this many are formatted in-process


def format_files(files: dict[str, str], cache: Path | None = None) -> dict[str, str]:
    """Return ``files`` with every ``.py`` source formatted by black."""
    store = _BlockCache(cache if cache is not None else cache_dir() / "black")
    blocks = {
        path: split_blocks(text) for path, text in files.items() if path.endswith(".py")
    }
    cold = sorted(
        {b for chunks in blocks.values() for b in chunks if store.get(b) is None}
    )
    for block, formatted in zip(cold, _format_many(cold), strict=True):
        store.put(block, formatted)
    result = dict(files)
    for path, chunks in blocks.items():
        parts = ((store.get(b) or "").rstrip("\n") for b in chunks)
        result[path] = "\n\n\n".join(parts) + "\n"
    return result


def format_source(source: str) -> str:
    """Format a whole module at once: the reference :func:`format_files` must match."""
    return _format(source)


def split_blocks(source: str, path: str = "<generated>") -> list[str]:
    """Cut a module before each top-level def/class (with its decorators and comments).

    The cut points come from the syntax tree, so text that merely looks like a
    definition (inside a docstring, say) is never cut.
    """
    try:
        tree = ast.parse(source, path)
    except SyntaxError as exc:
        raise GeneratorError(
            f"{path}:{exc.lineno}", f"generated code is not valid Python: {exc.msg}"
        ) from None
    lines = source.splitlines()
    starts = [0]
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            cut = min([node.lineno, *(d.lineno for d in node.decorator_list)]) - 1
            while cut > 0 and lines[cut - 1].startswith("#"):
                cut -= 1
            if cut > starts[-1]:
                starts.append(cut)
    starts.append(len(lines))
    blocks = ("\n".join(lines[a:b]).strip("\n") for a, b in pairwise(starts))
    return [block + "\n" for block in blocks if block.strip()]


def _format_many(blocks: list[str]) -> list[str]:
    if len(blocks) < PARALLEL_THRESHOLD or (os.cpu_count() or 1) < 2:
        return [_format(block) for block in blocks]
    with ProcessPoolExecutor() as pool:
        return list(pool.map(_format, blocks, chunksize=64))


def _format(source: str) -> str:
    try:
        return black.format_str(source, mode=MODE)
    except (
        black.parsing.InvalidInput
    ) as exc:  # a template bug, not bad input: say where
        first = source.strip().splitlines()[0] if source.strip() else ""
        raise GeneratorError(
            first[:60], f"generated code is not valid Python: {exc}"
        ) from None


class _BlockCache:
    """Formatted blocks by content hash: memory first, then files in ``folder``."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.memory: dict[str, str] = {}
        self.salt = f"{version('black')}|{MODE!r}|".encode()

    def _key(self, block: str) -> str:
        return hashlib.sha256(self.salt + block.encode()).hexdigest()

    def get(self, block: str) -> str | None:
        key = self._key(block)
        if key in self.memory:
            return self.memory[key]
        try:
            text = (self.folder / key[:2] / key).read_text(encoding="utf-8")
        except OSError:
            return None
        self.memory[key] = text
        return text

    def put(self, block: str, formatted: str) -> None:
        key = self._key(block)
        self.memory[key] = formatted
        target = self.folder / key[:2] / key
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            partial = target.with_suffix(f".{os.getpid()}.part")
            partial.write_text(formatted, encoding="utf-8")
            partial.replace(target)
        except OSError:
            pass  # a read-only cache only costs time

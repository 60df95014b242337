"""Stage 4, format: every generated Python file in black's style, byte for byte.

Black formats about four thousand lines a second, and a big WSDL renders to over
a hundred thousand. The text written is always exactly what black makes of the
rendered file (``black --check`` passes on every generated package; tests check
both), but most of it is produced faster:

* ``ruff format`` formats whole files, in parallel, a hundred times faster.
  With black's settings it gives black's output on our code, except around
  conditional expressions split over lines (black wraps one in parentheses of
  its own, ruff does not) and assignments (ruff may split the left-hand side
  where black splits the right, and long return annotations). Any
  top-level block where ruff's output has such a case (see :func:`unsure`) is
  formatted by black instead. Tests compare the result with black's on every
  archived revision and on the corpus. Without ruff, black formats everything.
* Each module is cut into its top-level blocks (a ``def`` or ``class`` with its
  decorators and leading comments) for black. Black separates top-level
  definitions with exactly two blank lines, so formatting the blocks one by one
  and joining them that way gives the same text as formatting the whole file.
  Blocks are formatted on all cores when there are many.
* Results are cached by content in the user cache: whole files (the key covers
  black's and ruff's versions and the mode), and black's blocks. A rerun on the
  same WSDL formats nothing and parses nothing.
"""

from __future__ import annotations

import ast
import hashlib
import os
import re
import subprocess
import tempfile
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from itertools import pairwise
from pathlib import Path

import black
import black.parsing
from black.mode import TargetVersion

from generator.errors import GeneratorError
from generator.resources import cache_dir

MODE = black.Mode(target_versions={TargetVersion.PY311}, line_length=88)
PARALLEL_THRESHOLD = 400  # cold blocks below this many are formatted in-process
RUFF_OPTIONS = "--isolated --no-cache --quiet --line-length 88 --target-version py311"
RUFF_TIMEOUT = 300  # seconds; a hung ruff falls back to black
# a conditional expression split over lines: a continuation line starting with
# ``else``, not an ``else:`` statement (see :func:`unsure`)
SPLIT_ELSE = re.compile(r"^[ \t]*else\b(?![ \t]*:)", re.MULTILINE)
# an assignment whose left-hand side ruff split over lines (``).text = value``):
# black may split the right-hand side instead, in parentheses of its own
AFTER_SPLIT = re.compile(r"^[ \t]*[)\]}][^\n=]*[^\n=!<>]=[^=]", re.MULTILINE)
# a return annotation split over lines: black and ruff parenthesize differently
RETURN_SPLIT = re.compile(r"->[^\n]*[\[(]$", re.MULTILINE)
# a union split over lines (``name: None\n| Type = None``): ruff splits the bare
# expression there, black puts it in parentheses of its own first
OPERATOR_SPLIT = re.compile(r"^[ \t]*\|[ \t]", re.MULTILINE)


def format_files(files: dict[str, str], cache: Path | None = None) -> dict[str, str]:
    """Return ``files`` with every ``.py`` source formatted as black formats it."""
    store = _Cache(cache if cache is not None else cache_dir() / "black")
    result = dict(files)
    cold: dict[str, str] = {}
    for path, text in files.items():
        if path.endswith(".py"):
            found = store.get(text, store.file_salt)
            if found is None:
                cold[path] = text
            else:
                result[path] = found
    for path, formatted in _format_cold(cold, store).items():
        store.put(cold[path], formatted, store.file_salt)
        result[path] = formatted
    return result


def format_source(source: str) -> str:
    """Format a whole module with black at once: the reference the others must match."""
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


def _format_cold(files: dict[str, str], store: _Cache) -> dict[str, str]:
    """Format files no cache has: ruff where it is sure to agree, black elsewhere."""
    if not files:
        return {}
    fast = _ruff_format(files)
    plans: dict[str, list[tuple[str, str | None]]]  # (block, its text or None: black)
    if fast is None:  # no ruff, or it failed (on invalid code, black says where)
        plans = {
            path: [(b, None) for b in split_blocks(t)] for path, t in files.items()
        }
    else:
        plans = {}
        for path, text in fast.items():
            if not unsure(text):
                plans[path] = [(text, text)]
                continue
            mine, theirs = split_blocks(files[path], path), split_blocks(text, path)
            if len(mine) != len(theirs):  # never seen; black is always right
                theirs = ["else 0"] * len(mine)
            plans[path] = [
                (b, None if unsure(r) else r) for b, r in zip(mine, theirs, strict=True)
            ]
    _black_blocks(
        (b for plan in plans.values() for b, done in plan if done is None), store
    )
    return {
        path: "\n\n\n".join(
            (done or store.get(block, store.block_salt) or "").rstrip("\n")
            for block, done in plan
        )
        + "\n"
        for path, plan in plans.items()
    }


def unsure(formatted: str) -> bool:
    """Whether ruff's ``formatted`` text may differ from black's.

    Only conditional expressions are known to differ on our code. Split over
    lines, black puts one in parentheses of its own, ruff leaves it bare as, say,
    a keyword argument; after a left-hand side split over lines, black wraps it
    in parentheses on lines of their own, ruff leaves it on the closing line.
    More generally, where ruff splits the left-hand side of an assignment, black
    may split the right-hand side instead, and the two split a long return
    annotation or a bare expression split at a binary operator differently: such blocks
    go to black too. Where it already is alone in grouping parentheses (an
    opening line ending in ``(`` that is not a call, the expression, a closing
    line starting with ``)``), both write the same; anywhere else, black decides.
    """
    if any(p.search(formatted) for p in (AFTER_SPLIT, RETURN_SPLIT, OPERATOR_SPLIT)):
        return True
    if SPLIT_ELSE.search(formatted) is None:
        return False
    lines = formatted.splitlines()
    for at, line in enumerate(lines):
        if SPLIT_ELSE.match(line) and not _grouped(lines, at):
            return True
    return False


def _grouped(lines: list[str], at: int) -> bool:
    """Whether the split conditional expression ending at ``lines[at]`` fills a group."""
    depth = _indent(lines[at])
    if lines[at].rstrip().endswith(","):
        return False
    start = at - 1
    while start >= 0 and _indent(lines[start]) >= depth:
        if _indent(lines[start]) == depth and lines[start].rstrip().endswith(","):
            return False
        start -= 1
    opener = lines[start].rstrip() if start >= 0 else ""
    before = opener[:-1].rstrip()
    if not opener.endswith("("):
        return False
    grouping = before[-1:] in ("", *"=([{,:") or before.split()[-1] in _KEYWORDS
    if not grouping:  # a call's or a definition's parentheses
        return False
    end = at + 1
    while end < len(lines) and _indent(lines[end]) >= depth:
        if _indent(lines[end]) == depth and not lines[end].lstrip().startswith(")"):
            return False
        end += 1
    return end < len(lines) and lines[end].lstrip().startswith(")")


_KEYWORDS = frozenset({"return", "yield", "await", "assert", "in", "not", "and", "or"})


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip()) if line.strip() else 1 << 30


def _black_blocks(blocks: Iterable[str], store: _Cache) -> None:
    """Format with black the blocks the cache does not have yet, and cache them."""
    cold = sorted({b for b in blocks if store.get(b, store.block_salt) is None})
    for block, formatted in zip(cold, _format_many(cold), strict=True):
        store.put(block, formatted, store.block_salt)


def _ruff_format(files: dict[str, str]) -> dict[str, str] | None:
    """Every file through one ``ruff format`` run (it uses all cores), or ``None``."""
    ruff = ruff_binary()
    if ruff is None:
        return None
    with tempfile.TemporaryDirectory(prefix="mktows-format-") as folder:
        # numbered names: ruff's default excludes (build, dist, ...) never apply
        paths = {path: Path(folder, f"{i}.py") for i, path in enumerate(files)}
        for path, target in paths.items():
            target.write_bytes(files[path].encode("utf-8"))
        try:
            done = subprocess.run(
                [
                    ruff,
                    "format",
                    *RUFF_OPTIONS.split(),
                    "--",
                    *map(str, paths.values()),
                ],
                capture_output=True,
                timeout=RUFF_TIMEOUT,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired):
            return None
        if done.returncode != 0:
            return None
        return {
            path: target.read_bytes().decode("utf-8") for path, target in paths.items()
        }


@cache
def ruff_binary() -> str | None:
    """The ``ruff`` executable of the installed ruff package, if there is one."""
    try:
        from ruff.__main__ import find_ruff_bin  # type: ignore[import-untyped]

        return str(find_ruff_bin())
    except (ImportError, FileNotFoundError):
        return None


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


def _version(distribution: str) -> str:
    try:
        return version(distribution)
    except PackageNotFoundError:
        return "none"


class _Cache:
    """Formatted text by content hash: memory first, then files in ``folder``.

    Black's blocks and whole files live under different salts; a file's salt
    also names ruff's version, since it may have formatted most of the file.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.memory: dict[str, str] = {}
        self.block_salt = f"{_version('black')}|{MODE!r}|".encode()
        ruff = _version("ruff") if ruff_binary() else "none"
        # this module's own text too: a change to the rules of unsure() must not
        # reuse files formatted under the old rules
        rules = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]
        self.file_salt = f"file|ruff {ruff}|{rules}|".encode() + self.block_salt

    def _key(self, text: str, salt: bytes) -> str:
        return hashlib.sha256(salt + text.encode()).hexdigest()

    def get(self, text: str, salt: bytes) -> str | None:
        key = self._key(text, salt)
        if key in self.memory:
            return self.memory[key]
        try:
            found = (self.folder / key[:2] / key).read_text(encoding="utf-8")
        except OSError:
            return None
        self.memory[key] = found
        return found

    def put(self, text: str, formatted: str, salt: bytes) -> None:
        key = self._key(text, salt)
        self.memory[key] = formatted
        target = self.folder / key[:2] / key
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            partial = target.with_suffix(f".{os.getpid()}.part")
            partial.write_text(formatted, encoding="utf-8")
            partial.replace(target)
        except OSError:
            pass  # a read-only cache only costs time

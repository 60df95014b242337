"""The docs stay true: every Python block of README.md and docs/ runs against the loopback server.

A block that cannot run says why in an HTML comment on the line before it,
``<!-- not run: REASON -->``; there are few, and each is checked another way.
Blocks use the placeholders a reader replaces: the quick start's literal endpoint,
user id and secret, or the names ``ENDPOINT``, ``USER_ID`` and ``SECRET``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from generator.profiles.mktows.simulator import SimulatorServer
from generator.resources import REPO_ROOT
from tests.support.servers import SECRET, USER_ID

PAGES = [REPO_ROOT / "README.md", *sorted((REPO_ROOT / "docs").glob("*.md"))]
BLOCK = re.compile(
    r"(?:<!-- not run: (?P<why>[^\n]*?) -->\n)?```python\n(?P<code>.*?)```", re.S
)
PLACEHOLDERS = {
    '"https://123-ABC-456.mktoapi.com/soap/mktows/2_6"': "ENDPOINT",
    '"demo17_1_809934544BFABAE58E5D27"': "USER_ID",
    '"..."': "SECRET",
}
MOST_NOT_RUN = 2  # keep it small: a block that can run is run


@dataclass(frozen=True)
class Block:
    page: Path
    line: int
    code: str
    not_run: str | None

    @property
    def name(self) -> str:
        return f"{self.page.relative_to(REPO_ROOT)}:{self.line}"


def python_blocks() -> list[Block]:
    found = []
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        for match in BLOCK.finditer(text):
            line = text.count("\n", 0, match.start("code"))
            found.append(Block(page, line, match["code"], match["why"]))
    return found


BLOCKS = python_blocks()
RUNNABLE = [b for b in BLOCKS if b.not_run is None]


def runnable(code: str) -> str:
    for literal, name in PLACEHOLDERS.items():
        code = code.replace(literal, name)
    return code


@pytest.mark.parametrize("block", RUNNABLE, ids=[b.name for b in RUNNABLE])
def test_the_block_runs_against_the_loopback_server(
    block: Block, mktows_server: SimulatorServer
) -> None:
    namespace: dict[str, Any] = {
        "ENDPOINT": mktows_server.endpoint,
        "USER_ID": USER_ID,
        "SECRET": SECRET,
    }
    exec(compile(runnable(block.code), block.name, "exec"), namespace)
    assert mktows_server.stats.snapshot()["faults"] == {}, block.name


def test_every_page_with_examples_is_found_and_few_are_not_run() -> None:
    pages = {b.page.name for b in RUNNABLE}
    assert {"README.md", "bulk.md", "faults.md", "simulator.md"} <= pages
    not_run = [b for b in BLOCKS if b.not_run is not None]
    assert len(not_run) <= MOST_NOT_RUN, [b.name for b in not_run]
    assert all(b.not_run for b in not_run)  # each says why


def test_a_placeholder_is_a_whole_literal_never_part_of_other_code() -> None:
    for block in RUNNABLE:
        code = runnable(block.code)
        for literal in PLACEHOLDERS:
            assert literal not in code, block.name


def test_the_vendoring_header_is_the_one_generate_writes() -> None:
    (header,) = [b for b in BLOCKS if b.page.name == "vendoring.md" and b.not_run]
    generated = (REPO_ROOT / "generated" / "mktows" / "client.py").read_text("utf-8")
    real = "".join(generated.splitlines(keepends=True)[: header.code.count("\n")])
    assert header.code == real.replace("package=mktows ", "package=acme.vendor.mktows ")

"""The README is the front door: its first block is the two commands, and it links the docs."""

from __future__ import annotations

import re
from typing import Any

import pytest

from generator.profiles.mktows.simulator import SimulatorServer
from generator.resources import REPO_ROOT
from tests.support.servers import SECRET, USER_ID

README = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
LINKS = sorted(
    set(re.findall(r"\]\(((?:docs|benchmarks)/[^)#]+)(?:#[^)]*)?\)", README))
)


def test_the_first_block_holds_the_two_fresh_machine_commands() -> None:
    first = re.search(r"```\w*\n(.*?)```", README, re.DOTALL)
    assert first is not None
    assert first.group(1).splitlines() == [
        'pip install -e ".[test]" && mktows-codegen generate',
        "pytest",
    ]


def test_the_readme_links_every_docs_page() -> None:
    pages = {
        p.relative_to(REPO_ROOT).as_posix() for p in (REPO_ROOT / "docs").glob("*.md")
    }
    assert pages - {"docs/index.md"} <= set(LINKS)


@pytest.mark.parametrize("link", LINKS)
def test_each_link_into_the_docs_names_a_file_that_exists(link: str) -> None:
    assert (REPO_ROOT / link).is_file(), link


def test_the_marketo_quick_start_makes_signed_calls(
    mktows_server: SimulatorServer,
) -> None:
    section = README.split("## Quick start: Marketo", 1)[1]
    quick_start = re.search(r"```python\n(.*?)```", section, re.DOTALL)
    assert quick_start is not None
    code = (
        quick_start.group(1)
        .replace('"https://123-ABC-456.mktoapi.com/soap/mktows/2_6"', "ENDPOINT")
        .replace('"demo17_1_809934544BFABAE58E5D27"', "USER_ID")
        .replace('"..."', "SECRET")
    )
    assert code.count("ENDPOINT") == code.count("USER_ID") == code.count("SECRET") == 1
    namespace: dict[str, Any] = {
        "ENDPOINT": mktows_server.endpoint,
        "USER_ID": USER_ID,
        "SECRET": SECRET,
    }
    exec(compile(code, "README.md quick start", "exec"), namespace)
    (record,) = namespace["lead"].lead_record_list.lead_record
    assert namespace["result"].lead_id == record.id
    assert record.email == "ada@example.com"

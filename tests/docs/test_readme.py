"""The README stays true: its first block is the two commands, its quick start runs."""

from __future__ import annotations

import re

from generator.profiles.mktows.simulator import SimulatorServer
from generator.resources import REPO_ROOT
from tests.support.servers import SECRET, USER_ID

README = (REPO_ROOT / "README.md").read_text(encoding="utf-8")


def blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README, re.DOTALL)


def test_the_first_block_holds_the_two_fresh_machine_commands() -> None:
    first = re.search(r"```\w*\n(.*?)```", README, re.DOTALL)
    assert first is not None
    assert first.group(1).splitlines() == [
        'pip install -e ".[test]" && mktows-codegen generate',
        "pytest",
    ]


def test_the_quick_start_makes_signed_calls(mktows_server: SimulatorServer) -> None:
    quick_start = blocks("python")[0]
    code = (
        quick_start.replace(
            '"https://123-ABC-456.mktoapi.com/soap/mktows/2_6"', "ENDPOINT"
        )
        .replace('"demo17_1_809934544BFABAE58E5D27"', "USER_ID")
        .replace('"..."', "SECRET")
    )
    assert code.count("ENDPOINT") == code.count("USER_ID") == code.count("SECRET") == 1
    namespace = {
        "ENDPOINT": mktows_server.endpoint,
        "USER_ID": USER_ID,
        "SECRET": SECRET,
    }
    exec(compile(code, "README.md quick start", "exec"), namespace)
    assert (
        namespace["result"].lead_id
        == namespace["lead"].lead_record_list.lead_record[0].id
    )
    assert namespace["lead"].lead_record_list.lead_record[0].email == "ada@example.com"

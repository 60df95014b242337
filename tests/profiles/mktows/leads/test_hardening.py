"""``mktows-codegen leads`` with careless and hostile input, against the loopback
server: everything checkable is checked before the first call, a run that stops
half-way says what landed and writes what is left, exports can be made safe for
spreadsheets, and rate-limit retries outlast a full window."""

from __future__ import annotations

import csv
import json
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.cli.main import main
from generator.profiles.mktows.leads.work import retry_policy
from generator.profiles.mktows.simulator import SimulatorServer
from tests.support.csv_files import read_csv, write_csv
from tests.support.servers import ServerFactory, use_simulator

pytestmark = pytest.mark.bulk


def people(count: int, **extra: str) -> list[dict[str, str]]:
    return [
        {"Email": f"p{i}@hard.example", "FirstName": f"Ann {i}", **extra}
        for i in range(count)
    ]


def refused(
    capsys: pytest.CaptureFixture[str], server: SimulatorServer, where: str
) -> str:
    """The one error line, which names ``where``; nothing reached the server."""
    err = capsys.readouterr().err
    assert err.startswith(f"mktows-codegen: error: {where}") and err.count("\n") == 1
    assert server.stats.snapshot()["attempts"] == {}
    return err


# Item 2: everything that can be checked is checked before the first call.


@pytest.mark.parametrize("bad", ["\x01", "\x0b", "\x1f", "\ufffe", "\uffff"])
def test_a_character_xml_cannot_carry_is_refused_before_anything_is_sent(
    endpoint: SimulatorServer,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    bad: str,
) -> None:
    table = people(12)
    table[10]["FirstName"] = f"Ann{bad}Lee"
    source = write_csv(tmp_path / "leads.csv", table)
    failures = tmp_path / "failed.csv"
    command = ["leads", "import", str(source), "--chunk-size", "2"]
    assert main([*command, "--failures", str(failures)]) == 2
    err = refused(capsys, endpoint, f"{source}:12: column FirstName")
    assert f"U+{ord(bad):04X}" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["leads.csv"]


def test_tabs_newlines_and_carriage_returns_are_text_and_go_through(
    endpoint: SimulatorServer, tmp_path: Path
) -> None:
    table = people(2)
    table[1]["FirstName"] = "Ann\tLee\nline two\r\nthree"
    source = write_csv(tmp_path / "leads.csv", table)
    assert main(["leads", "import", str(source)]) == 0
    assert endpoint.stats.snapshot()["attempts"]["syncMultipleLeads"] == 1


def test_a_control_character_in_a_column_name_is_refused(
    endpoint: SimulatorServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "leads.csv"
    source.write_text("Email,First\x00Name\na@b.example,Ann\n", encoding="utf-8")
    assert main(["leads", "import", str(source)]) == 2
    assert "U+0000" in refused(capsys, endpoint, f"{source}:1: the header")


def test_a_chunk_size_over_the_documented_limit_is_refused(
    endpoint: SimulatorServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write_csv(tmp_path / "leads.csv", people(3))
    assert main(["leads", "import", str(source), "--chunk-size", "301"]) == 2
    assert "301 is over 300" in refused(capsys, endpoint, "--chunk-size")


def test_a_list_that_does_not_exist_is_refused_before_any_lead_is_sent(
    endpoint: SimulatorServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write_csv(tmp_path / "leads.csv", people(3))
    assert main(["leads", "import", str(source), "--list", "No Such List"]) == 2
    err = capsys.readouterr().err
    assert err == (
        "mktows-codegen: error: --list: 'No Such List': no such static list; "
        "expected an existing one\n"
    )
    assert endpoint.stats.snapshot()["attempts"] == {"getMultipleLeads": 1}


@pytest.mark.parametrize("target", ["missing/failed.csv", "."])
def test_an_unwritable_failures_file_is_refused_before_anything_is_sent(
    endpoint: SimulatorServer,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    target: str,
) -> None:
    source = write_csv(tmp_path / "leads.csv", people(3, Shoe="42"))
    failures = tmp_path / target
    assert main(["leads", "import", str(source), "--failures", str(failures)]) == 2
    refused(capsys, endpoint, str(failures))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["leads.csv"]


def test_a_run_that_stops_half_way_reports_what_landed_and_writes_the_rest(
    monkeypatch: pytest.MonkeyPatch,
    mktows_server_factory: ServerFactory,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # The daily quota (20015, never retried) runs out after two calls.
    server = use_simulator(monkeypatch, mktows_server_factory(daily_quota=2))
    table = people(7)
    table[1]["Shoe"] = "42"  # fails on its own, in a call that lands
    for row in table:
        row.setdefault("Shoe", "")
    source = write_csv(tmp_path / "leads.csv", table)
    failures = tmp_path / "failed.csv"
    command = ["leads", "import", str(source), "--chunk-size", "2"]
    assert main([*command, "--failures", str(failures)]) == 1
    out, err = capsys.readouterr()
    assert out == (
        f"imported {source}: 4 rows in 2 calls: 3 created, 0 updated, 1 failed\n"
    )
    lines = err.splitlines()
    assert lines[0] == "row 2: FAILED: Lead Attribute Bad"
    assert lines[1].startswith(
        "mktows-codegen: leads import stopped at row 5: "
    ) and lines[1].endswith(f"rows 5-7 were not imported (listed in {failures})")
    assert "LimitError: 20015" in lines[1] and len(lines) == 2
    left = read_csv(failures)
    assert [row["Email"] for row in left] == [table[i]["Email"] for i in (1, 4, 5, 6)]
    assert [row["error"][:28] for row in left] == [
        "Lead Attribute Bad",
        *["not applied: LimitError: 200"] * 2,  # the call that failed
        "not sent: the run stopped",
    ]

    # The failures file imports as it is: its error column is not an attribute.
    for row in left:
        row["Shoe"] = ""
    again = write_csv(tmp_path / "again.csv", left)
    use_simulator(monkeypatch, mktows_server_factory())
    assert main(["leads", "import", str(again)]) == 0
    assert capsys.readouterr().out.startswith(
        f"imported {again}: 4 rows in 1 calls: 4 created, 0 updated, 0 failed"
    )
    assert server.store.rows("SELECT COUNT(*) AS n FROM leads")[0]["n"] == 3


# Item 14: malformed CSV and unknown fields are bad input, with one line.


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("Email,Id\na@b.example,12x\n", ":2: Id '12x' is not a lead id"),
        ("FirstName\nAnn\n", ":1: no Id, Email or ForeignSysPersonId column"),
        (" Email ,City\na@b.example,Oslo\n", "column (' Email ' has stray spaces)"),
        ("Email,City\na@b.example,Oslo,extra\n", ":2: more cells than columns"),
        ("Email,ForeignSysType\na@b.example,SAP\n", "ForeignSysType 'SAP'; expected"),
        ("Email,City\na@b.example,Oslo\nb@b.example\n", ":3: fewer cells than columns"),
        ('Email,City\na@b.example,"Oslo\nb@b.example,Rome\n', ":2: bad CSV: unterm"),
        ('Email,City\na@b.example,"Os"lo\n', ":2: bad CSV: "),
        ('Email,City\na@b.example,"Oslo\nEast"\nb@b.example,x,y\n', ":4: more cells"),
    ],
)
def test_a_bad_file_is_refused_naming_its_line_before_anything_is_sent(
    endpoint: SimulatorServer,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    content: str,
    problem: str,
) -> None:
    source = tmp_path / "bad.csv"
    source.write_text(content, encoding="utf-8")
    assert main(["leads", "import", str(source)]) == 2
    assert problem in refused(capsys, endpoint, f"{source}:")


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_an_unknown_field_is_refused(
    endpoint: SimulatorServer, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    command = ["leads", "export", "--list", "3002", "--format", fmt]
    assert main([*command, "--fields", "FirstName,NoSuchField"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1
    assert err.startswith(
        "mktows-codegen: error: --fields: NoSuchField: not a LeadRecord field"
    )
    assert "getMultipleLeads" not in endpoint.stats.snapshot()["attempts"]


def test_an_export_of_a_missing_list_to_stdout_prints_nothing(
    endpoint: SimulatorServer, capsys: pytest.CaptureFixture[str]
) -> None:
    command = ["leads", "export", "--list", "No Such List", "--fields", "FirstName"]
    assert main(command) == 2
    out, err = capsys.readouterr()
    assert out == "" and "NotFoundError: 20111" in err


def test_an_empty_export_still_has_its_header(
    endpoint: SimulatorServer, capsys: pytest.CaptureFixture[str]
) -> None:
    since = (datetime.now(UTC) - timedelta(days=2)).date().isoformat()
    command = ["leads", "export", "--updated-since", since, "--fields", "City"]
    assert main(command) == 0
    assert capsys.readouterr().out == "Id,Email,City\r\n"


# Item 8: --safe-csv defuses formulas; the default keeps the data as it is.

FORMULAS = ['=HYPERLINK("http://x")', "+1", "-2", "@SUM(A1)", "\tTab", "\rCR", "ok"]


def test_safe_csv_defuses_formula_cells_and_the_default_keeps_them(
    endpoint: SimulatorServer, tmp_path: Path
) -> None:
    table = [
        {"Email": f"f{i}@hard.example", "Company": cell}
        for i, cell in enumerate(FORMULAS)
    ]
    source = write_csv(tmp_path / "leads.csv", table)
    assert main(["leads", "import", str(source), "--list", "Webinar Attendees"]) == 0
    command = ["leads", "export", "--list", "Webinar Attendees", "--fields", "Company"]
    plain, safe = tmp_path / "plain.csv", tmp_path / "safe.csv"
    assert main([*command, "-o", str(plain)]) == 0
    assert main([*command, "--safe-csv", "-o", str(safe)]) == 0
    assert [row["Company"] for row in read_csv(plain)] == FORMULAS
    assert [row["Company"] for row in read_csv(safe)] == [
        *("'" + cell for cell in FORMULAS[:-1]),
        "ok",
    ]
    assert main([*command, "--safe-csv", "--format", "jsonl"]) == 2


# Item 10: retries of 20023 outlast a rate window, and the error counts attempts.


@pytest.mark.parametrize("window", [1.0, 8.0, 20.0, 60.0])
def test_the_shortest_retry_waits_add_up_to_more_than_a_window(
    window: float,
) -> None:
    policy = retry_policy(window, frozenset())
    retries = range(1, policy.max_attempts)
    waits = [policy.delay(n) for n in retries]
    ceilings = [
        min(policy.max_delay, policy.base_delay * 2 ** (n - 1)) for n in retries
    ]
    shortest = sum(ceilings) / 2
    assert shortest > window and sum(waits) >= shortest
    assert policy.max_elapsed > 2 * shortest  # never cut short by the time limit
    assert 20023 in policy.backoff_codes and 20024 in policy.backoff_codes


def test_back_to_back_exports_wait_out_the_rate_window(
    monkeypatch: pytest.MonkeyPatch,
    mktows_server_factory: ServerFactory,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # 4 calls in 8 s; each export makes 3 (75 days in 30-day windows), so the second
    # run finds the window nearly full and must wait almost all of it.
    server = use_simulator(monkeypatch, mktows_server_factory(rate=(4, 8.0)))
    since = (datetime.now(UTC) - timedelta(days=75)).date().isoformat()
    command = ["leads", "export", "--updated-since", since, "--rate", "4/8"]
    started = time.monotonic()
    for name in ("one.jsonl", "two.jsonl"):
        assert main([*command, "-o", str(tmp_path / name)]) == 0, capsys.readouterr()
    assert time.monotonic() - started > 7.0
    stats = server.stats.snapshot()
    assert stats["faults"].get(20023, 0) >= 1  # it was refused, and waited


def test_the_error_says_how_many_attempts_were_made(
    monkeypatch: pytest.MonkeyPatch,
    mktows_server_factory: ServerFactory,
    capsys: pytest.CaptureFixture[str],
) -> None:
    use_simulator(monkeypatch, mktows_server_factory(rate=(1, 60.0)))
    since = (datetime.now(UTC) - timedelta(days=45)).date().isoformat()
    command = ["leads", "export", "--updated-since", since, "--rate", "100/1"]
    assert main(command) == 2
    err = capsys.readouterr().err
    attempts = retry_policy(1.0, frozenset()).max_attempts
    assert "LimitError: 20023" in err and err.count("\n") == 1
    assert f"getMultipleLeads failed after {attempts} attempts" in err


def test_a_failures_file_with_its_own_error_column_keeps_one(
    endpoint: SimulatorServer, tmp_path: Path
) -> None:
    table = people(2, Shoe="42", error="old reason")
    source = write_csv(tmp_path / "leads.csv", table)
    failures = tmp_path / "failed.csv"
    assert main(["leads", "import", str(source), "--failures", str(failures)]) == 1
    with failures.open(encoding="utf-8", newline="") as stream:
        header = next(csv.reader(stream))
    assert header == ["Email", "FirstName", "Shoe", "error"]
    assert [row["error"] for row in read_csv(failures)] == ["Lead Attribute Bad"] * 2


def xml_char(code: int) -> bool:
    """The XML 1.0 ``Char`` production, code point by code point."""
    return (
        code in (0x9, 0xA, 0xD)
        or 0x20 <= code <= 0xD7FF
        or 0xE000 <= code <= 0xFFFD
        or 0x10000 <= code <= 0x10FFFF
    )


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(cell=st.text(st.characters(codec="utf-8"), min_size=1, max_size=12))
def test_any_cell_is_imported_exactly_or_refused_before_anything_is_sent(
    endpoint: SimulatorServer, tmp_path: Path, cell: str
) -> None:
    before = endpoint.stats.snapshot()["attempts"].get("syncMultipleLeads", 0)
    email = f"h{before}-{time.monotonic_ns()}@hard.example"
    source = write_csv(tmp_path / "one.csv", [{"Email": email, "Company": cell}])
    status = main(["leads", "import", str(source), "--no-progress"])
    sent = endpoint.stats.snapshot()["attempts"].get("syncMultipleLeads", 0) - before
    if all(xml_char(ord(c)) for c in cell):
        assert (status, sent) == (0, 1)
        stored = endpoint.store.rows(
            "SELECT attributes FROM leads WHERE email = ?", email
        )
        assert json.loads(stored[0]["attributes"])["Company"] == cell
    else:
        assert (status, sent) == (2, 0)

"""``mktows-codegen leads`` against the loopback server: 10,000 leads imported exactly
once and exported back identical, failed rows reported, and the secret never printed."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from generator.cli.main import main
from generator.profiles.mktows.simulator import SimulatorServer
from tests.support.csv_files import read_csv, write_csv
from tests.support.servers import SECRET

pytestmark = pytest.mark.bulk

COLUMNS = ["Email", "FirstName", "LastName", "Company", "City", "LeadScore"]
LEADS = 10_000


def rows(count: int) -> list[dict[str, str]]:
    """Leads with empty cells, quotes, commas and non-ASCII text in them."""
    return [
        {
            "Email": f"lead{i}@bulk.example",
            "FirstName": f"Zoë {i}",
            "LastName": "" if i % 5 == 0 else f'O"Neil {i % 97}',
            "Company": f"Müller, Sons & Co {i % 13}",
            "City": "" if i % 3 == 0 else f"City {i % 11}",
            "LeadScore": str(i % 100),
        }
        for i in range(count)
    ]


def test_ten_thousand_leads_are_imported_once_and_exported_back_identical(
    endpoint: SimulatorServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    table = rows(LEADS)
    source = write_csv(tmp_path / "leads.csv", table)
    assert main(["leads", "import", str(source), "--list", "Webinar Attendees"]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        f"imported {source}: {LEADS} rows in 34 calls: "
        f"{LEADS} created, 0 updated, 0 failed",
        f"added {LEADS} leads to the list 'Webinar Attendees'",
    ]
    assert err == ""  # no progress bar when stderr is not a terminal
    counted = endpoint.store.rows(
        "SELECT COUNT(*) AS n, COUNT(DISTINCT email) AS emails FROM leads"
    )[0]
    assert (counted["n"], counted["emails"]) == (LEADS, LEADS)
    members = endpoint.store.rows("SELECT COUNT(*) AS n FROM list_members")
    assert members[0]["n"] == LEADS

    exported = tmp_path / "out.csv"
    fields = ",".join(COLUMNS[1:])
    export = ["leads", "export", "--list", "Webinar Attendees", "--fields", fields]
    assert main([*export, "-o", str(exported)]) == 0
    back = read_csv(exported)
    assert list(back[0]) == ["Id", *COLUMNS]
    assert [{k: v for k, v in row.items() if k != "Id"} for row in back] == table
    assert not list(tmp_path.glob("*.part"))

    since = (datetime.now(UTC) - timedelta(hours=1)).isoformat(timespec="seconds")
    lines = tmp_path / "out.jsonl"
    assert main(["leads", "export", "--updated-since", since, "-o", str(lines)]) == 0
    objects = [json.loads(line) for line in lines.read_text("utf-8").splitlines()]
    assert [o.pop("Id") for o in objects] == [int(row["Id"]) for row in back]
    assert objects == [{k: v for k, v in row.items() if v} for row in table]

    stats = endpoint.stats.snapshot()
    assert stats["attempts"]["syncMultipleLeads"] == 34  # each chunk sent once
    assert stats["attempts"]["listOperation"] == 10
    assert stats["faults"] == {}  # no 20023, no 20024: the limiter kept to them
    assert capsys.readouterr().err.splitlines() == [
        f"exported {LEADS} leads to {exported}",
        f"exported {LEADS} leads to {lines}",
    ]


def test_failed_rows_are_listed_written_out_and_set_the_exit_status(
    endpoint: SimulatorServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    table = [
        {
            "Email": f"f{i}@bulk.example",
            "FirstName": "Ann",
            "Shoe": "42" if i in (1, 4) else "",
        }
        for i in range(6)
    ]
    source = write_csv(tmp_path / "leads.csv", table)
    failures = tmp_path / "failed.csv"
    assert main(["leads", "import", str(source), "--failures", str(failures)]) == 1
    out, err = capsys.readouterr()
    assert "6 rows in 1 calls: 4 created, 0 updated, 2 failed" in out
    assert err.splitlines() == [
        "row 2: FAILED: Lead Attribute Bad",
        "row 5: FAILED: Lead Attribute Bad",
    ]
    assert read_csv(failures) == [
        {**table[1], "error": "Lead Attribute Bad"},
        {**table[4], "error": "Lead Attribute Bad"},
    ]


def test_the_secret_is_never_printed(
    endpoint: SimulatorServer,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    source = write_csv(tmp_path / "leads.csv", rows(3))
    for command in (["leads", "export", "--help"], ["leads", "import", "--help"]):
        with pytest.raises(SystemExit):
            main(command)
    assert main(["leads", "import", str(source), "--no-progress"]) == 0
    monkeypatch.setenv("MKTOWS_SECRET", "not-" + SECRET)
    assert main(["leads", "export", "--list", "3002"]) == 2
    out, err = capsys.readouterr()
    assert "AuthenticationError: 20014" in err
    assert SECRET not in out + err


def test_connection_settings_are_required(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("MKTOWS_ENDPOINT", "MKTOWS_USER_ID", "MKTOWS_SECRET"):
        monkeypatch.delenv(name, raising=False)
    assert main(["leads", "export", "--list", "3002", "--user-id", "u"]) == 2
    err = capsys.readouterr().err
    assert (
        "--endpoint (or $MKTOWS_ENDPOINT), --secret (or $MKTOWS_SECRET) required" in err
    )


@pytest.mark.parametrize("action", [[], ["export"], ["import"]])
def test_help_explains_every_option_with_examples(
    action: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["leads", *action, "--help"])
    assert exited.value.code == 0
    text = capsys.readouterr().out
    assert "Examples:" in text and "mktows-codegen leads" in text
    if action:
        for option in ("--endpoint", "--user-id", "--secret", "--rate", "e.g."):
            assert option in text


def test_a_long_window_is_split_into_the_services_30_days(
    endpoint: SimulatorServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write_csv(tmp_path / "leads.csv", rows(3))
    assert main(["leads", "import", str(source)]) == 0
    since = (datetime.now(UTC) - timedelta(days=45)).date().isoformat()
    fields = "FirstName,City"
    assert main(["leads", "export", "--updated-since", since, "--fields", fields]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-4:] == [
        "Id,Email,FirstName,City",
        "1,lead0@bulk.example,Zoë 0,",
        "2,lead1@bulk.example,Zoë 1,City 1",
        "3,lead2@bulk.example,Zoë 2,City 2",
    ]
    stats = endpoint.stats.snapshot()
    assert stats["attempts"]["getMultipleLeads"] == 2 and stats["faults"] == {}

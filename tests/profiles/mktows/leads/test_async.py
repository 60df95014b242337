"""``leads export|import --async`` against the loopback server (issue 15, item 5).

Each command runs twice, on the sync path and with ``--async``, each on a fresh
simulator seeded the same way; the two runs must print the same stdout and
stderr, end with the same exit status and leave the same output files and the
same leads on the server.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from generator.cli.main import main
from generator.profiles.mktows.leads.jobs import row_ranges
from tests.support.csv_files import read_csv, write_csv
from tests.support.servers import ServerFactory, use_simulator

pytestmark = pytest.mark.bulk

Seed = Callable[[Path], None]


@dataclass(frozen=True)
class Run:
    """What one run of a command did."""

    status: int
    out: str
    err: str
    files: dict[str, bytes]
    leads: list[str]
    attempts: dict[str, int]


def people(count: int, start: int = 0, **extra: str) -> list[dict[str, str]]:
    """Leads with commas, quotes, non-ASCII text and empty cells in them."""
    return [
        {
            "Email": f"p{i}@async.example",
            "FirstName": f"Zoë {i}",
            "Company": f'Müller, "Sons" {i % 3}',
            "City": "" if i % 2 else f"City {i}",
            **extra,
        }
        for i in range(start, start + count)
    ]


@pytest.fixture
def twice(
    monkeypatch: pytest.MonkeyPatch,
    mktows_server_factory: ServerFactory,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> Callable[..., tuple[Run, Run]]:
    """Run a command sync and ``--async``, each on a fresh seeded server."""

    def run(
        command: list[str],
        seed: Seed | None = None,
        outputs: tuple[str, ...] = (),
        **server: object,
    ) -> tuple[Run, Run]:
        runs = []
        for extra in ([], ["--async"]):
            endpoint = use_simulator(monkeypatch, mktows_server_factory(**server))
            if seed is not None:
                seed(tmp_path)
            before = endpoint.stats.snapshot()["attempts"]
            capsys.readouterr()
            status = main([*command, *extra])
            out, err = capsys.readouterr()
            # Each run has its own server, on its own port.
            out, err = (t.replace(endpoint.endpoint, "ENDPOINT") for t in (out, err))
            files = {}
            for name in outputs:
                path = tmp_path / name
                files[name] = path.read_bytes() if path.exists() else b""
                path.unlink(missing_ok=True)
            assert not list(tmp_path.glob("*.part"))
            # Emails, not ids: chunks in flight at once get their ids in the order
            # they arrive, with --workers as with --async.
            found = endpoint.store.rows("SELECT email FROM leads ORDER BY email")
            leads = [row["email"] for row in found]
            after = endpoint.stats.snapshot()["attempts"]
            attempts = {k: n - before.get(k, 0) for k, n in after.items()}
            attempts = {k: n for k, n in attempts.items() if n}
            runs.append(Run(status, out, err, files, leads, attempts))
        return runs[0], runs[1]

    return run


def seeded(count: int) -> Seed:
    """A seed that imports ``count`` leads (sync) before the command runs."""

    def seed(directory: Path) -> None:
        source = write_csv(directory / "seed.csv", people(count))
        assert (
            main(["leads", "import", str(source), "--list", "Webinar Attendees"]) == 0
        )

    return seed


@pytest.mark.parametrize(
    "command",
    [
        ["--list", "Webinar Attendees", "-o", "{tmp}/out.csv"],
        ["--list", "Webinar Attendees", "--fields", "City,FirstName"],
        ["--list", "3002", "--format", "jsonl", "--batch-size", "4"],
        ["--updated-since", "{long_ago}", "-o", "{tmp}/out.jsonl", "--batch-size", "3"],
        ["--updated-since", "{long_ago}", "--fields", "Company", "--safe-csv"],
    ],
    ids=["csv-file", "csv-stdout", "jsonl-stdout", "window-jsonl", "window-csv"],
)
def test_an_export_is_the_same_with_async(
    twice: Callable[..., tuple[Run, Run]], tmp_path: Path, command: list[str]
) -> None:
    long_ago = (datetime.now(UTC) - timedelta(days=45)).date().isoformat()
    args = [a.format(tmp=tmp_path, long_ago=long_ago) for a in command]
    sync, aio = twice(
        ["leads", "export", *args], seeded(11), outputs=("out.csv", "out.jsonl")
    )
    assert sync == aio
    assert sync.status == 0 and sync.err.endswith(
        "exported 11 leads to "
        + (args[args.index("-o") + 1] if "-o" in args else "stdout")
        + "\n"
    )
    written = sync.out.encode() + b"".join(sync.files.values())
    assert written.count(b"@async.example") == 11


def test_an_import_with_created_updated_and_failed_rows_is_the_same_with_async(
    twice: Callable[..., tuple[Run, Run]], tmp_path: Path
) -> None:
    table = people(9, start=6, Shoe="")  # 6-8 exist already: updated
    table[2]["Shoe"] = table[7]["Shoe"] = "42"  # refused: p8 and p13
    source = write_csv(tmp_path / "leads.csv", table)
    command = ["leads", "import", str(source), "--chunk-size", "2"]
    failures = ["--failures", str(tmp_path / "failed.csv")]
    for options in (
        [*failures],
        [*failures, "--workers", "3"],
        ["--list", "Webinar Attendees"],
    ):
        sync, aio = twice([*command, *options], seeded(9), outputs=("failed.csv",))
        assert sync == aio
        assert sync.status == 1 and sync.out.startswith(
            f"imported {source}: 9 rows in 5 calls: 5 created, 2 updated, 2 failed\n"
        )
        assert sync.err == (
            "row 3: FAILED: Lead Attribute Bad\nrow 8: FAILED: Lead Attribute Bad\n"
        )
        assert len(sync.leads) == 9 + 5
        assert sync.attempts["syncMultipleLeads"] == 5
        if "--failures" in options:
            left = rows_of(tmp_path, sync.files["failed.csv"])
            assert [(row["Email"], row["error"]) for row in left] == [
                (table[i]["Email"], "Lead Attribute Bad") for i in (2, 7)
            ]
    assert sync.out.endswith("added 7 leads to the list 'Webinar Attendees'\n")


def test_a_run_stopped_by_the_daily_quota_is_the_same_with_async(
    twice: Callable[..., tuple[Run, Run]], tmp_path: Path
) -> None:
    # Two calls land, then 20015 (never retried) stops the run. One chunk in
    # flight at a time, so both paths stop at the same call.
    table = people(7, Shoe="")
    table[1]["Shoe"] = "42"
    source = write_csv(tmp_path / "leads.csv", table)
    command = ["leads", "import", str(source), "--chunk-size", "2", "--workers", "1"]
    command += ["--failures", str(tmp_path / "failed.csv")]
    sync, aio = twice(command, outputs=("failed.csv",), daily_quota=2)
    assert sync == aio
    assert sync.status == 1
    assert sync.out == (
        f"imported {source}: 4 rows in 2 calls: 3 created, 0 updated, 1 failed\n"
    )
    lines = sync.err.splitlines()
    assert lines[0] == "row 2: FAILED: Lead Attribute Bad"
    assert "LimitError: 20015" in lines[1] and "rows 5-7 were not imported" in lines[1]
    left = rows_of(tmp_path, sync.files["failed.csv"])
    assert [row["Email"] for row in left] == [table[i]["Email"] for i in (1, 4, 5, 6)]


def test_a_stop_with_chunks_in_flight_lists_exactly_the_rows_that_did_not_land(
    monkeypatch: pytest.MonkeyPatch,
    mktows_server_factory: ServerFactory,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Four chunks in flight at once (the --async default is 10), two calls allowed:
    # which two land is up to the server, and the report must say which did not.
    server = use_simulator(monkeypatch, mktows_server_factory(daily_quota=2))
    table = people(7)
    source = write_csv(tmp_path / "leads.csv", table)
    failures = tmp_path / "failed.csv"
    command = ["leads", "import", str(source), "--chunk-size", "2", "--async"]
    assert main([*command, "--failures", str(failures)]) == 1
    out, err = capsys.readouterr()
    landed = {row["email"] for row in server.store.rows("SELECT email FROM leads")}
    n = len(landed)  # 3 or 4: the last chunk has one lead
    assert (
        out
        == f"imported {source}: {n} rows in 2 calls: {n} created, 0 updated, 0 failed\n"
    )
    left = [row["Email"] for row in read_csv(failures)]
    assert sorted([*landed, *left]) == sorted(row["Email"] for row in table)
    assert not landed & set(left)
    missing = sorted(i for i, row in enumerate(table) if row["Email"] in left)
    assert err.count("\n") == 1 and f"rows {row_ranges(missing)} were not" in err
    assert server.stats.snapshot()["attempts"]["syncMultipleLeads"] == 4


@pytest.mark.parametrize(
    ("command", "where"),
    [
        (["import", "{tmp}/bad.csv"], "{tmp}/bad.csv:3"),
        (["import", "{tmp}/good.csv", "--chunk-size", "301"], "--chunk-size"),
        (["import", "{tmp}/good.csv", "--failures", "{tmp}/no/f.csv"], "{tmp}/no"),
        (["import", "{tmp}/good.csv", "--failures", ""], "--failures"),
        (["export", "--list", " "], "--list"),
        (["export", "--list", "3002", "--format", "jsonl", "--safe-csv"], "--safe"),
        (["export", "--updated-until", "2026-01-01", "--list", "3002"], "--updated"),
    ],
)
def test_bad_input_is_refused_the_same_way_before_anything_is_sent(
    twice: Callable[..., tuple[Run, Run]],
    tmp_path: Path,
    command: list[str],
    where: str,
) -> None:
    write_csv(tmp_path / "good.csv", people(3))
    (tmp_path / "bad.csv").write_text("Email,City\na@b.example,Oslo\nb@b.example\n")
    args = [a.format(tmp=tmp_path) for a in command]
    sync, aio = twice(["leads", *args])
    assert sync == aio
    assert sync.status == 2 and sync.out == "" and sync.attempts == {}
    assert sync.err.startswith(f"mktows-codegen: error: {where.format(tmp=tmp_path)}")
    assert sync.err.count("\n") == 1


@pytest.mark.parametrize("action", [["export", "--list", "3002"], ["import", "{f}"]])
def test_a_service_error_before_anything_lands_is_the_same_with_async(
    twice: Callable[..., tuple[Run, Run]],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    action: list[str],
) -> None:
    source = write_csv(tmp_path / "good.csv", people(3))
    args = [a.format(f=source) for a in action]
    monkeypatch.setenv("MKTOWS_SECRET", "not-the-secret")  # every call is refused
    sync, aio = twice(["leads", *args, "--secret", "not-the-secret"])
    assert sync == aio
    assert "ENDPOINT: AuthenticationError: 20014" in sync.err and sync.leads == []
    # An export fails before it writes (2); an import that began sending stops (1).
    assert sync.status == (2 if action[0] == "export" else 1)


def test_row_ranges_name_runs_of_rows() -> None:
    assert row_ranges([4, 5, 6]) == "5-7"
    assert row_ranges([6]) == "7-7"
    assert row_ranges([0, 1, 6]) == "1-2, 7"
    assert row_ranges([0, 2, 3]) == "1, 3-4"


def rows_of(directory: Path, content: bytes) -> list[dict[str, str]]:
    """The rows of a captured CSV output."""
    path = directory / "captured.csv"
    path.write_bytes(content)
    return read_csv(path)

"""The simulator's data: one SQLite database, in memory or in a file (``--db``).

Using SQLite for both keeps one implementation: ``:memory:`` for tests, a file
when state should survive a restart. Every call runs in one transaction under one
lock, so a call applies completely or not at all, and concurrent calls never
interleave (the server still runs them on many threads: the limits, latency and
failures it simulates happen outside the lock).
"""

from __future__ import annotations

import json
import secrets
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.errors import GeneratorError
from generator.profiles.mktows.simulator import seed
from generator.profiles.mktows.simulator.paging import Positions

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS leads (
    id INTEGER PRIMARY KEY AUTOINCREMENT, email TEXT COLLATE NOCASE,
    foreign_id TEXT, foreign_type TEXT, cookie TEXT, attributes TEXT NOT NULL,
    created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS leads_email ON leads (email);
CREATE TABLE IF NOT EXISTS lists (
    id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    program TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS list_members (
    list_id INTEGER NOT NULL, lead_id INTEGER NOT NULL, PRIMARY KEY (list_id, lead_id));
CREATE TABLE IF NOT EXISTS activities (
    id INTEGER PRIMARY KEY AUTOINCREMENT, lead_id INTEGER NOT NULL, type TEXT NOT NULL,
    asset TEXT, campaign TEXT, attributes TEXT NOT NULL, created_at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS activities_lead ON activities (lead_id);
CREATE TABLE IF NOT EXISTS campaigns (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, description TEXT NOT NULL,
    sources TEXT NOT NULL, program TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS campaign_runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT, campaign_id INTEGER NOT NULL,
    run_at TEXT NOT NULL, tokens TEXT NOT NULL, leads TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS mobjects (
    id INTEGER PRIMARY KEY AUTOINCREMENT, type TEXT NOT NULL, external_key TEXT,
    attributes TEXT NOT NULL, details TEXT NOT NULL, associations TEXT NOT NULL,
    created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS custom_objects (
    id INTEGER PRIMARY KEY AUTOINCREMENT, type TEXT NOT NULL, keys TEXT NOT NULL,
    attributes TEXT NOT NULL, UNIQUE (type, keys));
CREATE TABLE IF NOT EXISTS imports (
    program TEXT NOT NULL, list TEXT NOT NULL, status TEXT NOT NULL,
    started_at TEXT NOT NULL, ended_at TEXT NOT NULL, rows_imported INTEGER NOT NULL,
    rows_failed INTEGER NOT NULL, rows_ignored INTEGER NOT NULL, summary TEXT NOT NULL,
    PRIMARY KEY (program, list));
"""
SEED_TIME = "2026-01-05T09:00:00+00:00"


class Store:
    """The database, its lock, and the stream-position key."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self._lock = threading.RLock()
        try:
            self._db = sqlite3.connect(
                str(path) if path else ":memory:",
                check_same_thread=False,
                isolation_level=None,
            )
            self._db.row_factory = sqlite3.Row
            self._db.executescript(SCHEMA)
            with self.transaction() as tx:
                key = _meta(tx, "position_key") or _seed(tx)
        except sqlite3.Error as exc:
            raise GeneratorError(str(path), f"cannot use the database: {exc}") from None
        self.positions = Positions(bytes.fromhex(key))

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """Run the block alone and atomically: committed if it returns, else rolled back."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def rows(self, sql: str, *args: Any) -> list[sqlite3.Row]:
        """Read-only query for tests and tools."""
        with self._lock:
            return list(self._db.execute(sql, args))

    def close(self) -> None:
        with self._lock:
            self._db.close()


def _meta(tx: sqlite3.Connection, key: str) -> str | None:
    row = tx.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return str(row[0]) if row else None


def _seed(tx: sqlite3.Connection) -> str:
    """Fill a new database with the made-up account; return its position key."""
    for id_, name, channel, description in seed.PROGRAMS:
        attributes = {"Name": name, "Channel": channel, "Description": description}
        tx.execute(
            "INSERT INTO mobjects (id, type, external_key, attributes, details,"
            " associations, created_at, updated_at) VALUES (?, 'Program', NULL, ?,"
            " '[]', '[]', ?, ?)",
            (id_, json.dumps(attributes), SEED_TIME, SEED_TIME),
        )
    tx.executemany(
        "INSERT INTO campaigns (id, name, description, sources, program)"
        " VALUES (?, ?, ?, ?, ?)",
        seed.CAMPAIGNS,
    )
    tx.executemany("INSERT INTO lists (id, name, program) VALUES (?, ?, ?)", seed.LISTS)
    key = secrets.token_hex(32)
    tx.execute("INSERT INTO meta (key, value) VALUES ('position_key', ?)", (key,))
    return key


@dataclass
class Lead:
    """A lead as stored: identity columns and the attributes by API name."""

    id: int
    email: str | None
    foreign_id: str | None
    foreign_type: str | None
    cookie: str | None
    attributes: dict[str, str]
    created_at: str
    updated_at: str

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> Lead:
        return cls(
            id=row["id"],
            email=row["email"],
            foreign_id=row["foreign_id"],
            foreign_type=row["foreign_type"],
            cookie=row["cookie"],
            attributes=json.loads(row["attributes"]),
            created_at=row["created_at"],
            updated_at=row["updated_at"],
        )


def row_id(value: object) -> int | None:
    """An id as a query argument: ``None`` (which matches no row) when it is not an
    integer SQLite can store (64 bits), so an id no row can have is not found."""
    try:
        number = int(str(value))
    except ValueError:
        return None
    return number if -(2**63) <= number < 2**63 else None


def leads_where(tx: sqlite3.Connection, where: str, *args: Any) -> list[Lead]:
    """Leads matching an SQL condition, in id order."""
    sql = f"SELECT * FROM leads WHERE {where} ORDER BY id"
    return [Lead.from_row(row) for row in tx.execute(sql, args)]


def save_lead(tx: sqlite3.Connection, lead: Lead) -> Lead:
    """Insert ``lead`` (``id`` 0) or update it; return it with its id."""
    values = (
        lead.email,
        lead.foreign_id,
        lead.foreign_type,
        lead.cookie,
        json.dumps(lead.attributes, sort_keys=True),
        lead.updated_at,
    )
    if lead.id:
        tx.execute(
            "UPDATE leads SET email = ?, foreign_id = ?, foreign_type = ?, cookie = ?,"
            " attributes = ?, updated_at = ? WHERE id = ?",
            (*values, lead.id),
        )
        return lead
    cursor = tx.execute(
        "INSERT INTO leads (email, foreign_id, foreign_type, cookie, attributes,"
        " updated_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (*values, lead.created_at),
    )
    lead.id = int(cursor.lastrowid or 0)
    return lead


def log_activity(
    tx: sqlite3.Connection,
    lead_id: int,
    kind: str,
    at: str,
    *,
    asset: str | None = None,
    campaign: str | None = None,
    attributes: list[tuple[str, str]] | None = None,
) -> None:
    """Append to the activity log (which getLeadActivity and getLeadChanges read)."""
    tx.execute(
        "INSERT INTO activities (lead_id, type, asset, campaign, attributes, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (lead_id, kind, asset, campaign, json.dumps(attributes or []), at),
    )


def list_by_name(tx: sqlite3.Connection, name: str) -> sqlite3.Row | None:
    row: sqlite3.Row | None = tx.execute(
        "SELECT * FROM lists WHERE name = ?", (name,)
    ).fetchone()
    return row

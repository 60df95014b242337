"""Leads as rows, for ``mktows-codegen leads``: CSV and JSON Lines, and the progress bar.

A row is a flat mapping from a column to text. ``Id``, ``Email``,
``ForeignSysPersonId`` and ``ForeignSysType`` are the ``LeadRecord``'s own fields;
every other column is a lead attribute (``FirstName``, ``Company``, ...), named as
the API names it. An empty cell is not sent, just as the service leaves empty
attributes out of what it returns, so a file exported and imported again is
unchanged.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING

from generator.errors import GeneratorError

if TYPE_CHECKING:
    from mktows.models import LeadRecord
    from mktows.progress import Progress

    from generator.profiles.mktows.leads.package import Api

RECORD_COLUMNS = ("Id", "Email", "ForeignSysPersonId", "ForeignSysType")
FORMATS = ("csv", "jsonl")
ERROR_COLUMN = "error"  # the reason column of a --failures file; never sent
# Characters XML 1.0 text cannot hold (control characters other than tab, newline
# and CR, lone surrogates, U+FFFE and U+FFFF): the request could not be written.
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# A cell a spreadsheet would run as a formula (OWASP "CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

LeadWrite = Callable[["LeadRecord"], None]


@dataclass(frozen=True)
class LeadFile:
    """A CSV of leads that has been read through once and found usable: its path
    and how many rows (leads) it has, the import's progress total."""

    path: Path
    rows: int


def scan_csv(path: Path, api: Api) -> LeadFile:
    """Check every row of ``path`` before anything is sent, and count them.

    A bad file is refused whole (one line naming the file and row), so an import
    never stops half-way because of the file itself.
    """
    with _open_csv(path) as (_, reader):
        rows = sum(1 for _ in _records(path, reader, api))
    return LeadFile(path, rows)


def read_leads(lead_file: LeadFile, api: Api) -> Iterator[LeadRecord]:
    """The file's leads, read lazily (the file was checked by :func:`scan_csv`)."""
    with _open_csv(lead_file.path) as (_, reader):
        yield from _records(lead_file.path, reader, api)


@contextmanager
def _open_csv(path: Path) -> Iterator[tuple[list[str], csv.DictReader[str]]]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as stream:
            reader = csv.DictReader(stream, strict=True)
            try:
                columns = list(reader.fieldnames or [])
            except csv.Error as exc:
                raise GeneratorError(f"{path}:1", f"bad CSV: {exc}") from None
            if not columns:
                raise GeneratorError(str(path), "is empty; expected a header row")
            for column in columns:
                _check_text(f"{path}:1", "the header", column)
            duplicates = sorted({c for c in columns if columns.count(c) > 1})
            if duplicates or "" in columns:
                raise GeneratorError(
                    f"{path}:1",
                    f"duplicate or empty column names {duplicates or ['']}; "
                    "expected each column once",
                )
            keys = {"Id", "Email", "ForeignSysPersonId"}
            if not keys & set(columns):
                spaced = [repr(c) for c in columns if c.strip() in keys]
                hint = f" ({', '.join(spaced)} has stray spaces)" if spaced else ""
                raise GeneratorError(
                    f"{path}:1",
                    f"no Id, Email or ForeignSysPersonId column{hint}; expected at "
                    "least one to identify each lead",
                )
            yield columns, reader
    except OSError as exc:
        raise GeneratorError(str(path), f"cannot read: {exc.strerror or exc}") from None
    except (UnicodeDecodeError, csv.Error) as exc:
        raise GeneratorError(str(path), f"is not a UTF-8 CSV file: {exc}") from None


def _records(path: Path, reader: csv.DictReader[str], api: Api) -> Iterator[LeadRecord]:
    while True:
        where = f"{path}:{reader.line_num + 1}"  # the line the row starts on
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            problem = "unterminated quote" if "end of data" in str(exc) else str(exc)
            raise GeneratorError(where, f"bad CSV: {problem}") from None
        where = f"{path}:{reader.line_num - _line_breaks(row)}"
        if None in row:
            raise GeneratorError(where, "more cells than columns")
        if None in row.values():
            raise GeneratorError(where, "fewer cells than columns")
        cells: dict[str, str] = {k: v for k, v in row.items() if k != ERROR_COLUMN}
        for column, value in cells.items():
            _check_text(where, f"column {column}", value)
        yield row_to_lead(cells, where, api)


def _line_breaks(row: dict[str | None, str | list[str] | None]) -> int:
    """How many line breaks the row's quoted cells hold (so its first line is known)."""
    return sum(
        v.count("\n") + v.count("\r") - v.count("\r\n")
        for v in row.values()
        if isinstance(v, str)
    )


def _check_text(where: str, what: str, text: str) -> None:
    """Refuse text an XML request cannot carry, naming the first bad character."""
    bad = NOT_XML.search(text)
    if bad is not None:
        raise GeneratorError(
            where,
            f"{what} holds the character U+{ord(bad[0]):04X}, which XML text cannot "
            "carry; expected printable text (tab, newline and CR are fine)",
        )


def write_failures(source: Path, errors: dict[int, str], output: Path) -> None:
    """The rows of ``source`` whose index is in ``errors``, with an ``error`` column.

    The file has the source's columns, so the rows can be fixed and imported again
    (the import does not send the ``error`` column).
    """
    with _open_csv(source) as (columns, reader), _atomic(output) as stream:
        fieldnames = [c for c in columns if c != ERROR_COLUMN] + [ERROR_COLUMN]
        table = csv.DictWriter(stream, fieldnames=fieldnames)
        table.writeheader()
        for index, row in enumerate(reader):
            if index in errors:
                table.writerow({**row, ERROR_COLUMN: errors[index]})


def check_writable(output: Path) -> None:
    """Refuse an output the atomic writer could not create, leaving nothing behind."""
    if output.is_dir():
        raise GeneratorError(str(output), "is a directory; expected a file name")
    part = output.with_name(output.name + ".part")
    try:
        with part.open("x", encoding="utf-8"):
            pass
    except FileExistsError:
        return  # a leftover of ours; the writer replaces it
    except OSError as exc:
        raise GeneratorError(
            str(output), f"cannot write: {exc.strerror or exc}"
        ) from None
    part.unlink()


def row_to_lead(row: dict[str, str], where: str, api: Api) -> LeadRecord:
    """A ``LeadRecord`` from one row; empty cells are left out."""
    m = api.models

    cells = {column: value for column, value in row.items() if value != ""}
    lead_id = cells.pop("Id", None)
    if lead_id is not None and not lead_id.isdigit():
        raise GeneratorError(where, f"Id {lead_id!r} is not a lead id (digits)")
    foreign_type = cells.pop("ForeignSysType", None)
    kinds = [kind.value for kind in m.ForeignSysType]
    if foreign_type is not None and foreign_type not in kinds:
        raise GeneratorError(
            where,
            f"ForeignSysType {foreign_type!r}; expected one of {', '.join(kinds)}",
        )
    email = cells.pop("Email", None)
    foreign_id = cells.pop("ForeignSysPersonId", None)
    if lead_id is None and email is None and foreign_id is None:
        raise GeneratorError(where, "no Id, Email or ForeignSysPersonId for this lead")
    lead: LeadRecord = m.LeadRecord(
        id=int(lead_id) if lead_id is not None else None,
        email=email,
        foreign_sys_person_id=foreign_id,
        foreign_sys_type=m.ForeignSysType(foreign_type) if foreign_type else None,
        lead_attribute_list=m.ArrayOfAttribute(
            attribute=[m.Attribute(attr_name=k, attr_value=v) for k, v in cells.items()]
        ),
    )
    return lead


def lead_to_row(lead: LeadRecord, api: Api) -> dict[str, str]:
    """One row from a ``LeadRecord``: its own fields, then its attributes."""
    row: dict[str, str] = {}
    for column, value in zip(
        RECORD_COLUMNS,
        (lead.id, lead.email, lead.foreign_sys_person_id, lead.foreign_sys_type),
        strict=True,
    ):
        if value is not None and not isinstance(value, api.values.Nil):
            row[column] = str(getattr(value, "value", value))  # an enum's XML text
    attributes = lead.lead_attribute_list
    if isinstance(attributes, api.models.ArrayOfAttribute):
        for attribute in attributes.attribute:
            row[attribute.attr_name] = attribute.attr_value
    return row


def format_for(path: Path | None, chosen: str | None) -> str:
    """The output format: as chosen, else from the file name (``.jsonl``), else CSV."""
    if chosen:
        return chosen
    if path is not None and path.suffix.lower() in (".jsonl", ".ndjson"):
        return "jsonl"
    return "csv"


@contextmanager
def lead_writer(
    output: Path | None,
    fmt: str,
    columns: Sequence[str],
    api: Api,
    safe: bool = False,
) -> Iterator[LeadWrite]:
    """A function writing one lead to ``output`` (stdout when ``None``).

    CSV has ``columns`` in that order, its header written with the first lead (or
    at the end), so a run that fails before any lead prints nothing; ``safe``
    defuses cells a spreadsheet would run as formulas. JSON Lines has one object
    per lead with the fields it has.
    """
    if output is None:
        with _leads(sys.stdout, fmt, columns, api, safe) as write:
            yield write
        sys.stdout.flush()
        return
    with _atomic(output) as stream, _leads(stream, fmt, columns, api, safe) as write:
        yield write


@contextmanager
def _atomic(output: Path) -> Iterator[IO[str]]:
    """A file written under a temporary name and renamed when complete, so a
    failure half-way leaves no half-written file behind."""
    part = output.with_name(output.name + ".part")
    try:
        with part.open("w", encoding="utf-8", newline="") as stream:
            yield stream
        part.replace(output)
    except OSError as exc:
        part.unlink(missing_ok=True)
        raise GeneratorError(
            str(output), f"cannot write: {exc.strerror or exc}"
        ) from None
    except BaseException:
        part.unlink(missing_ok=True)
        raise


@contextmanager
def _leads(
    stream: IO[str], fmt: str, columns: Sequence[str], api: Api, safe: bool
) -> Iterator[LeadWrite]:
    if fmt == "jsonl":

        def write_json(lead: LeadRecord) -> None:
            row: dict[str, str | int] = dict(lead_to_row(lead, api))
            if "Id" in row:
                row["Id"] = int(row["Id"])
            stream.write(json.dumps(row, ensure_ascii=False) + "\n")

        yield write_json
        return
    table = csv.DictWriter(stream, fieldnames=list(columns), extrasaction="ignore")
    started = False

    def write_csv(lead: LeadRecord) -> None:
        nonlocal started
        if not started:
            table.writeheader()
            started = True
        row = lead_to_row(lead, api)
        table.writerow({k: defuse(v) for k, v in row.items()} if safe else row)

    yield write_csv
    if not started:
        table.writeheader()  # an empty export is still a CSV with its columns


def defuse(cell: str) -> str:
    """``cell`` with a ``'`` in front if a spreadsheet would read it as a formula."""
    return "'" + cell if cell.startswith(FORMULA_START) else cell


@contextmanager
def progress_bar(
    description: str, unit: str, enabled: bool, total: int | None = None
) -> Iterator[Progress]:
    """A tqdm bar on stderr as a progress hook; silent when stderr is not a terminal.

    ``total`` is shown from the start when known; a total the hook reports later
    replaces it.
    """
    from tqdm import tqdm

    bar = tqdm(
        desc=description,
        unit=unit,
        total=total,
        file=sys.stderr,
        disable=None if enabled else True,  # None: only on a terminal
        dynamic_ncols=True,
    )

    def update(done: int, total: int | None) -> None:
        if total is not None and bar.total != total:
            bar.total = total
            bar.refresh()
        bar.update(done - bar.n)

    try:
        yield update
    finally:
        bar.close()

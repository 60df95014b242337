"""Committed golden records of generated clients, for WSDLs of our own.

Each folder of ``tests/golden_records/`` holds a small WSDL written for the records
(``wsdl/``, its imports next to it) and what ``mktows-codegen generate`` makes of it
(``package/``): the files the WSDL decides (client, models, parsers, serializers,
``__init__``, provenance). The runtime modules copied byte for byte from
``generator/runtime`` are left out: they are the same for every WSDL and tested on
their own. ``tests/tools/test_records.py`` regenerates each and asserts byte-identical
output; after an intended change, update the records with::

    python -m tests.support.records --update
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from generator.options import Options
from generator.pipeline import generate, model_for
from generator.resources import REPO_ROOT

RECORDS = REPO_ROOT / "tests" / "golden_records"
RUNTIME = REPO_ROOT / "generator" / "runtime"
UPDATE = "python -m tests.support.records --update"


@dataclass(frozen=True)
class Record:
    """One record: ``name`` (its folder), the WSDL and the package name."""

    name: str
    wsdl: str  # relative to the record's wsdl/ folder
    package: str

    @property
    def folder(self) -> Path:
        return RECORDS / self.name

    @property
    def expected(self) -> Path:
        return self.folder / "package"


RECORD_LIST = [
    Record("soap12", "weather.wsdl", "weather"),  # SOAP 1.2 only, a one-way operation
    Record(
        "multifile", "library.wsdl", "library"
    ),  # wsdl:import, xsd:import, xsd:include
    Record("faults", "bank.wsdl", "bank"),  # two wsdl:faults with typed details
    Record("services", "store.wsdl", "store"),  # two services, three ports, rpc/literal
]


def runtime_copies() -> set[str]:
    """The generated files that are copies of ``generator/runtime`` modules."""
    return {p.name for p in RUNTIME.glob("*.py") if p.name != "__init__.py"}


def render(record: Record, into: Path) -> dict[str, bytes]:
    """Generate ``record`` under ``into``; the recorded files by name."""
    output = into / record.package
    options = Options(
        wsdl=str(record.folder / "wsdl" / record.wsdl),
        package=record.package,
        output=output,
    )
    generate(options, model_for(options))
    skip = runtime_copies()
    return {
        p.name: p.read_bytes()
        for p in sorted(output.iterdir())
        if p.is_file() and p.name not in skip
    }


def recorded(record: Record) -> dict[str, bytes]:
    """The committed files of ``record`` by name."""
    return {p.name: p.read_bytes() for p in sorted(record.expected.iterdir())}


def update(records: Sequence[Record]) -> None:
    for record in records:
        with tempfile.TemporaryDirectory(prefix="records-") as tmp:
            files = render(record, Path(tmp))
        shutil.rmtree(record.expected, ignore_errors=True)
        record.expected.mkdir(parents=True)
        for name, content in files.items():
            (record.expected / name).write_bytes(content)
        print(f"updated {record.expected.relative_to(REPO_ROOT)} ({len(files)} files)")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.support.records")
    parser.add_argument(
        "--update", action="store_true", help="regenerate the committed records"
    )
    args = parser.parse_args(argv)
    if not args.update:
        parser.print_help()
        return 2
    update(RECORD_LIST)
    return 0


if __name__ == "__main__":
    sys.exit(main())

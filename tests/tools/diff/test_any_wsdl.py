"""``diff`` on two versions of a non-Marketo WSDL: multi-file, several ports."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator.cli.main import main
from tests.support.records import RECORDS


def version(
    tmp_path: Path, record: str, name: str, *edits: tuple[str, str, str]
) -> Path:
    """A copy of a golden record's WSDL folder with ``(file, old, new)`` edits."""
    folder = tmp_path / name
    shutil.copytree(RECORDS / record / "wsdl", folder)
    for file, old, new in edits:
        path = folder / file
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{file}: {old!r}"
        path.write_text(text.replace(old, new), encoding="utf-8")
    return folder


def diff_rows(
    old: Path, new: Path, capsys: pytest.CaptureFixture[str]
) -> list[tuple[str, str, str]]:
    assert main(["diff", str(old), str(new), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    return sorted((c["id"], c["direction"], c["path"]) for c in report["changes"])


def test_a_change_in_an_included_schema_file_is_found(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = version(tmp_path, "multifile", "v1")
    new = version(
        tmp_path,
        "multifile",
        "v2",
        (
            "xsd/book.xsd",
            '<xs:element name="author" type="xs:string" maxOccurs="unbounded"/>',
            '<xs:element name="author" type="xs:string" maxOccurs="unbounded"/>\n'
            '      <xs:element name="year" type="xs:int" minOccurs="0"/>',
        ),
        (
            "library.wsdl",
            "https://library.example.com/soap",
            "https://library.example.com/v2",
        ),
    )
    assert diff_rows(old / "library.wsdl", new / "library.wsdl", capsys) == [
        ("address-changed", "none", "LibraryService/address"),
        ("element-added-optional", "response", "Book/year"),
    ]


def test_ports_and_operations_of_several_services_are_matched_by_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = version(tmp_path, "services", "v1")
    new = version(
        tmp_path,
        "services",
        "v2",
        (
            "store.wsdl",
            '    <port name="CatalogSoap12" binding="tns:CatalogSoap12">'
            '<soap12:address location="https://store.example.com/catalog12"/></port>\n',
            "",
        ),
        (
            "store.wsdl",
            '<soap:operation soapAction="urn:records:store#Count"/>',
            '<soap:operation soapAction="urn:records:store#Count2"/>',
        ),
    )
    assert diff_rows(old / "store.wsdl", new / "store.wsdl", capsys) == [
        ("port-removed", "both", "CatalogSoap12"),
        ("soap-action-changed", "request", "StockSoap/Count/soapAction"),
    ]

"""``mktows-codegen diff`` from the command line: formats, ``--fail-on``, bad input.

Uses the small WSDL of :mod:`tests.support.wsdl_fragments`, so it runs without the
third-party data.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.cli.main import main
from generator.resources import REPO_ROOT
from generator.tools.diff.rules import RULES
from tests.support.wsdl_fragments import BASE, edit

NOTE = '<xs:element name="note" type="xs:string" minOccurs="0" nillable="true"/>'
OUTLINE = '<xs:element name="outline" type="tns:Shape" minOccurs="0"/>'
ELAPSED = '<xs:element name="elapsed" type="xs:int" minOccurs="0"/>'
ADDRESS = ("https://example.invalid/paint", "https://example.invalid/v2")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["diff", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def report(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    """The report ``diff ARGV`` prints, which must exit 0 and print no error."""
    code, out, err = run(capsys, *argv)
    assert (code, err) == (0, "")
    return out


@pytest.fixture
def files(tmp_path: Path) -> dict[str, str]:
    """``old``; ``breaking`` (a removed request element, a response addition and
    a new address); ``warning`` (a response addition); ``info`` (a new address)."""
    texts = {
        "old": BASE,
        "breaking": edit(BASE, (NOTE, ""), (OUTLINE, f"{OUTLINE}\n{ELAPSED}"), ADDRESS),
        "warning": edit(BASE, (OUTLINE, f"{OUTLINE}\n{ELAPSED}")),
        "info": edit(BASE, ADDRESS),
    }
    paths = {}
    for name, text in texts.items():
        path = tmp_path / f"{name}.wsdl"
        path.write_text(text)
        paths[name] = str(path)
    return paths


def test_text_report(capsys: pytest.CaptureFixture[str], files: dict[str, str]) -> None:
    out = report(capsys, files["old"], files["breaking"])
    lines = out.splitlines()
    assert lines[0].startswith("old: old.wsdl (sha256 ")
    assert lines[1].startswith("new: breaking.wsdl (sha256 ")
    assert lines[2] == "3 changes: 1 breaking, 1 warning, 1 info"
    assert lines[4:8] == [
        "breaking (1)",
        "  ParamsPaint/note  [element-removed, request]",
        "    element note removed (sent by paint)",
        "    was: xs:string [0..1] nillable",
    ]
    assert "warning (1)" in lines and "info (1)" in lines
    assert "Python names" not in out


def test_markdown_report_groups_by_severity_with_counts(
    capsys: pytest.CaptureFixture[str], files: dict[str, str]
) -> None:
    out = report(capsys, files["old"], files["breaking"], "--format", "markdown")
    assert out.startswith("### WSDL changes: `old.wsdl` → `breaking.wsdl`\n")
    assert "**3 changes: 1 breaking, 1 warning, 1 info**" in out
    headings = [line for line in out.splitlines() if line.startswith("#### ")]
    assert headings == ["#### Breaking (1)", "#### Warning (1)", "#### Info (1)"]
    assert (
        "| `ParamsPaint/note` | request | `element-removed` | element note removed "
        "(sent by paint) | `xs:string [0..1] nillable` → — |"
    ) in out


def test_json_report_has_the_documented_shape(
    capsys: pytest.CaptureFixture[str], files: dict[str, str]
) -> None:
    out = report(capsys, files["old"], files["breaking"], "--format", "json")
    document = json.loads(out)
    assert list(document) == ["old", "new", "changes", "summary"]
    assert document["old"]["revision"] == "old.wsdl"
    assert len(document["new"]["sha256"]) == 64
    assert document["summary"] == {"breaking": 1, "warning": 1, "info": 1, "total": 3}
    assert document["changes"][0] == {
        "id": "element-removed",
        "severity": "breaking",
        "direction": "request",
        "path": "ParamsPaint/note",
        "message": "element note removed (sent by paint)",
        "old": "xs:string [0..1] nillable",
        "new": None,
    }
    assert [c["severity"] for c in document["changes"]] == [
        "breaking",
        "warning",
        "info",
    ]


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_python_section_in_every_format(
    capsys: pytest.CaptureFixture[str], files: dict[str, str], fmt: str
) -> None:
    out = report(capsys, files["old"], files["breaking"], "--format", fmt, "--python")
    if fmt == "json":
        python = json.loads(out)["python"]
        assert {
            "kind": "field",
            "change": "removed",
            "name": "ParamsPaint.note",
            "old": "None | Nil | str",
            "new": None,
        } in python
        assert len(python) == 3
    else:
        assert "ParamsPaint.note" in out and "Client.paint(note)" in out
        assert "SuccessPaint.elapsed" in out
        assert (
            "Python names (3)" if fmt == "text" else "Generated Python names (3)"
        ) in out


def test_identical_inputs(
    capsys: pytest.CaptureFixture[str], files: dict[str, str]
) -> None:
    out = report(capsys, files["old"], files["old"], "--fail-on", "info")
    assert "0 changes: 0 breaking, 0 warning, 0 info" in out


@pytest.mark.parametrize(
    ("new", "level", "expected"),
    [
        ("breaking", None, 0),
        ("breaking", "breaking", 1),
        ("warning", "breaking", 0),
        ("warning", "warning", 1),
        ("info", "warning", 0),
        ("info", "info", 1),
    ],
)
def test_fail_on(
    capsys: pytest.CaptureFixture[str],
    files: dict[str, str],
    new: str,
    level: str | None,
    expected: int,
) -> None:
    options = ["--fail-on", level] if level else []
    code, out, err = run(capsys, files["old"], files[new], *options)
    assert code == expected
    assert out, "the report is printed whatever the exit status"
    if expected:
        assert err == f"1 change(s) at or above {level}\n"


@pytest.mark.parametrize(
    ("make", "needles"),
    [
        (lambda p: p / "absent.wsdl", ["absent.wsdl", "file not found"]),
        (
            lambda p: _write(p / "notes.wsdl", "no xml here"),
            ["notes.wsdl:1:1", "not well-formed XML"],
        ),
        (
            lambda p: _write(p / "cut.wsdl", BASE[: BASE.index("<wsdl:portType")]),
            ["cut.wsdl:", "not well-formed XML"],
        ),
    ],
    ids=["missing", "not-xml", "truncated"],
)
def test_bad_input_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str],
    files: dict[str, str],
    tmp_path: Path,
    make: Callable[[Path], Path],
    needles: list[str],
) -> None:
    bad = str(make(tmp_path))
    for argv in ([files["old"], bad], [bad, files["old"]]):
        code, out, err = run(capsys, *argv, "--fail-on", "info")
        assert (code, out) == (2, "")
        (line,) = err.splitlines()
        assert line.startswith("mktows-codegen: error: ")
        for needle in needles:
            assert needle in line


def test_debug_shows_the_exception(
    files: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["diff", files["old"], str(tmp_path / "absent.wsdl"), "--debug"])
    err = capsys.readouterr().err
    assert code == 2  # --debug adds the traceback, not another exit status
    assert "Traceback (most recent call last)" in err and "file not found" in err


def test_help_explains_every_option_with_examples(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["diff", "--help"])
    assert exit_.value.code == 0
    text = capsys.readouterr().out
    for option in ("OLD", "NEW", "--format", "--fail-on", "--python", "--debug"):
        assert option in text
    assert "Examples:" in text and "mktows-codegen diff 2_2 2_4" in text
    assert "Exit status" in text


def test_the_docs_document_diff_and_every_rule() -> None:
    assert "| `mktows-codegen diff OLD NEW" in (REPO_ROOT / "docs/cli.md").read_text()
    section = (REPO_ROOT / "docs/diff.md").read_text()
    for rule_id in RULES:
        assert f"`{rule_id}`" in section, rule_id


def _write(path: Path, text: str) -> Path:
    path.write_text(text)
    return path

"""``generate`` replaces only a package it generated and nobody added to.

The provenance lists every generated file (``FILES``); a package holding anything
else, or a listed ``.py`` file without our header, is refused untouched unless
``--force``. A planted or malformed provenance never makes ``generate`` read or
fetch anything, nor crash. Also: the messages for odd ``--output`` paths, writing
into the current directory, and bad saved settings.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.cli.main import main
from generator.write import foreign_files, read_provenance
from tests.support.http_server import RecordingServer, Reply, recording_server
from tests.support.output import assert_refused, generate, snapshot
from tests.support.wsdl_fragments import BASE, edit

REPO = Path(__file__).resolve().parents[3]


@pytest.fixture
def wsdl(tmp_path: Path) -> Path:
    path = tmp_path / "shop.wsdl"
    path.write_text(BASE)
    return path


@pytest.fixture
def package(capsys: pytest.CaptureFixture[str], wsdl: Path, tmp_path: Path) -> Path:
    target = tmp_path / "out" / "shop"
    assert generate(capsys, wsdl, target)[0] == 0
    return target


def test_the_provenance_lists_every_generated_file(package: Path) -> None:
    files = sorted(
        p.relative_to(package).as_posix() for p in package.rglob("*") if p.is_file()
    )
    provenance = read_provenance(package)
    assert provenance is not None and provenance["FILES"] == tuple(files)
    assert "_provenance.py" in files and foreign_files(package) == []


def add_git(package: Path) -> str:
    (package / ".git" / "objects").mkdir(parents=True)
    (package / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    return ".git"


def add_notes(package: Path) -> str:
    (package / "NOTES.md").write_text("my notes\n")
    return "NOTES.md"


def add_extension(package: Path) -> str:
    (package / "my_extension.py").write_text("def helper() -> int:\n    return 1\n")
    return "my_extension.py"


def edit_header(package: Path) -> str:
    client = package / "client.py"
    client.write_text("# mine now\n" + client.read_text())
    return "client.py"


@pytest.mark.parametrize("change", [add_git, add_notes, add_extension, edit_header])
def test_our_package_with_files_added_or_taken_over_is_refused_untouched(
    capsys: pytest.CaptureFixture[str], wsdl: Path, package: Path, change: object
) -> None:
    assert callable(change)
    foreign = change(package)
    before = snapshot(package.parent)
    code, err = generate(capsys, wsdl, package)
    assert_refused(code, err, str(package), foreign, "--force")
    assert snapshot(package.parent) == before
    assert generate(capsys, wsdl, package, "--force")[0] == 0
    assert not (package / foreign).exists() or foreign == "client.py"
    assert foreign_files(package) == []


def test_the_wsdl_being_read_inside_the_package_is_not_deleted(
    capsys: pytest.CaptureFixture[str], package: Path
) -> None:
    inside = package / "shop.wsdl"
    inside.write_text(BASE)
    code, err = generate(capsys, inside, package)
    assert_refused(code, err, str(package), "shop.wsdl")
    assert inside.read_text() == BASE


def test_a_hand_made_provenance_does_not_make_a_folder_ours(
    capsys: pytest.CaptureFixture[str], wsdl: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "_provenance.py").write_text(
        f'GENERATOR = "mktows-codegen"\nGENERATOR_VERSION = "0"\nWSDL_SHA256 = "{"0" * 64}"\n'
    )
    before = snapshot(tmp_path)
    code, err = generate(capsys, wsdl, folder)
    assert_refused(code, err, str(folder), "_provenance.py")
    assert snapshot(tmp_path) == before


def test_bytecode_caches_do_not_count_as_foreign(
    capsys: pytest.CaptureFixture[str], wsdl: Path, package: Path
) -> None:
    (package / "__pycache__").mkdir()
    (package / "__pycache__" / "client.cpython-311.pyc").write_bytes(b"\0")
    (package / "client.cpython-311.pyc").write_bytes(b"\0")
    assert generate(capsys, wsdl, package)[0] == 0


def test_check_still_reports_extra_files(
    capsys: pytest.CaptureFixture[str], wsdl: Path, package: Path
) -> None:
    add_notes(package)
    capsys.readouterr()
    args = ["generate", "--wsdl", str(wsdl), "--output", str(package), "--check"]
    assert main(args) == 1
    assert capsys.readouterr().out.splitlines() == [f"extra: {package / 'NOTES.md'}"]


def test_the_committed_package_counts_as_ours() -> None:
    committed = REPO / "generated" / "mktows"
    assert read_provenance(committed) is not None
    assert foreign_files(committed) == []


# --- the previous WSDL ------------------------------------------------------


def set_constant(package: Path, name: str, value: str) -> None:
    provenance = package / "_provenance.py"
    text, count = re.subn(
        rf"^{name} = .*?(?=^[A-Z_]+ = |^#)",
        f"{name} = {value}\n",
        provenance.read_text(),
        flags=re.MULTILINE | re.DOTALL,
    )
    assert count == 1
    provenance.write_text(text)


@pytest.fixture
def server() -> Iterator[RecordingServer]:
    with recording_server(Reply(body=BASE.encode()), path="/old.wsdl") as running:
        yield running


def test_a_planted_wsdl_url_is_never_fetched(
    capsys: pytest.CaptureFixture[str],
    wsdl: Path,
    package: Path,
    server: RecordingServer,
) -> None:
    set_constant(package, "WSDL", repr(server.endpoint))
    set_constant(package, "WSDL_SHA256", repr("1" * 64))
    assert main(["generate", "--wsdl", str(wsdl), "--output", str(package)]) == 0
    assert server.connections == 0
    out = capsys.readouterr().out
    assert "API changes: not listed; the previous WSDL was not a revision name" in out


def test_a_planted_wsdl_path_is_never_read(
    capsys: pytest.CaptureFixture[str], wsdl: Path, package: Path, tmp_path: Path
) -> None:
    os.mkfifo(tmp_path / "fifo")  # reading it would block
    set_constant(package, "WSDL", repr(str(tmp_path / "fifo")))
    set_constant(package, "WSDL_SHA256", repr("1" * 64))
    code = main(["generate", "--wsdl", str(wsdl), "--output", str(package)])
    assert code == 0
    assert "the previous WSDL was not a revision name" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("OPTIONS", "[]"),
        ("OPTIONS", "{'class_names': [1]}"),
        ("OPTIONS", "{'class_names': {'A': 5}}"),
        ("WSDL", "['2_6']"),
        ("WSDL_SHA256", "'" + "1" * 64 + "'\nWSDL = None"),
    ],
)
def test_a_malformed_provenance_is_not_listed_never_a_crash(
    capsys: pytest.CaptureFixture[str],
    wsdl: Path,
    package: Path,
    name: str,
    value: str,
) -> None:
    set_constant(package, "WSDL_SHA256", repr("1" * 64))
    set_constant(package, name, value)
    assert main(["generate", "--wsdl", str(wsdl), "--output", str(package)]) == 0
    assert "API changes: not listed" in capsys.readouterr().out
    assert (package / "client.py").is_file()


# --- --output paths ---------------------------------------------------------


def test_a_symlink_loop_is_named_as_one(
    capsys: pytest.CaptureFixture[str], wsdl: Path, tmp_path: Path
) -> None:
    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    assert_refused(*generate(capsys, wsdl, loop), str(loop), "symlink loop")
    assert_refused(*generate(capsys, wsdl, loop / "pkg"), str(loop), "symlink loop")
    assert loop.is_symlink() and os.readlink(loop) == str(loop)


def test_a_file_in_the_output_path_is_named(
    capsys: pytest.CaptureFixture[str], wsdl: Path, tmp_path: Path
) -> None:
    afile = tmp_path / "afile"
    afile.write_text("mine\n")
    code, err = generate(capsys, wsdl, afile / "sub" / "pkg")
    assert_refused(code, err, f"{afile} is not a directory")
    assert afile.read_text() == "mine\n"


def test_the_current_directory_can_be_the_output(
    capsys: pytest.CaptureFixture[str],
    wsdl: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    here = tmp_path / "emptydir"
    here.mkdir()
    monkeypatch.chdir(here)
    assert main(["generate", "--wsdl", str(wsdl), "--output", "."]) == 0
    assert (here / "client.py").is_file() and foreign_files(here) == []
    assert main(["generate", "--wsdl", str(wsdl), "--output", "."]) == 0  # again
    names = {p.name for p in here.iterdir()}
    assert not any(name.startswith(".") for name in names), names
    assert Path.cwd() == here and sorted(p.name for p in tmp_path.iterdir()) == [
        "emptydir",
        "shop.wsdl",
    ]
    (here / "NOTES.md").write_text("mine\n")
    assert main(["generate", "--wsdl", str(wsdl), "--output", "."]) == 2
    assert (here / "NOTES.md").read_text() == "mine\n"
    capsys.readouterr()


def test_a_failure_writing_into_the_current_directory_puts_it_back(
    wsdl: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    assert main(["generate", "--wsdl", str(wsdl), "--output", "."]) == 0
    before = snapshot(here)
    real_rename = Path.rename

    def rename(self: Path, target: str | os.PathLike[str]) -> Path:
        if self.parent.name.startswith(".here.new.") and self.name == "models.py":
            raise OSError(28, "No space left on device")
        return real_rename(self, target)

    monkeypatch.setattr(Path, "rename", rename)
    assert main(["generate", "--wsdl", str(wsdl), "--output", "."]) == 2
    assert snapshot(here) == before


# --- option values ----------------------------------------------------------


def test_a_saved_class_name_that_is_not_a_string_is_one_line(
    capsys: pytest.CaptureFixture[str],
    wsdl: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    (tmp_path / "pyproject.toml").write_text(
        "[tool.mktows-codegen]\nclass-names = { Palette = 5 }\n"
    )
    monkeypatch.chdir(tmp_path)
    code, err = generate(capsys, wsdl, tmp_path / "out")
    assert_refused(code, err, "pyproject.toml", "class-names", "Palette")
    assert not (tmp_path / "out").exists()


def test_a_package_name_python_would_read_differently_says_so(
    capsys: pytest.CaptureFixture[str], wsdl: Path, tmp_path: Path
) -> None:
    code, err = generate(capsys, wsdl, tmp_path / "out", "--package", "\uff4dktows")
    assert_refused(code, err, "--package", "not written the way Python reads it")
    assert "'mktows'" in err
    assert not (tmp_path / "out").exists()


def test_our_package_from_another_wsdl_file_is_replaced_changes_not_listed(
    capsys: pytest.CaptureFixture[str], wsdl: Path, package: Path
) -> None:
    other = package.parent / "other.wsdl"
    other.write_text(edit(BASE, ("<!-- A paint shop", "<!-- Another paint shop")))
    capsys.readouterr()
    assert main(["generate", "--wsdl", str(other), "--output", str(package)]) == 0
    assert "the previous WSDL was not a revision name" in capsys.readouterr().out
    assert foreign_files(package) == []

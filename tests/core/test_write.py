"""``generate`` never destroys a user's files, and says clearly what it refuses and why.

Covers issue 12: the replace rule for ``--output`` (and ``--force``), symlinks, no
debris after success or failure, ``--package`` validation, empty flags, ``--wsdl``
naming a directory, ``--debug`` keeping the exit status, ``--check``'s kinds and
progress on a terminal only.
"""

from __future__ import annotations

import ast
import io
import keyword
import os
import pty
import select
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.cli.main import main
from generator.errors import GeneratorError
from generator.options import validate_package_name
from generator.write import write_tree
from tests.support.output import assert_refused, generate, snapshot
from tests.support.wsdl_fragments import BASE, edit


@pytest.fixture
def wsdl(tmp_path: Path) -> Path:
    path = tmp_path / "shop.wsdl"
    path.write_text(BASE)
    return path


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A user's project folder: sources, notes and a git repository."""
    folder = tmp_path / "work" / "project"
    (folder / ".git" / "objects").mkdir(parents=True)
    (folder / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (folder / "notes.txt").write_text("do not lose me\n")
    (folder / "src").mkdir()
    (folder / "src" / "app.py").write_text("print('hi')\n")
    return folder


# --- the replace rule --------------------------------------------------------


def test_a_project_folder_is_refused_and_untouched(
    capsys: pytest.CaptureFixture[str], wsdl: Path, project: Path
) -> None:
    before = snapshot(project.parent)
    code, err = generate(capsys, wsdl, project)
    assert_refused(code, err, str(project), "_provenance.py", "--force")
    assert snapshot(project.parent) == before


def test_a_regular_file_is_refused_and_untouched(
    capsys: pytest.CaptureFixture[str], wsdl: Path, tmp_path: Path
) -> None:
    target = tmp_path / "out" / "mktows"
    target.parent.mkdir()
    target.write_text("my file\n")
    code, err = generate(capsys, wsdl, target)
    assert_refused(code, err, str(target), "not a directory")
    assert snapshot(target.parent) == {"mktows": b"my file\n"}


@pytest.mark.parametrize(
    "provenance",
    [
        "",
        "GENERATOR = 'someone-else'\nGENERATOR_VERSION = '1'\nWSDL_SHA256 = '"
        + "0" * 64
        + "'\n",
        "GENERATOR = 'mktows-codegen'\n",  # no version, no sha
        "GENERATOR = 'mktows-codegen' (\n",  # does not parse
    ],
)
def test_a_folder_with_a_foreign_provenance_file_is_refused(
    capsys: pytest.CaptureFixture[str], wsdl: Path, tmp_path: Path, provenance: str
) -> None:
    target = tmp_path / "pkg"
    target.mkdir()
    (target / "_provenance.py").write_text(provenance)
    (target / "mine.py").write_text("x = 1\n")
    before = snapshot(tmp_path)
    code, err = generate(capsys, wsdl, target)
    assert_refused(code, err, str(target))
    assert snapshot(tmp_path) == before


def test_nothing_an_empty_folder_and_our_own_package_are_replaced(
    capsys: pytest.CaptureFixture[str], wsdl: Path, tmp_path: Path
) -> None:
    fresh, empty = tmp_path / "a" / "fresh", tmp_path / "empty"
    empty.mkdir()
    for target in (fresh, empty):
        assert generate(capsys, wsdl, target)[0] == 0
        assert (target / "_provenance.py").is_file()
    # files of an older generation (here the split models package) go
    assert generate(capsys, wsdl, empty, "--models", "split")[0] == 0
    assert (empty / "models" / "types.py").is_file()
    assert generate(capsys, wsdl, empty)[0] == 0
    assert not (empty / "models").exists() and (empty / "models.py").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a", "empty", "shop.wsdl"]
    assert [p.name for p in fresh.parent.iterdir()] == ["fresh"]


def test_force_replaces_a_project_folder_without_debris(
    capsys: pytest.CaptureFixture[str], wsdl: Path, project: Path
) -> None:
    (project / ".git" / "objects").chmod(0o500)  # read-only folders go too
    code, err = generate(capsys, wsdl, project, "--force")
    assert code == 0, err
    assert not (project / ".git").exists() and (project / "client.py").is_file()
    assert [p.name for p in project.parent.iterdir()] == ["project"]


def test_help_documents_force(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["generate", "--help"])
    assert "--force" in capsys.readouterr().out


# --- symlinks ----------------------------------------------------------------


def test_a_symlink_to_our_package_is_followed_not_replaced(
    capsys: pytest.CaptureFixture[str], wsdl: Path, tmp_path: Path
) -> None:
    real = tmp_path / "real" / "mktows"
    assert generate(capsys, wsdl, real, "--models", "split")[0] == 0
    (tmp_path / "links").mkdir()
    link = tmp_path / "links" / "mktows"
    link.symlink_to(real, target_is_directory=True)
    assert generate(capsys, wsdl, link)[0] == 0
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert (real / "models.py").is_file() and not (real / "models").exists()
    assert [p.name for p in link.parent.iterdir()] == ["mktows"]
    assert [p.name for p in real.parent.iterdir()] == ["mktows"]


def test_a_symlink_to_a_project_or_nowhere_is_refused(
    capsys: pytest.CaptureFixture[str], wsdl: Path, project: Path, tmp_path: Path
) -> None:
    to_project, dangling = tmp_path / "to-project", tmp_path / "dangling"
    to_project.symlink_to(project, target_is_directory=True)
    dangling.symlink_to(tmp_path / "nowhere")
    before = snapshot(tmp_path)
    assert_refused(*generate(capsys, wsdl, to_project), str(to_project))
    assert_refused(*generate(capsys, wsdl, dangling), str(dangling), "symlink")
    assert snapshot(tmp_path) == before


# --- no debris ---------------------------------------------------------------


@pytest.fixture
def package(capsys: pytest.CaptureFixture[str], wsdl: Path, tmp_path: Path) -> Path:
    target = tmp_path / "out" / "mktows"
    assert generate(capsys, wsdl, target)[0] == 0
    return target


def test_a_write_failing_half_way_leaves_the_package_and_no_debris(
    package: Path,
) -> None:
    before = snapshot(package.parent)
    files = {"a.py": "x = 1\n", "a.py/b.py": "y = 2\n"}  # the second write must fail
    with pytest.raises(GeneratorError, match="cannot write output directory"):
        write_tree(files, package)
    assert snapshot(package.parent) == before


def test_an_unexpected_error_half_way_leaves_no_debris(package: Path) -> None:
    before = snapshot(package.parent)
    with pytest.raises(UnicodeEncodeError):
        write_tree({"a.py": "x = 1\n", "b.py": "bad = '\udc80'\n"}, package)
    assert snapshot(package.parent) == before


def test_a_failed_swap_restores_the_package_and_leaves_no_debris(
    package: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = snapshot(package.parent)
    real_rename = Path.rename

    def rename(self: Path, target: str | os.PathLike[str]) -> Path:
        if self.name.startswith(".mktows.new.") and Path(target) == package:
            raise OSError(28, "No space left on device")
        return real_rename(self, target)

    monkeypatch.setattr(Path, "rename", rename)
    with pytest.raises(GeneratorError, match="No space left on device"):
        write_tree({"a.py": "x = 1\n"}, package)
    assert snapshot(package.parent) == before


# --- option values -----------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["1abc", "a-b", "import", "a b", ".a", "a.", "", "acme.vendor."]
)
def test_bad_package_names_are_refused(
    capsys: pytest.CaptureFixture[str],
    wsdl: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
) -> None:
    monkeypatch.chdir(tmp_path)  # the default output would be generated/<last part>
    code = main(["generate", "--wsdl", str(wsdl), "--package", name])
    err = capsys.readouterr().err
    assert_refused(code, err, "--package", "dotted path of Python identifiers")
    assert [p.name for p in tmp_path.iterdir()] == ["shop.wsdl"]


def test_a_bad_saved_package_names_the_configuration(
    capsys: pytest.CaptureFixture[str],
    wsdl: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.mktows-codegen]\npackage = "acme.vendor."\n'
    )
    monkeypatch.chdir(tmp_path)
    before = snapshot(tmp_path)
    assert_refused(
        *generate(capsys, wsdl, tmp_path / "out"), "pyproject.toml", "package"
    )
    assert main(["generate", "--wsdl", str(wsdl)]) == 2  # no default output either
    assert snapshot(tmp_path) == before


def test_a_package_shadowing_the_standard_library_warns_and_generates(
    capsys: pytest.CaptureFixture[str], wsdl: Path, tmp_path: Path
) -> None:
    code, err = generate(capsys, wsdl, tmp_path / "os", "--package", "os")
    assert code == 0
    assert err.strip().splitlines() == [
        "mktows-codegen: warning: package 'os' shadows the standard-library module "
        "'os'; importing it may hide or break that module"
    ]
    assert (tmp_path / "os" / "client.py").is_file()


NAMES = st.one_of(
    st.text(max_size=12),
    st.from_regex(r"[\w. -]{0,12}", fullmatch=True),
    st.lists(
        st.sampled_from([*keyword.kwlist, "match", "ﬁle", "a", "_1"]), max_size=3
    ).map(".".join),
)


@given(NAMES)
def test_a_package_name_is_accepted_exactly_when_python_can_import_it(
    name: str,
) -> None:
    try:
        body = ast.parse(f"import {name}").body
    except (SyntaxError, ValueError):
        body = []
    importable = (
        len(body) == 1
        and isinstance(body[0], ast.Import)
        and [(a.name, a.asname) for a in body[0].names] == [(name, None)]
    )
    try:
        validate_package_name(name)
        accepted = True
    except GeneratorError:
        accepted = False
    assert accepted == importable


def test_empty_saved_settings_are_errors(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.mktows-codegen]\nwsdl = ""\n')
    monkeypatch.chdir(tmp_path)
    code = main(["generate"])
    assert_refused(code, capsys.readouterr().err, "pyproject.toml", "wsdl: empty")
    assert [p.name for p in tmp_path.iterdir()] == ["pyproject.toml"]


@pytest.mark.parametrize("option", ["--wsdl", "--package", "--output"])
def test_empty_flags_are_errors_not_defaults(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    option: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    args = {"--wsdl": "2_6", "--package": "mktows", "--output": str(tmp_path / "o")}
    args[option] = ""
    code = main(["generate", *[part for pair in args.items() for part in pair]])
    assert_refused(code, capsys.readouterr().err, option, "empty")
    assert sorted(tmp_path.iterdir()) == []


def test_wsdl_naming_a_directory_says_so(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "somedir").mkdir()
    code, err = generate(capsys, tmp_path / "somedir", tmp_path / "out")
    assert_refused(code, err, str(tmp_path / "somedir"), "is a directory")
    assert not (tmp_path / "out").exists()


def test_debug_adds_the_traceback_but_keeps_exit_status_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, err = generate(capsys, tmp_path / "missing.wsdl", tmp_path / "o", "--debug")
    assert code == 2
    assert "Traceback (most recent call last)" in err
    assert err.strip().splitlines()[-1].startswith("mktows-codegen: error: ")


# --- --check -----------------------------------------------------------------


def test_check_names_each_file_stale_edited_missing_or_extra(
    capsys: pytest.CaptureFixture[str], wsdl: Path, package: Path, tmp_path: Path
) -> None:
    (package / "client.py").write_text((package / "client.py").read_text() + "# mine\n")
    (package / "py.typed").write_text("edited\n")
    (package / "signing.py").unlink()
    (package / "leftover.py").write_text("")
    capsys.readouterr()
    assert (
        main(["generate", "--wsdl", str(wsdl), "--output", str(package), "--check"])
        == 1
    )
    lines = capsys.readouterr().out.splitlines()
    assert sorted(lines) == sorted(
        [
            f"edited: {package / 'client.py'}",
            f"edited: {package / 'py.typed'}",
            f"extra: {package / 'leftover.py'}",
            f"missing: {package / 'signing.py'}",
        ]
    )
    other = tmp_path / "other.wsdl"  # other input: every generated file is stale
    other.write_text(edit(BASE, ("<!-- A paint shop", "<!-- Another paint shop")))
    assert (
        main(["generate", "--wsdl", str(other), "--output", str(package), "--check"])
        == 1
    )
    kinds = {line.split(": ")[0] for line in capsys.readouterr().out.splitlines()}
    assert kinds == {"stale", "extra", "missing"}


# --- progress ----------------------------------------------------------------

STAGES = ("load: ", "model: ", "render: ", "format: ", "write: ")


def read_available(fd: int) -> str:
    """What the terminal has received so far, without blocking when it is nothing."""
    chunks = []
    while select.select([fd], [], [], 0.1)[0]:
        chunks.append(os.read(fd, 65536))
    return b"".join(chunks).decode()


def test_progress_is_shown_on_a_terminal(
    wsdl: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    controller, terminal = pty.openpty()
    with open(terminal, "w", encoding="utf-8", closefd=True) as stream:
        monkeypatch.setattr(sys, "stderr", stream)
        assert (
            main(["generate", "--wsdl", str(wsdl), "--output", str(tmp_path / "o")])
            == 0
        )
        stream.flush()
        shown = read_available(controller)
    os.close(controller)
    lines = [line for line in shown.splitlines() if line]
    assert [line.split(": ")[0] + ": " for line in lines] == list(STAGES), shown
    assert any(line.startswith("model: ") and " classes" in line for line in lines)
    assert any(line.startswith("format: ") and " files" in line for line in lines)


def test_progress_is_quiet_when_stderr_is_not_a_terminal(
    wsdl: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    captured = io.StringIO()
    monkeypatch.setattr(sys, "stderr", captured)
    assert main(["generate", "--wsdl", str(wsdl), "--output", str(tmp_path / "o")]) == 0
    assert captured.getvalue() == ""

"""The format stage: block-wise black equals whole-file black, and the cache is transparent."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.format import format_files, format_source, split_blocks
from generator.load.sources import resolve
from generator.load.wsdl import load
from generator.model.api import build_model
from generator.render.templates import render


@pytest.fixture(scope="module")
def rendered(shared: Path) -> dict[str, str]:
    return render(build_model(load(resolve("2_6")), "mktows"))


def test_blockwise_formatting_equals_whole_file_formatting(
    rendered: dict[str, str], tmp_path: Path
) -> None:
    blockwise = format_files(rendered, cache=tmp_path / "cache")
    for path, source in rendered.items():
        if path.endswith(".py"):
            assert blockwise[path] == format_source(source), path


def test_a_warm_cache_gives_the_same_bytes(
    rendered: dict[str, str], tmp_path: Path
) -> None:
    cold = format_files(rendered, cache=tmp_path / "cache")
    assert any((tmp_path / "cache").rglob("*"))
    warm = format_files(rendered, cache=tmp_path / "cache")
    assert warm == cold


def test_a_poisoned_cache_entry_is_keyed_by_content_not_trusted_blindly(
    tmp_path: Path,
) -> None:
    source = "def f( x ):\n  return x\n"
    first = format_files({"a.py": source}, cache=tmp_path)
    assert first["a.py"] == "def f(x):\n    return x\n"
    other = format_files({"a.py": source.replace("x", "y")}, cache=tmp_path)
    assert other["a.py"] == "def f(y):\n    return y\n"


def test_split_keeps_decorators_and_comments_with_their_definition() -> None:
    source = "import a\n\n# about f\n@dec\ndef f():\n    pass\nclass C:\n    x = 1\n"
    assert split_blocks(source) == [
        "import a\n",
        "# about f\n@dec\ndef f():\n    pass\n",
        "class C:\n    x = 1\n",
    ]


def test_text_that_looks_like_a_definition_is_not_cut() -> None:
    source = '"""Docs.\n\nclass of things, and\ndef of words.\n"""\nX = 1\n\n\ndef f():\n    pass\n'
    blocks = split_blocks(source)
    assert len(blocks) == 2 and blocks[1].startswith("def f")
    assert format_files({"m.py": source})["m.py"] == format_source(source)


def test_invalid_python_is_reported_not_written() -> None:
    from generator.errors import GeneratorError

    with pytest.raises(GeneratorError, match="not valid Python"):
        format_files({"bad.py": "def f(self, *,):\n    pass\n"})

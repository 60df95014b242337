"""Readers and writers are imported by the first call, not with the client (issue 16)."""

from __future__ import annotations

import copy
import inspect
import pickle
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.runtime.deferred import DeferredModule, deferred_modules


@pytest.fixture
def package(tmp_path: Path) -> Iterator[str]:
    """A package ``lazypkg`` whose ``heavy`` module counts its imports."""
    root = tmp_path / "lazypkg"
    root.mkdir()
    (root / "__init__.py").write_text("IMPORTS = []\n")
    (root / "heavy.py").write_text(textwrap.dedent("""\
            from . import IMPORTS

            IMPORTS.append("heavy")
            NOT_A_FUNCTION = 3


            def double(value: int) -> int:
                return 2 * value
            """))
    sys.path.insert(0, str(tmp_path))
    try:
        yield "lazypkg"
    finally:
        sys.path.remove(str(tmp_path))
        for name in [m for m in sys.modules if m.split(".")[0] == "lazypkg"]:
            del sys.modules[name]


def test_naming_a_function_imports_nothing_and_the_first_call_imports_once(
    package: str,
) -> None:
    (heavy,) = deferred_modules(package, "heavy")
    double = heavy.double
    assert f"{package}.heavy" not in sys.modules
    assert double.__name__ == "double" and heavy.double is double
    assert "not imported yet" in repr(heavy)
    assert double(21) == 42 and heavy.double(2) == 4
    assert sys.modules[package].IMPORTS == ["heavy"]
    assert "imported" in repr(heavy) and "not" not in repr(heavy)


def test_the_real_functions_attributes_show_through(package: str) -> None:
    heavy = DeferredModule(package, "heavy")
    assert heavy.double.__annotations__ == {"value": int, "return": int}
    assert str(inspect.signature(heavy.double)) == "(value: int) -> int"


def test_pickling_and_copying_keep_the_reference(package: str) -> None:
    heavy = DeferredModule(package, "heavy")
    double = heavy.double
    assert copy.copy(double) is double and copy.deepcopy(double) is double
    assert f"{package}.heavy" not in sys.modules  # copying imported nothing
    for state in ("before the first call", "after it"):
        restored = pickle.loads(pickle.dumps(double))
        assert restored(4) == 8, state
        assert restored is sys.modules[f"{package}.heavy"].double
        assert double(1) == 2
    again = pickle.loads(pickle.dumps(heavy))
    assert isinstance(again, DeferredModule) and again.double(3) == 6


def test_a_missing_or_uncallable_name_fails_at_the_call_naming_it(
    package: str,
) -> None:
    heavy = DeferredModule(package, "heavy")
    with pytest.raises(AttributeError, match=r"lazypkg\.heavy has no function 'nope'"):
        heavy.nope()
    with pytest.raises(AttributeError, match="NOT_A_FUNCTION"):
        heavy.NOT_A_FUNCTION()
    with pytest.raises(AttributeError):
        heavy.__path__  # noqa: B018 - dunders are never deferred functions


def test_importing_the_generated_client_leaves_readers_and_writers_alone() -> None:
    code = (
        "import sys, mktows.client as c\n"
        "from mktows.models import Attribute\n"
        "before = sorted(m for m in ('mktows.parsers', 'mktows.serializers') "
        "if m in sys.modules)\n"
        "from lxml import etree\n"
        "node = etree.Element('x')\n"
        "c.serializers.write_attribute(Attribute(attr_name='a', attr_value='b'), node)\n"
        "print(before, 'mktows.serializers' in sys.modules, 'mktows.parsers' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["[]", "True", "False"]

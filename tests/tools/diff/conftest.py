"""Fixtures of the diff tests: one folder of revisions and the base revision."""

from __future__ import annotations

import pytest

from generator.tools.diff.compare import Side
from tests.support.diff_cases import Sides
from tests.support.wsdl_fragments import BASE


@pytest.fixture(scope="module")
def sides(tmp_path_factory: pytest.TempPathFactory) -> Sides:
    return Sides(tmp_path_factory.mktemp("diff"))


@pytest.fixture(scope="module")
def base(sides: Sides) -> Side:
    return sides.read(BASE)

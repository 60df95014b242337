"""The model stage's class passes grow linearly with the schema (issue 16).

xsdata's ``Class`` compares every field, nested attributes included, so one
comparison is costly and a pass that compares each class with many others is
quadratic: removing merged elements from a list one by one, or grouping equal
classes pairwise, took seconds on a WSDL of 3,000 definitions. These tests count
the comparisons.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from xsdata.codegen.handlers import MergeDuplicateClasses
from xsdata.codegen.models import Class

from generator.load.sources import resolve
from generator.load.wsdl import load
from generator.model.classes import (
    _MergeDuplicates,
    _SchemaContainer,
    merge_element_types,
    xsdata_config,
)


@pytest.fixture
def comparisons(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """Count ``Class.__eq__`` calls made while the test runs."""
    count = [0]
    equal = Class.__eq__

    def counted(self: Class, other: object) -> bool:
        count[0] += 1
        return equal(self, other)

    monkeypatch.setattr(Class, "__eq__", counted)
    yield count


@pytest.fixture(scope="module")
def raw(shared: Path) -> list[Class]:
    return load(resolve("2_6")).classes


def test_merging_elements_into_their_types_compares_no_classes(
    raw: list[Class], comparisons: list[int]
) -> None:
    classes = [cls.clone() for cls in raw]
    before = len(classes)
    merge_element_types(classes)
    assert comparisons[0] == 0
    assert before - len(classes) == 48  # the elements folded into their types
    assert len({id(cls) for cls in classes}) == len(classes)


def _container(raw: list[Class]) -> _SchemaContainer:
    container = _SchemaContainer(xsdata_config("pkg"), "<test>")
    # every class twice, and a third copy of some: groups of two and three
    container.extend([cls.clone() for cls in [*raw, *raw, *raw[::7]]])
    return container


def test_equal_classes_are_grouped_as_xsdata_groups_them_comparing_few(
    raw: list[Class], comparisons: list[int]
) -> None:
    container = _container(raw)
    size = len(list(container))
    ours = _MergeDuplicates(container).group_duplicate_classes()
    ours_comparisons = comparisons[0]
    theirs = MergeDuplicateClasses(container).group_duplicate_classes()
    by_identity = [
        sorted(sorted(id(cls) for cls in group) for group in groups)
        for groups in (ours, theirs)
    ]
    assert by_identity[0] == by_identity[1]
    assert {len(group) for group in ours} == {2, 3}
    # xsdata's pairwise grouping compares each class with every group so far
    assert comparisons[0] - ours_comparisons > size * 10
    assert ours_comparisons <= size

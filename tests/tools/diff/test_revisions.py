"""``diff`` on the archived mktows revisions: every change SOURCES.md §3 lists, no more.

The expected lists are complete: each real change between consecutive revisions,
with its rule, severity, direction and path, plus the soap:address each copy was
saved from. The 2_0 file is an svcutil rewrite (CRLF, reordered attributes, no
comments), so 2_0 -> 2_1 also shows that formatting reports nothing.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from generator.resources import REPO_ROOT
from generator.tools.diff.compare import DiffResult, Side, compare, diff
from generator.tools.diff.report import render_markdown, render_text
from tests.support.diffs import assert_undoes, rows
from tests.support.packages import REVISIONS
from tests.support.wsdl_fragments import reformat

pytestmark = pytest.mark.shared

ADDRESS = ("address-changed", "info", "none", "MktMktowsApiService/address")

EXPECTED = {
    ("2_0", "2_1"): [
        ("element-added-optional", "warning", "both", "MObject/typeAttribList"),
        ("type-added", "info", "response", "ArrayOfProgressionStatus"),
        ("type-added", "info", "both", "ArrayOfTag"),
        ("type-added", "info", "response", "ArrayOfTagStatus"),
        ("type-added", "info", "both", "ArrayOfTypeAttrib"),
        ("operation-added", "info", "both", "getChannels"),
        ("operation-added", "info", "both", "getTags"),
        ADDRESS,
        ("enum-value-added", "info", "none", "MObjectTypeEnum/Program"),
        ("type-added", "info", "request", "ParamsGetChannels"),
        ("type-added", "info", "request", "paramsGetChannels"),
        (
            "element-added-optional",
            "info",
            "request",
            "ParamsGetMObjects/includeDetails",
        ),
        ("type-added", "info", "request", "ParamsGetTags"),
        ("type-added", "info", "request", "paramsGetTags"),
        ("type-added", "info", "response", "ProgressionStatus"),
        ("type-added", "info", "response", "ResultGetChannels"),
        ("type-added", "info", "response", "ResultGetTags"),
        ("type-added", "info", "response", "SuccessGetChannels"),
        ("type-added", "info", "response", "successGetChannels"),
        ("type-added", "info", "response", "SuccessGetTags"),
        ("type-added", "info", "response", "successGetTags"),
        ("type-added", "info", "both", "Tag"),
        ("type-added", "info", "response", "TagStatus"),
        ("type-added", "info", "both", "TypeAttrib"),
    ],
    ("2_1", "2_2"): [
        ("enum-value-removed", "breaking", "request", "ListOperationType/CLEARLIST"),
        ADDRESS,
        (
            "element-added-optional",
            "info",
            "request",
            "ParamsGetLeadChanges/leadSelector",
        ),
    ],
    ("2_2", "2_4"): [
        (
            "element-removed",
            "breaking",
            "request",
            "ParamsListOperation/skipActivityLog",
        ),
        ADDRESS,
        (
            "element-added-optional",
            "info",
            "request",
            "ParamsGetLeadChanges/activityNameFilter",
        ),
    ],
    ("2_4", "2_6"): [
        ("nillable-added", "warning", "response", "MObjStatus/id"),
        ADDRESS,
        ("element-added-optional", "info", "request", "ParamsMergeLeads/mergeInSales"),
    ],
}

# The 14 complex types SOURCES.md §3 lists as new in 2_1.
NEW_IN_2_1 = {
    "ArrayOfProgressionStatus",
    "ArrayOfTag",
    "ArrayOfTagStatus",
    "ArrayOfTypeAttrib",
    "ParamsGetChannels",
    "ParamsGetTags",
    "ProgressionStatus",
    "ResultGetChannels",
    "ResultGetTags",
    "SuccessGetChannels",
    "SuccessGetTags",
    "Tag",
    "TagStatus",
    "TypeAttrib",
}


@cache
def side(revision: str) -> Side:
    return Side.read(revision)


@pytest.mark.parametrize(("old", "new"), list(EXPECTED), ids="->".join)
def test_every_change_between_archived_revisions(
    shared: Path, old: str, new: str
) -> None:
    assert rows(compare(side(old), side(new))) == EXPECTED[old, new]


def test_the_new_2_1_types_are_exactly_those_sources_lists(shared: Path) -> None:
    added = [c for c in compare(side("2_0"), side("2_1")) if c.rule.id == "type-added"]
    assert {c.path for c in added if c.new and c.new.startswith("type ")} == NEW_IN_2_1


@pytest.mark.parametrize(("old", "new"), list(EXPECTED), ids="->".join)
def test_backwards_removes_what_forwards_adds(shared: Path, old: str, new: str) -> None:
    assert_undoes(compare(side(old), side(new)), compare(side(new), side(old)))


@pytest.mark.parametrize("revision", REVISIONS)
def test_identical_and_reformatted_revisions_report_nothing(
    shared: Path, revision: str, tmp_path: Path
) -> None:
    assert compare(side(revision), side(revision)) == []
    source = side(revision).model.source
    copy = tmp_path / f"reformatted-{revision}.wsdl"
    copy.write_bytes(reformat(source.data))
    assert copy.read_bytes() != source.data
    result = diff(revision, str(copy))
    assert (result.changes, result.python) == ([], [])


def test_python_names_per_archived_pair(shared: Path) -> None:
    def names(old: str, new: str) -> list[tuple[str, str, str]]:
        return [(p.change, p.kind, p.name) for p in diff(old, new).python]

    assert names("2_1", "2_2") == [
        ("removed", "member", "ListOperationType.CLEARLIST"),
        ("added", "parameter", "Client.get_lead_changes(lead_selector)"),
        ("added", "field", "ParamsGetLeadChanges.lead_selector"),
    ]
    assert names("2_2", "2_4") == [
        ("removed", "parameter", "Client.list_operation(skip_activity_log)"),
        ("removed", "field", "ParamsListOperation.skip_activity_log"),
        ("added", "parameter", "Client.get_lead_changes(activity_name_filter)"),
        ("added", "field", "ParamsGetLeadChanges.activity_name_filter"),
    ]
    retyped = [p for p in diff("2_4", "2_6").python if p.change == "retyped"]
    assert [(p.name, p.old, p.new) for p in retyped] == [
        ("MObjStatus.id", "int", "None | Nil | int")
    ]
    added = names("2_0", "2_1")
    assert ("added", "method", "Client.get_channels") in added
    assert ("added", "method", "Client.get_tags") in added
    assert ("added", "member", "MObjectTypeEnum.PROGRAM") in added
    assert not [n for n in added if n[0] != "added"]


def test_the_docs_show_the_real_2_2_to_2_4_report(shared: Path) -> None:
    section = (REPO_ROOT / "docs/diff.md").read_text()
    result: DiffResult = diff("2_2", "2_4")
    assert render_markdown(result, python=False) in section
    python_names = render_text(result, python=True).split("\n\n")[-1]
    assert python_names.startswith("Python names (4)\n")
    assert python_names in section

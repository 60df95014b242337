"""``diff``: every rule on small WSDLs written for the test, in both directions.

Each case edits :data:`tests.support.wsdl_fragments.BASE` into a "new" revision and states
the complete list of changes expected, as (rule id, severity, direction, path).
Running the same case backwards must report the opposite of each change (what A->B
adds, B->A removes), with the two sides swapped.
"""

from __future__ import annotations

import pytest

from generator.tools.diff.compare import Side, compare
from generator.tools.diff.python import python_changes
from generator.tools.diff.rules import RULES
from tests.support.diff_cases import (
    GREEN,
    LOG,
    NOTE,
    OUTLINE,
    PALETTE_NAME,
    SPARE,
    Sides,
    after,
    element,
)
from tests.support.diff_rules import CASES, Case
from tests.support.diffs import (
    PAIRS,
    SELF_INVERSE,
    assert_undoes,
    opposites,
    rows,
)
from tests.support.wsdl_fragments import (
    BASE,
    edit,
    reformat,
)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_rule(case: Case, base: Side, sides: Sides) -> None:
    new = sides.read(case.new)
    assert rows(compare(base, new)) == case.expected


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_backwards_undoes_forwards(case: Case, base: Side, sides: Sides) -> None:
    new = sides.read(case.new)
    assert_undoes(compare(base, new), compare(new, base))


def test_every_rule_is_exercised_both_ways() -> None:
    forward = {row[0] for case in CASES for row in case.expected}
    covered = forward | {o for rule_id in forward for o in opposites(rule_id)}
    assert covered == set(RULES)
    assert SELF_INVERSE | {r for pair in PAIRS for r in pair} == set(RULES)


def test_identical_and_reformatted_inputs_report_nothing(
    base: Side, sides: Sides
) -> None:
    rewritten = reformat(BASE.encode())
    assert b"\r\n" in rewritten and b"xsd:" in rewritten and b"<!--" not in rewritten
    assert compare(base, sides.read(BASE)) == []
    assert compare(base, sides.read(rewritten)) == []
    assert python_changes(base.model, sides.read(rewritten).model) == []


def test_a_change_names_who_uses_it_and_both_sides(base: Side, sides: Sides) -> None:
    (removed,) = compare(base, sides.read(edit(BASE, (NOTE, ""))))
    assert removed.message == "element note removed (sent by paint)"
    assert (removed.old, removed.new) == ("xs:string [0..1] nillable", None)
    (shared,) = compare(
        base,
        sides.read(edit(BASE, after(PALETTE_NAME, element("paletteId", "xs:int")))),
    )
    assert shared.message.endswith("(sent by paint; received by paint)")
    (unused,) = compare(base, sides.read(edit(BASE, (SPARE, ""))))
    assert unused.message.endswith("(not used by any operation)")
    (occurs,) = compare(
        base, sides.read(edit(BASE, (LOG, LOG.replace('"3"', '"unbounded"'))))
    )
    assert (occurs.old, occurs.new) == ("3", "*")


def test_changes_come_worst_first_then_by_path(base: Side, sides: Sides) -> None:
    new = sides.read(
        edit(
            BASE,
            ("https://example.invalid/paint", "https://example.invalid/v2"),
            (NOTE, ""),
            after(OUTLINE, element("elapsed", "xs:int", ' minOccurs="0"')),
            (GREEN, ""),
        )
    )
    assert [(r[1], r[3]) for r in rows(compare(base, new))] == [
        ("breaking", "Color/GREEN"),
        ("breaking", "ParamsPaint/note"),
        ("warning", "SuccessPaint/elapsed"),
        ("info", "PaintService/address"),
    ]

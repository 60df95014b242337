"""Reading ``diff`` results in tests: changes as plain rows, and what undoes what."""

from __future__ import annotations

from generator.tools.diff.rules import Change

Row = tuple[str, str, str, str]  # rule id, severity, direction, path

# What undoes what: running a case backwards turns each change into its opposite.
PAIRS = [
    ("operation-added", "operation-removed"),
    ("port-added", "port-removed"),
    ("header-added-optional", "header-removed"),
    ("header-added-required", "header-removed"),
    ("header-now-required", "header-now-optional"),
    ("type-added", "type-removed"),
    ("subtype-added", "type-removed"),
    ("element-added-optional", "element-removed"),
    ("element-added-required", "element-removed"),
    ("min-occurs-raised", "min-occurs-lowered"),
    ("max-occurs-raised", "max-occurs-lowered"),
    ("nillable-added", "nillable-removed"),
    ("enum-value-added", "enum-value-removed"),
]
SELF_INVERSE = {
    "soap-action-changed",
    "request-element-changed",
    "response-element-changed",
    "address-changed",
    "documentation-changed",
    "service-renamed",
    "namespace-changed",
    "type-kind-changed",
    "base-type-changed",
    "element-type-changed",
    "element-order-changed",
}


def opposites(rule_id: str) -> set[str]:
    if rule_id in SELF_INVERSE:
        return {rule_id}
    return {b for a, b in PAIRS if a == rule_id} | {a for a, b in PAIRS if b == rule_id}


def rows(changes: list[Change]) -> list[Row]:
    return [(c.rule.id, c.severity.label, c.direction.value, c.path) for c in changes]


def assert_undoes(forward: list[Change], backward: list[Change]) -> None:
    """Each change of A->B has its opposite in B->A, with old and new swapped."""
    assert len(backward) == len(forward)
    for change in forward:
        (match,) = [
            c
            for c in backward
            if c.path == change.path and c.rule.id in opposites(change.rule.id)
        ]
        assert (match.old, match.new, match.direction) == (
            change.new,
            change.old,
            change.direction,
        )

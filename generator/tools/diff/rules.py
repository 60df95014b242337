"""The rules of ``mktows-codegen diff``: what each kind of change costs, by direction.

A WSDL change hurts differently depending on who produces the data. A new required
element breaks every client that *sends* the type (the request), but only surprises
a strict parser that *receives* it (the response). So each rule states one severity
for the request side and one for the response side; a change reachable from both
takes the worse of the two, and a change nothing reaches (declared but unused) is
info. Rule ids are part of the command's interface (JSON consumers and CI filters
match on them), so they never change once published.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Severity(enum.IntEnum):
    """How bad a change is for an existing client; ordered, so ``max`` works."""

    INFO = 1
    WARNING = 2
    BREAKING = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, label: str) -> Severity:
        return cls[label.upper()]


class Direction(enum.StrEnum):
    """Where a changed type is reachable from; headers count as request."""

    REQUEST = "request"
    RESPONSE = "response"
    BOTH = "both"
    NONE = "none"

    @classmethod
    def of(cls, sent: bool, received: bool) -> Direction:
        if sent and received:
            return cls.BOTH
        if sent:
            return cls.REQUEST
        return cls.RESPONSE if received else cls.NONE


INFO, WARN, BREAK = Severity.INFO, Severity.WARNING, Severity.BREAKING


@dataclass(frozen=True)
class Rule:
    """One kind of change, with its severity when sent and when received."""

    id: str
    request: Severity
    response: Severity
    summary: str

    def severity(self, direction: Direction) -> Severity:
        if direction is Direction.REQUEST:
            return self.request
        if direction is Direction.RESPONSE:
            return self.response
        if direction is Direction.BOTH:
            return max(self.request, self.response)
        return Severity.INFO


# id, severity when sent (request), severity when received (response), meaning.
_RULES = [
    # The service: operations, SOAPAction, headers, address.
    ("operation-added", INFO, INFO, "a new operation; existing calls are unaffected"),
    ("operation-removed", BREAK, BREAK, "an operation is gone; its calls fail"),
    ("soap-action-changed", BREAK, BREAK, "old clients send the old SOAPAction"),
    ("request-element-changed", BREAK, BREAK, "the input is a different element"),
    ("response-element-changed", BREAK, BREAK, "the output is a different element"),
    ("header-added-required", BREAK, BREAK, "a new required header part"),
    ("header-added-optional", INFO, INFO, "a new optional header part"),
    ("header-removed", BREAK, BREAK, "a header old clients send is no longer declared"),
    ("header-now-required", BREAK, BREAK, "an optional header part became required"),
    ("header-now-optional", INFO, INFO, "a required header part became optional"),
    ("port-added", INFO, INFO, "a new port (a new client class)"),
    ("port-removed", BREAK, BREAK, "a port is gone; its client's calls fail"),
    ("address-changed", INFO, INFO, "the soap:address location changed"),
    ("documentation-changed", INFO, INFO, "documentation text changed"),
    ("service-renamed", INFO, INFO, "a service, port or binding name changed"),
    ("namespace-changed", BREAK, BREAK, "the target namespace changed"),
    # The schema: types, their elements and enumerations.
    ("type-added", INFO, INFO, "a new type or element"),
    ("type-removed", BREAK, BREAK, "a type or element is gone"),
    ("subtype-added", INFO, WARN, "a new derived type; usable as xsi:type"),
    ("type-kind-changed", BREAK, BREAK, "a type switched enumeration/complex type"),
    ("base-type-changed", BREAK, BREAK, "a type's base (extension) changed"),
    ("element-added-optional", INFO, WARN, "a new optional element"),
    ("element-added-required", BREAK, WARN, "a new required element"),
    ("element-removed", BREAK, BREAK, "an element is gone"),
    ("element-type-changed", BREAK, BREAK, "an element's type changed"),
    ("element-order-changed", BREAK, WARN, "existing elements changed sequence order"),
    ("min-occurs-raised", BREAK, INFO, "an element became required"),
    ("min-occurs-lowered", INFO, WARN, "an element became optional"),
    ("max-occurs-raised", INFO, WARN, "an element may repeat more often"),
    ("max-occurs-lowered", BREAK, INFO, "an element may repeat less often"),
    ("nillable-added", INFO, WARN, "an element became nillable"),
    ("nillable-removed", BREAK, INFO, "an element is no longer nillable"),
    ("enum-value-added", INFO, WARN, "a new enumeration value"),
    ("enum-value-removed", BREAK, INFO, "an enumeration value is gone"),
]

RULES: dict[str, Rule] = {row[0]: Rule(*row) for row in _RULES}


@dataclass(frozen=True)
class Change:
    """One difference between two WSDLs, classified.

    ``path`` names the place (``ParamsListOperation/skipActivityLog``,
    ``getChannels``, ``syncLead/headers/MktowsContextHeader``); ``old`` and ``new``
    are short renderings of the two sides, ``None`` when a side has nothing.
    """

    rule: Rule
    direction: Direction
    path: str
    message: str
    old: str | None = None
    new: str | None = None

    @property
    def severity(self) -> Severity:
        return self.rule.severity(self.direction)

    def sort_key(self) -> tuple[int, str, str, str]:
        """Worst first, then by path as a person reads it (case-insensitive)."""
        return (-self.severity, self.path.casefold(), self.path, self.rule.id)


def change(
    rule_id: str,
    direction: Direction,
    path: str,
    message: str,
    old: str | None = None,
    new: str | None = None,
) -> Change:
    """A :class:`Change` for the rule named ``rule_id`` (a typo fails loudly here)."""
    return Change(RULES[rule_id], direction, path, message, old, new)

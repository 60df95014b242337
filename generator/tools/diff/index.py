"""One side of a diff: the schema's classes keyed by XML identity, and who uses them.

Two revisions are matched by what is on the wire, not by generated names: a class is
keyed by its kind (element or type), its namespace and its XML name, a field by its
XML name. That keeps formatting, prefixes and xsdata's renaming out of the comparison.
The WSDL's own targetNamespace counts as one namespace on both sides (:data:`HOME`),
so a changed targetNamespace is one change (``namespace-changed``), not every type
removed and added again. A path names a class by its XML name, written
``{namespace}Item`` where classes of that name live in several namespaces and this
one is not the targetNamespace.

Reachability decides a change's direction. Starting from each operation's request
element and its header parts (what the client sends) and its response element
(what it receives), the index follows element types, base types and derived types
(a derived type can stand in for its base through ``xsi:type``). A class no
operation reaches is declared but unused.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from xsdata.codegen.models import Attr, AttrType, Class
from xsdata.models.enums import Namespace, Tag
from xsdata.utils.namespaces import local_name, split_qname

from generator.model.api import ApiModel, Operation
from generator.model.classes import is_unknown_slot
from generator.tools.diff.rules import Direction

ClassKey = tuple[str, str, str]  # ("element" | "type", namespace or HOME, XML name)

HOME = "##targetNamespace"  # the WSDL's targetNamespace, whatever it is on each side

USERS_SHOWN = 3  # operation names listed in a message before "+N more"


def class_key(cls: Class, home: str) -> ClassKey:
    """``("element", HOME, "paramsGetLead")`` or ``("type", "urn:b", "Item")``.

    ``home`` is the side's targetNamespace. Works on the schema's classes and on
    the model's: a model class folded from an element/type pair, or renamed apart
    from a class of another namespace (``Item_b``), keeps its XML name in
    ``meta_name`` and its namespace in its qname.
    """
    kind = "element" if cls.is_element else "type"
    namespace = split_qname(cls.qname)[0] or ""
    return kind, HOME if namespace == home else namespace, xml_name(cls)


def xml_name(cls: Class) -> str:
    return cls.meta_name or local_name(cls.qname)


def ambiguous_names(*keys: Iterable[ClassKey]) -> frozenset[str]:
    """The XML names that classes of several namespaces have, among ``keys``."""
    spaces: dict[str, set[str]] = {}
    for _, namespace, name in (key for group in keys for key in group):
        spaces.setdefault(name, set()).add(namespace)
    return frozenset(name for name, found in spaces.items() if len(found) > 1)


def key_name(key: ClassKey, ambiguous: Collection[str] = ()) -> str:
    """The name a path starts with: the XML name, ``{namespace}name`` when the
    name is ``ambiguous`` and the namespace is not the targetNamespace."""
    _, namespace, name = key
    if name in ambiguous and namespace != HOME:
        return f"{{{namespace}}}{name}"
    return name


def key_label(key: ClassKey, ambiguous: Collection[str] = ()) -> str:
    """``type Item``, ``element {urn:b}item``: a class in a message."""
    return f"{key[0]} {key_name(key, ambiguous)}"


def fields(cls: Class) -> list[Attr]:
    """The fields the schema declares: no enumeration values, no unknown-elements slot."""
    return [
        attr
        for attr in cls.attrs
        if not is_unknown_slot(attr) and attr.tag != Tag.ENUMERATION
    ]


def field_key(attr: Attr) -> str:
    """``name`` for an element, ``@name`` for an XML attribute: the path's last step."""
    name = attr.local_name or attr.name
    return f"@{name}" if attr.tag == Tag.ATTRIBUTE else name


def enum_values(cls: Class) -> dict[str, Attr]:
    """An enumeration's values, by the value the XML carries."""
    return {
        str(attr.default): attr for attr in cls.attrs if attr.tag == Tag.ENUMERATION
    }


def element_name(cls: Class | None) -> str:
    """An operation's message element as ``name`` (its XML local name); ``(none)``
    for the response of a one-way operation."""
    if cls is None:
        return "(none)"
    return cls.meta_name or local_name(cls.qname)


class SchemaIndex:
    """One side's schema classes by key, and the operations that reach each.

    ``classes`` is xsdata's class model as mapped from the schema
    (:attr:`generator.load.wsdl.LoadedWsdl.classes`): one class per element and per
    type, named as in the XSD, before the model stage folds element/type pairs
    together. Comparing at that level keeps the diff about the schema: a revision
    that reuses a type for a second element changes how classes are generated,
    but nothing on the wire. ``model`` supplies the operations and their headers.
    """

    def __init__(self, classes: list[Class], model: ApiModel) -> None:
        self.model = model
        self.home = model.service.namespace
        self.by_qname = {cls.qname: cls for cls in classes}
        self.classes = {self.key(cls): cls for cls in classes}
        # Names shown with their namespace; :func:`share_names` widens it to both sides.
        self.ambiguous = ambiguous_names(self.classes)
        # Types derived from a type can stand in for it (xsi:type); an element
        # "extending" the type it declares cannot.
        self.derived: dict[str, list[Class]] = {}
        for cls in classes:
            for base in [] if cls.is_element else self.bases(cls):
                self.derived.setdefault(base.qname, []).append(cls)
        self.sent: dict[ClassKey, list[str]] = {}
        self.received: dict[ClassKey, list[str]] = {}
        for operation in model.operations:
            for key in self.reach(self.request_roots(operation)):
                self.sent.setdefault(key, []).append(operation.name)
            responses = [operation.response] if operation.response else []
            for key in self.reach(self.elements(responses)):
                self.received.setdefault(key, []).append(operation.name)

    def key(self, cls: Class) -> ClassKey:
        return class_key(cls, self.home)

    def name(self, cls: Class) -> str:
        """The name a path starts with (see :func:`key_name`)."""
        return key_name(self.key(cls), self.ambiguous)

    def elements(self, model_classes: list[Class]) -> list[Class]:
        """The schema's top-level elements behind classes of the model; a class the
        model made for a message (several parts, ``type=`` parts, an rpc wrapper)
        stands for itself, its fields pointing at the schema's classes."""
        return [
            self.classes.get(("element", *self.key(cls)[1:]), cls)
            for cls in model_classes
        ]

    def request_roots(self, operation: Operation) -> list[Class]:
        """What the client sends: the request element and every header part."""
        headers = [
            self.classes[self.element_key(header.element)]
            for header in operation.headers
        ]
        return [*self.elements([operation.request]), *headers]

    def element_key(self, qname: str) -> ClassKey:
        namespace, name = split_qname(qname)
        return "element", HOME if namespace == self.home else namespace or "", name

    def bases(self, cls: Class) -> list[Class]:
        """The schema classes ``cls`` extends (for an element: the type it declares)."""
        return [
            self.by_qname[ext.type.qname]
            for ext in cls.extensions
            if not ext.type.native and ext.type.qname in self.by_qname
        ]

    def referenced(self, cls: Class) -> Iterable[Class]:
        """Every class ``cls`` points at: field types, bases and derived types."""
        for attr in cls.attrs:
            for attr_type in attr.types:
                if not attr_type.native and attr_type.qname in self.by_qname:
                    yield self.by_qname[attr_type.qname]
        yield from self.bases(cls)
        yield from self.derived.get(cls.qname, [])

    def reach(self, roots: list[Class]) -> set[ClassKey]:
        """The keys of every class reachable from ``roots`` (roots included)."""
        seen: set[ClassKey] = set()
        pending = list(roots)
        while pending:
            cls = pending.pop()
            key = self.key(cls)
            if key not in seen:
                seen.add(key)
                pending.extend(self.referenced(cls))
        return seen

    def type_label(self, attr_type: AttrType) -> str:
        """``xs:int`` for a built-in type, the type's XML name for a schema type."""
        if attr_type.native:
            prefix = (
                "xs:" if attr_type.qname.startswith(f"{{{Namespace.XS.uri}}}") else ""
            )
            return prefix + local_name(attr_type.qname)
        target = self.by_qname.get(attr_type.qname)
        return self.name(target) if target else local_name(attr_type.qname)

    def types_label(self, attr: Attr) -> str:
        return " | ".join(self.type_label(t) for t in attr.types)

    def describe(self, attr: Attr) -> str:
        """A field in one short line: ``xs:boolean [0..1] nillable``."""
        limits = attr.restrictions
        text = f"{self.types_label(attr)} [{occurs(limits.min_occurs)}..{occurs(limits.max_occurs)}]"
        return f"{text} nillable" if limits.nillable else text


def occurs(value: int | None) -> str:
    """minOccurs/maxOccurs as the schema writes them (xsdata stores unbounded as a huge int)."""
    if value is None:
        return "1"
    return "*" if value >= 2**31 else str(value)


def share_names(*indexes: SchemaIndex) -> None:
    """Show a name with its namespace on every side when it is ambiguous on one,
    so that a path reads the same in both revisions."""
    ambiguous = ambiguous_names(*(index.classes for index in indexes))
    for index in indexes:
        index.ambiguous = ambiguous


class Usage:
    """Who uses a class, on either side of a diff: its direction and a short note."""

    def __init__(self, sides: Iterable[tuple[SchemaIndex, ClassKey]]) -> None:
        self.sent: list[str] = []
        self.received: list[str] = []
        for index, key in sides:
            self.sent += [n for n in index.sent.get(key, []) if n not in self.sent]
            self.received += [
                n for n in index.received.get(key, []) if n not in self.received
            ]

    @property
    def direction(self) -> Direction:
        return Direction.of(bool(self.sent), bool(self.received))

    def note(self) -> str:
        """`` (sent by listOperation)``, or `` (not used by any operation)``."""
        parts = [
            f"{verb} by {_names(names)}"
            for verb, names in (("sent", self.sent), ("received", self.received))
            if names
        ]
        return f" ({'; '.join(parts) if parts else 'not used by any operation'})"


def _names(names: list[str]) -> str:
    shown = ", ".join(sorted(names)[:USERS_SHOWN])
    more = len(names) - USERS_SHOWN
    return f"{shown} +{more} more" if more > 0 else shown

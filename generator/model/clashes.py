"""Classes whose Python names xsdata would take for one, told apart or refused.

xsdata compares class names by their ASCII letters and digits, any case, and
numbers the ones that meet (``TypeA_1``); the generated functions
(``write_type_a``) would meet too. :func:`resolve_clashes` decides instead, in
this order, for each group of such classes:

* two classes, one abstract: xsdata adds ``_abstract``;
* an element and the type it is not folded into: the type takes ``_type``
  (element ``successErase``, type ``SuccessErase_type``);
* classes in different namespaces: those in the WSDL's targetNamespace keep the
  name, the others are qualified by their namespace's readable words
  (:func:`.naming.qualify`: ``TypeA_SchemaA``, ``TypeA_SchemaB``); then the
  classes of one namespace go through the two rules above again;
* anything else is refused with one line naming both XML names and the
  ``--class-name`` that fixes it (``{urn:a}Item=NewName`` for namespaces that differ
  only in case; see :mod:`.class_names`).

The XML names stay the schema's (``Meta.name``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NoReturn

from xsdata.codegen.handlers import RenameDuplicateClasses
from xsdata.codegen.mixins import ContainerInterface
from xsdata.codegen.models import Class
from xsdata.utils import namespaces, text

from generator.errors import GeneratorError
from generator.model.naming import CLASS_RESERVED, free_name, qualify


def resolve_clashes(container: ContainerInterface, where: str, home: str) -> None:
    """Rename the classes of ``container`` whose names clash (see the module)."""
    groups: dict[str, list[Class]] = {}
    for cls in container:
        groups.setdefault(text.alnum(cls.name), []).append(cls)
    clashes = _Clashes(RenameDuplicateClasses(container), set(groups), where)
    for group in groups.values():
        if clashes.pair_resolves(group):
            continue
        spaces: dict[str, list[Class]] = {}
        for cls in group:
            spaces.setdefault(namespace(cls), []).append(cls)
        if len(spaces) < 2:
            clashes.refuse(group)
        clashes.qualify([cls for cls in group if namespace(cls) != home])
        for members in spaces.values():
            if not clashes.pair_resolves(members):
                clashes.refuse(members)
    for cls in container:
        clashes.renamer.update_references(cls)


class _Clashes:
    """The renames of one container, and the names (xsdata's keys) already taken."""

    def __init__(
        self, renamer: RenameDuplicateClasses, taken: set[str], where: str
    ) -> None:
        self.renamer = renamer
        self.taken = taken
        self.where = where

    def pair_resolves(self, group: list[Class]) -> bool:
        """True for one class, an abstract pair, or an element and a type (which
        is renamed ``<name>_type``)."""
        abstract = [cls for cls in group if cls.abstract]
        if len(group) < 2 or (len(group) == 2 and len(abstract) == 1):
            return True
        if len(group) != 2 or group[0].is_element == group[1].is_element:
            return False
        other = group[1] if group[0].is_element else group[0]
        self.rename(
            other,
            free_name(
                f"{other.name}_type",
                lambda n: n in CLASS_RESERVED or text.alnum(n) in self.taken,
                "type",
            ),
        )
        return True

    def qualify(self, classes: list[Class]) -> None:
        """Qualify each class's name by its namespace."""
        names = qualify(
            [(namespace(cls), cls.name) for cls in classes],
            key=text.alnum,
            taken=self.taken.__contains__,
            reserved=CLASS_RESERVED.__contains__,
            suffix="type",
        )
        if names is None:
            ordered = sorted(classes, key=lambda c: (namespace(c), xml_name(c)))
            spaces = ", ".join(
                repr(ns) for ns in dict.fromkeys(map(namespace, ordered))
            )
            example = namespaces.build_qname(
                namespace(ordered[-1]), xml_name(ordered[-1])
            )
            raise GeneratorError(
                self.where,
                f"types named {xml_name(classes[0])!r} in namespaces {spaces}: their "
                "namespaces give no distinct free Python class names (namespaces that "
                "differ only in case or punctuation read alike); expected distinct "
                f"names: rename all but one with --class-name '{example}=NewName'",
            )
        for cls in classes:
            self.rename(cls, names[(namespace(cls), cls.name)])

    def rename(self, cls: Class, new: str) -> None:
        """Rename ``cls`` in xsdata's container, keeping its XML name."""
        xml = xml_name(cls)
        self.renamer.rename_class(cls, namespaces.build_qname(namespace(cls), new))
        cls.meta_name = xml
        self.taken.add(text.alnum(new))

    def refuse(self, group: Iterable[Class]) -> NoReturn:
        first, second = list(group)[:2]
        raise GeneratorError(
            self.where,
            f"types {xml_name(first)!r} and {xml_name(second)!r} become Python "
            f"classes {first.name!r} and {second.name!r}, one name to xsdata and to "
            "the generated functions (case and _ ignored); expected distinct names: "
            f"rename one with --class-name {second.name}=NewName",
        )


def xml_name(cls: Class) -> str:
    return cls.meta_name or namespaces.local_name(cls.qname)


def namespace(cls: Class) -> str:
    return namespaces.split_qname(cls.qname)[0] or ""

"""The types half of the model stage: xsdata's class model, with names a person would choose.

xsdata maps every top-level ``xs:element`` and every named type to its own class. A
WSDL like mktows declares ``<xs:element name="paramsGetLead" type="tns:ParamsGetLead"/>``
for each message, so a plain run gives two classes for one thing and renames one
of them ``ParamsGetLead1``. Two small passes run before xsdata's own analysis:

* :func:`merge_element_types` folds each element into the type it names when
  nothing else uses that type: one class, named after the element (``ParamsGetLead``,
  ``AuthenticationHeader``), carrying the element's XML name and namespace.
* :func:`add_unknown_elements` gives every complex class a wildcard field where the
  runtime keeps elements the schema does not know, and (unless the type declares
  ``xs:anyAttribute``) a mapping for attributes it does not declare (an
  ``xsi:nil`` on a non-nillable element, a newer server's extra attribute), so
  parsing a response and writing it back loses nothing.

Then xsdata's :class:`~xsdata.codegen.container.ClassContainer` runs its passes
with our naming conventions (original-case class names, so ``MObject`` stays
``MObject``).
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable, Mapping

from xsdata.codegen.container import ClassContainer, Steps
from xsdata.codegen.handlers import (
    DesignateClassPackages,
    MergeDuplicateClasses,
    RenameDuplicateAttributes,
    RenameDuplicateClasses,
    ValidateReferences,
)
from xsdata.codegen.mixins import HandlerInterface
from xsdata.codegen.models import Attr, AttrType, Class, Restrictions
from xsdata.codegen.utils import ClassUtils
from xsdata.formats.dataclass.filters import Filters
from xsdata.models.config import (
    DocstringStyle,
    GeneratorConfig,
    NameCase,
    NameConvention,
    StructureStyle,
)
from xsdata.models.enums import DataType, Tag
from xsdata.utils import namespaces, text

from generator.errors import GeneratorError
from generator.model.clashes import resolve_clashes, xml_name
from generator.model.class_names import Generate, resolve
from generator.model.docstrings import describe_undocumented
from generator.model.naming import (
    CLASS_RESERVED,
    FIELD_RESERVED,
    UNKNOWN_ATTRIBUTES,
    UNKNOWN_ELEMENTS,
    free_name,
    is_python_name,
    python_name,
)
from generator.model.python_names import ModelFilters

MODULE = "models"


def xsdata_config(package: str) -> GeneratorConfig:
    """The xsdata configuration every stage shares."""
    config = GeneratorConfig()
    config.output.package = package
    config.output.structure_style = StructureStyle.SINGLE_PACKAGE
    config.output.docstring_style = DocstringStyle.GOOGLE
    config.output.relative_imports = True
    config.output.max_line_length = 88
    config.conventions.class_name = NameConvention(NameCase.ORIGINAL, "type")
    config.output.unnest_classes = True  # anonymous types become classes of their own
    return config


def build_classes(
    raw: list[Class],
    package: str,
    renames: Mapping[str, str] | None = None,
    where: str = "<wsdl>",
    home: str = "",
) -> list[Class]:
    """Run our passes and xsdata's analysis; return the final classes, in order.

    ``home`` is the WSDL's targetNamespace: its classes keep their names when
    another namespace has a class of the same name."""
    classes = [cls.clone() for cls in raw]
    merge_element_types(classes)
    rename_classes(
        classes,
        renames or {},
        lambda fixed: build_classes(raw, package, fixed, where, home),
    )
    name_classes(classes, xsdata_config(package), where)
    add_unknown_elements(classes)
    container = _SchemaContainer(xsdata_config(package), where, home)
    container.extend(classes)
    container.process()
    result = sorted(container, key=lambda cls: cls.name)
    describe_undocumented(result)
    for cls in result:
        cls.package = package
        cls.module = MODULE
        for attr in cls.attrs:
            if attr.tag == Tag.ANY:  # xs:any keeps its elements as they were
                attr.restrictions.max_occurs = sys.maxsize
            elif attr.is_optional and not attr.fixed and not attr.is_list:
                # absent stays absent (``None``), so a message reads back as sent;
                # the receiver applies the schema's default
                attr.default = None
    return result


def split_modules(classes: list[Class], roles: Mapping[str, str]) -> None:
    """Move each class into ``models/<group>.py``: its role, else enums or types.

    ``roles`` maps a class name to ``requests``, ``responses`` or ``headers``.
    """
    for cls in classes:
        cls.package = f"{cls.package}.{MODULE}"
        cls.module = roles.get(cls.name) or ("enums" if cls.is_enumeration else "types")


class _SchemaContainer(ClassContainer):
    """xsdata's container, keeping every named type of the schema, and refusing
    names that would clash where xsdata would number them (see :mod:`.naming`).

    xsdata drops simple types nothing refers to; an unused enumeration such as
    mktows' ``MObjectTypeEnum`` is still part of the API users program against.
    """

    def __init__(self, config: GeneratorConfig, where: str, home: str = "") -> None:
        super().__init__(config)
        self.where = where
        self.home = home
        self.processors[Steps.SANITIZE] = [
            (
                _NameFields(ModelFilters(config), where)
                if isinstance(p, RenameDuplicateAttributes)
                else p
            )
            for p in self.processors[Steps.SANITIZE]
        ]

    def filter_classes(self) -> None:
        """Keep every named type but the simple ones xsdata folded into their users
        (a restricted ``xs:string`` is a ``str``); name the classes xsdata made of
        anonymous types (``Order`` > ``item`` becomes ``Order_item``) by our rule."""
        used = {ref for cls in self if cls.is_complex_type for ref in cls.references}
        self.set(
            [
                cls
                for cls in self
                if cls.is_complex_type or cls.is_enumeration or cls.ref in used
            ]
        )
        naming = ModelFilters(self.config)
        suffix = self.config.conventions.class_name.safe_prefix
        renamer = RenameDuplicateClasses(self)
        for cls in list(self):
            wanted = free_name(
                python_name(naming.class_name(cls.name), suffix),
                CLASS_RESERVED.__contains__,
                suffix,
            )
            if cls.local_type and wanted != cls.name:
                namespace = namespaces.split_qname(cls.qname)[0]
                renamer.rename_class(cls, namespaces.build_qname(namespace, wanted))
        for cls in self:
            renamer.update_references(cls)

    def designate_classes(self) -> None:
        _MergeDuplicates(self).run()
        resolve_clashes(self, self.where, self.home)
        for designator in (
            RenameDuplicateClasses(self),  # only "two, one abstract": ``X_abstract``
            ValidateReferences(self),
            DesignateClassPackages(self),
        ):
            designator.run()


class _MergeDuplicates(MergeDuplicateClasses):
    """xsdata's merge of equal classes, in linear time: equal classes share their
    qname, so only those are compared (xsdata compares each with every group)."""

    def group_duplicate_classes(self) -> list[list[Class]]:
        buckets: dict[tuple[str, str], list[list[Class]]] = {}
        for cls in self.container:
            bucket = buckets.setdefault((cls.qname, cls.tag), [])
            group = next((g for g in bucket if cls == g[0]), None)
            if group is None:
                bucket.append([cls])
            else:
                group.append(cls)
        return [group for bucket in buckets.values() for group in bucket]


class _NameFields(HandlerInterface):
    """Field and enum member names, in place of xsdata's duplicate renaming.

    A field whose Python name is reserved (:data:`.naming.FIELD_RESERVED`) gets
    ``_value``. Two fields of one class with one Python name keep xsdata's readable
    rule when they differ in kind or namespace (``id`` and ``id_attribute``) and are
    refused otherwise, as are two members of an enumeration with one constant name.
    """

    def __init__(self, filters: Filters, where: str) -> None:
        self.filters = filters
        self.where = where

    def process(self, target: Class) -> None:
        if target.is_enumeration:
            self.check(
                target,
                lambda a: self.filters.constant_name(a.name, target.name),
                "values",
            )
            return
        for attr in target.attrs:
            if is_unknown_slot(attr):
                continue
            attr.name = free_name(
                attr.name,
                lambda name: self.field(name, target) in FIELD_RESERVED,
                "value",
            )
        for group in self.groups(target, lambda a: self.field(a.name, target)).values():
            if all(a.is_wildcard for a in group):  # xs:any names are xsdata's own
                ClassUtils.rename_attributes_by_index(target.attrs, group)
                continue
            first, second = group[:2] if len(group) == 2 else (group[0], group[0])
            if len(group) == 2 and (
                first.tag != second.tag or first.namespace or second.namespace
            ):
                ClassUtils.rename_attribute_by_preference(first, second)
        self.check(target, lambda a: self.field(a.name, target), "fields")

    def field(self, name: str, target: Class) -> str:
        return self.filters.field_name(name, target.name)

    def groups(
        self, target: Class, key: Callable[[Attr], str]
    ) -> dict[str, list[Attr]]:
        found: dict[str, list[Attr]] = {}
        for attr in target.attrs:
            found.setdefault(key(attr), []).append(attr)
        return found

    def check(self, target: Class, key: Callable[[Attr], str], what: str) -> None:
        for name, group in self.groups(target, key).items():
            if len(group) > 1:
                first, second = (a.local_name or a.name for a in group[:2])
                raise GeneratorError(
                    self.where,
                    f"type {xml_name(target)}, {what} {first!r} and {second!r} both "
                    f"become the Python name {name!r}; expected names that stay distinct",
                )


def merge_element_types(classes: list[Class]) -> None:
    """Fold ``element name=E type=T`` into ``T`` where only ``E`` uses ``T``."""
    by_qname = {cls.qname: cls for cls in classes if not cls.is_element}
    uses: Counter[str] = Counter()
    for cls in classes:
        uses.update(ext.type.qname for ext in cls.extensions)
        uses.update(t.qname for attr in cls.attrs for t in attr.types)

    merged: set[int] = set()  # by identity: one pass over the list, not one each
    for element in [cls for cls in classes if cls.is_element]:
        if element.attrs or len(element.extensions) != 1:
            continue
        target = by_qname.get(element.extensions[0].type.qname)
        if target is None or target.is_enumeration or uses[target.qname] != 1:
            continue
        namespace, local = namespaces.split_qname(element.qname)
        target.qname = namespaces.build_qname(namespace, local[:1].upper() + local[1:])
        target.tag = Tag.ELEMENT
        target.meta_name = local
        target.namespace = element.namespace
        target.help = target.help or element.help
        merged.add(id(element))
    classes[:] = [cls for cls in classes if id(cls) not in merged]


def rename_classes(
    classes: list[Class],
    renames: Mapping[str, str],
    generate: Generate | None = None,
) -> None:
    """Give classes the names a user asked for; the XML names stay the schema's.

    Which class a name means is :func:`.class_names.resolve`'s business; ``generate``
    (the model stage without these renames) supplies the generated names."""
    targets = resolve(classes, renames, generate)
    renamed = {id(cls) for _, cls, _ in targets}
    taken = {text.alnum(cls.name) for cls in classes if id(cls) not in renamed}
    moved: dict[str, str] = {}
    for old, cls, new in targets:
        if not is_python_name(new) or new in CLASS_RESERVED or text.alnum(new) in taken:
            raise GeneratorError(
                "class-names",
                f"{old}={new}: expected a free Python class name (not a keyword, not a "
                "name the generated modules use, not another class's name in any case)",
            )
        moved.update(_rename(cls, new))
        taken.add(text.alnum(new))
    _follow(classes, moved)


def name_classes(
    classes: list[Class], config: GeneratorConfig, where: str = "<wsdl>"
) -> None:
    """Give every class a Python name by xsdata's rule and ours (:mod:`.naming`):
    ``class`` -> ``class_type``, ``my-type`` -> ``mytype``, ``Client`` ->
    ``Client_type``. The XML name stays. Two XML names that would become one
    class (``get-lead`` and ``get.lead``) are refused."""
    naming = ModelFilters(config)
    suffix = config.conventions.class_name.safe_prefix
    moved: dict[str, str] = {}
    first: dict[str, Class] = {}
    for cls in classes:
        wanted = free_name(
            python_name(naming.class_name(cls.name), suffix),
            CLASS_RESERVED.__contains__,
            suffix,
        )
        namespace = namespaces.split_qname(cls.qname)[0]
        other = first.setdefault(namespaces.build_qname(namespace, wanted), cls)
        if other.qname != cls.qname:
            raise GeneratorError(
                where,
                f"types {xml_name(other)!r} and {xml_name(cls)!r} both become the "
                f"Python class {wanted!r}; expected names that stay distinct: rename "
                f"one with --class-name {cls.name}=NewName",
            )
        if wanted != cls.name:
            moved.update(_rename(cls, wanted))
    _follow(classes, moved)


def _rename(cls: Class, new: str) -> dict[str, str]:
    """Rename ``cls`` keeping its XML name; return ``{old qname: new qname}``."""
    namespace, local = namespaces.split_qname(cls.qname)
    cls.meta_name = cls.meta_name or local
    old = cls.qname
    cls.qname = namespaces.build_qname(namespace, new)
    return {old: cls.qname}


def _follow(classes: list[Class], moved: Mapping[str, str]) -> None:
    """Point every reference to a renamed class at its new name."""
    for cls in classes:
        for reference in [ext.type for ext in cls.extensions] + [
            t for attr in cls.attrs for t in attr.types
        ]:
            reference.qname = moved.get(reference.qname, reference.qname)


def add_unknown_elements(classes: list[Class]) -> None:
    """Give every complex class (anonymous ones too) a wildcard list for elements
    the schema lacks and, when it has no ``xs:anyAttribute``, a mapping for the
    attributes it does not declare."""
    for cls in classes:
        add_unknown_elements(cls.inner)
        if cls.is_enumeration or (cls.is_element and not cls.attrs and cls.extensions):
            continue
        cls.attrs.append(
            Attr(
                tag=Tag.ANY,
                name=UNKNOWN_ELEMENTS,
                namespace="##any",
                types=[AttrType(qname=str(DataType.ANY_TYPE), native=True)],
                restrictions=Restrictions(min_occurs=0, max_occurs=sys.maxsize),
            )
        )
        if not any(attr.tag == Tag.ANY_ATTRIBUTE for attr in cls.attrs):
            cls.attrs.append(
                Attr(
                    tag=Tag.ANY_ATTRIBUTE,
                    name=UNKNOWN_ATTRIBUTES,
                    namespace="##any",
                    types=[AttrType(qname=str(DataType.ANY_TYPE), native=True)],
                    restrictions=Restrictions(min_occurs=0, max_occurs=1),
                )
            )


def is_unknown_elements(attr: Attr) -> bool:
    return attr.tag == Tag.ANY and attr.name == UNKNOWN_ELEMENTS


def is_unknown_slot(attr: Attr) -> bool:
    """One of the fields :func:`add_unknown_elements` adds: no field of the schema."""
    return is_unknown_elements(attr) or (
        attr.tag == Tag.ANY_ATTRIBUTE and attr.name == UNKNOWN_ATTRIBUTES
    )

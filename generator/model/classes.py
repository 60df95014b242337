"""The types half of the model stage: xsdata's class model, with names a person would choose.

xsdata maps every top-level ``xs:element`` and every named type to its own class. A
WSDL like mktows declares ``<xs:element name="paramsGetLead" type="tns:ParamsGetLead"/>``
for each message, so a plain run gives two classes for one thing and renames one
of them ``ParamsGetLead1``. Two small passes run before xsdata's own analysis:

* :func:`merge_element_types` folds each element into the type it names when
  nothing else uses that type: one class, named after the element (``ParamsGetLead``,
  ``AuthenticationHeader``), carrying the element's XML name and namespace.
* :func:`add_unknown_elements` gives every complex class a wildcard field where the
  runtime keeps elements the schema does not know, so parsing a newer server's
  response and writing it back loses nothing.

Then xsdata's :class:`~xsdata.codegen.container.ClassContainer` runs its passes
with our naming conventions (original-case class names, so ``MObject`` stays
``MObject``).
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Mapping

from xsdata.codegen.container import ClassContainer
from xsdata.codegen.models import Attr, AttrType, Class, Restrictions
from xsdata.formats.dataclass.filters import Filters
from xsdata.models.config import (
    DocstringStyle,
    GeneratorConfig,
    NameCase,
    NameConvention,
    StructureStyle,
)
from xsdata.models.enums import DataType, Tag
from xsdata.utils import namespaces

from generator.errors import GeneratorError
from generator.model.naming import is_python_name, python_name

MODULE = "models"
UNKNOWN_ELEMENTS = "unknown_elements"


def xsdata_config(package: str) -> GeneratorConfig:
    """The xsdata configuration every stage shares."""
    config = GeneratorConfig()
    config.output.package = package
    config.output.structure_style = StructureStyle.SINGLE_PACKAGE
    config.output.docstring_style = DocstringStyle.GOOGLE
    config.output.relative_imports = True
    config.output.max_line_length = 88
    config.conventions.class_name = NameConvention(NameCase.ORIGINAL, "type")
    return config


def build_classes(
    raw: list[Class], package: str, renames: Mapping[str, str] | None = None
) -> list[Class]:
    """Run our passes and xsdata's analysis; return the final classes, in order."""
    classes = [cls.clone() for cls in raw]
    merge_element_types(classes)
    rename_classes(classes, renames or {})
    name_classes(classes, xsdata_config(package))
    add_unknown_elements(classes)
    container = _SchemaContainer(config=xsdata_config(package))
    container.extend(classes)
    container.process()
    result = sorted(container, key=lambda cls: cls.name)
    for cls in result:
        cls.package = package
        cls.module = MODULE
    return result


def split_modules(classes: list[Class], roles: Mapping[str, str]) -> None:
    """Move each class into ``models/<group>.py``: its role, else enums or types.

    ``roles`` maps a class name to ``requests``, ``responses`` or ``headers``.
    """
    for cls in classes:
        cls.package = f"{cls.package}.{MODULE}"
        cls.module = roles.get(cls.name) or ("enums" if cls.is_enumeration else "types")


class _SchemaContainer(ClassContainer):
    """xsdata's container, keeping every named type of the schema.

    xsdata drops simple types nothing refers to; an unused enumeration such as
    mktows' ``MObjectTypeEnum`` is still part of the API users program against.
    """

    def filter_classes(self) -> None:
        return None


def merge_element_types(classes: list[Class]) -> None:
    """Fold ``element name=E type=T`` into ``T`` where only ``E`` uses ``T``."""
    by_qname = {cls.qname: cls for cls in classes if not cls.is_element}
    uses: Counter[str] = Counter()
    for cls in classes:
        uses.update(ext.type.qname for ext in cls.extensions)
        uses.update(t.qname for attr in cls.attrs for t in attr.types)

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
        classes.remove(element)


def rename_classes(classes: list[Class], renames: Mapping[str, str]) -> None:
    """Give classes the names a user asked for; the XML names stay the schema's."""
    by_name = {cls.name: cls for cls in classes}
    unknown = sorted(set(renames) - set(by_name))
    if unknown:
        raise GeneratorError(
            "class-names",
            f"{', '.join(unknown)}: no such class; expected one of the generated "
            "class names (e.g. MObject)",
        )
    taken = set(by_name) - set(renames)
    moved: dict[str, str] = {}
    for old, new in renames.items():
        if not is_python_name(new) or new in taken:
            raise GeneratorError(
                "class-names", f"{old}={new}: expected a free Python class name"
            )
        moved.update(_rename(by_name[old], new))
        taken.add(new)
    _follow(classes, moved)


def name_classes(classes: list[Class], config: GeneratorConfig) -> None:
    """Give every class a Python name by xsdata's rule and ours (:func:`python_name`):
    ``class`` -> ``class_type``, ``my-type`` -> ``mytype``. The XML name stays."""
    naming = Filters(config)
    moved: dict[str, str] = {}
    for cls in classes:
        wanted = python_name(
            naming.class_name(cls.name), config.conventions.class_name.safe_prefix
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
    """Give every complex class a wildcard list for elements the schema lacks."""
    for cls in classes:
        if cls.is_enumeration or (cls.is_element and not cls.attrs and cls.extensions):
            continue
        if any(attr.name == UNKNOWN_ELEMENTS for attr in cls.attrs):
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


def is_unknown_elements(attr: Attr) -> bool:
    return attr.tag == Tag.ANY and attr.name == UNKNOWN_ELEMENTS

"""Docstrings for the classes the schema does not document.

A class without ``xs:documentation`` gets one line naming what it is in the XML: the
``leadRecord`` element or the ``LeadRecord`` type, and the namespace it is in. That
tells a reader which XML name a Python class stands for (``Item_b`` is ``Item`` of
another namespace), and it spares :mod:`dataclasses` writing a docstring from the
class's signature at import, which costs a fifth of the time it takes to import a
large package's models.

Only names and namespaces made of plain name and URI characters are quoted; any
other text is left out, so nothing from the WSDL can end a docstring early.
"""

from __future__ import annotations

import re

from xsdata.codegen.models import Class
from xsdata.utils import namespaces

__all__ = ["describe_undocumented"]

_NAME = re.compile(r"[\w.\-]+")
_URI = re.compile(r"[\w.\-:/#?=&%~+@!$,;*()'\[\]]+")
_OURS = "urn:mktows-codegen:"  # the namespaces of the classes made for messages


def describe_undocumented(classes: list[Class]) -> None:
    """Give each undocumented class (not an enumeration) a one-line docstring."""
    for cls in classes:
        if cls.help or cls.is_enumeration:
            continue
        cls.help = _description(cls)


def _description(cls: Class) -> str | None:
    namespace, local = namespaces.split_qname(cls.qname)
    name = cls.meta_name or local
    if not _NAME.fullmatch(name):
        return None
    kind = "element" if cls.is_element else "type"
    if namespace and _URI.fullmatch(namespace) and not namespace.startswith(_OURS):
        return f"The ``{name}`` {kind} of ``{namespace}``."
    return f"The ``{name}`` {kind}."

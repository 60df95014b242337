"""The types a class extends: one walk for the codecs, the methods and the profile."""

from __future__ import annotations

from collections.abc import Mapping

from xsdata.codegen.models import Class

__all__ = ["base_classes"]


def base_classes(
    cls: Class, by_qname: Mapping[str, Class], seen: frozenset[str] = frozenset()
) -> list[Class]:
    """The classes ``cls`` extends (complex content), outermost first; a built-in
    base, one the model lacks, or one already on the way (a cycle) is left out."""
    found: list[Class] = []
    for extension in cls.extensions:
        base = by_qname.get(extension.type.qname)
        if base is None or extension.type.native or base.qname in seen:
            continue
        found += [*base_classes(base, by_qname, seen | {cls.qname}), base]
    return found

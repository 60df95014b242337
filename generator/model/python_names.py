"""xsdata's dataclass filters, extended for the tri-state XML needs.

A nillable element has three states on the wire: absent, ``xsi:nil="true"`` and a
value. xsdata types such a field ``None | T``; we type it ``None | Nil | T``, where
``None`` means absent and the generated package's ``NIL`` means explicit nil. A list
of nillable items is ``list[Nil | T]``.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from typing import Any

from xsdata.codegen.models import Attr, Class
from xsdata.formats.dataclass.filters import Filters
from xsdata.models.config import GeneratorConfig
from xsdata.models.enums import Tag

from generator.model.naming import is_python_name, python_name, snake_case


class ModelFilters(Filters):
    """The filters that render ``models.py`` and the typed client signatures."""

    def __init__(self, config: GeneratorConfig, values_module: str = ".values") -> None:
        super().__init__(config)
        self.import_patterns[values_module]["Nil"].update(("| Nil", "[Nil |"))
        self.import_patterns[values_module]["UnknownElement"].add("[UnknownElement]")

    def safe_name(
        self, name: str, prefix: str, name_case: Callable[..., str], **kwargs: Any
    ) -> str:
        """xsdata's rule, and ours for what it lets through: a Python keyword
        xsdata does not list (``await``) gets the same ``_{prefix}`` suffix."""
        if not name.isascii():
            found = self._unicode_name(name, prefix, name_case)
            if found is not None:
                return found
        result: str = super().safe_name(name, prefix, name_case, **kwargs)
        return result if is_python_name(result) else python_name(result, prefix)

    def _unicode_name(
        self, name: str, prefix: str, name_case: Callable[..., str]
    ) -> str | None:
        """A class, field or constant name with letters beyond ASCII, cased as
        xsdata cases ASCII ones: xsdata keeps ASCII letters only (``Ünïcode`` ->
        ``nïcode``, ``grüße`` -> ``gr_e``). ``None``: xsdata's rule applies."""
        if name_case is self.class_case:
            cased = name
        elif name_case is self.field_case:
            cased = snake_case(name)
        elif name_case is self.constant_case:
            cased = snake_case(name).upper()
        else:
            return None
        words = re.sub(r"\W+", "_", cased).strip("_")
        if not words[:1].isalpha():
            return None  # a leading digit or nothing: xsdata's prefix rule
        try:
            return python_name(words, prefix)
        except ValueError:
            return None

    def default_imports(self, output: str) -> str:
        """xsdata's imports, less any name the module never uses, grouped as isort
        would: ``__future__``, standard library, third party, this package.

        xsdata matches names by substring (``XmlDate`` inside ``XmlDateTime``) and
        leaves grouping to a formatter we do not run.
        """
        groups: dict[int, list[str]] = {}
        for line in super().default_imports(output).splitlines():
            module, _, names = line.partition(" import ")
            package = module.removeprefix("from ").removeprefix("import ")
            used = [
                n
                for n in names.split(", ")
                if package == "__future__" or re.search(rf"\b{n}\b", output)
            ]
            if not used:
                continue
            rank = (
                0
                if package == "__future__"
                else (
                    3
                    if package.startswith(".")
                    else (1 if package.split(".")[0] in sys.stdlib_module_names else 2)
                )
            )
            groups.setdefault(rank, []).append(f"{module} import {', '.join(used)}")
        return "\n\n".join("\n".join(groups[rank]) for rank in sorted(groups))

    def field_type(self, obj: Class, attr: Attr) -> str:
        if attr.tag == Tag.ANY:  # xs:any, and the unknown_elements slot
            return "list[UnknownElement]"
        annotation = super().field_type(obj, attr)
        if attr.is_nillable and not attr.is_list and annotation.startswith("None | "):
            return "None | Nil | " + annotation.removeprefix("None | ")
        if attr.is_nillable and attr.is_list and not attr.is_tokens:
            # the parser appends ``NIL`` for each ``xsi:nil`` item
            return "list[Nil | " + annotation.removeprefix("list[")
        return annotation

"""The one naming rule: every XML name becomes a Python identifier here.

Methods, header keywords, classes, fields and constants (through
:class:`~generator.render.filters.ModelFilters`) are all named by
:func:`python_name`. A name is NFKC-normalized (as Python's parser does), a
character an identifier cannot hold becomes ``_``, a keyword gets a suffix the way
xsdata does (``class`` -> ``class_value``), and anything that is still not an
identifier is refused.
"""

from __future__ import annotations

import keyword
import unicodedata


def python_name(name: str, suffix: str = "value") -> str:
    """The Python identifier for ``name``: a keyword gets ``_{suffix}`` (xsdata's rule).

    A character an identifier cannot hold after its first (``-`` or ``.`` of an XML
    name, or a digit like ``𑣪`` that ``\\w`` allows but Python does not) becomes ``_``. Raises :class:`ValueError` when the result is still not an identifier.
    """
    normal = "".join(
        char if f"a{char}".isidentifier() else "_"
        for char in unicodedata.normalize("NFKC", name)
    )
    if keyword.iskeyword(normal):
        normal = f"{normal}_{suffix}"
    if not normal.isidentifier():
        raise ValueError(f"{name!r} is not a Python identifier")
    return normal


def is_python_name(name: str) -> bool:
    """True when ``name`` can be written as it is: an identifier, not a keyword."""
    return (
        name.isidentifier()
        and not keyword.iskeyword(name)
        and unicodedata.normalize("NFKC", name) == name
    )

"""The one way text from outside reaches generated Python.

A WSDL, a file name or an option is data, never code. Two rules, each the only
one of its kind, registered as Jinja filters by :mod:`generator.render.templates`:

* :func:`py_literal` (``|py``): any value as a Python literal that evaluates to
  exactly that value (``repr``, so quotes, backslashes, newlines, NUL and lone
  surrogates are escaped).
* :func:`prose` (``|text``): free text for a docstring or a ``#`` comment. It stays
  readable, and cannot end either: whitespace runs (newlines included) become one
  space, a backslash is doubled, a quote that could close a docstring is escaped,
  and a character Python source cannot hold is written as its escape.
* Names are not quoted but made: :mod:`generator.model.naming` has the one naming
  rule for every identifier the templates write.

The package name, an option that ends up in ``import`` statements, is checked by
:func:`generator.options.validate_package_name` before anything renders.
"""

from __future__ import annotations

import re

# Characters a source file cannot hold raw (NUL), that Python or an editor may
# read as a line break, or that UTF-8 cannot encode (lone surrogates).
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def py_literal(value: object) -> str:
    """``value`` as Python source that evaluates to an equal value.

    Strings, numbers, booleans, ``None`` and (nested) tuples, lists and dicts of
    them; anything else is a programming error, not input to quote.
    """
    if value is None or isinstance(value, (bool, int, float, str)):
        return repr(value)
    if isinstance(value, (list, tuple)):
        items = ", ".join(py_literal(item) for item in value)
        if isinstance(value, list):
            return f"[{items}]"
        return f"({items},)" if len(value) == 1 else f"({items})"
    if isinstance(value, dict):
        pairs = ", ".join(f"{py_literal(k)}: {py_literal(v)}" for k, v in value.items())
        return "{" + pairs + "}"
    raise TypeError(f"cannot quote a {type(value).__name__} as a Python literal")


def prose(text: str) -> str:
    """Free text, safe and readable inside a ``\"\"\"`` docstring or after a ``#``."""
    flat = " ".join(str(text).split())
    flat = flat.replace("\\", "\\\\")
    flat = _UNSAFE.sub(_escape, flat)
    # A quote next to another, or last, could end a docstring: escape it.
    return re.sub(r'"(?="|$)', lambda _: '\\"', flat)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\\\x{code:02x}" if code < 0x100 else f"\\\\u{code:04x}"

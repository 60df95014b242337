"""``--class-name OLD=NEW``: which class ``OLD`` names, whatever the order of the schemas.

``OLD`` is one of:

* ``{namespace}Name``: the class of that namespace whose XML name (or name before
  generation tells it apart from other namespaces' classes) is ``Name``;
* a name exactly one class has before generation qualifies names (``MObject``;
  a type and an element keep the names :func:`.classes.merge_element_types`
  gives them);
* the class's generated Python name: ``Item_b`` for the ``Item`` of namespace
  ``urn:b``, ``Item`` for the targetNamespace's own ``Item``. It is found by
  generating once without the renames that need it.

A bare name that classes of several namespaces share and that is none of theirs
as generated is refused in one line naming each candidate's generated name and its
``{namespace}Name`` form. Every rename then applies before names are qualified
(:mod:`.clashes`), so renaming one of two same-named classes leaves nothing to
qualify.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import NoReturn

from xsdata.codegen.models import Class
from xsdata.utils import namespaces

from generator.errors import GeneratorError
from generator.model.clashes import namespace, xml_name

WHERE = "class-names"

# What a class is in the WSDL, before and after generation renames it.
Identity = tuple[str, str, bool]  # namespace, XML name, is an element

# Generates the classes with the given renames (a dry run of the model stage).
Generate = Callable[[Mapping[str, str]], list[Class]]


def identity(cls: Class) -> Identity:
    return namespace(cls), xml_name(cls), cls.is_element


def clark(cls: Class) -> str:
    """``{urn:b}Item``: the key that names ``cls`` whatever the other classes."""
    return namespaces.build_qname(namespace(cls), xml_name(cls))


def resolve(
    classes: list[Class], renames: Mapping[str, str], generate: Generate | None = None
) -> list[tuple[str, Class, str]]:
    """``(key, class, new name)`` for each rename; unknown or ambiguous keys are
    refused (see the module)."""
    found: dict[str, Class] = {}
    pending: dict[str, list[Class]] = {}
    for key in renames:
        candidates = _candidates(classes, key)
        if len(candidates) == 1:
            found[key] = candidates[0]
        elif key.startswith("{") and candidates:
            _refuse_ambiguous(key, candidates, {})
        else:
            pending[key] = candidates
    if pending:
        generated = _generated_names(
            classes, {key: renames[key] for key in found}, generate
        )
        for key, candidates in pending.items():
            named = [cls for cls in classes if generated.get(identity(cls)) == key]
            if len(named) == 1:
                found[key] = named[0]
            elif candidates:
                _refuse_ambiguous(key, candidates, generated)
        unknown = sorted(set(renames) - set(found))
        if unknown:
            raise GeneratorError(
                WHERE,
                f"{', '.join(unknown)}: no such class; expected a generated class name "
                "(e.g. MObject, Item_b) or {namespace}Name",
            )
    return [(key, found[key], renames[key]) for key in renames]


def _candidates(classes: list[Class], key: str) -> list[Class]:
    if key.startswith("{"):
        space, name = namespaces.split_qname(key)
        return [
            cls
            for cls in classes
            if namespace(cls) == (space or "") and name in (cls.name, xml_name(cls))
        ]
    return [cls for cls in classes if cls.name == key]


def _generated_names(
    classes: list[Class], renames: Mapping[str, str], generate: Generate | None
) -> dict[Identity, str]:
    """Each class's generated name, by identity; empty when generation fails
    without the pending renames (they may be what fixes it)."""
    if generate is None:
        return {}
    try:
        result = generate(renames)
    except GeneratorError:
        return {}
    counts: dict[Identity, int] = {}
    for cls in result:
        counts[identity(cls)] = counts.get(identity(cls), 0) + 1
    known = {identity(cls) for cls in classes}
    return {
        identity(cls): cls.name
        for cls in result
        if counts[identity(cls)] == 1 and identity(cls) in known
    }


def _refuse_ambiguous(
    key: str, candidates: list[Class], generated: Mapping[Identity, str]
) -> NoReturn:
    names = ", ".join(
        sorted(
            (
                f"{generated[identity(cls)]} ({clark(cls)})"
                if identity(cls) in generated
                else clark(cls)
            )
            for cls in candidates
        )
    )
    raise GeneratorError(
        WHERE,
        f"{key}: {len(candidates)} classes have this name: {names}; expected the "
        "generated name of one, or its {namespace}Name",
    )

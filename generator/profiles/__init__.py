"""Profiles: what a family of WSDLs adds on top of the generic core.

A :class:`Profile` names its runtime package, its templates folder, its model
passes and its extra CLI commands, all as data or import strings, so the core
never imports a profile: the registry loads one by its import string when it is
asked for. Built-in profiles are listed in :data:`BUILTIN`; others register an
entry point in the ``mktows_codegen.profiles`` group whose value is
``"module:ATTRIBUTE"`` naming a :class:`Profile`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib.metadata import entry_points
from typing import Any

from generator.errors import GeneratorError
from generator.model.api import (
    ApiModel,
    Operation,
    header_has_fields,
    with_signed_header,
)
from generator.model.codecs import ClassCodec

ENTRY_POINT_GROUP = "mktows_codegen.profiles"
GENERIC = "generic"
BUILTIN = {
    "mktows": "generator.profiles.mktows:PROFILE",
    GENERIC: "generator.profiles.default:PROFILE",
}


@dataclass(frozen=True)
class PassInput:
    """What a model pass reads: the model, its codecs by class name, and the type
    annotations of each operation's method parameters (for imports)."""

    model: ApiModel
    codecs: Mapping[str, ClassCodec]
    annotations: Callable[[Operation, str], list[str]]  # (operation, skip field)


ModelPass = Callable[[PassInput], Mapping[str, Any]]


@dataclass(frozen=True)
class Profile:
    """What a family of WSDLs adds to the generic core.

    Attributes:
        name: what ``--profile`` calls it, e.g. ``"mktows"``.
        namespaces: WSDL target namespaces that select it automatically.
        runtime: the package whose plain modules are copied into the generated
            package after the core runtime's (a module of the same name replaces
            the core one), e.g. ``"generator.profiles.mktows.runtime"``.
        templates: a subfolder of ``templates/`` whose templates are rendered too;
            one with a core template's name replaces it (and may ``{% extends
            "core/NAME" %}`` to override its blocks).
        model_passes: functions returning extra template context (computed once
            per generation), e.g. the paging and bulk plans.
        commands: ``"module:function"`` import strings; each function takes the
            CLI's subcommand registry and adds its subcommands.
        claims: also selects the profile for a WSDL in another namespace when it
            returns true.
        signed_header: the XML names of the fields of the header the profile's
            signer fills on every call (Marketo's ``mktowsUserId``,
            ``requestSignature``, ``requestTimestamp``). A header with all of them
            is marked signed (the client adds it; no method takes it), and a WSDL
            in another namespace that has such a header selects the profile.
    """

    name: str
    namespaces: tuple[str, ...] = ()
    runtime: str | None = None
    templates: str | None = None
    model_passes: tuple[ModelPass, ...] = ()
    commands: tuple[str, ...] = ()
    claims: Callable[[ApiModel], bool] | None = None
    signed_header: tuple[str, ...] = ()


def load_object(reference: str) -> Any:
    """The object an import string ``"package.module:attribute"`` names."""
    module, _, attribute = reference.partition(":")
    value: Any = importlib.import_module(module)
    for part in attribute.split(".") if attribute else []:
        value = getattr(value, part)
    return value


def registry() -> dict[str, str]:
    """Every known profile: ``{name: import string}``, built-ins first."""
    found = dict(BUILTIN)
    for point in entry_points(group=ENTRY_POINT_GROUP):
        found.setdefault(point.name, point.value)
    return found


@cache
def _load(reference: str) -> Profile:
    profile = load_object(reference)
    if not isinstance(profile, Profile):
        raise GeneratorError(reference, "expected a generator.profiles.Profile")
    return profile


def check_profile_name(name: str, where: str = "--profile") -> str:
    """The import string of profile ``name``; an unknown name is one line (exit 2)
    naming the known ones."""
    known = registry()
    if name not in known:
        raise GeneratorError(
            where,
            f"unknown profile {name!r}; expected one of: {', '.join(sorted(known))}",
        )
    return known[name]


def get_profile(name: str) -> Profile:
    """The profile called ``name``."""
    return _load(check_profile_name(name))


def all_profiles() -> list[Profile]:
    """Every registered profile, loaded, built-ins first."""
    return [_load(reference) for reference in registry().values()]


def select_profile(model: ApiModel, requested: str | None = None) -> Profile:
    """``requested`` if given; else the first profile listing the WSDL's target
    namespace; else the first whose ``claims`` accepts the model; else generic."""
    if requested:
        return get_profile(requested)
    profiles = all_profiles()
    namespace = model.service.namespace
    for profile in profiles:
        if namespace in profile.namespaces:
            return profile
    for profile in profiles:
        if profile.claims is not None and profile.claims(model):
            return profile
        if profile.signed_header and any(
            header_has_fields(model, header, profile.signed_header)
            for header in model.headers
        ):
            return profile
    return get_profile(GENERIC)


def apply_profile(
    model: ApiModel, requested: str | None = None
) -> tuple[Profile, ApiModel]:
    """The profile for ``model`` (see :func:`select_profile`) and the model as that
    profile sees it: the header its signer fills marked signed."""
    profile = select_profile(model, requested)
    return profile, with_signed_header(model, profile.signed_header, profile.name)

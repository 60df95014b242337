"""Stage 3, render: Jinja2 templates from ``templates/`` into Python sources.

Every template is named after the file it produces (``client.py.jinja`` renders
``client.py``). ``models.py`` is xsdata's: its dataclass generator renders the
classes, with :class:`~generator.model.python_names.ModelFilters`, and our
``models.py.jinja`` adds the provenance header. The same filters are registered
on our environment so the client's signatures use exactly the models' types.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PrefixLoader,
    StrictUndefined,
)
from xsdata.codegen.models import Class
from xsdata.codegen.resolver import DependenciesResolver
from xsdata.formats.dataclass.generator import DataclassGenerator

from generator.model.api import ApiModel, snake_case, with_signed_header
from generator.model.classes import xsdata_config
from generator.model.codecs import ClassCodec
from generator.model.naming import is_python_name
from generator.model.parameters import method_parameters, request_fields
from generator.model.python_names import ModelFilters
from generator.options import (
    EXTRA_REQUIREMENTS,
    RUNTIME_REQUIREMENTS,
    Options,
    requirements_comment,
    validate_package_name,
)
from generator.profiles import PassInput, Profile, all_profiles, select_profile
from generator.render.quoting import prose, py_literal
from generator.render.runtime import runtime_files
from generator.resources import project_dir
from generator.runtime.namespaces import XSI_NIL, XSI_TYPE

SUFFIX = ".jinja"


def render(
    model: ApiModel,
    options: Options | None = None,
    templates: Path | None = None,
    profile: Profile | None = None,
) -> dict[str, str]:
    """Render every template of the core and the profile, and copy the runtime;
    return ``{relative path: source}``."""
    validate_package_name(model.package, "package")
    options = options or Options(wsdl=model.source.label, package=model.package)
    profile = profile or select_profile(model, options.profile)
    model = with_signed_header(model, profile.signed_header, profile.name)
    folder = templates or project_dir("templates")
    config = xsdata_config(model.package)
    filters = ModelFilters(config, "..values" if options.split_models else ".values")
    env = Environment(
        loader=template_loader(folder, profile),
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=StrictUndefined,
    )
    filters.register(env)
    env.filters.update(
        snake=snake_case,
        fields=lambda operation: request_fields(
            operation.request, operation.request_bases
        ),
        parameters=lambda operation: method_parameters(operation, filters),
        imports=lambda used: imports_for(model, used),
        py=py_literal,
        text=prose,
        kwarg=keyword_argument,
    )
    codecs = model.codecs
    codecs_by_name = {codec.name: codec for codec in codecs}
    first_lines = header(model, options)
    env.globals.update(
        model=model,
        options=options,
        header=first_lines,
        requirements=RUNTIME_REQUIREMENTS,
        extra_requirements=EXTRA_REQUIREMENTS,
        class_names=dict(sorted(options.class_names.items())),
        profile=profile,
        xsi_type=XSI_TYPE,
        xsi_nil=XSI_NIL,
    )
    given = PassInput(
        model,
        codecs_by_name,
        lambda op, skip: [
            p.annotation for p in method_parameters(op, filters) if p.name != skip
        ],
    )
    context = {
        "models_modules": render_models(model, filters),
        "codecs": codecs,
        "codecs_by_name": codecs_by_name,
        "text_types": sorted(
            {t for c in codecs for f in c.fields for t in f.text_types}
        ),
        # what the readers and writers need imported and defined
        "uses_union": any(f.union for c in codecs for f in c.fields),
        "uses_nil": any(f.nillable for c in codecs for f in c.fields),
        "optional_headers": [h for h in model.headers if not h.signed],
        "client_imports": client_imports(model, filters, codecs_by_name),
    }
    for model_pass in profile.model_passes:
        context.update(model_pass(given))
    files = runtime_files(profile, first_lines)
    # the provenance renders last: it lists every file of the package, itself too
    provenance = f"_provenance.py{SUFFIX}"
    for template in sorted(template_names(folder, profile), key=provenance.__eq__):
        if template == provenance:
            context["files"] = sorted([*files, provenance.removesuffix(SUFFIX)])
        text = env.get_template(template).render(context)
        if text.strip():  # a template may render nothing: that file is not wanted
            files[template.removesuffix(SUFFIX)] = text
    return dict(sorted(files.items()))


def template_loader(folder: Path, profile: Profile) -> BaseLoader:
    """The profile's templates first, then the core's (also as ``core/NAME``, so a
    profile template of the same name can extend the core one)."""
    core = FileSystemLoader(str(folder))
    loaders: list[BaseLoader] = []
    if profile.templates:
        loaders.append(FileSystemLoader(str(folder / profile.templates)))
    return ChoiceLoader([*loaders, PrefixLoader({"core": core}), core])


def template_names(folder: Path, profile: Profile) -> list[str]:
    """The templates that produce files: the core's, minus every profile's folder,
    with the profile's own replacing those of the same name."""
    profile_folders = {f"{p.templates}/" for p in all_profiles() if p.templates}
    names = {
        name
        for name in FileSystemLoader(str(folder)).list_templates()
        if not name.startswith(tuple(profile_folders))
    }
    if profile.templates:
        names |= set(FileSystemLoader(str(folder / profile.templates)).list_templates())
    return sorted(name for name in names if produces_a_file(name))


def produces_a_file(template: str) -> bool:
    """``client.py.jinja`` produces ``client.py``; ``models/module.jinja`` is a base."""
    stem = template.removesuffix(SUFFIX)
    return template.endswith(SUFFIX) and "." in stem.rpartition("/")[2]


def render_models(model: ApiModel, filters: ModelFilters) -> dict[str, str]:
    """xsdata's rendering of the dataclasses: ``{module name: source}``."""
    generator = DataclassGenerator(xsdata_config(model.package))
    generator.filters = filters
    filters.register(generator.env)
    registry = {c.qname: c.target_module for c in model.classes}
    modules: dict[str, list[Class]] = {}
    for cls in model.classes:
        modules.setdefault(cls.module or "models", []).append(cls)
    return {
        name: generator.render_module(DependenciesResolver(registry=registry), classes)
        for name, classes in sorted(modules.items())
    }


def header(model: ApiModel, options: Options) -> str:
    """The first lines of every generated file: what made it, from what, how.

    No timestamp and no absolute path, so regenerating unchanged input gives
    identical bytes wherever it runs.
    """
    source = model.source
    origin = f"revision {source.label}" if source.revision else source.label
    return (
        f"# Generated by mktows-codegen {model.generator_version} from WSDL "
        f"{prose(origin)} (sha256 {prose(source.sha256)}). Do not edit.\n"
        f"# Options: {prose(options.describe())}\n" + requirements_comment()
    )


# Client.call's own parameters: a header part with one of these names is passed by dict.
CALL_PARAMETERS = frozenset({"self", "operation", "request"})


def keyword_argument(part: str, value: str) -> str:
    """``part=value`` for ``Client.call(**headers)``, or ``**{"part": value}`` when the
    WSDL part name cannot be written as a keyword."""
    if is_python_name(part) and part not in CALL_PARAMETERS:
        return f"{part}={value}"
    return f"**{{{py_literal(part)}: {value}}}"


DATATYPES = {"XmlDate", "XmlDateTime", "XmlDuration", "XmlTime", "XmlPeriod"}
# Standard-library types xsdata's annotations use, by the module they come from.
STDLIB_TYPES = {"Decimal": "decimal", "QName": "xml.etree.ElementTree"}


@dataclass(frozen=True)
class Imports:
    """The names some generated code uses, by the module they come from."""

    models: list[str]
    datatypes: list[str]  # from xsdata.models.datatype
    values: list[str]  # from .values
    stdlib: list[tuple[str, str]]  # (module, name): from decimal import Decimal


def imports_for(model: ApiModel, used: Iterable[str]) -> Imports:
    """Sort the identifiers in ``used`` (class names, annotations) by where they live."""
    names = {name for text in used for name in re.findall(r"[^\W\d]\w*", text)}
    classes = {cls.name for cls in model.classes}
    return Imports(
        models=_isort(names & classes),
        datatypes=_isort(names & DATATYPES),
        values=_isort(names & {"Nil"}),
        stdlib=sorted(
            (STDLIB_TYPES[name], name) for name in names & STDLIB_TYPES.keys()
        ),
    )


def _isort(names: set[str]) -> list[str]:
    """Names in the order isort and ruff keep imports: case-insensitive."""
    return sorted(names, key=lambda name: (name.lower(), name))


def client_imports(
    model: ApiModel, filters: ModelFilters, codecs: dict[str, ClassCodec]
) -> Imports:
    """What ``client.py`` uses in its signatures."""
    used = [h.class_name for h in model.headers]
    used += [fault.class_name for fault in model.faults]
    for operation in model.operations:
        used.append(operation.request.name)
        if operation.response is not None:
            used.append(codecs[operation.response.name].returned_type)
        used += [p.annotation for p in method_parameters(operation, filters)]
    return imports_for(model, used)

"""The whole pipeline, top-down: load -> model -> render -> format -> write.

Each function takes an optional ``progress`` callback; it is told each stage and
its count (``model: 190 classes``), which the CLI shows when stderr is a terminal.
"""

from __future__ import annotations

from collections.abc import Callable

from generator.format import format_files
from generator.load.sources import WsdlSource, resolve
from generator.load.wsdl import load
from generator.model.api import ApiModel, build_model
from generator.options import Options
from generator.profiles import apply_profile
from generator.render.templates import render
from generator.write import Difference, differences, write_tree

__all__ = ["Options", "Progress", "build", "check", "compare", "generate", "model_for"]

Progress = Callable[[str], None]


def _silent(message: str) -> None:
    """The default progress callback: say nothing."""


def model_for(
    options: Options, source: WsdlSource | None = None, progress: Progress = _silent
) -> ApiModel:
    """Load and model ``options.wsdl`` (or ``source``, already resolved)."""
    progress(f"load: {source.label if source else options.wsdl}…")
    loaded = load(source or resolve(options.wsdl))
    model = build_model(
        loaded, options.package, options.class_names, options.split_models
    )
    _, model = apply_profile(model, options.profile)
    operations = len(model.service.operations)
    progress(f"model: {len(model.classes)} classes, {operations} operations")
    return model


def build(
    options: Options, model: ApiModel | None = None, progress: Progress = _silent
) -> dict[str, str]:
    """Every stage but the write; return ``{relative path: file text}``."""
    rendered = render(model or model_for(options, progress=progress), options)
    progress(f"render: {len(rendered)} files")
    files = format_files(rendered)
    progress(f"format: {len(files)} files")
    return files


def generate(
    options: Options,
    model: ApiModel | None = None,
    progress: Progress = _silent,
    force: bool = False,
) -> dict[str, str]:
    """Generate the package into ``options.output``, atomically.

    Refuses to replace anything but an empty directory or a package this tool
    generated, unless ``force`` (see :func:`generator.write.replaceable`).
    """
    files = build(options, model, progress)
    progress(f"write: {options.output}")
    write_tree(files, options.output, force)
    return files


def compare(options: Options, progress: Progress = _silent) -> list[Difference]:
    """How the package under ``options.output`` differs from a fresh generation."""
    return differences(build(options, progress=progress), options.output)


def check(options: Options) -> list[str]:
    """The files under ``options.output`` that differ from a fresh generation."""
    return [difference.path for difference in compare(options)]

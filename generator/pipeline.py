"""The whole pipeline, top-down: load -> model -> render -> format -> write."""

from __future__ import annotations

from generator.format import format_files
from generator.load import load
from generator.model import ApiModel, build_model
from generator.options import Options
from generator.render import render
from generator.revisions import WsdlSource, resolve
from generator.write import stale_files, write_tree

__all__ = ["Options", "build", "check", "generate", "model_for"]


def model_for(options: Options, source: WsdlSource | None = None) -> ApiModel:
    """Load and model ``options.wsdl`` (or ``source``, already resolved)."""
    loaded = load(source or resolve(options.wsdl))
    return build_model(
        loaded, options.package, options.class_names, options.split_models
    )


def build(options: Options, model: ApiModel | None = None) -> dict[str, str]:
    """Every stage but the write; return ``{relative path: file text}``."""
    return format_files(render(model or model_for(options), options))


def generate(options: Options, model: ApiModel | None = None) -> dict[str, str]:
    """Generate the package into ``options.output``, atomically."""
    files = build(options, model)
    write_tree(files, options.output)
    return files


def check(options: Options) -> list[str]:
    """The files under ``options.output`` that differ from a fresh generation."""
    return stale_files(build(options), options.output)

"""The whole pipeline, top-down: load -> model -> render -> format -> write."""

from __future__ import annotations

from generator.format import format_files
from generator.load import load
from generator.model import build_model
from generator.options import Options
from generator.render import render
from generator.revisions import resolve
from generator.write import stale_files, write_tree

__all__ = ["Options", "build", "check", "generate"]


def build(options: Options) -> dict[str, str]:
    """Run every stage but the write; return ``{relative path: file text}``."""
    source = resolve(options.wsdl)
    loaded = load(source)
    model = build_model(
        loaded, options.package, options.class_names, options.split_models
    )
    files = render(model, options)
    return format_files(files)


def generate(options: Options) -> dict[str, str]:
    """Generate the package into ``options.output``, atomically."""
    files = build(options)
    write_tree(files, options.output)
    return files


def check(options: Options) -> list[str]:
    """The files under ``options.output`` that differ from a fresh generation."""
    return stale_files(build(options), options.output)

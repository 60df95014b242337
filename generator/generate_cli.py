"""``mktows-codegen generate``: the pipeline from the command line or saved configuration.

Regenerating over a package made from another WSDL (or with other options) also
prints which generated Python names changed: the call sites a user must touch.
"""

from __future__ import annotations

import argparse
import ast
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.config import SavedConfig, find_config
from generator.errors import GeneratorError
from generator.model import ApiModel
from generator.options import MODEL_LAYOUTS, Options
from generator.pipeline import check, generate, model_for
from generator.revisions import default_revision, revision_names

if TYPE_CHECKING:
    from generator.cli import Subcommands

PROG = "mktows-codegen"
PROVENANCE = "_provenance.py"


def add_generate_command(commands: Subcommands) -> None:
    from generator.cli import add_common_options

    names = ", ".join(revision_names())
    command = commands.add_parser(
        "generate",
        help="generate the Python package from a WSDL",
        description="Generate a typed, signed Python package from a WSDL: load, model, "
        "render, format with black, and write atomically. Output is byte-identical "
        "when nothing changed. Settings not given as flags are read from "
        "[tool.mktows-codegen] in the nearest pyproject.toml.",
        epilog=f"Examples:\n  {PROG} generate\n  {PROG} generate --wsdl 2_4 "
        f"--output /tmp/mktows\n  {PROG} generate --package acme.vendor.mktows "
        f"--output src/acme/vendor/mktows --class-name MObject=MarketoObject\n"
        f"  {PROG} generate --check",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    command.add_argument(
        "--wsdl",
        metavar="REV|PATH|URL",
        help=f"a revision name ({names}; default {default_revision()}), a file or a URL",
    )
    command.add_argument(
        "--output",
        type=Path,
        metavar="PATH",
        help="the directory that becomes the package (default: generated/<package>)",
    )
    command.add_argument(
        "--package",
        metavar="NAME",
        help="the package's import name, e.g. acme.vendor.mktows (default: mktows)",
    )
    command.add_argument(
        "--models",
        choices=MODEL_LAYOUTS,
        help="one models.py (single, the default) or a models package split by role "
        "into enums, headers, requests, responses and types (split)",
    )
    command.add_argument(
        "--docstrings",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="copy the WSDL's documentation into method docstrings (default: on)",
    )
    command.add_argument(
        "--class-name",
        action="append",
        default=[],
        metavar="OLD=NEW",
        help="rename a generated class, e.g. MObject=MarketoObject (repeatable)",
    )
    command.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 and list the files that differ (stale, edited, "
        "missing or extra) if the output is not what generation gives",
    )
    add_common_options(command)
    command.set_defaults(handler=run_generate)


def options_from(args: argparse.Namespace, saved: SavedConfig) -> Options:
    """Flags first, then the saved configuration, then the defaults."""
    package = args.package or saved.get("package") or "mktows"
    output = (
        args.output
        or saved.get("output")
        or Path("generated") / package.rpartition(".")[2]
    )
    docstrings = (
        args.docstrings if args.docstrings is not None else saved.get("docstrings")
    )
    class_names = dict(saved.get("class-names") or {})
    for pair in args.class_name:
        old, sep, new = pair.partition("=")
        if not sep or not old or not new:
            raise GeneratorError("--class-name", f"{pair!r}: expected OLD=NEW")
        class_names[old] = new
    return Options(
        wsdl=args.wsdl or saved.get("wsdl") or default_revision(),
        package=package,
        output=Path(output),
        docstrings=True if docstrings is None else bool(docstrings),
        class_names=class_names,
        models=_layout(args.models or saved.get("models") or "single"),
    )


def _layout(models: str) -> str:
    if models not in MODEL_LAYOUTS:
        raise GeneratorError(
            "models", f"{models!r}: expected one of {', '.join(MODEL_LAYOUTS)}"
        )
    return models


def run_generate(args: argparse.Namespace) -> int:
    options = options_from(args, find_config())
    output = options.output
    if args.check:
        stale = check(options)
        for path in stale:
            print(f"stale: {output / path}")
        if stale:
            print(f"{len(stale)} file(s) differ; run: {PROG} generate", file=sys.stderr)
            return 1
        print(f"{output} is up to date")
        return 0
    previous = read_provenance(output)
    model = model_for(options)
    files = generate(options, model)
    print(f"wrote {len(files)} files to {output}")
    if previous is not None:
        print_api_changes(previous, options, model)
    return 0


def read_provenance(output: Path) -> dict[str, Any] | None:
    """The ``_provenance`` constants of an existing package, without importing it."""
    try:
        tree = ast.parse((output / PROVENANCE).read_text(encoding="utf-8"))
    except (OSError, SyntaxError):
        return None
    found: dict[str, Any] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
            try:
                found[node.targets[0].id] = ast.literal_eval(node.value)
            except ValueError:
                continue
    return found


def print_api_changes(
    previous: dict[str, Any], options: Options, new_model: ApiModel
) -> None:
    """Say which generated names changed since the package that was replaced."""
    from generator.diff_python import python_changes
    from generator.diff_report import python_line

    old_options = previous.get("OPTIONS", {})
    same_input = previous.get("WSDL_SHA256") == new_model.source.sha256
    if same_input and old_options.get("class_names", {}) == dict(options.class_names):
        return
    try:
        old = Options(
            wsdl=str(previous.get("WSDL")),
            package=options.package,
            class_names=old_options.get("class_names", {}),
        )
        old_model = model_for(old)
    except GeneratorError as exc:
        print(f"API changes: not listed; the previous WSDL is not available ({exc})")
        return
    if old_model.source.sha256 != previous.get("WSDL_SHA256"):
        print(
            f"API changes: not listed; {previous.get('WSDL')} is not the WSDL used before"
        )
        return
    changes = python_changes(old_model, new_model)
    print(
        f"API changes from {previous.get('WSDL')} to {new_model.source.label}: {len(changes)}"
    )
    for change in changes:
        print(f"  {python_line(change)}")

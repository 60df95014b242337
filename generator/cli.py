"""The ``mktows-codegen`` command line (also ``python -m generator``)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from generator import __version__
from generator.errors import GeneratorError
from generator.pipeline import Options, check, generate
from generator.revisions import default_revision, revision_names

PROG = "mktows-codegen"


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "handler"):
        parser.print_help()
        return 2
    try:
        return int(args.handler(args))
    except GeneratorError as exc:
        if args.debug:
            raise
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Turn a SOAP WSDL (first of all Marketo's mktows API) into typed, "
        "signed Python bindings.",
        epilog=f"Example: {PROG} generate --wsdl 2_6",
    )
    parser.add_argument(
        "--version", action="version", version=f"%(prog)s {__version__}"
    )
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    for register in COMMANDS:
        register(commands)
    return parser


if TYPE_CHECKING:
    Subcommands = argparse._SubParsersAction[argparse.ArgumentParser]


def add_common_options(command: argparse.ArgumentParser) -> None:
    """Options every subcommand has."""
    command.add_argument(
        "--debug", action="store_true", help="show the full traceback on errors"
    )


def add_generate_command(commands: Subcommands) -> None:
    names = ", ".join(revision_names())
    command = commands.add_parser(
        "generate",
        help="generate the Python package from a WSDL",
        description="Generate a typed, signed Python package from a WSDL: load, model, "
        "render, format with black, and write atomically. Output is byte-identical "
        "when nothing changed.",
        epilog=f"Examples:\n  {PROG} generate\n  {PROG} generate --wsdl 2_4 "
        f"--output /tmp/mktows\n  {PROG} generate --check",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    command.add_argument(
        "--wsdl",
        default=default_revision(),
        metavar="REV|PATH|URL",
        help=f"a revision name ({names}; default {default_revision()}), a file or a URL",
    )
    command.add_argument(
        "--output",
        type=Path,
        default=None,
        metavar="PATH",
        help="the directory that becomes the package (default: generated/<package>)",
    )
    command.add_argument(
        "--package",
        default="mktows",
        metavar="NAME",
        help="the package's import name (default: mktows)",
    )
    command.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 and list the files that differ if the output is stale",
    )
    add_common_options(command)
    command.set_defaults(handler=_run_generate)


def _run_generate(args: argparse.Namespace) -> int:
    package = args.package
    output = args.output or Path("generated") / package.rpartition(".")[2]
    options = Options(wsdl=args.wsdl, package=package, output=output)
    if args.check:
        stale = check(options)
        for path in stale:
            print(f"stale: {output / path}")
        if stale:
            print(f"{len(stale)} file(s) differ; run: {PROG} generate", file=sys.stderr)
            return 1
        print(f"{output} is up to date")
        return 0
    files = generate(options)
    print(f"wrote {len(files)} files to {output}")
    return 0


# Each subcommand lives with its feature and registers itself here, in help order.
COMMANDS: list[Callable[[Subcommands], None]] = [add_generate_command]

"""The ``mktows-codegen`` command line (also ``python -m generator``)."""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Callable, Sequence

from generator import __version__
from generator.cli.common import PROG, Subcommands
from generator.cli.diff import add_diff_command
from generator.cli.generate import add_generate_command
from generator.cli.golden import add_golden_command
from generator.errors import GeneratorError
from generator.profiles import all_profiles, load_object


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "handler"):
        parser.print_help()
        return 2
    try:
        return int(args.handler(args))
    except BrokenPipeError:
        # the reader went away (``| head``): stop quietly, as other tools do, and
        # keep Python from complaining again when it flushes stdout at exit
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except GeneratorError as exc:
        if args.debug:  # the traceback too, but the same exit status
            traceback.print_exc()
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
    for profile in all_profiles():  # each profile's commands, by import string
        for reference in profile.commands:
            load_object(reference)(commands)
    return parser


# Each core subcommand lives with its feature and registers itself here, in help
# order; a profile's commands (serve, leads) follow, registered by the profile.
COMMANDS: list[Callable[[Subcommands], None]] = [
    add_generate_command,
    add_golden_command,
    add_diff_command,
]

"""What every subcommand shares: the program name and the common options."""

from __future__ import annotations

import argparse
from typing import TypeAlias

PROG = "mktows-codegen"

# What ``add_subparsers`` returns; each command module registers itself on it.
Subcommands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


def add_common_options(command: argparse.ArgumentParser) -> None:
    """Options every subcommand has."""
    command.add_argument(
        "--debug", action="store_true", help="show the full traceback on errors"
    )

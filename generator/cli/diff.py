"""The ``diff`` subcommand: compare two WSDL revisions and gate CI on the result.

Exit status: 0 after a report; 1 when ``--fail-on LEVEL`` is given and a change
at or above that level exists (the report is still printed, so CI logs show why);
2 on bad input, reported by :func:`generator.cli.main.main` like ``generate`` does.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from generator.load.sources import revision_names
from generator.tools.diff.compare import diff
from generator.tools.diff.report import FORMATS
from generator.tools.diff.rules import Severity

if TYPE_CHECKING:
    from generator.cli.common import Subcommands

DESCRIPTION = """\
Compare two WSDLs through the generator's own loader and model: operations,
soapAction, header parts, address, documentation, elements and types (sequence
order, minOccurs/maxOccurs, nillable, type, enumeration values, base types).

Each change gets a direction: request (what the client sends; headers count as
request), response (what it receives), both, or none (declared but unused). A
rule with a stable id rates it breaking, warning or info. Formatting (whitespace,
attribute order, comments, prefixes, line endings) never shows up.

Exit status: 0 after the report; 1 when --fail-on is given and a change at or
above that level exists; 2 on bad input."""


def add_diff_command(commands: Subcommands) -> None:
    """Register ``diff`` on the main parser (listed in ``generator.cli.main.COMMANDS``)."""
    # generator.cli.main imports this module to list the command, so import it back
    # only when the parser is being built, once both modules are complete.
    from generator.cli.common import PROG, add_common_options

    names = ", ".join(revision_names())
    levels = [level.label for level in sorted(Severity, reverse=True)]
    command = commands.add_parser(
        "diff",
        help="show what changed between two WSDL revisions, and what breaks",
        description=DESCRIPTION,
        epilog=f"Examples:\n  {PROG} diff 2_2 2_4\n"
        f"  {PROG} diff 2_4 ./mktows.wsdl --format markdown --python > changes.md\n"
        f"  {PROG} diff 2_6 https://host/soap/mktows/2_7?WSDL --format json "
        "--fail-on breaking",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    for name, role, example in (
        ("old", "the revision you have", "2_2"),
        ("new", "the one to compare it with", "2_4"),
    ):
        command.add_argument(
            name,
            metavar=name.upper(),
            help=f"{role}: a revision name ({names}), a file or a URL; e.g. {example}",
        )
    command.add_argument(
        "--format",
        choices=list(FORMATS),
        default="text",
        help="text for terminals (default), markdown to paste into a pull request, "
        "json for tools; e.g. --format markdown",
    )
    command.add_argument(
        "--fail-on",
        choices=levels,
        default=None,
        metavar="LEVEL",
        help=f"exit 1 if a change at or above LEVEL ({', '.join(levels)}) exists; "
        "e.g. --fail-on breaking to gate CI",
    )
    command.add_argument(
        "--python",
        action="store_true",
        help="add the generated Python names that change (classes, fields, enum "
        "members, client methods and their parameters: added, removed, renamed, "
        "retyped); e.g. --python",
    )
    add_common_options(command)
    command.set_defaults(handler=_run_diff)


def _run_diff(args: argparse.Namespace) -> int:
    result = diff(args.old, args.new)
    sys.stdout.write(FORMATS[args.format](result, args.python))
    if args.fail_on is None:
        return 0
    threshold = Severity.parse(args.fail_on)
    failing = [c for c in result.changes if c.severity >= threshold]
    if failing:
        print(
            f"{len(failing)} change(s) at or above {threshold.label}",
            file=sys.stderr,
        )
        return 1
    return 0

"""``mktows-codegen golden``: render documented samples through our code, and check them."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from lxml import etree

from generator.errors import GeneratorError
from generator.load.sources import default_revision
from generator.tools.golden.samples import (
    Bindings,
    bindings_for,
    canonical,
    first_difference,
    read_sample,
    render,
)

if TYPE_CHECKING:
    from generator.cli.common import Subcommands

PROG = "mktows-codegen golden"


def add_golden_command(commands: Subcommands) -> None:
    from generator.cli.common import add_common_options

    golden = commands.add_parser(
        "golden",
        help="render documented samples through the generated code, or check them",
        description="Read a request, response or fault sample (SOAP 1.1 or 1.2, told by "
        "its envelope's namespace) of any WSDL into the generated package's typed objects "
        "and write it back with the generated serializers.",
        epilog=f"Examples:\n  {PROG} render ../shared/golden/getMultipleLeads.request.xml"
        f" --secret 27272727aa\n  {PROG} check ../shared/golden/*.request.xml",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    actions = golden.add_subparsers(title="actions", metavar="ACTION", required=True)

    render_parser = actions.add_parser(
        "render",
        help="write the XML our code produces for one sample",
        description="Write to stdout the XML the generated code produces for a sample: "
        "the full envelope of the sample's SOAP version, its header blocks and body "
        "written back from the typed objects (unknown ones as they were); with --secret, "
        "a signed request (mktows) is signed again using the sample's user id and timestamp.",
        epilog=f"Example: {PROG} render getMultipleLeads.request.xml --secret 27272727aa",
    )
    render_parser.add_argument(
        "file", type=Path, metavar="FILE", help="a sample XML file"
    )
    _shared_options(render_parser)
    add_common_options(render_parser)
    render_parser.set_defaults(handler=_run_render)

    check_parser = actions.add_parser(
        "check",
        help="render samples and compare them canonically with the originals",
        description="Render each sample and compare it with the original using C14N 2.0 "
        "(whitespace, prefixes and xsi:type prefixes do not matter). Prints PASS or FAIL "
        "with the first difference per file, then 'N passed, M failed'; exits 1 on any "
        "failure, 2 (before any verdict) on a file that is missing, a directory, not "
        "XML or declares a DTD.",
        epilog=f"Example: {PROG} check ../shared/golden/*.request.xml",
    )
    check_parser.add_argument(
        "files", type=Path, nargs="+", metavar="FILE", help="sample files"
    )
    _shared_options(check_parser)
    add_common_options(check_parser)
    check_parser.set_defaults(handler=_run_check)


def _shared_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--secret",
        metavar="KEY",
        help="sign requests again with this key, for a WSDL whose profile signs "
        "requests (mktows); default: keep the sample's signature",
    )
    parser.add_argument(
        "--wsdl",
        default=default_revision(),
        metavar="REV|PATH|URL",
        help=f"the WSDL whose generated code is used (default {default_revision()})",
    )


def _bindings(args: argparse.Namespace) -> Bindings:
    api = bindings_for(args.wsdl)
    if args.secret is not None and api.resign is None:
        raise GeneratorError(
            "--secret",
            f"the package for {args.wsdl} has no request signature to make again; "
            "expected a WSDL whose profile signs requests (mktows)",
        )
    return api


def _run_render(args: argparse.Namespace) -> int:
    sample = read_sample(args.file)
    rendered = render(sample, _bindings(args), args.secret)
    if rendered.unknown:
        names = ", ".join(sorted(set(rendered.unknown)))
        print(
            f"note: kept as they were (not in the schema, or not fitting it): {names}",
            file=sys.stderr,
        )
    sys.stdout.buffer.write(rendered.xml + b"\n")
    return 0


def _run_check(args: argparse.Namespace) -> int:
    # every file is read first: one that is missing, a directory, not XML or
    # declaring a DTD is bad input (exit 2), reported before any verdict
    samples = [(path, read_sample(path)) for path in args.files]
    api = _bindings(args)
    passed = failed = 0
    for path, sample in samples:
        verdict = check_sample(sample, api, args.secret)
        print(
            f"{'PASS' if verdict is None else 'FAIL'} {path}{'' if verdict is None else ': ' + verdict}"
        )
        passed, failed = (
            (passed + 1, failed) if verdict is None else (passed, failed + 1)
        )
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


def check_sample(
    original: etree._Element, api: Bindings, secret: str | None
) -> str | None:
    """``None`` when our rendering of a sample equals it canonically, else why not."""
    try:
        rendered = render(original, api, secret)
    except GeneratorError as exc:
        return str(exc)
    # as parsed, with the comments and PIs around the root: no DTD or entities reach C14N
    sample = etree.tostring(original.getroottree(), encoding="utf-8")
    try:
        expected = canonical(sample, qnames=api.qnames)
        actual = canonical(rendered.xml, qnames=api.qnames)
        if expected == actual:
            return None
        blank = api.signature
        if blank and canonical(sample, blank, api.qnames) == canonical(
            rendered.xml, blank, api.qnames
        ):
            return f"{blank} differs: the sample was not signed with this key"
    except ValueError as exc:  # C14N 2.0: a QName (xsi:type) whose prefix is unbound
        return f"cannot be compared canonically: {exc}"
    return first_difference(expected, actual)

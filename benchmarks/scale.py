"""How generation scales with the size of a WSDL (issue 16).

    python benchmarks/scale.py [--quick] [--copies N ...] [--json FILE] [--chart FILE]
    python benchmarks/scale.py --saved benchmarks/scale.json --chart benchmarks/scale.png

A synthetic WSDL is made of N renamed copies of the mktows 2_6 WSDL: copy k
renames every top-level type, element, message (and its parts) and operation by
appending the k-th word of the NATO alphabet (``LeadRecordAlpha``,
``getLeadBravo``), and every reference to them; the binding, port type and service stay single. Both
generators run on the same file, back to back, as a user runs them:

* ours: a cold formatting cache (an empty ``XDG_CACHE_HOME``), then warm (the
  cache the cold run filled), then ``--check`` against that output;
* xsdata: ``xsdata generate`` (it has no cache).

Each row has the wall time, the peak resident memory of the command's process
tree (its largest single process, as ``/usr/bin/time -v`` reports it; formatting
workers are counted on their own), the Python lines written, and the cold start:
import the package and build a client, in a fresh interpreter. N = 1, 4, 16;
``--quick`` runs 1 and 4. The WSDL is third-party data read from
``$MKTOWS_SHARED``; the synthetic files live in a temporary folder.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make ``benchmarks`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lxml import etree

from benchmarks.data import ENDPOINT
from benchmarks.harness import fresh_process_ms, machine, versions

SOURCE = "2_6"
SUFFIXES = tuple(
    [
        "Alpha",
        "Bravo",
        "Charlie",
        "Delta",
        "Echo",
        "Foxtrot",
        "Golf",
        "Hotel",
        "India",
        "Juliet",
        "Kilo",
        "Lima",
        "Mike",
        "November",
        "Oscar",
        "Papa",
        "Quebec",
        "Romeo",
        "Sierra",
        "Tango",
        "Uniform",
        "Victor",
        "Whiskey",
    ]
)
COPIES = (1, 4, 16)
QUICK_COPIES = (1, 4)
_XS = "http://www.w3.org/2001/XMLSchema"
_WSDL = "http://schemas.xmlsoap.org/wsdl/"
_SOAP = "http://schemas.xmlsoap.org/wsdl/soap/"
_REFERENCES = ("type", "base", "element", "message", "ref")
_SERVICE = "MktowsPortSyncMultipleLeads"  # xsdata's class for one operation


def synthetic_wsdl(source: Path, copies: int, target: Path) -> int:
    """Write ``copies`` renamed copies of ``source`` to ``target``.

    Returns the number of top-level schema definitions (types and elements) in
    the result: 190 per copy of mktows 2_6.
    """
    if not 1 <= copies <= len(SUFFIXES):
        raise ValueError(f"copies must be 1 to {len(SUFFIXES)}, not {copies}")
    tree = etree.parse(str(source), etree.XMLParser(resolve_entities=False))
    root = tree.getroot()
    schema = root.find(f"{{{_WSDL}}}types/{{{_XS}}}schema")
    port_type = root.find(f"{{{_WSDL}}}portType")
    binding = root.find(f"{{{_WSDL}}}binding")
    if schema is None or port_type is None or binding is None:
        raise ValueError(f"{source}: not a single-schema, single-binding WSDL")
    definitions = [c for c in schema if isinstance(c.tag, str)]
    messages = root.findall(f"{{{_WSDL}}}message")
    names = {node.get("name") for node in (*definitions, *messages)} - {None}
    groups = (
        (schema, definitions),
        (root, messages),
        (port_type, port_type.findall(f"{{{_WSDL}}}operation")),
        (binding, binding.findall(f"{{{_WSDL}}}operation")),
    )
    for parent, originals in groups:
        anchor = originals[-1]
        for suffix in reversed(SUFFIXES[:copies]):
            for original in reversed(originals):
                anchor.addnext(_renamed(original, suffix, names))
        for original in originals:
            parent.remove(original)
    target.write_bytes(etree.tostring(tree, xml_declaration=True, encoding="UTF-8"))
    return copies * len(definitions)


def _renamed(node: Any, suffix: str, names: set[str]) -> Any:
    twin = copy.deepcopy(node)
    twin.set("name", twin.get("name") + suffix)
    for element in twin.iter():
        for attribute in _REFERENCES:
            value = element.get(attribute)
            if value and value.partition(":")[2] in names and ":" in value:
                element.set(attribute, value + suffix)
        if element.tag in (f"{{{_WSDL}}}part", f"{{{_SOAP}}}header"):
            # part names too: a header's part becomes a client keyword, one per header
            key = "name" if element.tag == f"{{{_WSDL}}}part" else "part"
            element.set(key, element.get(key, "") + suffix)
        action = element.get("soapAction")
        if action and element.tag == f"{{{_SOAP}}}operation":
            element.set("soapAction", action + suffix)
    return twin


@dataclass(frozen=True)
class Row:
    """One generator on one synthetic WSDL."""

    copies: int
    definitions: int
    impl: str
    variant: str  # cold, warm, check (ours); cold (xsdata)
    seconds: float
    peak_mib: float
    lines: int | None = None
    cold_start_ms: float | None = None


def run_measured(
    command: Sequence[str], env: dict[str, str], cwd: Path
) -> tuple[float, float, int]:
    """Wall seconds, peak RSS in MiB (largest process of the tree) and exit status."""
    start = time.perf_counter()
    child = subprocess.Popen(
        command, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    assert child.stderr is not None
    errors = child.stderr.read()
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - start
    if child.returncode not in (0, 1):
        tail = errors.decode(errors="replace").strip().splitlines()[-1:]
        raise RuntimeError(f"{' '.join(command[:4])} failed: {' '.join(tail)}")
    return seconds, usage.ru_maxrss / 1024, child.returncode


def python_lines(folder: Path) -> int:
    return sum(len(path.read_bytes().splitlines()) for path in folder.rglob("*.py"))


class Scale:
    """One run: a temporary folder holding the WSDLs and both generators' output."""

    def __init__(self, root: Path, cold_starts: int) -> None:
        self.root = root
        self.cold_starts = cold_starts
        self.env = dict(os.environ)
        self.env["PYTHONPATH"] = os.pathsep.join(
            [str(root), *filter(None, [self.env.get("PYTHONPATH")])]
        )
        self.env["PATH"] = os.pathsep.join(
            [str(Path(sys.executable).parent), self.env["PATH"]]
        )

    def measure(self, copies: int, log: Callable[[str], None]) -> list[Row]:
        from generator.load.sources import resolve

        wsdl = self.root / f"scale{copies}.wsdl"
        size = synthetic_wsdl(Path(resolve(SOURCE).location), copies, wsdl)
        ours, theirs = f"ours{copies}", f"xsdata{copies}"
        generate = [sys.executable, "-m", "generator", "generate", "--wsdl", str(wsdl)]
        generate += ["--output", str(self.root / ours), "--package", ours]
        cache = tempfile.mkdtemp(prefix="cache-", dir=self.root)
        env = {**self.env, "XDG_CACHE_HOME": cache}
        rows: list[Row] = []

        def row(impl: str, variant: str, command: list[str], **extra: Any) -> None:
            seconds, peak, status = run_measured(command, env, self.root)
            if variant == "check" and status != 0:
                raise RuntimeError(f"--check after generating {copies}x found changes")
            rows.append(Row(copies, size, impl, variant, seconds, peak, **extra))
            log(f"  {copies}x {impl} {variant}: {seconds:.2f} s, {peak:.0f} MiB")

        xsdata = [sys.executable, "-m", "xsdata", "generate", str(wsdl)]
        row("xsdata", "cold", [*xsdata, "--package", theirs])
        row("ours", "cold", generate)
        row("ours", "warm", generate)
        row("ours", "check", [*generate, "--check"])
        starts = self.cold_start(ours, theirs)
        lines = {"ours": python_lines(self.root / ours)}
        lines["xsdata"] = python_lines(self.root / theirs)
        return [
            (
                Row(
                    **{
                        **asdict(r),
                        "lines": lines[r.impl],
                        "cold_start_ms": starts[r.impl],
                    }
                )
                if r.variant == "cold"
                else r
            )
            for r in rows
        ]

    def cold_start(self, ours: str, theirs: str) -> dict[str, float]:
        import compileall

        for name in (ours, theirs):  # byte-compiled first, as pip install does
            compileall.compile_dir(self.root / name, quiet=1)
        codes = {
            "ours": f"from {ours} import Client\nClient({ENDPOINT!r}, 'user', 'secret')",
            "xsdata": (
                f"import {theirs} as package\n"
                "from xsdata.formats.dataclass.client import Client\n"
                f"Client.from_service(package.{_SERVICE}{SUFFIXES[0]})"
            ),
        }
        return fresh_process_ms(codes, self.env, self.cold_starts)


def render(rows: Sequence[Row]) -> str:
    """The scaling table, in Markdown."""
    head = (
        "| N | definitions | impl | cold s | warm s | check s | peak MiB "
        "| lines | cold start ms |\n|---|---|---|---|---|---|---|---|---|"
    )
    lines = [head]
    for copies in sorted({r.copies for r in rows}):
        for impl in ("ours", "xsdata"):
            found = {
                r.variant: r for r in rows if r.copies == copies and r.impl == impl
            }
            if "cold" not in found:
                continue
            cold = found["cold"]
            secs = {v: f"{r.seconds:.2f}" for v, r in found.items()}
            peak = max(r.peak_mib for r in found.values())
            lines.append(
                f"| {copies} | {cold.definitions} | {impl} | {secs['cold']} "
                f"| {secs.get('warm', '-')} | {secs.get('check', '-')} | {peak:.0f} "
                f"| {cold.lines} "
                f"| {cold.cold_start_ms:.0f} |"
            )
    return "\n".join(lines)


def ratios(rows: Sequence[Row]) -> str:
    """Ours over xsdata at each size: the numbers the issue's goals are about."""
    out = []
    for copies in sorted({r.copies for r in rows}):
        found = {(r.impl, r.variant): r for r in rows if r.copies == copies}
        base = found.get(("xsdata", "cold"))
        if base is None:
            continue
        parts = [
            f"{variant} {found[('ours', variant)].seconds / base.seconds:.2f}x"
            for variant in ("cold", "warm", "check")
            if ("ours", variant) in found
        ]
        peak = max(r.peak_mib for (impl, _), r in found.items() if impl == "ours")
        parts.append(f"memory {peak / base.peak_mib:.2f}x")
        ours = found.get(("ours", "cold"))
        if ours and ours.cold_start_ms and base.cold_start_ms:
            parts.append(f"cold start {ours.cold_start_ms / base.cold_start_ms:.2f}x")
        out.append(f"- {copies}x: " + ", ".join(parts))
    return "\n".join(out)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="benchmarks/scale.py", description=(__doc__ or "").split("\n", 1)[0]
    )
    parser.add_argument("--quick", action="store_true", help="N = 1 and 4 only")
    parser.add_argument("--copies", type=int, nargs="+", help="the sizes to run")
    parser.add_argument("--json", type=Path, help="write the rows to this file")
    parser.add_argument("--chart", type=Path, help="draw the curves into this PNG")
    parser.add_argument(
        "--saved", type=Path, help="measure nothing: report a file --json wrote"
    )
    args = parser.parse_args(argv)
    if args.saved:
        document = json.loads(args.saved.read_text())
        rows = [Row(**row) for row in document["rows"]]
    else:
        rows = scale(
            args.copies or sizes(args.quick), cold_starts=3 if args.quick else 10
        )
        document = {
            "machine": machine(),
            "versions": versions(),
            "rows": [asdict(r) for r in rows],
        }
    if args.json:
        args.json.write_text(json.dumps(document, indent=2) + "\n")
    if args.chart:
        from benchmarks.report import scale_chart

        scale_chart(document, args.chart)
    print(render(rows))
    print()
    print(ratios(rows))
    return 0


def sizes(quick: bool) -> tuple[int, ...]:
    """The numbers of copies a run measures: 1, 4 and 16, or 1 and 4 when quick."""
    return QUICK_COPIES if quick else COPIES


def measure_into(rows: list[Row], quick: bool) -> None:
    """The ``scale`` task of ``benchmarks/run.py``: append its rows to ``rows``."""
    rows.extend(scale(sizes(quick)))


def scale(
    sizes: Sequence[int],
    cold_starts: int = 10,
    log: Callable[[str], None] = lambda m: print(m, file=sys.stderr, flush=True),
) -> list[Row]:
    """Measure both generators at each size, in a temporary folder."""
    with tempfile.TemporaryDirectory(prefix="mktows-scale-") as folder:
        run = Scale(Path(folder), cold_starts)
        rows: list[Row] = []
        for copies in sizes:
            log(f"scale {copies}x:")
            rows += run.measure(copies, log)
        return rows


if __name__ == "__main__":
    sys.exit(main())

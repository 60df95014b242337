"""Never a traceback: mutated WSDLs through ``generate``, ``diff`` and ``golden``.

Each example takes a WSDL (one of the repo's own, always; one of the corpus's
single-file ``generate`` cases, when ``$MKTOWS_SHARED/corpus`` is present) and
mutates it as real files go wrong: a definition dropped, duplicated or renamed, a
reference broken, a namespace swapped, an attribute removed, the file truncated at
a random byte. The three commands then run in-process. Each must end with exit 0,
or exit 2 and exactly one ``mktows-codegen: error:`` line naming the file; ``diff``
(breaking changes) and ``golden check`` (a sample that no longer matches) may also
exit 1 with their verdicts on stdout. Anything else, an escaping exception above
all, fails the example with the mutated WSDL as the reproducer.
"""

from __future__ import annotations

import copy
import difflib
import tempfile
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from lxml import etree

from generator.cli.main import main
from generator.resources import REPO_ROOT
from tests.support.corpus import corpus_dir, load_cases
from tests.support.wsdl_fragments import BASE

PROG = "mktows-codegen"
SUPPORT = REPO_ROOT / "tests" / "support"
CALCULATOR_REQUEST = b"""<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/">
<s:Body><c:add xmlns:c="http://example.com/calculator/"><a>1</a><b>2</b></c:add></s:Body>
</s:Envelope>"""
REFERENCES = ("type", "element", "message", "binding", "base", "ref", "itemType")
OTHER_NAMESPACES = ("urn:swapped", "", "http://www.w3.org/2001/XMLSchema")


@dataclass(frozen=True)
class Subject:
    """A WSDL to mutate (its text) and samples to golden-check against it."""

    name: str
    text: bytes
    samples: tuple[bytes, ...]


def repo_subjects() -> list[Subject]:
    return [
        Subject(
            "calculator.wsdl",
            (SUPPORT / "calculator.wsdl").read_bytes(),
            (CALCULATOR_REQUEST,),
        ),
        Subject("wsdl_fragments.BASE", BASE.encode(), ()),
        Subject(
            "schema_features.wsdl",
            (SUPPORT / "wsdl" / "schema_features.wsdl").read_bytes(),
            (),
        ),
    ]


def corpus_subjects() -> list[Subject]:
    if not (corpus_dir() / "cases.json").is_file():
        return []
    subjects = []
    for case in load_cases():
        single = (
            case.wsdl.stat().st_size < 40_000
            and "import" not in case.wsdl.read_text("utf-8", "replace")
        )
        if case.expect == "generate" and single:
            samples = tuple(p.read_bytes() for p in case.samples[:2])
            subjects.append(Subject(case.id, case.wsdl.read_bytes(), samples))
    return subjects


# -- mutations: each takes the parsed tree (or the bytes) and a draw function ----


def _elements(root: etree._Element) -> list[etree._Element]:
    return [e for e in root.iter() if isinstance(e.tag, str) and e is not root]


def drop(root: etree._Element, draw: st.DrawFn) -> None:
    node = draw(st.sampled_from(_elements(root)))
    node.getparent().remove(node)  # type: ignore[union-attr]


def duplicate(root: etree._Element, draw: st.DrawFn) -> None:
    node = draw(st.sampled_from(_elements(root)))
    node.addnext(copy.deepcopy(node))


def with_attribute(
    root: etree._Element, names: tuple[str, ...] | None
) -> list[etree._Element]:
    return [
        e
        for e in root.iter()
        if isinstance(e.tag, str) and any(names is None or a in names for a in e.attrib)
    ]


def rename(root: etree._Element, draw: st.DrawFn) -> None:
    nodes = with_attribute(root, ("name",))
    node = draw(st.sampled_from(nodes))
    node.set("name", draw(st.sampled_from(["renamed", "", "1x", "a b", "ns:x", "é"])))


def break_reference(root: etree._Element, draw: st.DrawFn) -> None:
    nodes = with_attribute(root, REFERENCES)
    node = draw(st.sampled_from(nodes))
    attribute = draw(st.sampled_from([a for a in node.attrib if a in REFERENCES]))
    node.set(
        attribute,
        draw(st.sampled_from(["tns:missing", "nope:x", "", ":", "xs:nothing"])),
    )


def remove_attribute(root: etree._Element, draw: st.DrawFn) -> None:
    node = draw(st.sampled_from(with_attribute(root, None)))
    del node.attrib[draw(st.sampled_from(sorted(node.attrib)))]


Mutation = Callable[[etree._Element, st.DrawFn], None]
TREE_MUTATIONS: dict[str, Mutation] = {
    "drop": drop,
    "duplicate": duplicate,
    "rename": rename,
    "break-reference": break_reference,
    "remove-attribute": remove_attribute,
}


def swap_namespace(text: bytes, draw: st.DrawFn) -> bytes:
    root = etree.fromstring(text)
    uris = sorted(
        {uri for e in root.iter() if isinstance(e.tag, str) for uri in e.nsmap.values()}
    )
    old = draw(st.sampled_from(uris))
    new = draw(st.sampled_from([u for u in (*OTHER_NAMESPACES, *uris) if u != old]))
    return text.replace(f'"{old}"'.encode(), f'"{new}"'.encode())


def truncate(text: bytes, draw: st.DrawFn) -> bytes:
    return text[: draw(st.integers(0, len(text) - 1))]


class Mutant:
    """A mutated WSDL; its repr (hypothesis's reproducer) shows what changed."""

    def __init__(self, subject: Subject, kind: str, text: bytes) -> None:
        self.subject, self.kind, self.text = subject, kind, text

    @property
    def change(self) -> str:
        lines = difflib.unified_diff(
            self.subject.text.decode("utf-8", "replace").splitlines(),
            self.text.decode("utf-8", "replace").splitlines(),
            lineterm="",
            n=0,
        )
        return "\n".join(list(lines)[2:12])

    def __repr__(self) -> str:
        return f"Mutant({self.subject.name!r}, {self.kind!r}):\n{self.change}"


@st.composite
def mutated(draw: st.DrawFn, subjects: list[Subject]) -> Mutant:
    subject = draw(st.sampled_from(subjects))
    kind = draw(st.sampled_from([*TREE_MUTATIONS, "swap-namespace", "truncate"]))
    if kind == "truncate":
        return Mutant(subject, kind, truncate(subject.text, draw))
    if kind == "swap-namespace":
        return Mutant(subject, kind, swap_namespace(subject.text, draw))
    root = etree.fromstring(subject.text)
    TREE_MUTATIONS[kind](root, draw)
    return Mutant(
        subject, kind, etree.tostring(root.getroottree(), xml_declaration=True)
    )


# -- the property ---------------------------------------------------------------


@dataclass(frozen=True)
class Result:
    code: int
    out: str
    err: str
    crash: tuple[str, str] | None = None  # (exception, generator file) of an escape


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> Result:
    crash = None
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse
        code = exc.code if isinstance(exc.code, int) else 2
    except Exception as exc:  # what the property forbids: kept to be reported
        frames = [
            f.filename.removeprefix(str(REPO_ROOT) + "/")
            for f in traceback.extract_tb(exc.__traceback__)
            if f.filename.startswith(str(REPO_ROOT / "generator"))
        ]
        crash = (type(exc).__name__, frames[-1] if frames else "?")
        code = -1
    captured = capsys.readouterr()
    return Result(code, captured.out, captured.err, crash)


def assert_clean(
    command: str, result: Result, files: tuple[str, ...], verdict_ok: bool
) -> None:
    """Exit 0 (or 1 with a verdict), or exit 2 with one error line naming one of
    ``files`` (after any one-line ``warning:`` notices)."""
    assert result.crash is None, f"{command}: crashed: {result.crash}"
    lines = [line for line in result.err.splitlines() if line.strip()]
    errors = [line for line in lines if not line.startswith(f"{PROG}: warning: ")]
    if result.code == 2:
        assert len(errors) == 1, f"{command}: exit 2 with {lines}"
        assert errors[0].startswith(f"{PROG}: error: "), f"{command}: {errors[0]}"
        assert any(name in errors[0] for name in files), f"{command}: {errors[0]}"
    else:
        allowed = (0, 1) if verdict_ok else (0,)
        assert result.code in allowed, f"{command}: exit {result.code}: {result.err}"
        assert "Traceback" not in result.err, f"{command}: {result.err}"


def check_commands(
    subject: Subject, text: bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    with tempfile.TemporaryDirectory(prefix="fuzz-") as tmp:
        folder = Path(tmp)
        original, wsdl = folder / "original.wsdl", folder / "mutated.wsdl"
        original.write_bytes(subject.text)
        wsdl.write_bytes(text)
        output = folder / "out" / "fuzzed"
        generate = [
            "generate",
            "--wsdl",
            str(wsdl),
            "--package",
            "fuzzed",
            "--output",
            str(output),
        ]
        assert_clean("generate", run(generate, capsys), (wsdl.name,), False)
        diff = ["diff", str(original), str(wsdl)]
        assert_clean("diff", run(diff, capsys), (wsdl.name, original.name), True)
        samples = []
        for index, sample in enumerate(subject.samples):
            samples.append(folder / f"sample{index}.xml")
            samples[-1].write_bytes(sample)
        if samples:
            golden = ["golden", "check", *map(str, samples), "--wsdl", str(wsdl)]
            names = (wsdl.name, *(p.name for p in samples))
            assert_clean("golden", run(golden, capsys), names, True)


FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    phases=[
        Phase.explicit,
        Phase.generate,
    ],  # no shrinking: the mutated WSDL is the reproducer
)


@FUZZ
@given(case=mutated(repo_subjects()))
def test_mutated_repo_wsdls_never_crash(
    case: Mutant, capsys: pytest.CaptureFixture[str]
) -> None:
    check_commands(case.subject, case.text, capsys)


CORPUS = corpus_subjects()


@pytest.mark.shared
@pytest.mark.skipif(
    not CORPUS, reason=f"corpus not found in {corpus_dir()} (set MKTOWS_SHARED)"
)
@FUZZ
@given(case=mutated(CORPUS or repo_subjects()))
def test_mutated_corpus_wsdls_never_crash(
    case: Mutant, capsys: pytest.CaptureFixture[str]
) -> None:
    check_commands(case.subject, case.text, capsys)


REPRODUCERS = [
    ("calculator nameless element", b'<xs:element name="apiKey">', b"<xs:element>"),
    (
        "calculator nameless operation",
        b'<wsdl:operation name="add">\n      <wsdl:input',
        b"<wsdl:operation>\n      <wsdl:input",
    ),
    (
        "calculator input without message",
        b'<wsdl:input message="tns:AddIn"/>',
        b"<wsdl:input/>",
    ),
]


@pytest.mark.parametrize(
    ("name", "old", "new"), REPRODUCERS, ids=[r[0] for r in REPRODUCERS]
)
def test_former_crash_sites_are_one_line(
    name: str, old: bytes, new: bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each crash the fuzz test found, reproduced: now one line and exit 2."""
    base = (
        BASE.encode()
        if name.startswith("BASE")
        else (SUPPORT / "calculator.wsdl").read_bytes()
    )
    assert base.count(old) == 1, "the reproducer's snippet moved"
    with tempfile.TemporaryDirectory(prefix="fuzz-") as tmp:
        wsdl = Path(tmp) / "mutated.wsdl"
        wsdl.write_bytes(base.replace(old, new))
        argv = [
            "generate",
            "--wsdl",
            str(wsdl),
            "--package",
            "fuzzed",
            "--output",
            f"{tmp}/out",
        ]
        result = run(argv, capsys)
    assert result.crash is None, f"crashed at {result.crash}"
    assert_clean("generate", result, (wsdl.name,), False)

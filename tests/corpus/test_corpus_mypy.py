"""``mypy`` (the project's settings: strict) on generated corpus packages of
different shapes: what a user's type checker sees in the generated code.

Each package is generated through the real command line and checked with
``mypy <package dir>`` from the repository root, so ``[tool.mypy]`` in
pyproject.toml applies. Skipped, with one line, when the corpus is absent.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.corpus import corpus_dir, load_cases
from tests.support.packages import strict_mypy

pytestmark = pytest.mark.corpus

if not (corpus_dir() / "cases.json").is_file():
    pytest.skip(
        f"corpus not found at {corpus_dir()} (set MKTOWS_SHARED)",
        allow_module_level=True,
    )

SHAPES = {  # corpus case -> what it exercises
    "rr/execFile__valid_xml_generated_on_request_with_complex_type_element_form_default_qualified": (
        "SOAP 1.2"
    ),
    "rr/addPrefix__should_add_namespace_on_output_message": "rpc/literal, no types",
    "node-soap/wsdlImport/main": "wsdl:import and xsd:import over three files",
    "zeep/soap": "wsdl:fault classes, a one-way operation, element refs",
    "node-soap/self_referencing": "two ports (SOAP 1.1 and 1.2), recursion",
    "zeep/soap_header": "SOAP header keywords",
}
CASES = {case.id: case for case in load_cases()}
# What mypy finds today, outside the binding code (strict expected failures: a
# case that starts passing must leave the list):
MYPY_GAPS: dict[str, str] = {}


def _param(case_id: str) -> object:
    gap = MYPY_GAPS.get(case_id)
    marks = [pytest.mark.xfail(strict=True, reason=gap)] if gap else []
    return pytest.param(case_id, id=case_id, marks=marks)


@pytest.mark.parametrize("case_id", [_param(case_id) for case_id in sorted(SHAPES)])
def test_generated_package_passes_mypy(case_id: str, tmp_path: Path) -> None:
    case = CASES[case_id]
    package = "typed_" + re.sub(r"\W", "_", case_id.lower())[-40:]
    output = tmp_path / package
    generate = [sys.executable, "-m", "generator", "generate", "--wsdl", str(case.wsdl)]
    generate += ["--package", package, "--output", str(output)]
    done = subprocess.run(generate, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    checked = strict_mypy(output, timeout=600)
    assert checked.returncode == 0, f"{SHAPES[case_id]}:\n{checked.stdout}"

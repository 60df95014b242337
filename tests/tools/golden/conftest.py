"""Golden-file suite fixtures: skip cleanly without the documented samples."""

from __future__ import annotations

import pytest

from tests.support.golden import GOLDEN


@pytest.fixture(autouse=True)
def _golden_samples() -> None:
    if not (GOLDEN / "INDEX.md").is_file():
        pytest.skip(f"documented samples not found in {GOLDEN} (set MKTOWS_SHARED)")

"""Site list fixtures: the reference UT1 copy beside the repository, when there is one."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def _reference_ut1() -> Path | None:
    for base in (ROOT.parent, ROOT.parent.parent):
        found = base / "shared" / "data" / "ut1"
        if (found / "gambling" / "domains").is_file():
            return found
    return None


@pytest.fixture(scope="session")
def real_ut1() -> Path:
    """The real UT1 lists in `shared/data/ut1` (read-only). CI always has them; elsewhere the
    tests that need them are skipped."""
    found = _reference_ut1()
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("shared/data/ut1 is missing beside the repository")
        pytest.skip("no shared/data/ut1 beside the repository")
    return found

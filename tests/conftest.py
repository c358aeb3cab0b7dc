"""Shared test helpers: where ../shared is, and whether optional things may be skipped."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
IN_CI = os.environ.get("CI", "").lower() == "true"

# Under CI the property tests are deterministic: the same examples every run (derandomize)
# and no example database, so a failure seen once is reproduced by rerunning, not replayed
# from a local .hypothesis/ folder. Locally they stay random, to keep finding new cases.
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
settings.register_profile("dev")
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if IN_CI else "dev"))


def need(path: Path) -> Path:
    """``path``, or skip the test when it is missing (never under CI=true: then it fails)."""
    if not path.exists():
        if IN_CI:
            pytest.fail(f"{path} is required under CI=true but is missing")
        pytest.skip(f"{path} is not available")
    return path


@pytest.fixture
def shared() -> Path:
    """The read-only ../shared folder beside the repository."""
    return need(SHARED)

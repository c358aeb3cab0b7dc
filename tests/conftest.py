"""Shared test helpers: where ../shared is, and whether optional things may be skipped."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
IN_CI = os.environ.get("CI", "").lower() == "true"


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

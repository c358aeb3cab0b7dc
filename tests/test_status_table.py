"""README's status table is generated from the code and never drifts from it."""

from __future__ import annotations

import runpy
from pathlib import Path

from fmevidence.grading import STATUS_RULES

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "build_status_table.py"


def test_the_readme_status_table_matches_the_code() -> None:
    module = runpy.run_path(str(SCRIPT))
    assert module["main"](["--check"]) == 0
    block = module["render"]()
    for status, (treatment, mechanism, rule) in STATUS_RULES.items():
        assert f"| `{status.value}` | {treatment} | {mechanism} | {rule} |" in block


def test_a_changed_rule_is_caught() -> None:
    module = runpy.run_path(str(SCRIPT))
    text = SCRIPT.parents[1].joinpath("README.md").read_text(encoding="utf-8")
    assert module["updated"](text) == text
    stale = text.replace("benefit shown", "benefit proven", 1)
    assert module["updated"](stale) != stale

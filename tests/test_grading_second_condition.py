"""A dataset about another (fictional) condition grades without a word about fibromyalgia.

The fixture in tests/data/second_condition/ is clearly marked as fictional; it is not shipped.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import fmevidence
from fmevidence import Certainty, EvidenceBase
from fmevidence.cli import main
from fmevidence.grading import EvidenceStatus, Grader, summarise

FIXTURE = Path(__file__).parent / "data" / "second_condition"
FM_WORDS = re.compile(r"fibromyalgia|\bFM\b", re.IGNORECASE)


@pytest.fixture(scope="module")
def kb() -> EvidenceBase:
    return fmevidence.load(FIXTURE)


def test_the_manifest_names_the_condition(kb: EvidenceBase) -> None:
    condition = kb.primary_condition()
    assert condition is not None and condition.id == "fixture-headache"


def test_its_double_blind_trials_are_rated_high_and_benefit_is_shown(kb: EvidenceBase) -> None:
    grader = Grader(kb)
    for finding_id in ("fixture-drug-a-fewer-headache-days-1", "fixture-drug-a-fewer-headache-days-2"):
        rating = grader.rate(kb.get_as(finding_id, fmevidence.Finding))
        assert rating.level is Certainty.HIGH, rating.reasons
    summary = summarise(kb, "fixture-drug-a", grader)
    assert summary.status is EvidenceStatus.SHOWN and summary.certainty is Certainty.HIGH
    assert summary.contradicting == 0, "the agency's refusal is beside the evidence, not against it"


def test_another_population_is_judged_against_the_manifests_condition(kb: EvidenceBase) -> None:
    finding = kb.get_as("fixture-drug-b-helped-other-population", fmevidence.Finding)
    rating = Grader(kb).rate(finding)
    assert rating.level is Certainty.MODERATE
    assert "not Fixture headache" in rating.reasons[-1].text
    assert Grader(kb, "fixture-other-condition").rate(finding).level is Certainty.HIGH


def test_no_output_mentions_fibromyalgia(capsys: pytest.CaptureFixture[str]) -> None:
    outputs = []
    for argv in (["evidence"], ["evidence", "--json"], ["evidence", "fixture-drug-a"],
                 ["evidence", "fixture-drug-b", "--json"], ["export"]):
        assert main(["--data", str(FIXTURE), *argv]) == 0
        outputs.append(capsys.readouterr().out)
    for out in outputs:
        assert not FM_WORDS.search(out), out
    export = json.loads(outputs[-1])
    assert export["name"] == "Fixture headache" or export.get("about", {}).get("name") == "Fixture headache"


def test_an_unknown_condition_option_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data", str(FIXTURE), "evidence", "--condition", "no-such-condition"]) == 2
    assert "Traceback" not in capsys.readouterr().err

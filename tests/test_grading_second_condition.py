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


def test_decisions_are_exported_as_legal_status_and_shown_beside_the_rating(
    kb: EvidenceBase, capsys: pytest.CaptureFixture[str]
) -> None:
    from fmevidence.jsonld import export_jsonld

    document = export_jsonld(kb)
    drug = next(t for t in document["possibleTreatment"] if t["name"] == "Fixture drug A")
    assert drug["legalStatus"] == [{"@type": "DrugLegalStatus", "name": "Fixture Agency: refused for Fixture headache",
                                    "description": "benefit judged too small for the risks (fictional)"}]
    assert main(["--data", str(FIXTURE), "evidence", "fixture-drug-a", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [d["id"] for d in data["decisions"]] == ["fixture-agency-refused-drug-a"]
    assert data["decisions"][0]["counted"] is False
    assert data["decisions"][0]["text"] == ("Fixture Agency refused for Fixture headache: benefit judged too small "
                                            "for the risks (fictional)")
    assert data["summary"]["status"] == "shown" and data["summary"]["fhir_certainty"] == "high"


def test_the_condition_option_changes_what_counts_as_the_right_population(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data", str(FIXTURE), "evidence", "fixture-drug-b", "--json"]) == 0
    default = json.loads(capsys.readouterr().out)
    assert default["findings"][0]["certainty"] == "moderate"
    assert main(["--data", str(FIXTURE), "evidence", "fixture-drug-b", "--json",
                 "--condition", "Fixture other condition"]) == 0
    other = json.loads(capsys.readouterr().out)
    assert other["findings"][0]["certainty"] == "high"


def test_a_manifest_naming_no_condition_of_the_dataset_is_refused(tmp_path: Path) -> None:
    manifest = json.loads((FIXTURE / "dataset.json").read_text(encoding="utf-8"))
    (tmp_path / "records.json").write_text((FIXTURE / "records.json").read_text(encoding="utf-8"), encoding="utf-8")
    for wrong in ("no-such-condition", "fixture-drug-a"):
        (tmp_path / "dataset.json").write_text(json.dumps({**manifest, "condition": wrong}), encoding="utf-8")
        with pytest.raises(fmevidence.DatasetError) as caught:
            fmevidence.load(tmp_path)
        problem = caught.value.problems[0]
        assert problem.pointer == "/condition" and problem.file.endswith("dataset.json")
        assert f"primary condition {wrong!r} is not a condition" in problem.message

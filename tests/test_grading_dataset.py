"""Grading on the shipped dataset, and the ``fmevidence evidence`` command.

The dataset grows; these tests state what must hold whatever is added: every finding rates
with reasons, and "FM is an autoimmune disease" stays short of any "shown" status.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import fmevidence
from fmevidence import Certainty, Direction, EvidenceBase
from fmevidence.cli import main
from fmevidence.grading import EvidenceStatus, Grader, rate_finding, summarise


@pytest.fixture(scope="module")
def kb() -> EvidenceBase:
    return fmevidence.load()


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_every_shipped_finding_has_a_rating_with_a_starting_reason(kb: EvidenceBase) -> None:
    grader = Grader(kb)
    for finding in kb.findings:
        rating = grader.rate(finding)
        assert rating.reasons and rating.reasons[0].kind == "design", finding.id
        # The computed level is high (rank 3) plus every rule's change, kept within the scale;
        # worked out here, not by asking the grader again.
        steps = sum(reason.change for reason in rating.reasons if reason.kind != "override")
        assert rating.computed.rank == max(0, min(3, 3 + steps)), finding.id
        expected = finding.certainty_override.level if finding.certainty_override else rating.computed
        assert rating.level is expected, finding.id
        if finding.certainty_override is not None:
            assert rating.override == finding.certainty_override
            assert finding.certainty_override.justification.strip() in rating.reasons[-1].text


def test_fm_as_an_autoimmune_disease_is_short_of_shown_with_low_certainty(kb: EvidenceBase) -> None:
    summary = summarise(kb, "autoimmunity")
    assert summary.status is not EvidenceStatus.SHOWN
    assert summary.supporting >= 1 and summary.contradicting >= 1
    assert summary.best_supporting is not None and summary.best_supporting.rank <= Certainty.LOW.rank
    assert summary.explanation.startswith(summary.label)


def test_the_articles_own_framing_is_never_counted_for_autoimmunity(kb: EvidenceBase) -> None:
    grader = Grader(kb)
    for finding_id in ("summary-evidence-fm-is-autoimmune", "fm-resembles-autoimmune-diseases",
                       "intro-fm-proposed-autoimmune-with-ni-and-sfn"):
        assert not grader.rate(kb.get_as(finding_id, fmevidence.Finding)).counted


def test_treatments_tested_only_in_animals_never_share_a_status_with_human_trials(kb: EvidenceBase) -> None:
    from fmevidence.grading.rating import is_preclinical

    grader = Grader(kb)
    for treatment in kb.of_kind("treatments"):
        summary = summarise(kb, treatment.id, grader)
        counted = [f for f in kb.findings_about(treatment.id) if grader.rate(f).counted
                   and f.direction is not Direction.INCONCLUSIVE]
        only_animal = bool(counted) and all(is_preclinical(kb, f) for f in counted)
        assert (summary.status is EvidenceStatus.PRECLINICAL) is only_animal, treatment.id


def test_regulatory_decisions_sit_beside_the_drugs_and_are_never_counted(kb: EvidenceBase) -> None:
    from fmevidence import DecisionKind

    grader = Grader(kb)
    for drug in ("pregabalin", "duloxetine", "milnacipran"):
        kinds = {d.kind for d in kb.decisions_on(drug)}
        assert {DecisionKind.APPROVED, DecisionKind.REFUSED} <= kinds
        assert summarise(kb, drug, grader).contradicting == 0, "a refusal is not evidence of no benefit"


def test_the_passive_transfer_mouse_study_is_very_low_because_it_is_in_mice(kb: EvidenceBase) -> None:
    finding = kb.get_as("fm-igg-transfers-symptoms-to-mice", fmevidence.Finding)
    rating = rate_finding(kb, finding)
    assert rating.level is Certainty.VERY_LOW
    assert any(reason.kind == "indirectness" and "mouse" in reason.text for reason in rating.reasons)


def test_every_mechanism_and_treatment_has_a_summary(kb: EvidenceBase) -> None:
    topics = [*kb.of_kind("mechanisms"), *kb.of_kind("treatments")]
    assert {"autoimmunity", "neuroinflammation", "small-fiber-neuropathy", "central-sensitization"} <= {
        t.id for t in topics
    }
    for topic in topics:
        summary = summarise(kb, topic.id)
        grader = Grader(kb)
        counted = [f for f in kb.findings_about(topic.id) if grader.rate(f).counted]
        assert summary.supporting == sum(f.direction is Direction.SUPPORTS for f in counted)
        assert summary.supporting + summary.contradicting + summary.inconclusive == len(counted)


# -- CLI ---------------------------------------------------------------------------------------


def test_evidence_table_for_autoimmunity(capsys: pytest.CaptureFixture[str], kb: EvidenceBase) -> None:
    code, out, err = run(capsys, "evidence", "autoimmunity")
    assert code == 0 and err == ""
    assert out.startswith("Autoimmunity [mechanism autoimmunity]\n")
    assert "FINDING" in out and "DIRECTION" in out and "CERTAINTY" in out
    assert "fm-igg-transfers-symptoms-to-mice" in out and "animal model" in out
    assert f"Summary: {summarise(kb, 'autoimmunity').label}:" in out
    assert max(len(line) for line in out.splitlines()) <= 120


def test_evidence_accepts_a_name_or_synonym(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "evidence", "SFN")
    assert code == 0 and "[mechanism small-fiber-neuropathy]" in out


def test_evidence_json(capsys: pytest.CaptureFixture[str], kb: EvidenceBase) -> None:
    code, out, _ = run(capsys, "evidence", "autoimmunity", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["topic"] == {"id": "autoimmunity", "name": "Autoimmunity", "kind": "mechanisms", "takes_sides": True}
    assert data["summary"]["status"] == summarise(kb, "autoimmunity").status.value
    ids = {f["id"] for f in data["findings"]}
    assert ids == {f.id for f in kb.findings_about("autoimmunity")}
    for item in data["findings"]:
        assert item["certainty"] in {c.value for c in Certainty}
        assert item["reasons"][0]["kind"] == "design"
        assert {"kind", "change", "text"} == set(item["reasons"][0])
        assert item["counted"] is (item["role"] == "evidence")
        if item["context"]:
            assert not item["counted"]
        assert "override" in item


def test_evidence_overview_lists_every_mechanism_and_treatment(
    capsys: pytest.CaptureFixture[str], kb: EvidenceBase
) -> None:
    code, out, _ = run(capsys, "evidence")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("TOPIC")
    table = lines[:lines.index("")] if "" in lines else lines
    assert len(table) == 1 + len(kb.of_kind("mechanisms")) + len(kb.of_kind("treatments"))
    autoimmunity = next(line for line in lines if line.startswith("autoimmunity "))
    assert summarise(kb, "autoimmunity").label in autoimmunity
    assert "Decisions and recommendations (shown beside the evidence, never counted):" in lines
    code, out, _ = run(capsys, "evidence", "--json")
    data = json.loads(out)
    assert code == 0 and {item["topic"] for item in data} >= {"autoimmunity", "central-sensitization"}


def test_unknown_topic_suggests_close_matches_and_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "evidence", "autoimunity")
    assert code == 1 and out == ""
    assert "no topic 'autoimunity'; did you mean: autoimmunity" in err


def test_evidence_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "evidence", "autoimmunity", "--bogus")
    assert code == 2 and "Traceback" not in err


def test_a_condition_topic_warns_that_its_summary_only_adds_up(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "evidence", "fibromyalgia")
    assert code == 0 and "Note: findings about a condition take sides on different claims" in out
    code, out, _ = run(capsys, "evidence", "fibromyalgia", "--json")
    assert json.loads(out)["topic"]["takes_sides"] is False


def test_summarise_all_matches_summarise(kb: EvidenceBase) -> None:
    from fmevidence.grading import summarise_all

    every = summarise_all(kb)
    assert list(every) == [t.id for t in (*kb.of_kind("mechanisms"), *kb.of_kind("treatments"))]
    grader = Grader(kb)
    for topic_id, summary in every.items():
        # counted from the findings' own ratings and directions, not by calling summarise again
        counted = [f for f in kb.findings_about(topic_id) if grader.rate(f).counted]
        directions = [f.direction for f in counted]
        assert (summary.supporting, summary.contradicting, summary.inconclusive) == (
            directions.count(Direction.SUPPORTS),
            directions.count(Direction.CONTRADICTS),
            directions.count(Direction.INCONCLUSIVE),
        ), topic_id
    assert every["autoimmunity"].status is not EvidenceStatus.SHOWN


TINY = {
    "$schema": "urn:fmevidence:schema:dataset-file",
    "sources": [{"id": "s", "kind": "review_article", "title": "A review", "publisher": "Example"}],
    "mechanisms": [
        {"id": "a", "name": "Alpha", "synonyms": ["dup"], "sources": ["s"]},
        {"id": "b", "name": "Beta", "synonyms": ["dup"], "sources": ["s"]},
    ],
    "findings": [
        {
            "id": "f",
            "statement": "Alpha is involved.",
            "about": ["a"],
            "direction": "supports",
            "origin": "review",
            "sources": ["s"],
            "certainty_override": {"level": "low", "justification": "Two cohorts agree."},
        },
    ],
}


def test_own_dataset_ambiguous_topic_and_override(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "tiny.json"
    path.write_text(json.dumps(TINY), encoding="utf-8")
    code, out, err = run(capsys, "--data", str(path), "evidence", "dup")
    assert code == 1 and out == "" and "'dup' names several records: a, b" in err
    code, out, _ = run(capsys, "--data", str(path), "evidence", "alpha")
    assert code == 0
    assert "low (override; computed very low)" in out and "+1 curator override: Two cohorts agree." in out
    code, out, _ = run(capsys, "--data", str(path), "evidence", "a", "--json")
    finding = json.loads(out)["findings"][0]
    assert finding["override"] == {"level": "low", "justification": "Two cohorts agree."}
    assert finding["reasons"][-1] == {"kind": "override", "change": 1, "text": "curator override: Two cohorts agree."}


def test_readme_autoimmunity_output_shows_real_findings_and_the_current_status(kb: EvidenceBase) -> None:
    page = (Path(__file__).resolve().parents[1] / "docs" / "evidence.md").read_text(encoding="utf-8")
    block = page.split("$ fmevidence evidence autoimmunity\n", 1)[1].split("```", 1)[0]
    about = {f.id: f for f in kb.findings_about("autoimmunity")}
    rows = [line.split() for line in block.splitlines() if line and not line.startswith((" ", "-", "FINDING"))]
    shown = {row[0]: row for row in rows if len(row) >= 3 and row[0] in about}
    assert len(shown) >= 5
    for finding_id, row in shown.items():
        assert row[1] == about[finding_id].direction.value
    assert f"Summary: {summarise(kb, 'autoimmunity').label}:" in block  # docs/evidence.md


def test_evidence_on_a_finding_shows_its_rating(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "evidence", "fm-igg-transfers-symptoms-to-mice")
    assert code == 0 and "[finding fm-igg-transfers-symptoms-to-mice]" in out and "animal model" in out
    assert "Summary" not in out
    code, out, _ = run(capsys, "evidence", "fm-igg-transfers-symptoms-to-mice", "--json")
    data = json.loads(out)
    assert code == 0 and data["certainty"] == "very_low" and data["reasons"][0]["kind"] == "design"


def test_evidence_on_a_source_is_refused_with_exit_1(capsys: pytest.CaptureFixture[str], kb: EvidenceBase) -> None:
    source = kb.sources[0].id
    code, out, err = run(capsys, "evidence", source)
    assert code == 1 and out == "" and "is a source, not a topic" in err

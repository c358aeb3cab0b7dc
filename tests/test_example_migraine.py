"""examples/migraine: a complete small dataset for another condition loads, checks, grades, exports and validates.

The numbers asserted here are the ones in the sources' abstracts (see each source's notes);
the test guards the example against rotting as the model and the rules change.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import fmevidence
from fmevidence.cli import main
from fmevidence.grading import Grader, summarise
from fmevidence.jsonld.export import dumps, export_selection
from fmevidence.jsonld.left_out import left_out
from fmevidence.jsonld.selection import resolve_condition, select

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "migraine"


@pytest.fixture(scope="module")
def kb() -> fmevidence.EvidenceBase:
    return fmevidence.load(EXAMPLE)


def test_example_checks_clean_with_one_note_for_the_printed_doi() -> None:
    result = fmevidence.check(EXAMPLE)
    assert result.exit_code == 0, result.report()
    [note] = result.notes
    assert note.pointer == "/sources/0/doi" and "10.1056/nejmoa1705848" in note.message


def test_example_has_the_promised_shape(kb: fmevidence.EvidenceBase) -> None:
    assert len(kb.sources) == 4 and len(kb.of_kind("studies")) == 3 and len(kb.findings) == 6
    assert kb.info.name == "migraine-erenumab-example"
    strive = kb.get_as("strive", fmevidence.Study)
    assert (strive.sample_size, str(strive.design), str(strive.control)) == (955, "randomized_controlled_trial", "placebo")
    assert all(finding.sources for finding in kb.findings)


def test_example_grades(kb: fmevidence.EvidenceBase) -> None:
    grader = Grader(kb)
    for finding in kb.findings:
        rating = grader.rate(finding)
        assert rating.reasons[0].kind == "design", finding.id
    assert summarise(kb, "erenumab").supporting == 6


def test_example_exports_says_what_it_leaves_out_and_validates(
    kb: fmevidence.EvidenceBase, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    selection = select(kb, resolve_condition(kb, "migraine"))
    [gone] = left_out(kb, selection)
    assert gone.id == "cgrp-receptor-signalling" and "no finding links it to Migraine" in gone.reason
    page = tmp_path / "migraine.jsonld"
    page.write_text(dumps(export_selection(kb, selection)), encoding="utf-8")
    report = fmevidence.validate(page, profile="medical-condition-page")
    assert report.ok, [str(problem) for problem in report.problems]
    assert main(["--data", str(EXAMPLE), "export", "migraine", "--left-out", "-o", str(tmp_path / "cli.jsonld")]) == 0
    assert "left out: mechanisms cgrp-receptor-signalling" in capsys.readouterr().err

"""``fmevidence check`` and ``init``: a new author's usual mistakes each give one message that says how to fix it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import fmevidence
from fmevidence.cli import main


def _write(folder: Path, records: dict[str, Any], **manifest: Any) -> Path:
    folder.mkdir(exist_ok=True)
    meta = {"name": "mine", "version": "1", "last_reviewed": "2026-12-01", "files": ["records.json"], **manifest}
    (folder / "dataset.json").write_text(json.dumps(meta, indent=2), encoding="utf-8")
    (folder / "records.json").write_text(json.dumps(records, indent=2), encoding="utf-8")
    return folder


def _records() -> dict[str, Any]:
    return {
        "sources": [{"id": "trial", "kind": "journal_article", "title": "A trial", "journal": "J", "year": 2020,
                     "doi": "10.1000/abc"}],
        "conditions": [{"id": "migraine", "name": "Migraine", "sources": ["trial"]}],
        "treatments": [{"id": "erenumab", "name": "Erenumab", "kind": "biologic", "status": "approved_other_indication",
                        "sources": ["trial"], "codes": [{"system": "ATC", "code": "N02CD01"}]}],
        "findings": [
            {"id": f"f{n}", "statement": "S", "about": ["erenumab"], "direction": "supports",
             "origin": "human_clinical", "sources": ["trial"]}
            for n in range(4)
        ],
    }


def test_clean_dataset_exit_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _write(tmp_path / "ds", _records())
    assert main(["check", str(folder)]) == 0
    assert "ok, 7 records" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("change", "pointer", "expected"),
    [
        (lambda r: r["treatments"][0].update(status="approvd"), "/treatments/0/status",
         "expected one of: approved, approved_other_indication"),
        (lambda r: r["treatments"][0].update(status="approvd"), "/treatments/0/status", "did you mean"),
        (lambda r: r["sources"][0].update(year="2020"), "/sources/0/year", "expected an integer, found the string '2020'"),
        (lambda r: r["treatments"][0].update(stauts="approved"), "/treatments/0/stauts",
         "unknown field 'stauts'; did you mean 'status'?"),
        (lambda r: r["treatments"][0]["codes"][0].update(system="atc"), "/treatments/0/codes/0/system",
         "expected one of: ICD-10"),
    ],
)
def test_one_mistake_is_one_message_with_the_fix(
    tmp_path: Path, change: Any, pointer: str, expected: str
) -> None:
    records = _records()
    change(records)
    result = fmevidence.check(_write(tmp_path / "ds", records))
    assert result.exit_code == 1
    own = [p for p in result.problems if p.pointer == pointer]
    assert len(own) == 1 and expected in own[0].message, result.report()
    assert own[0].line is not None and own[0].column is not None
    assert not any("does not resolve" in p.message for p in result.problems), result.report()


def test_reference_to_a_rejected_record_says_so(tmp_path: Path) -> None:
    records = _records()
    records["treatments"][0]["status"] = "approvd"
    result = fmevidence.check(_write(tmp_path / "ds", records))
    rejected = [p for p in result.problems if "exists but was rejected" in p.message]
    assert [p.pointer for p in rejected] == [f"/findings/{n}/about/0" for n in range(4)]
    assert "/treatments/0" in rejected[0].message


def test_unresolved_reference_suggests_the_closest_id(tmp_path: Path) -> None:
    records = _records()
    records["findings"][0]["about"] = ["erenumb"]
    [problem] = fmevidence.check(_write(tmp_path / "ds", records)).problems
    assert "does not resolve" in problem.message and "did you mean 'erenumab'?" in problem.message


def test_mixed_case_doi_is_normalised_with_a_note(tmp_path: Path) -> None:
    records = _records()
    records["sources"][0]["doi"] = "https://doi.org/10.1000/ABC"
    folder = _write(tmp_path / "ds", records)
    result = fmevidence.check(folder)
    assert result.exit_code == 0
    [note] = result.notes
    assert note.pointer == "/sources/0/doi" and "'10.1000/abc'" in note.message
    assert fmevidence.load(folder).get_as("trial", fmevidence.Source).doi == "10.1000/abc"


@pytest.mark.parametrize("date", ["01/12/2026", "2026-13-45", "2026-02-30", "20261201"])
def test_manifest_dates_are_checked_against_the_schema(tmp_path: Path, date: str) -> None:
    folder = _write(tmp_path / "ds", _records(), last_reviewed=date)
    result = fmevidence.check(folder)
    assert result.exit_code == 1
    [problem] = result.problems
    assert problem.pointer == "/last_reviewed" and "expected YYYY-MM-DD" in problem.message
    assert problem.file.endswith("dataset.json") and problem.line == 4
    with pytest.raises(fmevidence.DatasetError):
        fmevidence.load(folder)


def test_manifest_unknown_field_and_missing_field(tmp_path: Path) -> None:
    folder = _write(tmp_path / "ds", _records(), verison="2")
    [problem] = fmevidence.check(folder).problems
    assert "unknown field 'verison'; did you mean 'version'?" in problem.message


def test_load_raises_the_same_problems_as_check(tmp_path: Path) -> None:
    records = _records()
    records["sources"][0]["year"] = "2020"
    folder = _write(tmp_path / "ds", records)
    with pytest.raises(fmevidence.DatasetError) as caught:
        fmevidence.load(folder)
    assert caught.value.problems == fmevidence.check(folder).problems


def test_check_json_output_and_missing_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    records = _records()
    records["sources"][0]["year"] = "2020"
    folder = _write(tmp_path / "ds", records)
    assert main(["check", "--json", str(folder)]) == 1
    payload = json.loads(capsys.readouterr().out)
    assert payload["problems"][0]["pointer"] == "/sources/0/year"
    assert main(["check", str(tmp_path / "nowhere")]) == 2
    assert main(["check", str(tmp_path)]) == 2
    assert "no dataset.json manifest" in capsys.readouterr().out


def test_init_writes_a_skeleton_that_passes_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "new"
    assert main(["init", str(target)]) == 0
    assert fmevidence.check(target).exit_code == 0
    assert len(fmevidence.load(target)) == 3
    assert main(["init", str(target)]) == 2
    assert "already exists" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new"]  # no staging folder left behind


@pytest.mark.parametrize(
    ("change", "pointer", "expected"),
    [
        (lambda r: r["sources"][0].update(year=1066), "/sources/0/year", "expected a number between 1800 and 2100"),
        (lambda r: r["sources"][0].update(url="ftp://example.org/x"), "/sources/0/url", "pattern ^https?://"),
        (lambda r: r["treatments"][0].update(locators=[{"section": "S", "sentence_sha256": "abc"}]),
         "/treatments/0/locators/0/sentence_sha256", "pattern ^[0-9a-f]{64}$"),
    ],
)
def test_what_the_published_schemas_reject_does_not_load(tmp_path: Path, change: Any, pointer: str, expected: str) -> None:
    """The loader enforces the schemas' per-field rules (integrity.FIELD_RULES), not just the types."""
    import jsonschema

    from fmevidence.validation.registry import local_registry, schema_by_name

    records = _records()
    change(records)
    result = fmevidence.check(_write(tmp_path / "ds", records))
    [problem] = result.problems
    assert (problem.pointer, result.exit_code) == (pointer, 1) and expected in problem.message
    schema = schema_by_name("dataset-file")
    assert schema is not None
    validator = jsonschema.Draft202012Validator(schema, registry=local_registry())
    assert not validator.is_valid(records)  # the published schema rejects the same file
    assert validator.is_valid(_records())

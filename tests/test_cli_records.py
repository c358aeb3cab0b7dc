"""The ``list`` and ``show`` commands: output, JSON, exit codes, and no tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from fmevidence.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_show_fibromyalgia_summarises_it(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "show", "fibromyalgia")
    assert code == 0
    assert out.startswith("Fibromyalgia\n  [condition fibromyalgia]")
    assert "ICD-10 M79.7" in out
    assert "findings (" in out


def test_show_accepts_a_synonym_case_insensitively(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "show", "fm")
    assert code == 0 and out.startswith("Fibromyalgia")


def test_unknown_id_suggests_close_matches_and_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "show", "autoimunity")
    assert code == 1 and out == ""
    assert "no record 'autoimunity'; did you mean: autoimmunity" in err


def test_list_sources_json_is_valid_and_in_the_data_file_shape(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "list", "sources", "--json")
    assert code == 0
    records = json.loads(out)
    assert records and all({"id", "kind", "title"} <= set(record) for record in records)


def test_list_accepts_kind_spellings(capsys: pytest.CaptureFixture[str]) -> None:
    for spelling in ("Finding", "findings", "open-questions", "anatomy"):
        assert run(capsys, "list", spelling)[0] == 0


def test_show_json_round_trips(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "show", "autoimmunity", "--json")
    assert code == 0 and json.loads(out)["id"] == "autoimmunity"


@pytest.mark.parametrize(
    "argv",
    [[], ["list"], ["list", "papers"], ["frobnicate"], ["show"], ["list", "sources", "--bogus"]],
)
def test_bad_usage_exits_2(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    code, _, err = run(capsys, *argv)
    assert code == 2
    assert "Traceback" not in err and err.strip()


def test_bad_dataset_path_exits_2_with_the_problem(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "--data", str(tmp_path), "list", "sources")
    assert code == 2
    assert "no dataset.json manifest" in err and "Traceback" not in err


def test_console_entry_points_run_as_programs() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "fmevidence", "show", "nope-nope"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr


def test_show_names_the_kind_in_the_singular(capsys: pytest.CaptureFixture[str]) -> None:
    import fmevidence

    study = fmevidence.load().studies[0]
    code, out, _ = run(capsys, "show", study.id)
    assert code == 0
    assert f"  [study {study.id}]" in out.splitlines()[1]


def test_show_a_mechanism_states_its_evidence_status(capsys: pytest.CaptureFixture[str]) -> None:
    import fmevidence
    from fmevidence.grading import summarise

    code, out, _ = run(capsys, "show", "autoimmunity")
    assert code == 0
    flat = " ".join(out.split())  # the line wraps at 100 columns
    assert f"evidence: {summarise(fmevidence.load(), 'autoimmunity').label}:" in flat
    assert "fmevidence evidence autoimmunity" in flat

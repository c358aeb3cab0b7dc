"""``fmevidence validate`` on the command line and ``fmevidence.validate()`` in Python."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

import fmevidence
from fmevidence.cli import main
from fmevidence.validation.output import Progress
from fmevidence.validation.report import Summary
from validate_helpers import no_network, page  # noqa: F401 - autouse fixture


def write(path: Path, document: Any) -> Path:
    path.write_text(document if isinstance(document, str) else json.dumps(document), encoding="utf-8")
    return path


def cli(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = main(["validate", *map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    bad = page()
    bad["lastReviewed"] = "2024-02-30"
    warn = page()
    del warn["reviewedBy"]
    return {
        "good": write(tmp_path / "good.json", page()),
        "bad": write(tmp_path / "bad.jsonld", bad),
        "warn": write(tmp_path / "warn.json", warn),
    }


def test_exit_0_when_clean(capsys: pytest.CaptureFixture[str], files: dict[str, Path]) -> None:
    code, out, err = cli(capsys, files["good"], "--profile", "medical-condition-page")
    assert (code, err) == (0, "")
    assert out == "0 errors, 0 warnings in 1 document (1 file)\n"


def test_exit_0_with_warnings_only(capsys: pytest.CaptureFixture[str], files: dict[str, Path]) -> None:
    code, out, _ = cli(capsys, files["warn"], "--profile", "medical-condition-page")
    assert code == 0
    assert "warning [profile.webpage-reviewed-by]" in out


def test_exit_1_on_errors_text_grouped_by_file(capsys: pytest.CaptureFixture[str], files: dict[str, Path]) -> None:
    code, out, _ = cli(capsys, files["good"], files["bad"], files["warn"], "--profile", "medical-condition-page")
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == str(files["bad"])
    assert lines[1] == "  profile:medical-condition-page"
    assert lines[2].startswith("    /lastReviewed: error [profile.date] found '2024-02-30'; expected")
    assert lines[5] == str(files["warn"])
    assert lines[-1] == "1 error, 1 warning in 3 documents (3 files)"


def test_json_format_shape(capsys: pytest.CaptureFixture[str], files: dict[str, Path]) -> None:
    code, out, _ = cli(capsys, files["bad"], "--profile", "medical-condition-page", "--format", "json")
    report = json.loads(out)
    assert code == 1
    assert report["format"] == "fmevidence-validate/1"
    assert report["summary"] == {
        "files": 1,
        "documents": 1,
        "errors": 1,
        "warnings": 0,
        "infos": 0,
        "unreadable": 0,
        "families": {"profile:medical-condition-page": {"errors": 1, "warnings": 0, "infos": 0}},
        "fail_on": None,
        "exit_code": 1,
    }
    (result,) = report["results"]
    assert result["file"] == str(files["bad"]) and result["line"] is None
    assert result["problems"] == [
        {
            "rule": "profile.date",
            "family": "profile:medical-condition-page",
            "severity": "error",
            "file": str(files["bad"]),
            "line": None,
            "pointer": "/lastReviewed",
            "message": "found '2024-02-30'; expected an ISO 8601 calendar date YYYY-MM-DD",
        }
    ]


def test_python_api_returns_the_same_report(capsys: pytest.CaptureFixture[str], files: dict[str, Path]) -> None:
    paths = [files["good"], files["bad"], files["warn"]]
    _, out, _ = cli(capsys, *paths, "--profile", "medical-condition-page", "--format", "json")
    report = fmevidence.validate(*paths, profile="medical-condition-page")
    assert report.to_dict() == json.loads(out)
    assert not report.ok and report.summary.exit_code == 1


def test_jobs_give_the_serial_output(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    lines = []
    for index in range(1200):
        document = page()
        if index % 97 == 0:
            document["about"]["code"] = []
        if index % 131 == 0:
            del document["reviewedBy"]
        lines.append(json.dumps(document))
    big = write(tmp_path / "many.jsonl", "\n".join(lines) + "\n{broken\n")
    for index in range(40):
        write(tmp_path / f"f{index:02}.json", page() if index % 7 else {"@type": "MedicalCondition"})
    args = [tmp_path, big, "--profile", "medical-condition-page", "--format", "json"]
    serial = cli(capsys, *args)
    parallel = cli(capsys, *args, "--jobs", "2")
    assert serial == parallel
    # many.jsonl is in the folder and given again; its broken last line is a document too
    assert json.loads(serial[1])["summary"]["documents"] == 1201 * 2 + 40


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str], files: dict[str, Path], tmp_path: Path) -> None:
    assert cli(capsys, files["good"], "--profile", "nope")[0] == 2
    assert cli(capsys, files["good"], "--jobs", "0")[0] == 2
    assert cli(capsys, files["good"], "--max-size", "lots")[0] == 2
    assert cli(capsys, files["good"], "--schema", tmp_path / "missing.schema.json")[0] == 2
    code, _, err = cli(capsys, files["good"], "--schema", write(tmp_path / "s.json", {"$ref": "https://x.org/s"}))
    assert code == 2 and "cannot be resolved offline" in err and "Traceback" not in err
    code, _, err = cli(capsys, files["good"], "--schema", write(tmp_path / "t.json", "{not json"))
    assert code == 2 and "not valid JSON" in err
    code, _, err = cli(capsys, files["good"], "--vocabulary", write(tmp_path / "v.json", "[]"))
    assert code == 2 and "v.json" in err


def test_unreadable_input_exits_2_after_checking_the_rest(
    capsys: pytest.CaptureFixture[str], files: dict[str, Path]
) -> None:
    code, out, _ = cli(capsys, "missing.json", files["bad"], "--profile", "medical-condition-page")
    assert code == 2
    assert "error [input.not-found]" in out and "error [profile.date]" in out


def test_size_limit_option(capsys: pytest.CaptureFixture[str], files: dict[str, Path]) -> None:
    code, out, _ = cli(capsys, files["good"], "--max-size", "100")
    assert code == 2 and "the limit is 100 bytes" in out
    assert cli(capsys, files["good"], "--max-size", "1M")[0] == 0


def test_schema_option_validates_any_json(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    schema = write(tmp_path / "s.json", {"type": "object", "required": ["id"]})
    data = write(tmp_path / "d.json", {"name": "x"})
    code, out, _ = cli(capsys, data, "--schema", schema)
    assert code == 1 and 'error [schema.required] "id" is a required property' in out


def test_stdin(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    stdin = io.TextIOWrapper(io.BytesIO(b'{"@type": "MedicalCondition"}\n{"@type": "MedicalCondition"}\n'))
    monkeypatch.setattr("sys.stdin", stdin)
    code, out, _ = cli(capsys, "-", "--stdin-type", "jsonl", "--profile", "medical-condition-page")
    assert code == 1
    assert out.startswith("<stdin>\n  schema.org\n    line 1: error [jsonld.no-context] found no @context")
    assert "\n  profile:medical-condition-page\n    line 1: error [profile.condition-name] missing 'name'" in out
    assert "\n    line 2: error" in out


def test_vocabulary_faults_come_through_the_pipeline(tmp_path: Path) -> None:
    """The seeded vocabulary faults, found by the schema.org check, with file and line."""
    faults = {
        "vocab.unknown-type": {"@type": "MedicalConditon", "name": "x"},
        "vocab.unknown-property": {"@type": "MedicalCondition", "nmae": "x"},
        "vocab.property-not-on-type": {"@type": "Person", "lastReviewed": "2024-01-01"},
        "vocab.range-mismatch": {"@type": "MedicalWebPage", "lastReviewed": {"@type": "Person", "name": "x"}},
        "vocab.superseded": {"@type": "MedicalWebPage", "significantLinks": "https://example.org/x"},
    }
    path = write(
        tmp_path / "faults.jsonl",
        "\n".join(json.dumps({"@context": "https://schema.org", **fault}) for fault in faults.values()) + "\n",
    )
    report = fmevidence.validate(path)
    found = {(p.line, p.rule) for p in report.problems}
    for line, rule in enumerate(faults, start=1):
        assert (line, rule) in found, (rule, report.problems)
    messages = {p.rule: p.message for p in report.problems}
    assert "'name'" in messages["vocab.unknown-property"]  # the near miss is suggested
    assert "significantLink" in messages["vocab.superseded"].replace("significantLinks", "")  # the replacement
    assert all(p.file == str(path) for p in report.problems)


def test_documents_without_context_skip_the_vocabulary_check(tmp_path: Path) -> None:
    assert fmevidence.validate(write(tmp_path / "d.json", {"nmae": 1})).problems == []


def test_progress_only_on_a_terminal() -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    quiet, loud = io.StringIO(), Tty()
    for stream in (quiet, loud):
        progress = Progress(stream)
        progress.update(Summary(files=1, documents=10), force=True)
        progress.finish()
    assert quiet.getvalue() == ""
    assert "10 documents, 1 files" in loud.getvalue()


def test_import_fmevidence_stays_light() -> None:
    import subprocess
    import sys

    code = "import sys, fmevidence; fmevidence.validate; print(sorted(m for m in sys.modules if m.split('.')[0] in {'jsonschema', 'referencing', 'pyld', 'cattrs', 'jsonschema_rs'}))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_progress_is_reported_while_clean_documents_pass(tmp_path: Path) -> None:
    from fmevidence.validation.runner import Options, Run

    for index in range(5):
        write(tmp_path / f"{index}.json", page())
    seen: list[int] = []
    run = Run(
        [str(tmp_path)], Options(profile="medical-condition-page"), on_progress=lambda s: seen.append(s.documents)
    )
    assert list(run) == []
    assert seen == [1, 2, 3, 4, 5]

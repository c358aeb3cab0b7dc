"""The export says what it leaves out: a mechanism no finding links to the condition is named, with the reason."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import fmevidence
from fmevidence.cli import main
from fmevidence.jsonld.left_out import LeftOut, left_out
from fmevidence.jsonld.selection import resolve_condition, select

DATA = {
    "sources": [
        {"id": "s", "kind": "review_article", "title": "A review", "publisher": "Example"},
        {"id": "unused", "kind": "web_page", "title": "Never cited", "publisher": "Example"},
    ],
    "conditions": [{"id": "c", "name": "Cee", "sources": ["s"]}],
    "mechanisms": [
        {"id": "linked", "name": "Linked", "sources": ["s"]},
        {"id": "lonely", "name": "Lonely", "sources": ["s"]},
    ],
    "biomarkers": [{"id": "b", "name": "Bee", "kind": "cytokine", "sources": ["s"]}],
    "findings": [
        {"id": "f1", "statement": "Linked is involved in Cee.", "about": ["linked", "c"], "direction": "supports",
         "origin": "review", "sources": ["s"]},
        {"id": "f2", "statement": "Lonely exists.", "about": ["lonely"], "direction": "supports",
         "origin": "review", "sources": ["s"]},
    ],
}


@pytest.fixture
def path(tmp_path: Path) -> Path:
    file = tmp_path / "data.json"
    file.write_text(json.dumps(DATA), encoding="utf-8")
    return file


def test_unlinked_mechanism_and_unexported_kinds_are_listed_with_reasons(path: Path) -> None:
    kb = fmevidence.load(path)
    found = {item.id: item for item in left_out(kb, select(kb, resolve_condition(kb, "c")))}
    assert set(found) == {"unused", "lonely", "b", "f2"}
    assert found["lonely"] == LeftOut("lonely", "mechanisms", found["lonely"].reason)
    assert "no finding links it to Cee" in found["lonely"].reason
    assert "not part of the schema.org export" in found["b"].reason
    assert "cited by nothing" in found["unused"].reason
    assert "lonely" in found["f2"].reason


def test_left_out_of_takes_the_export_arguments(path: Path) -> None:
    from fmevidence.jsonld import LeftOut as Exported
    from fmevidence.jsonld import left_out_of

    kb = fmevidence.load(path)
    assert Exported is LeftOut
    assert left_out_of(kb, "c") == left_out(kb, select(kb, resolve_condition(kb, "c")))


def test_include_is_named_as_the_reason(tmp_path: Path) -> None:
    data = json.loads(json.dumps(DATA))
    data["mechanisms"].append({"id": "other", "name": "Other", "sources": ["s"]})
    data["findings"].append({"id": "f3", "statement": "Other is involved in Cee.", "about": ["other", "c"],
                             "direction": "supports", "origin": "review", "sources": ["s"]})
    file = tmp_path / "data.json"
    file.write_text(json.dumps(data), encoding="utf-8")
    kb = fmevidence.load(file)
    found = {item.id: item.reason for item in left_out(kb, select(kb, resolve_condition(kb, "c"), ["linked"]))}
    assert found["other"] == "left out by --include"
    assert "no finding links it" in found["lonely"]
    assert "other" in found["f3"] and "not exported" in found["f3"]


def test_cli_lists_left_out_records_on_stderr(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data", str(path), "export", "c", "--left-out"]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["name"] == "Cee"
    assert "left out: mechanisms lonely: no finding links it to Cee" in err
    assert main(["--data", str(path), "export", "c"]) == 0
    assert capsys.readouterr().err == ""

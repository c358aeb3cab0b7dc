"""Loading: the shipped data, a user's own copy, and bad data reported whole."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import fmevidence
from fmevidence import DatasetError, _resources
from fmevidence.model import Direction, Finding, Source


def _copy_builtin(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    manifest = json.loads(_resources.read_text("data", "dataset.json"))
    for name in ["dataset.json", *manifest["files"]]:
        (folder / name).write_bytes(_resources.read_bytes("data", name))
    return folder


def _edit(folder: Path, name: str, change: Any) -> None:
    path = folder / name
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data), encoding="utf-8")


def test_builtin_loads_and_is_cached() -> None:
    kb = fmevidence.load()
    assert kb is fmevidence.load()
    assert kb.info.name == "fmevidence"
    assert len(kb.sources) > 0 and len(kb.findings) > 0
    assert all(isinstance(f.direction, Direction) for f in kb.findings)


def test_user_copy_loads_the_same_records(tmp_path: Path) -> None:
    folder = _copy_builtin(tmp_path)
    mine = fmevidence.load(folder)
    assert [r.id for r in mine] == [r.id for r in fmevidence.load()]
    assert fmevidence.load(folder / "dataset.json").info == mine.info


def test_single_bundle_file_loads(tmp_path: Path) -> None:
    path = tmp_path / "mini.json"
    path.write_text(
        json.dumps(
            {
                "sources": [{"id": "s", "kind": "web_page", "title": "T", "publisher": "P"}],
                "mechanisms": [{"id": "m", "name": "M", "sources": ["s"]}],
                "findings": [
                    {
                        "id": "f",
                        "statement": "S",
                        "about": ["m"],
                        "direction": "inconclusive",
                        "origin": "expert_opinion",
                        "sources": ["s"],
                    }
                ],
            }
        ),
        encoding="utf-8",
    )
    kb = fmevidence.load(path)
    assert kb.get_as("f", Finding).about == ("m",)
    assert kb.info.version == "unversioned"


def test_corrupted_dataset_reports_every_problem_at_once(tmp_path: Path) -> None:
    folder = _copy_builtin(tmp_path)
    victim = "article.json"

    def corrupt(data: dict[str, Any]) -> None:
        findings = data["findings"]
        sources = data["sources"]
        findings[0]["about"] = ["no-such-entity"]  # dangling reference
        findings.append(dict(findings[0]))  # duplicate id
        findings[0]["sources"] = []  # missing citation
        sources[0]["doi"] = "doi:10.1172/JCI144201"  # bad DOI
        sources[0]["year"] = "2021"  # wrong type
        sources[0]["jurnal"] = "typo"  # unknown field

    _edit(folder, victim, corrupt)
    with pytest.raises(DatasetError) as caught:
        fmevidence.load(folder)
    problems = caught.value.problems
    text = str(caught.value)
    file = f"{folder}/{victim}"
    by_pointer = {(p.pointer, p.message.split(" ")[0]) for p in problems}
    assert all(p.file.startswith(str(folder)) for p in problems), text
    assert sum(p.file == file for p in problems) >= 5, text
    assert any(p.pointer == "/findings/0/about/0" and "no-such-entity" in p.message for p in problems), text
    assert any(p.pointer.endswith("/id") and "duplicate id" in p.message for p in problems), text
    assert any(p.pointer == "/findings/0/sources" and "cites no source" in p.message for p in problems), text
    # the source with a wrong type and an unknown field is reported, not half-loaded
    assert any(p.pointer == "/sources/0/year" and "expected an integer" in p.message for p in problems), text
    assert any(p.pointer.startswith("/sources/0") and "jurnal" in p.message for p in problems), text
    assert by_pointer  # every problem carries a pointer
    assert f"{len(problems)} problems" in text


def test_bad_doi_and_pmid_are_named(tmp_path: Path) -> None:
    folder = _copy_builtin(tmp_path)

    def corrupt(data: dict[str, Any]) -> None:
        data["sources"][0]["doi"] = "10.1172/jci 144201"
        data["sources"][0]["pmid"] = "PMC123"

    _edit(folder, "article.json", corrupt)
    with pytest.raises(DatasetError) as caught:
        fmevidence.load(folder)
    messages = [(p.pointer, p.message) for p in caught.value.problems]
    assert any(ptr == "/sources/0/doi" and "malformed" in msg for ptr, msg in messages)
    assert any(ptr == "/sources/0/pmid" and "malformed" in msg for ptr, msg in messages)


def test_wrong_kind_of_reference_is_named(tmp_path: Path) -> None:
    folder = _copy_builtin(tmp_path)
    kb = fmevidence.load()
    source_id = kb.sources[0].id

    def corrupt(data: dict[str, Any]) -> None:
        data["findings"][0]["studies"] = [source_id]

    _edit(folder, "article.json", corrupt)
    with pytest.raises(DatasetError, match="is a record of kind sources; expected studies"):
        fmevidence.load(folder)


def test_invalid_json_gives_line_and_column(tmp_path: Path) -> None:
    folder = _copy_builtin(tmp_path)
    (folder / "core.json").write_text('{\n  "conditions": [\n    {"id": }\n  ]\n}\n', encoding="utf-8")
    with pytest.raises(DatasetError) as caught:
        fmevidence.load(folder)
    [problem] = [p for p in caught.value.problems if p.file.endswith("core.json")]
    assert (problem.line, problem.column) == (3, 12)
    assert "invalid JSON" in problem.message


def test_missing_manifest_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match="no dataset.json manifest in this folder"):
        fmevidence.load(tmp_path)
    folder = _copy_builtin(tmp_path)
    (folder / "clinical.json").unlink()
    with pytest.raises(DatasetError, match="clinical.json: cannot read file: No such file"):
        fmevidence.load(folder)


def test_unknown_kind_and_enum_value_list_what_is_allowed(tmp_path: Path) -> None:
    path = tmp_path / "one.json"
    path.write_text(
        json.dumps(
            {
                "papers": [],
                "sources": [{"id": "s", "kind": "blog", "title": "T", "publisher": "P"}],
            }
        ),
        encoding="utf-8",
    )
    with pytest.raises(DatasetError) as caught:
        fmevidence.load(path)
    text = str(caught.value)
    assert "unknown record kind 'papers'" in text
    assert "/sources/0/kind [s]: expected one of: journal_article" in text
    assert "found 'blog'" in text


def test_a_string_is_not_a_list_and_a_number_is_not_a_string(tmp_path: Path) -> None:
    path = tmp_path / "one.json"
    path.write_text(
        json.dumps(
            {
                "sources": [{"id": "s", "kind": "web_page", "title": 5, "publisher": "P"}],
                "mechanisms": [{"id": "m", "name": "M", "sources": "s"}],
            }
        ),
        encoding="utf-8",
    )
    with pytest.raises(DatasetError) as caught:
        fmevidence.load(path)
    pointers = {p.pointer: p.message for p in caught.value.problems}
    assert pointers["/sources/0/title"] == "expected a string, found the number 5"
    assert pointers["/mechanisms/0/sources"] == "expected a list, found the string 's'"


def test_records_are_frozen() -> None:
    source = fmevidence.load().sources[0]
    with pytest.raises(AttributeError):
        source.title = "changed"  # type: ignore[misc]
    assert isinstance(source, Source)


def test_dataset_error_is_a_value_error() -> None:
    assert issubclass(DatasetError, ValueError)
    assert issubclass(fmevidence.UnknownRecordError, KeyError)


def test_load_does_not_copy_shared_files() -> None:
    shared_copy = Path(__file__).resolve().parents[1] / "src" / "fmevidence" / "data"
    assert not any(p.name.startswith("schemaorg") for p in shared_copy.iterdir())

"""Loader edge cases: files of the wrong shape, unusable manifests, and every left-out reason."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import fmevidence
from fmevidence.jsonld.left_out import left_out
from fmevidence.jsonld.selection import resolve_condition, select


def _file(tmp_path: Path, data: Any) -> Path:
    path = tmp_path / "one.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.mark.parametrize(("data", "pointer", "expected"), [
    ([], "", "expected an object with record kinds as keys, found a list"),
    ({"sources": {"id": "s"}}, "/sources", "expected a list of sources, found an object"),
    ({"sources": ["s"]}, "/sources/0", "expected an object (Source), found a string"),
    ({"sources": [None]}, "/sources/0", "expected an object (Source), found null"),
    ({"sources": [5]}, "/sources/0", "expected an object (Source), found a number"),
    ({"sources": [True]}, "/sources/0", "expected an object (Source), found a boolean"),
    ({"source": []}, "/source", "unknown record kind 'source'; did you mean 'sources'?"),
    ({"mechanismz": []}, "/mechanismz", "did you mean 'mechanisms'?"),
])
def test_wrong_shapes_are_one_problem_each(tmp_path: Path, data: Any, pointer: str, expected: str) -> None:
    result = fmevidence.check(_file(tmp_path, data))
    [problem] = result.problems
    assert (problem.pointer, problem.level) == (pointer, "error") and expected in problem.message
    assert result.exit_code == 1 and problem.line == 1


def test_a_record_without_an_id_is_rejected_without_a_cascade(tmp_path: Path) -> None:
    data = {"sources": [{"kind": "web_page", "title": "T", "publisher": "P"}]}
    [problem] = fmevidence.check(_file(tmp_path, data)).problems
    assert problem.pointer == "/sources/0/id" and "required field is missing" in problem.message


@pytest.mark.parametrize(("manifest", "expected"), [
    (b"[1, 2", "invalid JSON"),
    (b'{"name": "a", "name": "b"}', "appears more than once"),
    (b"[]", "expected an object (the dataset manifest)"),
])
def test_unusable_manifest_stops_before_the_files(tmp_path: Path, manifest: bytes, expected: str) -> None:
    (tmp_path / "dataset.json").write_bytes(manifest)
    result = fmevidence.check(tmp_path)
    assert [expected in p.message for p in result.problems] == [True]
    with pytest.raises(fmevidence.DatasetError):
        fmevidence.load(tmp_path / "dataset.json")


def test_manifest_that_is_a_folder_is_unreadable(tmp_path: Path) -> None:
    (tmp_path / "dataset.json").mkdir()
    result = fmevidence.check(tmp_path)
    assert result.exit_code == 2 and "is a folder" in result.problems[0].message


def test_every_left_out_reason(tmp_path: Path) -> None:
    data = {
        "sources": [{"id": "s", "kind": "web_page", "title": "T", "publisher": "P"}],
        "conditions": [
            {"id": "c", "name": "Cee", "sources": ["s"], "symptoms": ["pain", "ache"], "anatomy": ["skin"]},
            {"id": "d", "name": "Dee", "sources": ["s"]},
        ],
        "symptoms": [{"id": "pain", "name": "Pain", "sources": ["s"]},
                     {"id": "ache", "name": "Ache", "sources": ["s"]},
                     {"id": "itch", "name": "Itch", "sources": ["s"]}],
        "anatomy": [{"id": "skin", "name": "Skin", "kind": "organ", "sources": ["s"]}],
        "treatments": [{"id": "t", "name": "Tee", "kind": "drug", "sources": ["s"], "conditions": ["d"]},
                       {"id": "u", "name": "You", "kind": "drug", "sources": ["s"], "conditions": ["c"]}],
        "studies": [{"id": "st", "name": "Study", "design": "cohort", "sources": ["s"]}],
        "findings": [{"id": "f", "statement": "S", "about": ["t"], "direction": "supports", "origin": "review",
                      "sources": ["s"], "studies": ["st"]}],
    }
    kb = fmevidence.load(_file(tmp_path, data))
    reasons = {item.id: item.reason for item in left_out(kb, select(kb, resolve_condition(kb, "c"), ["pain", "u"]))}
    assert "another condition" in reasons["d"]
    assert reasons["t"] == "its 'conditions' do not name c"
    assert reasons["itch"] == "not listed in c's 'symptoms'"
    assert reasons["st"] == "no exported finding rests on it"
    assert "none of which this export shows" in reasons["f"]
    assert "s" not in reasons  # still cited by the condition
    assert reasons["ache"] == "left out by --include"
    assert "skin" not in reasons  # --include narrows only the kinds it names: anatomy stays
    assert "u" not in reasons


def test_a_file_listed_twice_is_one_problem_not_a_duplicate_of_every_id(tmp_path: Path) -> None:
    manifest = {"name": "n", "version": "1", "last_reviewed": "2026-12-01", "files": ["one.json", "./one.json"]}
    (tmp_path / "dataset.json").write_text(json.dumps(manifest), encoding="utf-8")
    _file(tmp_path, {"sources": [{"id": "s", "kind": "web_page", "title": "T", "publisher": "P"}]})
    [problem] = fmevidence.check(tmp_path).problems
    assert problem.pointer == "/files/1" and "listed twice" in problem.message

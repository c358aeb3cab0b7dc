"""The manifest check agrees with jsonschema on schemas/dataset-manifest.schema.json, case by case."""

from __future__ import annotations

from typing import Any

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from fmevidence.manifest import manifest_problems, manifest_schema

GOOD = {"name": "n", "version": "1", "last_reviewed": "2026-12-01", "files": ["a.json"]}

CASES: list[Any] = [
    GOOD,
    {**GOOD, "description": None, "license": "CC-BY-4.0", "$schema": "x", "$comment": "y"},
    {**GOOD, "last_reviewed": "01/12/2026"},
    {**GOOD, "last_reviewed": "2026-13-45"},
    {**GOOD, "last_reviewed": "2026-02-30"},
    {**GOOD, "last_reviewed": "20261201"},
    {**GOOD, "last_reviewed": "2026-12-01T00:00:00"},
    {**GOOD, "last_reviewed": 2026},
    {**GOOD, "files": []},
    {**GOOD, "files": "a.json"},
    {**GOOD, "files": ["a.json", ""]},
    {**GOOD, "files": ["a.json", 5]},
    {**GOOD, "name": ""},
    {**GOOD, "version": 1},
    {**GOOD, "description": ""},
    {**GOOD, "verison": "2"},
    {key: value for key, value in GOOD.items() if key != "name"},
    {},
    [],
    "dataset",
    None,
]


def _jsonschema_ok(manifest: Any) -> bool:
    return jsonschema.Draft202012Validator(
        manifest_schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    ).is_valid(manifest)


@pytest.mark.parametrize("manifest", CASES)
def test_agrees_with_jsonschema(manifest: Any) -> None:
    assert (not manifest_problems("m", manifest)) == _jsonschema_ok(manifest)


json_scalars = st.none() | st.booleans() | st.integers() | st.text(max_size=12)
fields = st.sampled_from(["name", "version", "last_reviewed", "description", "license", "files", "$schema", "extra"])


@given(st.dictionaries(fields, json_scalars | st.lists(json_scalars, max_size=3), max_size=7))
def test_agrees_with_jsonschema_on_generated_manifests(manifest: dict[str, Any]) -> None:
    assert (not manifest_problems("m", manifest)) == _jsonschema_ok(manifest)


def test_one_problem_per_place_with_the_expected_form() -> None:
    problems = manifest_problems("m", {"version": 1, "last_reviewed": "2026-13-45", "files": [], "verison": "x"})
    by_pointer = {p.pointer: p.message for p in problems}
    assert set(by_pointer) == {"", "/version", "/last_reviewed", "/files", "/verison"}
    assert "missing required field(s) name" in by_pointer[""]
    assert "expected YYYY-MM-DD" in by_pointer["/last_reviewed"]
    assert "did you mean 'version'?" in by_pointer["/verison"]

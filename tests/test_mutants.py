"""Tests that kill mutants which once survived the whole suite.

Each test names the mutant it kills; notes/c12.md records the spot-check (the mutant applied
by hand, and this test failing on it).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import fmevidence
from fmevidence import fast_structure
from fmevidence.fast_structure import Invalid, structure
from fmevidence.model import Finding, MedicalCode, Quantity, Source, Study


def _write(tmp_path: Path, records: dict[str, Any]) -> Path:
    path = tmp_path / "records.json"
    path.write_text(json.dumps(records), encoding="utf-8")
    return path


_SOURCE = {"id": "s", "kind": "web_page", "title": "T", "publisher": "P"}
_MECHANISM = {"id": "m", "name": "M", "sources": ["s"]}


def _finding(**fields: Any) -> dict[str, Any]:
    return {"id": "f", "statement": "S", "about": ["m"], "direction": "supports", "origin": "review",
            "sources": ["s"], **fields}


# -- mutant: the fast structuring path accepts `true` for a float (isinstance instead of type() is) -------


@pytest.mark.parametrize("value", [True, False])
def test_fast_path_refuses_a_boolean_for_a_float(value: bool) -> None:
    with pytest.raises(Invalid):
        structure({"measure": "m", "value": value}, Quantity)


@pytest.mark.parametrize(("cls", "field", "value"), [
    (Study, "sample_size", True), (Study, "sample_size", 3.0), (Source, "year", "2020"),
    (Source, "et_al", 1), (Source, "title", 5), (Source, "authors", ["a", 1]), (Source, "authors", "a"),
])
def test_fast_path_refuses_each_wrong_primitive(cls: type, field: str, value: Any) -> None:
    base: dict[str, Any] = {"id": "x", "name": "N", "design": "cohort", "sources": ["s"]} if cls is Study else dict(_SOURCE)
    assert structure(base, cls)  # the control is valid
    with pytest.raises(Invalid):
        structure({**base, field: value}, cls)


def test_a_boolean_quantity_is_reported_by_load(tmp_path: Path) -> None:
    path = _write(tmp_path, {"sources": [_SOURCE], "mechanisms": [_MECHANISM],
                             "findings": [_finding(quantities=[{"measure": "m", "value": True}])]})
    with pytest.raises(fmevidence.DatasetError) as caught:
        fmevidence.load(path)
    [problem] = caught.value.problems
    assert problem.pointer == "/findings/0/quantities/0/value" and "found true" in problem.message


def test_fast_path_refuses_wrong_enum_and_nested_object() -> None:
    with pytest.raises(Invalid):
        structure({"system": "icd-10", "code": "M79.7"}, MedicalCode)
    with pytest.raises(Invalid):
        structure(_finding(quantities=[{"measure": "m", "value": 1, "extra": 2}]), Finding)
    with pytest.raises(Invalid):
        structure(_finding(quantities={"measure": "m"}), Finding)


# -- mutant: the duplicate-DOI rule removed ----------------------------------------------------------------


def test_a_doi_used_twice_is_a_problem(tmp_path: Path) -> None:
    first = {**_SOURCE, "id": "a", "doi": "10.1000/xyz"}
    second = {**_SOURCE, "id": "b", "doi": "10.1000/XYZ"}  # the same DOI, as printed: still a duplicate
    path = _write(tmp_path, {"sources": [first, second]})
    with pytest.raises(fmevidence.DatasetError) as caught:
        fmevidence.load(path)
    [problem] = caught.value.problems
    assert problem.pointer == "/sources/1/doi" and "already used by source 'a'" in problem.message


# -- mutant: an exception from the fast path counted as a valid record --------------------------------------


@pytest.mark.parametrize("error", [Invalid, ValueError])
def test_a_record_the_fast_path_rejects_is_never_loaded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: type[Exception]
) -> None:
    """A record the fast path rejects (Invalid or ValueError) is explained by cattrs and refused."""
    path = _write(tmp_path, {"sources": [_SOURCE], "mechanisms": [_MECHANISM],
                             "findings": [_finding(quantities=[{"measure": "m", "value": "1"}])]})
    real = fast_structure.structure
    calls: list[str] = []

    def rejecting(value: Any, cls: Any) -> Any:
        if cls is Finding:
            calls.append(value["id"])
            raise error
        return real(value, cls)

    monkeypatch.setattr(fast_structure, "structure", rejecting)
    with pytest.raises(fmevidence.DatasetError) as caught:
        fmevidence.load(path)
    assert calls == ["f"]
    [problem] = caught.value.problems
    assert problem.pointer == "/findings/0/quantities/0/value" and "expected a number" in problem.message


def test_a_valid_record_the_fast_path_wrongly_rejects_is_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Were the fast path ever stricter than cattrs, the record must load, not vanish without a word."""
    path = _write(tmp_path, {"sources": [_SOURCE], "mechanisms": [_MECHANISM], "findings": [_finding()]})
    real = fast_structure.structure
    monkeypatch.setattr(fast_structure, "structure", lambda v, c: (_ for _ in ()).throw(Invalid()) if c is Finding
                        else real(v, c))
    assert fmevidence.load(path).get_as("f", Finding).about == ("m",)


def test_a_type_error_in_the_fast_path_is_not_swallowed(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Only Invalid/ValueError mean "explain it"; any other exception is a bug and must surface."""
    path = _write(tmp_path, {"sources": [_SOURCE]})

    def broken(value: Any, cls: Any) -> Any:
        raise TypeError("bug")

    monkeypatch.setattr(fast_structure, "structure", broken)
    with pytest.raises(TypeError, match="bug"):
        fmevidence.load(path)


# -- mutant: NaN passing the quantity range check (built in Python, not read from JSON) ---------------------


def test_nan_quantity_is_a_problem_even_when_built_in_python() -> None:
    from fmevidence.integrity import Placed, check

    source = Source(id="s", kind=fmevidence.SourceKind.WEB_PAGE, title="T", publisher="P")
    finding = Finding(id="f", statement="S", about=("s",), direction=fmevidence.Direction.SUPPORTS,
                      origin=fmevidence.EvidenceOrigin.REVIEW, sources=("s",),
                      quantities=(Quantity(measure="m", low=float("nan"), high=1.0),))
    problems, _ = check([Placed(source, "x", "/sources/0"), Placed(finding, "x", "/findings/0")])
    assert [p.pointer for p in problems if "NaN" in p.message] == ["/findings/0/quantities/0"]

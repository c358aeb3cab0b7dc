"""The compact schema.org index: rebuilt from the official release, it matches the shipped file."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, need
from fmevidence import _resources
from fmevidence.errors import FmevidenceError
from fmevidence.validation.vocabulary import (
    Vocabulary,
    VocabularyError,
    build_index,
    default_vocabulary,
    dump_index,
    local_name,
    vocabulary_from_release,
)
from vocabulary_helpers import RELEASE, disable_sockets


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    disable_sockets(monkeypatch)


@pytest.fixture(scope="module")
def release() -> Path:
    return need(RELEASE)


def test_shipped_index_is_the_official_release_rebuilt(release: Path) -> None:
    rebuilt = dump_index(build_index(json.loads(release.read_bytes())))
    assert rebuilt == _resources.read_bytes("validation", "vocabulary.json")


def test_build_script_writes_the_same_bytes(release: Path, tmp_path: Path) -> None:
    output = tmp_path / "vocabulary.json"
    script = ROOT / "scripts" / "build_vocabulary.py"
    subprocess.run([sys.executable, str(script), str(release), str(output)], check=True, capture_output=True)
    assert output.read_bytes() == _resources.read_bytes("validation", "vocabulary.json")


def test_release_file_and_shipped_index_give_the_same_vocabulary(release: Path) -> None:
    built, shipped = vocabulary_from_release(release), default_vocabulary()
    assert built.parents == shipped.parents
    assert built.domains == shipped.domains and built.ranges == shipped.ranges
    assert built.members == shipped.members and built.superseded_by == shipped.superseded_by
    assert built.datatypes == shipped.datatypes


def test_index_keeps_no_descriptions() -> None:
    text = _resources.read_text("validation", "vocabulary.json")
    assert "The most generic type of item" not in text
    assert "Any condition of the human body" not in text
    assert len(text) < 200_000


def test_default_vocabulary_is_loaded_once() -> None:
    assert default_vocabulary() is default_vocabulary()


def test_hierarchy_domains_ranges_and_members() -> None:
    vocabulary = default_vocabulary()
    assert vocabulary.is_subclass("MedicalCondition", "MedicalEntity")
    assert vocabulary.is_subclass("MedicalCondition", "Thing")
    assert not vocabulary.is_subclass("Drug", "MedicalCondition")
    assert not vocabulary.is_subclass("NoSuchClass", "Thing")
    assert vocabulary.allowed_on("name", ["MedicalCondition"])
    assert vocabulary.allowed_on("possibleTreatment", ["MedicalCondition"])
    assert not vocabulary.allowed_on("dosageForm", ["MedicalCondition"])
    assert vocabulary.allowed_on("dosageForm", ["MedicalCondition", "Drug"])
    assert set(vocabulary.ranges["code"]) == {"MedicalCode"}
    assert vocabulary.member_fits("Monday", ["DayOfWeek"])
    assert vocabulary.member_fits("OTC", ["DrugPrescriptionStatus"])
    assert not vocabulary.member_fits("Monday", ["DrugPrescriptionStatus"])
    assert {"Text", "URL", "Date", "Integer", "Duration", "Boolean"} <= vocabulary.datatypes
    assert "MedicalCondition" not in vocabulary.datatypes
    assert vocabulary.superseded_by["episodes"] == ("episode",)


def test_suggestions() -> None:
    vocabulary = default_vocabulary()
    assert vocabulary.suggest("nmae", "property") == ["name"]
    assert vocabulary.suggest("medicalcondition", "class") == ["MedicalCondition"]
    assert "MedicalCondition" in vocabulary.suggest("MedicalConditon", "class")
    assert vocabulary.suggest("zzzzqqqq", "class") == []


def test_local_name() -> None:
    assert local_name("http://schema.org/Drug") == "Drug"
    assert local_name("https://schema.org/name") == "name"
    assert local_name("http://example.org/Drug") is None


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"not json", "not JSON"),
        (b"[1, 2]", "expected a schema.org release document"),
        (b'{"@graph": 3}', "'@graph' list"),
        (b'{"@graph": []}', "no schema.org classes or properties"),
    ],
)
def test_bad_release_files_are_named_and_explained(tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "release.jsonld"
    path.write_bytes(content)
    with pytest.raises(VocabularyError, match=expected) as info:
        vocabulary_from_release(path)
    assert str(path) in str(info.value)
    assert isinstance(info.value, FmevidenceError) and isinstance(info.value, ValueError)


def test_missing_release_file(tmp_path: Path) -> None:
    with pytest.raises(VocabularyError, match="cannot read"):
        vocabulary_from_release(tmp_path / "missing.jsonld")


def test_index_of_another_format_is_refused() -> None:
    with pytest.raises(VocabularyError, match="format"):
        Vocabulary.from_index({"format": 99})


def test_a_small_release_builds_a_working_vocabulary(tmp_path: Path) -> None:
    release = {
        "@graph": [
            {"@id": "schema:Thing", "@type": "rdfs:Class"},
            {"@id": "schema:Gadget", "@type": "rdfs:Class", "rdfs:subClassOf": {"@id": "schema:Thing"}},
            {"@id": "schema:Text", "@type": ["schema:DataType", "rdfs:Class"]},
            {"@id": "schema:URL", "@type": "rdfs:Class", "rdfs:subClassOf": {"@id": "schema:Text"}},
            {
                "@id": "schema:name",
                "@type": "rdf:Property",
                "schema:domainIncludes": {"@id": "schema:Thing"},
                "schema:rangeIncludes": {"@id": "schema:Text"},
            },
            {
                "@id": "schema:oldName",
                "@type": "rdf:Property",
                "schema:supersededBy": {"@id": "schema:name"},
            },
            {"@id": "schema:Blue", "@type": "schema:Gadget"},
            {"@id": "bibo:Thing", "@type": "rdfs:Class"},
        ]
    }
    path = tmp_path / "release.jsonld"
    path.write_text(json.dumps(release), encoding="utf-8")
    vocabulary = vocabulary_from_release(path)
    assert vocabulary.classes == {"Thing", "Gadget", "Text", "URL"}
    assert vocabulary.datatypes == {"Text", "URL"}
    assert vocabulary.members == {"Blue": ("Gadget",)}
    assert vocabulary.superseded_by == {"oldName": ("name",)}
    assert vocabulary.is_subclass("Gadget", "Thing")

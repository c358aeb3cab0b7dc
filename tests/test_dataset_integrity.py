"""Whole-dataset integrity: every claim cited, every source used, no duplicates, no orphans.

These run over the shipped dataset (all files in the manifest), so they also guard data that
other curators add.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

import fmevidence
from fmevidence import _resources
from fmevidence.evidence_base import EvidenceBase
from fmevidence.kinds import ENTITY_KINDS, KIND_OF_CLASS, REFERENCES
from fmevidence.model import Finding, Source

ROOT = Path(__file__).resolve().parents[1]
SCHEMAS = ROOT / "schemas"


@pytest.fixture(scope="module")
def kb() -> EvidenceBase:
    return fmevidence.load()


def _references(kb: EvidenceBase) -> Counter[str]:
    """How often each id is referred to by another record (self-references excluded)."""
    counts: Counter[str] = Counter()
    for record in kb:
        for field in REFERENCES[type(record)]:
            value = getattr(record, field)
            for ref in (value,) if isinstance(value, str) else value:
                if ref != record.id:
                    counts[ref] += 1
    return counts


def test_every_finding_cites_a_source(kb: EvidenceBase) -> None:
    findings = [r for r in kb if isinstance(r, Finding)]
    assert findings
    assert [f.id for f in findings if not f.sources] == []


def test_every_source_is_cited_or_marked_background(kb: EvidenceBase) -> None:
    cited = _references(kb)
    unused = [s.id for s in kb if isinstance(s, Source) and not s.background and cited[s.id] == 0]
    assert unused == []


def test_no_duplicate_doi_or_pmid(kb: EvidenceBase) -> None:
    sources = [r for r in kb if isinstance(r, Source)]
    for field in ("doi", "pmid"):
        values = Counter(getattr(s, field) for s in sources if getattr(s, field))
        assert [v for v, n in values.items() if n > 1] == [], field


def test_no_orphaned_entity(kb: EvidenceBase) -> None:
    referenced = _references(kb)
    orphans = [r.id for r in kb if KIND_OF_CLASS[type(r)] in ENTITY_KINDS and referenced[r.id] == 0]
    assert orphans == []


def test_every_reconstructed_record_cites_a_source(kb: EvidenceBase) -> None:
    reconstructed = [r for r in kb if getattr(r, "reconstructed", False)]
    assert reconstructed, "the article's lost lists are reconstructed somewhere"
    assert [r.id for r in reconstructed if not getattr(r, "sources", ())] == []


def test_reconstructed_findings_are_not_passed_off_as_the_articles_text(kb: EvidenceBase) -> None:
    article_source = "verywell-fibromyalgia-autoimmune-article"
    for record in kb:
        if isinstance(record, Finding) and record.reconstructed:
            assert article_source not in record.sources, (
                f"{record.id} is reconstructed, so the article cannot be its source"
            )


def _schema_validator() -> Any:
    jsonschema = pytest.importorskip("jsonschema")
    referencing = pytest.importorskip("referencing")
    from referencing.exceptions import NoSuchResource

    def refuse(uri: str) -> Any:
        raise NoSuchResource(ref=uri)  # type: ignore[call-arg]

    resources = []
    for path in sorted(SCHEMAS.glob("*.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        resources.append((schema["$id"], referencing.Resource.from_contents(schema)))
    registry = referencing.Registry(retrieve=refuse).with_resources(resources)
    top = registry.contents("urn:fmevidence:schema:dataset-file")
    return jsonschema.Draft202012Validator(top, registry=registry)


@pytest.mark.parametrize("name", json.loads(_resources.read_text("data", "dataset.json"))["files"])
def test_data_file_is_valid_against_the_schema(name: str) -> None:
    if not (SCHEMAS / "dataset-file.schema.json").exists():
        pytest.skip("schemas/dataset-file.schema.json is not written yet")
    data = json.loads(_resources.read_text("data", name))
    errors = [f"{e.json_path}: {e.message}" for e in _schema_validator().iter_errors(data)]
    assert errors == []

"""Shared helpers for the vocabulary tests: the official examples, seeded documents, no network."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import SHARED
from network_ban import ban_network

EXAMPLES = SHARED / "schemaorg" / "schemaorg-all-examples.txt"
RELEASE = SHARED / "schemaorg" / "schemaorg-current-https.jsonld"

_SCRIPT = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
_HEALTH_LAYER = "https://health-lifesci.schema.org"
_HEALTH_ROOTS = ("MedicalEntity", "MedicalOrganization", "MedicalBusiness")
_HEALTH_PREFIXES = ("Medical", "Drug", "Health")


def disable_sockets(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make every way of reaching the network raise NetworkUsed (a BaseException; see network_ban)."""
    ban_network(monkeypatch)


def _types_in(document: Any) -> set[str]:
    found: set[str] = set()
    stack = [document]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            for key, item in value.items():
                if key in ("@type", "type"):
                    items = item if isinstance(item, list) else [item]
                    found.update(t for t in items if isinstance(t, str))
                else:
                    stack.append(item)
        elif isinstance(value, list):
            stack.extend(value)
    return found


def example_documents(path: Path = EXAMPLES) -> Iterator[tuple[str, set[str], Any]]:
    """(example id, every type it names, parsed JSON-LD) for each JSON-LD block in the file.

    A block is a ``<script type="application/ld+json">`` in an example's ``JSON:`` section, or
    the section itself when it is bare JSON.
    """
    text = path.read_text(encoding="utf-8")
    for block in re.split(r"^TYPES:", text, flags=re.M)[1:]:
        head, _, body = block.partition("\n")
        example_id, _, names = head.strip().partition(" ")
        listed = {name.strip() for name in names.split(",") if name.strip()}
        _, found, json_section = body.partition("\nJSON:")
        if not found:
            continue
        scripts = _SCRIPT.findall(json_section) or [json_section.strip()]
        for number, script in enumerate(scripts):
            if script.strip()[:1] not in ("{", "["):
                continue
            document = json.loads(script)
            yield f"{example_id}-{number}", listed | _types_in(document), document


def health_terms(release: Path = RELEASE) -> set[str]:
    """Terms of the release that schema.org places in its health and life-sciences area."""
    graph = json.loads(release.read_text(encoding="utf-8"))["@graph"]
    terms = set()
    for node in graph:
        parts = node.get("schema:isPartOf", [])
        parts = parts if isinstance(parts, list) else [parts]
        if node["@id"].startswith("schema:") and any(p.get("@id") == _HEALTH_LAYER for p in parts):
            terms.add(node["@id"][len("schema:") :])
    return terms


def is_health_example(types: set[str], health: set[str], vocabulary: Any) -> bool:
    """Whether an example is in the health and medical area (by its layer, class or name)."""
    return any(
        name in health
        or name.startswith(_HEALTH_PREFIXES)
        or any(vocabulary.is_subclass(name, root) for root in _HEALTH_ROOTS)
        for name in types
    )


MEDICAL_CONDITION: dict[str, Any] = {
    "@context": "https://schema.org",
    "@type": "MedicalCondition",
    "name": "Fibromyalgia",
    "alternateName": ["Fibromyalgia syndrome", "FMS"],
    "code": [
        {"@type": "MedicalCode", "codeValue": "M79.7", "codingSystem": "ICD-10"},
        {"@type": "MedicalCode", "codeValue": "FB56.0", "codingSystem": "ICD-11"},
    ],
    "signOrSymptom": [
        {"@type": "MedicalSymptom", "name": "Chronic widespread pain"},
        {"@type": "MedicalSymptom", "name": "Fatigue"},
    ],
    "possibleTreatment": {"@type": "Drug", "name": "Duloxetine", "isProprietary": False},
    "url": "https://example.org/fibromyalgia",
}
"""A small, valid MedicalCondition page fragment; seeded faults are variations of it."""

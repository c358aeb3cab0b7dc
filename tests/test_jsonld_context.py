"""The project's compact schema.org context expands exactly like the official one.

The official context is read from ../shared (never copied); the comparison runs on every
shape the exporter produces and on every schema.org example that uses the plain context.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

import pytest
from pyld import jsonld

import fmevidence
from fmevidence.jsonld.context import schemaorg_context
from fmevidence.jsonld.export import PageOptions, export_jsonld
from fmevidence.jsonld.loader import SCHEMA_ORG_CONTEXT_URLS, offline_document_loader
from jsonld_helpers import SCHEMA_DIR, official_context, sample_kb, with_context

ROOT = Path(__file__).resolve().parents[1]
PAGE = PageOptions(
    url="https://publisher.example/fibromyalgia",
    name="Fibromyalgia",
    last_reviewed="2026-11-30",
    reviewed_by=("A Reviewer",),
    publisher="Publisher",
    in_language="en",
)


def expand_both(document: Any) -> tuple[Any, Any]:
    """(expansion with the project context, expansion with the official context inline)."""
    ours = jsonld.expand(document, {"documentLoader": offline_document_loader})
    official = jsonld.expand(
        with_context(document, official_context()["@context"]), {"documentLoader": offline_document_loader}
    )
    return ours, official


def exports() -> list[tuple[str, dict[str, Any]]]:
    cases = []
    for name, kb in (("builtin", fmevidence.load()), ("sample", sample_kb())):
        for graph in (False, True):
            for page in (None, PAGE):
                label = f"{name}-{'graph' if graph else 'tree'}-{'page' if page else 'bare'}"
                cases.append((label, export_jsonld(kb, page=page, graph=graph)))
    return cases


@pytest.mark.parametrize(("label", "document"), exports(), ids=lambda v: v if isinstance(v, str) else "")
def test_exports_expand_identically(label: str, document: dict[str, Any]) -> None:
    ours, official = expand_both(document)
    assert ours == official
    assert ours, label


def test_context_is_compact_and_shipped() -> None:
    context = schemaorg_context()["@context"]
    official = official_context()["@context"]
    assert context["@vocab"] == official["@vocab"] == "http://schema.org/"
    assert context["type"] == "@type" and context["id"] == "@id"
    coercing = {term for term, d in official.items() if isinstance(d, dict) and "@type" in d}
    assert coercing <= set(context)
    assert len(coercing) == 126  # 80 @id + 46 Date in schema.org 30.0
    assert len(context) < len(official) / 10


def test_shipped_context_is_what_the_build_script_writes(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import build_context
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    output = tmp_path / "schemaorg.jsonld"
    assert build_context.main([str(SCHEMA_DIR / "schemaorgcontext.jsonld"), str(output)]) == 0
    assert json.loads(output.read_text(encoding="utf-8")) == schemaorg_context()


def schema_examples() -> list[tuple[str, Any]]:
    """(example id, JSON-LD) for every official example whose contexts are plain schema.org URLs."""
    path = SCHEMA_DIR / "schemaorg-all-examples.txt"
    if not path.exists():
        return []
    text = path.read_text(encoding="utf-8")
    found = []
    for block in re.split(r"^TYPES:", text, flags=re.MULTILINE)[1:]:
        example_id = block.split()[0]
        match = re.search(r"^JSON:\s*$(.*)", block, flags=re.MULTILINE | re.DOTALL)
        if not match:
            continue
        section = re.sub(r"<!--.*?-->", "", match.group(1), flags=re.DOTALL)
        scripts = re.findall(r"<script[^>]*>(.*?)</script>", section, flags=re.DOTALL) or [section]
        for number, body in enumerate(scripts):
            try:
                document = json.loads(body)
            except json.JSONDecodeError:
                continue  # prose ("This example is in microdata only") or broken JSON: nothing to compare
            if _contexts(document) and _contexts(document) <= SCHEMA_ORG_CONTEXT_URLS:
                found.append((f"{example_id}.{number}", document))
    return found


def _contexts(document: Any) -> set[Any]:
    found: set[Any] = set()
    if isinstance(document, list):
        for item in document:
            found |= _contexts(item)
    elif isinstance(document, dict):
        for key, value in document.items():
            if key == "@context":
                found.add(value if isinstance(value, str) else json.dumps(value))
            else:
                found |= _contexts(value)
    return found


EXAMPLES = schema_examples()


def test_enough_examples_are_compared() -> None:
    assert len(EXAMPLES) > 400, "the examples file in ../shared/schemaorg is missing or unreadable"


@pytest.mark.parametrize(("example_id", "document"), EXAMPLES, ids=[e[0] for e in EXAMPLES])
def test_schema_org_examples_expand_identically(example_id: str, document: Any) -> None:
    ours, official = expand_both(document)
    assert ours == official, example_id

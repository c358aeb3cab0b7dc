"""The dataset schemas match the model, and every shipped data file is valid against them."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.exceptions import NoSuchResource

from fmevidence import _resources

ROOT = Path(__file__).resolve().parents[1]


def _build_module() -> Any:
    spec = importlib.util.spec_from_file_location("build_schemas", ROOT / "scripts" / "build_schemas.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _refuse(uri: str) -> Resource[Any]:
    raise NoSuchResource(ref=uri)


def _registry() -> Registry[Any]:
    resources = []
    for path in sorted((ROOT / "schemas").glob("*.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        resources.append((schema["$id"], Resource.from_contents(schema)))
    return Registry(retrieve=_refuse).with_resources(resources)  # type: ignore[call-arg]


def _validator(schema_id: str) -> Draft202012Validator:
    registry = _registry()
    return Draft202012Validator(registry.contents(schema_id), registry=registry)


def test_schemas_are_what_the_generator_writes() -> None:
    build = _build_module()
    for name, schema in build.build().items():
        on_disk = (ROOT / "schemas" / name).read_text(encoding="utf-8")
        assert on_disk == build.render(schema), f"schemas/{name} is stale: run python3 scripts/build_schemas.py"


def test_every_schema_is_valid_draft_2020_12() -> None:
    for path in (ROOT / "schemas").glob("*.json"):
        Draft202012Validator.check_schema(json.loads(path.read_text(encoding="utf-8")))


def test_schemas_ship_as_package_resources() -> None:
    names = {entry.name for entry in _resources.resource("schemas").iterdir()}
    assert {"dataset-file.schema.json", "dataset-manifest.schema.json", "finding.schema.json"} <= names


@pytest.mark.parametrize("name", json.loads(_resources.read_text("data", "dataset.json"))["files"])
def test_shipped_data_file_is_valid(name: str) -> None:
    data = json.loads(_resources.read_text("data", name))
    errors = [f"{e.json_path}: {e.message}" for e in _validator("urn:fmevidence:schema:dataset-file").iter_errors(data)]
    assert errors == []


def test_manifest_is_valid() -> None:
    data = json.loads(_resources.read_text("data", "dataset.json"))
    assert list(_validator("urn:fmevidence:schema:dataset-manifest").iter_errors(data)) == []


def test_schema_rejects_what_the_loader_rejects() -> None:
    bad = {
        "findings": [
            {
                "id": "Bad Id",
                "statement": "x",
                "about": [],
                "direction": "maybe",
                "origin": "human_clinical",
                "sources": [],
                "typo": 1,
            }
        ]
    }
    messages = [e.message for e in _validator("urn:fmevidence:schema:dataset-file").iter_errors(bad)]
    joined = " | ".join(messages)
    assert "Bad Id" in joined
    assert "maybe" in joined
    assert "typo" in joined


def test_remote_refs_are_refused() -> None:
    registry = _registry()
    with pytest.raises(Exception, match="https://example.org/schema"):
        registry.resolver().lookup("https://example.org/schema")

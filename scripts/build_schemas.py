"""Write the dataset JSON Schemas (Draft 2020-12) in schemas/ from the typed model.

The model is the single definition of the format; this script derives the schemas from it
so the two cannot drift (tests/test_schemas.py re-runs it and compares). Run it after
changing src/fmevidence/model.py:

    python3 scripts/build_schemas.py
"""

from __future__ import annotations

import enum
import json
import sys
import types
import typing
from pathlib import Path
from typing import Any

import attrs

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from fmevidence import model  # noqa: E402
from fmevidence.integrity import FIELD_RULES, ID_PATTERN  # noqa: E402
from fmevidence.kinds import KINDS, REFERENCES  # noqa: E402

DRAFT = "https://json-schema.org/draft/2020-12/schema"
PREFIX = "urn:fmevidence:schema:"
COMMON = PREFIX + "common"
NESTED = (model.MedicalCode, model.Locator, model.Quantity, model.CertaintyOverride)


def _snake(name: str) -> str:
    return "".join("-" + c.lower() if c.isupper() else c for c in name).lstrip("-")


def _type_schema(tp: Any, field: str, references: frozenset[str] | None) -> dict[str, Any]:
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        options = [arg for arg in args if arg is not type(None)]
        inner = _type_schema(options[0], field, references)
        return {"anyOf": [inner, {"type": "null"}]} if len(args) > len(options) else inner
    if origin is tuple:
        return {"type": "array", "items": _type_schema(args[0], field, references)}
    if references is not None and tp is str:
        return {"$ref": f"{COMMON}#/$defs/id"}
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return {"$ref": f"{COMMON}#/$defs/{tp.__name__}"}
    if isinstance(tp, type) and attrs.has(tp):
        return {"$ref": f"{COMMON}#/$defs/{tp.__name__}"}
    if tp is str:
        schema: dict[str, Any] = {"type": "string", "minLength": 1}
    elif tp is bool:
        schema = {"type": "boolean"}
    elif tp is int:
        schema = {"type": "integer"}
    elif tp is float:
        schema = {"type": "number"}
    else:  # pragma: no cover - a new field type must be taught here
        raise TypeError(f"no schema for {tp!r} ({field})")
    schema.update(FIELD_RULES.get(field, {}))
    return schema


def _object_schema(cls: type, references: dict[str, frozenset[str]]) -> dict[str, Any]:
    hints = typing.get_type_hints(cls)
    properties: dict[str, Any] = {}
    required: list[str] = []
    for field in attrs.fields(cls):
        if field.name == "id":
            properties["id"] = {"$ref": f"{COMMON}#/$defs/id"}
        else:
            properties[field.name] = _type_schema(hints[field.name], field.name, references.get(field.name))
        if field.default is attrs.NOTHING:
            required.append(field.name)
    if "sources" in required:
        properties["sources"]["minItems"] = 1
    schema: dict[str, Any] = {
        "type": "object",
        "description": " ".join((cls.__doc__ or "").split()),
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }
    return schema


def build() -> dict[str, dict[str, Any]]:
    """File name -> schema, for every schema this script owns."""
    enums = sorted(
        {tp for tp in vars(model).values() if isinstance(tp, type) and issubclass(tp, enum.Enum) and tp.__module__ == model.__name__},
        key=lambda tp: tp.__name__,
    )
    defs: dict[str, Any] = {
        "id": {"type": "string", "pattern": ID_PATTERN.pattern, "description": "Lower-case kebab-case record id."},
    }
    for tp in enums:
        defs[tp.__name__] = {"enum": [member.value for member in tp], "description": " ".join((tp.__doc__ or "").split())}
    for cls in NESTED:
        defs[cls.__name__] = _object_schema(cls, {})
    schemas: dict[str, dict[str, Any]] = {
        "common.schema.json": {
            "$schema": DRAFT,
            "$id": COMMON,
            "title": "fmevidence shared definitions",
            "$defs": defs,
        }
    }
    properties: dict[str, Any] = {"$schema": {"type": "string"}, "$comment": {"type": "string"}}
    for kind, cls in KINDS.items():
        name = _snake(cls.__name__)
        record = _object_schema(cls, REFERENCES[cls])
        schemas[f"{name}.schema.json"] = {"$schema": DRAFT, "$id": PREFIX + name, "title": cls.__name__, **record}
        properties[kind] = {"type": "array", "items": {"$ref": PREFIX + name}}
    schemas["dataset-file.schema.json"] = {
        "$schema": DRAFT,
        "$id": PREFIX + "dataset-file",
        "title": "fmevidence dataset file",
        "description": "One data file: an object whose keys are record kinds, each a list of records.",
        "type": "object",
        "properties": properties,
        "additionalProperties": False,
    }
    manifest = _object_schema(model.DatasetInfo, {})
    manifest["properties"]["files"]["minItems"] = 1
    manifest["properties"]["$schema"] = {"type": "string"}
    manifest["properties"]["$comment"] = {"type": "string"}
    schemas["dataset-manifest.schema.json"] = {
        "$schema": DRAFT,
        "$id": PREFIX + "dataset-manifest",
        "title": "fmevidence dataset manifest (dataset.json)",
        **manifest,
    }
    return schemas


def render(schema: dict[str, Any]) -> str:
    """The exact text written for a schema (stable, so the drift test can compare bytes)."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def main() -> None:
    out = ROOT / "schemas"
    out.mkdir(exist_ok=True)
    for name, schema in build().items():
        (out / name).write_text(render(schema), encoding="utf-8")
        print(f"wrote schemas/{name}")


if __name__ == "__main__":
    main()

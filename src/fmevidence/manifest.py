"""Check a dataset manifest against schemas/dataset-manifest.schema.json, without importing jsonschema.

Why not jsonschema: importing it also imports every optional format library installed beside
it (rfc3987-syntax alone builds a grammar for seconds), and the loader must refuse a broken
dataset in well under a second. The manifest schema uses a handful of keywords; this module
interprets exactly those, reads the schema file itself (so it cannot drift from it), and
refuses to run on a keyword it does not know. tests/test_manifest.py checks that it agrees
with jsonschema on valid and invalid manifests.
"""

from __future__ import annotations

import datetime
import difflib
import functools
import json
import re
from typing import Any

from . import _resources
from .describe import describe_value
from .errors import DataProblem
from .pointers import escape

__all__ = ["manifest_problems", "manifest_schema"]

_KNOWN = frozenset({
    "$schema", "$id", "title", "description", "type", "properties", "required", "additionalProperties",
    "minLength", "pattern", "format", "anyOf", "items", "minItems",
})
_TYPES = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "null": lambda v: v is None,
    "boolean": lambda v: isinstance(v, bool),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
}


@functools.cache
def manifest_schema() -> dict[str, Any]:
    """The packaged manifest schema; raises if it uses a keyword this module does not interpret."""
    schema: dict[str, Any] = json.loads(_resources.read_text("schemas", "dataset-manifest.schema.json"))
    stack = [schema]
    while stack:
        node = stack.pop()
        unknown = set(node) - _KNOWN
        if unknown:
            raise RuntimeError(f"dataset-manifest.schema.json uses {sorted(unknown)}: teach fmevidence.manifest")
        stack.extend(node.get("properties", {}).values())
        stack.extend(node.get("anyOf", []))
        if isinstance(node.get("items"), dict):
            stack.append(node["items"])
    return schema


def manifest_problems(file: str, manifest: Any) -> list[DataProblem]:
    """Every way ``manifest`` breaks the schema, one problem per place, with the expected form."""
    schema = manifest_schema()
    if not isinstance(manifest, dict):
        return [DataProblem(file, "", "expected an object (the dataset manifest)")]
    problems: list[DataProblem] = []
    properties: dict[str, Any] = schema["properties"]
    known = sorted(properties)
    for key in manifest:
        if key not in properties and schema.get("additionalProperties") is False:
            close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            problems.append(DataProblem(file, f"/{escape(key)}", f"unknown field {key!r}{hint}; known fields: {', '.join(known)}"))
    missing = [name for name in schema.get("required", ()) if name not in manifest]
    if missing:
        needed = ", ".join(schema["required"])
        problems.append(DataProblem(file, "", f"missing required field(s) {', '.join(missing)}; the manifest needs {needed}"))
    for key, value in manifest.items():
        if key in properties:
            message = _value_problem(properties[key], value, key)
            if message is not None:
                problems.append(DataProblem(file, f"/{escape(key)}", message))
    return problems


def _value_problem(schema: dict[str, Any], value: Any, name: str) -> str | None:
    """Why ``value`` fails ``schema`` (None when it passes)."""
    if "anyOf" in schema:
        reasons = [_value_problem(option, value, name) for option in schema["anyOf"]]
        if all(reason is not None for reason in reasons):
            return next(reason for reason in reasons if reason is not None and not reason.startswith("expected null"))
        return None
    expected = schema.get("type")
    if expected is not None and not _TYPES[expected](value):
        return f"expected {'null' if expected == 'null' else 'a ' + expected}, found {describe_value(value)}"
    if isinstance(value, str):
        if len(value) < schema.get("minLength", 0):
            return "expected a non-empty string"
        if ("pattern" in schema and not re.search(schema["pattern"], value)) or (
            schema.get("format") == "date" and not _is_date(value)
        ):
            if schema.get("format") == "date":
                return f"{name} {value!r} is not a date; expected YYYY-MM-DD, e.g. 2026-12-01"
            return f"{value!r} does not match {schema['pattern']}"
    if isinstance(value, list):
        if len(value) < schema.get("minItems", 0):
            return f"expected at least {schema['minItems']} item(s); the manifest must list its data files"
        for index, item in enumerate(value):
            reason = _value_problem(schema.get("items", {}), item, name)
            if reason is not None:
                return f"item {index}: {reason}"
    return None


def _is_date(text: str) -> bool:
    """RFC 3339 full-date, as JSON Schema's "date" format means (not Python's wider ISO parser)."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return False
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return True


"""``validate --schema`` with the schemas users really bring, on both engines.

Each case runs on the compiled engine (jsonschema-rs, the default) and on the pure-Python
fallback (jsonschema), through ``user_schema_check`` (the path the command line and
``validate(schema=...)`` take); the command-line cases check exit codes and messages.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import fmevidence
from fmevidence.cli import main
from fmevidence.validation.registry import SchemaMap
from fmevidence.validation.runner import UsageError, user_schema_check
from validate_helpers import no_network  # noqa: F401 - autouse fixture

ENGINES = [pytest.param(True, id="jsonschema-rs"), pytest.param(False, id="jsonschema")]
DRAFT7 = "http://json-schema.org/draft-07/schema#"


def verdicts(schema: Any, documents: list[Any], *, fast: bool, **options: Any) -> list[list[tuple[str, str]]]:
    check = user_schema_check(schema, fast=fast, **options)
    assert check.has_fast_path == fast
    return [[(p.rule, p.pointer) for p in check.check(document)] for document in documents]


def write(path: Path, document: Any) -> Path:
    path.write_text(document if isinstance(document, str) else json.dumps(document), encoding="utf-8")
    return path


def cli(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = main(["validate", *map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("fast", ENGINES)
def test_draft7_internal_ref_without_id(fast: bool) -> None:
    schema = {
        "$schema": DRAFT7,
        "definitions": {"age": {"type": "integer", "minimum": 0}},
        "properties": {"age": {"$ref": "#/definitions/age"}},
    }
    assert verdicts(schema, [{"age": 3}, {"age": -1}, {"age": "x"}], fast=fast) == [
        [],
        [("schema.minimum", "/age")],
        [("schema.type", "/age")],
    ]


@pytest.mark.parametrize("fast", ENGINES)
def test_ref_to_an_embedded_id(fast: bool) -> None:
    schema = {
        "$id": "https://example.org/root.json",
        "properties": {"n": {"$ref": "https://example.org/item.json"}},
        "$defs": {"item": {"$id": "https://example.org/item.json", "type": "string"}},
    }
    assert verdicts(schema, [{"n": "a"}, {"n": 1}], fast=fast) == [[], [("schema.type", "/n")]]


@pytest.mark.parametrize("fast", ENGINES)
def test_id_without_schema_is_2020_12_not_a_traceback(fast: bool) -> None:
    schema = {"$id": "https://example.org/s.json", "prefixItems": [{"type": "integer"}]}
    assert verdicts(schema, [[1], ["x"]], fast=fast) == [[], [("schema.type", "/0")]]


@pytest.mark.parametrize("fast", ENGINES)
def test_draft4_uses_draft4_rules(fast: bool) -> None:
    schema = {"$schema": "http://json-schema.org/draft-04/schema#", "maximum": 5, "exclusiveMaximum": True}
    # jsonschema names the draft-4 failure after "maximum", jsonschema-rs after "exclusiveMaximum"
    assert verdicts(schema, [4, 5], fast=fast) in (
        [[], [("schema.maximum", "")]],
        [[], [("schema.exclusiveMaximum", "")]],
    )


@pytest.mark.parametrize("fast", ENGINES)
def test_boolean_schemas(fast: bool) -> None:
    assert verdicts(True, [1, "x"], fast=fast) == [[], []]
    assert verdicts(False, [1], fast=fast) == [[("schema.false", "")]]
    # jsonschema (4.26) loses the place of a false subschema's error: only the fast path has it
    where = "/secret" if fast else ""
    assert verdicts({"properties": {"secret": False}}, [{"secret": 1}], fast=fast) == [[("schema.false", where)]]


@pytest.mark.parametrize("fast", ENGINES)
def test_ref_to_an_official_metaschema(fast: bool) -> None:
    """A schema that checks schemas, through the draft-07 metaschema served locally."""
    schema = {"$ref": DRAFT7}
    assert verdicts(schema, [{"type": "string"}, {"type": 5}], fast=fast)[0] == []
    assert verdicts(schema, [{"type": 5}], fast=fast)[0] != []


@pytest.mark.parametrize("fast", ENGINES)
def test_formats_are_checked_unless_disabled(fast: bool) -> None:
    schema = {
        "properties": {name: {"format": name} for name in ("date-time", "email", "ipv4", "uri", "hostname", "duration")}
    }
    bad = {
        "date-time": "yesterday",
        "email": "nobody",
        "ipv4": "1.2.3",
        "uri": "no scheme",
        "hostname": "-x-",
        "duration": "P1",
    }
    good = {
        "date-time": "2024-05-01T10:30:00Z",
        "email": "a@example.org",
        "ipv4": "192.0.2.1",
        "uri": "https://example.org/a",
        "hostname": "example.org",
        "duration": "P1D",
    }
    found = verdicts(schema, [good, bad], fast=fast)
    assert found[0] == []
    assert sorted(found[1]) == sorted(("schema.format", f"/{name}") for name in bad)
    assert verdicts(schema, [bad], fast=fast, formats=False) == [[]]


@pytest.mark.parametrize("fast", ENGINES)
def test_invalid_schema_is_a_usage_error_naming_the_place(fast: bool) -> None:
    with pytest.raises(UsageError, match="not a valid JSON Schema at /properties/a/minimum"):
        user_schema_check({"properties": {"a": {"minimum": "five"}}}, fast=fast)
    with pytest.raises(UsageError, match="not a valid JSON Schema at /\\$schema"):
        user_schema_check({"$schema": 7}, fast=fast)
    with pytest.raises(UsageError, match="draft 3, which is not supported"):
        user_schema_check({"$schema": "http://json-schema.org/draft-03/schema#"}, fast=fast)
    with pytest.raises(UsageError, match="must be a JSON object or a boolean"):
        user_schema_check([], fast=fast)


@pytest.mark.parametrize("fast", ENGINES)
def test_missing_internal_ref_is_a_usage_error(fast: bool) -> None:
    with pytest.raises(UsageError, match="cannot be resolved offline"):
        user_schema_check({"$ref": "#/$defs/nowhere"}, fast=fast)


@pytest.mark.parametrize("fast", ENGINES)
def test_remote_refs_are_refused_unless_mapped(fast: bool, tmp_path: Path) -> None:
    schema = {"properties": {"a": {"$ref": "https://example.org/schemas/int.json"}}}
    with pytest.raises(UsageError, match="--schema-map"):
        user_schema_check(schema, fast=fast)
    write(tmp_path / "int.json", {"type": "integer"})
    by_file = SchemaMap.of([("https://example.org/schemas/int.json", tmp_path / "int.json")])
    by_folder = SchemaMap.of([("https://example.org/schemas/", tmp_path)])
    for mapping in (by_file, by_folder):
        assert verdicts(schema, [{"a": 1}, {"a": "x"}], fast=fast, schema_map=mapping) == [[], [("schema.type", "/a")]]


def test_a_folder_map_never_climbs_out_of_its_folder(tmp_path: Path) -> None:
    (tmp_path / "inside").mkdir()
    mapping = SchemaMap.of([("https://example.org/s/", tmp_path / "inside")])
    assert mapping.local_path("https://example.org/s/a/b.json") == str(tmp_path / "inside" / "a" / "b.json")
    assert mapping.local_path("https://example.org/s/../secret.json") is None
    assert mapping.local_path("https://example.org/other.json") is None


@pytest.mark.parametrize("fast", ENGINES)
def test_custom_metaschema_needs_a_map(fast: bool, tmp_path: Path) -> None:
    meta = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": "https://example.org/meta"}
    schema = {"$schema": "https://example.org/meta", "type": "integer"}
    with pytest.raises(UsageError, match="not one of drafts 4, 6, 7, 2019-09 and 2020-12"):
        user_schema_check(schema, fast=fast)
    mapping = SchemaMap.of([("https://example.org/meta", write(tmp_path / "meta.json", meta))])
    assert verdicts(schema, [1, "x"], fast=fast, schema_map=mapping) == [[], [("schema.type", "")]]


@pytest.mark.parametrize("fast", ENGINES)
def test_refs_to_shipped_schemas_keep_their_rule_names(fast: bool) -> None:
    schema = {"$ref": "urn:fmevidence:schema:medical-condition-page#/$defs/doi"}
    assert verdicts(schema, ["10.5555/x", "11.1/x"], fast=fast) == [[], [("profile.doi", "")]]


def test_the_engines_refuse_the_same_hostile_values() -> None:
    """A lone surrogate is refused by the compiled engine; jsonschema then decides."""
    check = user_schema_check({"type": "string", "maxLength": 1})
    assert check.check("\ud800") == []
    assert [p.rule for p in check.check("\ud800\ud800")] == ["schema.maxLength"]


def test_a_document_neither_engine_can_check_says_so() -> None:
    check = user_schema_check({"type": "string", "pattern": "\\p{Letter}"})
    assert check.check("a") == []
    assert [p.rule for p in check.check("\ud800")] == ["schema.unchecked"]


def test_cli_schema_usage_errors_exit_2_without_traceback(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    data = write(tmp_path / "d.json", {"a": 1})
    cases = {
        "not a schema": (write(tmp_path / "s1.json", {"type": "integr"}), "at /type"),
        "id without schema": (write(tmp_path / "s2.json", {"$id": "https://x.org/s", "$ref": "#/nope"}), "/nope"),
        "remote ref": (write(tmp_path / "s3.json", {"$ref": "https://x.org/r.json"}), "--schema-map"),
        "not JSON": (write(tmp_path / "s4.json", "{"), "not valid JSON"),
        "no file": (tmp_path / "missing.json", "cannot read schema"),
        "unknown shipped schema": ("urn:fmevidence:schema:nope", "finding"),
    }
    for label, (schema, expected) in cases.items():
        code, out, err = cli(capsys, data, "--schema", schema)
        assert code == 2 and expected in err and "Traceback" not in err + out, label


def test_cli_shipped_schema_by_uri(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    data = write(tmp_path / "d.json", {"id": "x"})
    code, out, _ = cli(capsys, data, "--schema", "urn:fmevidence:schema:finding")
    assert code == 1 and "[schema.required]" in out


def test_cli_schema_map_and_disable_formats(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    write(tmp_path / "when.json", {"type": "string", "format": "date-time"})
    schema = write(tmp_path / "s.json", {"properties": {"when": {"$ref": "https://example.org/when.json"}}})
    data = write(tmp_path / "d.json", {"when": "last Tuesday"})
    mapping = f"https://example.org/when.json={tmp_path / 'when.json'}"
    assert cli(capsys, data, "--schema", schema)[0] == 2
    code, out, _ = cli(capsys, data, "--schema", schema, "--schema-map", mapping)
    assert code == 1 and "/when: error [schema.format]" in out
    assert cli(capsys, data, "--schema", schema, "--schema-map", mapping, "--disable-formats")[0] == 0
    code, _, err = cli(capsys, data, "--schema", schema, "--schema-map", "nonsense")
    assert code == 2 and "expected URI=PATH" in err
    code, _, err = cli(capsys, data, "--schema-map", mapping)
    assert code == 2 and "apply to --schema only" in err


def test_python_api_takes_a_path_a_uri_or_a_schema(tmp_path: Path) -> None:
    data = write(tmp_path / "d.json", {"when": "last Tuesday"})
    schema = {"properties": {"when": {"format": "date"}}}
    path = write(tmp_path / "s.json", schema)
    for given in (schema, path, str(path)):
        assert fmevidence.validate(data, schema=given, vocabulary=False).summary.errors == 1
        assert fmevidence.validate(data, schema=given, vocabulary=False, formats=False).summary.errors == 0
    assert fmevidence.validate(data, schema="urn:fmevidence:schema:finding", vocabulary=False).summary.errors > 0
    with pytest.raises(UsageError, match="cannot read schema"):
        fmevidence.validate(data, schema=tmp_path / "missing.json")

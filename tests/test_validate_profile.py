"""The medical-condition-page profile: what it requires, recommends, and where it points."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from fmevidence.validation.registry import local_registry, packaged_schemas, schema_by_name
from fmevidence.validation.report import Severity
from fmevidence.validation.runner import Options, UsageError, build_checks, user_schema_check
from validate_helpers import (
    errors,
    graph_page,
    no_network,  # noqa: F401 - autouse fixture
    page,
    profile_problems,
    rules,
)

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("fast", [True, False])
@pytest.mark.parametrize("shape", [page, graph_page])
def test_a_complete_page_has_no_problems(shape: Any, fast: bool) -> None:
    assert profile_problems(shape(), fast=fast) == []


def test_missing_required_field_is_an_error_at_its_node() -> None:
    document = page()
    del document["about"]["name"]
    problems = errors(profile_problems(document))
    assert [(p.rule, p.pointer) for p in problems] == [("profile.condition-name", "/about")]
    assert "missing 'name'" in problems[0].message and "expected a non-empty name" in problems[0].message


def test_missing_required_field_in_graph_shape() -> None:
    document = graph_page()
    del document["@graph"][0]["about"]
    problems = errors(profile_problems(document))
    assert [(p.rule, p.pointer) for p in problems] == [("profile.webpage-about", "/@graph/0")]


def test_bad_date_is_an_error_with_its_pointer() -> None:
    document = page()
    document["lastReviewed"] = "2023-02-29"  # not a leap year
    problems = errors(profile_problems(document))
    assert [(p.rule, p.pointer) for p in problems] == [("profile.date", "/lastReviewed")]
    assert "'2023-02-29'" in problems[0].message and "YYYY-MM-DD" in problems[0].message


@pytest.mark.parametrize("value", ["2024-05", "yesterday", "2024-05-01T25:00Z", "2024-05-01\n"])
def test_last_reviewed_must_be_a_full_date(value: str) -> None:
    document = page()
    document["lastReviewed"] = value
    assert rules(errors(profile_problems(document))) == {"profile.date"}


@pytest.mark.parametrize("value", ["2024", "2024-05", "2024-05-01", "2024-05-01T10:30", "2024-05-01T10:30:00+02:00"])
def test_published_dates_may_be_reduced_iso_dates(value: str) -> None:
    document = page()
    document["datePublished"] = value
    assert profile_problems(document) == []


def test_bad_doi_is_an_error_with_its_pointer() -> None:
    document = page()
    document["citation"][0]["identifier"]["value"] = "10.55/short-registrant"
    problems = errors(profile_problems(document))
    assert [(p.rule, p.pointer) for p in problems] == [("profile.doi", "/citation/0/identifier/value")]


def test_bad_doi_link_is_an_error() -> None:
    document = page()
    document["citation"][0]["sameAs"] = "https://doi.org/not-a-doi"
    problems = errors(profile_problems(document))
    assert [(p.rule, p.pointer) for p in problems] == [("profile.doi", "/citation/0/sameAs")]


def test_citation_without_link_or_doi_is_an_error() -> None:
    document = page()
    document["citation"].append({"@type": "Book", "name": "No link"})
    problems = errors(profile_problems(document))
    assert [(p.rule, p.pointer) for p in problems] == [("profile.citation-link", "/citation/3")]


def test_condition_without_code_is_an_error() -> None:
    document = page()
    del document["about"]["code"]
    problems = errors(profile_problems(document))
    assert [(p.rule, p.pointer) for p in problems] == [("profile.condition-code", "")]


def test_a_document_without_a_condition_is_an_error() -> None:
    problems = errors(profile_problems({"@context": "https://schema.org", "@type": "WebPage", "name": "x"}))
    assert rules(problems) == {"profile.condition-code"}


def test_code_object_needs_value_and_system() -> None:
    document = page()
    del document["about"]["code"][0]["codingSystem"]
    problems = errors(profile_problems(document))
    assert [(p.rule, p.pointer) for p in problems] == [("profile.code-value", "/about/code/0")]


def test_recommended_fields_are_warnings() -> None:
    document = page()
    del document["lastReviewed"], document["reviewedBy"], document["about"]["description"]
    document["@context"] = "https://example.org/other-context"
    document["citation"].append("A book without any link")
    document["about"]["code"].append("M79.7")
    problems = profile_problems(document)
    assert errors(problems) == []
    assert {p.severity for p in problems} == {Severity.WARNING}
    assert rules(problems) == {
        "profile.webpage-last-reviewed",
        "profile.webpage-reviewed-by",
        "profile.condition-description",
        "profile.context",
        "profile.citation-text",
        "profile.code-structured",
    }


def test_values_may_be_arrays_or_value_objects() -> None:
    document = page()
    document["about"]["name"] = [{"@value": "Fibromyalgia", "@language": "en"}]
    document["lastReviewed"] = {"@value": "2024-05-01", "@type": "Date"}
    assert profile_problems(document) == []
    document["about"]["name"] = []
    assert rules(errors(profile_problems(document))) == {"profile.condition-name"}


def test_best_match_comes_first() -> None:
    document = page()
    document["lastReviewed"] = "nope"
    del document["about"]["name"]
    check = build_checks(Options(profile="medical-condition-page", vocabulary=False)).checks[0]
    problems = check(document)
    validator = jsonschema.Draft202012Validator(
        schema_by_name("medical-condition-page"),
        registry=local_registry(),
        format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER,
    )
    best = jsonschema.exceptions.best_match(validator.iter_errors(document))
    assert problems[0].pointer == "/" + "/".join(map(str, best.absolute_path))
    assert len(problems) == 2


def test_the_projects_own_exports_pass_in_both_shapes() -> None:
    import fmevidence
    from fmevidence.jsonld.export import PageOptions, export_jsonld

    kb = fmevidence.load()
    options = PageOptions(url="https://example.org/fm", last_reviewed="2024-05-01", reviewed_by=("A Reviewer",))
    for graph in (False, True):
        for page_options in (None, options):
            document = export_jsonld(kb, page=page_options, graph=graph)
            assert errors(profile_problems(document)) == [], (graph, page_options)


def test_unknown_profile_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="unknown profile 'nope'; expected one of: .*medical-condition-page"):
        build_checks(Options(profile="nope", vocabulary=False))


def test_every_schema_has_a_urn_id_and_is_valid() -> None:
    for uri, schema in packaged_schemas().items():
        assert uri.startswith("urn:fmevidence:schema:")
        jsonschema.Draft202012Validator.check_schema(schema)


def test_registry_refuses_remote_refs() -> None:
    import referencing.exceptions

    from fmevidence.validation.registry import RemoteRefRefused

    with pytest.raises(referencing.exceptions.Unresolvable) as caught:
        local_registry().resolver().lookup("https://example.org/schema.json")
    assert isinstance(caught.value.__cause__.__cause__, RemoteRefRefused)


def test_user_schema_with_remote_ref_is_refused_up_front() -> None:
    with pytest.raises(UsageError, match="cannot be resolved offline"):
        user_schema_check({"properties": {"a": {"$ref": "https://example.org/schema.json"}}})


def test_invalid_user_schema_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="not a valid JSON Schema"):
        user_schema_check({"type": 5})


def test_user_schema_errors_name_the_keyword() -> None:
    check = user_schema_check({"type": "object", "required": ["id"], "properties": {"n": {"type": "integer"}}})
    problems = check.check({"n": "x"})
    assert [(p.rule, p.pointer) for p in problems] in (
        [("schema.required", ""), ("schema.type", "/n")],
        [("schema.type", "/n"), ("schema.required", "")],
    )


def test_user_schema_may_refer_to_packaged_schemas() -> None:
    check = user_schema_check({"$ref": "urn:fmevidence:schema:medical-condition-page#/$defs/doi"})
    assert check.check("10.5555/x") == []
    assert [p.rule for p in check.check("11.1/x")] == ["profile.doi"]


def test_dataset_files_pass_their_schema() -> None:
    schema = schema_by_name("dataset-file")
    if schema is None:
        pytest.skip("the dataset-file schema is not there")
    check = user_schema_check(schema)
    for name in ("core.json", "article.json", "clinical.json"):
        document = json.loads((ROOT / "src" / "fmevidence" / "data" / name).read_text(encoding="utf-8"))
        assert check.check(document) == [], name


def _schema_rules() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {"error": set(), "warning": set()}
    for name, severity in (("medical-condition-page", "error"), ("medical-condition-page-recommended", "warning")):
        text = json.dumps(schema_by_name(name))
        found[severity] |= set(re.findall(r'"x-rule": "([^"]+)"', text))
    return found


def test_readme_table_lists_exactly_the_profile_rules() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Validating structured data", 1)[1].split("\n## ", 1)[0]
    table = dict(re.findall(r"^\| `(profile\.[a-z-]+)` \| (error|warning) \|", section, flags=re.M))
    expected = {rule: severity for severity, names in _schema_rules().items() for rule in names}
    assert table == expected

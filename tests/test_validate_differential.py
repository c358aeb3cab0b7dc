"""The fast path (jsonschema-rs) agrees with jsonschema on the built-in profiles.

jsonschema-rs may only say "valid" for a document if jsonschema says so too; these tests
generate documents from schemas (hypothesis-jsonschema), mutate them with values chosen to
probe the differences between the engines (formats, regex ``$`` before a newline, Unicode
digits, big numbers...) and throw random JSON-LD-ish trees at both engines.
"""

from __future__ import annotations

import copy
from collections import Counter
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import IN_CI
from fmevidence.validation.registry import schema_by_name
from fmevidence.validation.report import Severity
from fmevidence.validation.runner import Options, build_checks
from fmevidence.validation.schema_check import SchemaCheck
from validate_helpers import graph_page, no_network, page  # noqa: F401 - autouse fixture

try:
    import jsonschema_rs  # noqa: F401
    from hypothesis_jsonschema import from_schema
except ImportError:  # pragma: no cover
    if IN_CI:
        raise
    pytest.skip("jsonschema-rs or hypothesis-jsonschema is not installed", allow_module_level=True)

CHECKS = [
    SchemaCheck(schema_by_name("medical-condition-page") or {}, fast=True),
    SchemaCheck(schema_by_name("medical-condition-page-recommended") or {}, severity=Severity.WARNING, fast=True),
]


def assert_engines_agree(document: Any) -> None:
    for check in CHECKS:
        fast = check._fast
        try:
            fast_valid = fast.is_valid(document)
        except Exception:  # the fast path refuses (e.g. lone surrogates): jsonschema decides
            continue
        slow_valid = not any(True for _ in check.validator.iter_errors(document))
        assert fast_valid == slow_valid, (check.schema.get("$id"), document)


TARGETED = build_checks(Options(profile="medical-condition-page", vocabulary=False, fast=True)).checks
FULL = build_checks(Options(profile="medical-condition-page", vocabulary=False, fast=False)).checks


def assert_same_problems(document: Any) -> None:
    """The targeted explanation (fast path finds places, jsonschema explains them) = a full run."""
    for targeted, full in zip(TARGETED, FULL, strict=True):
        got = Counter((p.rule, p.severity, p.pointer, p.message) for p in targeted(document))
        want = Counter((p.rule, p.severity, p.pointer, p.message) for p in full(document))
        assert got == want, document


def test_every_profile_check_has_a_fast_path() -> None:
    assert all(check.has_fast_path for check in CHECKS)


TEXT = {"type": "string", "minLength": 1, "maxLength": 12}
DATE = {"type": "string", "format": "date"}
DOI = {"type": "string", "pattern": "^(doi:|https://doi\\.org/)?10\\.[0-9]{4,9}/[!-~]{1,8}$"}
CODE = {
    "type": "object",
    "properties": {"@type": {"const": "MedicalCode"}, "codeValue": TEXT, "codingSystem": TEXT},
    "required": ["codeValue", "codingSystem"],
    "additionalProperties": False,
}
CITATION = {
    "anyOf": [
        TEXT,
        {
            "type": "object",
            "properties": {
                "@type": {"enum": ["ScholarlyArticle", "WebPage", "Book"]},
                "url": {"type": "string", "pattern": "^https://example\\.org/[a-z]{0,5}$"},
                "sameAs": DOI,
                "identifier": {
                    "anyOf": [
                        DOI,
                        {
                            "type": "object",
                            "properties": {"propertyID": {"enum": ["doi", "DOI", "isbn"]}, "value": DOI},
                            "required": ["propertyID", "value"],
                            "additionalProperties": False,
                        },
                    ]
                },
                "datePublished": {"anyOf": [DATE, {"type": "string", "pattern": "^[0-9]{4}(-[0-9]{2})?$"}]},
            },
            "additionalProperties": False,
        },
    ]
}
CONDITION = {
    "type": "object",
    "properties": {
        "@type": {"enum": ["MedicalCondition", "schema:MedicalCondition", "https://schema.org/MedicalCondition"]},
        "name": {"anyOf": [TEXT, {"type": "array", "items": TEXT, "maxItems": 2}]},
        "description": TEXT,
        "code": {"anyOf": [CODE, TEXT, {"type": "array", "items": {"anyOf": [CODE, TEXT]}, "maxItems": 2}]},
        "citation": {"type": "array", "items": CITATION, "maxItems": 2},
    },
    "required": ["@type"],
    "additionalProperties": False,
}
PAGE = {
    "type": "object",
    "properties": {
        "@context": {"enum": ["https://schema.org", "http://schema.org/", "https://example.org/ctx"]},
        "@type": {"enum": ["MedicalWebPage", "WebPage"]},
        "about": CONDITION,
        "lastReviewed": DATE,
        "dateModified": DATE,
        "reviewedBy": TEXT,
        "citation": {"type": "array", "items": CITATION, "maxItems": 3},
    },
    "required": ["@type"],
    "additionalProperties": False,
}

TRICKY: list[Any] = [
    "",
    " ",
    "\t",
    "x",
    "2023-02-29",
    "2024-02-29",
    "2024-13-01",
    "2024-00-10",
    "2024-01-01\n",
    "2024-1-1",
    "2024",
    "2024-05",
    "2024-05\n",
    "２０２４-01-01",
    "٢٠٢٤-01-01",
    "2024-05-01T10:30",
    "2024-05-01T10:30Z\n",
    "2024-05-01T24:00Z",
    "2024-05-01t10:30Z",
    "10.1234/x",
    "10.1234/x\n",
    "10.123/x",
    "10.1234/ x",
    "doi:10.1234/ok",
    "DOI:10.1234/ok",
    "https://doi.org/10.12/x",
    "http://dx.doi.org/10.1234/ok",
    "https://doi.org/10.1234/é",
    "doi:",
    "MedicalCondition",
    "MedicalWebPage",
    "https://schema.org",
    0,
    -1,
    1.5,
    10**30,
    True,
    False,
    None,
    [],
    {},
    [[]],
    {"@value": "2024-01-01"},
    {"@value": ""},
    {"@id": "#x"},
    {"@type": "MedicalCondition"},
    ["MedicalCondition", "Thing"],
    {"@type": "PropertyValue", "propertyID": "doi", "value": "10.1/x"},
]


@st.composite
def mutated(draw: st.DrawFn, base: st.SearchStrategy[Any]) -> Any:
    """A document from ``base`` with a few values replaced, removed or wrapped."""
    document = copy.deepcopy(draw(base))
    for _ in range(draw(st.integers(0, 3))):
        containers = list(_containers(document))
        if not containers:
            break
        parent, key = draw(st.sampled_from(containers))
        action = draw(st.sampled_from(["replace", "delete", "wrap", "text"]))
        if action == "delete" and isinstance(parent, dict):
            del parent[key]
        elif action == "wrap":
            parent[key] = [parent[key]]
        elif action == "text":
            parent[key] = draw(st.text(max_size=12))
        else:
            parent[key] = copy.deepcopy(draw(st.sampled_from(TRICKY)))
    return document


def _containers(value: Any) -> list[tuple[Any, Any]]:
    found: list[tuple[Any, Any]] = []
    stack = [value]
    while stack:
        node = stack.pop()
        items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
        for key, item in items:
            found.append((node, key))
            stack.append(item)
    return found


def _as_graph(document: dict[str, Any]) -> dict[str, Any]:
    nodes = [document]
    about = document.get("about")
    if isinstance(about, dict):
        document = dict(document, about={"@id": "#c"})
        nodes = [document, dict(about, **{"@id": "#c"})]
    return {"@context": "https://schema.org", "@graph": nodes}


DOCUMENTS = st.one_of(
    from_schema(PAGE),
    from_schema(PAGE).map(_as_graph),
    from_schema(CONDITION),
    st.just(page()),
    st.just(graph_page()),
)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(mutated(DOCUMENTS))
def test_engines_agree_on_generated_and_mutated_documents(document: Any) -> None:
    assert_engines_agree(document)
    assert_same_problems(document)


KEYS = st.sampled_from(
    [
        "@context",
        "@type",
        "@graph",
        "@id",
        "@value",
        "name",
        "code",
        "codeValue",
        "codingSystem",
        "about",
        "citation",
        "lastReviewed",
        "datePublished",
        "dateModified",
        "identifier",
        "propertyID",
        "value",
        "sameAs",
        "url",
        "description",
        "reviewedBy",
        "mainEntity",
    ]
)
SCALARS = st.one_of(
    st.sampled_from(TRICKY), st.text(max_size=10), st.integers(), st.floats(allow_nan=False, allow_infinity=False)
)
TREES = st.recursive(
    SCALARS, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(KEYS, inner, max_size=5), max_leaves=25
)


@SETTINGS
@given(TREES)
def test_engines_agree_on_random_json_ld_like_trees(document: Any) -> None:
    assert_engines_agree(document)
    assert_same_problems(document)


@pytest.mark.parametrize("value", TRICKY, ids=repr)
@pytest.mark.parametrize("where", ["lastReviewed", "datePublished", "sameAs", "name", "code", "about", "citation"])
def test_engines_agree_on_each_tricky_value(where: str, value: Any) -> None:
    document = page()
    target = document["about"] if where in ("name", "code") else document
    target[where] = value
    assert_engines_agree(document)
    assert_same_problems(document)
    assert_engines_agree(graph_page() | {"@graph": [dict(graph_page()["@graph"][0], **{where: value})]})


def test_the_harness_catches_a_schema_the_engines_read_differently() -> None:
    """Why the profile avoids ``$`` before a newline and ``\\d``: the engines disagree there."""
    naive = SchemaCheck({"pattern": "^[0-9]{4}$"}, fast=True)
    original = CHECKS[:]
    CHECKS[:] = [naive]
    try:
        with pytest.raises(AssertionError):
            assert_engines_agree("2024\n")
    finally:
        CHECKS[:] = original


def test_the_fast_path_cannot_fetch_a_ref() -> None:
    from fmevidence.validation.schema_check import _fast_validator

    with pytest.raises(Exception, match="refused"):
        _fast_validator({"$ref": "https://example.org/remote.schema.json"})
    validator = _fast_validator({"$ref": "urn:fmevidence:schema:medical-condition-page#/$defs/doi"})
    assert validator.is_valid("10.5555/x") and not validator.is_valid("11.1/x")


def test_a_doi_with_a_trailing_newline_is_one_problem_on_both_paths() -> None:
    """Found by the random run: Rust's regex rejects the newline that Python's ``$`` lets
    through, so the fast path saw the DOI rule fail twice at one place and reported it twice."""
    document = graph_page()
    document["@graph"][0]["citation"] = [
        {"@type": "ScholarlyArticle", "name": "A test article",
         "identifier": {"@type": "PropertyValue", "propertyID": "doi", "value": "10.1234/x\n"}}
    ]
    assert_same_problems(document)
    rules = [p.rule for check in TARGETED for p in check(document)]
    assert rules.count("profile.doi") == 1

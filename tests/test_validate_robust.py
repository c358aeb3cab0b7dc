"""Nothing a document contains makes the validator crash, hang or reach for the network."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import fmevidence
from fmevidence.validation.report import DocumentResult
from fmevidence.validation.runner import Checks, Options, build_checks, check_document
from validate_helpers import NetworkUsed, no_network, page  # noqa: F401 - autouse fixture

CHECKS: Checks = build_checks(Options(profile="medical-condition-page"))  # profile + vocabulary


def check(data: bytes | str) -> DocumentResult:
    result = check_document(CHECKS, data, file="x.json", line=None)
    assert isinstance(result, DocumentResult)
    assert all(problem.rule != "internal.error" for problem in result.problems), result.problems
    return result


def test_the_socket_ban_works(no_network: list[str]) -> None:  # noqa: F811 - the autouse fixture's attempts
    import socket

    def swallowing() -> None:
        with contextlib.suppress(Exception):  # what careless code under test might do
            socket.create_connection(("example.org", 80))

    with pytest.raises(NetworkUsed):
        swallowing()
    assert len(no_network) == 1
    no_network.clear()


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4),
    max_leaves=30,
)
TERMS = st.sampled_from(
    [
        "@context",
        "@type",
        "@id",
        "@graph",
        "@value",
        "@list",
        "@vocab",
        "@language",
        "@reverse",
        "@base",
        "name",
        "code",
        "about",
        "citation",
        "MedicalCondition",
        "MedicalWebPage",
        "lastReviewed",
        "sameAs",
        "schema:name",
        "http://schema.org/name",
        "identifier",
        "propertyID",
    ]
)
CONTEXTS = st.sampled_from(
    [
        "https://schema.org",
        "http://schema.org/",
        {"@vocab": "https://schema.org/"},
        "https://example.org/ctx.jsonld",
        "file:///etc/passwd",
        "data:application/ld+json,{}",
        {"@import": "https://example.org/c"},
        [None],
        {"schema": "https://schema.org/", "n": "schema:name"},
        {"@context": "https://schema.org"},
        5,
        None,
    ]
)
JSON_LD = st.recursive(
    st.none() | st.booleans() | st.integers() | TERMS | st.text(max_size=6),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TERMS, inner | CONTEXTS, max_size=5),
    max_leaves=30,
)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(JSON)
def test_random_json_gives_a_report(document: Any) -> None:
    check(json.dumps(document))


@SETTINGS
@given(JSON_LD, CONTEXTS)
def test_random_json_ld_gives_a_report(document: Any, context: Any) -> None:
    if isinstance(document, dict):
        document = {"@context": context, **document}
    check(json.dumps(document))


@SETTINGS
@given(st.binary(max_size=200))
def test_random_bytes_give_a_report(data: bytes) -> None:
    check(data)


@SETTINGS
@given(st.text(max_size=200))
def test_random_text_gives_a_report(text: str) -> None:
    check(text)


@pytest.mark.parametrize(
    "context",
    [
        "https://example.org/context.jsonld",
        "http://schema.org.evil.example/",
        "file:///etc/passwd",
        "data:application/ld+json,%7B%7D",
        ["https://schema.org", "https://example.org/more.jsonld"],
        {"@import": "https://example.org/base.jsonld"},
    ],
    ids=repr,
)
def test_remote_file_and_data_contexts_are_refused_not_fetched(context: Any) -> None:
    document = dict(page(), **{"@context": context})
    result = check(json.dumps(document))
    assert any(problem.rule.startswith(("jsonld.", "vocab.")) for problem in result.problems), result.problems


def test_a_context_that_loops_is_a_problem() -> None:
    document = {"@context": {"a": "b:x", "b": "a:y"}, "@type": "a:T", "b:p": 1}
    check(json.dumps(document))
    looping = {"@context": {"@vocab": "https://schema.org/", "x": {"@id": "x"}}, "@type": "MedicalCondition", "x": 1}
    check(json.dumps(looping))


def test_remote_ref_inside_a_document_is_just_data() -> None:
    check(json.dumps({"$ref": "https://example.org/schema.json", "@type": "MedicalCondition"}))


def test_deep_json_ld_is_a_problem_not_a_crash() -> None:
    deep = '{"@context": "https://schema.org", "@type": "MedicalCondition", "about": ' + "[" * 950 + "]" * 950 + "}"
    result = check(deep)
    assert result.problems
    check("[" * 100_000 + "]" * 100_000)
    check('{"a":' * 100_000 + "1" + "}" * 100_000)


def test_the_whole_pipeline_over_hostile_files(tmp_path: Path) -> None:
    hostile = {
        "bom.json": b"\xef\xbb\xbf{}",
        "utf8.json": b'{"a": "\xff\xfe"}',
        "nan.json": b'{"a": NaN}',
        "dup.json": b'{"a": 1, "a": 2}',
        "deep.json": b"[" * 100_000,
        "trunc.json": b'{"@context": "https://schema.org", "@type": "Medical',
        "remote.json": json.dumps({"@context": "https://example.org/c.jsonld", "@type": "X"}).encode(),
        "page.html": b'<script type="application/ld+json">{"@context": "file:///etc/passwd"}</script><script type="application/ld+json">',
        "rows.jsonl": b'{"@context": "data:,x"}\n\xff\n[1,\n',
        "zz-good.json": json.dumps(page()).encode(),
    }
    for name, data in hostile.items():
        (tmp_path / name).write_bytes(data)
    report = fmevidence.validate(tmp_path, profile="medical-condition-page")
    files = {Path(result.file).name for result in report.results}
    assert files == set(hostile) - {"zz-good.json"}
    assert report.summary.documents == 12  # the page's second, empty script is a warning, not a document
    assert "html.empty-script" in {problem.rule for problem in report.problems}
    assert not any(problem.rule == "internal.error" for problem in report.problems)

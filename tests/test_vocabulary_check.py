"""The schema.org vocabulary check: official examples pass, seeded faults are caught, no network."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from conftest import need
from fmevidence.validation.report import Problem, Severity
from fmevidence.validation.vocab_check import check_vocabulary, check_vocabulary_expanded
from fmevidence.validation.vocab_walk import MAX_DEPTH
from fmevidence.validation.vocabulary import default_vocabulary
from vocabulary_helpers import (
    EXAMPLES,
    MEDICAL_CONDITION,
    RELEASE,
    disable_sockets,
    example_documents,
    health_terms,
    is_health_example,
)

Check = Callable[[Any], list[Problem]]
BOTH_PATHS = pytest.mark.parametrize("check", [check_vocabulary, check_vocabulary_expanded], ids=["fast", "pyld"])


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    disable_sockets(monkeypatch)


def test_the_network_is_really_off() -> None:
    import socket
    import urllib.request

    from network_ban import NetworkUsed

    with pytest.raises(NetworkUsed):
        urllib.request.urlopen("http://schema.org/", timeout=1)
    with socket.socket() as sock, pytest.raises(NetworkUsed):
        sock.connect(("127.0.0.1", 9))
    assert not issubclass(NetworkUsed, Exception)  # `except Exception` in the code under test cannot swallow it


def _health_examples() -> list[Any]:
    if not EXAMPLES.exists() or not RELEASE.exists():
        return [pytest.param(None, id="examples-missing")]
    health = health_terms()
    vocabulary = default_vocabulary()
    return [
        pytest.param(document, id=example_id)
        for example_id, types, document in example_documents()
        if is_health_example(types, health, vocabulary)
    ]


HEALTH_EXAMPLES = _health_examples()


def test_the_health_examples_are_found() -> None:
    need(EXAMPLES)
    ids = {param.id for param in HEALTH_EXAMPLES}
    assert len(ids) >= 20
    assert {"#eg-0222-0", "#eg-0223-0", "#eg-0224-0", "#eg-0225-0", "#eg-0481-0"} <= ids


@pytest.mark.parametrize("document", HEALTH_EXAMPLES)
@BOTH_PATHS
def test_official_health_examples_have_no_errors(document: Any, check: Check) -> None:
    need(EXAMPLES)
    errors = [p for p in check(document) if p.severity is Severity.ERROR]
    assert errors == []


def _only(problems: list[Problem], rule: str) -> Problem:
    matching = [p for p in problems if p.rule == rule]
    assert len(matching) == 1, problems
    return matching[0]


def _seeded(change: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    document = copy.deepcopy(MEDICAL_CONDITION)
    change(document)
    return document


@BOTH_PATHS
def test_valid_document_has_no_problems(check: Check) -> None:
    assert check(MEDICAL_CONDITION) == []


@BOTH_PATHS
def test_unknown_type(check: Check) -> None:
    problems = check(_seeded(lambda d: d["signOrSymptom"][1].update({"@type": "MedicalSymptm"})))
    problem = _only(problems, "vocab.unknown-type")
    assert problem.severity is Severity.ERROR
    assert problem.pointer == "/signOrSymptom/1/@type"
    assert "'MedicalSymptm'" in problem.message and "did you mean" in problem.message
    assert "'MedicalSymptom'" in problem.message.split("did you mean")[1]
    assert [p.rule for p in problems] == ["vocab.unknown-type"]


@BOTH_PATHS
def test_unknown_property_with_near_miss(check: Check) -> None:
    problems = check(_seeded(lambda d: d.update({"possibleTreatmnt": d.pop("possibleTreatment")})))
    problem = _only(problems, "vocab.unknown-property")
    assert problem.severity is Severity.ERROR
    assert problem.pointer == "/possibleTreatmnt"
    assert "did you mean 'possibleTreatment'?" in problem.message
    assert len(problems) == 1


@BOTH_PATHS
def test_property_on_the_wrong_type(check: Check) -> None:
    problems = check(_seeded(lambda d: d.update({"dosageForm": "tablet"})))
    problem = _only(problems, "vocab.property-not-on-type")
    assert problem.severity is Severity.ERROR
    assert problem.pointer == "/dosageForm"
    assert "'MedicalCondition'" in problem.message and "'Drug'" in problem.message
    assert len(problems) == 1


@BOTH_PATHS
def test_wrong_value_type_entity(check: Check) -> None:
    problems = check(_seeded(lambda d: d["code"].append({"@type": "Person", "name": "Dr X"})))
    problem = _only(problems, "vocab.range-mismatch")
    assert problem.severity is Severity.ERROR
    assert problem.pointer == "/code/2"
    assert "'MedicalCode'" in problem.message and "'Person'" in problem.message


@BOTH_PATHS
def test_wrong_value_type_datatype(check: Check) -> None:
    problems = check(_seeded(lambda d: d["possibleTreatment"].update({"isProprietary": "perhaps"})))
    problem = _only(problems, "vocab.range-mismatch")
    assert problem.pointer == "/possibleTreatment/isProprietary"
    assert "'Boolean'" in problem.message and "'perhaps'" in problem.message


@BOTH_PATHS
def test_number_where_an_entity_is_expected_is_judged_like_text(check: Check) -> None:
    # schema.org's data model: text (and numbers) where an entity is expected are accepted.
    number = _only(check(_seeded(lambda d: d.update({"possibleTreatment": 42}))), "vocab.text-for-entity")
    text = _only(check(_seeded(lambda d: d.update({"possibleTreatment": "42"}))), "vocab.text-for-entity")
    assert number.severity is text.severity is Severity.WARNING
    assert number.pointer == text.pointer == "/possibleTreatment" and "number 42" in number.message


@BOTH_PATHS
def test_text_where_an_entity_is_expected_is_a_warning(check: Check) -> None:
    problems = check(_seeded(lambda d: d.update({"possibleTreatment": "duloxetine"})))
    problem = _only(problems, "vocab.text-for-entity")
    assert problem.severity is Severity.WARNING
    assert problem.pointer == "/possibleTreatment"
    assert all(p.severity is Severity.WARNING for p in problems)


@BOTH_PATHS
def test_superseded_term_names_its_replacement(check: Check) -> None:
    document = {"@context": "https://schema.org", "@type": "TVSeries", "name": "X", "episodes": []}
    problem = _only(check(document), "vocab.superseded")
    assert problem.severity is Severity.WARNING
    assert problem.pointer == "/episodes"
    assert "'episodes'" in problem.message and "use 'episode'" in problem.message


@BOTH_PATHS
def test_enumeration_members_fit_their_enumeration(check: Check) -> None:
    drug = {"@context": "https://schema.org", "@type": "Drug", "name": "X"}
    assert check({**drug, "prescriptionStatus": "https://schema.org/OTC"}) == []
    assert check({**drug, "prescriptionStatus": {"@id": "https://schema.org/OTC"}}) == []
    wrong = check({**drug, "prescriptionStatus": {"@id": "http://schema.org/Monday"}})
    assert _only(wrong, "vocab.range-mismatch").pointer == "/prescriptionStatus"


@BOTH_PATHS
def test_role_stands_in_for_an_entity(check: Check) -> None:
    document = {
        "@context": "https://schema.org",
        "@type": "MedicalScholarlyArticle",
        "author": {"@type": "Role", "roleName": "lead", "author": {"@type": "Person", "name": "A"}},
    }
    assert check(document) == []


@BOTH_PATHS
def test_nothing_is_a_schema_org_type_when_it_is_not(check: Check) -> None:
    problem = _only(check({"@context": "https://schema.org", "@type": "name"}), "vocab.unknown-type")
    assert "is a property, not a type" in problem.message
    problem = _only(check({"@context": "https://schema.org", "@type": "Thing", "Drug": "x"}), "vocab.unknown-property")
    assert "is a type, not a property" in problem.message


# -- the general path: contexts that need processing -----------------------------------------


def test_graph_aliases_and_prefixes_are_expanded() -> None:
    document = {
        "@context": [
            "https://schema.org",
            {"kind": "@type", "s": "https://schema.org/", "label": "s:name", "treat": "s:possibleTreatment"},
        ],
        "@graph": [
            {"kind": "MedicalCondition", "label": "FM", "treat": {"kind": "s:Drugg"}},
            {"kind": "s:Drug", "s:nmae": "x", "s:isProprietary": 3},
        ],
    }
    problems = check_vocabulary(document)
    assert [(p.rule, p.pointer) for p in problems] == [
        ("vocab.unknown-type", "/@graph/0/treat/kind"),
        ("vocab.unknown-property", "/@graph/1/s:nmae"),
        ("vocab.range-mismatch", "/@graph/1/s:isProprietary"),
    ]


def test_http_and_https_schema_org_iris_are_both_schema_org() -> None:
    document = {
        "@context": {"@vocab": "https://schema.org/"},
        "@type": "http://schema.org/MedicalCondition",
        "https://schema.org/name": "FM",
        "http://schema.org/dosageForm": "x",
    }
    problems = check_vocabulary(document)
    assert [(p.rule, p.pointer) for p in problems] == [
        ("vocab.property-not-on-type", "/http:~1~1schema.org~1dosageForm")
    ]


def test_nested_context_changes_terms_below_it() -> None:
    document = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "about": {"@context": {"@vocab": "http://example.org/"}, "@type": "Thing", "whatever": 1},
    }
    problems = check_vocabulary(document)
    assert {(p.rule, p.pointer) for p in problems} == {
        ("vocab.not-schema-org", "/about/@type"),
        ("vocab.not-schema-org", "/about/whatever"),
    }
    assert all(p.severity is Severity.WARNING for p in problems)


@pytest.mark.parametrize(
    "context",
    [
        "https://example.org/context.jsonld",
        "file:///etc/passwd",
        "data:application/ld+json,{}",
        "http://localhost:8080/context",
    ],
)
def test_contexts_other_than_schema_org_are_refused(context: str) -> None:
    document = {"@context": ["https://schema.org", context], "@type": "Thing"}
    problems = check_vocabulary(document)
    assert [(p.rule, p.pointer) for p in problems] == [("jsonld.context-refused", "/@context/1")]
    assert context in problems[0].message


def test_scoped_remote_context_is_refused() -> None:
    document = {"@context": ["https://schema.org", {"about": {"@context": "https://evil.example/"}}], "about": {}}
    assert [p.rule for p in check_vocabulary(document)] == ["jsonld.context-refused"]


def test_cyclic_context_is_invalid_json_ld() -> None:
    document = {"@context": {"a": "b:x", "b": "a:y"}, "a": 1}
    problems = check_vocabulary(document)
    assert [p.rule for p in problems] == ["jsonld.invalid"]
    assert "cyclic" in problems[0].message


def test_schema_org_extension_hosts_are_the_schema_org_context() -> None:
    document = {"@context": "http://health-lifesci.schema.org/", "@type": "Drug", "nmae": "x"}
    assert [p.rule for p in check_vocabulary(document)] == ["vocab.unknown-property"]


def test_missing_context_is_reported() -> None:
    problems = check_vocabulary({"@type": "Drug", "name": "x"})
    assert [(p.rule, p.pointer) for p in problems] == [
        ("vocab.not-schema-org", "/@type"),
        ("jsonld.dropped-term", "/name"),
    ]
    assert "no @context" in problems[0].message


@pytest.mark.parametrize("document", ["text", 3, None, True])
def test_a_scalar_is_not_a_json_ld_document(document: Any) -> None:
    assert [p.rule for p in check_vocabulary(document)] == ["jsonld.invalid"]


@BOTH_PATHS
def test_deep_nesting_is_reported_not_a_crash(check: Check) -> None:
    document: dict[str, Any] = {"@type": "Thing"}
    for _ in range(MAX_DEPTH + 5):
        document = {"@type": "Thing", "subjectOf": document}
    document["@context"] = "https://schema.org"
    assert [p.rule for p in check(document)] == ["jsonld.too-deep"]


def test_very_deep_nesting_is_reported_not_a_crash() -> None:
    document: Any = []
    for _ in range(50_000):
        document = [document]
    assert [p.rule for p in check_vocabulary(document)] == ["jsonld.too-deep"]


def test_problems_are_in_document_order() -> None:
    document = {
        "@context": "https://schema.org",
        "zzz": 1,
        "@type": "Drug",
        "aaa": 2,
    }
    problems = check_vocabulary_expanded(document)
    assert [p.pointer for p in problems] == ["/zzz", "/aaa"]
    assert problems == check_vocabulary(document)


def test_an_explicit_vocabulary_is_used(tmp_path: Any) -> None:
    from fmevidence.validation.vocabulary import Vocabulary

    tiny = Vocabulary({"Thing": ()}, (), {"name": ((), ())}, {}, {})
    problems = check_vocabulary({"@context": "https://schema.org", "@type": "Drug", "name": "x"}, tiny)
    assert [p.rule for p in problems] == ["vocab.unknown-type"]


# -- the project's own exports ----------------------------------------------------------------


@pytest.mark.parametrize("graph", [False, True], ids=["tree", "graph"])
@pytest.mark.parametrize("with_page", [False, True], ids=["condition", "page"])
def test_own_exports_pass_on_the_fast_path(graph: bool, with_page: bool) -> None:
    import fmevidence
    from fmevidence.jsonld.export import PageOptions, export_jsonld
    from fmevidence.validation.vocab_check import check_vocabulary_plain

    page = (
        PageOptions(url="https://example.org/fm", name="Fibromyalgia", last_reviewed="2025-01-31")
        if with_page
        else None
    )
    document = export_jsonld(fmevidence.load(), page=page, graph=graph)
    fast = check_vocabulary_plain(document)
    assert fast is not None, "exports use only the plain schema.org context"
    assert [p for p in fast if p.severity is Severity.ERROR] == []
    assert fast == check_vocabulary_expanded(document)


_FEATURES = [
    (
        {"codes": {"@id": "code", "@container": "@index"}},
        {"@type": "MedicalCondition", "codes": {"icd": {"@type": "Person"}, "other": "M79.7"}},
        [("vocab.text-for-entity", "/codes"), ("vocab.range-mismatch", "/codes/icd")],
    ),
    (
        {"sym": {"@id": "signOrSymptom", "@container": "@type"}},
        {"@type": "MedicalCondition", "sym": {"MedicalSymptom": {"name": "pain"}, "MedicalSymptm": {"name": "x"}}},
        [("vocab.unknown-type", "/sym/MedicalSymptm")],
    ),
    (
        {"nm": {"@id": "name", "@container": "@language"}},
        {"@type": "Drug", "nm": {"en": "x", "de": "y"}, "nmae": "z"},
        [("vocab.unknown-property", "/nmae")],
    ),
    (
        {},
        {"@type": "Drug", "@reverse": {"possibleTreatment": {"@type": "MedicalCondition", "nmae": "FM"}}},
        [("vocab.unknown-property", "/@reverse/possibleTreatment/nmae")],
    ),
    ({}, {"@type": "Drug", "@included": [{"@type": "Persn"}]}, [("vocab.unknown-type", "/@included/0/@type")]),
    (
        {},
        {"@type": "MedicalCondition", "signOrSymptom": {"@list": [{"@type": "MedicalSymptom"}, {"@type": "Person"}]}},
        [("vocab.range-mismatch", "/signOrSymptom/@list/1")],
    ),
    (
        {},
        {"@type": "Drug", "isProprietary": {"@value": "maybe"}, "name": {"@value": "x", "@language": "en"}},
        [("vocab.range-mismatch", "/isProprietary")],
    ),
    ({"v": "@value"}, {"@type": "Drug", "isProprietary": {"v": 3}}, [("vocab.range-mismatch", "/isProprietary")]),
    (
        {"treat": "possibleTreatment"},
        {"@type": "MedicalCondition", "treat": [{"@type": "Person"}]},
        [("vocab.range-mismatch", "/treat/0")],
    ),
]


@pytest.mark.parametrize(("context", "body", "expected"), _FEATURES)
def test_json_ld_features_are_checked_with_pointers_as_written(
    context: dict[str, Any], body: dict[str, Any], expected: list[tuple[str, str]]
) -> None:
    document = {"@context": ["https://schema.org", context] if context else "https://schema.org", **body}
    assert [(p.rule, p.pointer) for p in check_vocabulary(document)] == expected


def test_the_fast_path_does_not_even_import_pyld() -> None:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from fmevidence.validation.vocab_check import check_vocabulary\n"
        "problems = check_vocabulary({'@context': 'https://schema.org', '@type': 'Drug', 'nmae': 'x'})\n"
        "assert [p.rule for p in problems] == ['vocab.unknown-property'], problems\n"
        "print(sorted(m for m in ('pyld', 'jsonschema', 'cattrs', 'requests') if m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_keys_no_context_maps_are_reported_as_dropped() -> None:
    document = {"@context": {"name": "https://schema.org/name"}, "name": "x", "typo": "y"}
    problems = check_vocabulary(document)
    assert [(p.rule, p.severity, p.pointer) for p in problems] == [("jsonld.dropped-term", Severity.WARNING, "/typo")]
    nested = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "about": {"@context": None, "nmae": "x"},
    }
    assert [(p.rule, p.pointer) for p in check_vocabulary(nested)] == [("jsonld.dropped-term", "/about/nmae")]


@BOTH_PATHS
def test_superseded_enumeration_values_name_their_replacement(check: Check) -> None:
    for value in ("https://schema.org/Dermatologic", {"@id": "http://schema.org/Dermatologic"}, "Dermatologic"):
        document = {**MEDICAL_CONDITION, "relevantSpecialty": value}
        problem = _only(check(document), "vocab.superseded")
        assert problem.pointer == "/relevantSpecialty"
        assert "'Dermatologic'" in problem.message and "'Dermatology'" in problem.message

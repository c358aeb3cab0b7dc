"""The fast path and the pyld path report the same problems; neither ever raises.

Generated schema.org-ish documents (real terms, near misses, superseded terms, every kind of
value) must take the fast path and give exactly what expansion gives; the official examples
too. Random JSON and random JSON-LD (keywords, contexts, containers) only ever yield problems.
"""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conftest import need
from fmevidence.validation.report import Problem
from fmevidence.validation.vocab_check import (
    check_vocabulary,
    check_vocabulary_expanded,
    check_vocabulary_plain,
)
from fmevidence.validation.vocab_walk import PLAIN_CONTEXTS
from fmevidence.validation.vocabulary import default_vocabulary
from vocabulary_helpers import EXAMPLES, MEDICAL_CONDITION, disable_sockets, example_documents

VOCABULARY = default_vocabulary()
_MEDICAL = sorted(c for c in VOCABULARY.classes if VOCABULARY.is_subclass(c, "MedicalEntity"))
CLASSES = [*_MEDICAL[:60], "Thing", "Person", "Organization", "MedicalWebPage", "Role", "Text", "TVSeries"]
_NEARBY = {p for p in VOCABULARY.properties if VOCABULARY.allowed_on(p, ["MedicalCondition", "Drug", "MedicalWebPage"])}
_COERCED = ["url", "sameAs", "isPartOf", "datePublished", "lastReviewed", "guidelineDate", "relevantSpecialty"]
PROPERTIES = [
    *sorted(_NEARBY)[:150],
    "author",
    "episodes",
    "dosageForm",
    "isProprietary",
    "prescriptionStatus",
    *_COERCED,
]
SUPERSEDED = sorted(VOCABULARY.superseded_by)[:10]
MEMBERS = ["Monday", "OTC", "PrescriptionOnly", "True", "False", "InStock", "Dermatologic", "Dermatology"]

settings.register_profile("vocabulary", deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    disable_sockets(monkeypatch)


def _pick(items: Any) -> st.SearchStrategy[Any]:
    """``st.sampled_from`` with a short repr: hypothesis builds the repr of the whole recursive
    strategy (every item of every list) and warns when it runs to tens of kB."""
    choices = tuple(items)
    return st.integers(0, len(choices) - 1).map(choices.__getitem__)


def _typo(word: str) -> st.SearchStrategy[str]:
    return st.integers(0, max(len(word) - 1, 0)).map(lambda i: word[:i] + word[i + 1 :] or "x")


class_names = st.one_of(_pick(CLASSES), _pick(CLASSES).flatmap(_typo), _pick(MEMBERS))
property_names = st.one_of(
    _pick(PROPERTIES),
    _pick(PROPERTIES).flatmap(_typo),
    _pick(SUPERSEDED),
    _pick(CLASSES[:5]),
)
texts = st.one_of(
    st.text(max_size=8),
    _pick(["true", "False", "4.5", " 12 ", "1e3", "https://example.org/x", "P1D", "2020-01-01"]),
    _pick(MEMBERS).map(lambda m: f"https://schema.org/{m}"),
    _pick(MEMBERS).map(lambda m: f"http://schema.org/{m}"),
    _pick(MEMBERS),
)
scalars = st.one_of(
    texts,
    st.booleans(),
    st.integers(-5, 5),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.none(),
)
ids = st.one_of(
    texts,
    _pick(MEMBERS).map(lambda m: f"https://schema.org/{m}"),
    _pick(MEMBERS).map(lambda m: f"schema:{m}"),
    _pick(["schema://x", "schema:", "_:b0", "urn:x:1"]),
)


def _nodes(children: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    properties = st.dictionaries(property_names, children, max_size=4)
    types = st.one_of(class_names, st.lists(class_names, max_size=3))
    return st.tuples(
        properties,
        _pick(["@type", "type", None]),
        types,
        _pick(["@id", "id", None]),
        ids,
        st.one_of(st.none(), _pick(sorted(PLAIN_CONTEXTS))),
    ).map(_assemble)


def _assemble(parts: tuple[Any, ...]) -> dict[str, Any]:
    properties, type_key, types, id_key, iri, context = parts
    node: dict[str, Any] = {}
    if context is not None:
        node["@context"] = context
    if type_key is not None:
        node[type_key] = types
    if id_key is not None:
        node[id_key] = iri
    node.update(properties)
    return node


def _flat(items: list[Any]) -> bool:
    return not any(isinstance(item, list) for item in items)


values = st.recursive(
    scalars,
    lambda children: st.one_of(_nodes(children), st.lists(children, max_size=3).filter(_flat)),
    max_leaves=12,
)


def _top(node: dict[str, Any], context: str) -> dict[str, Any]:
    return {"@context": context, **{k: v for k, v in node.items() if k != "@context"}}


contexts = st.one_of(
    _pick(sorted(PLAIN_CONTEXTS)), _pick(sorted(PLAIN_CONTEXTS)).map(lambda c: [c])
)
plain_documents = st.one_of(
    st.tuples(_nodes(values), contexts).map(lambda t: _top(*t)),
    st.tuples(st.lists(_nodes(values), max_size=3), contexts).map(
        lambda t: {"@context": t[1], "@graph": [{k: v for k, v in n.items() if k != "@context"} for n in t[0]]}
    ),
    st.lists(st.tuples(_nodes(values), contexts).map(lambda t: _top(*t)), max_size=3),
)


def _key(problems: list[Problem]) -> list[tuple[str, str, str, str]]:
    return [(p.rule, str(p.severity), p.pointer, p.message) for p in problems]


@settings(settings.get_profile("vocabulary"), max_examples=300)
@given(plain_documents)
@example({"@context": "http://schema.org", "@type": "Drug", "abstract": {"@id": "", "@type": []}})
@example({"@context": "http://schema.org", "@type": "Drug", "abstract": {"@id": "", "about": None}})
@example({"@context": "https://schema.org", "@type": "Drug", "name": [None], "about": None, "abstract": []})
def test_fast_path_and_pyld_path_agree(document: Any) -> None:
    fast = check_vocabulary_plain(document)
    assert fast is not None, "a plain schema.org document must take the fast path"
    assert _key(fast) == _key(check_vocabulary_expanded(document))
    assert check_vocabulary(document) == fast


def test_compact_ids_with_other_prefixes_take_the_pyld_path() -> None:
    document = {"@context": "http://schema.org", "@type": "Article", "abstract": {"@id": "rdf:type"}}
    assert check_vocabulary_plain(document) is None
    problems = check_vocabulary(document)
    assert [p.rule for p in problems] == ["vocab.range-mismatch"]
    assert "http://www.w3.org/1999/02/22-rdf-syntax-ns#type" in problems[0].message


def test_the_seeded_documents_take_the_fast_path() -> None:
    assert check_vocabulary_plain(MEDICAL_CONDITION) == []
    assert check_vocabulary_plain({**MEDICAL_CONDITION, "@context": {"@vocab": "https://schema.org/"}}) is None
    assert check_vocabulary_plain({**MEDICAL_CONDITION, "s:name": "x"}) is None
    assert check_vocabulary_plain({**MEDICAL_CONDITION, "name": {"@value": "x"}}) is None
    assert check_vocabulary_plain({**MEDICAL_CONDITION, "HTML": "x"}) is None


def test_official_examples_agree_on_both_paths() -> None:
    need(EXAMPLES)
    fast_taken = 0
    for example_id, _, document in example_documents():
        expected = _key(check_vocabulary_expanded(document))
        fast = check_vocabulary_plain(document)
        if fast is not None:
            fast_taken += 1
            assert _key(fast) == expected, example_id
        assert _key(check_vocabulary(document)) == expected, example_id
    assert fast_taken >= 300  # most official examples use the plain context


# -- never raises ---------------------------------------------------------------------------

json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=6)),
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(st.text(max_size=6), children, max_size=4)
    ),
    max_leaves=20,
)

keywords = _pick(
    [
        "@context",
        "@type",
        "@id",
        "@graph",
        "@value",
        "@language",
        "@list",
        "@set",
        "@reverse",
        "@nest",
        "@included",
        "@index",
        "@vocab",
        "@base",
        "@container",
        "@json",
        "@none",
        "type",
        "id",
        "name",
    ]
)
jsonld_contexts = st.one_of(
    _pick(
        [
            "https://schema.org",
            "http://schema.org/",
            "https://example.org/ctx",
            "file:///etc/passwd",
            "data:application/ld+json,{}",
            "",
            "relative.jsonld",
        ]
    ),
    st.dictionaries(
        st.one_of(keywords, st.text(max_size=4)),
        st.one_of(
            _pick(["@type", "@id", "https://schema.org/", "s:name", "@vocab", "@list", "@language"]),
            st.dictionaries(keywords, _pick(["@id", "@list", "@set", "@index", "en", "s:x"]), max_size=3),
            st.none(),
        ),
        max_size=4,
    ),
)
jsonld_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-3, 3), st.text(max_size=6), _pick(CLASSES[:5])),
    lambda children: st.one_of(
        st.lists(children, max_size=3),
        st.dictionaries(
            st.one_of(keywords, _pick(PROPERTIES[:20]), st.text(max_size=4)),
            st.one_of(children, jsonld_contexts),
            max_size=4,
        ),
    ),
    max_leaves=15,
)


def _assert_only_problems(document: Any) -> None:
    for check in (check_vocabulary, check_vocabulary_expanded):
        problems = check(document)
        assert isinstance(problems, list)
        assert all(isinstance(p, Problem) for p in problems)
        assert not [p for p in problems if p.rule == "vocab.internal-error"], problems


@settings(settings.get_profile("vocabulary"), max_examples=200)
@given(json_values)
def test_random_json_only_yields_problems(document: Any) -> None:
    _assert_only_problems(document)


@settings(settings.get_profile("vocabulary"), max_examples=300)
@given(jsonld_values, jsonld_contexts)
def test_random_json_ld_only_yields_problems(document: Any, context: Any) -> None:
    _assert_only_problems(document)
    if isinstance(document, dict):
        _assert_only_problems({"@context": context, **document})


@pytest.mark.parametrize("number", [math.nan, math.inf, -math.inf, 10**400])
def test_odd_numbers_are_checked_not_crashed_on(number: Any) -> None:
    document = {**MEDICAL_CONDITION, "possibleTreatment": number, "name": number}
    assert _key(check_vocabulary(document)) == _key(check_vocabulary_expanded(document))


def test_documents_survive_a_json_round_trip_unchanged() -> None:
    # the check must not mutate its input (pyld is given a marked copy)
    document = json.loads(json.dumps(MEDICAL_CONDITION))
    check_vocabulary_expanded(document)
    check_vocabulary(document)
    assert document == MEDICAL_CONDITION

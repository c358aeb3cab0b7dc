"""Fixtures for the validation tests: sample pages, a socket ban, and check shortcuts.

The sample documents are test fixtures, not medical facts: the condition name and its
ICD-10 code come from the project's dataset, cited works use the 10.5555 test DOI prefix.
"""

from __future__ import annotations

import copy
from typing import Any

from fmevidence.validation.report import Problem, Severity
from fmevidence.validation.runner import Checks, Options, build_checks
from network_ban import NetworkUsed as NetworkUsed  # re-exported for the validate tests
from network_ban import no_network as no_network  # re-exported: autouse fixture

PROFILE = "medical-condition-page"

CONDITION: dict[str, Any] = {
    "@type": "MedicalCondition",
    "@id": "https://example.org/fm#condition",
    "name": "Fibromyalgia",
    "alternateName": ["FM", "fibromyalgia syndrome"],
    "description": "A chronic condition of widespread pain with fatigue and unrefreshing sleep.",
    "code": [{"@type": "MedicalCode", "codeValue": "M79.7", "codingSystem": "ICD-10"}],
}

PAGE: dict[str, Any] = {
    "@context": "https://schema.org",
    "@type": "MedicalWebPage",
    "@id": "https://example.org/fm",
    "url": "https://example.org/fm",
    "name": "Fibromyalgia: the evidence",
    "lastReviewed": "2024-05-01",
    "datePublished": "2023",
    "dateModified": "2024-05-01T10:30:00Z",
    "reviewedBy": {"@type": "Person", "name": "A Reviewer"},
    "about": CONDITION,
    "citation": [
        {
            "@type": "ScholarlyArticle",
            "name": "A test article",
            "identifier": {"@type": "PropertyValue", "propertyID": "doi", "value": "10.5555/test.0001"},
            "sameAs": "https://doi.org/10.5555/test.0001",
        },
        {"@type": "WebPage", "name": "A test page", "url": "https://example.org/page"},
        "Test Author. A test book. https://example.org/book",
    ],
}


def page() -> dict[str, Any]:
    """A fresh valid page (tree shape) that the tests may change."""
    return copy.deepcopy(PAGE)


def graph_page() -> dict[str, Any]:
    """The same page in @graph shape: flat nodes linked by @id."""
    tree = page()
    condition = tree.pop("about")
    tree.pop("@context")
    tree["about"] = {"@id": condition["@id"]}
    return {"@context": "https://schema.org", "@graph": [tree, condition]}


_CHECKS: dict[bool, Checks] = {}


def profile_checks(*, fast: bool = True) -> Checks:
    """The profile's compiled checks (no vocabulary), built once per test session."""
    if fast not in _CHECKS:
        _CHECKS[fast] = build_checks(Options(profile=PROFILE, vocabulary=False, fast=fast))
    return _CHECKS[fast]


def profile_problems(document: Any, *, fast: bool = True) -> list[Problem]:
    """Every profile problem of ``document``."""
    return [problem for check in profile_checks(fast=fast).checks for problem in check(document)]


def errors(problems: list[Problem]) -> list[Problem]:
    return [problem for problem in problems if problem.severity is Severity.ERROR]


def rules(problems: list[Problem]) -> set[str]:
    return {problem.rule for problem in problems}

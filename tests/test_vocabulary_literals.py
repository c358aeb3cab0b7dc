"""schema.org's leniency and literal data types, on both vocabulary paths (issue 10, item 1).

Rules from the schema.org data model (https://schema.org/docs/datamodel.html): text where
an entity or quantity is expected is accepted, and a number is judged as the text it is
written as; literal values must read as one of the data types the property allows.
"""

from __future__ import annotations

from typing import Any

import pytest

from fmevidence.validation import vocab_literals as literals
from fmevidence.validation.report import Problem, Severity
from fmevidence.validation.vocab_check import check_vocabulary, check_vocabulary_expanded

CONTEXT = "https://schema.org"


def _both(document: dict[str, Any]) -> list[Problem]:
    """The problems of ``document``, after checking that both paths report exactly the same."""
    fast = check_vocabulary(document)
    assert [(p.rule, p.severity, p.pointer, p.message) for p in fast] == [
        (p.rule, p.severity, p.pointer, p.message) for p in check_vocabulary_expanded(document)
    ]
    return fast


def _doc(kind: str, **properties: Any) -> dict[str, Any]:
    return {"@context": CONTEXT, "@type": kind, **properties}


def _rules(problems: list[Problem]) -> list[tuple[str, Severity, str]]:
    return [(p.rule, p.severity, p.pointer) for p in problems]


# -- numbers and text where an entity or a quantity is expected --------------------------------


@pytest.mark.parametrize(
    ("kind", "prop", "number", "text", "form"),
    [
        ("ImageObject", "width", 600, "600", "'600 px'"),
        ("NutritionInformation", "calories", 250, "250", "'250 calories'"),
        ("Recipe", "cookTime", 30, "30", "'PT30M'"),
        ("Product", "weight", 7, "7", "'7 kg'"),
    ],
)
def test_a_number_for_a_quantity_is_judged_like_its_text(
    kind: str, prop: str, number: int, text: str, form: str
) -> None:
    as_number = _both(_doc(kind, **{prop: number}))
    as_text = _both(_doc(kind, **{prop: text}))
    assert _rules(as_number) == _rules(as_text) == [("vocab.text-for-entity", Severity.WARNING, f"/{prop}")]
    assert form in as_number[0].message and form in as_text[0].message


@pytest.mark.parametrize(
    ("kind", "prop", "value"),
    [
        ("ImageObject", "width", "600 px"),
        ("NutritionInformation", "calories", "250 calories"),
        ("Recipe", "cookTime", "PT1H30M"),
        ("Recipe", "recipeYield", 4),
        ("Recipe", "recipeYield", "4 servings"),
        ("PostalAddress", "postalCode", 94043),
        ("Rating", "ratingValue", "4.5"),
    ],
)
def test_the_precise_text_form_and_numbers_for_text_are_accepted(kind: str, prop: str, value: Any) -> None:
    assert _both(_doc(kind, **{prop: value})) == []


# -- literal data types --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("prop", "value", "expected"),
    [
        ("lastReviewed", "last Tuesday", "an ISO 8601 date"),
        ("lastReviewed", "2024-02-30", "an ISO 8601 date"),
        ("lastReviewed", "05/31/2024", "an ISO 8601 date"),
        ("isAccessibleForFree", "yes", "true or false"),
        ("sameAs", "our Facebook page", "a URL"),
        ("numberOfPages", "twelve", "an integer"),
    ],
)
def test_a_literal_that_reads_as_no_allowed_datatype_is_an_error(prop: str, value: str, expected: str) -> None:
    kind = {"numberOfPages": "Book", "lastReviewed": "WebPage"}.get(prop, "WebPage")
    problems = _both(_doc(kind, **{prop: value}))
    assert _rules(problems) == [("vocab.range-mismatch", Severity.ERROR, f"/{prop}")]
    assert expected in problems[0].message and repr(value) in problems[0].message


@pytest.mark.parametrize(
    ("prop", "value"),
    [
        ("lastReviewed", "2024-05-31"),
        ("lastReviewed", "2024-05"),
        ("lastReviewed", "2024"),
        ("datePublished", "2024-05-31T14:30:00+02:00"),
        ("datePublished", "2024-05-31T14:30Z"),
        ("isAccessibleForFree", "False"),
        ("isAccessibleForFree", "https://schema.org/True"),
        ("isAccessibleForFree", True),
        ("sameAs", "https://example.org/x"),
        ("url", "/about"),
        ("url", "mailto:office@example.org"),
    ],
)
def test_literals_in_their_datatype_are_accepted(prop: str, value: Any) -> None:
    assert _both(_doc("WebPage", **{prop: value})) == []


def test_a_datetime_where_a_date_is_expected_is_a_warning_and_the_reverse_too() -> None:
    (problem,) = _both(_doc("WebPage", lastReviewed="2024-05-31T10:00:00Z"))
    assert (problem.rule, problem.severity) == ("vocab.datetime-for-date", Severity.WARNING)
    assert "'2024-05-31'" in problem.message
    (problem,) = _both(_doc("Event", doorTime="2024-05-31"))
    assert (problem.rule, problem.severity) == ("vocab.date-for-datetime", Severity.WARNING)


def test_a_space_instead_of_t_is_a_warning() -> None:
    (problem,) = _both(_doc("WebPage", datePublished="2024-05-31 10:00:00"))
    assert (problem.rule, problem.severity) == ("vocab.date-form", Severity.WARNING)
    assert "'2024-05-31T10:00:00'" in problem.message


def test_times_are_checked_where_only_a_time_is_allowed() -> None:
    spec = {"@type": "OpeningHoursSpecification"}
    assert _both({"@context": CONTEXT, **spec, "opens": "09:00", "closes": "17:30:00"}) == []
    problems = _both({"@context": CONTEXT, **spec, "opens": "9am"})
    assert _rules(problems) == [("vocab.range-mismatch", Severity.ERROR, "/opens")]
    assert "an ISO 8601 time" in problems[0].message


def test_a_number_where_only_a_date_is_allowed_is_read_as_its_text() -> None:
    assert _both(_doc("WebPage", lastReviewed=2024)) == []  # a year is a reduced ISO 8601 date
    problems = _both(_doc("WebPage", lastReviewed=3.5))
    assert _rules(problems) == [("vocab.range-mismatch", Severity.ERROR, "/lastReviewed")]
    assert "the number 3.5" in problems[0].message


# -- Actions annotations ----------------------------------------------------------------------------


def test_action_annotations_are_recognised() -> None:
    action = {
        "@type": "SearchAction",
        "target": "https://example.org/?q={search_term_string}",
        "query-input": "required name=search_term_string",
        "result-output": {"@type": "PropertyValueSpecification", "valueName": "hits"},
    }
    assert _both(_doc("WebSite", url="https://example.org/", potentialAction=action)) == []
    problems = _both(_doc("WebSite", potentialAction={**action, "nonsense-input": "x"}))
    assert _rules(problems) == [("vocab.unknown-property", Severity.ERROR, "/potentialAction/nonsense-input")]


# -- the readers ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reader", "good", "bad"),
    [
        (
            literals.is_date,
            ["2024-02-29", "2024-12", "1999", "+12024-01-01"],
            ["2023-02-29", "2024-13", "24-01-01", "", "1577836800", "20240531"],
        ),
        (
            literals.is_datetime,
            ["2024-01-01T00:00", "2024-01-01T23:59:60Z", "2024-01-01T10:00:00.5+05:30"],
            ["2024-01-01", "2024-01-01T25:00"],
        ),
        (literals.is_time, ["10:00", "10:00:00Z", "23:59:59.999-08:00"], ["10", "10h", "25:00"]),
        (literals.is_duration, ["PT30M", "P1DT2H", "P2W", "PT1.5S"], ["P", "PT", "30M", "T1M33S"]),
        (literals.is_measure, ["600 px", "7 ft", "250 calories", "5g", "1,5 kg"], ["600", "px", ""]),
        (literals.is_url, ["https://x.org", "/a/b", "#id", "page.html", "urn:isbn:1"], ["", "two words", "<a>"]),
    ],
)
def test_readers(reader: Any, good: list[str], bad: list[str]) -> None:
    assert [text for text in good if not reader(text)] == []
    assert [text for text in bad if reader(text)] == []

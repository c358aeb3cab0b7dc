"""Search-feature profiles as data, separate verdicts per family, --fail-on and --list-profiles.

Each packaged profile is tested rule by rule: the official example of the Google page it was
read from passes; a copy with the rule's property removed (or, for rules checked only when
present, given a wrong value) fails with exactly that rule's code and the rule's severity.
"""

from __future__ import annotations

import copy
import datetime
import json
from pathlib import Path
from typing import Any

import pytest

from fmevidence.cli import main
from fmevidence.validation.features import (
    FeatureCheck,
    FeatureRule,
    ProfileDataError,
    _profile,
    feature_profiles,
    retired_notes,
)
from fmevidence.validation.inputs import json_ld_scripts
from fmevidence.validation.report import Problem, Severity, family_of
from fmevidence.validation.runner import Options, build_checks, check_document
from validate_helpers import no_network  # noqa: F401 - autouse fixture

PROFILES = feature_profiles()
WRONG = {
    "url": "not a url",
    "image": "logo.png",
    "integer": "first",
    "text": 42,
    "datetime": "last Tuesday",
    "entity": 42,
    "present": "",
}


def cli(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = main(["validate", *map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err


def example_document(name: str, index: int = 0) -> Any:
    """The JSON-LD of a profile's official example (the first script of its HTML)."""
    ((_, _, script),) = json_ld_scripts(PROFILES[name].examples[index]["html"])
    return json.loads(script)


def complete_document(name: str) -> Any:
    """The official example, plus what it leaves out that the profile recommends."""
    document = example_document(name)
    if name == "google-organization":
        document["name"] = "Example Organization"  # the logo example has no name
    return document


def feature_problems(name: str, document: Any) -> list[Problem]:
    return FeatureCheck(PROFILES[name]).check(document)


def _target(rule: FeatureRule, document: dict[str, Any]) -> dict[str, Any]:
    """The node a rule looks at in a complete document: the item itself or its first ``within`` value."""
    if rule.within is None:
        return document
    value = document[rule.within]
    return value[0] if isinstance(value, list) else value


def _drop_alternatives(rule: FeatureRule, target: dict[str, Any]) -> None:
    """Remove what could fulfil the rule instead (``alternateName``; a named ``item`` Thing)."""
    for alternative in rule.satisfied_by:
        if alternative == "item.name":
            target["item"] = "https://example.com/books"  # a plain URL item carries no name
        else:
            target.pop(alternative, None)


RULES = [(name, rule) for name, profile in sorted(PROFILES.items()) for rule in profile.rules]


def test_every_profile_names_its_source_and_date() -> None:
    assert set(PROFILES) >= {"google-article", "google-breadcrumb", "google-organization", "google-profile-page"}
    for profile in PROFILES.values():
        assert profile.source["url"].startswith("https://developers.google.com/search/docs/")
        datetime.date.fromisoformat(profile.source["read"])
        assert profile.source["read_via"]
        assert profile.examples, f"{profile.name} has no official example"
        for rule in profile.rules:
            assert rule.heading and rule.source, rule.id


@pytest.mark.parametrize(("name", "index"), [(n, i) for n, p in sorted(PROFILES.items()) for i in range(len(p.examples))])
def test_official_examples_pass_their_own_profile(tmp_path: Path, name: str, index: int) -> None:
    """Through the whole pipeline: no error (in any family) on Google's own example page."""
    page = tmp_path / "example.html"
    page.write_text(PROFILES[name].examples[index]["html"], encoding="utf-8")
    checks = build_checks(Options(profile=name))
    for line, text_line, script in json_ld_scripts(page.read_text(encoding="utf-8")):
        result = check_document(checks, script, file=str(page), line=line, text_line=text_line)
        assert [p for p in result.problems if p.severity is Severity.ERROR] == []


@pytest.mark.parametrize(("name", "rule"), RULES, ids=[f"{n}:{r.id}" for n, r in RULES])
def test_each_rule_passes_on_the_complete_page(name: str, rule: FeatureRule) -> None:
    codes = {p.rule for p in feature_problems(name, complete_document(name))}
    assert f"feature.{name}.{rule.id}" not in codes


FAILABLE = [(n, r) for n, r in RULES if not (r.level == "optional" and r.expect == "present")]


@pytest.mark.parametrize(("name", "rule"), FAILABLE, ids=[f"{n}:{r.id}" for n, r in FAILABLE])
def test_each_rule_fails_when_its_property_is_missing_or_wrong(name: str, rule: FeatureRule) -> None:
    document = copy.deepcopy(complete_document(name))
    target = _target(rule, document)
    _drop_alternatives(rule, target)
    if rule.level == "optional":  # an optional rule that only asks for presence has no wrong value
        target[rule.property] = WRONG[rule.expect]  # optional: never reported missing, only wrong
    else:
        del target[rule.property]
    found = [p for p in feature_problems(name, document) if p.rule == f"feature.{name}.{rule.id}"]
    assert len(found) == 1, feature_problems(name, document)
    (problem,) = found
    assert problem.severity is rule.severity
    assert family_of(problem) == f"profile:{name}"
    assert PROFILES[name].source["url"] in problem.message and rule.source in problem.message


@pytest.mark.parametrize(
    ("name", "rule"),
    [(n, r) for n, r in RULES if r.level != "optional" and r.expect != "present"],
    ids=[f"{n}:{r.id}" for n, r in RULES if r.level != "optional" and r.expect != "present"],
)
def test_each_typed_rule_fails_on_a_wrong_value(name: str, rule: FeatureRule) -> None:
    document = copy.deepcopy(complete_document(name))
    target = _target(rule, document)
    _drop_alternatives(rule, target)
    target[rule.property] = WRONG[rule.expect]
    codes = [p.rule for p in feature_problems(name, document)]
    assert f"feature.{name}.{rule.id}" in codes


def test_breadcrumb_details() -> None:
    trail = example_document("google-breadcrumb")
    # the last crumb may leave out item (the example does); an earlier one may not
    del trail["itemListElement"][1]["item"]
    assert [p.pointer for p in feature_problems("google-breadcrumb", trail)] == ["/itemListElement/1"]
    # a Thing with @id and name stands in for the URL and the name
    trail = example_document("google-breadcrumb")
    trail["itemListElement"][0] = {
        "@type": "ListItem",
        "position": 1,
        "item": {"@id": "https://example.com/books", "name": "Books"},
    }
    assert feature_problems("google-breadcrumb", trail) == []
    # one crumb is not a trail
    trail["itemListElement"] = trail["itemListElement"][:1]
    (problem,) = feature_problems("google-breadcrumb", trail)
    assert problem.rule == "feature.google-breadcrumb.item-list-element" and "at least 2" in problem.message
    # a trail nested as a page's breadcrumb is the page's own trail and is checked
    del trail["@context"]
    page = {"@context": "https://schema.org", "@type": "MedicalWebPage", "breadcrumb": trail}
    assert [p.pointer for p in feature_problems("google-breadcrumb", page)] == ["/breadcrumb/itemListElement"]


def test_profile_page_name_may_be_the_alternate_name() -> None:
    document = example_document("google-profile-page")
    del document["mainEntity"]["name"]
    assert feature_problems("google-profile-page", document) == []
    del document["mainEntity"]["alternateName"]
    assert [p.rule for p in feature_problems("google-profile-page", document)] == ["feature.google-profile-page.name"]


def test_dataset_description_length_bounds() -> None:
    document = example_document("google-dataset")
    document["description"] = "x" * 50
    assert feature_problems("google-dataset", document) == []
    document["description"] = "x" * 49
    (problem,) = feature_problems("google-dataset", document)
    assert problem.rule == "feature.google-dataset.description" and "50 to 5000 characters" in problem.message


def test_subtypes_and_page_items_only() -> None:
    clinic = {"@context": "https://schema.org", "@type": "MedicalClinic", "name": "A clinic"}
    assert {p.rule for p in feature_problems("google-organization", clinic)} == {
        "feature.google-organization.url",
        "feature.google-organization.logo",
    }
    study = {"@context": "https://schema.org", "@type": "MedicalScholarlyArticle", "headline": "A trial"}
    assert "feature.google-article.author" in {p.rule for p in feature_problems("google-article", study)}
    # a cited article, or an article's publisher, is not the page's own item
    condition = {"@context": "https://schema.org", "@type": "MedicalCondition", "citation": study, "name": "x"}
    assert feature_problems("google-article", condition) == []
    article = complete_document("google-article")
    article["publisher"] = {"@type": "Organization", "name": "No logo here"}
    assert feature_problems("google-organization", article) == []


def test_a_document_without_context_is_not_silently_passed() -> None:
    document = complete_document("google-breadcrumb")
    del document["@context"]
    (problem,) = feature_problems("google-breadcrumb", document)
    assert problem.rule == "feature.google-breadcrumb.no-context" and problem.severity is Severity.WARNING


def test_article_author_as_a_string_has_no_name() -> None:
    document = complete_document("google-article")
    document["author"] = "Jane Doe"
    assert {p.rule for p in feature_problems("google-article", document)} == {
        "feature.google-article.author-name",
        "feature.google-article.author-url",
    }


def test_malformed_profile_data_is_refused() -> None:
    good = json.loads(json.dumps(PROFILES["google-breadcrumb"].source))
    base = {"name": "x", "feature": "x", "types": ["Thing"], "source": good, "rules": []}
    with pytest.raises(ProfileDataError, match="level must be one of"):
        _profile({**base, "rules": [{"id": "a", "property": "p", "level": "mandatory", "expect": "present", "heading": "h", "source": "s"}]}, "t")
    with pytest.raises(ProfileDataError, match="unknown keys"):
        _profile({**base, "rules": [{"id": "a", "property": "p", "level": "required", "expect": "present", "heading": "h", "source": "s", "sev": 1}]}, "t")
    with pytest.raises(ProfileDataError, match="read_via"):
        _profile({**base, "source": {"url": "u", "read": "2026-12-07"}}, "t")


# -- retired features --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("document", "code", "date"),
    [
        ({"@type": "FAQPage", "mainEntity": []}, "feature.retired.faq", "2026-05-07"),
        ({"@type": "HowTo", "name": "Stretch"}, "feature.retired.howto", "2023-09-14"),
        (
            {"@type": "WebSite", "url": "https://example.org", "potentialAction": {"@type": "SearchAction"}},
            "feature.retired.sitelinks-search-box",
            "2024-11-21",
        ),
    ],
)
def test_retired_features_get_an_info_note_with_the_date(document: dict[str, Any], code: str, date: str) -> None:
    (note,) = retired_notes({"@context": "https://schema.org", **document})
    assert (note.rule, note.severity, family_of(note)) == (code, Severity.INFO, "retired-feature")
    assert date in note.message and "https://" in note.message


def test_a_website_without_search_action_gets_no_note() -> None:
    assert retired_notes({"@context": "https://schema.org", "@type": "WebSite", "url": "https://example.org"}) == []


# -- families, verdicts, --fail-on -------------------------------------------------------


@pytest.fixture
def one_crumb(tmp_path: Path) -> Path:
    """Valid for schema.org, but one crumb is not a breadcrumb trail for Google."""
    document = {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [{"@type": "ListItem", "position": 1, "name": "Books", "item": {"@id": "https://example.com/books"}}],
    }
    path = tmp_path / "crumb.jsonld"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_families_are_independent(capsys: pytest.CaptureFixture[str], one_crumb: Path) -> None:
    code, out, _ = cli(capsys, one_crumb, "--profile", "google-breadcrumb")
    assert code == 1
    assert "  profile:google-breadcrumb\n" in out
    assert "verdict: valid for schema.org, but 1 required property missing or invalid for profile:google-breadcrumb" in out
    code, out, _ = cli(capsys, one_crumb, "--profile", "google-breadcrumb", "--fail-on", "schema.org")
    assert code == 0 and "1 error outside --fail-on schema.org (not failing)" in out
    assert cli(capsys, one_crumb, "--profile", "google-breadcrumb", "--fail-on", "profile:google-breadcrumb")[0] == 1
    assert cli(capsys, one_crumb, "--profile", "google-breadcrumb", "--fail-on", "profile")[0] == 1
    assert cli(capsys, one_crumb, "--profile", "google-breadcrumb", "--fail-on", "schema.org,json-schema")[0] == 0


def test_schema_org_errors_still_fail_under_fail_on_schema_org(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonld"
    path.write_text(json.dumps({"@context": "https://schema.org", "@type": "MedicalConditon", "name": "x"}), encoding="utf-8")
    code, out, _ = cli(capsys, path, "--fail-on", "schema.org", "--format", "json")
    report = json.loads(out)
    assert code == 1 and report["summary"]["families"]["schema.org"]["errors"] >= 1
    assert {p["family"] for r in report["results"] for p in r["problems"]} == {"schema.org"}


def test_json_summary_per_family(capsys: pytest.CaptureFixture[str], one_crumb: Path) -> None:
    code, out, _ = cli(capsys, one_crumb, "--profile", "google-breadcrumb", "--format", "json", "--fail-on", "schema.org")
    report = json.loads(out)
    assert code == 0
    assert report["summary"]["families"] == {"profile:google-breadcrumb": {"errors": 1, "warnings": 0, "infos": 0}}
    assert report["summary"]["fail_on"] == ["schema.org"] and report["summary"]["errors"] == 1
    (problem,) = report["results"][0]["problems"]
    assert problem["family"] == "profile:google-breadcrumb"


def test_user_schema_problems_are_json_schema(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    schema = tmp_path / "s.json"
    schema.write_text(json.dumps({"type": "object", "required": ["id"], "x-rule": "custom.needs-id"}), encoding="utf-8")
    data = tmp_path / "d.json"
    data.write_text("{}", encoding="utf-8")
    code, out, _ = cli(capsys, data, "--schema", schema, "--format", "json")
    (problem,) = json.loads(out)["results"][0]["problems"]
    assert code == 1 and problem["family"] == "json-schema"
    assert cli(capsys, data, "--schema", schema, "--fail-on", "schema.org")[0] == 0


def test_family_table() -> None:
    def family(rule: str) -> str:
        return family_of(Problem(rule=rule, severity=Severity.ERROR, message=""))

    assert family("vocab.unknown-type") == "schema.org"
    assert family("microdata.some-new-check") == "schema.org"  # new schema.org checks need no entry
    assert family("jsonld.invalid") == "schema.org"
    assert family("schema.required") == "json-schema"
    assert family("profile.date") == "profile:medical-condition-page"
    assert family("feature.google-article.headline") == "profile:google-article"
    assert family("json.syntax") == family("input.not-found") == "input"
    assert family("visible.not-on-page") == "visible-content"


def test_list_profiles(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "--list-profiles")
    assert code == 0
    for name, profile in PROFILES.items():
        assert f"{name}\n" in out and f"{profile.source['url']} (read {profile.source['read']}" in out
    assert "medical-condition-page" in out and "FAQ rich results (retired 2026-05-07)" in out


def test_paths_are_required_without_list_profiles(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = cli(capsys)
    assert code == 2 and "expected at least one PATH" in err


def test_unknown_profile_lists_the_feature_profiles(capsys: pytest.CaptureFixture[str], one_crumb: Path) -> None:
    code, _, err = cli(capsys, one_crumb, "--profile", "google-faq")
    assert code == 2 and "google-breadcrumb" in err and "medical-condition-page" in err


def test_several_profiles_at_once(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A health page carries several features: each profile gives its own verdict, in its own family."""
    page = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "about": {"@type": "MedicalCondition", "name": "Fibromyalgia"},
        "mainEntity": {"@type": "Article", "headline": "What helps"},
        "breadcrumb": {"@type": "BreadcrumbList", "itemListElement": []},
    }
    path = tmp_path / "page.jsonld"
    path.write_text(json.dumps(page), encoding="utf-8")
    code, out, _ = cli(capsys, path, "--profile", "google", "--format", "json")
    families = json.loads(out)["summary"]["families"]
    assert code == 1
    assert families["profile:google-breadcrumb"]["errors"] == 1
    assert families["profile:google-article"]["warnings"] >= 2  # author, image
    code, out, _ = cli(capsys, path, "--profile", "medical-condition-page,google-article", "--format", "json")
    families = json.loads(out)["summary"]["families"]
    assert set(families) >= {"profile:medical-condition-page", "profile:google-article"}
    assert "profile:google-breadcrumb" not in families
    assert cli(capsys, path, "--profile", "google", "--fail-on", "schema.org,profile:google-article")[0] == 0


def test_an_unknown_name_in_a_list_is_a_usage_error(capsys: pytest.CaptureFixture[str], one_crumb: Path) -> None:
    code, _, err = cli(capsys, one_crumb, "--profile", "google-article,google-recipe")
    assert code == 2 and "unknown profile 'google-recipe'" in err


def test_fail_on_refuses_unknown_families(capsys: pytest.CaptureFixture[str], one_crumb: Path) -> None:
    code, _, err = cli(capsys, one_crumb, "--fail-on", "schemaorg")
    assert code == 2 and "unknown family schemaorg" in err


def test_references_are_followed_within_the_document() -> None:
    """A flat @graph refers to its nodes by @id: the author's name is on the node referred to."""
    graph = {
        "@context": "https://schema.org",
        "@graph": [
            {
                "@type": "Article",
                "@id": "https://example.org/a#article",
                "headline": "What helps",
                "image": "https://example.org/a.png",
                "author": [{"@id": "https://example.org/#jane"}, "https://example.org/#john"],
            },
            {"@type": "Person", "@id": "https://example.org/#jane", "name": "Jane Doe", "url": "https://example.org/jane"},
            {"@type": "Person", "@id": "https://example.org/#john"},
        ],
    }
    problems = feature_problems("google-article", graph)
    assert [(p.rule, p.pointer) for p in problems] == [
        ("feature.google-article.author-name", "/@graph/0/author/1"),
        ("feature.google-article.author-url", "/@graph/0/author/1"),
    ]
    graph["@graph"].pop()  # John is described elsewhere: nothing here to check, so no false alarm
    assert feature_problems("google-article", graph) == []


def test_documents_without_the_feature_s_types_are_left_alone() -> None:
    assert feature_problems("google-breadcrumb", {"@type": "MedicalCondition", "name": "x"}) == []
    assert feature_problems("google-breadcrumb", {"id": "finding-1", "kind": "finding"}) == []


def test_a_flat_graph_keeps_cited_works_out_and_follows_main_entity() -> None:
    graph = {
        "@context": "https://schema.org",
        "@graph": [
            {
                "@type": "MedicalWebPage",
                "@id": "https://example.org/fm",
                "mainEntity": {"@id": "https://example.org/fm#article"},
                "citation": [{"@id": "https://doi.org/10.5555/cited"}],
            },
            {"@type": "Article", "@id": "https://example.org/fm#article", "headline": "What helps"},
            {"@type": "ScholarlyArticle", "@id": "https://doi.org/10.5555/cited", "name": "A cited trial"},
        ],
    }
    pointers = {p.pointer for p in feature_problems("google-article", graph)}
    assert pointers == {"/@graph/1"}  # the page's article (author, image missing), not the cited trial


def test_dates_of_reduced_precision_are_iso_8601() -> None:
    document = complete_document("google-article")
    for value in ("2024", "2024-01", "2024-01-05", "2024-01-05T08:00:00Z"):
        document["datePublished"] = value
        assert feature_problems("google-article", document) == [], value
    document["datePublished"] = "05/01/2024"
    assert [p.rule for p in feature_problems("google-article", document)] == ["feature.google-article.date-published"]

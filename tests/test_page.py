"""The evidence page: what it shows, and structured data that marks up exactly that.

Built from the real dataset (fibromyalgia) and from the synthetic hostile base. Size limits
are the issue's (default page JSON-LD under 25 KB minified); speed is left to benchmarks/.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import fmevidence
from fmevidence.cli import main
from fmevidence.jsonld.errors import ExportOptionError
from fmevidence.jsonld.export import PageOptions, Person, dumps, export_jsonld
from fmevidence.jsonld.selection import resolve_condition, select
from fmevidence.page import build_page, load_config, parse_config
from fmevidence.page.config import PageConfigError
from fmevidence.page.content import build_content
from fmevidence.page.wording import certainty_symbols, status_wording
from jsonld_helpers import HOSTILE, sample_kb
from page_helpers import embedded_json_ld, normalise, read_page, stated_values, visible_text

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "examples" / "site.toml"

FULL_PAGE = PageOptions(
    url="https://health.example.org/conditions/fibromyalgia",
    name="Fibromyalgia",
    headline="Fibromyalgia: what the research says",
    description="Causes, treatments and how sure the research is.",
    author=[{"name": "Jane Writer", "url": "https://health.example.org/people/jane", "job_title": "Health editor",
              "same_as": ["https://orcid.org/0000-0000-0000-0000"], "affiliation": "Example Health"}],
    reviewed_by=[Person("Dr Ann Reviewer", job_title="Rheumatologist")],
    publisher={"name": "Example Health", "url": "https://health.example.org/",
               "logo": "https://health.example.org/logo.png", "id": "https://health.example.org/#org"},
    date_published="2026-01-15",
    date_modified="2026-11-30",
    last_reviewed="2026-11-30",
    image="https://health.example.org/img/fm.png",
    in_language="en-GB",
    audience="patient",
    specialty="rheumatology",
    breadcrumb=[{"name": "Conditions", "url": "https://health.example.org/conditions"}],
    is_part_of={"name": "Example Health", "url": "https://health.example.org/", "id": "https://health.example.org/#site"},
)


@pytest.fixture(scope="module")
def kb() -> fmevidence.EvidenceBase:
    return fmevidence.load()


@pytest.fixture(scope="module")
def html(kb: fmevidence.EvidenceBase) -> str:
    return build_page(kb, page=FULL_PAGE)


def _minified_size(document: dict[str, Any]) -> int:
    return len(dumps(document, minify=True).encode("utf-8"))


# -- what the page shows -------------------------------------------------------------------


def test_the_page_shows_condition_answers_tables_map_and_references(html: str, kb: fmevidence.EvidenceBase) -> None:
    text = visible_text(html)
    condition = kb.get_as("fibromyalgia", fmevidence.Condition)
    assert condition.name in text and all(s in text for s in condition.synonyms)
    assert all(code.code in text for code in condition.codes)
    assert "Is autoimmunity involved in fibromyalgia?" in text
    assert "Summary of findings: mechanisms" in text and "Summary of findings: treatments" in text
    assert html.count("<svg") == 1 and 'role="img"' in html and "<title id=\"evidence-map-title\">" in html
    assert "References" in text and html.count('<li id="ref-') > 50
    assert "⊕" in text


def test_statuses_and_certainty_come_from_grading(kb: fmevidence.EvidenceBase) -> None:
    from fmevidence.grading import summarise

    content = build_content(kb, select(kb, resolve_condition(kb, None)))
    for row in (*content.mechanisms, *content.treatments):
        summary = summarise(kb, row.id)
        assert row.status == summary.status.value
        assert row.wording == status_wording(row.kind, summary.status, summary.explanation)
        if summary.status.value in ("shown", "possible"):  # the page states the conclusion's certainty
            assert summary.certainty is not None and row.certainty_for is not None
            assert row.certainty_for.level == summary.certainty.value
        elif summary.best_supporting is not None:
            assert row.certainty_for is not None and row.certainty_for.level == summary.best_supporting.value


def test_wording_falls_back_for_a_status_it_does_not_know() -> None:
    wording = status_wording("mechanism", "probably_not", "grading's own explanation")
    assert wording.label == "Probably not" and wording.answer == "grading's own explanation"
    assert certainty_symbols("low") == "⊕⊕◯◯" and certainty_symbols("very_low") == "⊕◯◯◯"


def test_decisions_stand_beside_treatments(html: str) -> None:
    text = visible_text(html)
    assert "Regulators and guidelines (beside the evidence, not counted as evidence)" in text
    assert "Regulator:" in text and "Guideline:" in text


def test_the_two_sources_the_article_cites_are_listed(html: str, kb: fmevidence.EvidenceBase) -> None:
    page_doc = embedded_json_ld(html)[0]
    cited = {item["name"] if isinstance(item, dict) else item for item in page_doc["citation"]}
    for source in kb.sources:
        if source.cited_in_article:
            assert source.title in cited, source.id
    full_export = {source.title for source in select(kb, resolve_condition(kb, None)).sources}
    assert full_export <= cited  # everything the full export cites, and more
    for source_id in ("oaklander-2019-small-fiber-polyneuropathy", "yamanaka-2020-gm3-synthase-inhibitor-assay"):
        if source_id in kb:
            assert kb.get_as(source_id, fmevidence.Source).title in cited


# -- structured data == what is shown --------------------------------------------------------


def _check_marks_up_only_what_is_shown(html: str) -> None:
    text = normalise(visible_text(html)).casefold()
    documents = embedded_json_ld(html)
    assert len(documents) == 1
    document = documents[0]
    for key, value in stated_values(document):
        assert normalise(value).casefold() in text, (key, value)
    reader = read_page(html)
    citations = document.get("citation", [])
    assert len(reader.references) == len(citations)
    for reference, cited in zip(reader.references, citations, strict=False):
        shown = normalise(reference["text"]).casefold()
        if isinstance(cited, str):
            assert normalise(cited).casefold() in shown and not [link for link in reference["links"] if link]
        else:
            assert normalise(cited["name"]).casefold() in shown
            link = cited.get("sameAs") or cited.get("url")
            assert reference["links"] == [link], (reference, cited)
    treatments = [t["name"] for t in document["about"].get("possibleTreatment", [])]
    assert all(name.casefold() in text for name in treatments)


def test_json_ld_marks_up_exactly_what_the_page_shows(html: str, kb: fmevidence.EvidenceBase) -> None:
    _check_marks_up_only_what_is_shown(html)
    treatments = select(kb, resolve_condition(kb, None)).treatments
    assert [t["name"] for t in embedded_json_ld(html)[0]["about"]["possibleTreatment"]] == [t.name for t in treatments]


def test_with_no_page_options_too(kb: fmevidence.EvidenceBase) -> None:
    _check_marks_up_only_what_is_shown(build_page(kb))


def test_with_hostile_data_too() -> None:
    _check_marks_up_only_what_is_shown(build_page(sample_kb(), page=PageOptions(name=HOSTILE)))


def test_page_metadata_is_marked_up(html: str) -> None:
    page = embedded_json_ld(html)[0]
    assert page["@type"] == "MedicalWebPage"
    assert page["author"][0] == {"@type": "Person", "name": "Jane Writer", "url": "https://health.example.org/people/jane",
                                 "jobTitle": "Health editor", "sameAs": ["https://orcid.org/0000-0000-0000-0000"],
                                 "affiliation": {"@type": "Organization", "name": "Example Health"}}
    assert page["publisher"]["@id"] == "https://health.example.org/#org"
    assert page["publisher"]["logo"] == {"@type": "ImageObject", "url": "https://health.example.org/logo.png"}
    assert page["isPartOf"]["@id"] == "https://health.example.org/#site"
    assert page["breadcrumb"]["itemListElement"][0]["item"] == {"@id": "https://health.example.org/conditions"}
    assert page["specialty"] == {"@id": "schema:Rheumatologic"}
    assert page["medicalAudience"] == {"@type": "MedicalAudience", "audienceType": "Patient"}
    assert (page["datePublished"], page["dateModified"], page["lastReviewed"]) == ("2026-01-15", "2026-11-30",
                                                                                  "2026-11-30")
    assert page["about"]["name"] == "Fibromyalgia" and page["about"]["code"]


def test_default_page_json_ld_is_under_25_kb(kb: fmevidence.EvidenceBase) -> None:
    default = _minified_size(export_jsonld(kb, detail="page"))
    assert default < 25_000  # "under 25 KB", read strictly (decimal kilobytes)
    # a publisher's full page metadata (authors, reviewer, logo, breadcrumb, site) costs about 1.5 KB more
    assert _minified_size(export_jsonld(kb, detail="page", page=FULL_PAGE)) - default < 2 * 1024
    assert (_minified_size(export_jsonld(kb, detail="page")) < _minified_size(export_jsonld(kb, detail="summary"))
            < _minified_size(export_jsonld(kb, detail="full")))


def test_full_detail_is_todays_export(kb: fmevidence.EvidenceBase) -> None:
    options = PageOptions(url="https://x.example/fm", name="FM", last_reviewed="2026-01-01", reviewed_by="A",
                          publisher="P", in_language="en")
    document = export_jsonld(kb, page=options, detail="full")
    assert document == export_jsonld(kb, page=options)
    assert document["reviewedBy"] == [{"@type": "Person", "name": "A"}]
    assert document["publisher"] == {"@type": "Organization", "name": "P"}
    assert len(document["about"]["study"]) == len(select(kb, resolve_condition(kb, None)).studies)
    assert json.loads(dumps(document, minify=True)) == document


def test_summary_detail_drops_studies_and_compacts_citations(kb: fmevidence.EvidenceBase) -> None:
    document = export_jsonld(kb, detail="summary")
    assert "study" not in document and all("author" not in s for s in document["subjectOf"] if len(s) > 1)


def test_output_is_byte_identical_across_runs(kb: fmevidence.EvidenceBase, html: str) -> None:
    assert build_page(kb, page=FULL_PAGE) == html
    assert build_page(fmevidence.load(), page=FULL_PAGE) == html


def test_hostile_strings_cannot_break_out(tmp_path: Path) -> None:
    html = build_page(sample_kb(), page=PageOptions(name=HOSTILE, headline=HOSTILE))
    reader = read_page(html)
    assert len(reader.scripts) == 1  # only the JSON-LD element; nothing injected ran or opened
    assert "<script>window" not in html and "\\u003c/script\\u003e" in html
    assert embedded_json_ld(html)[0]["name"] == HOSTILE
    assert normalise(HOSTILE) in visible_text(html)
    fragment = build_page(sample_kb(), page=PageOptions(name=HOSTILE), fragment=True)
    assert fragment.startswith('<section class="fmevidence-page"') and len(read_page(fragment).scripts) == 1


# -- validation ------------------------------------------------------------------------------


@pytest.mark.parametrize("detail", ["page", "summary", "full"])
@pytest.mark.parametrize("fragment", [False, True])
def test_every_page_validates_clean(kb: fmevidence.EvidenceBase, tmp_path: Path, detail: str, fragment: bool,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "page.html"
    target.write_text(build_page(kb, page=FULL_PAGE, detail=detail, fragment=fragment), encoding="utf-8")
    code = main(["validate", "--profile", "medical-condition-page", "--format", "json", str(target)])
    report = json.loads(capsys.readouterr().out)
    assert code == 0 and report["summary"]["errors"] == 0, report
    problems = [p for result in report["results"] for p in result["problems"]]
    # The only warnings: references the data has no DOI, URL or PMID for, marked up as their title.
    assert {p["rule"] for p in problems} <= {"profile.citation-text"}


# -- options and config ------------------------------------------------------------------------


@pytest.mark.parametrize(("options", "field"), [
    ({"publisher": 5}, "publisher"),
    ({"publisher": {"nme": "x"}}, "publisher"),
    ({"author": [{"url": "https://a.example"}]}, "author"),
    ({"reviewed_by": [{"name": "A", "url": "not a url"}]}, "reviewed by url"),
    ({"author": {"name": "A", "same_as": 5}}, "author same_as"),
    ({"date_published": "15/01/2026"}, "date published"),
    ({"audience": "everyone"}, "audience"),
    ({"specialty": "astrology"}, "specialty"),
    ({"breadcrumb": "Conditions"}, "breadcrumb"),
    ({"is_part_of": {"url": "https://a.example"}}, "is part of"),
    ({"is_part_of": {"name": "Site", "url": "site.example"}}, "is part of url"),
    ({"authors": "A"}, "authors"),
])
def test_wrong_options_name_the_field(options: dict[str, Any], field: str) -> None:
    with pytest.raises(ExportOptionError) as caught:
        PageOptions.from_mapping(options)
    assert caught.value.option == field


def test_a_dict_publisher_and_an_author_work() -> None:
    assert PageOptions(author="Jane Writer").author == (Person("Jane Writer"),)
    options = PageOptions(publisher={"name": "Pub", "url": "https://pub.example/"})
    assert options.publisher is not None and options.publisher.node() == {
        "@type": "Organization", "name": "Pub", "url": "https://pub.example/"}


def test_the_example_config_loads_and_builds(kb: fmevidence.EvidenceBase) -> None:
    config = load_config(SITE)
    assert config.page.headline and config.page.author and config.page.publisher is not None
    html = build_page(kb, config.build.condition, page=config.page, style=config.build.style)
    _check_marks_up_only_what_is_shown(html)


@pytest.mark.parametrize(("text", "place"), [
    ("[page]\nurl = 5\n", "[page] page url"),
    ("[page]\nauthor = [{name = 'A', job = 'x'}]\n", "[page] author"),
    ("[site]\nname = 'x'\n", "[site]"),
    ("[build]\ndetail = 'tiny'\n", "[build] detail"),
    ("[build]\ninclude = 'autoimmunity'\n", "[build] include"),
    ("[page\n", ""),
])
def test_config_errors_name_file_and_place(tmp_path: Path, text: str, place: str) -> None:
    path = tmp_path / "site.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PageConfigError) as caught:
        load_config(path)
    assert caught.value.file == str(path) and caught.value.place == place
    assert str(caught.value).startswith(str(path))


def test_parse_config_accepts_toml_dates() -> None:
    import datetime

    config = parse_config({"page": {"last_reviewed": datetime.date(2026, 11, 30)}})
    assert config.page.last_reviewed == "2026-11-30"


# -- command line ------------------------------------------------------------------------------


def test_cli_writes_the_page_and_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "fibromyalgia.html"
    assert main(["page", "-o", str(target), "--config", str(SITE)]) == 0
    html = target.read_text(encoding="utf-8")
    assert html.startswith("<!doctype html>") and "</html>" in html
    assert main(["validate", "--profile", "medical-condition-page", str(target)]) == 0
    capsys.readouterr()


def test_cli_fragment_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["page", "--fragment"]) == 0
    out = capsys.readouterr().out
    assert out.startswith('<section class="fmevidence-page"') and "<html" not in out


def test_cli_unknown_condition_exits_1_like_export(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["page", "nonexistent-condition"]) == 1  # the CLI convention: an unknown id is a "no"
    err = capsys.readouterr().err
    assert "no condition 'nonexistent-condition'" in err and "Traceback" not in err


@pytest.mark.parametrize(("args", "message"), [
    (["page", "--config", "/nonexistent/site.toml"], "cannot read"),
    (["page", "--style", "chicago"], "style: expected ama or the path of a .csl file"),
    (["page", "--templates", "/nonexistent"], "templates"),
])
def test_cli_usage_errors_exit_2(args: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(args) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_cli_bad_config_value_exits_2_naming_the_field(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "site.toml"
    path.write_text("[page]\npublisher = {name = 'P', logo = 'logo.png'}\n", encoding="utf-8")
    out = tmp_path / "page.html"
    assert main(["page", "--config", str(path), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"{path}: [page] publisher logo: expected an absolute http(s) URL" in err
    assert not out.exists()


def test_export_detail_and_minify(capsys: pytest.CaptureFixture[str], kb: fmevidence.EvidenceBase) -> None:
    assert main(["export", "--detail", "page", "--minify"]) == 0
    out = capsys.readouterr().out
    assert "\n" not in out.rstrip("\n") and json.loads(out) == export_jsonld(kb, detail="page")
    assert main(["export", "--detail", "summary"]) == 0
    assert json.loads(capsys.readouterr().out) == export_jsonld(kb, detail="summary")


def test_template_override(tmp_path: Path, kb: fmevidence.EvidenceBase) -> None:
    (tmp_path / "page.css").write_text("body { background: #fffbe6; }\n", encoding="utf-8")
    html = build_page(kb, templates=tmp_path)
    assert "background: #fffbe6" in html
    (tmp_path / "page.html.j2").write_text("{{ nope }", encoding="utf-8")
    with pytest.raises(ExportOptionError, match="template error"):
        build_page(kb, templates=tmp_path)


def test_a_condition_without_mechanisms_or_treatments(kb: fmevidence.EvidenceBase) -> None:
    other = next(c for c in kb.of_kind("conditions")
                 if not select(kb, resolve_condition(kb, c.id)).mechanisms
                 and not select(kb, resolve_condition(kb, c.id)).treatments)
    html = build_page(kb, other.id)
    assert "<svg" not in html and "Summary of findings" not in html
    _check_marks_up_only_what_is_shown(html)


def test_include_narrows_the_page(kb: fmevidence.EvidenceBase) -> None:
    html = build_page(kb, include=["autoimmunity", "pregabalin"])
    content = build_content(kb, select(kb, resolve_condition(kb, None), ["autoimmunity", "pregabalin"]))
    assert [r.id for r in content.mechanisms] == ["autoimmunity"] and [r.id for r in content.treatments] == ["pregabalin"]
    _check_marks_up_only_what_is_shown(html)
    assert "Is neuroinflammation involved" not in visible_text(html)

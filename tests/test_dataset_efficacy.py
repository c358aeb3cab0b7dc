"""The efficacy evidence (``efficacy.json``) and the article's recovered lists, checked against outside facts.

Every number here was read off a stored page (notes/d9.md says which). These tests do not restate
the data; they check it against things it must agree with: the DOI scheme Cochrane uses, the
article's own printed range, the arm sizes written in each study's population, the prose of each
finding, and the rule that a review's certainty is the review's own GRADE rating.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

import fmevidence
from conftest import SHARED, need
from fmevidence import EvidenceBase
from fmevidence.locators import fingerprint, split_sentences
from fmevidence.model import (
    Certainty,
    Direction,
    EvidenceOrigin,
    Finding,
    Recommendation,
    RecommendationStrength,
    Source,
    Study,
    StudyDesign,
    Treatment,
    Verification,
)

DATA = Path(__file__).resolve().parents[1] / "src" / "fmevidence" / "data"
ARTICLE = SHARED / "reference" / "source-article.txt"
COCHRANE_DOI = re.compile(r"^10\.1002/14651858\.(cd\d{6})(\.pub\d+)?$")
NUMBER = re.compile(r"-?\d+(?:,\d{3})*(?:\.\d+)?")
#: Words in a study's population text that name one arm and its size ("263 duloxetine").
ARM = re.compile(r"(\d[\d,]*) (?:duloxetine|placebo|milnacipran|NSAID|CBT|control)\b(?! arms?\b)")
WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
COPY_TABLE = "autoantibody-rates-as-printed-in-copy"
AUTOANTIBODY_SECTION = "Autoantibodies"


@pytest.fixture(scope="module")
def kb() -> EvidenceBase:
    return fmevidence.load()


@pytest.fixture(scope="module")
def efficacy() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((DATA / "efficacy.json").read_text(encoding="utf-8"))
    return data


def _ids(efficacy: dict[str, Any], kind: str) -> list[str]:
    return [record["id"] for record in efficacy.get(kind, [])]


def _numbers(text: str) -> set[float]:
    """Every number a sentence states, in digits or as a small number word ("six randomised trials")."""
    digits = {abs(float(token.replace(",", ""))) for token in NUMBER.findall(text)}
    words = {float(WORDS.index(w)) for w in re.findall(r"[a-z]+", text.lower()) if w in WORDS}
    return digits | words


def test_the_manifest_lists_the_efficacy_file() -> None:
    manifest = json.loads((DATA / "dataset.json").read_text(encoding="utf-8"))
    assert "efficacy.json" in manifest["files"]


def test_cochrane_dois_follow_the_cochrane_scheme_and_match_the_review_number(kb: EvidenceBase,
                                                                              efficacy: dict[str, Any]) -> None:
    """A Cochrane DOI is 10.1002/14651858.CDnnnnnn[.pubN], and its CD number is the review's article number."""
    cochrane = [kb.get_as(i, Source) for i in _ids(efficacy, "sources")]
    cochrane = [s for s in cochrane if s.journal == "Cochrane Database of Systematic Reviews"]
    assert len(cochrane) >= 2
    for source in cochrane:
        assert source.doi is not None, source.id
        match = COCHRANE_DOI.match(source.doi)
        assert match, f"{source.id}: {source.doi} is not a Cochrane review DOI"
        assert source.pages is not None and source.pages.lower() == match.group(1), source.id


def test_every_new_source_can_be_found_and_says_where_it_was_seen(kb: EvidenceBase, efficacy: dict[str, Any]) -> None:
    for source in (kb.get_as(i, Source) for i in _ids(efficacy, "sources")):
        assert source.doi or source.pmid or source.url, f"{source.id}: no DOI, PMID or URL"
        assert source.notes and re.search(r"seen|served", source.notes), f"{source.id}: notes must say where it was seen"
        if source.doi:
            assert source.doi == source.doi.lower() and not source.doi.startswith(("doi:", "http")), source.id


def test_every_pmid_was_seen_on_a_page_named_in_the_notes(kb: EvidenceBase, efficacy: dict[str, Any]) -> None:
    """A PMID is entered only when a stored page showed it; the notes name that page, PMID included."""
    added = set(_ids(efficacy, "sources")) | {
        "apmis-1990-muscle-autoantibodies-fm",
        "applbaum-2019-sjogren-autoantibodies-fm-sicca",
    }
    with_pmid = [s for s in (kb.get_as(i, Source) for i in sorted(added)) if s.pmid]
    assert with_pmid
    for source in with_pmid:
        assert source.notes and source.pmid in source.notes, f"{source.id}: PMID {source.pmid} not traced to a page"


def test_each_finding_cites_the_sources_of_its_studies(kb: EvidenceBase, efficacy: dict[str, Any]) -> None:
    for finding in (kb.get_as(i, Finding) for i in _ids(efficacy, "findings")):
        assert finding.sources and finding.studies, finding.id
        for study_id in finding.studies:
            study = kb.get_as(study_id, Study)
            assert set(study.sources) <= set(finding.sources), f"{finding.id} cites {study_id} but not its source"


def test_arm_sizes_in_the_population_add_up_to_the_sample_size(kb: EvidenceBase, efficacy: dict[str, Any]) -> None:
    checked = 0
    for study in (kb.get_as(i, Study) for i in _ids(efficacy, "studies")):
        arms = [int(n.replace(",", "")) for n in ARM.findall(study.population or "")]
        if len(arms) >= 2:
            checked += 1
            assert sum(arms) == study.sample_size, f"{study.id}: arms {arms} vs n={study.sample_size}"
    assert checked >= 6


def test_study_and_source_years_agree(kb: EvidenceBase, efficacy: dict[str, Any]) -> None:
    for study in (kb.get_as(i, Study) for i in _ids(efficacy, "studies")):
        for source_id in study.sources:
            source = kb.get_as(source_id, Source)
            if study.year is not None and source.year is not None:
                assert study.year == source.year, study.id


def test_every_exact_number_is_in_the_findings_own_words(kb: EvidenceBase, efficacy: dict[str, Any]) -> None:
    """A quantity restates the statement; an exact one must appear there (approximate ones are '1 in 10')."""
    ids = [*_ids(efficacy, "findings"), COPY_TABLE, "muscle-autoantibodies-in-fm-1990",
           "sjogren-autoantibodies-in-fm-with-sicca-2019"]
    for finding in (kb.get_as(i, Finding) for i in ids):
        said = _numbers(finding.statement)
        for quantity in finding.quantities:
            if quantity.approximate:
                continue
            for value in (quantity.value, quantity.low, quantity.high):
                if value is not None and not (value == 0 and "none" in finding.statement):
                    assert abs(value) in said, f"{finding.id}: {quantity.measure}={value} not in its statement"


def test_numbers_are_in_range(kb: EvidenceBase, efficacy: dict[str, Any]) -> None:
    ids = [*_ids(efficacy, "findings"), COPY_TABLE]
    for finding in (kb.get_as(i, Finding) for i in ids):
        for quantity in finding.quantities:
            values = [v for v in (quantity.value, quantity.low, quantity.high) if v is not None]
            assert values, f"{finding.id}: {quantity.measure} has no number"
            if quantity.unit == "%":
                assert all(0 <= v <= 100 for v in values), finding.id
            if quantity.unit and "0-10 scale" in quantity.unit:
                assert all(-10 <= v <= 10 for v in values), finding.id
            if quantity.low is not None and quantity.high is not None:
                assert quantity.low < quantity.high, finding.id
        intervals = [q for q in finding.quantities if "95% CI" in q.measure]
        for interval in intervals:
            estimates = [q.value for q in finding.quantities if q.value is not None and q.unit == interval.unit
                         and "CI" not in q.measure]
            assert interval.low is not None and interval.high is not None
            assert any(interval.low <= e <= interval.high for e in estimates), f"{finding.id}: estimate outside its CI"


def test_review_certainty_is_the_reviews_own_grade_rating(kb: EvidenceBase, efficacy: dict[str, Any]) -> None:
    reviews = [f for f in (kb.get_as(i, Finding) for i in _ids(efficacy, "findings")) if f.origin is EvidenceOrigin.REVIEW]
    assert len(reviews) >= 2
    for finding in reviews:
        override = finding.certainty_override
        assert override is not None, f"{finding.id}: a review's certainty is its own GRADE rating"
        assert "GRADE" in override.justification
        if "states no GRADE rating" in override.justification:  # then the curator's reasons must be given
            assert "risk of bias" in override.justification and override.level is not Certainty.HIGH
            continue
        word = {Certainty.VERY_LOW: "very low", Certainty.LOW: "low", Certainty.MODERATE: "moderate",
                Certainty.HIGH: "high"}[override.level]
        assert word in finding.statement, f"{finding.id}: the statement must say the review's rating ({word})"


def test_trials_are_human_randomised_double_blind_and_placebo_controlled(kb: EvidenceBase,
                                                                          efficacy: dict[str, Any]) -> None:
    for study in (kb.get_as(i, Study) for i in _ids(efficacy, "studies")):
        assert study.species == "human", study.id
        if study.design is StudyDesign.RANDOMIZED_CONTROLLED_TRIAL:
            assert (study.randomized, str(study.blinding), str(study.control)) == (True, "double_blind", "placebo")
            assert study.sample_size is not None and study.sample_size >= 100, study.id


def test_each_us_approved_drug_has_supporting_placebo_controlled_trials(kb: EvidenceBase) -> None:
    for drug in ("pregabalin", "duloxetine", "milnacipran"):
        trials = [f for f in kb.findings_about(drug) if f.direction is Direction.SUPPORTS
                  and any(kb.get_as(s, Study).design is StudyDesign.RANDOMIZED_CONTROLLED_TRIAL for s in f.studies)]
        assert trials, f"{drug} has no supporting RCT finding"


def test_trials_that_missed_their_primary_end_point_are_not_counted_as_support(kb: EvidenceBase) -> None:
    for finding in kb.findings_about("duloxetine"):
        if re.search(r"did not (?:differ|reduce)", finding.statement):
            assert finding.direction is not Direction.SUPPORTS, finding.id


def test_nsaids_are_a_treatment_with_no_benefit_shown(kb: EvidenceBase) -> None:
    nsaids = kb.get_as("oral-nsaids", Treatment)
    assert "anti-inflammatory-drugs" in nsaids.drug_classes
    findings = kb.findings_about("oral-nsaids")
    assert findings and all(f.direction is Direction.CONTRADICTS for f in findings)


def test_eular_ratings_cite_the_table_and_never_go_beyond_weak_for_a_drug(kb: EvidenceBase,
                                                                         efficacy: dict[str, Any]) -> None:
    ratings = [kb.get_as(i, Recommendation) for i in _ids(efficacy, "recommendations")]
    assert {t for r in ratings for t in r.treatments} >= {"pregabalin", "duloxetine", "milnacipran", "amitriptyline"}
    for rating in ratings:
        assert rating.strength is RecommendationStrength.WEAK_FOR, rating.id
        assert rating.agreement_percent is not None and 50 <= rating.agreement_percent <= 100, rating.id
        for treatment in rating.treatments:
            assert kb.get_as(treatment, Treatment).kind is not None
    table = kb.get_as("eular-2016-recommendations-table-3", Source)
    assert table.url and table.url.startswith("http://ard.bmj.com/")
    assert table.notes and "2007" in table.notes, "the table must be told apart from the 2007 EULAR table"



def test_a_trial_that_missed_its_primary_but_improved_other_outcomes_is_inconclusive(kb: EvidenceBase,
                                                                                       efficacy: dict[str, Any]) -> None:
    """A null primary end point beside significant secondary gains is not evidence of no effect (a9 audit:
    the duloxetine 30 mg trial was entered as contradicting although PGI-I and FIQ improved)."""
    for finding in (kb.get_as(i, Finding) for i in _ids(efficacy, "findings")):
        if finding.origin is not EvidenceOrigin.HUMAN_CLINICAL:
            continue
        missed = re.search(r"did not (?:differ|reduce)", finding.statement)
        improved = re.search(r"improved|favoured", finding.statement)
        if missed and improved:
            assert finding.direction is Direction.INCONCLUSIVE, finding.id
        if finding.direction is Direction.CONTRADICTS:
            assert not improved, f"{finding.id}: a contradicting trial finding reports an improvement"


def test_a_certainty_taken_from_a_secondary_summary_says_so(kb: EvidenceBase, efficacy: dict[str, Any]) -> None:
    """When a review's numbers come from someone else's summary, the rating is that summary's wording and must
    be labelled so, never passed off as the review's own GRADE table."""
    checked = 0
    for finding in (kb.get_as(i, Finding) for i in _ids(efficacy, "findings")):
        if finding.certainty_override is None:
            continue
        kinds = {str(kb.get_as(s, Source).kind) for s in finding.sources}
        if kinds - {"review_article"}:
            checked += 1
            justification = finding.certainty_override.justification
            assert "summary" in justification and "not the review's own" in justification, finding.id
            assert "summary" in finding.statement, f"{finding.id}: the statement must name whose rating it is"
    assert checked >= 1


def test_a_table_whose_page_does_not_name_its_article_is_an_unverified_attribution(kb: EvidenceBase,
                                                                                    efficacy: dict[str, Any]) -> None:
    """The EULAR 2016 Table 3 was served on its own; tying it to Macfarlane 2017 is an inference (a9 audit)."""
    tables = [s for s in (kb.get_as(i, Source) for i in _ids(efficacy, "sources"))
              if str(s.kind) == "guideline" and re.search(r"does not name|neither stored page names",
                                                          f"{s.title} {s.notes}")]
    assert tables
    for table in tables:
        assert table.verification is Verification.UNVERIFIED, table.id
        assert table.year is None, f"{table.id}: a year the page does not show"
        for rating in (kb.get_as(i, Recommendation) for i in _ids(efficacy, "recommendations")):
            if table.id in rating.sources:
                assert rating.notes and "inferred" in rating.notes, rating.id


def test_sources_whose_citation_was_not_re_found_are_trimmed_or_marked(kb: EvidenceBase,
                                                                      efficacy: dict[str, Any]) -> None:
    """A citation field that no stored page could show again is either left out or the source is unverified."""
    ids = [*_ids(efficacy, "sources"), "applbaum-2019-sjogren-autoantibodies-fm-sicca"]
    for source in (kb.get_as(i, Source) for i in ids):
        notes = source.notes or ""
        if "UNVERIFIED" in notes:
            assert source.verification is Verification.UNVERIFIED, source.id
        if "authors" in notes and "none are entered" in notes:
            assert not source.authors, source.id
        if "left out" in notes and "Volume, issue and pages" in notes:
            assert (source.volume, source.issue, source.pages) == (None, None, None), source.id


# --- the article's recovered lists -------------------------------------------------------------


@pytest.fixture(scope="module")
def article() -> str:
    return need(ARTICLE).read_text(encoding="utf-8")


def test_copy_table_spans_exactly_the_articles_printed_range(article: str, kb: EvidenceBase) -> None:
    """The saved article kept only 'Rates ranged from about 19% to 73%'; the recovered table must fit it."""
    printed = re.search(r"Rates ranged from about (\d+)%\s*to (\d+)%", article)
    assert printed, "the article's printed range is no longer in the saved text"
    low, high = (float(printed.group(1)), float(printed.group(2)))
    table = kb.get_as(COPY_TABLE, Finding)
    values = [q.value for q in table.quantities if q.value is not None]
    assert len(values) == 7
    assert (min(values), max(values)) == (low, high)


def test_every_rate_in_the_copy_is_confirmed_by_a_primary_abstract(kb: EvidenceBase) -> None:
    table = kb.get_as(COPY_TABLE, Finding)
    located = {loc.sentence_sha256 for loc in table.locators}
    primary: set[float] = set()
    for finding in kb.findings:
        if finding.origin is EvidenceOrigin.HUMAN_CLINICAL and not finding.context and finding.studies \
                and located & {loc.sentence_sha256 for loc in finding.locators}:
            primary |= {q.value for q in finding.quantities if q.value is not None and q.unit == "%"}
    missing = [q.measure for q in table.quantities if q.value not in primary]
    assert missing == []


def test_recovered_lists_sit_on_a_stripped_list_and_cite_the_copy_not_the_article(article: str,
                                                                                 kb: EvidenceBase) -> None:
    ends_with_colon = {fingerprint(s) for line in article.splitlines() for s in split_sentences(line) if s.endswith(":")}
    copies = {"verywell-2021-autoimmunity-neuroinflammation-revision", "holisticpulse-2024-fm-autoimmune-copy"}
    recovered = [f for f in kb.findings if set(f.sources) & copies]
    assert len(recovered) >= 3
    for finding in recovered:
        assert finding.reconstructed and finding.context, finding.id
        assert all(loc.sentence_sha256 in ends_with_colon for loc in finding.locators), finding.id
        assert "verywell-fibromyalgia-autoimmune-article" not in finding.sources
    revision = kb.get_as("verywell-2021-autoimmunity-neuroinflammation-revision", Source)
    assert revision.url and revision.url.startswith("https://www.verywellhealth.com/")


def test_a_selected_uncontrolled_sample_is_not_counted_as_support(kb: EvidenceBase) -> None:
    for finding in kb.findings:
        for study_id in finding.studies:
            study = kb.get_as(study_id, Study)
            if str(study.control) == "none" and study.design is StudyDesign.CROSS_SECTIONAL \
                    and "sjogren-syndrome-autoantibodies" in finding.about:
                assert finding.direction is Direction.INCONCLUSIVE, finding.id


def test_a_copy_label_that_disagrees_with_its_primary_study_is_flagged(kb: EvidenceBase) -> None:
    """The copy footnotes 32% as 'among those with Sjögren's syndrome'; the primary study selected FM patients
    for dry eyes or mouth, not a Sjögren's diagnosis, so the copy's record must carry the discrepancy (a9 audit)."""
    table = kb.get_as(COPY_TABLE, Finding)
    if "among those with" in table.statement:
        assert table.discrepancy and "Applbaum" in table.discrepancy
        primary = kb.get_as("applbaum-2019-sjogren-marker-testing", Study)
        assert primary.population and "sicca" in primary.population

"""The dataset holds the source article: every printed source, and locators that resolve to its sentences.

The article is read from ``../shared/reference/source-article.txt`` (beside the repository);
the tests skip when it is missing, except under CI=true, where they fail.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

import fmevidence
from conftest import SHARED, need
from fmevidence.evidence_base import EvidenceBase
from fmevidence.locators import fingerprint, normalise_sentence, split_sentences
from fmevidence.model import Finding, Locator, Source, Study

ARTICLE = SHARED / "reference" / "source-article.txt"

#: Headings printed in the article's body.
BODY_HEADINGS = frozenset(
    {
        "Autoantibodies",
        "Giving Fibromyalgia to Mice",
        "Diagnosis and Treatment",
        "Neuroinflammation",
        "A Different Type of Inflammation",
        "Small-Fiber Neuropathy",
        "Typical SFN vs. Fibromyalgia SFN",
        "Summary",
    }
)
#: Headings the saved page kept only in its table of contents, keyed by the fingerprint of the
#: first sentence of their section (so the section still has a name without quoting the text).
TOC_SECTION_STARTS = {
    "07ccef4ca9d424129e4b5ced75fcdb80caec303fbdafb50e51277b515745db04": "What Is Autoimmunity?",
    "d88969d3f0930ae57bc02f73354b8ce983d014b18883431e66734c38f694a821": "Is Fibromyalgia an Autoimmune Disease?",
    "a11e516cb3484935b78b52dfaaf2fe787c87c9f5dec6329054b43da839669502": "What Research Says",
}
#: The unheaded text before the first heading.
FIRST_SECTION = "Introduction"
_SOURCES_HEADING = re.compile(r"^\d+ Sources$")
_DOI = re.compile(r"doi:\s*(10\.\S+?)\.?$", re.IGNORECASE)
_CORRECTION = re.compile(r"\[published correction appears in (.+?)\]")


@pytest.fixture(scope="module")
def text() -> str:
    return need(ARTICLE).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def kb() -> EvidenceBase:
    return fmevidence.load()


def _lines(text: str) -> list[str]:
    return [normalise_sentence(line) for line in text.splitlines()]


def article_sentences(text: str) -> Iterator[tuple[str, str]]:
    """(section, fingerprint) for every sentence of the article's body, in order."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Some research suggests"))
    section = FIRST_SECTION
    for line in lines[start:]:
        stripped = normalise_sentence(line)
        if _SOURCES_HEADING.match(stripped):
            return
        if stripped in BODY_HEADINGS:
            section = stripped
            continue
        for sentence in split_sentences(line):
            digest = fingerprint(sentence)
            section = TOC_SECTION_STARTS.get(digest, section)
            yield section, digest


def printed_sources(text: str) -> list[str]:
    """The source list printed at the end of the article, one entry per line."""
    lines = _lines(text)
    start = next(i for i, line in enumerate(lines) if _SOURCES_HEADING.match(line)) + 2  # skip the editorial note
    end = lines.index("Meet Our Medical Expert Board")
    return [line for line in lines[start:end] if line]


def printed_dois(text: str) -> set[str]:
    return {match.group(1).lower() for line in printed_sources(text) if (match := _DOI.search(line))}


def _match(line: str, sources: list[Source]) -> Source | None:
    doi = _DOI.search(line)
    if doi:
        return next((s for s in sources if s.doi == doi.group(1).lower()), None)
    folded = line.casefold()
    candidates = [s for s in sources if s.title.casefold().rstrip("?.") in folded]
    return candidates[0] if len(candidates) == 1 else None


def _locators(kb: EvidenceBase) -> Iterator[tuple[str, Locator]]:
    for record in kb:
        for locator in getattr(record, "locators", ()):
            yield record.id, locator


def test_the_article_prints_26_sources_21_with_a_doi(text: str) -> None:
    assert len(printed_sources(text)) == 26
    assert len(printed_dois(text)) == 21


def test_every_printed_doi_is_in_the_dataset(text: str, kb: EvidenceBase) -> None:
    dataset_dois = {s.doi for s in kb.of_kind("sources") if isinstance(s, Source) and s.doi}
    assert sorted(printed_dois(text) - dataset_dois) == []


def test_every_printed_source_is_in_the_dataset_and_marked_cited(text: str, kb: EvidenceBase) -> None:
    sources = [s for s in kb.of_kind("sources") if isinstance(s, Source)]
    matched: dict[str, str] = {}
    for line in printed_sources(text):
        source = _match(line, sources)
        assert source is not None, f"printed source not in the dataset: {line[:80]}"
        assert source.cited_in_article, f"{source.id} is printed in the article but not marked cited_in_article"
        matched[source.id] = line
    assert len(matched) == 26
    claimed = {s.id for s in sources if s.cited_in_article}
    assert sorted(claimed - matched.keys()) == [], "marked cited_in_article but not printed in the article"


def test_printed_bibliographic_details_match(text: str, kb: EvidenceBase) -> None:
    sources = [s for s in kb.of_kind("sources") if isinstance(s, Source)]
    for line in printed_sources(text):
        source = _match(line, sources)
        assert source is not None
        for value in (source.year, source.volume, source.issue, source.pages):
            if value is not None:
                assert str(value) in line, f"{source.id}: {value!r} is not in the printed reference"
        correction = _CORRECTION.search(line)
        assert source.correction == (correction.group(1) if correction else None), source.id
        if source.authors:
            assert line.startswith(source.authors[0]), f"{source.id}: first author differs from the print"
        assert source.title.casefold() in line.casefold(), f"{source.id}: title differs from the print"


def test_every_locator_resolves_to_a_sentence_under_its_section(text: str, kb: EvidenceBase) -> None:
    where: dict[str, set[str]] = {}
    for section, digest in article_sentences(text):
        where.setdefault(digest, set()).add(section)
    problems = []
    count = 0
    for record_id, locator in _locators(kb):
        count += 1
        sections = where.get(locator.sentence_sha256)
        if sections is None:
            problems.append(f"{record_id}: {locator.sentence_sha256[:12]} is not a sentence of the article")
        elif locator.section not in sections:
            problems.append(f"{record_id}: sentence is under {sorted(sections)}, not {locator.section!r}")
    assert problems == []
    assert count > 100  # the article's statements are located, not just a token few


#: Sentences of the body that state nothing: the article describing itself, links to other articles
#: and an image credit (fingerprints, so the test does not quote the page).
NOT_STATEMENTS = frozenset(
    {
        "6250798c0f9586867b28456f3941543df4c42041cbb5ed1d5903a7af045dd7f4",  # what this article looks at
        "2a175baecfd5887ad7af62c2d202d072ad8013cafaed5ef284663d7bdcce765a",  # what it also discusses
        "48b094b5a00c7679d31a374ef3b3194d64c42a36ceeae9549dfe507aaa46b396",  # link to another article
        "942c035fb276fef94180e67b11985b936f62a5104a9fe299b08f5727b50655d7",  # link to another article
        "5e15acda0833de187e97f7d6f01f1cab40b8e23540b3700fbd76562af2b521e8",  # link to another article
        "aafca44e795dcd5e178d89c2d5a653644b08eaa22cb85fc1388e857cfd89d093",  # image credit
        "8006bebdd81d583b1813a583b38bd6089af6a80ed1bceb8d5b0bc1f4a3d71a34",  # link to another article
        "333c98f35348c522d076db5bd91b2ddbcfadee89931c0335a58662724790a66d",  # link to another article
    }
)


def test_every_statement_of_the_article_is_located(text: str, kb: EvidenceBase) -> None:
    located = {locator.sentence_sha256 for _, locator in _locators(kb)}
    body = list(article_sentences(text))
    missing = [f"{section}: {digest[:12]}" for section, digest in body if digest not in located | NOT_STATEMENTS]
    assert missing == []
    assert {digest for _, digest in body} >= NOT_STATEMENTS, "an excluded fingerprint is no longer in the article"


def test_reconstructed_findings_point_at_a_list_the_page_lost(text: str, kb: EvidenceBase) -> None:
    """A reconstructed finding fills an "... include:" whose list is missing, so it is located there."""
    ends_with_colon = {fingerprint(s) for line in text.splitlines() for s in split_sentences(line) if s.endswith(":")}
    reconstructed = [r for r in kb if isinstance(r, Finding) and r.reconstructed and r.locators]
    assert len(reconstructed) >= 10
    for finding in reconstructed:
        assert any(loc.sentence_sha256 in ends_with_colon for loc in finding.locators), finding.id


def test_section_outline_names_every_heading(text: str) -> None:
    seen = {section for section, _ in article_sentences(text)}
    assert seen == BODY_HEADINGS | set(TOC_SECTION_STARTS.values()) | {FIRST_SECTION}


def test_locator_fingerprint_does_not_quote_the_article(kb: EvidenceBase) -> None:
    for _, locator in _locators(kb):
        assert re.fullmatch(r"[0-9a-f]{64}", locator.sentence_sha256)


def test_article_numbers_are_recorded_as_quantities(kb: EvidenceBase) -> None:
    quantity = kb.get_as("no-autoantibody-found-in-every-fm-patient", Finding).quantities[0]
    assert (quantity.low, quantity.high, quantity.unit, quantity.approximate) == (19, 73, "%", True)
    proteins = kb.get_as("fm-19-inflammatory-serum-proteins-elevated", Finding)
    assert any(q.value == 19 for q in proteins.quantities)


def test_the_articles_contrary_statements_are_contradicting_findings(kb: EvidenceBase) -> None:
    for finding_id in (
        "autoimmune-hypothesis-not-widely-accepted",
        "early-research-no-autoimmune-hallmarks",
        "no-autoantibody-found-in-every-fm-patient",
        "anti-inflammatories-ineffective-for-fm-pain",
        "typical-inflammatory-markers-only-slightly-elevated",
    ):
        assert str(kb.get_as(finding_id, Finding).direction) == "contradicts", finding_id
    immunosuppressants = kb.get_as("immunosuppressants-safety-efficacy-unknown", Finding)
    assert str(immunosuppressants.direction) == "inconclusive"


def test_primary_study_designs_are_stated_honestly(kb: EvidenceBase) -> None:
    ivig = kb.get_as("metyas-2020-ivig-case-series", Study)
    assert (str(ivig.design), ivig.sample_size, ivig.pilot, ivig.retrospective, str(ivig.control)) == (
        "case_series",
        7,
        True,
        True,
        "none",
    )
    mice = kb.get_as("goebel-2021-igg-passive-transfer-mice", Study)
    assert (str(mice.design), mice.species) == ("animal", "mouse")


def test_claims_resting_only_on_unseen_printed_sources_are_unverified(kb: EvidenceBase) -> None:
    unseen = {s.id for s in kb if isinstance(s, Source) and s.cited_in_article and str(s.verification) == "unverified"}
    assert unseen, "some printed sources (no URL, no abstract in the store) could not be checked"
    for record in kb:
        if isinstance(record, Finding) and record.sources and set(record.sources) <= unseen:
            assert str(record.verification) == "unverified", f"{record.id} rests only on sources nobody has seen"

"""A source as a schema.org creative work: ScholarlyArticle family, report or web page.

Journal and review articles and published guidelines become MedicalScholarlyArticle; the DOI
is the node id (``https://doi.org/...``), an ``identifier`` (PropertyValue ``DOI``) and a
``sameAs``. Volume, issue and journal nest as PublicationIssue -> PublicationVolume ->
Periodical, the pattern schema.org documents for citing articles.
"""

from __future__ import annotations

from typing import Any, Final

from ..model import Source, SourceKind
from .ids import IdScheme, doi_iri

__all__ = ["SOURCE_TYPES", "source_id", "source_node"]

SOURCE_TYPES: Final[dict[SourceKind, str]] = {
    SourceKind.JOURNAL_ARTICLE: "MedicalScholarlyArticle",
    SourceKind.REVIEW_ARTICLE: "MedicalScholarlyArticle",
    SourceKind.GUIDELINE: "MedicalScholarlyArticle",
    SourceKind.GOVERNMENT_PAGE: "WebPage",
    SourceKind.REGULATORY_DOCUMENT: "Report",
    SourceKind.PRESS_RELEASE: "Article",
    SourceKind.WEB_PAGE: "WebPage",
    SourceKind.MAGAZINE_ARTICLE: "Article",
}

_PUBLICATION_TYPES: Final[dict[SourceKind, str]] = {
    SourceKind.REVIEW_ARTICLE: "Review",
    SourceKind.GUIDELINE: "Guideline",
}


def source_id(source: Source, ids: IdScheme) -> str:
    """The DOI IRI when there is a DOI, else a page fragment or blank node."""
    return doi_iri(source.doi) if source.doi else ids.node("source", source.id)


def source_node(source: Source, ids: IdScheme) -> dict[str, Any]:
    """The node for one source (no references to other records)."""
    kind = SOURCE_TYPES[source.kind]
    node: dict[str, Any] = {
        "@id": source_id(source, ids),
        "@type": kind,
        "name": source.title,
        "headline": source.title,
    }
    if source.authors:
        node["author"] = [{"@type": "Person", "name": name} for name in source.authors]
    if source.year is not None:
        node["datePublished"] = str(source.year)
    if source.publisher:
        node["publisher"] = {"@type": "Organization", "name": source.publisher}
    container = _container(source)
    if container is not None:
        node["isPartOf"] = container
    if source.pages and kind != "WebPage":
        node["pagination"] = source.pages
    identifiers = []
    same_as = []
    if source.doi:
        identifiers.append({"@type": "PropertyValue", "propertyID": "DOI", "value": source.doi})
        same_as.append(doi_iri(source.doi))
    if source.pmid:
        identifiers.append({"@type": "PropertyValue", "propertyID": "PMID", "value": source.pmid})
        same_as.append(f"https://pubmed.ncbi.nlm.nih.gov/{source.pmid}/")
    if identifiers:
        node["identifier"] = identifiers
    if same_as:
        node["sameAs"] = same_as
    if source.url:
        node["url"] = source.url
    if source.kind in _PUBLICATION_TYPES:
        node["publicationType"] = _PUBLICATION_TYPES[source.kind]
    return node


def _container(source: Source) -> dict[str, Any] | None:
    """Journal, volume and issue as nested PublicationIssue/Volume/Periodical, or None."""
    if not source.journal:
        return None
    container: dict[str, Any] = {"@type": "Periodical", "name": source.journal}
    if source.volume:
        container = {"@type": "PublicationVolume", "volumeNumber": source.volume, "isPartOf": container}
    if source.issue:
        container = {"@type": "PublicationIssue", "issueNumber": source.issue, "isPartOf": container}
    return container

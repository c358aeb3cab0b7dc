"""Sources as CSL-JSON, the bibliography format that Zotero, Pandoc and citeproc read.

Author names in the data are Vancouver style (``Goebel A``): the trailing initials become
``given`` and the rest ``family``; a name without initials (a group) stays ``literal``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, Final

from ..evidence_base import EvidenceBase
from ..model import Source, SourceKind

__all__ = ["csl_item", "csl_items", "export_csl"]

_CSL_TYPES: Final[dict[SourceKind, str]] = {
    SourceKind.JOURNAL_ARTICLE: "article-journal",
    SourceKind.REVIEW_ARTICLE: "article-journal",
    SourceKind.GUIDELINE: "article-journal",
    SourceKind.GOVERNMENT_PAGE: "webpage",
    SourceKind.REGULATORY_DOCUMENT: "report",
    SourceKind.PRESS_RELEASE: "article",
    SourceKind.WEB_PAGE: "webpage",
    SourceKind.MAGAZINE_ARTICLE: "article-magazine",
}
_VANCOUVER = re.compile(r"(?P<family>.+?)\s+(?P<initials>[A-Z]{1,4})")


def _author(name: str) -> dict[str, str]:
    match = _VANCOUVER.fullmatch(name.strip())
    if match is None:
        return {"literal": name}
    return {"family": match["family"], "given": " ".join(match["initials"])}


def csl_item(source: Source) -> dict[str, Any]:
    """One source as a CSL-JSON item (``id`` is the record id)."""
    item: dict[str, Any] = {"id": source.id, "type": _CSL_TYPES[source.kind], "title": source.title}
    if source.authors:
        item["author"] = [_author(name) for name in source.authors]
    if source.journal:
        item["container-title"] = source.journal
    if source.publisher:
        item["publisher"] = source.publisher
    if source.year is not None:
        item["issued"] = {"date-parts": [[source.year]]}
    for key, value in (
        ("volume", source.volume),
        ("issue", source.issue),
        ("page", source.pages),
        ("DOI", source.doi),
        ("PMID", source.pmid),
        ("URL", source.url),
    ):
        if value:
            item[key] = value
    if source.et_al:
        item["note"] = "Further authors not listed"
    return item


def csl_items(sources: Iterable[Source]) -> list[dict[str, Any]]:
    """CSL-JSON for the sources, in the order given."""
    return [csl_item(source) for source in sources]


def export_csl(kb: EvidenceBase, condition: str | None = None, include: Iterable[str] = ()) -> list[dict[str, Any]]:
    """CSL-JSON of the sources a JSON-LD export of ``condition`` would cite (same ``include``)."""
    from .selection import resolve_condition, select

    return csl_items(select(kb, resolve_condition(kb, condition), include).sources)

"""Stable node ids: fragments of the publisher's page URL, DOIs, or document-local blank nodes.

An id never names a domain the project does not own: with a page URL a record becomes
``<page-url>#<kind>-<record-id>``; a source with a DOI is ``https://doi.org/<doi>``; without a
page URL the rest become blank nodes (``_:<kind>-<record-id>``), which are local to the document.
"""

from __future__ import annotations

from urllib.parse import quote, urlsplit

import attrs

from .errors import ExportOptionError

__all__ = ["IdScheme", "check_page_url", "doi_iri"]


def doi_iri(doi: str) -> str:
    """The resolver IRI of a DOI, percent-encoding what an IRI cannot hold."""
    return "https://doi.org/" + quote(doi.strip(), safe="/:;()")


def check_page_url(url: str) -> str:
    """``url`` if it is an absolute http(s) URL without a fragment; raises ExportOptionError otherwise."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ExportOptionError("page url", f"expected an absolute http(s) URL, got {url!r}")
    if parts.fragment or url.endswith("#"):
        raise ExportOptionError("page url", f"expected a URL without a #fragment, got {url!r}")
    if any(ch.isspace() or ch in '<>"{}|\\^`' for ch in url):
        raise ExportOptionError("page url", f"URL contains characters not allowed in an IRI: {url!r}")
    return url


@attrs.frozen
class IdScheme:
    """Turns (kind, record id) into a node id; ``page_url`` None means blank node ids."""

    page_url: str | None = None

    def page(self) -> str:
        """The id of the web page node itself."""
        return self.page_url if self.page_url is not None else "_:page"

    def node(self, kind: str, record_id: str) -> str:
        """The id of a record's node (record ids are kebab-case, safe in fragments and labels)."""
        local = f"{kind}-{record_id}"
        if self.page_url is None:
            return "_:" + local.replace(".", "_")
        return f"{self.page_url}#{local}"

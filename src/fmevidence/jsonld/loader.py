"""An offline pyld document loader: schema.org from the package, everything else refused.

Use it with pyld as ``jsonld.expand(doc, {"documentLoader": offline_document_loader})``.
The response carries ``'tag': 'static'`` because pyld caches a processed remote context only
when the loader says it never changes; without it every call re-processes the context.
"""

from __future__ import annotations

from typing import Any

from .context import schemaorg_context
from .errors import RemoteDocumentRefused

__all__ = ["SCHEMA_ORG_CONTEXT_URLS", "offline_document_loader"]

SCHEMA_ORG_CONTEXT_URLS = frozenset(
    f"{scheme}://schema.org{path}"
    for scheme in ("http", "https")
    for path in ("", "/", "/docs/jsonldcontext.json", "/docs/jsonldcontext.jsonld")
)
"""Every URL under which schema.org publishes its context."""


def offline_document_loader(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """Serve the schema.org context URLs from the shipped context; refuse every other URL.

    Raises :class:`~fmevidence.jsonld.errors.RemoteDocumentRefused` for anything else, which
    pyld reports as the cause of its ``loading remote context failed`` error.
    """
    del options  # headers and profiles do not matter: nothing is fetched
    if url not in SCHEMA_ORG_CONTEXT_URLS:
        raise RemoteDocumentRefused(url)
    return {
        "contentType": "application/ld+json",
        "contextUrl": None,
        "documentUrl": url,
        "document": schemaorg_context(),
        "tag": "static",
    }

"""Canonical N-Quads (URDNA2015) and a sha256 fingerprint, so two exports can be compared.

pyld's ``normalize`` still defaults to the old URGNA2012, so the algorithm is always named.
Contexts come only from the offline loader: canonicalising never touches the network.
"""

from __future__ import annotations

import hashlib
from typing import Any

from .loader import offline_document_loader

__all__ = ["canonical_nquads", "expand", "fingerprint"]


def canonical_nquads(document: dict[str, Any]) -> str:
    """The document's RDF graph as URDNA2015 canonical N-Quads (sorted lines, final newline)."""
    from pyld import jsonld

    text: str = jsonld.normalize(
        document,
        {
            "algorithm": "URDNA2015",
            "format": "application/n-quads",
            "documentLoader": offline_document_loader,
        },
    )
    return text


def fingerprint(nquads: str) -> str:
    """``sha256:<hex>`` of canonical N-Quads: equal for exports that say the same thing."""
    return "sha256:" + hashlib.sha256(nquads.encode("utf-8")).hexdigest()


def expand(document: dict[str, Any]) -> list[dict[str, Any]]:
    """The document expanded by pyld with the project's context (offline)."""
    from pyld import jsonld

    expanded: list[dict[str, Any]] = jsonld.expand(document, {"documentLoader": offline_document_loader})
    return expanded

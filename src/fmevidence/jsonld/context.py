"""The project's own schema.org context, shipped in the package and read once.

``contexts/schemaorg.jsonld`` is written by ``scripts/build_context.py``: it keeps only the
entries of the official context that change expansion (``@vocab``, aliases, prefixes and the
coercing terms), so it expands documents exactly like the official one at a fraction of the
processing cost.
"""

from __future__ import annotations

import copy
import functools
import json
from typing import Any

from .. import _resources

__all__ = ["SCHEMA_ORG", "SCHEMA_VOCAB", "schemaorg_context"]

SCHEMA_ORG = "https://schema.org"
"""The ``@context`` value every exported document uses."""

SCHEMA_VOCAB = "http://schema.org/"
"""The IRI prefix the official context (and so ours) expands terms to."""


@functools.lru_cache(maxsize=1)
def _context_document() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(_resources.read_text("contexts", "schemaorg.jsonld"))
    return document


def schemaorg_context() -> dict[str, Any]:
    """The shipped context document (``{"@context": {...}}``); a fresh copy the caller may change."""
    return copy.deepcopy(_context_document())

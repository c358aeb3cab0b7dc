"""schema.org JSON-LD: the project's own context, an offline pyld loader, and the exporters.

Nothing here imports pyld at import time; canonicalisation and expansion import it when called.
"""

from __future__ import annotations

from .canonical import canonical_nquads, expand, fingerprint
from .context import SCHEMA_ORG, schemaorg_context
from .csl import csl_item, csl_items, export_csl
from .errors import ExportOptionError, RemoteDocumentRefused
from .export import PageOptions, dumps, export_jsonld
from .html import escape_json_for_html, script_element
from .loader import offline_document_loader

__all__ = [
    "SCHEMA_ORG",
    "ExportOptionError",
    "PageOptions",
    "RemoteDocumentRefused",
    "canonical_nquads",
    "csl_item",
    "csl_items",
    "dumps",
    "escape_json_for_html",
    "expand",
    "export_csl",
    "export_jsonld",
    "fingerprint",
    "offline_document_loader",
    "schemaorg_context",
    "script_element",
]

"""schema.org JSON-LD: the project's own context, an offline pyld loader, and the exporters.

Public names are imported from their modules on first use (PEP 562), so importing the small
``fmevidence.jsonld.loader`` (as the validator does) does not pay for the exporter and the
grading it uses; pyld itself loads only when expanding or canonicalising.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .canonical import canonical_nquads, expand, fingerprint
    from .context import SCHEMA_ORG, schemaorg_context
    from .csl import csl_item, csl_items, export_csl
    from .errors import ExportOptionError, RemoteDocumentRefused
    from .export import PageOptions, dumps, export_jsonld
    from .html import escape_json_for_html, script_element
    from .left_out import LeftOut, left_out_of
    from .loader import offline_document_loader

#: Public name -> module that defines it.
_EXPORTS: dict[str, str] = {
    **dict.fromkeys(("canonical_nquads", "expand", "fingerprint"), "canonical"),
    **dict.fromkeys(("SCHEMA_ORG", "schemaorg_context"), "context"),
    **dict.fromkeys(("csl_item", "csl_items", "export_csl"), "csl"),
    **dict.fromkeys(("ExportOptionError", "RemoteDocumentRefused"), "errors"),
    **dict.fromkeys(("PageOptions", "dumps", "export_jsonld"), "export"),
    **dict.fromkeys(("escape_json_for_html", "script_element"), "html"),
    **dict.fromkeys(("LeftOut", "left_out_of"), "left_out"),
    "offline_document_loader": "loader",
}

__all__ = [
    "SCHEMA_ORG",
    "ExportOptionError",
    "LeftOut",
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
    "left_out_of",
    "offline_document_loader",
    "schemaorg_context",
    "script_element",
]


def __getattr__(name: str) -> Any:
    """Import a public name on first use and keep it (PEP 562)."""
    if name not in _EXPORTS:
        raise AttributeError(f"module 'fmevidence.jsonld' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})

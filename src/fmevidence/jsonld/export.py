"""The public export API: a condition (optionally inside a publisher's MedicalWebPage) as JSON-LD.

``export_jsonld`` returns a JSON-ready dict; ``dumps`` serialises it the same way every time
(sorted keys, two-space indent, UTF-8), so the same data always gives byte-identical output.
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Iterable, Sequence
from typing import Any

import attrs

from ..evidence_base import EvidenceBase
from .context import SCHEMA_ORG
from .errors import ExportOptionError
from .graph import Node, NodeTable, build_nodes, ref
from .ids import IdScheme, check_page_url
from .selection import Selection, resolve_condition, select
from .shape import as_graph, as_tree

__all__ = ["PageOptions", "dumps", "export_jsonld", "export_selection"]

_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")


def _names(value: str | Iterable[str]) -> tuple[str, ...]:
    """One name or several, as a tuple (a lone string is one name, not its letters)."""
    return (value,) if isinstance(value, str) else tuple(value)


@attrs.frozen
class PageOptions:
    """The publisher's page that the export describes; every field comes from the caller.

    ``reviewed_by`` names a person; ``publisher`` an organization. With a ``url``, node ids
    are fragments of it; without one they are document-local blank nodes.
    """

    url: str | None = None
    name: str | None = None
    last_reviewed: str | None = None
    reviewed_by: tuple[str, ...] = attrs.field(default=(), converter=_names)
    publisher: str | None = None
    in_language: str | None = None

    def __attrs_post_init__(self) -> None:
        if self.url is not None:
            check_page_url(self.url)
        if self.last_reviewed is not None:
            try:
                datetime.date.fromisoformat(self.last_reviewed)
            except ValueError:
                raise ExportOptionError(
                    "last reviewed", f"expected a date as YYYY-MM-DD, got {self.last_reviewed!r}"
                ) from None
        if self.in_language is not None and not _LANGUAGE_TAG.fullmatch(self.in_language):
            raise ExportOptionError(
                "in language", f"expected a BCP 47 language tag such as 'en' or 'en-GB', got {self.in_language!r}"
            )
        for field, value in (("name", self.name), ("publisher", self.publisher)):
            if value is not None and not value.strip():
                raise ExportOptionError(field, "must not be empty")
        if any(not name.strip() for name in self.reviewed_by):
            raise ExportOptionError("reviewed by", "must not be empty")


def export_jsonld(
    kb: EvidenceBase,
    condition: str | None = None,
    *,
    page: PageOptions | None = None,
    include: Iterable[str] = (),
    graph: bool = False,
) -> dict[str, Any]:
    """schema.org JSON-LD for ``condition`` (id, name or synonym; default: the dataset's primary condition).

    ``page`` wraps it in a MedicalWebPage; ``include`` limits the mechanisms and other topics
    shown; ``graph`` gives a flat ``@graph`` instead of the nested tree. Raises
    :class:`~fmevidence.jsonld.errors.ExportOptionError` for an unusable option.
    """
    record = resolve_condition(kb, condition)
    return export_selection(kb, select(kb, record, include), page=page, graph=graph)


def export_selection(
    kb: EvidenceBase, selection: Selection, *, page: PageOptions | None = None, graph: bool = False
) -> dict[str, Any]:
    """Like :func:`export_jsonld`, for an already made :class:`Selection`."""
    ids = IdScheme(page.url if page is not None else None)
    built = build_nodes(kb, selection, ids)
    root, nodes = built.root, dict(built.nodes)
    if page is not None:
        root = _add_page(nodes, root, page, ids, built.related)
    if graph:
        return {"@context": SCHEMA_ORG, "@graph": as_graph(root, nodes)}
    return {"@context": SCHEMA_ORG, **as_tree(root, nodes)}


def dumps(document: Any) -> str:
    """The document as stable JSON text: sorted keys, two-space indent, UTF-8, final newline."""
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _add_page(
    nodes: NodeTable, condition: str, page: PageOptions, ids: IdScheme, related: Sequence[dict[str, str]]
) -> str:
    """Put the MedicalWebPage first in ``nodes``; returns its id (the new root)."""
    node: Node = {"@id": ids.page(), "@type": "MedicalWebPage", "about": ref(condition), "mainEntity": ref(condition)}
    if page.url is not None:
        node["url"] = page.url
    if page.name is not None:
        node["name"] = page.name
    citations = nodes[condition].get("subjectOf", [])
    if citations:
        node["citation"] = list(citations)
    if related:
        node["mentions"] = list(related)
    if page.last_reviewed is not None:
        node["lastReviewed"] = page.last_reviewed
    if page.reviewed_by:
        node["reviewedBy"] = [{"@type": "Person", "name": name} for name in page.reviewed_by]
    if page.publisher is not None:
        node["publisher"] = {"@type": "Organization", "name": page.publisher}
    if page.in_language is not None:
        node["inLanguage"] = page.in_language
    rest = dict(nodes)
    nodes.clear()
    nodes[node["@id"]] = node
    nodes.update(rest)
    return str(node["@id"])

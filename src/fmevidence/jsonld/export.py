"""The public export API: a condition (optionally inside a publisher's MedicalWebPage) as JSON-LD.

``export_jsonld`` returns a JSON-ready dict; ``dumps`` serialises it the same way every time
(sorted keys, two-space indent, UTF-8), so the same data always gives byte-identical output.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Final

import attrs

from ..evidence_base import EvidenceBase
from .codes import specialty_member
from .context import SCHEMA_ORG
from .errors import ExportOptionError
from .graph import Node, NodeTable, build_nodes, ref
from .ids import IdScheme, check_page_url
from .page_meta import (
    Breadcrumb,
    Organization,
    Person,
    WebSite,
    breadcrumbs,
    check_date,
    check_language,
    check_text,
    check_url,
    organization,
    people,
    website,
)
from .selection import Selection, resolve_condition, select
from .shape import as_graph, as_tree

__all__ = ["DETAILS", "Breadcrumb", "Organization", "PageOptions", "Person", "WebSite", "dumps", "export_jsonld",
           "export_selection"]

#: Detail levels of an export: ``full`` (everything, the default of ``export``), ``summary``
#: (no study nodes, citations without authors and journals) and ``page`` (what a page shows).
DETAILS: Final = ("full", "summary", "page")

_AUDIENCES: Final[dict[str, Any]] = {
    "patient": {"@type": "MedicalAudience", "audienceType": "Patient"},
    "clinician": {"@id": "schema:Clinician"},
    "researcher": {"@id": "schema:MedicalResearcher"},
}
#: How the page names each audience to its readers (the structured data marks up what is shown).
AUDIENCE_WORDS: Final = {"patient": "patients", "clinician": "clinicians", "researcher": "researchers"}


def _audience(field: str, value: object) -> str:
    if value not in _AUDIENCES:
        raise ExportOptionError(field, f"expected one of {', '.join(_AUDIENCES)}, got {value!r}")
    return str(value)


def _specialty(field: str, value: object) -> str:
    member = specialty_member(check_text(field, value))
    if member is None:
        raise ExportOptionError(field, f"expected a schema.org MedicalSpecialty such as 'Rheumatologic' "
                                       f"or a specialty name such as 'rheumatology', got {value!r}")
    return member


def _date_or_none(value: object) -> Any:
    """TOML and Python dates become YYYY-MM-DD text; anything else is checked later."""
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value.isoformat()
    return value


def _reviewers(value: object) -> tuple[Person, ...]:
    return people("reviewed by", value)


def _authors(value: object) -> tuple[Person, ...]:
    return people("author", value)


def _publisher(value: object) -> Organization | None:
    return None if value is None else organization("publisher", value)


def _website(value: object) -> WebSite | None:
    return None if value is None else website("is part of", value)


def _breadcrumb(value: object) -> tuple[Breadcrumb, ...]:
    return breadcrumbs("breadcrumb", value)


def _specialty_or_none(value: object) -> str | None:
    return None if value is None else _specialty("specialty", value)


@attrs.frozen
class PageOptions:
    """The publisher's page that the export describes; every field comes from the caller.

    People (``author``, ``reviewed_by``: one or a list) are :class:`Person` objects, names or dicts; the
    ``publisher`` an :class:`Organization`, a name or a dict; ``is_part_of`` a :class:`WebSite`.
    With a ``url``, node ids are fragments of it; without one they are document-local blank
    nodes. A wrong type or value raises :class:`~fmevidence.jsonld.errors.ExportOptionError`
    naming the field and the form expected (use :meth:`from_mapping` for TOML/JSON data).
    """

    url: str | None = None
    name: str | None = None
    headline: str | None = None
    description: str | None = None
    last_reviewed: str | None = attrs.field(default=None, converter=_date_or_none)
    reviewed_by: tuple[Person, ...] = attrs.field(default=(), converter=_reviewers)
    author: tuple[Person, ...] = attrs.field(default=(), converter=_authors)
    publisher: Organization | None = attrs.field(default=None, converter=_publisher)
    date_published: str | None = attrs.field(default=None, converter=_date_or_none)
    date_modified: str | None = attrs.field(default=None, converter=_date_or_none)
    image: str | None = None
    in_language: str | None = None
    audience: str | None = None
    specialty: str | None = attrs.field(default=None, converter=_specialty_or_none)
    breadcrumb: tuple[Breadcrumb, ...] = attrs.field(default=(), converter=_breadcrumb)
    is_part_of: WebSite | None = attrs.field(default=None, converter=_website)

    def __attrs_post_init__(self) -> None:
        checks: tuple[tuple[str, str | None, Callable[[str, object], object]], ...] = (
            ("page url", self.url, lambda f, v: check_page_url(check_text(f, v))),
            ("name", self.name, check_text),
            ("headline", self.headline, check_text),
            ("description", self.description, check_text),
            ("last reviewed", self.last_reviewed, check_date),
            ("date published", self.date_published, check_date),
            ("date modified", self.date_modified, check_date),
            ("image", self.image, check_url),
            ("in language", self.in_language, check_language),
            ("audience", self.audience, _audience),
        )
        for field, value, check in checks:
            if value is not None:
                check(field, value)

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> PageOptions:
        """Options from plain data (a TOML ``[page]`` table): keys are the field names."""
        fields = {field.name for field in attrs.fields(cls)}
        unknown = sorted(set(data) - fields)
        if unknown:
            raise ExportOptionError(unknown[0], f"unknown page option; expected one of {', '.join(sorted(fields))}")
        return cls(**data)

    @property
    def audience_words(self) -> str | None:
        """The audience as the page says it (``patients``)."""
        return None if self.audience is None else AUDIENCE_WORDS[self.audience]


def export_jsonld(
    kb: EvidenceBase,
    condition: str | None = None,
    *,
    page: PageOptions | None = None,
    include: Iterable[str] = (),
    graph: bool = False,
    detail: str = "full",
) -> dict[str, Any]:
    """schema.org JSON-LD for ``condition`` (id, name or synonym; default: the dataset's primary condition).

    ``page`` wraps it in a MedicalWebPage; ``include`` limits the mechanisms and other topics
    shown; ``graph`` gives a flat ``@graph`` instead of the nested tree; ``detail`` is one of
    :data:`DETAILS` (``page`` marks up exactly what ``fmevidence page`` shows). Raises
    :class:`~fmevidence.jsonld.errors.ExportOptionError` for an unusable option.
    """
    record = resolve_condition(kb, condition)
    return export_selection(kb, select(kb, record, include), page=page, graph=graph, detail=detail)


def export_selection(
    kb: EvidenceBase, selection: Selection, *, page: PageOptions | None = None, graph: bool = False,
    detail: str = "full",
) -> dict[str, Any]:
    """Like :func:`export_jsonld`, for an already made :class:`Selection`."""
    if detail not in DETAILS:
        raise ExportOptionError("detail", f"expected one of {', '.join(DETAILS)}, got {detail!r}")
    if detail == "page":
        # The page's own content decides what is marked up; imported here because the page
        # package builds on this module (PageOptions, the node builder).
        from ..page.content import build_content
        from ..page.structured import page_document

        return page_document(build_content(kb, selection), page or PageOptions(), graph=graph)
    ids = IdScheme(page.url if page is not None else None)
    built = build_nodes(kb, selection, ids)
    root, nodes = built.root, dict(built.nodes)
    if detail == "summary":
        root, nodes = summarise_nodes(root, nodes)
    if page is not None:
        root = add_page(nodes, root, page, ids, built.related if detail == "full" else ())
    if graph:
        return {"@context": SCHEMA_ORG, "@graph": as_graph(root, nodes)}
    return {"@context": SCHEMA_ORG, **as_tree(root, nodes)}


def dumps(document: Any, *, minify: bool = False) -> str:
    """The document as stable JSON text: sorted keys, UTF-8, final newline; two-space indent,
    or with ``minify`` no whitespace at all (the smallest text a page can embed)."""
    if minify:
        return json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":")) + "\n"
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


#: Properties a ``summary`` keeps on a cited work: enough to find and link it.
CITATION_KEYS: Final = ("@id", "@type", "name", "datePublished", "identifier", "sameAs", "url")


def citation_node(node: Node) -> Node:
    """A cited work reduced to :data:`CITATION_KEYS`."""
    return {key: node[key] for key in CITATION_KEYS if key in node}


def summarise_nodes(root: str, nodes: NodeTable) -> tuple[str, NodeTable]:
    """The ``summary`` detail: the condition without its study nodes, citations compacted."""
    condition = dict(nodes[root])
    condition.pop("study", None)
    kept: NodeTable = {root: condition}
    cited = {item["@id"] for item in condition.get("subjectOf", [])}

    def reach(value: Any) -> None:
        if isinstance(value, list):
            for item in value:
                reach(item)
        elif isinstance(value, dict):
            node_id = value.get("@id")
            if set(value) == {"@id"} and node_id in nodes and node_id not in kept:
                node = nodes[node_id]
                kept[node_id] = citation_node(node) if node_id in cited else dict(node)
                if node_id not in cited:
                    for key, item in node.items():
                        if key != "subjectOf":
                            reach(item)
                        else:
                            kept[node_id].pop("subjectOf")
                return
            for item in value.values():
                reach(item)

    for key in sorted(condition):
        reach(condition[key])
    return root, kept


def add_page(nodes: NodeTable, condition: str, page: PageOptions, ids: IdScheme,
             related: Sequence[dict[str, str]]) -> str:
    """Put the MedicalWebPage first in ``nodes``; returns its id (the new root)."""
    node: Node = {"@id": ids.page(), "@type": "MedicalWebPage", "about": ref(condition),
                  "mainEntity": ref(condition)}
    citations = nodes[condition].get("subjectOf", [])
    if citations:
        node["citation"] = list(citations)
    if related:
        node["mentions"] = list(related)
    node.update(page_properties(page))
    rest = dict(nodes)
    nodes.clear()
    nodes[node["@id"]] = node
    nodes.update(rest)
    return str(node["@id"])


def page_properties(page: PageOptions) -> Node:
    """The MedicalWebPage's own metadata, from the publisher's options."""
    node: Node = {}
    for key, value in (("url", page.url), ("name", page.name), ("headline", page.headline),
                       ("description", page.description), ("datePublished", page.date_published),
                       ("dateModified", page.date_modified), ("lastReviewed", page.last_reviewed),
                       ("image", page.image), ("inLanguage", page.in_language)):
        if value is not None:
            node[key] = value
    if page.author:
        node["author"] = [person.node() for person in page.author]
    if page.reviewed_by:
        node["reviewedBy"] = [person.node() for person in page.reviewed_by]
    if page.publisher is not None:
        node["publisher"] = page.publisher.node()
    if page.audience is not None:
        node["medicalAudience"] = dict(_AUDIENCES[page.audience])
    if page.specialty is not None:
        node["specialty"] = {"@id": f"schema:{page.specialty}"}
    if page.breadcrumb:
        node["breadcrumb"] = {"@type": "BreadcrumbList", "itemListElement": [
            {"@type": "ListItem", "position": position, "name": step.name, "item": {"@id": step.url}}
            for position, step in enumerate(page.breadcrumb, start=1)
        ]}
    if page.is_part_of is not None:
        node["isPartOf"] = page.is_part_of.node()
    return node

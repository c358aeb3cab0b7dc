"""The page's structured data (``--detail page``): the page's own words as compact JSON-LD.

Made from the same :class:`~.content.PageContent` as the visible page, so every name,
treatment, date and citation it marks up is on the page: the condition with its codes and
symptoms, each treatment, each mechanism with the answer the page gives, the related
conditions it names, and one ``citation`` per entry of the reference list. No studies, no
authors of cited works: readers see those in the references, and markup stays small.
"""

from __future__ import annotations

from typing import Any, Final

from ..jsonld.codes import specialty_member
from ..jsonld.context import SCHEMA_ORG
from ..jsonld.export import PageOptions, page_properties
from ..jsonld.graph import Node, NodeTable, enum_member, ref
from ..jsonld.ids import IdScheme
from ..jsonld.shape import as_graph, as_tree
from ..jsonld.sources import SOURCE_TYPES
from ..model import Source, TreatmentKind
from .content import PageContent, TopicRow, source_link

__all__ = ["page_document", "pathophysiology_text"]

_TREATMENT_TYPES: Final = {
    TreatmentKind.DRUG: "Drug",
    TreatmentKind.BIOLOGIC: "Drug",
    TreatmentKind.DRUG_CLASS: "DrugClass",
    TreatmentKind.THERAPY: "MedicalTherapy",
    TreatmentKind.PROCEDURE: "MedicalTherapy",
    TreatmentKind.LIFESTYLE: "LifestyleModification",
}


def pathophysiology_text(row: TopicRow) -> str:
    """A mechanism as the page states it: its name and the answer (never as settled fact)."""
    return f"{row.name}: {row.answer}"


def citation(source: Source) -> Node | str:
    """A reference-list entry as a cited work: type, title, year and the link the page shows.

    No ``@id``: the DOI is already the ``sameAs``, and leaving ids out keeps the markup small;
    for the same reason the year is marked up only for works without a DOI (a DOI names the work
    and its date exactly; the visible reference list shows the year either way).
    A reference without any link (the data has no DOI, URL or PMID) is given as its title, the
    text a reader sees; the profile then warns that it cannot be followed, which is true.
    """
    link = source_link(source)
    if link is None:
        return source.title
    node: Node = {"@type": SOURCE_TYPES[source.kind], "name": source.title}
    if source.year is not None and not source.doi:
        node["datePublished"] = str(source.year)
    node["sameAs" if source.doi else "url"] = link
    return node


def page_document(content: PageContent, page: PageOptions, *, graph: bool = False) -> dict[str, Any]:
    """The JSON-LD a page embeds: a MedicalWebPage about the condition, as shown."""
    ids = IdScheme(page.url)
    condition = content.condition
    nodes: NodeTable = {}
    page_node: Node = {"@id": ids.page(), "@type": "MedicalWebPage"}
    condition_id = ids.node("condition", condition.id)
    page_node["about"] = ref(condition_id)
    page_node["mainEntity"] = ref(condition_id)
    page_node.update(page_properties(page))
    citations = [citation(source) for source in content.sources]
    if citations:
        page_node["citation"] = citations
    if content.related:
        page_node["mentions"] = [_related(fact.name or "", fact.text) for fact in content.related]
    nodes[page_node["@id"]] = page_node
    node: Node = {"@id": condition_id, "@type": "MedicalCondition", "name": condition.name}
    if condition.synonyms:
        node["alternateName"] = list(condition.synonyms)
    if condition.description:
        node["description"] = condition.description
    if content.codes:
        node["code"] = [_code(code.system, code.code, code.label) for code in content.codes]
        iris = list(dict.fromkeys(code.iri for code in content.codes if code.iri))
        if iris:
            node["sameAs"] = iris
    if content.symptoms:
        node["signOrSymptom"] = [{"@type": "MedicalSignOrSymptom", "name": name} for name in content.symptoms]
    if content.treatments:
        node["possibleTreatment"] = [{"@type": _treatment_type(row), "name": row.name} for row in content.treatments]
    if content.mechanisms:
        node["pathophysiology"] = [pathophysiology_text(row) for row in content.mechanisms]
    specialties = list(dict.fromkeys(m for m in (specialty_member(s) for s in condition.specialties) if m))
    if specialties:
        node["relevantSpecialty"] = [enum_member(member) for member in specialties]
    nodes[condition_id] = node
    root = str(page_node["@id"])
    if graph:
        return {"@context": SCHEMA_ORG, "@graph": as_graph(root, nodes)}
    return {"@context": SCHEMA_ORG, **as_tree(root, nodes)}


def _related(name: str, description: str) -> Node:
    node: Node = {"@type": "MedicalCondition", "name": name}
    if description:
        node["description"] = description
    return node


def _code(system: str, code: str, label: str | None) -> Node:
    node: Node = {"@type": "MedicalCode", "codeValue": code, "codingSystem": system}
    if label:
        node["name"] = label
    return node


def _treatment_type(row: TopicRow) -> str:
    kind = row.treatment_kind
    return _TREATMENT_TYPES.get(TreatmentKind(kind), "MedicalTherapy") if kind else "MedicalTherapy"

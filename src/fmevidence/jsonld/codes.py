"""Public IRIs for codes, and schema.org enumeration members for specialties.

``sameAs`` gets an IRI only where the code system publishes one stable IRI per code; a code in
any other system (ICD-10, ICD-10-CM, ICD-11, UMLS, DrugBank, RxNorm, ATC) stays a
``MedicalCode`` without ``sameAs``, because a browser link is not an identifier.

========  ==========================================================  ===================
System    IRI pattern                                                  Code as written
========  ==========================================================  ===================
MONDO     ``http://purl.obolibrary.org/obo/MONDO_<digits>``            ``MONDO:0005546``
HPO       ``http://purl.obolibrary.org/obo/HP_<digits>``               ``HP:0012531``
UBERON    ``http://purl.obolibrary.org/obo/UBERON_<digits>``           ``UBERON:0001870``
CL        ``http://purl.obolibrary.org/obo/CL_<digits>``               ``CL:0000540``
DOID      ``http://purl.obolibrary.org/obo/DOID_<digits>``             ``DOID:631``
ChEBI     ``http://purl.obolibrary.org/obo/CHEBI_<digits>``            ``CHEBI:8093``
GO        ``http://purl.obolibrary.org/obo/GO_<digits>``               ``GO:0006954``
NCIT      ``http://purl.obolibrary.org/obo/NCIT_<C+digits>``           ``NCIT:C3181``
MeSH      ``http://id.nlm.nih.gov/mesh/<descriptor id>``               ``D005356``
SNOMED    ``http://snomed.info/id/<SCTID>``                            ``203082005``
========  ==========================================================  ===================

OBO ids follow the OBO Foundry's PURL policy (``prefix:local`` -> ``obo/PREFIX_local``);
MeSH descriptor (D...), supplementary concept (C...) and qualifier (Q...) ids are the NLM's
MeSH RDF IRIs; SNOMED CT concept ids use the IRI scheme of SNOMED International.
"""

from __future__ import annotations

import re
from typing import Final

from ..model import CodingSystem, MedicalCode

__all__ = ["MEDICAL_SPECIALTIES", "code_iri", "specialty_member"]

_OBO = "http://purl.obolibrary.org/obo/"

#: system -> (pattern of the code as written, prefix used in the PURL, local-part group)
_OBO_SYSTEMS: Final[dict[CodingSystem, tuple[re.Pattern[str], str]]] = {
    CodingSystem.MONDO: (re.compile(r"(?:MONDO[:_])?(\d{7})"), "MONDO_"),
    CodingSystem.HPO: (re.compile(r"(?:HP[:_])?(\d{7})"), "HP_"),
    CodingSystem.UBERON: (re.compile(r"(?:UBERON[:_])?(\d{7})"), "UBERON_"),
    CodingSystem.CL: (re.compile(r"(?:CL[:_])?(\d{7})"), "CL_"),
    CodingSystem.DOID: (re.compile(r"(?:DOID[:_])?(\d+)"), "DOID_"),
    CodingSystem.CHEBI: (re.compile(r"(?:CHEBI[:_])?(\d+)", re.IGNORECASE), "CHEBI_"),
    CodingSystem.GO: (re.compile(r"(?:GO[:_])?(\d{7})"), "GO_"),
    CodingSystem.NCIT: (re.compile(r"(?:NCIT[:_])?(C\d+)"), "NCIT_"),
}
_MESH = re.compile(r"(?:MESH:)?([DCQ]\d{6,9})", re.IGNORECASE)
_SNOMED = re.compile(r"(?:SCTID:\s*)?(\d{6,18})")


def code_iri(code: MedicalCode) -> str | None:
    """The code system's stable public IRI for ``code``, or None if it has none we trust."""
    value = code.code.strip()
    if code.system in _OBO_SYSTEMS:
        pattern, prefix = _OBO_SYSTEMS[code.system]
        match = pattern.fullmatch(value)
        return f"{_OBO}{prefix}{match.group(1)}" if match else None
    if code.system is CodingSystem.MESH:
        match = _MESH.fullmatch(value)
        return f"http://id.nlm.nih.gov/mesh/{match.group(1).upper()}" if match else None
    if code.system is CodingSystem.SNOMED_CT:
        match = _SNOMED.fullmatch(value)
        return f"http://snomed.info/id/{match.group(1)}" if match else None
    return None


#: Members of schema.org's MedicalSpecialty enumeration (30.0), checked by the conformance test.
MEDICAL_SPECIALTIES: Final = frozenset(
    {
        "Anesthesia",
        "Cardiovascular",
        "CommunityHealth",
        "Dentistry",
        "Dermatologic",
        "Dermatology",
        "DietNutrition",
        "Emergency",
        "Endocrine",
        "Gastroenterologic",
        "Genetic",
        "Geriatric",
        "Gynecologic",
        "Hematologic",
        "Infectious",
        "LaboratoryScience",
        "Midwifery",
        "Musculoskeletal",
        "Neurologic",
        "Nursing",
        "Obstetric",
        "Oncologic",
        "Optometric",
        "Otolaryngologic",
        "Pathology",
        "Pediatric",
        "PharmacySpecialty",
        "Physiotherapy",
        "PlasticSurgery",
        "Podiatric",
        "PrimaryCare",
        "Psychiatric",
        "PublicHealth",
        "Pulmonary",
        "Radiography",
        "Renal",
        "RespiratoryTherapy",
        "Rheumatologic",
        "SpeechPathology",
        "Surgical",
        "Toxicologic",
        "Urologic",
    }
)

_SPECIALTY_NAMES: Final[dict[str, str]] = {
    "anesthesiology": "Anesthesia",
    "anaesthesiology": "Anesthesia",
    "cardiology": "Cardiovascular",
    "endocrinology": "Endocrine",
    "gastroenterology": "Gastroenterologic",
    "general practice": "PrimaryCare",
    "family medicine": "PrimaryCare",
    "genetics": "Genetic",
    "geriatrics": "Geriatric",
    "gynecology": "Gynecologic",
    "gynaecology": "Gynecologic",
    "hematology": "Hematologic",
    "haematology": "Hematologic",
    "infectious disease": "Infectious",
    "infectious diseases": "Infectious",
    "nephrology": "Renal",
    "neurology": "Neurologic",
    "nutrition": "DietNutrition",
    "obstetrics": "Obstetric",
    "oncology": "Oncologic",
    "otolaryngology": "Otolaryngologic",
    "pediatrics": "Pediatric",
    "paediatrics": "Pediatric",
    "pharmacy": "PharmacySpecialty",
    "physical therapy": "Physiotherapy",
    "physiotherapy": "Physiotherapy",
    "primary care": "PrimaryCare",
    "psychiatry": "Psychiatric",
    "public health": "PublicHealth",
    "pulmonology": "Pulmonary",
    "radiology": "Radiography",
    "rheumatology": "Rheumatologic",
    "urology": "Urologic",
}
_BY_FOLDED: Final = {name.casefold(): name for name in MEDICAL_SPECIALTIES}


def specialty_member(name: str) -> str | None:
    """The MedicalSpecialty member for a specialty as the data names it (``Rheumatology``)."""
    folded = name.strip().casefold()
    return _BY_FOLDED.get(folded) or _SPECIALTY_NAMES.get(folded)

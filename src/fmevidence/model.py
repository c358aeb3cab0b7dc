"""The typed evidence model: frozen, slotted attrs classes and enums, with no I/O.

Annotations are evaluated (no ``from __future__ import annotations``) so that the loader
reads real types from ``attrs.fields`` instead of re-parsing strings on every first load.

Records refer to each other by id (exactly as in the data files); the loaded
:class:`~fmevidence.evidence_base.EvidenceBase` resolves those ids, so the classes here
stay small, hashable and trivially serialisable.
"""

import enum
from typing import Union

import attrs

__all__ = [
    "AnatomicalStructure",
    "AnatomyKind",
    "Biomarker",
    "BiomarkerKind",
    "Blinding",
    "Certainty",
    "CertaintyOverride",
    "CodingSystem",
    "Condition",
    "Control",
    "DatasetInfo",
    "Decision",
    "DecisionKind",
    "DiagnosticTest",
    "Direction",
    "Entity",
    "EvidenceOrigin",
    "Finding",
    "Locator",
    "Mechanism",
    "MedicalCode",
    "OpenQuestion",
    "Quantity",
    "Recommendation",
    "RecommendationStrength",
    "Record",
    "Source",
    "SourceKind",
    "Study",
    "StudyDesign",
    "Symptom",
    "Treatment",
    "TreatmentKind",
    "TreatmentStatus",
    "Verification",
]


class _Values(str, enum.Enum):
    """String-valued enum whose ``str()`` is its value, as written in the data files."""

    def __str__(self) -> str:
        return str(self.value)


class SourceKind(_Values):
    """What kind of publication a source is (how it was published, not what it studied)."""

    JOURNAL_ARTICLE = "journal_article"
    REVIEW_ARTICLE = "review_article"
    GUIDELINE = "guideline"
    GOVERNMENT_PAGE = "government_page"
    REGULATORY_DOCUMENT = "regulatory_document"
    PRESS_RELEASE = "press_release"
    WEB_PAGE = "web_page"
    MAGAZINE_ARTICLE = "magazine_article"


class Verification(_Values):
    """Whether a curator has seen the record's key facts in the source itself."""

    VERIFIED = "verified"
    UNVERIFIED = "unverified"


class StudyDesign(_Values):
    """How a study was done; the starting point of its certainty rating."""

    META_ANALYSIS = "meta_analysis"
    SYSTEMATIC_REVIEW = "systematic_review"
    RANDOMIZED_CONTROLLED_TRIAL = "randomized_controlled_trial"
    NON_RANDOMIZED_TRIAL = "non_randomized_trial"
    COHORT = "cohort"
    CASE_CONTROL = "case_control"
    CROSS_SECTIONAL = "cross_sectional"
    CASE_SERIES = "case_series"
    CASE_REPORT = "case_report"
    DIAGNOSTIC_ACCURACY = "diagnostic_accuracy"
    ANIMAL = "animal"
    IN_VITRO = "in_vitro"
    NARRATIVE_REVIEW = "narrative_review"
    GUIDELINE = "guideline"
    EXPERT_OPINION = "expert_opinion"
    REGULATORY_REVIEW = "regulatory_review"


class Blinding(_Values):
    """Who was kept unaware of the allocation."""

    OPEN_LABEL = "open_label"
    SINGLE_BLIND = "single_blind"
    DOUBLE_BLIND = "double_blind"
    ASSESSOR_BLIND = "assessor_blind"


class Control(_Values):
    """What the studied group was compared with."""

    NONE = "none"
    PLACEBO = "placebo"
    ACTIVE = "active"
    HEALTHY_CONTROLS = "healthy_controls"
    DISEASE_CONTROLS = "disease_controls"
    USUAL_CARE = "usual_care"
    VEHICLE = "vehicle"
    MIXED = "mixed"


class Direction(_Values):
    """What a finding does to the claim about its topic.

    For a mechanism: that it is involved in the condition; for a treatment: that it helps;
    for a biomarker: that it marks the condition; for descriptive context (criteria, prevalence, history):
    ``supports`` means the source affirms the statement.
    """

    SUPPORTS = "supports"
    CONTRADICTS = "contradicts"
    INCONCLUSIVE = "inconclusive"


class EvidenceOrigin(_Values):
    """How the evidence behind a finding was obtained."""

    HUMAN_CLINICAL = "human_clinical"
    ANIMAL_MODEL = "animal_model"
    IN_VITRO = "in_vitro"
    REVIEW = "review"
    GUIDELINE = "guideline"
    REGULATORY = "regulatory"
    EXPERT_OPINION = "expert_opinion"


class Certainty(_Values):
    """GRADE-style certainty levels, from most to least certain."""

    HIGH = "high"
    MODERATE = "moderate"
    LOW = "low"
    VERY_LOW = "very_low"

    @property
    def rank(self) -> int:
        """3 for high down to 0 for very low, so levels compare numerically."""
        return _CERTAINTY_RANK[self]


_CERTAINTY_RANK = {
    Certainty.HIGH: 3,
    Certainty.MODERATE: 2,
    Certainty.LOW: 1,
    Certainty.VERY_LOW: 0,
}


class CodingSystem(_Values):
    """Code systems and ontologies an entity may be identified in."""

    ICD_10 = "ICD-10"
    ICD_10_CM = "ICD-10-CM"
    ICD_11 = "ICD-11"
    SNOMED_CT = "SNOMED CT"
    MESH = "MeSH"
    UMLS = "UMLS"
    MONDO = "MONDO"
    DOID = "DOID"
    HPO = "HPO"
    UBERON = "UBERON"
    CL = "CL"
    CHEBI = "ChEBI"
    DRUGBANK = "DrugBank"
    RXNORM = "RxNorm"
    ATC = "ATC"
    GO = "GO"
    NCIT = "NCIT"


class TreatmentKind(_Values):
    """What sort of intervention a treatment is."""

    DRUG = "drug"
    DRUG_CLASS = "drug_class"
    BIOLOGIC = "biologic"
    THERAPY = "therapy"
    PROCEDURE = "procedure"
    LIFESTYLE = "lifestyle"


class TreatmentStatus(_Values):
    """Where a treatment stands for the dataset's primary condition (or, for research
    compounds, at all). ``approved`` means approved for that condition by at least one
    regulator; the :class:`Decision` records say which, when, and where it was refused."""

    APPROVED = "approved"
    APPROVED_OTHER_INDICATION = "approved_other_indication"
    RECOMMENDED = "recommended"
    OFF_LABEL = "off_label"
    INVESTIGATIONAL = "investigational"
    PRECLINICAL = "preclinical"
    NOT_RECOMMENDED = "not_recommended"


class BiomarkerKind(_Values):
    """What is measured."""

    AUTOANTIBODY = "autoantibody"
    SERUM_PROTEIN = "serum_protein"
    CYTOKINE = "cytokine"
    IMAGING = "imaging"
    HISTOLOGY = "histology"
    GENE_EXPRESSION = "gene_expression"
    CELLULAR = "cellular"
    PHYSIOLOGICAL = "physiological"


class AnatomyKind(_Values):
    """What sort of anatomical structure."""

    BRAIN_REGION = "brain_region"
    NERVE_FIBER = "nerve_fiber"
    CELL_TYPE = "cell_type"
    TISSUE = "tissue"
    ORGAN = "organ"
    SYSTEM = "system"


class RecommendationStrength(_Values):
    """Direction and strength of a guideline recommendation (EULAR wording)."""

    STRONG_FOR = "strong_for"
    WEAK_FOR = "weak_for"
    WEAK_AGAINST = "weak_against"
    STRONG_AGAINST = "strong_against"


@attrs.frozen
class MedicalCode:
    """A code or ontology id: ``system`` + ``code`` (e.g. ICD-10 ``M79.7``)."""

    system: CodingSystem
    code: str
    label: str | None = None
    note: str | None = None


@attrs.frozen
class Locator:
    """Where in the source article a record comes from, without quoting it.

    ``sentence_sha256`` is the sha256 of the whitespace-normalised sentence; see
    :func:`fmevidence.locators.fingerprint`.
    """

    section: str
    sentence_sha256: str


@attrs.frozen
class Quantity:
    """A number stated by a finding: a single ``value`` or a ``low``..``high`` range."""

    measure: str
    value: float | None = None
    low: float | None = None
    high: float | None = None
    unit: str | None = None
    approximate: bool = False


@attrs.frozen
class CertaintyOverride:
    """A curator's rating that replaces the computed one; never without a reason."""

    level: Certainty
    justification: str


@attrs.frozen
class Source:
    """A citable work: article, guideline, regulatory document or web page."""

    id: str
    kind: SourceKind
    title: str
    authors: tuple[str, ...] = ()
    et_al: bool = False
    journal: str | None = None
    publisher: str | None = None
    year: int | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    doi: str | None = None
    pmid: str | None = None
    url: str | None = None
    correction: str | None = None
    cited_in_article: bool = False
    background: bool = False
    verification: Verification = Verification.VERIFIED
    notes: str | None = None


@attrs.frozen
class Study:
    """What was done: the design and population behind one or more findings."""

    id: str
    name: str
    design: StudyDesign
    sources: tuple[str, ...]
    species: str = "human"
    population: str | None = None
    sample_size: int | None = None
    randomized: bool | None = None
    blinding: Blinding | None = None
    control: Control | None = None
    retrospective: bool | None = None
    pilot: bool = False
    surrogate_outcome: bool = False
    year: int | None = None
    conditions: tuple[str, ...] = ()
    verification: Verification = Verification.VERIFIED
    notes: str | None = None


@attrs.frozen
class Finding:
    """One claim, what it is about, which way it points, and who backs it.

    ``outcome`` names what was measured when it matters for grading (``pain``, ``function``,
    ``fatigue``, a biomarker difference): findings on the same topic and outcome form one
    body of evidence, rated together.
    """

    id: str
    statement: str
    about: tuple[str, ...]
    direction: Direction
    origin: EvidenceOrigin
    sources: tuple[str, ...]
    studies: tuple[str, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    locators: tuple[Locator, ...] = ()
    reconstructed: bool = False
    context: bool = False
    outcome: str | None = None
    discrepancy: str | None = None
    certainty_override: CertaintyOverride | None = None
    verification: Verification = Verification.VERIFIED
    notes: str | None = None


@attrs.frozen(kw_only=True)
class Entity:
    """What every named entity shares: names, codes, provenance.

    Conditions, mechanisms, treatments, biomarkers, anatomical structures, symptoms and
    diagnostic tests are the things a finding can be *about*; they subclass this.
    """

    id: str
    name: str
    sources: tuple[str, ...]
    synonyms: tuple[str, ...] = ()
    description: str | None = None
    codes: tuple[MedicalCode, ...] = ()
    locators: tuple[Locator, ...] = ()
    reconstructed: bool = False
    notes: str | None = None


@attrs.frozen(kw_only=True)
class Condition(Entity):
    """A disease or syndrome, with its names and codes."""

    categories: tuple[str, ...] = ()
    related_conditions: tuple[str, ...] = ()
    symptoms: tuple[str, ...] = ()
    anatomy: tuple[str, ...] = ()
    risk_factors: tuple[str, ...] = ()
    epidemiology: str | None = None
    specialties: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class Mechanism(Entity):
    """A proposed disease mechanism (autoimmunity, neuroinflammation, ...)."""

    related_mechanisms: tuple[str, ...] = ()
    anatomy: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class Treatment(Entity):
    """A drug, drug class, therapy, procedure or lifestyle intervention."""

    kind: TreatmentKind
    status: TreatmentStatus | None = None
    regulatory_notes: str | None = None
    drug_classes: tuple[str, ...] = ()
    mechanism_of_action: str | None = None
    targets: tuple[str, ...] = ()
    conditions: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class Biomarker(Entity):
    """Something measurable that may mark a condition or one of its mechanisms."""

    kind: BiomarkerKind
    mechanisms: tuple[str, ...] = ()
    anatomy: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class AnatomicalStructure(Entity):
    """A brain region, nerve fibre type, cell type, tissue or organ."""

    kind: AnatomyKind
    part_of: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class Symptom(Entity):
    """A symptom or sign, such as fatigue or allodynia."""


@attrs.frozen(kw_only=True)
class DiagnosticTest(Entity):
    """A test used to diagnose a condition (e.g. a skin punch biopsy for SFN)."""

    conditions: tuple[str, ...] = ()
    biomarkers: tuple[str, ...] = ()


@attrs.frozen
class Recommendation:
    """One guideline recommendation, with the guideline's own strength wording."""

    id: str
    statement: str
    guideline: str
    strength: RecommendationStrength
    sources: tuple[str, ...]
    treatments: tuple[str, ...] = ()
    conditions: tuple[str, ...] = ()
    evidence_level: str | None = None
    agreement_percent: float | None = None
    verification: Verification = Verification.VERIFIED
    notes: str | None = None


class DecisionKind(_Values):
    """What a regulator or guideline body decided about an intervention for a condition."""

    APPROVED = "approved"
    REFUSED = "refused"
    WITHDRAWN = "withdrawn"
    RECOMMENDED_FOR = "recommended_for"
    RECOMMENDED_AGAINST = "recommended_against"


@attrs.frozen
class Decision:
    """A regulator's or guideline body's decision on an intervention for a condition.

    A decision is a judgement of benefit and risk (or of a guideline panel), made on the
    evidence: it is shown beside a treatment's evidence rating and never counted as
    evidence for or against the treatment working.
    """

    id: str
    body: str
    kind: DecisionKind
    condition: str
    interventions: tuple[str, ...]
    statement: str
    sources: tuple[str, ...]
    date: str | None = None
    strength: str | None = None
    reason: str | None = None
    region: str | None = None
    verification: Verification = Verification.VERIFIED
    notes: str | None = None


@attrs.frozen
class OpenQuestion:
    """A knowledge gap named by the sources, linked to what it is about."""

    id: str
    question: str
    about: tuple[str, ...]
    sources: tuple[str, ...]
    locators: tuple[Locator, ...] = ()
    notes: str | None = None


@attrs.frozen
class DatasetInfo:
    """The dataset's own metadata: its version, when it was last reviewed as a whole, and
    ``condition``, the id of the condition the dataset is about (grading judges indirectness
    and the export its root against it; no condition is built into the code)."""

    name: str
    version: str
    last_reviewed: str
    description: str | None = None
    license: str | None = None
    condition: str | None = None
    files: tuple[str, ...] = ()


Record = Union[
    Source,
    Study,
    Finding,
    Condition,
    Mechanism,
    Treatment,
    Biomarker,
    AnatomicalStructure,
    Symptom,
    DiagnosticTest,
    Recommendation,
    Decision,
    OpenQuestion,
]

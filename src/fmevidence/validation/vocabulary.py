"""The schema.org vocabulary as a compact index: terms, class hierarchy, domains, ranges.

The index is built from an official schema.org release file (``schemaorg-current-https.jsonld``)
by :func:`build_index` -- the same code runs in ``scripts/build_vocabulary.py`` (which writes the
shipped ``vocabulary.json``) and in :func:`vocabulary_from_release` (``--vocabulary FILE``).
Only what the vocabulary check needs is kept: term names, parents, enumeration members,
``domainIncludes``, ``rangeIncludes`` and ``supersededBy``; no descriptions. The shipped index
loads lazily, once (as pycountry does with its databases).
"""

from __future__ import annotations

import difflib
import functools
import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from .. import _resources
from ..errors import FmevidenceError

__all__ = [
    "INDEX_FORMAT",
    "SCHEMA_PREFIXES",
    "Vocabulary",
    "VocabularyError",
    "build_index",
    "default_vocabulary",
    "dump_index",
    "local_name",
    "vocabulary_from_release",
]

INDEX_FORMAT = 1
"""Version of the index layout; bump it when the layout changes."""

SCHEMA_PREFIXES = ("http://schema.org/", "https://schema.org/")
"""schema.org terms are written under both schemes; the official context expands to http."""

_RESOURCE = ("validation", "vocabulary.json")


class VocabularyError(FmevidenceError, ValueError):
    """A release file or index is not usable; the message names the file and what was expected."""


def local_name(iri: str) -> str | None:
    """The term name of a schema.org IRI (http or https), or ``None`` for any other IRI."""
    for prefix in SCHEMA_PREFIXES:
        if iri.startswith(prefix):
            return iri[len(prefix) :]
    return None


def _ids(value: Any) -> list[str]:
    """The ``@id`` strings of a release-file reference or list of references."""
    items = value if isinstance(value, list) else [value] if value is not None else []
    return [item["@id"] for item in items if isinstance(item, dict) and isinstance(item.get("@id"), str)]


def _schema_names(values: Iterable[str]) -> list[str]:
    return sorted({value[len("schema:") :] for value in values if value.startswith("schema:")})


def build_index(release: Mapping[str, Any]) -> dict[str, Any]:
    """The compact index of an official release document (its ``@graph`` of terms).

    Classes are nodes typed ``rdfs:Class`` or ``schema:DataType``; properties are typed
    ``rdf:Property``; every other ``schema:`` node typed with schema.org classes is an
    enumeration member (``Monday`` is a ``DayOfWeek``). ``datatypes`` holds the data types
    and all their subclasses (``URL`` is a ``Text``; ``Duration`` a ``Quantity``).
    """
    graph = release.get("@graph")
    if not isinstance(graph, list):
        raise VocabularyError("expected a schema.org release document with a '@graph' list of terms")
    classes: dict[str, list[str]] = {}
    properties: dict[str, list[list[str]]] = {}
    members: dict[str, list[str]] = {}
    superseded: dict[str, list[str]] = {}
    datatype_roots: set[str] = set()
    for node in graph:
        if not isinstance(node, dict) or not isinstance(node.get("@id"), str):
            continue
        term_id: str = node["@id"]
        if not term_id.startswith("schema:"):
            continue
        name = term_id[len("schema:") :]
        raw_types = node.get("@type")
        types = [raw_types] if isinstance(raw_types, str) else [t for t in raw_types or [] if isinstance(t, str)]
        if "rdfs:Class" in types or "schema:DataType" in types:
            classes[name] = _schema_names(_ids(node.get("rdfs:subClassOf")))
            if "schema:DataType" in types:
                datatype_roots.add(name)
        elif "rdf:Property" in types:
            properties[name] = [
                _schema_names(_ids(node.get("schema:domainIncludes"))),
                _schema_names(_ids(node.get("schema:rangeIncludes"))),
            ]
        else:
            member_of = _schema_names(types)
            if member_of:
                members[name] = member_of
        replacements = _schema_names(_ids(node.get("schema:supersededBy")))
        if replacements:
            superseded[name] = replacements
    if not classes or not properties:
        raise VocabularyError("the release document defines no schema.org classes or properties")
    vocabulary = Vocabulary(classes, {}, properties, members, superseded)
    datatypes = sorted(c for c in classes if any(vocabulary.is_subclass(c, root) for root in datatype_roots))
    return {
        "classes": dict(sorted(classes.items())),
        "datatypes": datatypes,
        "format": INDEX_FORMAT,
        "members": dict(sorted(members.items())),
        "properties": dict(sorted(properties.items())),
        "superseded_by": dict(sorted(superseded.items())),
    }


def dump_index(index: Mapping[str, Any]) -> bytes:
    """The canonical bytes of an index: sorted keys, one term a line, so diffs stay readable."""
    parts = ["{"]
    sections = sorted(index.items())
    for position, (key, value) in enumerate(sections):
        comma = "," if position < len(sections) - 1 else ""
        if isinstance(value, dict) and value:
            parts.append(f"{json.dumps(key)}: {{")
            entries = sorted(value.items())
            for number, (term, data) in enumerate(entries):
                entry_comma = "," if number < len(entries) - 1 else ""
                parts.append(f"{json.dumps(term)}: {json.dumps(data, separators=(',', ':'))}{entry_comma}")
            parts.append("}" + comma)
        else:
            parts.append(f"{json.dumps(key)}: {json.dumps(value, separators=(',', ':'))}{comma}")
    parts.append("}")
    return ("\n".join(parts) + "\n").encode("utf-8")


class Vocabulary:
    """schema.org terms with the relations the vocabulary check needs.

    All names are schema.org local names (``MedicalCondition``, ``name``). ``parents`` maps a
    class to its direct superclasses; ``domains``/``ranges`` map a property to the classes of
    ``domainIncludes``/``rangeIncludes``; ``members`` maps an enumeration member to its classes;
    ``superseded_by`` maps a retired term to its replacements.
    """

    def __init__(
        self,
        parents: Mapping[str, Iterable[str]],
        datatypes: Iterable[str] | Mapping[str, Any],
        properties: Mapping[str, Iterable[Iterable[str]]],
        members: Mapping[str, Iterable[str]],
        superseded_by: Mapping[str, Iterable[str]],
    ) -> None:
        self.parents: dict[str, tuple[str, ...]] = {name: tuple(p) for name, p in parents.items()}
        self.classes: frozenset[str] = frozenset(self.parents)
        self.datatypes: frozenset[str] = frozenset(datatypes)
        self.domains: dict[str, tuple[str, ...]] = {}
        self.ranges: dict[str, tuple[str, ...]] = {}
        for name, (domains, ranges) in ((n, tuple(v)) for n, v in properties.items()):
            self.domains[name] = tuple(domains)
            self.ranges[name] = tuple(ranges)
        self.properties: frozenset[str] = frozenset(self.domains)
        self.members: dict[str, tuple[str, ...]] = {name: tuple(m) for name, m in members.items()}
        self.superseded_by: dict[str, tuple[str, ...]] = {n: tuple(r) for n, r in superseded_by.items()}
        self._ancestors: dict[str, frozenset[str]] = {}
        self.cache: dict[str, Any] = {}
        """Derived data users of the vocabulary keep with it (the vocabulary check's verdicts)."""
        self._lower: dict[str, dict[str, str]] = {}

    @classmethod
    def from_index(cls, index: Mapping[str, Any]) -> Vocabulary:
        """A vocabulary from an index made by :func:`build_index` (or read from the resource)."""
        if index.get("format") != INDEX_FORMAT:
            raise VocabularyError(f"expected vocabulary index format {INDEX_FORMAT}, found {index.get('format')!r}")
        return cls(index["classes"], index["datatypes"], index["properties"], index["members"], index["superseded_by"])

    def ancestors(self, name: str) -> frozenset[str]:
        """``name`` and every class above it (empty for an unknown class)."""
        known = self._ancestors.get(name)
        if known is not None:
            return known
        seen: set[str] = set()
        stack = [name] if name in self.parents else []
        while stack:
            current = stack.pop()
            if current in seen:
                continue
            seen.add(current)
            stack.extend(self.parents.get(current, ()))
        result = frozenset(seen)
        self._ancestors[name] = result
        return result

    def is_subclass(self, name: str, ancestor: str) -> bool:
        """Whether class ``name`` is ``ancestor`` or below it."""
        return ancestor in self.ancestors(name)

    def is_class(self, name: str) -> bool:
        return name in self.classes

    def is_property(self, name: str) -> bool:
        return name in self.domains

    def is_datatype(self, name: str) -> bool:
        """Data types take literal values: Text, URL, Number, Date, Boolean, Duration, ..."""
        return name in self.datatypes

    def allowed_on(self, prop: str, types: Iterable[str]) -> bool:
        """Whether ``prop`` may be used on a node of any of ``types`` (domainIncludes, inherited).

        A property without ``domainIncludes`` is allowed everywhere; so is an unknown property
        (that is reported separately).
        """
        domains = self.domains.get(prop)
        if not domains:
            return True
        return any(not self.ancestors(t).isdisjoint(domains) for t in types)

    def member_fits(self, member: str, classes: Iterable[str]) -> bool:
        """Whether enumeration member ``member`` is an instance of one of ``classes``."""
        wanted = set(classes)
        return any(not self.ancestors(t).isdisjoint(wanted) for t in self.members.get(member, ()))

    def suggest(self, term: str, kind: str) -> list[str]:
        """Known terms close to ``term`` ("did you mean"): ``kind`` is ``class`` or ``property``."""
        names: Iterable[str] = self.classes if kind == "class" else self.properties
        lower = self._lower.get(kind)
        if lower is None:
            lower = self._lower[kind] = {name.lower(): name for name in names}
        exact = lower.get(term.lower())
        if exact is not None and exact != term:
            return [exact]
        close = difflib.get_close_matches(term.lower(), list(lower), n=3, cutoff=0.75)
        return [lower[name] for name in close]


def _vocabulary_from_bytes(data: bytes, source: str) -> Vocabulary:
    try:
        index = json.loads(data)
        return Vocabulary.from_index(index)
    except (ValueError, KeyError, TypeError) as error:
        raise VocabularyError(f"{source}: not a usable vocabulary index ({error})") from error


@functools.lru_cache(maxsize=1)
def default_vocabulary() -> Vocabulary:
    """The shipped index (schema.org 30.0), read from the package once and cached."""
    return _vocabulary_from_bytes(_resources.read_bytes(*_RESOURCE), "fmevidence/validation/vocabulary.json")


def vocabulary_from_release(path: str | Path) -> Vocabulary:
    """Build a vocabulary from an official schema.org release file (``schemaorg-current-*.jsonld``).

    Raises :class:`VocabularyError` (a ``ValueError``) naming the file when it cannot be read
    or is not a release document.
    """
    path = Path(path)
    try:
        release = json.loads(path.read_bytes())
    except OSError as error:
        raise VocabularyError(f"{path}: cannot read the vocabulary file ({error.strerror or error})") from error
    except ValueError as error:
        raise VocabularyError(f"{path}: not JSON ({error})") from error
    if not isinstance(release, dict):
        raise VocabularyError(f"{path}: expected a schema.org release document (a JSON object with '@graph')")
    try:
        index = build_index(release)
    except VocabularyError as error:
        raise VocabularyError(f"{path}: {error}") from error
    return Vocabulary.from_index(index)

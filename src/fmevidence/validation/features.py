"""Search-feature profiles as data: what a search engine requires for a feature, kept apart from schema.org.

A profile (``schemas/features/<name>.json``) is a rule table read from one dated page of the
search engine's documentation: for each rule the property, whether the page calls it required
(an error in that profile's verdict) or recommended (a warning), and the page's sentence,
paraphrased, under its heading. Guidelines that need more than the markup (an image's size)
are listed as ``unchecked`` so users see them without a false verdict. ``retired.json`` names
features the search engine retired or restricted: markup for them gets an ``info`` note with
the date a stored page gives, never an error.

Problems are coded ``feature.<profile>.<rule>`` and so belong to the ``profile:<profile>``
family (see :func:`fmevidence.validation.report.family_of`).
"""

from __future__ import annotations

import builtins
import functools
import json
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import attrs

from .._resources import resource
from ..errors import FmevidenceError
from ..pointers import escape
from .report import Problem, Severity

__all__ = [
    "FeatureCheck",
    "FeatureProfile",
    "FeatureRule",
    "RetiredFeature",
    "describe_profiles",
    "feature_profiles",
    "retired_features",
    "retired_notes",
    "top_level_nodes",
]

LEVELS = {"required": Severity.ERROR, "recommended": Severity.WARNING, "optional": Severity.WARNING}
EXPECTS = ("present", "url", "image", "integer", "text", "entity", "datetime")
#: ISO 8601 date or date-time, reduced precision allowed (``2024``, ``2024-01``, ``2024-01-05T08:00+08:00``).
_ISO_DATETIME = re.compile(r"\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?)?)?")
_SCHEMA_PREFIXES = ("https://schema.org/", "http://schema.org/", "schema:")
#: Properties whose values are the page's own items, besides the top-level nodes.
PAGE_ITEM_PROPERTIES = ("mainEntity", "breadcrumb")


@attrs.frozen
class FeatureRule:
    """One rule of a feature, with the source sentence it was paraphrased from.

    ``within`` names a property of the feature's node whose object values the rule applies
    to (``author``, ``itemListElement``); ``satisfied_by`` lists dotted paths whose presence
    fulfils the rule instead (``alternateName`` for ``name``); ``skip_last`` exempts the last
    item of ``within``; ``min_items`` and ``min_length`` / ``max_length`` bound counts and text.
    ``optional`` rules are checked only when the property is present.
    """

    id: str
    property: str
    level: str
    expect: str
    heading: str
    source: str
    within: str | None = None
    satisfied_by: tuple[str, ...] = ()
    skip_last: bool = False
    min_items: int | None = None
    min_length: int | None = None
    max_length: int | None = None
    #: Why the rule has its level, when that is fmevidence's reading of the page.
    note: str | None = None

    @builtins.property  # the field ``property`` shadows the builtin in this class body
    def severity(self) -> Severity:
        return LEVELS[self.level]


@attrs.frozen
class FeatureProfile:
    """A feature's rule table and where (and when) it was read."""

    name: str
    feature: str
    types: tuple[str, ...]
    subtypes: bool
    source: dict[str, str]
    rules: tuple[FeatureRule, ...]
    unchecked: tuple[dict[str, str], ...]
    examples: tuple[dict[str, str], ...]
    history: tuple[dict[str, str], ...] = ()


@attrs.frozen
class RetiredFeature:
    """A retired or restricted feature, recognised by its types (and optionally a property's type)."""

    id: str
    types: tuple[str, ...]
    feature: str
    date: str
    status: str
    says: str
    source: dict[str, str]
    when_property: str | None = None
    when_type: str | None = None


class ProfileDataError(FmevidenceError, ValueError):
    """A packaged profile file is malformed (a packaging bug, caught by the tests)."""


def _require(data: dict[str, Any], key: str, kind: type, where: str) -> Any:
    value = data.get(key)
    if not isinstance(value, kind):
        raise ProfileDataError(f"{where}: expected {key!r} to be a {kind.__name__}, found {value!r}")
    return value


_RULE_KEYS = {"id", "property", "level", "expect", "heading", "source"}
_RULE_OPTIONAL = {"within", "satisfied_by", "skip_last", "min_items", "min_length", "max_length", "note"}


def _rule(raw: Any, place: str) -> FeatureRule:
    if not isinstance(raw, dict):
        raise ProfileDataError(f"{place}: expected a rule object")
    unknown = set(raw) - _RULE_KEYS - _RULE_OPTIONAL
    if unknown:
        raise ProfileDataError(f"{place}: unknown keys {sorted(unknown)}")
    fields: dict[str, Any] = {key: _require(raw, key, str, place) for key in sorted(_RULE_KEYS)}
    fields.update({key: raw[key] for key in _RULE_OPTIONAL if key in raw})
    fields["satisfied_by"] = tuple(fields.get("satisfied_by", ()))
    rule = FeatureRule(**fields)
    if rule.level not in LEVELS:
        raise ProfileDataError(f"{place}: level must be one of {sorted(LEVELS)}, found {rule.level!r}")
    if rule.expect not in EXPECTS:
        raise ProfileDataError(f"{place}: expect must be one of {list(EXPECTS)}, found {rule.expect!r}")
    return rule


def _profile(data: dict[str, Any], where: str) -> FeatureProfile:
    source = _require(data, "source", dict, where)
    for key in ("url", "read", "read_via"):
        _require(source, key, str, f"{where} /source")
    rules = tuple(_rule(raw, f"{where} /rules/{index}") for index, raw in enumerate(_require(data, "rules", list, where)))
    ids = [rule.id for rule in rules]
    if len(ids) != len(set(ids)):
        raise ProfileDataError(f"{where}: rule ids must be unique")
    return FeatureProfile(
        name=_require(data, "name", str, where),
        feature=_require(data, "feature", str, where),
        types=tuple(_require(data, "types", list, where)),
        subtypes=bool(data.get("subtypes", False)),
        source=source,
        rules=rules,
        unchecked=tuple(data.get("unchecked", ())),
        examples=tuple(data.get("examples", ())),
        history=tuple(data.get("history", ())),
    )


@functools.cache
def feature_profiles() -> dict[str, FeatureProfile]:
    """Every packaged feature profile, by name (the file name without ``.json``)."""
    profiles: dict[str, FeatureProfile] = {}
    folder = resource("schemas", "features")
    for entry in sorted(folder.iterdir(), key=lambda node: node.name):
        if not entry.name.endswith(".json") or entry.name == "retired.json":
            continue
        where = f"schemas/features/{entry.name}"
        profile = _profile(json.loads(entry.read_text(encoding="utf-8")), where)
        if profile.name != entry.name.removesuffix(".json"):
            raise ProfileDataError(f"{where}: name {profile.name!r} does not match the file name")
        profiles[profile.name] = profile
    return profiles


@functools.cache
def retired_features() -> tuple[RetiredFeature, ...]:
    """The retired or restricted features of ``schemas/features/retired.json``."""
    data = json.loads(resource("schemas", "features", "retired.json").read_text(encoding="utf-8"))
    fields = attrs.fields_dict(RetiredFeature)
    return tuple(
        RetiredFeature(**{**{k: v for k, v in raw.items() if k in fields}, "types": tuple(raw["types"])})
        for raw in data["features"]
    )


def _type_names(node: dict[str, Any]) -> list[str]:
    raw = node.get("@type", node.get("type"))
    values = raw if isinstance(raw, list) else [raw]
    names = []
    for value in values:
        if isinstance(value, str):
            for prefix in _SCHEMA_PREFIXES:
                if value.startswith(prefix):
                    value = value[len(prefix) :]
                    break
            names.append(value)
    return names


def _has_context(document: Any) -> bool:
    """JSON-LD: an ``@context`` at the top, or on a top-level array's nodes (as the vocabulary check reads it)."""
    if isinstance(document, dict):
        return "@context" in document
    return isinstance(document, list) and any(isinstance(node, dict) and "@context" in node for node in document)


def _reference(value: Any) -> str | None:
    """The IRI a value only refers to: ``{"@id": X}`` (nothing else but a type) or a URL string."""
    if isinstance(value, dict) and isinstance(value.get("@id"), str) and set(value) <= {"@id", "@type", "type", "id"}:
        return str(value["@id"])
    if _is_url(value):
        return str(value).strip()
    return None


def _nodes_by_id(document: Any) -> dict[str, dict[str, Any]]:
    """Every node with an ``@id``, by id; of several, the fullest description (a typed node beats a bare reference)."""
    found: dict[str, dict[str, Any]] = {}
    stack: list[Any] = [document]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, dict):
            identifier = node.get("@id")
            if isinstance(identifier, str) and len(node) > len(found.get(identifier, ())):
                found[identifier] = node
            stack.extend(value for key, value in node.items() if key != "@context")
    return found


def _escape(token: str) -> str:
    return escape(token)


def top_level_nodes(document: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    """The page's own items with their JSON pointers.

    These are the typed top-level nodes (the root, a root array's items, ``@graph`` members)
    and the values of their ``mainEntity`` and ``breadcrumb``. Feature rules apply to these,
    not to every nested mention: an article's publisher is not the page's organization
    markup, and a cited study is not the page's article. In a flat ``@graph`` every node is at
    the top, so a node that another node cites or credits by ``@id`` (``citation``, ``author``,
    ``hasPart``, ... see ``MENTION_PROPERTIES``) is not one of the page's items either, and a
    ``mainEntity`` given by ``@id`` is followed.
    """
    roots: list[tuple[str, Any]] = []
    stack: list[tuple[str, Any]] = [("", document)]
    while stack:
        pointer, node = stack.pop(0)
        if isinstance(node, list):
            stack[0:0] = [(f"{pointer}/{index}", item) for index, item in enumerate(node)]
        elif isinstance(node, dict):
            if _type_names(node):
                roots.append((pointer, node))
            graph = node.get("@graph")
            if isinstance(graph, list):
                stack[0:0] = [(f"{pointer}/@graph/{index}", item) for index, item in enumerate(graph)]
    by_pointer: dict[str, dict[str, Any]] = {}
    if len(roots) > 1:
        mentioned = _mentioned_ids(node for _, node in roots)
        roots = [(pointer, node) for pointer, node in roots if node.get("@id") not in mentioned]
        by_pointer = {str(node["@id"]): node for _, node in roots if isinstance(node.get("@id"), str)}
    found = _nodes_by_id(document) if len(roots) > 1 or by_pointer else {}
    for pointer, node in roots:
        yield pointer, node
        for key in PAGE_ITEM_PROPERTIES:
            for place, value in _values(node, key, pointer):
                reference = _reference(value)
                if reference is not None and reference in found and reference not in by_pointer:
                    value = found[reference]
                if isinstance(value, dict) and _type_names(value) and _reference(value) is None:
                    yield place, value


#: Properties through which a node cites or credits another: such a node is not a page item.
MENTION_PROPERTIES = (
    "citation",
    "isBasedOn",
    "hasPart",
    "isPartOf",
    "subjectOf",
    "mentions",
    "author",
    "creator",
    "contributor",
    "editor",
    "funder",
    "sponsor",
    "reviewedBy",
    "provider",
    "sourceOrganization",
)


def _mentioned_ids(nodes: Iterator[dict[str, Any]] | Any) -> set[str]:
    """The ``@id`` of every node cited or credited through ``MENTION_PROPERTIES``, at any depth."""
    mentioned: set[str] = set()
    stack: list[Any] = list(nodes)
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, dict):
            for key, value in node.items():
                if key == "@context":
                    continue
                if key in MENTION_PROPERTIES:
                    for item in value if isinstance(value, list) else [value]:
                        if isinstance(item, dict) and isinstance(item.get("@id"), str):
                            mentioned.add(item["@id"])
                        elif isinstance(item, str):
                            mentioned.add(item)
                stack.append(value)
    return mentioned


def _values(node: dict[str, Any], key: str, pointer: str) -> list[tuple[str, Any]]:
    """The values of ``node[key]`` with their pointers (a list gives one per item)."""
    if key not in node:
        return []
    value = node[key]
    here = f"{pointer}/{_escape(key)}"
    if isinstance(value, list):
        return [(f"{here}/{index}", item) for index, item in enumerate(value)]
    return [(here, value)]


def _lookup(node: Any, path: str) -> list[Any]:
    """Values at a dotted path (``item.name``), through lists."""
    current = [node]
    for key in path.split("."):
        following: list[Any] = []
        for value in current:
            if isinstance(value, dict) and key in value:
                found = value[key]
                following.extend(found if isinstance(found, list) else [found])
        current = following
    return current


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, (str, list, dict)) and not value)


def _is_url(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    parts = urlsplit(value.strip())
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _text(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and isinstance(value.get("@value"), str):
        return str(value["@value"])
    return None


def _fits(value: Any, rule: FeatureRule) -> bool:
    """Whether one value meets the rule's ``expect`` (and length bounds)."""
    expect = rule.expect
    if _empty(value):
        return False
    if expect == "present":
        return True
    if expect == "url":
        return _is_url(value) or (isinstance(value, dict) and (_is_url(value.get("@id")) or _is_url(value.get("url"))))
    if expect == "image":  # a URL, or an ImageObject whose url / contentUrl / @id is one
        return _is_url(value) or (
            isinstance(value, dict) and any(_is_url(value.get(key)) for key in ("url", "contentUrl", "@id"))
        )
    if expect == "integer":
        if isinstance(value, dict):
            value = value.get("@value")
        if isinstance(value, bool):
            return False
        return isinstance(value, int) or (isinstance(value, str) and value.strip().isdigit())
    if expect == "entity":  # an object (Person, Organization...) or a reference to one
        return isinstance(value, dict) or _is_url(value)
    if expect == "datetime":
        text = _text(value)
        return text is not None and _ISO_DATETIME.fullmatch(text.strip()) is not None
    text = _text(value)  # expect == "text"
    if text is None or not text.strip():
        return False
    length = len(text)
    return (rule.min_length is None or length >= rule.min_length) and (
        rule.max_length is None or length <= rule.max_length
    )


_EXPECTED = {
    "present": "a value",
    "url": "an absolute http(s) URL (or an object whose @id or url is one)",
    "image": "an image URL (or an ImageObject whose url or contentUrl is one)",
    "integer": "a whole number",
    "entity": "an object (Person, Organization, ...) or a URL",
    "text": "text",
    "datetime": "an ISO 8601 date or date-time",
}


class FeatureCheck:
    """Apply one feature profile to the page's own items of the profile's types."""

    def __init__(self, profile: FeatureProfile) -> None:
        self.profile = profile
        self._vocabulary: Any = None
        if profile.subtypes:
            from .vocabulary import default_vocabulary

            self._vocabulary = default_vocabulary()

    def applies_to(self, node: dict[str, Any]) -> bool:
        for name in _type_names(node):
            if name in self.profile.types:
                return True
            if self._vocabulary is not None and any(
                self._vocabulary.is_subclass(name, wanted) for wanted in self.profile.types
            ):
                return True
        return False

    def check(self, document: Any) -> list[Problem]:
        items = [(pointer, node) for pointer, node in top_level_nodes(document) if self.applies_to(node)]
        if not items:
            return []
        if not _has_context(document):
            return [
                Problem(
                    rule=f"feature.{self.profile.name}.no-context",
                    severity=Severity.WARNING,
                    message=(
                        f"the document has no @context, so it is not JSON-LD that a search engine reads; "
                        f"the {self.profile.name} profile was not applied; expected \"@context\": \"https://schema.org\""
                    ),
                )
            ]
        problems: list[Problem] = []
        seen: set[int] = set()
        nodes_by_id = _nodes_by_id(document) if any(rule.within for rule in self.profile.rules) else {}
        for pointer, node in items:
            if id(node) not in seen:
                seen.add(id(node))
                for rule in self.profile.rules:
                    problems.extend(self._check_rule(rule, pointer, node, nodes_by_id))
        return problems

    def _check_rule(
        self, rule: FeatureRule, pointer: str, node: dict[str, Any], nodes_by_id: dict[str, dict[str, Any]]
    ) -> list[Problem]:
        if rule.within is None:
            return self._check_at(rule, pointer, node)
        items = _values(node, rule.within, pointer)
        if rule.skip_last and items:
            items = items[:-1]
        problems = []
        for place, item in items:
            reference = _reference(item)
            if reference is not None:  # {"@id": ...} or a URL: check the node it names, if the document has it
                named = nodes_by_id.get(reference)
                if named is None or set(named) <= {"@id", "id"}:
                    continue  # described elsewhere: nothing to check here, and no false alarm
                item = named
            if isinstance(item, dict):
                problems.extend(self._check_at(rule, place, item))
            elif rule.level != "optional":  # a bare string cannot carry the property
                problems.append(self._problem(rule, place, f"'{rule.within}' is not an object with '{rule.property}'"))
        return problems

    def _check_at(self, rule: FeatureRule, pointer: str, node: dict[str, Any]) -> list[Problem]:
        if any(not _empty(value) for path in rule.satisfied_by for value in _lookup(node, path)):
            return []
        value = node.get(rule.property)
        values = value if isinstance(value, list) else [value]
        if _empty(value):
            if rule.level == "optional":
                return []
            return [self._problem(rule, pointer, f"missing {rule.level} property '{rule.property}'")]
        place = f"{pointer}/{_escape(rule.property)}"
        if rule.min_items is not None and len(values) < rule.min_items:
            return [self._problem(rule, place, f"'{rule.property}' has {len(values)} item(s), expected at least {rule.min_items}")]
        bad = [index for index, item in enumerate(values) if not _fits(item, rule)]
        if not bad or (rule.expect in ("url", "image") and len(bad) < len(values)):
            return []
        where = f"{place}/{bad[0]}" if isinstance(value, list) else place
        bounds = ""
        if rule.min_length is not None or rule.max_length is not None:
            bounds = f" of {rule.min_length or 1} to {rule.max_length or 'any number of'} characters"
        return [self._problem(rule, where, f"'{rule.property}' is not {_EXPECTED[rule.expect]}{bounds}")]

    def _problem(self, rule: FeatureRule, pointer: str, found: str) -> Problem:
        profile = self.profile
        return Problem(
            rule=f"feature.{profile.name}.{rule.id}",
            severity=rule.severity,
            message=(
                f"{found} ({profile.feature}); the source says, under {rule.heading!r}: {rule.source} "
                f"({profile.source['url']}, read {profile.source['read']})"
            ),
            pointer=pointer,
        )


def retired_notes(document: Any) -> list[Problem]:
    """An ``info`` note for each page item whose markup feeds a retired or restricted feature."""
    notes: list[Problem] = []
    for pointer, node in top_level_nodes(document):
        names = set(_type_names(node))
        for retired in retired_features():
            if not names & set(retired.types):
                continue
            if retired.when_property is not None:
                values = _lookup(node, retired.when_property)
                if not any(isinstance(item, dict) and retired.when_type in _type_names(item) for item in values):
                    continue
            notes.append(
                Problem(
                    rule=f"feature.retired.{retired.id}",
                    severity=Severity.INFO,
                    message=(
                        f"{retired.feature}: {retired.status} ({retired.date}); not checked as a feature. "
                        f"{retired.says} ({retired.source['url']}, read {retired.source['read']})"
                    ),
                    pointer=pointer,
                )
            )
    return notes


def describe_profiles(builtin: dict[str, Any]) -> str:
    """``--list-profiles``: each profile with its types, source page and the date it was read."""
    lines = []
    for name in sorted(builtin):
        lines.append(f"{name}\n  fmevidence's own profile for medical condition pages (schemas/{name}.schema.json)")
    for name, profile in sorted(feature_profiles().items()):
        counts = {level: sum(rule.level == level for rule in profile.rules) for level in LEVELS}
        updated = f", page updated {profile.source['page_updated']}" if "page_updated" in profile.source else ""
        lines.append(
            f"{name}\n  feature: {profile.feature}; types: {', '.join(profile.types)}"
            f"{' (and subtypes)' if profile.subtypes else ''}\n"
            f"  rules: {counts['required']} required (errors), {counts['recommended']} recommended (warnings), "
            f"{counts['optional']} checked only when present; {len(profile.unchecked)} guideline(s) not checkable "
            f"from markup\n"
            f"  source: {profile.source['url']} (read {profile.source['read']}{updated})"
        )
    retired = ", ".join(f"{r.feature} ({r.status} {r.date})" for r in retired_features())
    lines.append(f"retired features (info notes only): {retired}")
    return "\n".join(lines) + "\n"

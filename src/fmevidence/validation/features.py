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

import functools
import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import attrs

from .._resources import resource
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

LEVELS = {"required": Severity.ERROR, "recommended": Severity.WARNING}
EXPECTS = ("present", "url", "image")
_SCHEMA_PREFIXES = ("https://schema.org/", "http://schema.org/", "schema:")


@attrs.frozen
class FeatureRule:
    """One property rule of a feature, with the source sentence it was paraphrased from."""

    id: str
    property: str
    level: str
    expect: str
    heading: str
    source: str

    @property
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


class ProfileDataError(ValueError):
    """A packaged profile file is malformed (a packaging bug, caught by the tests)."""


def _require(data: dict[str, Any], key: str, kind: type, where: str) -> Any:
    value = data.get(key)
    if not isinstance(value, kind):
        raise ProfileDataError(f"{where}: expected {key!r} to be a {kind.__name__}, found {value!r}")
    return value


def _profile(data: dict[str, Any], where: str) -> FeatureProfile:
    source = _require(data, "source", dict, where)
    for key in ("url", "read"):
        _require(source, key, str, f"{where} /source")
    rules = []
    for index, raw in enumerate(_require(data, "rules", list, where)):
        place = f"{where} /rules/{index}"
        rule = FeatureRule(**{key: _require(raw, key, str, place) for key in attrs.fields_dict(FeatureRule)})
        if rule.level not in LEVELS:
            raise ProfileDataError(f"{place}: level must be one of {sorted(LEVELS)}, found {rule.level!r}")
        if rule.expect not in EXPECTS:
            raise ProfileDataError(f"{place}: expect must be one of {list(EXPECTS)}, found {rule.expect!r}")
        rules.append(rule)
    return FeatureProfile(
        name=_require(data, "name", str, where),
        feature=_require(data, "feature", str, where),
        types=tuple(_require(data, "types", list, where)),
        subtypes=bool(data.get("subtypes", False)),
        source=source,
        rules=tuple(rules),
        unchecked=tuple(data.get("unchecked", ())),
        examples=tuple(data.get("examples", ())),
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


def top_level_nodes(document: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    """The document's top-level nodes with their JSON pointers: the root, a root array's items, ``@graph``.

    Feature rules apply to the items a page declares, not to every nested mention (an
    article's publisher is not the page's logo markup).
    """
    stack: list[tuple[str, Any]] = [("", document)]
    while stack:
        pointer, node = stack.pop(0)
        if isinstance(node, list):
            stack[0:0] = [(f"{pointer}/{index}", item) for index, item in enumerate(node)]
        elif isinstance(node, dict):
            if _type_names(node):
                yield pointer, node
            graph = node.get("@graph")
            if isinstance(graph, list):
                stack[0:0] = [(f"{pointer}/@graph/{index}", item) for index, item in enumerate(graph)]


def _is_url(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    parts = urlsplit(value.strip())
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _fits(value: Any, expect: str) -> bool:
    """Whether one value meets ``expect``: any non-empty value, an absolute URL, or an image."""
    if value is None or value == "" or value == [] or value == {}:
        return False
    if expect == "present":
        return True
    if expect == "url":
        return _is_url(value) or (isinstance(value, dict) and (_is_url(value.get("@id")) or _is_url(value.get("url"))))
    # image: a URL, or an object (ImageObject) whose url / contentUrl / @id is one
    return _is_url(value) or (
        isinstance(value, dict) and any(_is_url(value.get(key)) for key in ("url", "contentUrl", "@id"))
    )


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


class FeatureCheck:
    """Apply one feature profile to a document's top-level nodes of the profile's types."""

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
        problems: list[Problem] = []
        for pointer, node in top_level_nodes(document):
            if self.applies_to(node):
                problems.extend(self._check_node(pointer, node))
        return problems

    def _check_node(self, pointer: str, node: dict[str, Any]) -> list[Problem]:
        profile = self.profile
        problems = []
        for rule in profile.rules:
            value = node.get(rule.property)
            values = value if isinstance(value, list) else [value]
            if value is None or value == [] or value == "":
                found, place = f"missing {rule.level} property '{rule.property}'", pointer
            elif not any(_fits(item, rule.expect) for item in values):
                kind = {"url": "an absolute http(s) URL", "image": "an image URL (or ImageObject with one)"}
                found = f"'{rule.property}' is not {kind.get(rule.expect, 'a value')}"
                place = f"{pointer}/{_escape(rule.property)}"
            else:
                continue
            problems.append(
                Problem(
                    rule=f"feature.{profile.name}.{rule.id}",
                    severity=rule.severity,
                    message=(
                        f"{found} for {profile.feature}; the source says: {rule.source} "
                        f"({rule.heading}; {profile.source['url']}, read {profile.source['read']})"
                    ),
                    pointer=place,
                )
            )
        return problems


def retired_notes(document: Any) -> list[Problem]:
    """An ``info`` note for each top-level node whose markup feeds a retired or restricted feature."""
    notes: list[Problem] = []
    for pointer, node in top_level_nodes(document):
        names = set(_type_names(node))
        for retired in retired_features():
            if not names & set(retired.types):
                continue
            if retired.when_property is not None:
                value = node.get(retired.when_property)
                values = value if isinstance(value, list) else [value]
                if not any(
                    isinstance(item, dict) and retired.when_type in _type_names(item) for item in values
                ):
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
        required = sum(rule.level == "required" for rule in profile.rules)
        recommended = len(profile.rules) - required
        lines.append(
            f"{name}\n  feature: {profile.feature}; types: {', '.join(profile.types)}"
            f"{' (and subtypes)' if profile.subtypes else ''}\n"
            f"  rules: {required} required (errors), {recommended} recommended (warnings), "
            f"{len(profile.unchecked)} guideline(s) not checkable from markup\n"
            f"  source: {profile.source['url']} (read {profile.source['read']})"
        )
    retired = ", ".join(f"{r.feature} ({r.status} {r.date})" for r in retired_features())
    lines.append(f"retired or restricted features (info notes only): {retired}")
    return "\n".join(lines) + "\n"

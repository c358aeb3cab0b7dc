"""The publisher's page metadata as typed values: people, an organization, the site, a breadcrumb.

Every value comes from the caller (Python objects, or a TOML/dict config through
:func:`person`, :func:`organization` and friends). Each class checks itself on creation and
raises :class:`~fmevidence.jsonld.errors.ExportOptionError` naming the field and the form
expected, so a wrong type is a clear message, never an ``AttributeError`` deep in the export.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Final

import attrs

from .errors import ExportOptionError
from .ids import check_page_url

__all__ = [
    "Breadcrumb",
    "Organization",
    "Person",
    "WebSite",
    "breadcrumbs",
    "check_date",
    "check_language",
    "check_text",
    "check_url",
    "organization",
    "people",
    "person",
    "website",
]

_LANGUAGE_TAG: Final = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")


def check_text(field: str, value: object) -> str:
    """``value`` if it is a non-empty string; else an error naming ``field``."""
    if not isinstance(value, str):
        raise ExportOptionError(field, f"expected text, got {type(value).__name__} {value!r}")
    if not value.strip():
        raise ExportOptionError(field, "must not be empty")
    return value


def check_url(field: str, value: object) -> str:
    """An absolute http(s) URL (fragments allowed: site-wide node ids are often ``.../#org``)."""
    text = check_text(field, value)
    base, _, _fragment = text.partition("#")
    try:
        check_page_url(base)
    except ExportOptionError as exc:
        raise ExportOptionError(field, exc.message) from None
    return text


def check_date(field: str, value: object) -> str:
    """A calendar date YYYY-MM-DD (TOML dates are accepted and written the same way)."""
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value.isoformat()
    if isinstance(value, str):
        try:
            datetime.date.fromisoformat(value)
        except ValueError:
            pass
        else:
            if len(value) == 10:
                return value
    raise ExportOptionError(field, f"expected a date as YYYY-MM-DD, got {value!r}")


def check_language(field: str, value: object) -> str:
    """A BCP 47 language tag such as ``en`` or ``en-GB``."""
    if not isinstance(value, str) or not _LANGUAGE_TAG.fullmatch(value):
        raise ExportOptionError(field, f"expected a BCP 47 language tag such as 'en' or 'en-GB', got {value!r}")
    return value


def _check_optional(owner: object, checks: dict[str, Callable[[str, object], str]]) -> None:
    for attribute, check in checks.items():
        value = getattr(owner, attribute)
        if value is not None:
            check(f"{_LABELS[type(owner).__name__]} {attribute}", value)


_LABELS: Final = {"Person": "person", "Organization": "publisher", "WebSite": "website", "Breadcrumb": "breadcrumb"}


@attrs.frozen
class Person:
    """An author or reviewer. ``id`` refers to a Person node the site already publishes."""

    name: str
    url: str | None = None
    job_title: str | None = None
    same_as: tuple[str, ...] = ()
    affiliation: str | None = None
    id: str | None = None

    def __attrs_post_init__(self) -> None:
        check_text("person name", self.name)
        _check_optional(self, {"url": check_url, "job_title": check_text, "affiliation": check_text,
                               "id": check_url})
        if not isinstance(self.same_as, tuple):
            raise ExportOptionError("person same_as", f"expected a list of URLs, got {self.same_as!r}")
        for url in self.same_as:
            check_url("person same_as", url)

    def node(self) -> dict[str, Any]:
        """The schema.org ``Person`` (with ``@id`` when the site publishes one)."""
        node: dict[str, Any] = {"@type": "Person", "name": self.name}
        if self.id is not None:
            node["@id"] = self.id
        if self.url is not None:
            node["url"] = self.url
        if self.job_title is not None:
            node["jobTitle"] = self.job_title
        if self.same_as:
            node["sameAs"] = list(self.same_as)
        if self.affiliation is not None:
            node["affiliation"] = {"@type": "Organization", "name": self.affiliation}
        return node


@attrs.frozen
class Organization:
    """The publisher. With only ``id`` it is a reference to the site's own Organization node."""

    name: str | None = None
    url: str | None = None
    logo: str | None = None
    id: str | None = None

    def __attrs_post_init__(self) -> None:
        _check_optional(self, {"name": check_text, "url": check_url, "logo": check_url, "id": check_url})
        if self.name is None and self.id is None:
            raise ExportOptionError("publisher", "expected a name, or an id of the site's Organization node")

    def node(self) -> dict[str, Any]:
        """The schema.org ``Organization``, or a bare ``@id`` reference."""
        if self.name is None:
            return {"@id": self.id}
        node: dict[str, Any] = {"@type": "Organization", "name": self.name}
        if self.id is not None:
            node["@id"] = self.id
        if self.url is not None:
            node["url"] = self.url
        if self.logo is not None:
            node["logo"] = {"@type": "ImageObject", "url": self.logo}
        return node


@attrs.frozen
class WebSite:
    """The site the page is part of (``isPartOf``)."""

    name: str | None = None
    url: str | None = None
    id: str | None = None

    def __attrs_post_init__(self) -> None:
        _check_optional(self, {"name": check_text, "url": check_url, "id": check_url})
        if self.name is None and self.id is None:
            raise ExportOptionError("website", "expected a name, or an id of the site's WebSite node")

    def node(self) -> dict[str, Any]:
        """The schema.org ``WebSite``, or a bare ``@id`` reference."""
        if self.name is None:
            return {"@id": self.id}
        node: dict[str, Any] = {"@type": "WebSite", "name": self.name}
        if self.id is not None:
            node["@id"] = self.id
        if self.url is not None:
            node["url"] = self.url
        return node


@attrs.frozen
class Breadcrumb:
    """One step of the breadcrumb trail above the page."""

    name: str
    url: str

    def __attrs_post_init__(self) -> None:
        check_text("breadcrumb name", self.name)
        check_url("breadcrumb url", self.url)


# -- from plain data (TOML, JSON, dicts) ---------------------------------------------------


def _mapping(field: str, value: object, allowed: Iterable[str]) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise ExportOptionError(field, f"expected a table/dict with keys {', '.join(allowed)}, got {value!r}")
    unknown = sorted(set(value) - set(allowed))
    if unknown:
        raise ExportOptionError(field, f"unknown key {unknown[0]!r}; expected one of {', '.join(allowed)}")
    return value


_PERSON_KEYS: Final = ("name", "url", "job_title", "same_as", "affiliation", "id")
_ORG_KEYS: Final = ("name", "url", "logo", "id")
_SITE_KEYS: Final = ("name", "url", "id")


def person(field: str, value: object) -> Person:
    """A Person from a name or a dict with :data:`_PERSON_KEYS`."""
    if isinstance(value, Person):
        return value
    if isinstance(value, str):
        return Person(check_text(field, value))
    data = dict(_mapping(field, value, _PERSON_KEYS))
    if "name" not in data:
        raise ExportOptionError(field, "expected a 'name'")
    same_as = data.get("same_as", ())
    data["same_as"] = (same_as,) if isinstance(same_as, str) else tuple(same_as) if isinstance(same_as, list) else same_as
    try:
        return Person(**data)
    except ExportOptionError as exc:  # say whose url it was: "reviewed by url", "author job_title"
        raise ExportOptionError(f"{field} {exc.option.removeprefix('person ')}", exc.message) from None


def people(field: str, value: object) -> tuple[Person, ...]:
    """One person or a list of them (a lone string is one name, not its letters)."""
    if isinstance(value, (str, Person, Mapping)):
        return (person(field, value),)
    if not isinstance(value, (list, tuple)):
        raise ExportOptionError(field, f"expected a name, a table or a list of them, got {value!r}")
    return tuple(person(field, item) for item in value)


def organization(field: str, value: object) -> Organization:
    """An Organization from a name or a dict with :data:`_ORG_KEYS`."""
    if isinstance(value, Organization):
        return value
    if isinstance(value, str):
        return Organization(name=check_text(field, value))
    return Organization(**_mapping(field, value, _ORG_KEYS))


def website(field: str, value: object) -> WebSite:
    """A WebSite from a dict with :data:`_SITE_KEYS` (or a name)."""
    if isinstance(value, WebSite):
        return value
    if isinstance(value, str):
        return WebSite(name=check_text(field, value))
    try:
        return WebSite(**_mapping(field, value, _SITE_KEYS))
    except ExportOptionError as exc:
        raise ExportOptionError(f"{field} {exc.option.removeprefix('website').strip()}".strip(), exc.message) from None


def breadcrumbs(field: str, value: object) -> tuple[Breadcrumb, ...]:
    """A list of ``{name, url}`` steps."""
    if not isinstance(value, (list, tuple)):
        raise ExportOptionError(field, f"expected a list of {{name, url}} tables, got {value!r}")
    out = []
    for item in value:
        if isinstance(item, Breadcrumb):
            out.append(item)
        else:
            data = _mapping(field, item, ("name", "url"))
            if set(data) != {"name", "url"}:
                raise ExportOptionError(field, "each step needs a 'name' and a 'url'")
            out.append(Breadcrumb(**data))
    return tuple(out)

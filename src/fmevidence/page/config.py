"""A publisher's site configuration (TOML): the page metadata and how to build the page.

::

    [build]                      # all optional
    condition = "fibromyalgia"   # id, name or synonym
    include = ["autoimmunity"]   # narrow the mechanisms / treatments shown
    style = "ama"                # or the path of a .csl file (relative to this file)
    templates = "templates"      # folder of template overrides (relative to this file)
    detail = "page"              # page | summary | full: the embedded JSON-LD

    [page]                       # every key of fmevidence.jsonld.PageOptions
    url = "https://health.example.org/conditions/fibromyalgia"
    headline = "Fibromyalgia: what the research says"
    ...

A wrong key, type or value raises :class:`PageConfigError` naming the file, the TOML place
(``[page] author``) and the expected form; the CLI exits 2 with that message.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final

import attrs

from ..errors import FmevidenceError
from ..jsonld.errors import ExportOptionError
from ..jsonld.export import DETAILS, PageOptions

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

__all__ = ["BuildOptions", "PageConfigError", "SiteConfig", "load_config", "parse_config"]

_BUILD_KEYS: Final = ("condition", "include", "style", "templates", "detail")


class PageConfigError(FmevidenceError, ValueError):
    """A site configuration that cannot be used: ``file``, ``place`` and what was expected."""

    def __init__(self, file: str, place: str, message: str) -> None:
        self.file = file
        self.place = place
        self.message = message
        super().__init__(f"{file}: {place}: {message}" if place else f"{file}: {message}")


@attrs.frozen
class BuildOptions:
    """How to build the page: which condition and topics, which CSL style, templates, detail."""

    condition: str | None = None
    include: tuple[str, ...] = ()
    style: str = "ama"
    templates: str | None = None
    detail: str = "page"


@attrs.frozen
class SiteConfig:
    """A parsed configuration: the page metadata and the build options."""

    page: PageOptions
    build: BuildOptions


def load_config(path: str | Path) -> SiteConfig:
    """Read and check a TOML site configuration."""
    file = str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise PageConfigError(file, "", f"cannot read: {exc.strerror or exc}") from None
    try:
        parsed = tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise PageConfigError(file, f"byte {exc.start}", "expected UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise PageConfigError(file, "", f"not valid TOML: {exc}") from None
    return parse_config(parsed, file, base=Path(path).parent)


def parse_config(data: Mapping[str, Any], file: str = "<config>", base: Path | None = None) -> SiteConfig:
    """Check a configuration already parsed into a mapping (paths are relative to ``base``)."""
    unknown = sorted(set(data) - {"page", "build"})
    if unknown:
        raise PageConfigError(file, f"[{unknown[0]}]", "unknown table; expected [page] and/or [build]")
    page_data = data.get("page", {})
    build_data = data.get("build", {})
    for name, table in (("page", page_data), ("build", build_data)):
        if not isinstance(table, Mapping):
            raise PageConfigError(file, name, f"expected a table [{name}], got {table!r}")
    try:
        page = PageOptions.from_mapping(page_data)
    except ExportOptionError as exc:
        raise PageConfigError(file, f"[page] {exc.option}", exc.message) from None
    except TypeError as exc:  # pragma: no cover - from_mapping checks keys first
        raise PageConfigError(file, "[page]", str(exc)) from None
    return SiteConfig(page, _build(build_data, file, base))


def _build(data: Mapping[str, Any], file: str, base: Path | None) -> BuildOptions:
    unknown = sorted(set(data) - set(_BUILD_KEYS))
    if unknown:
        raise PageConfigError(file, f"[build] {unknown[0]}", f"unknown key; expected one of {', '.join(_BUILD_KEYS)}")
    values: dict[str, Any] = {}
    for key in ("condition", "style", "templates", "detail"):
        if key in data:
            value = data[key]
            if not isinstance(value, str) or not value.strip():
                raise PageConfigError(file, f"[build] {key}", f"expected non-empty text, got {value!r}")
            values[key] = value
    if "detail" in values and values["detail"] not in DETAILS:
        raise PageConfigError(file, "[build] detail", f"expected one of {', '.join(DETAILS)}, got {values['detail']!r}")
    if "include" in data:
        include = data["include"]
        if not isinstance(include, list) or not all(isinstance(item, str) and item.strip() for item in include):
            raise PageConfigError(file, "[build] include", f"expected a list of topic names, got {include!r}")
        values["include"] = tuple(include)
    if base is not None:
        if "templates" in values:
            values["templates"] = str(base / values["templates"])
        if values.get("style", "ama").endswith(".csl"):
            values["style"] = str(base / values["style"])
    return BuildOptions(**values)

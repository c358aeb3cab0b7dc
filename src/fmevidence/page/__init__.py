"""A publishable evidence page: a readable summary, an evidence map, summary-of-findings
tables and references, with structured data that marks up exactly what the page shows.

:func:`build_page` returns the HTML; :func:`load_config` reads a publisher's TOML file;
:mod:`.wording` holds every word used for a status or certainty level; :mod:`.decisions`
is where regulators' and guidelines' decisions come from.
"""

from __future__ import annotations

from .config import BuildOptions, PageConfigError, SiteConfig, load_config, parse_config
from .content import PageContent, build_content
from .render import build_page, render_content

__all__ = [
    "BuildOptions",
    "PageConfigError",
    "PageContent",
    "SiteConfig",
    "build_content",
    "build_page",
    "load_config",
    "parse_config",
    "render_content",
]

"""The page as HTML: Jinja2 templates (autoescaped) a publisher can override, filled from
:class:`~.content.PageContent`, with the structured data embedded in a safe script element.

Templates are looked up first in the publisher's folder (``templates=``), then in the ones
shipped in ``fmevidence/page/templates``: copying ``page.html.j2``, ``content.html.j2`` or
``page.css`` into that folder and editing it is enough to restyle the page. Output depends
only on the data and options, so the same input gives byte-identical pages.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..evidence_base import EvidenceBase
from ..jsonld.errors import ExportOptionError
from ..jsonld.export import DETAILS, PageOptions, export_selection
from ..jsonld.html import script_element
from ..jsonld.selection import resolve_condition, select
from .content import PageContent, build_content, source_link
from .evidence_map import evidence_map_svg, map_description
from .references import format_references
from .structured import page_document, pathophysiology_text
from .wording import CERTAINTY_SCALE, certainty_label, certainty_symbols

__all__ = ["build_page", "render_content"]

_SPACES = re.compile(r"[ \t]+\n")


def build_page(
    kb: EvidenceBase,
    condition: str | None = None,
    *,
    page: PageOptions | None = None,
    include: Iterable[str] = (),
    style: str = "ama",
    templates: str | Path | None = None,
    fragment: bool = False,
    detail: str = "page",
) -> str:
    """The evidence page for ``condition`` as HTML text (``fragment``: a ``<section>`` + script).

    ``detail`` chooses the embedded JSON-LD (``page`` marks up exactly what is shown). Raises
    :class:`~fmevidence.jsonld.errors.ExportOptionError` for an unusable option.
    """
    if detail not in DETAILS:
        raise ExportOptionError("detail", f"expected one of {', '.join(DETAILS)}, got {detail!r}")
    options = page or PageOptions()
    selection = select(kb, resolve_condition(kb, condition), include)
    content = build_content(kb, selection)
    if detail == "page":
        document = page_document(content, options)
    else:
        document = export_selection(kb, selection, page=options, detail=detail)
    return render_content(content, options, document, style=style, templates=templates, fragment=fragment)


def render_content(content: PageContent, page: PageOptions, document: dict[str, Any], *, style: str = "ama",
                   templates: str | Path | None = None, fragment: bool = False) -> str:
    """Fill the templates with ``content`` and embed ``document`` as JSON-LD."""
    import jinja2
    from markupsafe import Markup

    if templates is not None and not Path(templates).is_dir():
        raise ExportOptionError("templates", f"expected a folder of templates, got {str(templates)!r}")
    env = _environment(None if templates is None else str(Path(templates).resolve()), _listing(templates))
    formatted = format_references(content.sources, style)
    references = []
    for number, (source, text) in enumerate(zip(content.sources, formatted, strict=False), start=1):
        year = str(source.year) if source.year is not None else None
        references.append({
            "number": number,
            "html": Markup(text),  # fields escaped in references.py; citeproc adds only <i>/<b> tags
            "title": source.title,
            "title_shown": source.title.casefold() in Markup(text).striptags().casefold(),
            "year": year,
            "year_shown": year is None or year in text,
            "link": source_link(source),
        })
    try:
        template = env.get_template("fragment.html.j2" if fragment else "page.html.j2")
        html = template.render(
            content=content,
            page=page,
            references=references,
            evidence_map=Markup(evidence_map_svg(content)),
            map_text=map_description(content),
            json_ld=Markup(script_element(document, minify=True)),
            pathophysiology_text=pathophysiology_text,
            certainty_label=certainty_label,
            certainty_symbols=certainty_symbols,
            certainty_scale=CERTAINTY_SCALE,
            lang=page.in_language or "en",
        )
    except jinja2.TemplateError as exc:
        where = f" ({exc.filename}, line {exc.lineno})" if isinstance(exc, jinja2.TemplateSyntaxError) else ""
        raise ExportOptionError("templates", f"template error{where}: {exc}") from None
    return _SPACES.sub("\n", html)


def _listing(templates: str | Path | None) -> tuple[tuple[str, int], ...]:
    """The override folder's files and their modification times (part of the cache key, so
    a template added, removed or edited is picked up by the next page)."""
    if templates is None:
        return ()
    return tuple(sorted((entry.name, entry.stat().st_mtime_ns) for entry in Path(templates).iterdir()))


@functools.lru_cache(maxsize=8)
def _environment(folder: str | None, listing: tuple[tuple[str, int], ...]) -> Any:
    """The Jinja2 environment for one override folder as it is now (``listing``), kept so the
    templates compile once per process rather than once per page."""
    import jinja2

    loaders: list[jinja2.BaseLoader] = []
    if folder is not None:
        loaders.append(jinja2.FileSystemLoader(folder))
    loaders.append(jinja2.PackageLoader("fmevidence.page", "templates"))
    return jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )

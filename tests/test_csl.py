"""CSL-JSON of the sources, rendered by citeproc-py as a real client would."""

from __future__ import annotations

import json
from typing import Any

import pytest

import fmevidence
from fmevidence import Source, SourceKind
from fmevidence.jsonld.csl import csl_item, csl_items
from jsonld_helpers import sample_kb


def render(items: list[dict[str, Any]]) -> list[str]:
    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.json import CiteProcJSON

    source = CiteProcJSON(json.loads(json.dumps(items)))  # exactly what a client reads from the file
    style = CitationStylesStyle("harvard-cite-them-right", validate=False)
    bibliography = CitationStylesBibliography(style, source, formatter.plain)
    for item in items:
        bibliography.register(Citation([CitationItem(item["id"])]))
    return [str(entry) for entry in bibliography.bibliography()]


def test_journal_article_renders_with_authors_journal_and_doi() -> None:
    source = sample_kb().get_as("src-trial", Source)
    item = csl_item(source)
    assert item["author"] == [{"family": "Doe", "given": "J"}, {"family": "Roe", "given": "R A"}]
    assert item["type"] == "article-journal" and item["DOI"] == "10.5555/test.trial"
    assert item["issued"] == {"date-parts": [[2020]]}
    (entry,) = render([item])
    assert entry == (
        "Doe, J. and Roe, R.A. (2020) \u201cA trial of drug A\u201d, J Test Med, 12(3), "
        "pp. 100\u2013110. Available at: https://doi.org/10.5555/test.trial."
    )


def test_group_author_stays_literal() -> None:
    source = Source(id="g", kind=SourceKind.GUIDELINE, title="T", authors=("Guideline Group",))
    assert csl_item(source)["author"] == [{"literal": "Guideline Group"}]


def test_every_builtin_source_renders() -> None:
    kb = fmevidence.load()
    items = csl_items(kb.sources)
    entries = render(items)
    assert len(entries) == len(kb.sources)
    assert all(entry.strip() for entry in entries)
    titles = " ".join(entries)
    for source in kb.sources:
        assert source.title.split()[0] in titles, source.id


def test_cli_csl_json_is_the_selected_sources(capsys: pytest.CaptureFixture[str]) -> None:
    from fmevidence.cli import main

    assert main(["export", "--format", "csl-json"]) == 0
    items = json.loads(capsys.readouterr().out)
    assert items and all({"id", "type", "title"} <= set(item) for item in items)
    assert {item["id"] for item in items} <= {s.id for s in fmevidence.load().sources}
    assert render(items)

"""The crawl summary as one self-contained HTML page with bar charts (inline SVG, no script).

Every chart has a title and a text alternative, and its numbers are also printed beside each
bar and in a table, so nothing is carried by colour or by the picture alone.
"""

from __future__ import annotations

from html import escape

from .summary import CrawlSummary

__all__ = ["render_summary_html"]

_BAR_HEIGHT = 22
_LABEL_WIDTH = 260
_CHART_WIDTH = 640
_ROWS = 15


def render_summary_html(summary: CrawlSummary) -> str:
    """The page; deterministic for a given summary (sorted by count, then name)."""
    data = summary.to_dict()
    facts = [
        ("Pages", data["pages"]),
        ("Pages with structured data", data["pages_with_structured_data"]),
        ("Pages with errors", data["pages_with_errors"]),
        ("Errors", data["errors"]),
        ("Warnings", data["warnings"]),
    ]
    sections = [
        _chart("errors", "Errors by rule", data["errors_by_rule"], "#b3261e"),
        _chart("warnings", "Warnings by rule", data["warnings_by_rule"], "#8a5a00"),
        _chart("types", "Pages by schema.org type", data["types"], "#1f5f99"),
        _chart("health", "Health markup: pages by medical type", data["health_types"], "#2e7d32"),
        _chart("unknown-properties", "Most frequent unknown properties", data["top_unknown_properties"], "#5e35b1"),
        _chart("unknown-types", "Most frequent unknown types", data["top_unknown_types"], "#5e35b1"),
    ]
    rows = "".join(f"<tr><th scope=row>{escape(name)}</th><td>{value:,}</td></tr>" for name, value in facts)
    return (
        "<!doctype html>\n<html lang=en><head><meta charset=utf-8>"
        "<meta name=viewport content='width=device-width, initial-scale=1'>"
        "<title>Structured data in the crawl</title>"
        "<style>body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}"
        "table{border-collapse:collapse}th,td{padding:.2rem .6rem;text-align:left;border-bottom:1px solid #ccc}"
        "td{text-align:right}svg{max-width:100%;height:auto}</style></head><body>"
        "<h1>Structured data in the crawl</h1>"
        f"<table aria-label='Totals'><tbody>{rows}</tbody></table>" + "".join(sections) + "</body></html>\n"
    )


def _chart(slug: str, title: str, counts: dict[str, int], colour: str) -> str:
    heading = f"<section aria-labelledby='{slug}-h'><h2 id='{slug}-h'>{escape(title)}</h2>"
    if not counts:
        return heading + "<p>None.</p></section>"
    shown = list(counts.items())[:_ROWS]
    hidden = len(counts) - len(shown)
    biggest = max(value for _, value in shown)
    height = _BAR_HEIGHT * len(shown) + 4
    bars = []
    for row, (name, value) in enumerate(shown):
        y = row * _BAR_HEIGHT + 2
        width = max(1, round((_CHART_WIDTH - _LABEL_WIDTH - 80) * value / biggest))
        bars.append(
            f"<text x='{_LABEL_WIDTH - 6}' y='{y + 15}' text-anchor='end'>{escape(_short(name))}</text>"
            f"<rect x='{_LABEL_WIDTH}' y='{y + 3}' width='{width}' height='{_BAR_HEIGHT - 6}' fill='{colour}'/>"
            f"<text x='{_LABEL_WIDTH + width + 6}' y='{y + 15}'>{value:,}</text>"
        )
    alternative = ", ".join(f"{name}: {value:,}" for name, value in shown)
    more = f"<p>{hidden:,} more not shown; all are in summary.json.</p>" if hidden else ""
    return (
        heading + f"<svg role='img' aria-labelledby='{slug}-t {slug}-d' viewBox='0 0 {_CHART_WIDTH} {height}' "
        f"width='{_CHART_WIDTH}' height='{height}' font-size='13'>"
        f"<title id='{slug}-t'>{escape(title)}</title><desc id='{slug}-d'>{escape(alternative)}</desc>"
        + "".join(bars)
        + "</svg>"
        + more
        + "</section>"
    )


def _short(name: str, limit: int = 38) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "…"

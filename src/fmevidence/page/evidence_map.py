"""The evidence map: an inline SVG matrix of topics x direction, the picture of the evidence.

Each row is a mechanism or treatment; each column a direction (for, inconclusive, against).
A bubble's area grows with the number of studies behind the findings in that cell, its
colour with their best certainty, and a text label beside it repeats both (studies, and the
GRADE symbols), so colour is never the only carrier of meaning. The SVG has a title and a
description (its text alternative); the page's tables hold the same numbers as text.
"""

from __future__ import annotations

import math
from html import escape
from typing import Final

from .content import PageContent, TopicRow
from .wording import certainty_label, certainty_symbols, direction_words

__all__ = ["CERTAINTY_COLOURS", "evidence_map_svg", "map_description"]

#: One blue hue from light to dark, readable with any colour vision; labels repeat the level.
CERTAINTY_COLOURS: Final = {"high": "#08306b", "moderate": "#2171b5", "low": "#6baed6", "very_low": "#c6dbef"}
_LABEL_W: Final = 230
_COL_W: Final = 150
_ROW_H: Final = 40
_HEAD_H: Final = 56
_LEGEND_H: Final = 90
_MAX_R: Final = 17


def _radius(studies: int) -> float:
    return min(_MAX_R, 5 + 4 * math.sqrt(studies)) if studies else 4


def _fmt(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def map_description(content: PageContent) -> str:
    """The map in words: one sentence per topic (its text alternative)."""
    parts = []
    for row in (*content.mechanisms, *content.treatments):
        cells = []
        for cell in row.cells:
            if cell.findings:
                best = certainty_label(cell.certainty) if cell.certainty else "not rated"
                cells.append(f"{direction_words(cell.direction)}: {cell.studies} "
                             f"{'study' if cell.studies == 1 else 'studies'}, best certainty {best}")
        parts.append(f"{row.name}: {'; '.join(cells) if cells else 'no findings'}.")
    return " ".join(parts)


def evidence_map_svg(content: PageContent, element_id: str = "evidence-map") -> str:
    """The evidence map as an accessible inline ``<svg>`` element."""
    groups = [("Mechanisms", content.mechanisms), ("Treatments", content.treatments)]
    n_rows = sum(len(rows) + 1 for _, rows in groups if rows)
    width = _LABEL_W + 3 * _COL_W
    height = _HEAD_H + n_rows * _ROW_H + _LEGEND_H
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
        f'role="img" aria-labelledby="{element_id}-title {element_id}-desc" class="evidence-map" '
        f'font-family="system-ui, sans-serif" font-size="13">',
        f'<title id="{element_id}-title">Evidence map: {escape(content.condition.name)}, findings by topic '
        f'and direction (bubble size: number of studies; shade and symbols: best certainty)</title>',
        f'<desc id="{element_id}-desc">{escape(map_description(content))}</desc>',
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
    ]
    for i, direction in enumerate(("supports", "inconclusive", "contradicts")):
        x = _LABEL_W + i * _COL_W + _COL_W / 2
        out.append(f'<text x="{_fmt(x)}" y="34" text-anchor="middle" font-weight="bold" fill="#1a1a1a">'
                   f'{escape(direction_words(direction).capitalize())}</text>')
    y = _HEAD_H
    for title, rows in groups:
        if not rows:
            continue
        out.append(f'<text x="8" y="{y + 25}" font-weight="bold" fill="#1a1a1a">{escape(title)}</text>')
        out.append(f'<line x1="0" x2="{width}" y1="{y + _ROW_H - 2}" y2="{y + _ROW_H - 2}" stroke="#999999"/>')
        y += _ROW_H
        for row in rows:
            out.extend(_row(row, y))
            y += _ROW_H
    out.extend(_legend(y + 10))
    out.append("</svg>")
    return "\n".join(out)


def _row(row: TopicRow, y: int) -> list[str]:
    mid = y + _ROW_H / 2
    out = [f'<text x="16" y="{_fmt(mid + 4)}" fill="#1a1a1a">{escape(row.name)}</text>',
           f'<line x1="0" x2="{_LABEL_W + 3 * _COL_W}" y1="{y + _ROW_H}" y2="{y + _ROW_H}" stroke="#e0e0e0"/>']
    for i, cell in enumerate(row.cells):
        if not cell.findings:
            continue
        cx = _LABEL_W + i * _COL_W + 40
        r = _radius(cell.studies)
        if cell.studies:
            fill = CERTAINTY_COLOURS.get(cell.certainty or "", "#bdbdbd")
            out.append(f'<circle cx="{cx}" cy="{_fmt(mid)}" r="{_fmt(r)}" fill="{fill}" stroke="#08306b"/>')
        else:
            out.append(f'<circle cx="{cx}" cy="{_fmt(mid)}" r="{_fmt(r)}" fill="none" stroke="#555555" '
                       'stroke-dasharray="2 2"/>')
        label = f"{cell.studies} · {certainty_symbols(cell.certainty or '')}"
        out.append(f'<text x="{cx + _MAX_R + 6}" y="{_fmt(mid + 4)}" fill="#1a1a1a">{escape(label)}</text>')
    return out


def _legend(y: int) -> list[str]:
    out = [f'<text x="8" y="{y + 4}" fill="#1a1a1a">Best certainty (shade and ⊕ symbols):</text>']
    x = 8
    for level, colour in CERTAINTY_COLOURS.items():
        out.append(f'<circle cx="{x + 8}" cy="{y + 24}" r="8" fill="{colour}" stroke="#08306b"/>')
        out.append(f'<text x="{x + 22}" y="{y + 28}" fill="#1a1a1a">'
                   f'{escape(certainty_symbols(level))} {escape(certainty_label(level))}</text>')
        x += 150
    out.append(f'<text x="8" y="{y + 54}" fill="#1a1a1a">Bubble size and the first number: studies behind the '
               'findings.</text>')
    out.append(f'<text x="8" y="{y + 74}" fill="#1a1a1a">Dashed ring: findings without a recorded study.</text>')
    return out

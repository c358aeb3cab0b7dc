"""Shared by the evidence-page tests: what a reader sees in a page (visible text, reference
list), the JSON-LD it embeds, the values that markup states, and a small PNG reader for
screenshots (no imaging library needed)."""

from __future__ import annotations

import json
import re
import struct
import zlib
from html.parser import HTMLParser
from typing import Any

#: Elements whose text a reader never sees.
_HIDDEN = frozenset({"script", "style", "title", "head", "desc"})
_SPACE = re.compile(r"\s+")
#: Elements a browser lays out as their own block (or SVG text runs): words never join across them.
_BLOCKS = frozenset({"p", "li", "ul", "ol", "td", "th", "tr", "table", "h1", "h2", "h3", "h4", "h5", "h6", "div",
                     "dt", "dd", "dl", "br", "section", "header", "footer", "nav", "figure", "figcaption", "text",
                     "main", "article", "body"})


def normalise(text: str) -> str:
    """Whitespace collapsed, as a browser lays text out."""
    return _SPACE.sub(" ", text).strip()


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.text: list[str] = []
        self.scripts: list[str] = []
        self.references: list[dict[str, Any]] = []
        self._in_refs = False
        self._ref: dict[str, Any] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag in _BLOCKS:
            self.text.append(" ")
        if tag == "script":
            self.scripts.append("")
        if tag == "ol" and attributes.get("class") == "references":
            self._in_refs = True
        if self._in_refs and tag == "li":
            self._ref = {"id": attributes.get("id"), "text": "", "links": []}
            self.references.append(self._ref)
        if self._ref is not None and tag == "a":
            self._ref["links"].append(attributes.get("href"))
        if tag not in ("br", "meta", "link", "img", "input", "hr"):
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCKS:
            self.text.append(" ")
        if tag == "ol" and self._in_refs:
            self._in_refs = False
        if tag == "li":
            self._ref = None
        while self.stack:
            if self.stack.pop() == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1] == "script":
            self.scripts[-1] += data
            return
        if any(tag in _HIDDEN for tag in self.stack):
            return
        self.text.append(data)
        if self._ref is not None:
            self._ref["text"] += data


def read_page(html: str) -> _Reader:
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader


def visible_text(html: str) -> str:
    """The page's text as a reader sees it (no scripts, styles, head, SVG title/desc)."""
    return normalise("".join(read_page(html).text))


def embedded_json_ld(html: str) -> list[Any]:
    """Every JSON-LD document the page embeds."""
    return [json.loads(text) for text in read_page(html).scripts if text.strip()]


#: Properties whose values are shown words (names, treatments, dates, answers, codes).
SHOWN_KEYS = ("name", "headline", "alternateName", "description", "datePublished", "dateModified", "lastReviewed",
              "pathophysiology", "codeValue", "codingSystem", "jobTitle")


def stated_values(document: Any) -> list[tuple[str, str]]:
    """``(property, text)`` for every shown-word property anywhere in the document, and every
    citation given as text."""
    out: list[tuple[str, str]] = []

    def walk(value: Any, key: str | None) -> None:
        if isinstance(value, list):
            for item in value:
                walk(item, key)
        elif isinstance(value, dict):
            for name, item in value.items():
                walk(item, name)
        elif isinstance(value, str) and (key in SHOWN_KEYS or key == "citation"):
            out.append((key or "", value))

    walk(document, None)
    return out


# -- PNG --------------------------------------------------------------------------------------


def png_pixels(data: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and the unfiltered rows (8-bit RGB or RGBA PNGs, as Chromium writes)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, width, height, channels = 8, b"", 0, 0, 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and colour in (2, 6), (depth, colour)
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    rows: list[bytes] = []
    previous = bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            corner = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                predictor = left if pa <= pb and pa <= pc else (up if pb <= pc else corner)
                line[i] = (line[i] + predictor) & 0xFF
        rows.append(bytes(line))
        previous = line
    return width, height, rows


def ink_fraction(data: bytes) -> tuple[int, float]:
    """(width, share of pixels that differ from the top-left background pixel)."""
    width, _height, rows = png_pixels(data)
    channels = len(rows[0]) // width
    background = rows[0][:3]
    total = inked = 0
    for row in rows[::4]:  # every fourth row is plenty and keeps it fast
        for x in range(0, width * channels, channels * 2):
            total += 1
            if row[x:x + 3] != background:
                inked += 1
    return width, inked / total

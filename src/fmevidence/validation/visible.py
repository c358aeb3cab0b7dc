"""Is the marked-up content on the page? Names, headlines and review dates must be visible text.

Google's general structured-data guidelines ask publishers not to mark up content that readers
cannot see. With ``--check-visible`` each ``name``, ``headline`` and review date
(``lastReviewed``, and ``datePublished`` of a ``Review``) in a page's JSON-LD is looked for in
the page's visible text: everything in ``<body>`` (and the ``<title>``) except ``script``,
``style``, ``template``, ``noscript`` and elements hidden with ``hidden``, ``aria-hidden="true"``
or an inline ``display:none`` / ``visibility:hidden``. Matching ignores case and runs of white
space; a date also matches a visible ``<time datetime>`` or its usual written forms. Each value
not found is a warning with its JSON pointer (family ``visible-content``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date
from html.parser import HTMLParser
from typing import Any

from ..pointers import escape
from .report import Problem, Severity

__all__ = ["VisibleText", "page_text", "visible_problems"]

_SKIP = frozenset({"script", "style", "template", "noscript", "head", "svg", "math"})
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}
)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_SPACE = re.compile(r"\s+")
_MONTHS = (
    ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
)
TEXT_PROPERTIES = ("name", "headline")


class VisibleText(HTMLParser):
    """Collects the text a reader sees, and the ``datetime`` of visible ``<time>`` elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.datetimes: list[str] = []
        self._stack: list[tuple[str, bool]] = []  # (tag, hides its content)
        self._hidden = 0
        self._title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        hides = (
            tag in _SKIP
            or "hidden" in values
            or (values.get("aria-hidden") or "").strip().lower() == "true"
            or bool(_HIDDEN_STYLE.search(values.get("style") or ""))
        )
        if tag == "title":
            self._title = True
        if tag == "time" and not self._hidden and values.get("datetime"):
            self.datetimes.append(str(values["datetime"]))
        if tag in _VOID:
            return
        self._stack.append((tag, hides))
        self._hidden += hides

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "time" and not self._hidden:
            self.handle_starttag(tag, attrs)
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._title = False
        if not any(open_tag == tag for open_tag, _ in self._stack):
            return  # a stray end tag
        while self._stack:
            open_tag, hides = self._stack.pop()
            self._hidden -= hides
            if open_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        if self._title or not self._hidden:
            self.parts.append(data)

    def text(self) -> str:
        return _normal(" ".join(self.parts))


def _normal(text: str) -> str:
    return _SPACE.sub(" ", text).strip().casefold()


def page_text(html: str) -> tuple[str, tuple[str, ...]]:
    """The page's visible text (normalised) and the ``datetime`` values of its visible ``<time>``s."""
    parser = VisibleText()
    parser.feed(html)
    parser.close()
    return parser.text(), tuple(parser.datetimes)


def _date_forms(value: str) -> list[str]:
    """Ways a date is commonly written: ISO, ``5 January 2024``, ``January 5, 2024``, ``Jan 5, 2024``."""
    forms = [value]
    match = re.match(r"(\d{4})-(\d{2})-(\d{2})", value)
    if match is None:
        return forms
    try:
        day = date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return forms
    month = _MONTHS[day.month - 1]
    for name in (month, month[:3]):
        forms += [f"{day.day} {name} {day.year}", f"{name} {day.day}, {day.year}", f"{name} {day.day} {day.year}"]
    forms.append(day.isoformat())
    return forms


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict) and isinstance(value.get("@value"), str):
        return [value["@value"]]
    return []


def _escape(token: str) -> str:
    return escape(token)


def _marked_values(document: Any) -> Iterator[tuple[str, str, str]]:
    """``(pointer, property, value)`` for each name, headline and review date, in document order.

    Iterative, and the pointer is built only for the values found: pages carry thousands of nodes.
    """
    stack: list[tuple[Any, tuple[str | int, ...]]] = [(document, ())]
    while stack:
        node, path = stack.pop()
        if isinstance(node, list):
            stack.extend((item, (*path, index)) for index, item in reversed(list(enumerate(node))))
            continue
        if not isinstance(node, dict):
            continue
        types = node.get("@type")
        is_review = "Review" in (types if isinstance(types, list) else [types])
        children = []
        for key, value in node.items():
            if key == "@context":
                continue
            if key in TEXT_PROPERTIES or key == "lastReviewed" or (is_review and key == "datePublished"):
                items = value if isinstance(value, list) else [value]
                for index, item in enumerate(items):
                    place = (*path, key, index) if isinstance(value, list) else (*path, key)
                    for text in _strings(item):
                        yield _pointer(place), key, text
            if isinstance(value, (dict, list)):
                children.append((value, (*path, key)))
        stack.extend(reversed(children))


def _pointer(path: tuple[str | int, ...]) -> str:
    return "".join("/" + _escape(str(part)) for part in path)


def visible_problems(document_text: str | bytes, page: tuple[str, tuple[str, ...]]) -> list[Problem]:
    """A warning for each name, headline or review date of the JSON-LD not in the page's visible text.

    ``document_text`` is the script's JSON (unparseable JSON yields nothing: the parse check
    reports it); ``page`` is what :func:`page_text` returned for the page.
    """
    try:
        document = json.loads(document_text)
    except (ValueError, RecursionError):
        return []
    visible, datetimes = page
    problems = []
    seen: dict[tuple[bool, str], bool] = {}  # pages repeat names: search each value once
    for pointer, key, value in _marked_values(document):
        wanted = _normal(value)
        if not wanted:
            continue
        is_text = key in TEXT_PROPERTIES
        found = seen.get((is_text, value))
        if found is None:
            if is_text:
                found = wanted in visible
            else:
                found = any(_normal(form) in visible for form in _date_forms(value)) or any(
                    stamp.startswith(value[:10]) for stamp in datetimes
                )
            seen[(is_text, value)] = found
        if not found:
            what = "text" if is_text else "date"
            problems.append(
                Problem(
                    rule="visible.not-on-page",
                    severity=Severity.WARNING,
                    message=(
                        f"{key} {value!r} is marked up but its {what} is not in the page's visible text; "
                        "expected marked-up content to be shown to readers (Google's structured data guidelines)"
                    ),
                    pointer=pointer,
                )
            )
    return problems

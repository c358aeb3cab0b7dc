"""The HTML script element: no string in the data can end it, open a comment or run script."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from typing import Any

import pytest

from fmevidence.jsonld.export import PageOptions, export_jsonld
from fmevidence.jsonld.html import escape_json_for_html, script_element
from jsonld_helpers import HOSTILE, sample_kb


class _Scripts(HTMLParser):
    """Collects every element start and the text of each script element, as a browser tokenizes."""

    def __init__(self) -> None:
        super().__init__()
        self.starts: list[str] = []
        self.scripts: list[str] = []
        self.comments: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.starts.append(tag)
        if tag == "script":
            self._in_script = True
            self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts[-1] += data

    def handle_comment(self, data: str) -> None:
        self.comments.append(data)


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    return export_jsonld(sample_kb(), page=PageOptions(url="https://publisher.example/fm", name=HOSTILE))


def test_hostile_strings_cannot_escape_the_element(document: dict[str, Any]) -> None:
    element = script_element(document)
    assert element.startswith('<script type="application/ld+json">\n')
    assert element.endswith("\n</script>\n")
    body = element[len('<script type="application/ld+json">\n') : -len("\n</script>\n")]
    for forbidden in ("<", ">", "&", "\u2028", "\u2029"):
        assert forbidden not in body
    assert "\\u003c/script\\u003e" in body and "\\u003c!--" in body and "\\u2028" in body
    assert json.loads(body) == document


def test_an_html_parser_sees_one_script_with_the_export(document: dict[str, Any]) -> None:
    page = f"<!doctype html><html><head>{script_element(document)}</head><body><p>after</p></body></html>"
    parser = _Scripts()
    parser.feed(page)
    parser.close()
    assert parser.starts.count("script") == 1
    assert parser.comments == []
    assert json.loads(parser.scripts[0]) == document
    assert "p" in parser.starts  # the page after the element is still parsed as markup


def test_unescaped_json_would_have_broken_out(document: dict[str, Any]) -> None:
    """The hostile fixture really is hostile: without escaping, a second script appears."""
    raw = '<script type="application/ld+json">' + json.dumps(document, ensure_ascii=False) + "</script>"
    parser = _Scripts()
    parser.feed(raw)
    assert parser.starts.count("script") > 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("</script>", "\\u003c/script\\u003e"),
        ("<!--", "\\u003c!--"),
        ("a & b", "a \\u0026 b"),
        ("\u2028\u2029", "\\u2028\\u2029"),
        ("plain", "plain"),
    ],
)
def test_escapes(text: str, expected: str) -> None:
    assert escape_json_for_html(text) == expected
    assert json.loads(escape_json_for_html(json.dumps(text, ensure_ascii=False))) == text

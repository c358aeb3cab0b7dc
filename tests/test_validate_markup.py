"""Every block judged, and microdata and RDFa read (issue 10, items 2 and 4)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from fmevidence.validation.parsing import judge_block
from fmevidence.validation.report import Problem, Severity
from fmevidence.validation.runner import Options, Run


def _problems(path: Path, **options: Any) -> tuple[int, list[Problem]]:
    run = Run([str(path)], Options(**options))
    problems = [problem for result in run for problem in result.problems]
    return run.summary.exit_code, problems


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# -- judge_block ----------------------------------------------------------------------------------


def test_a_block_without_context_is_an_error_saying_consumers_ignore_it() -> None:
    (problem,) = judge_block({"@type": "Drug", "name": "x"}, json_ld=False)
    assert (problem.rule, problem.severity, problem.pointer) == ("jsonld.no-context", Severity.ERROR, "")
    assert "ignore this block" in problem.message and '"@context": "https://schema.org"' in problem.message


@pytest.mark.parametrize(
    ("document", "json_ld", "expected"),
    [
        ({"name": "plain data"}, False, []),
        ({"name": "plain data"}, True, [("jsonld.no-context", "")]),
        ({"@context": "https://schema.org", "@type": "Drug"}, True, []),
        ({"@graph": [{"@context": "https://schema.org", "@type": "Drug"}]}, True, []),
        ({"@graph": [{"@type": "Drug"}]}, False, [("jsonld.no-context", "")]),
        (
            [{"@context": "https://schema.org"}, {"@type": "Drug"}, 3],
            True,
            [("jsonld.no-context", "/1"), ("jsonld.not-a-node", "/2")],
        ),
        (None, True, [("jsonld.not-a-node", "")]),
        (False, True, [("jsonld.not-a-node", "")]),
        ("text", True, [("jsonld.not-a-node", "")]),
        (None, False, []),
        (42, False, []),
    ],
)
def test_judge_block(document: Any, json_ld: bool, expected: list[tuple[str, str]]) -> None:
    assert [(p.rule, p.pointer) for p in judge_block(document, json_ld=json_ld)] == expected


def test_scalar_blocks_are_named_in_the_message() -> None:
    messages = [judge_block(value, json_ld=True)[0].message for value in (None, False, 42, "x")]
    assert [m.split(";")[0] for m in messages] == [
        "found null",
        "found false",
        "found the number 42",
        'found the string "x"',
    ]


def test_html_blocks_are_judged_and_an_empty_script_warned(tmp_path: Path) -> None:
    page = _write(
        tmp_path,
        "p.html",
        '<script type="application/ld+json">null</script>\n'
        '<script type="application/ld+json">\n\n</script>\n'
        '<script type="application/ld+json">{"@type": "WebPage", "name": "x"}</script>\n',
    )
    code, problems = _problems(page)
    assert [(p.rule, p.severity, p.line) for p in problems] == [
        ("jsonld.not-a-node", Severity.ERROR, 1),
        ("html.empty-script", Severity.WARNING, 2),
        ("jsonld.no-context", Severity.ERROR, 5),
    ]
    assert code == 1


def test_a_jsonld_file_must_be_json_ld_but_a_json_file_need_not(tmp_path: Path) -> None:
    assert _problems(_write(tmp_path, "data.json", json.dumps({"name": "x"}))) == (0, [])
    code, problems = _problems(_write(tmp_path, "data.jsonld", json.dumps({"name": "x"})))
    assert (code, [p.rule for p in problems]) == (1, ["jsonld.no-context"])


def test_without_the_vocabulary_check_blocks_are_not_judged(tmp_path: Path) -> None:
    page = _write(tmp_path, "p.html", '<script type="application/ld+json">{"@type": "WebPage"}</script>')
    assert _problems(page, vocabulary=False) == (0, [])


# -- microdata and RDFa ------------------------------------------------------------------------------

extruct = pytest.importorskip("extruct", reason="microdata and RDFa need the optional extruct library")

MICRODATA = """<!DOCTYPE html>
<html><body>
<p>intro</p>
<div itemscope itemtype="https://schema.org/Book">
  <span itemprop="name">A</span>
  <span itemprop="numberOfPages">many</span>
  <a itemprop="sameAs" href="https://example.org/a">a</a>
</div>
<div itemscope itemtype="https://schema.org/Persn"><span itemprop="name">B</span></div>
</body></html>
"""


def test_microdata_is_checked_with_the_item_line_and_path(tmp_path: Path) -> None:
    code, problems = _problems(_write(tmp_path, "m.html", MICRODATA))
    assert [(p.rule, p.line, p.pointer) for p in problems] == [
        ("vocab.range-mismatch", 4, "/numberOfPages"),
        ("vocab.unknown-type", 9, "/@type"),
    ]
    assert code == 1


def test_rdfa_is_checked_and_open_graph_alone_is_not_rdfa(tmp_path: Path) -> None:
    page = (
        '<html><head><meta property="og:title" content="t"></head>\n'
        '<body vocab="https://schema.org/">\n'
        '<div typeof="Event"><span property="name">E</span>\n'
        '<span property="startDate">tomorrow</span></div></body></html>'
    )
    code, problems = _problems(_write(tmp_path, "r.html", page))
    assert code == 1
    assert [(p.rule, p.line, p.pointer) for p in problems] == [("vocab.range-mismatch", 3, "/startDate")]
    og_only = '<html><head><meta property="og:title" content="t"></head><body></body></html>'
    _, problems = _problems(_write(tmp_path, "og.html", og_only))
    assert [p.rule for p in problems] == ["html.no-json-ld"]


def test_markup_that_cannot_be_read_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise ValueError("bad markup")

    monkeypatch.setattr("extruct.utils.parse_xmldom_html", broken)
    code, problems = _problems(_write(tmp_path, "m.html", MICRODATA))
    assert [(p.rule, p.severity, p.line) for p in problems] == [("html.markup-unreadable", Severity.ERROR, 4)]
    assert "was not checked" in problems[0].message and code == 1


def test_json_ld_and_markup_are_reported_in_page_order(tmp_path: Path) -> None:
    page = MICRODATA.replace(
        "</body>",
        '<script type="application/ld+json">{"@context": "https://schema.org", "@type": "Thng"}</script></body>',
    )
    _, problems = _problems(_write(tmp_path, "m.html", page))
    assert [p.line for p in problems] == sorted(p.line or 0 for p in problems)


def test_reading_markup_never_touches_the_network(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("network access while reading markup")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    page = (
        '<html prefix="dc: http://purl.org/dc/terms/"><body vocab="https://schema.org/">\n'
        '<link rel="profile" href="https://example.org/profile">\n'
        '<div typeof="Person" resource="https://example.org/me"><span property="name">A</span>\n'
        '<span property="dc:title">t</span></div>\n' + MICRODATA + "</body></html>"
    )
    code, problems = _problems(_write(tmp_path, "n.html", page))
    assert "vocab.unknown-type" in {p.rule for p in problems} and code == 1


def test_a_problem_in_a_nested_item_is_placed_at_that_item(tmp_path: Path) -> None:
    page = (
        '<div itemscope itemtype="https://schema.org/Event">\n'
        '  <span itemprop="name">E</span>\n'
        '  <div itemprop="location" itemscope itemtype="https://schema.org/Place">\n'
        '    <span itemprop="nmae">Hall</span>\n'
        "  </div>\n"
        '  <div itemprop="performer" itemscope itemtype="https://schema.org/Person"><span itemprop="name">A</span></div>\n'
        '  <div itemprop="performer" itemscope itemtype="https://schema.org/Person"><span itemprop="nme">B</span></div>\n'
        "</div>\n"
        '<div vocab="https://schema.org/" typeof="Book"><span property="name">B</span>\n'
        '  <div property="author" typeof="Person">\n'
        '    <span property="birthDate">soon</span></div></div>\n'
    )
    _, problems = _problems(_write(tmp_path, "n.html", page))
    assert [(p.line, p.pointer) for p in problems] == [
        (3, "/location/nmae"),
        (7, "/performer/1/nme"),
        (10, "/author/birthDate"),
    ]


def test_an_empty_href_is_the_page_itself_but_an_img_without_src_has_no_value(tmp_path: Path) -> None:
    page = (
        '<div itemscope itemtype="https://schema.org/Article">\n'
        '<a itemprop="url" href="">here</a><img itemprop="image" alt="no src"><span itemprop="headline">H</span>\n'
        "</div>\n"
        '<div vocab="https://schema.org/" typeof="WebPage"><link property="url" href=""><span property="name">N</span></div>\n'
    )
    code, problems = _problems(_write(tmp_path, "e.html", page))
    assert [(p.rule, p.severity, p.pointer) for p in problems] == [
        ("vocab.text-for-entity", Severity.WARNING, "/image")
    ]
    assert code == 0


def test_markup_lxml_finds_no_element_in_is_not_a_failure(tmp_path: Path) -> None:
    # Python's HTML parser sees the attributes; lxml sees an unclosed comment and no element.
    page = '<!--<p><div itemscope itemtype="https://schema.org/Thing"><span itemprop="name">x'
    code, problems = _problems(_write(tmp_path, "c.html", page))
    assert [(p.rule, p.severity) for p in problems] == [("html.markup-empty", Severity.WARNING)]
    assert code == 0

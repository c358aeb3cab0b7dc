"""The validator on real structured data written by others (tests/corpus/, see MANIFEST.json).

Each file's verdict was reached by reading it against the schema.org 30.0 release, before
looking at what fmevidence says. The suite holds fmevidence to it: the exit code of each
file, zero false errors (every error reported is one the verdict lists) and no miss (every
listed problem, error or warning, is reported at its place).
"""

from __future__ import annotations

import collections
import json
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import need
from fmevidence.validation.parsing import judge_block
from fmevidence.validation.report import Problem
from fmevidence.validation.runner import Options, Run
from fmevidence.validation.vocab_check import check_vocabulary
from vocabulary_helpers import EXAMPLES, example_documents

CORPUS = Path(__file__).parent / "corpus"
MANIFEST = json.loads((CORPUS / "MANIFEST.json").read_text(encoding="utf-8"))
FILES: dict[str, dict[str, Any]] = MANIFEST["files"]
_MARKUP = ("itemscope", "typeof=", "vocab=")

pytest.importorskip("extruct", reason="microdata and RDFa need the optional extruct library (the test extra has it)")


def _run(name: str) -> tuple[int, list[Problem]]:
    run = Run([str(CORPUS / name)], Options())
    problems = [problem for result in run for problem in result.problems]
    return run.summary.exit_code, problems


def _key(problem: Problem | dict[str, Any], with_line: bool) -> tuple[Any, ...]:
    if isinstance(problem, Problem):
        return (str(problem.severity), problem.rule, problem.pointer) + ((problem.line,) if with_line else ())
    return (problem["severity"], problem["rule"], problem["pointer"]) + ((problem["line"],) if with_line else ())


def test_the_manifest_lists_every_file_and_sixty_are_written_by_others() -> None:
    on_disk = {
        str(path.relative_to(CORPUS))
        for path in CORPUS.rglob("*")
        if path.is_file() and path.name != "MANIFEST.json" and path.parent.name != "LICENSES"
    }
    assert on_disk == set(FILES)
    others = [name for name, entry in FILES.items() if entry.get("repository")]
    assert len(others) >= 60
    for name in others:
        entry = FILES[name]
        assert entry["origin"].startswith(f"https://github.com/{entry['repository']}/blob/{entry['commit']}/")
        licence_file = entry["licence"].split("(")[1].rstrip(")")
        assert (CORPUS / licence_file).is_file(), name


@pytest.mark.parametrize("name", sorted(FILES))
def test_verdict(name: str) -> None:
    entry = FILES[name]
    code, problems = _run(name)
    expected = entry["problems"]
    errors = [p for p in problems if str(p.severity) == "error"]
    listed_errors = [p for p in expected if p["severity"] == "error"]
    # Zero false errors and no missed error: the same errors, place for place.
    found = collections.Counter(_key(p, False) for p in errors)
    assert found == collections.Counter(_key(p, False) for p in listed_errors), [p.message for p in errors]
    # Every listed problem (warnings too) is reported, on its line where the verdict gives one.
    for item in expected:
        with_line = "line" in item
        assert _key(item, with_line) in {_key(p, with_line) for p in problems}, (item, [p.message for p in problems])
    assert code == entry["exit_code"]


def test_markup_is_never_clean_without_extruct(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without extruct, a microdata or RDFa page is an error saying it was not checked."""
    monkeypatch.setitem(sys.modules, "extruct.utils", None)
    pages = [
        name for name in FILES if name.endswith(".html") and any(m in (CORPUS / name).read_text() for m in _MARKUP)
    ]
    assert len(pages) >= 15
    for name in pages:
        code, problems = _run(name)
        unchecked = [p for p in problems if p.rule == "html.markup-unchecked"]
        assert len(unchecked) == 1 and "NOT checked" in unchecked[0].message, name
        assert code == 1, name


# The official schema.org examples (../shared, read in place, never copied): 479 JSON-LD blocks
# written by schema.org's editors. Read against the release, these are their genuine errors;
# anything else the validator calls an error there is a false error.
OFFICIAL_EXAMPLE_ERRORS = {
    # No @context at all: a JSON-LD processor drops every property.
    ("#eg-0269-0", "jsonld.no-context", ""),
    ("#eg-0348-0", "jsonld.no-context", ""),
    ("#eg-0460-0", "jsonld.no-context", ""),
    # An array whose first item holds the only @context: a context applies to its own node only.
    ("#eg-0315-0", "jsonld.no-context", "/1"),
    ("#eg-0315-0", "jsonld.no-context", "/2"),
    ("#eg-0315-0", "jsonld.no-context", "/3"),
    ("#eg-0318-0", "jsonld.no-context", "/1"),
    ("#eg-0318-0", "jsonld.no-context", "/2"),
    # "Best for the Money" is not a type (a label put in @type).
    ("#eg-0291-0", "vocab.unknown-type", "/hasPart/1/@type"),
    ("#eg-0293-0", "vocab.unknown-type", "/hasPart/1/@type"),
    # The W3C credentials context is remote: refused offline, by design.
    ("#eg-0485-0", "jsonld.context-refused", "/@context/1"),
    ("#eg-0486-0", "jsonld.context-refused", "/1/@context/1"),
    ("#eg-0488-0", "jsonld.context-refused", "/@context/1"),
}


def test_official_examples_have_no_false_errors() -> None:
    need(EXAMPLES)
    found = set()
    count = 0
    for example_id, _, document in example_documents():
        count += 1
        for problem in judge_block(document, json_ld=True) + check_vocabulary(document):
            if str(problem.severity) == "error":
                found.add((example_id, problem.rule, problem.pointer))
    assert count > 400
    assert found == OFFICIAL_EXAMPLE_ERRORS

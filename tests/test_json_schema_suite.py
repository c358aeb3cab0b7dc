"""The official JSON-Schema-Test-Suite, run through the same path as ``validate --schema``.

Every required test of drafts 4, 6, 7, 2019-09 and 2020-12 (``tests/<draft>/*.json``, not
``optional/``) goes through :func:`fmevidence.validation.runner.user_schema_check`, the
function the command line and ``validate(schema=...)`` use, with formats disabled (the
required format tests say ``format`` is only an annotation) and the suite's ``remotes/``
folder served at ``http://localhost:1234/`` through a schema map, as a user would with
``--schema-map http://localhost:1234/=remotes/``. A test passes when the document has no
problems exactly when the suite says it is valid.

The compiled engine (jsonschema-rs, the default) must pass all of them. The pure-Python
fallback (``jsonschema``) is run too; the few tests it fails are listed below by name, so
a new failure, or a fix, shows up. The suite lives in ../shared (see conftest.need).
"""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest

from conftest import IN_CI, SHARED, need
from fmevidence.validation.registry import SchemaMap

SUITE = SHARED / "reference" / "JSON-Schema-Test-Suite"
REMOTES = "http://localhost:1234/"
#: The runner scripts/json_schema_suite.py prints the documented pass rates with: one runner for both.
RUNNER = runpy.run_path(str(Path(__file__).resolve().parents[1] / "scripts" / "json_schema_suite.py"))
#: The metaschema a suite schema without ``$schema`` is written for (the suite's convention).
DIALECTS: dict[str, str] = RUNNER["DIALECTS"]
#: Required tests the pure-Python fallback fails, and why. jsonschema's own test run skips the
#: two vocabulary tests ("Vocabulary support is still in-progress"); Python's ``re`` has no
#: ``\p{...}`` classes, so the fallback refuses those schemas as invalid (exit 2, not a wrong
#: verdict); the unevaluatedProperties one is a jsonschema 4.26 bug with a 2019-09 schema.
PURE_FAILURES = {
    (
        "draft2019-09",
        "unevaluatedProperties.json",
        "unevaluatedProperties with adjacent non-bool additionalProperties",
        "with additional properties",
    ): "jsonschema: unevaluatedProperties beside additionalProperties (2019-09)",
    (
        "draft2019-09",
        "vocabulary.json",
        "schema that uses custom metaschema with with no validation vocabulary",
        "no validation: invalid number, but it still validates",
    ): "jsonschema: no $vocabulary support",
    (
        "draft2020-12",
        "vocabulary.json",
        "schema that uses custom metaschema with with no validation vocabulary",
        "no validation: invalid number, but it still validates",
    ): "jsonschema: no $vocabulary support",
    **{
        ("draft2020-12", file, case, test): "Python re: no \\p{...}"
        for file, case, tests in (
            (
                "pattern.json",
                "pattern with Unicode property escape requires unicode mode",
                ("ASCII letters match", "Non-ASCII letters match", "Digits do not match"),
            ),
            (
                "patternProperties.json",
                "patternProperties with Unicode property escape",
                ("Unicode letter property name matches", "Non-letter property name does not match pattern"),
            ),
        )
        for test in tests
    },
}


def run_suite(draft: str, *, fast: bool, subdir: str = "", formats: bool = False) -> tuple[int, list[tuple[str, ...]]]:
    """(tests run, failures as (draft, file, case, test)) for one draft folder of the suite."""
    root = need(SUITE) / "tests" / draft / subdir
    schema_map = SchemaMap.of([(REMOTES, SUITE / "remotes")])
    total = 0
    failures: list[tuple[str, ...]] = []
    for path in sorted(root.glob("*.json")):
        count, failed = RUNNER["failures_in_file"](path, draft, fast=fast, formats=formats, schema_map=schema_map)
        total += count
        failures.extend((draft, path.name, case, test) for case, test in failed)
    return total, failures


@pytest.mark.parametrize("draft", list(DIALECTS))
def test_every_required_test_passes_on_the_default_path(draft: str) -> None:
    if not IN_CI:  # a dependency; only a hand-made environment may lack it
        pytest.importorskip("jsonschema_rs")
    total, failures = run_suite(draft, fast=True)
    assert total > 500
    assert failures == []


@pytest.mark.parametrize("draft", list(DIALECTS))
def test_the_pure_python_fallback_fails_only_the_known_tests(draft: str) -> None:
    total, failures = run_suite(draft, fast=False)
    assert total > 500
    assert set(failures) == {key for key in PURE_FAILURES if key[0] == draft}


def test_the_suite_is_the_one_the_docs_report() -> None:
    """docs/json-schema.md quotes figures measured on this commit of the suite."""
    commit = (need(SUITE) / "COMMIT").read_text(encoding="utf-8").strip()
    docs = (Path(__file__).resolve().parents[1] / "docs" / "json-schema.md").read_text(encoding="utf-8")
    assert commit[:12] in docs

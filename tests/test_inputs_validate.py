"""Inputs of ``fmevidence validate``: files, pages, JSONL, folders, stdin, and broken bytes."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from fmevidence.validation.inputs import Task, documents_of, json_ld_scripts, tasks_for
from fmevidence.validation.report import DocumentResult, Severity
from fmevidence.validation.runner import Options, Run, validate
from validate_helpers import no_network, page  # noqa: F401 - autouse fixture

PROFILE = "medical-condition-page"


def run(*paths: str | Path, **options: Any) -> list[DocumentResult]:
    return list(validate(*paths, profile=PROFILE, vocabulary=False, **options).results)


def write(path: Path, text: str | bytes) -> Path:
    if isinstance(text, str):
        text = text.encode("utf-8")
    path.write_bytes(text)
    return path


def only(results: list[DocumentResult]) -> list[tuple[str, int | None, str, str]]:
    return [(Path(p.file or "").name, p.line, p.rule, p.pointer) for r in results for p in r.problems]


HTML = """<!doctype html>
<html><head>
<title>FM</title>
<script type="application/ld+json">
{json_a}
</script>
<script>var x = "<script type='application/ld+json'>";</script>
</head><body>
<SCRIPT TYPE="Application/LD+JSON; charset=utf-8">{json_b}</SCRIPT>
</body></html>
"""


def test_html_every_json_ld_script_with_its_line(tmp_path: Path) -> None:
    bad = page()
    del bad["about"]["name"]
    path = write(tmp_path / "p.html", HTML.format(json_a=json.dumps(page()), json_b=json.dumps(bad)))
    assert [line for line, _, _ in json_ld_scripts(path.read_text())] == [4, 9]
    assert only(run(path)) == [("p.html", 9, "profile.condition-name", "/about")]


def test_html_syntax_error_line_is_the_line_in_the_page(tmp_path: Path) -> None:
    path = write(tmp_path / "p.html", '<html>\n<script type="application/ld+json">\n{\n  "a": 1,\n}\n</script>')
    (problem,) = [p for r in run(path) for p in r.problems]
    assert (problem.rule, problem.line) == ("json.syntax", 5)
    assert problem.message.startswith("line 5, column 1:")


def test_html_script_tag_over_several_lines(tmp_path: Path) -> None:
    path = write(tmp_path / "p.html", '<html>\n<script\n  type="application/ld+json"\n>\n{\n  "a": 1,\n}\n</script>')
    (problem,) = [p for r in run(path) for p in r.problems]
    assert (problem.rule, problem.line) == ("json.syntax", 7)
    assert [r.line for r in run(path)] == [2]


def test_html_without_json_ld_is_a_warning(tmp_path: Path) -> None:
    path = write(tmp_path / "p.htm", "<html><body>no data</body></html>")
    report = validate(path, profile=PROFILE, vocabulary=False)
    assert only(list(report.results)) == [("p.htm", None, "html.no-json-ld", "")]
    assert report.ok


def test_jsonl_one_document_a_line_blank_lines_skipped(tmp_path: Path) -> None:
    bad = page()
    bad["lastReviewed"] = "2024-02-30"
    lines = [json.dumps(page()), "", json.dumps(bad), "{oops", json.dumps(page())]
    path = write(tmp_path / "d.jsonl", "\n".join(lines) + "\n")
    report = validate(path, profile=PROFILE, vocabulary=False)
    assert only(list(report.results)) == [
        ("d.jsonl", 3, "profile.date", "/lastReviewed"),
        ("d.jsonl", 4, "json.syntax", ""),
    ]
    assert report.summary.documents == 4


def test_folders_are_walked_recursively_in_sorted_order(tmp_path: Path) -> None:
    bad = json.dumps({"@type": "MedicalCondition"})
    write(tmp_path / "b.json", bad)
    (tmp_path / "a").mkdir()
    write(tmp_path / "a" / "z.jsonld", bad)
    write(tmp_path / "a" / "notes.txt", "not data")
    (tmp_path / ".git").mkdir()
    write(tmp_path / ".git" / "x.json", bad)
    files = [Path(r.file).relative_to(tmp_path).as_posix() for r in run(tmp_path)]
    assert files == ["a/z.jsonld", "b.json"]


def test_stdin(tmp_path: Path) -> None:
    stream = io.BytesIO(json.dumps({"@type": "MedicalCondition", "name": "x"}).encode())
    results = list(Run(["-"], Options(profile=PROFILE, vocabulary=False), stdin=stream))
    assert only(results) == [
        ("<stdin>", None, "profile.condition-code", ""),
        ("<stdin>", None, "profile.context", ""),
        ("<stdin>", None, "profile.condition-description", ""),
    ]


def test_stdin_jsonl_is_streamed() -> None:
    class Endless(io.RawIOBase):
        """An endless JSONL stream: the run must yield results before the end."""

        def readable(self) -> bool:
            return True

        def readinto(self, buffer: Any) -> int:
            line = b'{"@type": "MedicalCondition"}\n'
            count = len(buffer) // len(line)
            buffer[: count * len(line)] = line * count
            return count * len(line)

    stream = io.BufferedReader(Endless())
    results = iter(Run(["-"], Options(profile=PROFILE, vocabulary=False), stdin=stream, stdin_kind="jsonl"))  # type: ignore[arg-type]
    first = [next(results) for _ in range(3)]
    assert [r.line for r in first] == [1, 2, 3]


def test_missing_file_is_unreadable_and_the_run_goes_on(tmp_path: Path) -> None:
    good = write(tmp_path / "good.json", json.dumps(page()))
    report = validate(tmp_path / "missing.json", good, profile=PROFILE, vocabulary=False)
    assert only(list(report.results)) == [("missing.json", None, "input.not-found", "")]
    assert report.summary.documents == 1 and report.summary.exit_code == 2


def test_unreadable_file(tmp_path: Path) -> None:
    (result,) = documents_of(Task(file="gone.json", kind="json", path=str(tmp_path / "gone.json")))
    assert result.problem is not None and result.problem.rule == "input.unreadable"


def test_bom_is_a_warning_and_the_document_is_checked(tmp_path: Path) -> None:
    bad = page()
    del bad["about"]["name"]
    path = write(tmp_path / "bom.json", b"\xef\xbb\xbf" + json.dumps(bad).encode())
    assert only(run(path)) == [
        ("bom.json", None, "json.bom", ""),
        ("bom.json", None, "profile.condition-name", "/about"),
    ]


def test_invalid_utf8_names_line_and_column(tmp_path: Path) -> None:
    path = write(tmp_path / "bad.json", b'{\n  "name": "caf\xe9"\n}')
    (problem,) = [p for r in run(path) for p in r.problems]
    assert (problem.rule, problem.line) == ("json.encoding", 2)
    assert "line 2, column 15" in problem.message and "0xe9" in problem.message


def test_invalid_utf8_in_a_page_script(tmp_path: Path) -> None:
    path = write(tmp_path / "bad.html", b'<script type="application/ld+json">{"name": "caf\xe9"}</script>')
    assert only(run(path)) == [("bad.html", 1, "json.encoding", "")]


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity", "1e400"])
def test_non_finite_numbers_are_errors_with_a_pointer(tmp_path: Path, literal: str) -> None:
    path = write(tmp_path / "n.json", f'{{"@type": "MedicalCondition", "x": [1, {literal}]}}')
    assert only(run(path)) == [("n.json", None, "json.non-finite", "/x/1")]


def test_duplicate_keys_are_warnings_with_a_pointer(tmp_path: Path) -> None:
    text = json.dumps(page())[:-1] + ', "about": ' + json.dumps(page()["about"]) + "}"
    text = text.replace('"name": "Fibromyalgia"', '"name": "Fibromyalgia", "name": "FM"')
    path = write(tmp_path / "d.json", text)
    problems = [p for r in run(path) for p in r.problems]
    assert {(p.rule, p.pointer, p.severity) for p in problems} == {
        ("json.duplicate-key", "", Severity.WARNING),
        ("json.duplicate-key", "/about", Severity.WARNING),
    }


def test_truncated_json_says_so(tmp_path: Path) -> None:
    path = write(tmp_path / "t.json", json.dumps(page())[:50])
    (problem,) = [p for r in run(path) for p in r.problems]
    assert (
        problem.rule == "json.syntax"
        and "truncated" in problem.message
        and problem.message.startswith("line 1, column")
    )


def test_deep_nesting_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    path = write(tmp_path / "deep.json", "[" * 100_000 + "]" * 100_000)
    after = write(tmp_path / "z.json", json.dumps({"@type": "MedicalCondition"}))
    results = run(path, after)
    assert only(results)[0] == ("deep.json", None, "json.too-deep", "")
    assert Path(results[-1].file).name == "z.json"


def test_nesting_deep_enough_to_parse_but_not_to_check(tmp_path: Path) -> None:
    path = write(tmp_path / "deep.json", '{"@type": "MedicalCondition", "x": ' + "[" * 900 + "]" * 900 + "}")
    results = run(path, **{"max_bytes": 10_000})
    assert all(p.rule.startswith(("json.", "profile.")) for r in results for p in r.problems)


def test_size_limit_on_files(tmp_path: Path) -> None:
    path = tmp_path / "huge.json"
    with path.open("wb") as handle:  # a sparse 2 GB file: nothing is read
        handle.truncate(2 * 1024**3)
    report = validate(path, profile=PROFILE, vocabulary=False)
    (problem,) = report.problems
    assert problem.rule == "input.too-large" and "2,147,483,648 bytes" in problem.message
    assert "--max-size" in problem.message and report.summary.exit_code == 2


def test_size_limit_on_jsonl_lines_and_stdin(tmp_path: Path) -> None:
    path = write(
        tmp_path / "l.jsonl", json.dumps(page()) + "\n" + '{"a": "' + "x" * 5000 + '"}\n' + json.dumps(page()) + "\n"
    )
    report = validate(path, profile=PROFILE, vocabulary=False, max_bytes=3000)
    assert only(list(report.results)) == [("l.jsonl", 2, "input.too-large", "")]
    assert report.summary.documents == 2
    tasks = list(tasks_for(["-"], max_bytes=10, stdin=io.BytesIO(b"x" * 11)))
    assert tasks[0].problem is not None and tasks[0].problem.rule == "input.too-large"


def test_a_file_that_lies_about_its_size_is_cut_off(tmp_path: Path) -> None:
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero here")
    report = validate("/dev/zero", profile=PROFILE, vocabulary=False, max_bytes=1000)
    (problem,) = report.problems
    assert problem.rule == "input.too-large" and report.summary.exit_code == 2

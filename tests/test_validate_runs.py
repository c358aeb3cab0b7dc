"""How runs behave: workers, threads, caches, pipes, stdin and JSONL lines."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

import fmevidence
from fmevidence.validation import runner
from fmevidence.validation.inputs import Task
from fmevidence.validation.runner import Options, Run, build_checks
from validate_helpers import no_network, page  # noqa: F401 - autouse fixture

ROOT = Path(__file__).resolve().parents[1]


def write(path: Path, document: Any) -> Path:
    path.write_text(document if isinstance(document, str) else json.dumps(document), encoding="utf-8")
    return path


def outcome(report: Any) -> list[tuple[str, int | None, tuple[tuple[str, str, str], ...]]]:
    return [(r.file, r.line, tuple((p.rule, p.pointer, p.message) for p in r.problems)) for r in report.results]


def test_small_sets_are_spread_over_every_worker() -> None:
    tasks = [Task(file=f"{i}.json", kind="json") for i in range(10)]
    batches = list(runner._batches(tasks, 4))
    assert len(batches) >= 4 and [t for b in batches for t in b] == tasks
    assert [len(b) for b in runner._batches(tasks, 1)] == [5, 5]
    many = [Task(file=f"{i}.json", kind="json") for i in range(1000)]
    assert max(len(b) for b in runner._batches(many, 2)) == 64


def test_the_look_ahead_never_holds_many_jsonl_blocks() -> None:
    pulled: list[int] = []

    def blocks() -> Any:
        for index in range(1000):
            pulled.append(index)
            yield Task(file="x.jsonl", kind="jsonl-block")

    batches = runner._batches(blocks(), 2)
    next(batches)
    assert len(pulled) == 1


def test_jsonl_blocks_are_batches_of_their_own() -> None:
    tasks = [
        Task(file="a.json", kind="json"),
        Task(file="b.jsonl", kind="jsonl-block"),
        Task(file="c.json", kind="json"),
    ]
    assert [[t.file for t in b] for b in runner._batches(tasks, 2)] == [["a.json"], ["b.jsonl"], ["c.json"]]


def test_jobs_give_identical_results_on_a_small_set(tmp_path: Path) -> None:
    for index in range(7):
        document = page()
        if index % 3 == 0:
            document["lastReviewed"] = "2024-02-30"
        write(tmp_path / f"{index}.json", document)
    serial = fmevidence.validate(tmp_path, profile="medical-condition-page")
    for jobs in (2, 3, 8):
        parallel = fmevidence.validate(tmp_path, profile="medical-condition-page", jobs=jobs)
        assert outcome(parallel) == outcome(serial)
        assert parallel.summary == serial.summary


def test_concurrent_runs_in_threads_keep_their_own_checks(tmp_path: Path) -> None:
    """Two validate() calls at once, with different checks, in worker processes: no swapped checks."""
    for index in range(6):
        write(tmp_path / f"{index}.json", {"n": index})
    integers = {"properties": {"n": {"type": "string"}}}
    small = {"properties": {"n": {"maximum": 2}}}
    want = {
        "integers": outcome(fmevidence.validate(tmp_path, schema=integers, vocabulary=False)),
        "small": outcome(fmevidence.validate(tmp_path, schema=small, vocabulary=False)),
    }
    got: dict[str, list[Any]] = {}
    errors: list[BaseException] = []

    def run(name: str, schema: Any) -> None:
        try:
            for _ in range(3):
                got.setdefault(name, []).append(
                    outcome(fmevidence.validate(tmp_path, schema=schema, vocabulary=False, jobs=2))
                )
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=item) for item in (("integers", integers), ("small", small))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert want["integers"] != want["small"]
    for name in want:
        assert got[name] == [want[name]] * 3


def test_no_module_global_is_set_by_a_parallel_run(tmp_path: Path) -> None:
    write(tmp_path / "a.json", page())
    fmevidence.validate(tmp_path, jobs=2)
    assert runner._WORKER_CHECKS is None


def test_an_edited_vocabulary_file_is_read_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from fmevidence.validation import vocabulary

    reads: list[str] = []
    monkeypatch.setattr(vocabulary, "vocabulary_from_release", lambda path: reads.append(str(path)) or None)
    runner._cached_checks.cache_clear()
    release = write(tmp_path / "release.jsonld", "{}")
    options = Options(vocabulary_file=str(release))
    first = build_checks(options)
    assert build_checks(options) is first and len(reads) == 1
    write(release, '{"@graph": []}')
    os.utime(release, ns=(1, 1))
    assert build_checks(options) is not first and len(reads) == 2
    runner._cached_checks.cache_clear()


def test_broken_pipe_exits_with_the_runs_status(tmp_path: Path) -> None:
    """`fmevidence validate x.jsonl | head -1` still exits 1 when errors were found."""
    jsonl = tmp_path / "x.jsonl"
    jsonl.write_text('{"@type": "MedicalCondition"}\n' * 800, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    args = [
        sys.executable,
        "-m",
        "fmevidence",
        "validate",
        "--profile",
        "medical-condition-page",
        "--no-vocabulary",
        str(jsonl),
    ]
    for extra in ([], ["--jobs", "2"]):
        with subprocess.Popen([*args, *extra], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env) as process:
            assert process.stdout is not None and process.stderr is not None
            first = process.stdout.readline()
            process.stdout.close()  # what `head -1` does
            err = process.stderr.read()
            code = process.wait(timeout=120)
        assert first.strip() == str(jsonl).encode()
        assert code == 1, err
        assert b"Traceback" not in err and b"BrokenPipe" not in err


def test_a_truncated_jsonl_line_is_reported_on_its_own_line(tmp_path: Path) -> None:
    jsonl = write(tmp_path / "x.jsonl", '{"a": 1}\n{"a": \n{"a": 3}\n{"a": [1, 2')
    problems = [(r.line, p.rule) for r in fmevidence.validate(jsonl, vocabulary=False).results for p in r.problems]
    assert problems == [(2, "json.syntax"), (4, "json.syntax")]
    crlf = write(tmp_path / "y.jsonl", '{"a": 1}\r\n{"a": \r\n')
    assert [r.line for r in fmevidence.validate(crlf, vocabulary=False).results] == [2]


def test_stdin_starting_with_a_tag_is_read_as_html() -> None:
    html = b'\n  <html><script type="application/ld+json">{"@type": "MedicalCondition"}</script></html>'
    options = Options(profile="medical-condition-page", vocabulary=False)
    results = list(Run(["-"], options, stdin=io.BytesIO(html)))
    assert results and results[0].line == 2
    assert {p.rule for p in results[0].problems} >= {"profile.condition-name"}
    json_text = b'{"@type": "MedicalCondition"}'
    assert next(iter(Run(["-"], options, stdin=io.BytesIO(json_text)))).line is None
    forced = list(Run(["-"], options, stdin=io.BytesIO(html), stdin_kind="json"))
    assert [p.rule for p in forced[0].problems] == ["json.syntax"]


def test_profile_errors_are_explained_without_jsonschema(monkeypatch: pytest.MonkeyPatch) -> None:
    """With the fast path, a node error and the document-level rule are explained from jsonschema-rs alone."""
    pytest.importorskip("jsonschema_rs")
    checks = build_checks(Options(profile="medical-condition-page", vocabulary=False, fast=True)).checks
    slow = build_checks(Options(profile="medical-condition-page", vocabulary=False, fast=False)).checks
    bad = page()
    bad["lastReviewed"] = "2024-02-30"
    no_code = page()
    del no_code["about"]["code"]
    want = {id(doc): [p for check in slow for p in check(doc)] for doc in (bad, no_code)}

    class Refuse:
        def iter_errors(self, document: Any) -> Any:
            raise AssertionError("jsonschema was asked to explain")

    for check in checks:
        owner = check.__self__  # type: ignore[attr-defined]
        monkeypatch.setattr(owner, "validator", Refuse())
        monkeypatch.setattr(owner, "_root_rules", [(root, Refuse(), fast) for root, _, fast in owner._root_rules])
        monkeypatch.setattr(owner, "_node_rules", (owner._node_rules[0], Refuse()))
    for doc in (bad, no_code):
        got = [p for check in checks for p in check(doc)]
        assert got == want[id(doc)] and got


def test_spawned_workers_build_the_same_checks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Where fork is not used (macOS, Windows) workers rebuild the checks from the picklable options."""
    for index in range(5):
        write(tmp_path / f"{index}.json", {"n": index, "when": "yesterday" if index % 2 else "2024-05-01"})
    schema = {"properties": {"n": {"maximum": 2}, "when": {"format": "date"}}}
    serial = fmevidence.validate(tmp_path, schema=schema, vocabulary=False)
    monkeypatch.setattr(runner.sys, "platform", "darwin")
    spawned = fmevidence.validate(tmp_path, schema=schema, vocabulary=False, jobs=2)
    assert outcome(spawned) == outcome(serial) and serial.summary.errors == 4

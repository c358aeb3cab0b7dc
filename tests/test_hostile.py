"""Hostile dataset files: each is one clear problem naming file and place, exit 2, never a traceback or hang.

Every case is run three ways: ``fmevidence.load`` (raises DatasetError), ``fmevidence check``
and ``fmevidence --data ... list`` (both exit 2). Timing is measured by
benchmarks/bench_hostile.py, not asserted here.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import fmevidence
from fmevidence.cli import main

_MANIFEST = {"name": "mini", "version": "1", "last_reviewed": "2026-12-01", "files": ["records.json"]}

_RECORDS = """{
  "sources": [{"id": "s", "kind": "web_page", "title": "T", "publisher": "P"}],
  "mechanisms": [{"id": "m1", "name": "M", "sources": ["s"]}],
  "findings": [{"id": "f", "statement": "S", "about": ["m1"], "direction": "supports",
                "origin": "expert_opinion", "sources": ["s"],
                "quantities": [{"measure": "effect", "value": VALUE}]}]
}
"""


def _dataset(tmp_path: Path, records: str | bytes | None = None, manifest: dict[str, object] | None = None) -> Path:
    folder = tmp_path / "ds"
    folder.mkdir()
    (folder / "dataset.json").write_text(json.dumps(manifest or _MANIFEST), encoding="utf-8")
    text = records if records is not None else _RECORDS.replace("VALUE", "1.5")
    if isinstance(text, str):
        text = text.encode("utf-8")
    (folder / "records.json").write_bytes(text)
    return folder


def _value(literal: str) -> Callable[[Path], Path]:
    return lambda tmp: _dataset(tmp, _RECORDS.replace("VALUE", literal))


def _nested(depth: int) -> Callable[[Path], Path]:
    return lambda tmp: _dataset(tmp, '{"$comment": ' + "[" * depth + "]" * depth + "}")


def _oversized(tmp: Path) -> Path:
    folder = _dataset(tmp)
    with open(folder / "records.json", "r+b") as handle:
        handle.truncate(65 * 1024 * 1024)  # sparse: costs no disk
    return folder


def _manifest_files(name: str) -> Callable[[Path], Path]:
    return lambda tmp: _dataset(tmp, manifest={**_MANIFEST, "files": [name]})


def _symlink_to_device(tmp: Path) -> Path:
    folder = _dataset(tmp)
    (folder / "records.json").unlink()
    os.symlink("/dev/zero", folder / "records.json")
    return folder


def _fifo(tmp: Path) -> Path:
    folder = _dataset(tmp)
    (folder / "records.json").unlink()
    os.mkfifo(folder / "records.json")
    return folder


#: case -> (make the dataset, text the message must contain, the place: a pointer or a line)
CASES: dict[str, tuple[Callable[[Path], Path], str, str]] = {
    "duplicate key": (
        lambda tmp: _dataset(tmp, _RECORDS.replace('"findings"', '"mechanisms": [], "findings"').replace("VALUE", "1")),
        "appears more than once", "/mechanisms",
    ),
    "NaN": (_value("NaN"), "found NaN", "/findings/0/quantities/0/value"),
    "Infinity": (_value("-Infinity"), "found -Infinity", "/findings/0/quantities/0/value"),
    "400-digit integer in a float": (_value("9" * 400), "400 digits", "/findings/0/quantities/0/value"),
    "5000-digit integer": (_value("7" * 5000), "5000 digits", "/findings/0/quantities/0/value"),
    "1e400": (_value("1e400"), "too large", "/findings/0/quantities/0/value"),
    "100,000 nested arrays": (_nested(100_000), "nested more than 64", ":1:"),
    "65 nested arrays": (_nested(65), "nested more than 64", "/$comment"),
    "oversized": (_oversized, "expected at most 67,108,864", "records.json"),
    "UTF-16": (lambda tmp: _dataset(tmp, _RECORDS.replace("VALUE", "1").encode("utf-16")), "UTF-16", "records.json"),
    "bad UTF-8": (lambda tmp: _dataset(tmp, b'{"$comment": "caf\xe9"}'), "not UTF-8", ":1:18"),
    "lone surrogate": (lambda tmp: _dataset(tmp, '{"$comment": "\\ud800"}'), "surrogate", "/$comment"),
    "path outside the folder": (_manifest_files("../x.json"), "outside the dataset folder", "/files/0"),
    "absolute path": (_manifest_files("/dev/zero"), "absolute path", "/files/0"),
    "symlink to a device": (_symlink_to_device, "outside the dataset folder", "/files/0"),
    "FIFO": (_fifo, "not a regular file", "records.json"),
    "invalid JSON": (lambda tmp: _dataset(tmp, '{"sources": [,]}'), "invalid JSON", ":1:14"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_hostile_file_is_one_clear_problem(case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make, expected, place = CASES[case]
    folder = make(tmp_path)
    with pytest.raises(fmevidence.DatasetError) as caught:
        fmevidence.load(folder)
    assert caught.value.unreadable
    relevant = [p for p in caught.value.problems if expected in p.message]
    assert len(relevant) == 1, caught.value
    assert place in str(relevant[0]), relevant[0]
    assert str(relevant[0]).startswith(str(folder)), relevant[0]
    assert main(["check", str(folder)]) == 2
    out = capsys.readouterr().out
    assert expected in out and "Traceback" not in out
    assert main(["--data", str(folder), "list", "sources"]) == 2
    err = capsys.readouterr().err
    assert expected in err and "Traceback" not in err


def test_hostile_files_never_print_a_traceback_from_the_console_script(tmp_path: Path) -> None:
    """The real process, for the two cases that used to crash the interpreter's own parser."""
    for index, case in enumerate(("100,000 nested arrays", "5000-digit integer")):
        (tmp_path / str(index)).mkdir()
        folder = CASES[case][0](tmp_path / str(index))
        for argv in (["check", str(folder)], ["--data", str(folder), "list", "findings"]):
            result = subprocess.run(
                [sys.executable, "-m", "fmevidence", *argv], capture_output=True, text=True, timeout=120
            )
            assert result.returncode == 2, result
            assert "Traceback" not in result.stderr + result.stdout


def test_duplicate_key_does_not_silently_drop_data(tmp_path: Path) -> None:
    folder = _dataset(tmp_path, '{"mechanisms": [{"id": "m1", "name": "M", "sources": ["s"]}], "mechanisms": []}')
    result = fmevidence.check(folder)
    assert result.exit_code == 2
    [problem] = result.problems
    assert (problem.pointer, problem.line, problem.column) == ("/mechanisms", 1, 77)


def test_valid_mini_dataset_is_clean(tmp_path: Path) -> None:
    """The control: the template every hostile case corrupts loads and checks clean."""
    folder = _dataset(tmp_path)
    assert fmevidence.check(folder).exit_code == 0
    assert fmevidence.load(folder).get("f").quantities[0].value == 1.5  # type: ignore[union-attr]


def test_nesting_limit_is_exactly_64_levels(tmp_path: Path) -> None:
    """The root object is level 1: 63 arrays inside it are 64 levels (fine), 64 arrays are 65 (refused)."""
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    assert fmevidence.check(_nested(63)(tmp_path / "a")).exit_code == 0
    deep = _nested(64)(tmp_path / "b")
    [problem] = fmevidence.check(deep).problems
    assert "nested more than 64" in problem.message
    assert problem.pointer == "/$comment" + "/0" * 63

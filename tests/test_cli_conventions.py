"""One set of conventions for every sub-command (docs/cli.md, "Conventions").

The tests iterate over the parser's sub-commands, so a new sub-command is covered as soon as it
is registered: it must have runnable ``--help`` examples, take repeatable options by repeating
the flag, exit 2 on bad usage with one line and no traceback, and — if it takes record ids —
say so in ``ID_ARGUMENTS`` below, where its unknown-id behaviour is checked.
"""

from __future__ import annotations

import argparse
import io
import re
import shlex
import sys
from pathlib import Path

import pytest

import fmevidence
from fmevidence.cli import build_parser, main
from fmevidence.evidence_base import EvidenceBase
from fmevidence.kinds import KIND_OF_CLASS

Capture = pytest.CaptureFixture[str]

PARSER = build_parser()
COMMANDS: dict[str, argparse.ArgumentParser] = next(
    action.choices for action in PARSER._actions if isinstance(action, argparse._SubParsersAction)
)

#: Sub-command -> (argv with a mistyped id, the kinds whose ids may be suggested, an id that must be).
ID_ARGUMENTS: dict[str, list[tuple[list[str], set[str], str]]] = {
    "show": [(["show", "autoimunity"], set(KIND_OF_CLASS.values()), "autoimmunity")],
    "evidence": [(["evidence", "autoimunity"],
                  {"mechanisms", "treatments", "biomarkers", "conditions", "anatomy", "symptoms", "tests",
                   "findings"}, "autoimmunity")],
    "export": [
        (["export", "fibromyalgi"], {"conditions"}, "fibromyalgia"),
        (["export", "--include", "autoimunity"], {"mechanisms", "treatments", "tests", "symptoms", "anatomy"},
         "autoimmunity"),
    ],
    "page": [
        (["page", "fibromyalgi"], {"conditions"}, "fibromyalgia"),
        (["page", "--include", "autoimunity"], {"mechanisms", "treatments", "tests", "symptoms", "anatomy"},
         "autoimmunity"),
    ],
}
#: Sub-commands that take no record ids (a new sub-command must be listed in one of the two).
NO_ID_ARGUMENTS = {"list", "validate", "crawl", "check", "init"}


def run(capsys: Capture, argv: list[str], stdin: str | None = None) -> tuple[int, str, str]:
    if stdin is not None:
        old = sys.stdin
        sys.stdin = io.TextIOWrapper(io.BytesIO(stdin.encode("utf-8")), encoding="utf-8")
    try:
        code = main(argv)
    finally:
        if stdin is not None:
            sys.stdin = old
    out, err = capsys.readouterr()
    return code, out, err


def examples_of(parser: argparse.ArgumentParser) -> list[str]:
    epilog = parser.epilog or ""
    assert epilog.startswith("examples:"), f"{parser.prog}: --help has no examples epilog"
    return [line.strip() for line in epilog.splitlines()[1:] if line.strip().startswith("fmevidence")]


@pytest.fixture(scope="module")
def kb() -> EvidenceBase:
    return fmevidence.load()


def test_every_sub_command_is_classified() -> None:
    assert set(COMMANDS) == set(ID_ARGUMENTS) | NO_ID_ARGUMENTS, "classify new sub-commands in ID_ARGUMENTS"


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_help_ends_with_examples_of_this_command(name: str, capsys: Capture) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([name, "--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert "\nexamples:\n" in out
    commands = examples_of(COMMANDS[name])
    assert commands and all(f"fmevidence {name}" in line for line in commands)
    for line in commands:
        assert line in out, "examples must be printed as written, not re-wrapped"


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_help_examples_run(name: str, capsys: Capture, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each example line runs (``&&`` and ``|`` as in a shell) and exits 0, in a fresh folder
    (holding a link to ``examples/``, whose sample files the examples may read)."""
    (tmp_path / "examples").symlink_to(Path(__file__).resolve().parents[1] / "examples")
    monkeypatch.chdir(tmp_path)
    for line in examples_of(COMMANDS[name]):
        for command in line.split(" && "):
            piped: str | None = None
            for stage in command.split(" | "):
                argv = shlex.split(stage, comments=True)
                assert argv[0] == "fmevidence"
                code, out, err = run(capsys, argv[1:], stdin=piped)
                assert code == 0, f"{stage!r} exited {code}: {err}"
                piped = out


def test_top_level_help_has_examples(capsys: Capture, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    for line in examples_of(PARSER):
        code, _, err = run(capsys, shlex.split(line)[1:])
        assert code == 0, err


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_bad_usage_exits_2_with_one_clear_line(name: str, capsys: Capture) -> None:
    code, out, err = run(capsys, [name, "--no-such-option"])
    assert (code, out) == (2, "")
    errors = [line for line in err.splitlines() if "error:" in line]
    assert len(errors) == 1 and errors[0].startswith(f"fmevidence {name}: error: "), err
    assert "Traceback" not in err


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_a_mistyped_sub_command_gets_did_you_mean(name: str, capsys: Capture) -> None:
    typo = name[0] + name[2] + name[1] + name[3:]  # two letters swapped
    code, out, err = run(capsys, [typo])
    assert (code, out) == (2, "")
    assert re.search(rf"did you mean: [^?]*\b{name}\b", err), err


def test_a_mistyped_choice_gets_did_you_mean(capsys: Capture) -> None:
    code, _, err = run(capsys, ["export", "--format", "jsnld"])
    assert code == 2 and "did you mean: jsonld?" in err
    code, _, err = run(capsys, ["list", "mechanims"])
    assert code == 2 and "did you mean: mechanisms?" in err


@pytest.mark.parametrize(("argv", "kinds", "expected"),
                         [case for cases in ID_ARGUMENTS.values() for case in cases],
                         ids=[" ".join(case[0]) for cases in ID_ARGUMENTS.values() for case in cases])
def test_unknown_id_exits_1_with_suggestions_of_the_right_kind(
    argv: list[str], kinds: set[str], expected: str, capsys: Capture, kb: EvidenceBase
) -> None:
    code, out, err = run(capsys, argv)
    assert (code, out) == (1, ""), err
    match = re.search(r"did you mean: (.*)\?", err)
    assert match, err
    suggested = match.group(1).split(", ")
    assert expected in suggested
    assert all(KIND_OF_CLASS[type(kb.get(ref))] in kinds for ref in suggested), suggested


def test_an_id_of_the_wrong_kind_exits_1(capsys: Capture) -> None:
    code, out, err = run(capsys, ["export", "autoimmunity"])
    assert (code, out) == (1, "")
    assert "'autoimmunity' is a mechanism, not a condition" in err
    code, out, err = run(capsys, ["export", "--include", "fibromyalgia"])
    assert (code, out) == (1, "")
    assert "'fibromyalgia' is a condition, not a topic" in err


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_repeatable_options_are_repeated_flags(name: str) -> None:
    """One rule: a repeatable option takes one value and is repeated; none takes several values."""
    for action in COMMANDS[name]._actions:
        if not action.option_strings:
            continue
        assert action.nargs not in ("+", "*", argparse.REMAINDER), f"{name} {action.option_strings}: nargs"
        assert not isinstance(action, argparse._ExtendAction), f"{name} {action.option_strings}: extend"
        if isinstance(action, argparse._AppendAction):
            assert "(repeatable)" in (action.help or ""), f"{name} {action.option_strings}: say (repeatable)"


def test_include_does_not_swallow_the_condition(capsys: Capture) -> None:
    code, out, err = run(capsys, ["export", "--include", "autoimmunity", "fibromyalgia",
                                  "--include", "small-fiber-neuropathy"])
    assert code == 0, err
    import json

    names = [p.split(" (")[0] for p in json.loads(out)["pathophysiology"]]
    assert names == ["Autoimmunity", "Small-fiber neuropathy"]


def _records_to_show(kb: EvidenceBase) -> list[str]:
    """A few records of every kind, plus those with the longest ids (the ones a wrap would split)."""
    chosen: list[str] = []
    for kind in dict.fromkeys(KIND_OF_CLASS.values()):
        chosen += [record.id for record in kb.of_kind(kind)[:2]]
    longest = sorted((record.id for record in kb.findings), key=len, reverse=True)[:5]
    return [*chosen, *longest, "fm-existence-once-controversial", "fibromyalgia"]


def _assert_ids_whole(output: str, ids: list[str]) -> None:
    for line in output.splitlines():
        assert line.count("[") == line.count("]"), f"a bracketed id is split: {line!r}"
    missing = [ref for ref in ids if ref not in output]
    assert not missing, f"ids not printed whole on one line: {missing}"


def test_show_never_wraps_inside_an_id(capsys: Capture, kb: EvidenceBase) -> None:
    for ref in _records_to_show(kb):
        if kb.find(ref) is None:
            continue
        code, out, err = run(capsys, ["show", ref])
        assert code == 0, err
        record = kb.get(ref)
        linked = [f.id for f in (kb.findings_citing(ref) if KIND_OF_CLASS[type(record)] == "sources"
                                 else kb.findings_about(ref))]
        _assert_ids_whole(out, [ref, *linked])


def test_evidence_never_wraps_inside_an_id(capsys: Capture, kb: EvidenceBase) -> None:
    for topic in [*kb.of_kind("mechanisms"), *kb.of_kind("treatments")[:5]]:
        code, out, err = run(capsys, ["evidence", topic.id])
        assert code == 0, err
        _assert_ids_whole(out, [topic.id, *(f.id for f in kb.findings_about(topic.id) if not f.context)])
    code, out, _ = run(capsys, ["evidence"])
    _assert_ids_whole(out, [t.id for t in [*kb.of_kind("mechanisms"), *kb.of_kind("treatments")]])


def test_errors_never_print_a_traceback_and_keep_stdout_clean(capsys: Capture, tmp_path: Path) -> None:
    missing = str(tmp_path / "nowhere")
    for argv in (["--data", missing, "show", "fibromyalgia"], ["--data", missing, "export"],
                 ["--data", missing, "evidence"], ["--data", missing, "list", "sources"]):
        code, out, err = run(capsys, argv)
        assert (code, out) == (2, ""), err
        assert "Traceback" not in err and err.count("\n") >= 1


def test_no_sub_command_prints_help_and_exits_2(capsys: Capture) -> None:
    code, out, err = run(capsys, [])
    assert (code, out) == (2, "")
    assert "examples:" in err

"""Every code block of the documentation runs, and the CLI reference cannot drift.

Picks up every ``docs/*.md`` page (and README.md) by itself. Each fenced block must name its
language, and each language has one meaning:

- ``python``: with ``>>>`` a doctest, else a script; the blocks of a page share one namespace;
- ``console``: ``$ command`` lines run in bash, with ``fmevidence`` being this checkout; the lines
  after a command are its expected output (doctest rules: ``...`` matches anything); a command
  must exit 0 unless it ends with ``# exit N``. The blocks of a page share one temporary folder,
  in which ``examples/`` and ``benchmarks/`` are linked;
- ``bash``: commands to copy (installs, clones): checked by ``bash -n``, and every ``fmevidence``
  command in them must be accepted by the argument parser;
- ``json``, ``yaml``, ``toml``: must parse (a pre-commit config must also pass pre-commit's own
  schema); ``html``: its JSON-LD must pass ``fmevidence validate`` without errors;
- ``text``: only in the generated docs/cli.md (usage lines), which is compared with what
  ``scripts/build_cli_docs.py`` writes.
"""

from __future__ import annotations

import doctest
import json
import os
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from conftest import IN_CI

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
PAGES = sorted(DOCS.glob("*.md"))
FENCE = re.compile(r"^(?P<indent>[ ]*)```(?P<lang>[\w-]*)[^\n]*\n(?P<body>.*?)^(?P=indent)```[ ]*$",
                   re.MULTILINE | re.DOTALL)
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


@dataclass
class Block:
    page: Path
    line: int
    lang: str
    text: str
    before: str = ""

    @property
    def where(self) -> str:
        return f"{self.page.relative_to(ROOT)}:{self.line}"


def blocks(page: Path) -> list[Block]:
    source = page.read_text(encoding="utf-8")
    found = []
    for match in FENCE.finditer(source):
        indent = len(match.group("indent"))
        body = "\n".join(line[indent:] for line in match.group("body").splitlines())
        found.append(Block(page, source.count("\n", 0, match.start()) + 1, match.group("lang"), body + "\n",
                           source[max(0, match.start() - 1000):match.start()]))
    return found


def _optional(module: str) -> Any:
    try:
        return __import__(module, fromlist=["_"])
    except ImportError:
        if IN_CI:
            pytest.fail(f"{module} is required under CI=true")
        pytest.skip(f"{module} is not installed (pip install -e '.[test,docs]')")


# --- the runners -------------------------------------------------------------------------------


class Session:
    """What the blocks of one page share: a folder, a Python namespace, a shell environment."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.globs: dict[str, Any] = {"__name__": "__docs__"}
        for name in ("examples", "benchmarks"):
            (folder / name).symlink_to(ROOT / name)
        bin_dir = folder.parent / "bin"
        bin_dir.mkdir(exist_ok=True)
        shim = bin_dir / "fmevidence"
        shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m fmevidence "$@"\n', encoding="utf-8")
        shim.chmod(0o755)
        python = bin_dir / "python3"
        if not python.exists():
            python.symlink_to(sys.executable)
        self.env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
                    "PYTHONPATH": str(ROOT / "src"), "COLUMNS": "100"}

    def python(self, block: Block) -> None:
        if ">>>" in block.text:
            test = doctest.DocTestParser().get_doctest(block.text, self.globs, block.where, str(block.page),
                                                       block.line)
            report: list[str] = []
            runner = doctest.DocTestRunner(optionflags=FLAGS)
            runner.run(test, out=report.append, clear_globs=False)
            self.globs.update(test.globs)  # DocTest works on a copy; later blocks see these names
            assert runner.failures == 0, "".join(report)
        else:
            exec(compile(block.text, block.where, "exec"), self.globs)  # our own docs

    def console(self, block: Block) -> None:
        commands = _console_commands(block.text)
        assert commands, f"{block.where}: a console block without $ commands"
        for command, expected in commands:
            match = re.search(r"#\s*exit\s+(\d+)\s*$", command)
            wanted = int(match.group(1)) if match else 0
            result = subprocess.run(["bash", "-c", command], cwd=self.folder, env=self.env, stdout=subprocess.PIPE,
                                    stderr=subprocess.STDOUT, text=True, timeout=600, check=False)
            output = result.stdout
            assert result.returncode == wanted, f"{block.where}: {command!r} exited {result.returncode}\n{output}"
            if expected.strip():
                checker = doctest.OutputChecker()
                assert checker.check_output(expected, output, FLAGS), (
                    f"{block.where}: {command!r} printed something else\n"
                    + checker.output_difference(doctest.Example(command, expected), output, FLAGS))

    def bash(self, block: Block) -> None:
        check = subprocess.run(["bash", "-n"], input=block.text, capture_output=True, text=True, check=False)
        assert check.returncode == 0, f"{block.where}: {check.stderr}"
        from fmevidence.cli import build_parser

        parser = build_parser()
        for argv in _fmevidence_commands(block.text):
            try:
                parser.parse_args(argv)
            except BaseException as exc:  # argparse's error: CliError or SystemExit
                pytest.fail(f"{block.where}: `fmevidence {shlex.join(argv)}` is not accepted: {exc}")

    def json(self, block: Block) -> None:
        try:
            shown = json.loads(block.text)
        except ValueError as exc:
            pytest.fail(f"{block.where}: not JSON: {exc}")
        marker = re.search(r"<!-- output of: (.*?) -->\s*$", block.before)
        if marker:  # an abridged sample: everything it shows must be in the command's real output
            result = subprocess.run(["bash", "-c", marker.group(1)], cwd=self.folder, env=self.env,
                                    capture_output=True, text=True, timeout=600, check=False)
            assert result.stdout, f"{block.where}: {marker.group(1)!r} printed nothing: {result.stderr}"
            wrong = _not_within(shown, json.loads(result.stdout), "")
            assert not wrong, f"{block.where}: the sample is stale: " + "; ".join(wrong[:5])

    def yaml(self, block: Block) -> None:
        yaml = _optional("yaml")
        document = yaml.safe_load(block.text)
        if isinstance(document, dict) and "repos" in document:
            clientlib = _optional("pre_commit.clientlib")
            path = self.folder / ".pre-commit-config.yaml"
            path.write_text(block.text, encoding="utf-8")
            clientlib.load_config(str(path))

    def toml(self, block: Block) -> None:
        _optional("tomllib").loads(block.text)

    def html(self, block: Block) -> None:
        import fmevidence

        path = self.folder / f"block-{block.line}.html"
        path.write_text(block.text, encoding="utf-8")
        report = fmevidence.validate(path)
        assert report.summary.exit_code == 0, f"{block.where}: {[str(p) for p in report.problems]}"

    def text(self, block: Block) -> None:
        assert block.page.name == "cli.md", f"{block.where}: a text block cannot run; use console, bash or python"


def _not_within(shown: Any, real: Any, path: str) -> list[str]:
    """Where ``shown`` is not part of ``real``: objects may leave keys out, arrays items (any order)."""
    if isinstance(shown, dict):
        if not isinstance(real, dict):
            return [f"{path or '/'}: not an object"]
        return [problem for key, value in shown.items()
                for problem in ([f"{path}/{key}: missing"] if key not in real
                                else _not_within(value, real[key], f"{path}/{key}"))]
    if isinstance(shown, list):
        if not isinstance(real, list):
            return [f"{path or '/'}: not an array"]
        return [f"{path}/{index}: {json.dumps(item)[:120]} is not in the output"
                for index, item in enumerate(shown) if all(_not_within(item, other, "") for other in real)]
    return [] if shown == real else [f"{path}: shows {shown!r}, the output has {real!r}"]


def _console_commands(text: str) -> list[tuple[str, str]]:
    commands: list[tuple[str, list[str]]] = []
    for line in text.splitlines():
        if line.startswith("$ "):
            commands.append((line[2:], []))
        elif commands:
            commands[-1][1].append(line)
    return [(command, "\n".join(output).strip("\n") + "\n" if output else "") for command, output in commands]


def _fmevidence_commands(text: str) -> list[list[str]]:
    """argv of every ``fmevidence ...`` command in a shell snippet (after && ; | or at a line start)."""
    found = []
    joined = text.replace("\\\n", " ")
    for line in joined.splitlines():
        for segment in re.split(r"&&|\|\||;|\|", line.split(" #")[0]):
            words = shlex.split(segment, comments=True)
            if words and words[0] == "fmevidence":
                found.append([word for word in words[1:] if not word.startswith(">")])
    return found


# --- the tests ---------------------------------------------------------------------------------


def test_there_are_pages_to_check() -> None:
    assert {"index.md", "getting-started.md", "cli.md", "recipes.md", "api.md"} <= {p.name for p in PAGES}


@pytest.mark.parametrize("page", [*PAGES, ROOT / "README.md"], ids=lambda p: p.name)
def test_every_code_block_runs(page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "work"
    folder.mkdir()
    monkeypatch.chdir(folder)
    session = Session(folder)
    for block in blocks(page):
        assert block.lang, f"{block.where}: a code block must name its language"
        runner = getattr(session, block.lang.replace("-", "_"), None)
        assert runner is not None, f"{block.where}: unknown block language {block.lang!r} (see tests/test_docs.py)"
        if page.name == "README.md" and block.lang == "python":
            continue  # pytest's --doctest-glob=README.md runs these
        runner(block)


def test_cli_reference_is_what_the_script_writes() -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import build_cli_docs
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    assert (DOCS / "cli.md").read_text(encoding="utf-8") == build_cli_docs.render(), (
        "docs/cli.md is stale: run python3 scripts/build_cli_docs.py")


def test_every_page_is_in_the_site_navigation() -> None:
    yaml = _optional("yaml")
    # mkdocs.yml may carry python tags (mkdocs-material's emoji); a loader that ignores them is enough here.
    loader = type("Loader", (yaml.SafeLoader,), {})
    loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda *_: None)
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=loader)

    def pages(node: Any) -> list[str]:
        if isinstance(node, str):
            return [node]
        if isinstance(node, list):
            return [page for item in node for page in pages(item)]
        if isinstance(node, dict):
            return [page for value in node.values() for page in pages(value)]
        return []

    listed = pages(config["nav"])
    assert sorted(listed) == sorted(p.name for p in PAGES), "add new docs pages to mkdocs.yml's nav"


def test_readme_is_short_and_links_the_docs() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) < 200
    for page in ("getting-started.md", "cli.md", "recipes.md"):
        assert f"docs/{page}" in readme

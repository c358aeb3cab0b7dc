"""The published pre-commit hook (.pre-commit-hooks.yaml) runs ``fmevidence validate`` on the right files.

pre-commit installs a ``language: python`` hook by pip-installing the repository, which needs the
network; so the test runs pre-commit itself on a temporary git repository with a ``repo: local``
copy of each published hook (same id, files, types, args and entry, run with this checkout's
interpreter). What is tested is what users get: which files reach the hook and how its exit code
and output read in a commit.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import IN_CI

ROOT = Path(__file__).resolve().parents[1]
MANIFEST = ROOT / ".pre-commit-hooks.yaml"


def _require(module: str) -> Any:
    try:
        return pytest.importorskip(module, reason=f"{module} is not installed (pip install -e '.[test]')")
    except pytest.skip.Exception:
        if IN_CI:
            pytest.fail(f"{module} is required under CI=true")
        raise


def published_hooks() -> list[dict[str, Any]]:
    clientlib = _require("pre_commit.clientlib")
    hooks: list[dict[str, Any]] = clientlib.load_manifest(str(MANIFEST))  # validates the manifest's schema
    return hooks


def test_manifest_is_valid_and_runs_validate() -> None:
    hooks = published_hooks()
    assert [hook["id"] for hook in hooks] == ["fmevidence-validate"]
    assert hooks[0]["entry"].split()[:2] == ["fmevidence", "validate"]
    assert hooks[0]["language"] == "python"


def _git(repo: Path, *argv: str) -> None:
    subprocess.run(["git", *argv], cwd=repo, check=True, capture_output=True,
                   env={**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
                        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"})


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    if shutil.which("git") is None:
        if IN_CI:
            pytest.fail("git is required under CI=true")
        pytest.skip("git is not installed")
    hooks = published_hooks()
    folder = tmp_path / "site"
    folder.mkdir()
    _git(folder, "init", "-q")
    local = []
    for hook in hooks:
        entry = hook["entry"].split()
        assert entry[0] == "fmevidence"
        local.append({key: hook[key] for key in ("id", "name", "files", "types", "args", "pass_filenames")}
                     | {"language": "system", "entry": " ".join([sys.executable, "-m", "fmevidence", *entry[1:]])})
    config = {"repos": [{"repo": "local", "hooks": local}]}
    (folder / ".pre-commit-config.yaml").write_text(json.dumps(config, indent=2), encoding="utf-8")  # JSON is YAML
    page = {"@context": "https://schema.org", "@type": "MedicalWebPage", "name": "Fibromyalgia",
            "about": {"@type": "MedicalCondition", "name": "Fibromyalgia"}}
    (folder / "fm.jsonld").write_text(json.dumps(page), encoding="utf-8")
    (folder / "index.html").write_text(
        f'<html><head><script type="application/ld+json">{json.dumps(page)}</script></head></html>\n',
        encoding="utf-8")
    (folder / "notes.txt").write_text("{not json at all\n", encoding="utf-8")  # not the hook's business
    return folder


def pre_commit(repo: Path) -> subprocess.CompletedProcess[str]:
    _git(repo, "add", "-A")
    env = {**os.environ, "PRE_COMMIT_HOME": str(repo.parent / "pre-commit-home"),
           "PYTHONPATH": str(ROOT / "src"), "PRE_COMMIT_COLOR": "never"}
    return subprocess.run([sys.executable, "-m", "pre_commit", "run", "--all-files"], cwd=repo, env=env,
                          capture_output=True, text=True, timeout=300, check=False)


def test_hook_passes_valid_files_and_ignores_others(repo: Path) -> None:
    result = pre_commit(repo)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "validate structured data (fmevidence)" in result.stdout and "Passed" in result.stdout


def test_hook_fails_the_commit_and_names_the_problem(repo: Path) -> None:
    (repo / "broken.jsonld").write_text('{"@context": "https://schema.org", "@type": "MedicalCondition",\n'
                                        ' "possibleTreatmnt": "rest"}\n', encoding="utf-8")
    (repo / "truncated.html").write_text('<script type="application/ld+json">{"@type": </script>\n',
                                         encoding="utf-8")
    result = pre_commit(repo)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Failed" in result.stdout
    assert "broken.jsonld" in result.stdout and "vocab.unknown-property" in result.stdout
    assert "did you mean 'possibleTreatment'" in result.stdout
    assert "truncated.html" in result.stdout and "json.syntax" in result.stdout
    assert "notes.txt" not in result.stdout

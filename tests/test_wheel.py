"""The built wheel carries the data, schemas and contexts, and loads from an installed copy.

The install test builds its own clean virtual environment: no system site-packages, no
PYTHONPATH, no user site; the wheel's dependencies come from the package index exactly as a
user's ``pip install`` would get them. So it proves the wheel declares everything it needs,
whatever this machine happens to have installed.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import IN_CI

ROOT = Path(__file__).resolve().parents[1]
def _clean_env() -> dict[str, str]:
    """This environment minus everything that could leak our own sources or packages into a subprocess."""
    env = {key: value for key, value in os.environ.items()
           if key not in ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "PYTHONUSERBASE", "VIRTUAL_ENV")}
    env["PYTHONNOUSERSITE"] = "1"
    return env


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), str(ROOT)],
        check=True, capture_output=True, env=_clean_env(),
    )
    [built] = out.glob("fmevidence-*.whl")
    return built


def test_wheel_contains_resources(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "fmevidence/py.typed" in names
    assert "fmevidence/data/dataset.json" in names
    assert "fmevidence/schemas/dataset-file.schema.json" in names
    assert "fmevidence/schemas/medical-condition-page.schema.json" in names
    assert "fmevidence/contexts/schemaorg.jsonld" in names
    assert any(name.startswith("fmevidence/validation/vocabulary.json") for name in names)
    assert not any("schemaorg-current" in name or name.endswith("schemaorgcontext.jsonld") for name in names)


def test_wheel_installs_and_loads_in_a_fresh_venv(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    env = _clean_env()
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, env=env)
    python = venv / "bin" / "python"
    install = subprocess.run([str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", str(wheel)],
                             capture_output=True, text=True, env=env, check=False)
    if install.returncode != 0:
        if IN_CI:
            pytest.fail(f"installing the wheel and its dependencies failed:\n{install.stderr}")
        pytest.skip(f"no package index reachable to install the wheel's dependencies: {install.stderr[-300:]}")
    isolated = subprocess.run([str(python), "-c", "import sys; print('\\n'.join(sys.path))"],
                              capture_output=True, text=True, env=env, cwd=tmp_path, check=True).stdout
    assert str(ROOT) not in isolated and "site-packages" in isolated
    assert all(str(venv) in line or "site-packages" not in line for line in isolated.splitlines()), isolated
    code = (
        "import fmevidence, sys; kb = fmevidence.load(); "
        "from fmevidence import _resources; "
        "assert 'site-packages' in fmevidence.__file__ and str(sys.prefix) in fmevidence.__file__, fmevidence.__file__; "
        "assert _resources.resource('schemas', 'dataset-file.schema.json').is_file(); "
        "from fmevidence.jsonld.context import schemaorg_context; assert schemaorg_context()['@context']; "
        "print(len(kb.findings))"
    )
    result = subprocess.run([str(python), "-c", code], capture_output=True, text=True, cwd=tmp_path, env=env,
                            check=False)
    assert result.returncode == 0, result.stderr
    assert int(result.stdout.strip()) > 0
    cli = subprocess.run([str(venv / "bin" / "fmevidence"), "show", "fibromyalgia"], capture_output=True, text=True,
                         cwd=tmp_path, env=env, check=False)
    assert cli.returncode == 0 and cli.stdout.startswith("Fibromyalgia"), cli.stderr
    exported = tmp_path / "fm.jsonld"
    export = subprocess.run([str(venv / "bin" / "fmevidence"), "export", "-o", str(exported)], capture_output=True,
                            text=True, cwd=tmp_path, env=env, check=False)
    assert export.returncode == 0, export.stderr
    check = subprocess.run([str(venv / "bin" / "fmevidence"), "validate", "--profile", "medical-condition-page",
                            str(exported)], capture_output=True, text=True, cwd=tmp_path, env=env, check=False)
    assert check.returncode == 0, check.stdout + check.stderr

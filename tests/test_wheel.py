"""The built wheel carries the data, schemas and contexts, and loads from an installed copy."""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), str(ROOT)],
        check=True,
        capture_output=True,
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
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    # The dependencies come from this interpreter's site-packages (no network needed), added by a
    # .pth line: .pth files inside such a folder are not processed, so this environment's own
    # (editable) fmevidence stays invisible and the wheel's copy is the one imported.
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    ours = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    Path(purelib, "dependencies.pth").write_text("\n".join(sorted(ours)) + "\n", encoding="utf-8")
    subprocess.run(
        [str(python), "-m", "pip", "install", "--no-deps", "--no-index", "-q", str(wheel)],
        check=True,
        capture_output=True,
    )
    code = (
        "import fmevidence, sys; kb = fmevidence.load(); "
        "from fmevidence import _resources; "
        "assert 'site-packages' in fmevidence.__file__ and str(sys.prefix) in fmevidence.__file__, fmevidence.__file__; "
        "assert _resources.resource('schemas', 'dataset-file.schema.json').is_file(); "
        "from fmevidence.jsonld.context import schemaorg_context; assert schemaorg_context()['@context']; "
        "print(len(kb.findings))"
    )
    result = subprocess.run([str(python), "-c", code], capture_output=True, text=True, cwd=tmp_path, check=False)
    assert result.returncode == 0, result.stderr
    assert int(result.stdout.strip()) > 0
    cli = subprocess.run(
        [str(venv / "bin" / "fmevidence"), "show", "fibromyalgia"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert cli.returncode == 0 and cli.stdout.startswith("Fibromyalgia"), cli.stderr
    exported = tmp_path / "fm.jsonld"
    export = subprocess.run(
        [str(venv / "bin" / "fmevidence"), "export", "-o", str(exported)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert export.returncode == 0, export.stderr
    check = subprocess.run(
        [str(venv / "bin" / "fmevidence"), "validate", "--profile", "medical-condition-page", str(exported)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert check.returncode == 0, check.stdout + check.stderr

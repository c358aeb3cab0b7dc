"""docs/authoring.md is generated from the model and cannot drift; its examples really load."""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import attrs

import fmevidence
from fmevidence.kinds import KINDS

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "docs" / "authoring.md"


def _script() -> object:
    spec = importlib.util.spec_from_file_location("build_authoring", ROOT / "scripts" / "build_authoring.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_guide_is_up_to_date() -> None:
    rendered = _script().render()  # type: ignore[attr-defined]
    assert GUIDE.read_text(encoding="utf-8") == rendered, "run: python3 scripts/build_authoring.py"


def test_guide_names_every_kind_field_and_enum_value() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    for kind, cls in KINDS.items():
        assert f"### `{kind}`: {cls.__name__}" in text
        section = text.split(f"### `{kind}`", 1)[1].split("\n### ", 1)[0]
        for field in attrs.fields(cls):
            assert f"| `{field.name}` |" in section, (kind, field.name)
    for value in fmevidence.TreatmentStatus:
        assert f"`{value.value}`" in text


def test_guide_examples_are_a_dataset_that_checks_clean(tmp_path: Path) -> None:
    blocks = re.findall(r"```json\n(.*?)```", GUIDE.read_text(encoding="utf-8"), re.S)
    manifest, records = (json.loads(block) for block in blocks[:2])
    (tmp_path / "dataset.json").write_text(json.dumps(manifest), encoding="utf-8")
    (tmp_path / manifest["files"][0]).write_text(json.dumps(records), encoding="utf-8")
    assert fmevidence.check(tmp_path).exit_code == 0

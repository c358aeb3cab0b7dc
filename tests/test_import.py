"""``import fmevidence`` stays cheap: the heavy dependencies load only when a feature needs them."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("pyld", "jsonschema", "referencing", "cattrs", "requests", "lxml", "jsonschema_rs", "rdflib")


def _modules_after(code: str) -> set[str]:
    script = f"import sys, json\n{code}\nprint(json.dumps(sorted(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    return set(json.loads(result.stdout.splitlines()[-1]))


def test_import_does_not_load_heavy_dependencies() -> None:
    loaded = _modules_after("import fmevidence")
    assert not {name for name in loaded if name.split(".")[0] in HEAVY}


def test_cli_help_does_not_load_heavy_dependencies() -> None:
    loaded = _modules_after("from fmevidence.cli import build_parser; build_parser()")
    assert not {name for name in loaded if name.split(".")[0] in HEAVY}

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


def test_public_names_have_one_source() -> None:
    """``__all__`` comes from ``_EXPORTS``; the TYPE_CHECKING imports must name exactly the same set."""
    import ast
    from pathlib import Path

    import fmevidence

    tree = ast.parse(Path(fmevidence.__file__).read_text(encoding="utf-8"))
    [guard] = [node for node in tree.body if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING"]
    typed = {alias.asname or alias.name for node in guard.body if isinstance(node, ast.ImportFrom) for alias in node.names}
    exported = set(fmevidence._EXPORTS)
    assert typed == exported
    assert set(fmevidence.__all__) == exported | {"__version__"}
    for name in fmevidence.__all__:
        assert getattr(fmevidence, name) is not None


def test_every_error_is_a_fmevidence_error() -> None:
    """One hierarchy: every exception class the library defines for callers derives from FmevidenceError."""
    import importlib
    import inspect
    import pkgutil

    import fmevidence

    internal = {"Invalid", "Ineligible", "TooDeep"}  # control flow inside one module, never escapes
    found = []
    for info in pkgutil.walk_packages(fmevidence.__path__, "fmevidence."):
        if info.name == "fmevidence.__main__":
            continue
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if inspect.isclass(value) and issubclass(value, BaseException) and value.__module__ == info.name:
                found.append(value)
                if name not in internal:
                    assert issubclass(value, fmevidence.FmevidenceError), f"{info.name}.{name}"
    assert len(found) >= 8


def test_json_pointer_escaping_lives_in_one_module() -> None:
    """RFC 6901 escaping is written once (fmevidence.pointers); an inline copy elsewhere fails here."""
    from pathlib import Path

    import fmevidence

    inline = ('replace("~", "~0")', 'replace("~1", "/")', "replace('~', '~0')", "replace('~1', '/')")
    root = Path(fmevidence.__file__).parent
    offenders = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if path.name != "pointers.py" and any(snippet in path.read_text(encoding="utf-8") for snippet in inline)
    ]
    assert offenders == []

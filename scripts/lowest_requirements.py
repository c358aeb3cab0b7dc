"""Print ``pkg==minimum`` pins for every dependency in pyproject.toml (the runtime ones and an extra).

CI installs these into a fresh virtual environment and runs the test suite, so a minimum in
pyproject.toml is one that has really been tested, not a guess (.ci/run, "lowest versions").
Every requirement must state a ``>=`` minimum; one without fails here, loudly.

    python3 scripts/lowest_requirements.py test > /tmp/lowest.txt
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

ROOT = Path(__file__).resolve().parents[1]
_REQUIREMENT = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*(.*)$")


def pins(extras: list[str]) -> list[str]:
    """``name==minimum`` for the runtime dependencies and those of ``extras``."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = list(project["dependencies"])
    for extra in extras:
        requirements.extend(project["optional-dependencies"][extra])
    result: dict[str, str] = {}
    for requirement in requirements:
        spec_part, _, marker = requirement.partition(";")
        match = _REQUIREMENT.match(spec_part)
        if match is None:
            raise SystemExit(f"cannot read requirement {requirement!r}")
        name, extras, spec = match.groups()
        minimum = re.search(r">=\s*([^,\s]+)", spec)
        if minimum is None:
            raise SystemExit(f"requirement {requirement!r} states no '>=' minimum; every dependency must")
        key = name.lower().replace("_", "-")
        result[key] = f"{name}{extras or ''}=={minimum.group(1)}" + (f"; {marker.strip()}" if marker.strip() else "")
    return sorted(result.values(), key=str.lower)


def main(argv: list[str]) -> int:
    print("\n".join(pins(argv)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

"""Refresh the abridged JSON samples in docs/*.md from the commands that produce them.

    python3 scripts/refresh_doc_samples.py

A sample follows a ``<!-- output of: CMD -->`` comment (tests/test_docs.py checks that all it
shows is in CMD's real output). Each sample keeps its shape — the same nodes (by ``@id``; a node
whose id is gone is replaced by the next one of its type), the same keys, the same list lengths —
with every value taken from the real output, so a data change never leaves a stale sample.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = re.compile(r"<!-- output of: (.*?) -->\s*\n\n```json\n(.*?)\n```", re.DOTALL)


def prune(shown: Any, real: Any) -> Any:
    """``real`` cut to the shape of ``shown``."""
    if isinstance(shown, dict) and isinstance(real, dict):
        return {key: prune(value, real[key]) for key, value in shown.items() if key in real}
    if isinstance(shown, list) and isinstance(real, list):
        return [prune(shown[i], real[i]) for i in range(min(len(shown), len(real)))]
    return real


def refreshed(shown: dict[str, Any], real: dict[str, Any]) -> dict[str, Any]:
    if "@graph" not in shown:
        return prune(shown, real)
    by_id = {node.get("@id"): node for node in real["@graph"]}
    nodes: list[Any] = []
    for node in shown["@graph"]:
        match = by_id.get(node.get("@id"))
        if match is None:
            taken = {n.get("@id") for n in nodes}
            match = next((n for n in real["@graph"] if n.get("@type") == node.get("@type") and n.get("@id") not in taken),
                         None)
        if match is not None:
            nodes.append(prune(node, match))
    return {key: nodes if key == "@graph" else prune(value, real[key]) for key, value in shown.items() if key in real}


def main() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    for page in sorted((ROOT / "docs").glob("*.md")):
        text = page.read_text(encoding="utf-8")
        out, pos = [], 0
        for match in SAMPLE.finditer(text):
            result = subprocess.run(["bash", "-c", match.group(1)], cwd=ROOT, env=env, capture_output=True,
                                    text=True, check=True)
            sample = json.dumps(refreshed(json.loads(match.group(2)), json.loads(result.stdout)), indent=2,
                                ensure_ascii=False)
            out += [text[pos:match.start(2)], sample]
            pos = match.end(2)
        if out:
            page.write_text("".join(out) + text[pos:], encoding="utf-8")
            print(f"refreshed {page.relative_to(ROOT)}")


if __name__ == "__main__":
    main()

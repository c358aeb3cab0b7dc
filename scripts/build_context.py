"""Write the project's own compact schema.org context from the official release.

Why a compact context: the official ``schemaorgcontext.jsonld`` (~211 KB, 3,000+ terms) costs
about 70 ms to process on first use, yet almost every term in it only restates ``@vocab``
(``"name": {"@id": "schema:name"}``). Expansion depends only on ``@vocab``, the aliases
(``type``/``id``), the prefixes, terms whose IRI is *not* ``schema:<term>`` and the terms
that coerce their values (``@type: @id`` or ``@type: Date``). Keeping exactly those gives
the same expanded RDF; ``tests/test_jsonld_context.py`` proves it against the official file.
A coercing term whose IRI is ``schema:<term>`` is written without ``@id``: JSON-LD 1.1 then
derives the IRI from ``@vocab`` (the same IRI), and pyld has less to canonicalise and process
on first use.

Usage (run by hand after a schema.org release; the output is committed)::

    python3 scripts/build_context.py [OFFICIAL_CONTEXT] [OUTPUT]

Defaults: ``../shared/schemaorg/schemaorgcontext.jsonld`` beside the repository, and
``src/fmevidence/contexts/schemaorg.jsonld``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DEFAULT_OFFICIAL = REPO.parent / "shared" / "schemaorg" / "schemaorgcontext.jsonld"
DEFAULT_OUTPUT = REPO / "src" / "fmevidence" / "contexts" / "schemaorg.jsonld"


def compact_context(official: dict[str, Any]) -> dict[str, Any]:
    """The subset of the official ``@context`` that changes expansion, in sorted order."""
    context = official["@context"]
    kept: dict[str, Any] = {}
    for term, definition in context.items():
        if isinstance(definition, str):
            kept[term] = definition  # @vocab, aliases and prefixes
        elif definition.get("@id") != f"schema:{term}":
            kept[term] = definition  # terms outside schema: (HTML -> rdf:HTML)
        elif set(definition) - {"@id"}:
            # a coercing term; its IRI is @vocab + term, so @id is implied
            kept[term] = {key: value for key, value in definition.items() if key != "@id"}
    return {"@context": dict(sorted(kept.items()))}


def main(argv: list[str]) -> int:
    official_path = Path(argv[0]) if argv else DEFAULT_OFFICIAL
    output_path = Path(argv[1]) if len(argv) > 1 else DEFAULT_OUTPUT
    official = json.loads(official_path.read_text(encoding="utf-8"))
    compact = compact_context(official)
    text = json.dumps(compact, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    output_path.write_text(text, encoding="utf-8")
    print(f"{output_path}: {len(compact['@context'])} of {len(official['@context'])} entries kept")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

"""Write the compact schema.org vocabulary index shipped with fmevidence.

The index (``src/fmevidence/validation/vocabulary.json``) keeps term names, the class
hierarchy, enumeration members, ``domainIncludes``, ``rangeIncludes`` and ``supersededBy``
from an official release file -- no descriptions -- so the vocabulary check loads in
milliseconds. ``tests/test_vocabulary_index.py`` rebuilds it from the official file and
checks it matches byte for byte.

Usage (run by hand after a schema.org release; the output is committed)::

    python3 scripts/build_vocabulary.py [RELEASE_FILE] [OUTPUT]

Defaults: ``../shared/schemaorg/schemaorg-current-https.jsonld`` beside the repository, and
``src/fmevidence/validation/vocabulary.json``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from fmevidence.validation.vocabulary import build_index, dump_index

REPO = Path(__file__).resolve().parents[1]
DEFAULT_RELEASE = REPO.parent / "shared" / "schemaorg" / "schemaorg-current-https.jsonld"
DEFAULT_OUTPUT = REPO / "src" / "fmevidence" / "validation" / "vocabulary.json"


def main(argv: list[str]) -> int:
    release_path = Path(argv[0]) if argv else DEFAULT_RELEASE
    output_path = Path(argv[1]) if len(argv) > 1 else DEFAULT_OUTPUT
    index = build_index(json.loads(release_path.read_bytes()))
    data = dump_index(index)
    output_path.write_bytes(data)
    print(
        f"{output_path}: {len(index['classes'])} classes, {len(index['properties'])} properties, "
        f"{len(index['members'])} enumeration members, {len(index['superseded_by'])} superseded terms, "
        f"{len(data):,} bytes"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

"""For publishers: a page about fibromyalgia with correct, cited schema.org structured data.

Run:  python3 examples/build_page.py [OUTPUT.html]

Writes the page (default ``fibromyalgia.html`` in the current folder) with the JSON-LD in a
``<script type="application/ld+json">`` element that no string in the data can break out of,
and prints the canonical fingerprint, which changes only when what the data says changes.
"""

from __future__ import annotations

import html
import sys
from pathlib import Path

import fmevidence
from fmevidence.jsonld import PageOptions, canonical_nquads, export_jsonld, fingerprint, script_element

PAGE = PageOptions(
    url="https://health.example.org/conditions/fibromyalgia",
    name="Fibromyalgia: causes, symptoms and what the research says",
    last_reviewed="2026-11-30",
    reviewed_by=("Dr Jane Example",),
    publisher="Example Health",
    in_language="en",
)


def main(argv: list[str]) -> None:
    output = Path(argv[0]) if argv else Path("fibromyalgia.html")
    kb = fmevidence.load()
    # This page discusses two of the proposed mechanisms, so only those are included.
    document = export_jsonld(kb, page=PAGE, include=["central sensitization", "small-fiber-neuropathy"])
    condition = document["about"]
    items = "\n".join(f"    <li>{html.escape(text)}</li>" for text in condition.get("pathophysiology", []))
    output.write_text(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<title>{html.escape(PAGE.name or '')}</title>\n{script_element(document)}</head>\n<body>\n"
        f"  <h1>{html.escape(condition['name'])}</h1>\n  <ul>\n{items}\n  </ul>\n</body>\n</html>\n",
        encoding="utf-8",
    )
    print(f"wrote {output} ({len(document.get('citation', []))} cited sources)")
    print(f"structured data fingerprint: {fingerprint(canonical_nquads(document))}")


if __name__ == "__main__":
    main(sys.argv[1:])

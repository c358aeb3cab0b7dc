"""For publishers: build the evidence page for your own site from a TOML file.

Run:  python3 examples/build_site_page.py [SITE.toml] [OUTPUT.html]

Reads the site configuration (default: ``site.toml`` beside this script: your page's URL,
headline, authors, reviewers, publisher, dates, breadcrumb and build options), writes a
self-contained page (default ``fibromyalgia.html`` in the current folder) and prints what it
holds and how big its structured data is. The command line does the same:
``fmevidence page --config site.toml -o fibromyalgia.html``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import fmevidence
from fmevidence.jsonld import dumps, export_jsonld
from fmevidence.page import PageConfigError, build_page, load_config


def main(argv: list[str]) -> int:
    config_path = Path(argv[0]) if argv else Path(__file__).with_name("site.toml")
    output = Path(argv[1]) if len(argv) > 1 else Path("fibromyalgia.html")
    try:
        config = load_config(config_path)
    except PageConfigError as exc:  # names the file, the [table] key and what was expected
        print(exc, file=sys.stderr)
        return 2
    kb = fmevidence.load()
    build = config.build
    html = build_page(kb, build.condition, page=config.page, include=build.include, style=build.style,
                      templates=build.templates, detail=build.detail)
    output.write_text(html, encoding="utf-8")
    document = export_jsonld(kb, build.condition, page=config.page, include=build.include, detail=build.detail)
    print(f"wrote {output}: {len(html.encode('utf-8')):,} bytes, for {config.page.url}")
    print(f"  embedded JSON-LD ({build.detail}): {len(dumps(document, minify=True).encode('utf-8')):,} bytes "
          f"minified, {len(document.get('citation', []))} citations = the page's reference list")
    print("  check it with: fmevidence validate --profile medical-condition-page " + str(output))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""A real browser (headless Chromium) reads the exported element: JSON.parse gives the export
back, and no script injected through the data runs.

Skipped when Chromium is missing, except under CI=true, where it must run.
"""

from __future__ import annotations

import html
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from conftest import IN_CI
from fmevidence.jsonld.export import PageOptions, dumps, export_jsonld
from fmevidence.jsonld.html import script_element
from jsonld_helpers import HOSTILE, sample_kb

CHROMIUM_NAMES = ("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome")

CHECK = """
<script>
  window.__pwned = window.__pwned || 0;
  var element = document.getElementById("data");
  var parsed = JSON.parse(element.textContent);
  var expected = JSON.parse(document.getElementById("expected").textContent);
  var result = {
    equal: JSON.stringify(parsed) === JSON.stringify(expected),
    scripts: document.scripts.length,
    pwned: window.__pwned,
    name: parsed.name
  };
  var out = document.createElement("pre");
  out.id = "result";
  out.textContent = JSON.stringify(result);
  document.body.appendChild(out);
</script>
"""


def chromium() -> str:
    for name in CHROMIUM_NAMES:
        path = shutil.which(name)
        if path:
            return path
    if IN_CI:
        pytest.fail("headless Chromium is required under CI=true but was not found")
    pytest.skip("Chromium is not installed")


def page(document: dict[str, Any]) -> str:
    element = script_element(document).replace("<script ", '<script id="data" ', 1)
    # The expected value travels in an attribute-free text node, HTML-escaped, so it cannot run either.
    expected = html.escape(json.dumps(json.loads(dumps(document))))
    return (
        "<!doctype html><html><head><meta charset='utf-8'>" + element + "</head><body>"
        f"<textarea id='expected'>{expected}</textarea>" + CHECK + "</body></html>"
    )


def test_chromium_parses_the_export_and_runs_no_injected_script(tmp_path: Path) -> None:
    browser = chromium()
    document = export_jsonld(sample_kb(), page=PageOptions(url="https://publisher.example/fm", name=HOSTILE))
    target = tmp_path / "page.html"
    target.write_text(page(document), encoding="utf-8")
    profile = tmp_path / "profile"
    result = subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-extensions",
            f"--user-data-dir={profile}",
            "--dump-dom",
            target.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    start = result.stdout.index('<pre id="result">') + len('<pre id="result">')
    report = json.loads(html.unescape(result.stdout[start : result.stdout.index("</pre>", start)]))
    assert report == {"equal": True, "scripts": 2, "pwned": 0, "name": HOSTILE}

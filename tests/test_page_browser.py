"""The evidence page in a real browser: headless Chromium driven through chromedriver's W3C
WebDriver protocol (plain HTTP, no client library). It shows the summary, tables, evidence map
and references at phone and desktop widths (screenshots saved in the test's temporary folder
and checked not blank), makes no request, needs no script, and axe-core finds no serious or
critical accessibility violation.

axe-core comes from the npm registry (``.ci/run`` installs it under ``.ci/node_modules``;
``FMEVIDENCE_AXE_JS`` may point elsewhere). Skipped when Chromium, chromedriver or axe-core
is missing, except under CI=true, where they must be there.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import fmevidence
from conftest import IN_CI, ROOT
from fmevidence.page import build_page
from page_helpers import ink_fraction
from test_page import FULL_PAGE

AXE_JS = Path(os.environ.get("FMEVIDENCE_AXE_JS", ROOT / ".ci" / "node_modules" / "axe-core" / "axe.min.js"))


def _need(path: str | None, what: str) -> str:
    if path and Path(path).exists():
        return path
    if IN_CI:
        pytest.fail(f"{what} is required under CI=true but was not found")
    pytest.skip(f"{what} is not installed")


class WebDriver:
    """The few WebDriver commands these tests need, over HTTP to a local chromedriver."""

    def __init__(self, port: int) -> None:
        self.base = f"http://127.0.0.1:{port}"
        self.session = ""

    def call(self, method: str, path: str, body: Any = None) -> Any:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base + path, data=data, method=method,
                                         headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                return json.loads(response.read())["value"]
        except urllib.error.HTTPError as exc:
            raise AssertionError(f"WebDriver {method} {path}: {exc.read()[:2000]!r}") from None

    def start(self, browser: str) -> None:
        args = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-extensions",
                "--hide-scrollbars", "--window-size=1280,900"]
        value = self.call("POST", "/session", {"capabilities": {"alwaysMatch": {
            "browserName": "chrome", "goog:chromeOptions": {"binary": browser, "args": args}}}})
        self.session = value["sessionId"]
        self.call("POST", f"/session/{self.session}/timeouts", {"script": 120000, "pageLoad": 60000})

    def cmd(self, method: str, path: str, body: Any = None) -> Any:
        return self.call(method, f"/session/{self.session}{path}", body)

    def run(self, script: str, *args: Any) -> Any:
        return self.cmd("POST", "/execute/sync", {"script": script, "args": list(args)})

    def run_async(self, script: str) -> Any:
        return self.cmd("POST", "/execute/async", {"script": script, "args": []})

    def viewport(self, width: int, height: int) -> None:
        self.cmd("POST", "/goog/cdp/execute", {"cmd": "Emulation.setDeviceMetricsOverride", "params": {
            "width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600}})


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def driver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebDriver]:
    browser = _need(shutil.which("chromium") or "/usr/bin/chromium", "headless Chromium")
    chromedriver = _need(shutil.which("chromedriver"), "chromedriver")
    port = _free_port()
    log = tmp_path_factory.mktemp("chromedriver") / "log.txt"
    process = subprocess.Popen([chromedriver, f"--port={port}", f"--log-path={log}"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    web = WebDriver(port)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if web.call("GET", "/status").get("ready"):
                    break
            except (OSError, AssertionError):
                pass
            if time.monotonic() > deadline:
                raise AssertionError("chromedriver did not start")
            time.sleep(0.2)
        web.start(browser)
        yield web
    finally:
        if web.session:
            with contextlib.suppress(OSError, AssertionError):
                web.cmd("DELETE", "")
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture(scope="module")
def page_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("page")
    target = folder / "fibromyalgia.html"
    target.write_text(build_page(fmevidence.load(), page=FULL_PAGE), encoding="utf-8")
    return target.as_uri()


SHOWN = """
const visible = (el) => !!el && el.getBoundingClientRect().width > 0 && el.getBoundingClientRect().height > 0;
return {
  h1: document.querySelector('h1').innerText,
  answers: document.querySelectorAll('.answer').length,
  tables: Array.from(document.querySelectorAll('table')).filter(visible).length,
  map: visible(document.querySelector('svg.evidence-map')),
  mapWidth: document.querySelector('.map-wrap').getBoundingClientRect().width,
  mapFontPx: document.querySelector('svg.evidence-map').getBoundingClientRect().width
             / document.querySelector('svg.evidence-map').viewBox.baseVal.width * 13,
  references: Array.from(document.querySelectorAll('ol.references li')).filter(visible).length,
  scripts: Array.from(document.scripts).map(s => s.type),
  requests: performance.getEntriesByType('resource').map(e => e.name),
  innerWidth: window.innerWidth,
  scrollWidth: document.documentElement.scrollWidth
};
"""


@pytest.mark.parametrize("width", [375, 1280])
def test_the_page_renders_at_phone_and_desktop_widths(driver: WebDriver, page_url: str, width: int,
                                                      tmp_path: Path) -> None:
    driver.viewport(width, 900)
    driver.cmd("POST", "/url", {"url": page_url})
    shown = driver.run(SHOWN)
    assert shown["innerWidth"] == width
    assert shown["h1"] == FULL_PAGE.headline
    assert shown["answers"] >= 1 and shown["tables"] == 2 and shown["map"] and shown["references"] > 50
    assert shown["scripts"] == ["application/ld+json"]  # readable without JavaScript: there is none
    assert shown["requests"] == []  # self-contained: no stylesheet, font, image or script is fetched
    assert shown["scrollWidth"] <= width  # wide tables scroll inside their own box
    assert shown["mapWidth"] <= width  # the map scrolls inside its own box on a phone
    assert shown["mapFontPx"] >= 10  # and its labels stay readable rather than shrinking to fit
    png = base64.b64decode(driver.cmd("GET", "/screenshot"))
    shot = tmp_path / f"page-{width}.png"
    shot.write_bytes(png)
    shot_width, inked = ink_fraction(png)
    assert shot_width == width
    assert inked > 0.02, f"screenshot {shot} looks blank ({inked:.1%} of pixels differ from the background)"


def test_axe_finds_no_serious_or_critical_violations(driver: WebDriver, page_url: str) -> None:
    axe = Path(_need(str(AXE_JS), "axe-core (npm install --prefix .ci axe-core)"))
    for width in (375, 1280):
        driver.viewport(width, 900)
        driver.cmd("POST", "/url", {"url": page_url})
        driver.run(axe.read_text(encoding="utf-8") + "\nreturn typeof axe;")
        result = driver.run_async(
            "const done = arguments[arguments.length - 1];"
            "axe.run(document, {resultTypes: ['violations']})"
            ".then(r => done(JSON.stringify({version: r.testEngine.version, violations: r.violations.map("
            "v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target)}))})))"
            ".catch(e => done(JSON.stringify({error: String(e)})));"
        )
        report = json.loads(result)
        assert "error" not in report, report
        serious = [v for v in report["violations"] if v["impact"] in ("serious", "critical")]
        assert serious == [], (width, serious)


def test_no_script_in_the_data_runs(driver: WebDriver, tmp_path: Path) -> None:
    from fmevidence.jsonld.export import PageOptions
    from jsonld_helpers import HOSTILE, sample_kb

    target = tmp_path / "hostile.html"
    target.write_text(build_page(sample_kb(), page=PageOptions(name=HOSTILE, headline=HOSTILE)), encoding="utf-8")
    driver.viewport(1280, 900)
    driver.cmd("POST", "/url", {"url": target.as_uri()})
    state = driver.run("return {pwned: window.__pwned === undefined ? 0 : window.__pwned, "
                       "scripts: document.scripts.length, h1: document.querySelector('h1').textContent, "
                       "name: JSON.parse(document.scripts[0].textContent).name};")
    assert state == {"pwned": 0, "scripts": 1, "h1": HOSTILE, "name": HOSTILE}

"""Small WARC files made by the tests themselves (with warcio), for the crawl tests."""

from __future__ import annotations

import gc
import io
import json
import warnings
from pathlib import Path
from typing import Any

import pytest

from conftest import IN_CI


def need_module(name: str) -> Any:
    """Import an optional package, or skip (never under CI=true, which installs the test extra)."""
    try:
        return __import__(name)
    except ImportError:
        if IN_CI:
            pytest.fail(f"{name} is required under CI=true (the test extra installs it)")
        pytest.skip(f"{name} is not installed (pip install 'fmevidence[crawl]')")


def json_ld_page(document: Any, title: str = "page") -> bytes:
    block = json.dumps(document).replace("</", "<\\/")
    return (
        f'<!doctype html><html><head><title>{title}</title><script type="application/ld+json">{block}</script>'
        f"</head><body><p>{title}</p></body></html>"
    ).encode()


GOOD = {"@context": "https://schema.org", "@type": "MedicalCondition", "name": "Fibromyalgia"}
UNKNOWN_PROPERTY = {"@context": "https://schema.org", "@type": "Article", "headline": "x", "colour": "red"}
UNKNOWN_TYPE = {"@context": "https://schema.org", "@type": "MedicalCondtion", "name": "typo"}
MICRODATA = (
    b'<!doctype html><html><body><div itemscope itemtype="https://schema.org/Person">'
    b'<span itemprop="name">Ada</span></div></body></html>'
)


def records() -> list[tuple[str, str, str, bytes, dict[str, str]]]:
    """(kind, uri, content type, body, extra WARC headers) for a small mixed crawl."""
    return [
        ("response", "https://a.example/good", "text/html; charset=utf-8", json_ld_page(GOOD), {}),
        ("request", "https://a.example/good", "", b"", {}),
        ("response", "https://a.example/logo.png", "image/png", b"\x89PNG\r\n\x1a\n", {}),
        ("response", "https://b.example/article", "text/html", json_ld_page(UNKNOWN_PROPERTY), {}),
        ("response", "https://b.example/typo", "application/xhtml+xml", json_ld_page(UNKNOWN_TYPE), {}),
        ("response", "https://c.example/plain", "text/html", b"<html><body>no markup</body></html>", {}),
        ("response", "https://c.example/people", "text/html", MICRODATA, {}),
        ("response", "https://c.example/cut", "text/html", json_ld_page(GOOD)[:40], {"WARC-Truncated": "length"}),
        ("response", "https://c.example/data.json", "application/json", b'{"a": 1}', {}),
    ]


def write_warc(path: Path, rows: list[tuple[str, str, str, bytes, dict[str, str]]] | None = None) -> Path:
    """A WARC file (gzipped per record when the name ends in .gz)."""

    # warcio buffers each payload in a SpooledTemporaryFile it never closes; collect them here,
    # where their ResourceWarning is expected, not in a later test.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        _write(path, rows if rows is not None else records())
        gc.collect()
    return path


def _write(path: Path, rows: list[tuple[str, str, str, bytes, dict[str, str]]]) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=path.name.endswith(".gz"))
        for kind, uri, content_type, body, extra in rows:
            if kind == "response":
                http = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
                record = writer.create_warc_record(
                    uri, "response", payload=io.BytesIO(body), http_headers=http, warc_headers_dict=extra
                )
            else:
                http = StatusAndHeaders("GET / HTTP/1.1", [("Host", "a.example")], is_http_request=True)
                record = writer.create_warc_record(uri, "request", payload=io.BytesIO(b""), http_headers=http)
            writer.write_record(record)


def many_pages(path: Path, pages: int, error_every: int = 11) -> Path:
    """A WARC of ``pages`` JSON-LD pages, every ``error_every``-th with an unknown property."""
    rows = [
        (
            "response",
            f"https://site{i % 50}.example/p{i}",
            "text/html",
            json_ld_page(UNKNOWN_PROPERTY if i % error_every == 0 else {**GOOD, "name": f"Condition {i}"}),
            {},
        )
        for i in range(pages)
    ]
    return write_warc(path, rows)

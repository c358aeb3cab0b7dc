"""For crawl analysts: write examples/crawl-sample.warc.gz, a tiny crawl to try `fmevidence crawl` on.

Run:  python3 examples/make_crawl_sample.py   (needs the crawl extra: pip install 'fmevidence[crawl]')

Three HTML pages with schema.org JSON-LD (a condition page, a drug page, an article) and one image,
written with fixed record ids and dates so the file is the same on every run.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

HERE = Path(__file__).resolve().parent
PAGES = [
    ("https://clinic.example.org/conditions/fibromyalgia", {
        "@context": "https://schema.org", "@type": "MedicalWebPage", "name": "Fibromyalgia",
        "about": {"@type": "MedicalCondition", "name": "Fibromyalgia",
                  "code": {"@type": "MedicalCode", "codeValue": "M79.7", "codingSystem": "ICD-10"}},
        "lastReviewed": "2026-11-30"}),
    ("https://clinic.example.org/drugs/pregabalin", {
        "@context": "https://schema.org", "@type": "Drug", "name": "Pregabalin",
        "nonProprietaryName": "pregabalin"}),
    ("https://news.example.org/2026/fibromyalgia-research", {
        "@context": "https://schema.org", "@type": "NewsArticle", "headline": "What causes fibromyalgia?",
        "datePublished": "2026-10-01"}),
]


def page(title: str, document: dict[str, object]) -> bytes:
    script = json.dumps(document).replace("</", "<\\/")
    return (f"<!doctype html><html><head><title>{title}</title>"
            f'<script type="application/ld+json">{script}</script></head>'
            f"<body><h1>{title}</h1></body></html>").encode()


def main() -> None:
    target = HERE / "crawl-sample.warc.gz"
    with target.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        records = [(uri, "text/html; charset=utf-8", page(str(doc.get("name") or doc.get("headline")), doc))
                   for uri, doc in PAGES]
        records.append(("https://clinic.example.org/logo.png", "image/png", b"\x89PNG\r\n\x1a\n"))
        for number, (uri, content_type, body) in enumerate(records, start=1):
            http = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
            fixed = {"WARC-Record-ID": f"<urn:uuid:00000000-0000-4000-8000-{number:012d}>",
                     "WARC-Date": "2026-12-01T00:00:00Z"}
            record = writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=http,
                                               warc_headers_dict=fixed)
            writer.write_record(record)
    print(f"wrote {target.relative_to(HERE.parent)}: {len(records)} records")


if __name__ == "__main__":
    main()

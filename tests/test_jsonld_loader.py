"""The offline document loader: schema.org served from the package, every other URL refused."""

from __future__ import annotations

import pytest
from pyld import jsonld

from fmevidence.errors import FmevidenceError
from fmevidence.jsonld.context import schemaorg_context
from fmevidence.jsonld.errors import RemoteDocumentRefused
from fmevidence.jsonld.loader import SCHEMA_ORG_CONTEXT_URLS, offline_document_loader
from network_ban import no_network  # noqa: F401 - autouse fixture

SCHEMA_URLS = [
    "https://schema.org",
    "https://schema.org/",
    "http://schema.org",
    "http://schema.org/",
    "https://schema.org/docs/jsonldcontext.json",
    "https://schema.org/docs/jsonldcontext.jsonld",
    "http://schema.org/docs/jsonldcontext.json",
    "http://schema.org/docs/jsonldcontext.jsonld",
]

REFUSED_URLS = [
    "https://example.org/context.jsonld",
    "http://schema.org.evil.example/",
    "https://schema.org/Thing",
    "https://schema.org/docs/jsonldcontext.json?x=1",
    "https://www.w3.org/ns/activitystreams",
    "file:///etc/passwd",
    "data:application/ld+json,{}",
    "ftp://schema.org/",
    "schema.org",
    "",
]




@pytest.mark.parametrize("url", SCHEMA_URLS)
def test_schema_org_urls_are_served_statically(url: str) -> None:
    response = offline_document_loader(url, {})
    assert response["document"] == schemaorg_context()
    assert response["tag"] == "static"
    assert response["documentUrl"] == url
    assert set(SCHEMA_URLS) == SCHEMA_ORG_CONTEXT_URLS


@pytest.mark.parametrize("url", REFUSED_URLS)
def test_other_urls_are_refused(url: str) -> None:
    with pytest.raises(RemoteDocumentRefused) as caught:
        offline_document_loader(url)
    assert isinstance(caught.value, FmevidenceError)
    assert caught.value.url == url
    assert "offline" in str(caught.value)


@pytest.mark.parametrize("url", SCHEMA_URLS)
def test_pyld_expands_with_every_schema_org_url(url: str) -> None:
    document = {
        "@context": url,
        "@type": "MedicalCondition",
        "name": "Fibromyalgia",
        "sameAs": "http://purl.obolibrary.org/obo/MONDO_0005546",
    }
    expanded = jsonld.expand(document, {"documentLoader": offline_document_loader})
    assert expanded == [
        {
            "@type": ["http://schema.org/MedicalCondition"],
            "http://schema.org/name": [{"@value": "Fibromyalgia"}],
            "http://schema.org/sameAs": [{"@id": "http://purl.obolibrary.org/obo/MONDO_0005546"}],
        }
    ]


@pytest.mark.parametrize("url", ["https://example.org/context.jsonld", "file:///etc/hosts"])
def test_pyld_surfaces_the_refusal(url: str) -> None:
    document = {"@context": url, "name": "x"}
    with pytest.raises(jsonld.JsonLdError) as caught:
        jsonld.expand(document, {"documentLoader": offline_document_loader})
    assert isinstance(caught.value.__cause__, RemoteDocumentRefused)
    assert caught.value.__cause__.url == url


def test_nested_remote_context_is_refused() -> None:
    document = {"@context": ["https://schema.org", "https://example.org/extra"], "name": "x"}
    with pytest.raises(jsonld.JsonLdError) as caught:
        jsonld.expand(document, {"documentLoader": offline_document_loader})
    assert isinstance(caught.value.__cause__, RemoteDocumentRefused)


def test_context_copy_is_fresh() -> None:
    first = schemaorg_context()
    first["@context"]["@vocab"] = "https://example.org/"
    assert schemaorg_context()["@context"]["@vocab"] == "http://schema.org/"


def test_importing_the_jsonld_package_does_not_import_pyld() -> None:
    import subprocess
    import sys

    code = (
        "import sys, fmevidence.jsonld, fmevidence.cli.export; "
        "print(sorted(m for m in ('pyld', 'jsonschema', 'cattrs', 'lxml', 'requests') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_public_names_resolve() -> None:
    import fmevidence.jsonld as package

    assert sorted(package.__all__) == sorted(package._EXPORTS)
    for name in package.__all__:
        assert getattr(package, name) is not None
    with pytest.raises(AttributeError):
        package.no_such_name  # noqa: B018

"""A local ``referencing`` registry of every packaged schema; nothing is ever fetched.

Schemas in ``schemas/`` refer to each other by ``$id`` (``urn:fmevidence:schema:<name>``).
The registry is crawled once from the package resources; its ``retrieve`` refuses every URI
that is not already in it, so a remote ``$ref`` becomes a clear error instead of a request.
"""

from __future__ import annotations

import functools
import json
from typing import Any

import referencing
from referencing.jsonschema import DRAFT202012

from .._resources import resource
from ..errors import FmevidenceError

__all__ = ["SCHEMA_ID_PREFIX", "RemoteRefRefused", "local_registry", "packaged_schemas", "refuse", "schema_by_name"]

SCHEMA_ID_PREFIX = "urn:fmevidence:schema:"


class RemoteRefRefused(FmevidenceError, LookupError):
    """A ``$ref`` to a URI outside the local registry: fmevidence never fetches schemas.

    ``referencing`` reports it as the cause of an ``Unretrievable`` error.
    """

    def __init__(self, uri: str) -> None:
        super().__init__(uri)
        self.uri = uri

    def __str__(self) -> str:
        return f"$ref {self.uri!r} refused: fmevidence resolves $ref only against local schemas, it never fetches"


def refuse(uri: str) -> referencing.Resource[Any]:
    """The registry's ``retrieve``: every unknown URI is refused, none is fetched."""
    raise RemoteRefRefused(uri)


@functools.cache
def packaged_schemas() -> dict[str, dict[str, Any]]:
    """Every schema in the package's ``schemas/`` folder, by ``$id``."""
    schemas: dict[str, dict[str, Any]] = {}
    for entry in sorted(resource("schemas").iterdir(), key=lambda node: node.name):
        if entry.name.endswith(".schema.json"):
            schema = json.loads(entry.read_text(encoding="utf-8"))
            schemas[schema["$id"]] = schema
    return schemas


def schema_by_name(name: str) -> dict[str, Any] | None:
    """The packaged schema whose ``$id`` is ``urn:fmevidence:schema:<name>``, if any."""
    return packaged_schemas().get(SCHEMA_ID_PREFIX + name)


@functools.cache
def local_registry() -> referencing.Registry[Any]:
    """The packaged schemas crawled into one registry that refuses everything else."""
    resources = [
        (uri, referencing.Resource.from_contents(schema, default_specification=DRAFT202012))
        for uri, schema in packaged_schemas().items()
    ]
    registry: referencing.Registry[Any] = referencing.Registry(retrieve=refuse)  # type: ignore[call-arg]
    return registry.with_resources(resources).crawl()

"""Local ``referencing`` registries of schemas; nothing is ever fetched.

Schemas in ``schemas/`` refer to each other by ``$id`` (``urn:fmevidence:schema:<name>``).
The registry is crawled once from the package resources; its ``retrieve`` refuses every URI
that is not already in it, so a remote ``$ref`` becomes a clear error instead of a request.
A user's schema gets the same registry plus the official metaschemas (from
``jsonschema-specifications``) and the files the user mapped remote URIs to.
"""

from __future__ import annotations

import functools
import json
import os
from typing import Any

import referencing
from referencing import Specification
from referencing.jsonschema import DRAFT202012

from .._resources import resource
from ..errors import FmevidenceError
from .schema_map import SchemaMap, SchemaMapError

__all__ = [
    "SCHEMA_ID_PREFIX",
    "RemoteRefRefused",
    "SchemaMap",
    "SchemaMapError",
    "local_registry",
    "packaged_schemas",
    "read_json_file",
    "refuse",
    "schema_by_name",
    "user_registry",
]

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


def read_json_file(path: str) -> Any:
    """A JSON file's contents, cached by path, size and modification time (an edited file is re-read)."""
    stat = os.stat(path)
    return _read_json(os.path.abspath(path), stat.st_size, stat.st_mtime_ns)


@functools.lru_cache(maxsize=64)
def _read_json(path: str, size: int, mtime_ns: int) -> Any:
    with open(path, "rb") as handle:
        return json.loads(handle.read())


def user_registry(schema_map: SchemaMap, default: Specification[Any] = DRAFT202012) -> referencing.Registry[Any]:
    """The packaged schemas and the official metaschemas; mapped URIs read from their files.

    Every other URI is refused. Mapped files without ``$schema`` are read as ``default``
    (the dialect of the schema that refers to them).
    """

    def retrieve(uri: str) -> referencing.Resource[Any]:
        path = schema_map.local_path(uri)
        if path is None:
            raise RemoteRefRefused(uri)
        try:
            contents = read_json_file(path)
        except (OSError, ValueError) as exc:
            raise RemoteRefRefused(f"{uri} (mapped to {path}, which cannot be read as JSON: {exc})") from None
        return referencing.Resource.from_contents(contents, default_specification=default)

    registry: referencing.Registry[Any] = referencing.Registry(retrieve=retrieve)  # type: ignore[call-arg]
    return registry.with_resources(_known_resources())


@functools.cache
def _known_resources() -> tuple[tuple[str, referencing.Resource[Any]], ...]:
    """The packaged schemas and the official metaschemas of every draft (jsonschema-specifications)."""
    from jsonschema_specifications import REGISTRY  # type: ignore[import-untyped,unused-ignore]

    metaschemas: referencing.Registry[Any] = REGISTRY
    return (*local_registry().items(), *metaschemas.items())

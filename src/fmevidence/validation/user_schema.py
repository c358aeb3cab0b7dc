"""A JSON Schema the user brings: any draft, checked offline, broken schemas refused up front.

The dialect comes from ``$schema`` (drafts 4, 6, 7, 2019-09 and 2020-12; 2020-12 when it is
absent; a custom metaschema is followed to the draft it builds on when it is mapped to a
file). ``$ref`` resolves against the schema itself (no ``$id`` needed), its embedded
``$id``\\ s, the official metaschemas, the schemas the package ships, and the files the user
mapped remote URIs to (:class:`~fmevidence.validation.registry.SchemaMap`); everything else
is refused. A schema that is not valid, or whose ``$ref`` cannot be resolved, raises
:class:`UserSchemaError` naming the place in the schema, so the command line can say so and
exit 2 instead of printing a traceback.

Two engines, one answer: jsonschema-rs (compiled; it passes every required test of the
official JSON-Schema-Test-Suite for the five drafts) checks and explains when it is
installed; otherwise ``jsonschema`` does, with its format checkers. Both are run over the
suite by tests/test_json_schema_suite.py.
"""

from __future__ import annotations

import functools
import os
from typing import Any

import jsonschema  # type: ignore[import-untyped,unused-ignore]
import jsonschema.exceptions  # type: ignore[import-untyped,unused-ignore]
import jsonschema.validators  # type: ignore[import-untyped,unused-ignore]
import referencing
import referencing.exceptions
import referencing.jsonschema
from referencing import Specification

from ..errors import FmevidenceError
from .registry import (
    SCHEMA_ID_PREFIX,
    RemoteRefRefused,
    SchemaMap,
    packaged_schemas,
    read_json_file,
    user_registry,
)
from .report import Problem, Severity
from .schema_check import RULE_KEYWORD, SchemaCheck, json_pointer, rule_at, short_repr

__all__ = ["UserSchemaCheck", "UserSchemaError", "load_schema"]

#: The dialects a user's schema may name in ``$schema``.
DRAFTS = "drafts 4, 6, 7, 2019-09 and 2020-12"
#: How many custom metaschemas may stand between a schema and a known draft.
_MAX_META_DEPTH = 8


class UserSchemaError(FmevidenceError, ValueError):
    """The user's schema cannot be used: unreadable, invalid, or with an unresolvable ``$ref``."""


def load_schema(spec: str | os.PathLike[str]) -> Any:
    """The schema named by ``spec``: a packaged schema's URI (``urn:fmevidence:schema:finding``) or a file."""
    text = os.fspath(spec)
    if text.startswith(SCHEMA_ID_PREFIX):
        schema = packaged_schemas().get(text.split("#")[0])
        if schema is None:
            names = ", ".join(sorted(uri.removeprefix(SCHEMA_ID_PREFIX) for uri in packaged_schemas()))
            raise UserSchemaError(
                f"no packaged schema {text!r}; the package ships {SCHEMA_ID_PREFIX}<name> for: {names}"
            )
        return schema
    try:
        return read_json_file(text)
    except OSError as exc:
        raise UserSchemaError(f"cannot read schema {text}: {exc.strerror}") from None
    except (ValueError, RecursionError) as exc:
        raise UserSchemaError(f"schema {text} is not valid JSON: {exc}") from None


class UserSchemaCheck:
    """A compiled user schema whose failures are errors named ``schema.<keyword>``."""

    def __init__(
        self,
        schema: Any,
        *,
        formats: bool = True,
        schema_map: SchemaMap | None = None,
        fast: bool = True,
    ) -> None:
        if not isinstance(schema, (dict, bool)):
            raise UserSchemaError("the schema must be a JSON object or a boolean")
        self.schema = schema
        self.formats = formats
        self.schema_map = schema_map if schema_map is not None else SchemaMap()
        registry = user_registry(self.schema_map)
        self.specification, self.validator_class, metaschemas = _dialect(schema, registry)
        self.registry = user_registry(self.schema_map, self.specification)
        self._fast = _compile_fast(schema, self.schema_map, formats, metaschemas) if fast else None
        self._slow: SchemaCheck | None = None
        if self._fast is None:
            self._slow = self._compile_slow()

    @property
    def has_fast_path(self) -> bool:
        """Whether jsonschema-rs checks documents (else ``jsonschema`` does)."""
        return self._fast is not None

    def _compile_slow(self) -> SchemaCheck:
        cls = self.validator_class
        meta_errors = list(cls(cls.META_SCHEMA, format_checker=cls.FORMAT_CHECKER).iter_errors(self.schema))
        if meta_errors:
            error = jsonschema.exceptions.best_match(meta_errors)
            where = json_pointer(error.absolute_path) or "/ (the root)"
            raise UserSchemaError(f"the schema is not a valid JSON Schema at {where}: {_first_line(error.message)}")
        check = SchemaCheck(
            self.schema,
            registry=self.registry,
            validator_class=cls,
            specification=self.specification,
            formats=self.formats,
        )
        _check_refs(self.schema, self.specification, self.registry)
        return check

    def check(self, document: Any) -> list[Problem]:
        """Every way ``document`` fails the schema (empty when it is valid)."""
        if self._fast is not None:
            try:
                return [_rs_problem(error) for error in self._fast.iter_errors(document)]
            except Exception:  # values the compiled engine cannot take (lone surrogates...): ask jsonschema
                pass
        if self._slow is None:
            try:
                self._slow = self._compile_slow()
            except UserSchemaError as exc:  # jsonschema cannot take a schema jsonschema-rs took
                message = f"the document could not be checked: jsonschema-rs refused a value in it and jsonschema refuses the schema ({exc})"
                return [Problem(rule="schema.unchecked", severity=Severity.ERROR, message=message)]
        return [_renamed(problem) for problem in self._slow.check(document)]


def _dialect(schema: Any, registry: referencing.Registry[Any]) -> tuple[Specification[Any], Any, list[tuple[str, Any]]]:
    """The draft the schema is written in, jsonschema's validator class for it, and the custom
    metaschemas (URI, contents) on the way from its ``$schema`` to that draft."""
    if not isinstance(schema, dict) or "$schema" not in schema:
        return referencing.jsonschema.DRAFT202012, jsonschema.Draft202012Validator, []
    uri = schema["$schema"]
    seen: list[str] = []
    metaschemas: list[tuple[str, Any]] = []
    while True:
        if not isinstance(uri, str):
            where = "/$schema" if not seen else f"/$schema of {seen[-1]}"
            raise UserSchemaError(f"the schema is not a valid JSON Schema at {where}: expected a URI string")
        cls = jsonschema.validators.validator_for({"$schema": uri}, default=None)
        if cls is jsonschema.Draft3Validator:
            raise UserSchemaError(f"the schema's $schema {uri!r} is draft 3, which is not supported; expected {DRAFTS}")
        if cls is not None:
            return referencing.jsonschema.specification_with(uri), cls, metaschemas
        if len(seen) >= _MAX_META_DEPTH or uri in seen:
            raise UserSchemaError(f"the schema's $schema chain {' -> '.join([*seen, uri])} never reaches {DRAFTS}")
        try:
            meta = registry.get_or_retrieve(uri.split("#")[0]).value.contents
        except referencing.exceptions.Unretrievable:
            raise UserSchemaError(
                f"the schema's $schema {uri!r} is not one of {DRAFTS}; a custom metaschema must be mapped to a "
                "local file (--schema-map URI=FILE)"
            ) from None
        seen.append(uri)
        metaschemas.append((uri.split("#")[0], meta))
        uri = meta.get("$schema") if isinstance(meta, dict) else None


def _check_refs(schema: Any, specification: Specification[Any], registry: referencing.Registry[Any]) -> None:
    """Resolve every static ``$ref`` now, so a refused or missing one is a usage error, not a crash later.

    The walk follows the draft's own idea of where subschemas are (``referencing``), so values
    of ``enum``, ``const`` or ``examples`` that look like references are left alone.
    """
    root = specification.create_resource(schema)
    stack = [(root, registry.resolver_with_root(root))]
    while stack:
        resource, resolver = stack.pop()
        contents = resource.contents
        if isinstance(contents, dict) and isinstance(contents.get("$ref"), str):
            ref = contents["$ref"]
            try:
                resolver.lookup(ref)
            except referencing.exceptions.Unresolvable as exc:
                raise UserSchemaError(f"the schema's $ref {ref!r} cannot be resolved offline: {_cause(exc)}") from None
        stack.extend((sub, resolver.in_subresource(sub)) for sub in resource.subresources())


def _cause(exc: BaseException) -> str:
    """The innermost reason an unresolvable reference failed (a refusal names the way out)."""
    if isinstance(exc, referencing.exceptions.PointerToNowhere):
        return f"the schema has nothing at {exc.ref!r}"
    cause: BaseException = exc
    while cause.__cause__ is not None:
        cause = cause.__cause__
    if isinstance(cause, RemoteRefRefused):
        return f"{cause}; map it to a local file with --schema-map URI=FILE"
    return str(cause) or type(cause).__name__


def _compile_fast(schema: Any, schema_map: SchemaMap, formats: bool, metaschemas: list[tuple[str, Any]]) -> Any:
    """jsonschema-rs's validator for the schema, None when it is not installed; raises UserSchemaError.

    Its registry holds the packaged schemas, the official metaschemas (jsonschema-rs does not
    resolve a ``$ref`` to another draft's metaschema by itself) and the custom metaschemas the
    ``$schema`` chain went through (it does not retrieve those once a registry is given);
    every other URI goes through the map or is refused.
    """
    try:
        import jsonschema_rs
    except ImportError:
        return None

    def retrieve(uri: str) -> Any:
        path = schema_map.local_path(uri)
        if path is None:
            raise RemoteRefRefused(uri)
        return read_json_file(path)

    resources = [*packaged_schemas().items(), *_official_metaschemas(), *metaschemas]
    try:
        registry = jsonschema_rs.Registry(resources, retriever=retrieve)
        return jsonschema_rs.validator_for(schema, registry=registry, retriever=retrieve, validate_formats=formats)
    except jsonschema_rs.ValidationError as exc:
        message = _first_line(exc.message)
        if type(exc.kind).__name__ == "Referencing":
            hint = "; map it to a local file with --schema-map URI=FILE" if "refused" in message else ""
            raise UserSchemaError(f"the schema has a $ref that cannot be resolved offline: {message}{hint}") from None
        where = json_pointer(exc.instance_path) or "/ (the root)"
        raise UserSchemaError(f"the schema is not a valid JSON Schema at {where}: {message}") from None
    except (ValueError, TypeError) as exc:  # e.g. a pattern the regex engine cannot compile
        raise UserSchemaError(f"the schema cannot be compiled: {_first_line(str(exc))}") from None


@functools.cache
def _official_metaschemas() -> tuple[tuple[str, Any], ...]:
    from jsonschema_specifications import REGISTRY  # type: ignore[import-untyped,unused-ignore]

    return tuple((uri, resource.contents) for uri, resource in REGISTRY.items())


def _rs_problem(error: Any) -> Problem:
    """A jsonschema-rs error as a problem: the failing keyword, the message, the place.

    Where the failing keyword lies in a packaged schema under a rule (a user schema may
    ``$ref`` the package's definitions), the problem carries that rule, as on the jsonschema path.
    """
    pointer = json_pointer(error.instance_path)
    rule_schema = rule_at(str(getattr(error, "absolute_keyword_location", None) or ""))
    if rule_schema is not None:
        found = rule_schema.get("x-found") or f"found {short_repr(error.instance)}"
        message = f"{found}; expected {rule_schema['description']}" if rule_schema.get("description") else None
        return Problem(
            rule=str(rule_schema[RULE_KEYWORD]),
            severity=Severity.ERROR,
            message=message or _first_line(error.message, 200),
            pointer=pointer,
        )
    kind = type(error.kind).__name__.removeprefix("ValidationErrorKind_")  # older jsonschema-rs
    keyword = next((part for part in reversed(list(error.schema_path)) if isinstance(part, str)), kind)
    if kind == "FalseSchema":
        keyword = "false"
    return Problem(
        rule=f"schema.{keyword}", severity=Severity.ERROR, message=_first_line(error.message, 200), pointer=pointer
    )


def _renamed(problem: Problem) -> Problem:
    """jsonschema names a ``false`` schema's failure ``None``: call it ``false`` like the fast path."""
    if problem.rule == "schema.None":
        import attrs

        return attrs.evolve(problem, rule="schema.false")
    return problem


def _first_line(message: str, limit: int = 300) -> str:
    text = message.strip().splitlines()[0] if message.strip() else message
    return text if len(text) <= limit else text[: limit - 3] + "..."

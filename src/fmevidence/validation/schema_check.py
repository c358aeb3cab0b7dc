"""Whole-document JSON Schema checks: jsonschema explains, a compiled fast path may only say "valid".

A :class:`SchemaCheck` compiles its schema once. ``check(document)`` first asks the fast
engine (jsonschema-rs, when installed and allowed) whether the document is valid; only a
"yes" is trusted from it. Every other answer, and any fast-path failure, goes through
``jsonschema``'s ``iter_errors`` so each problem is explained with a JSON pointer. The fast
path is used only for schemas whose agreement with jsonschema is proven by the differential
tests (the built-in profiles); a user's ``--schema`` always takes the explaining path.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import attrs
import jsonschema  # type: ignore[import-untyped,unused-ignore]
import jsonschema.exceptions  # type: ignore[import-untyped,unused-ignore]
import jsonschema.validators  # type: ignore[import-untyped,unused-ignore]
import referencing
import referencing.exceptions
from referencing.jsonschema import DRAFT202012

from ..pointers import pointer, unescape
from .registry import local_registry, refuse
from .report import Problem, Severity

__all__ = ["RULE_KEYWORD", "Layout", "SchemaCheck", "json_pointer", "rule_at", "short_repr"]

#: The annotation keyword naming the rule a subschema implements (see README).
RULE_KEYWORD = "x-rule"


@attrs.frozen
class Layout:
    """Where a profile schema keeps its document-level rules and the rules of one node.

    ``root_rules`` and ``node_rules`` are JSON pointers into the schema. With a layout and a
    fast path, jsonschema explains a failing document by checking only the nodes on the way
    to the places the fast path found, instead of the whole document.
    """

    root_rules: tuple[str, ...]
    node_rules: str


class SchemaCheck:
    """A compiled JSON Schema whose failures become problems of one severity."""

    def __init__(
        self,
        schema: Any,
        *,
        severity: Severity = Severity.ERROR,
        registry: referencing.Registry[Any] | None = None,
        fast: bool = False,
        layout: Layout | None = None,
        validator_class: Any = None,
        specification: referencing.Specification[Any] | None = None,
        formats: bool = True,
    ) -> None:
        self.schema = schema
        self.severity = severity
        base = registry if registry is not None else local_registry()
        spec = self._spec = specification if specification is not None else DRAFT202012
        schema_id = schema.get("$id") if isinstance(schema, dict) else None
        if isinstance(schema_id, str) and base.get(schema_id) is None:
            base = base.with_resource(schema_id, spec.create_resource(schema))
        self.registry = base
        cls = validator_class or jsonschema.validators.validator_for(schema, default=jsonschema.Draft202012Validator)
        checker = cls.FORMAT_CHECKER if formats else None
        self.validator = cls(schema, registry=base, format_checker=checker)
        self._fast = _fast_validator(schema) if fast else None
        self._rules_on: dict[tuple[Any, ...], dict[str, Any] | None] = {}
        self._root_rules: list[tuple[dict[str, Any], Any, Any]] = []
        self._node_rules: tuple[dict[str, Any], Any] | None = None
        if layout is not None and self._fast is not None:
            wrap = [{"$ref": f"{schema['$id']}#{pointer}"} for pointer in (*layout.root_rules, layout.node_rules)]
            compiled = [(w, cls(w, registry=base, format_checker=checker)) for w in wrap]
            self._root_rules = [(w, v, _fast_validator(w)) for w, v in compiled[:-1]]
            self._node_rules = compiled[-1]

    @property
    def has_fast_path(self) -> bool:
        """Whether a compiled fast path may decide that documents are valid."""
        return self._fast is not None

    def is_valid_fast(self, document: Any) -> bool:
        """True only when the fast path says valid (False means "ask jsonschema")."""
        if self._fast is None:
            return False
        try:
            return bool(self._fast.is_valid(document))
        except Exception:  # lone surrogates, huge numbers...: let jsonschema decide
            return False

    def check(self, document: Any) -> list[Problem]:
        """Every problem in ``document``, the most relevant (``best_match``) first."""
        if self.is_valid_fast(document):
            return []
        if self._node_rules is not None:
            explained = self._explained_fast(document)
            if explained is not None:
                return explained
        found = self._targeted(document) or [(self.schema, e) for e in self.validator.iter_errors(document)]
        if not found:
            return []
        errors = [error for _, error in found]
        best = _top_level(jsonschema.exceptions.best_match(errors), errors)
        ordered = sorted(found, key=lambda pair: pair[1] is not best)  # stable: best first, rest in order
        return [self._problem(error, root) for root, error in ordered]

    def _explained_fast(self, document: Any) -> list[Problem] | None:
        """The problems, from the fast path's own errors (None: let jsonschema explain).

        Each error's evaluation path (it names every ``$ref`` it follows) leads through the
        schema to the innermost subschema naming a rule, which gives the rule and the
        expectation; the error gives the place and what was found. This costs about as much
        as saying "valid" (jsonschema would re-check the nodes). When an error lies outside
        every rule, or is of a kind whose wording only jsonschema has, jsonschema explains the
        whole document. The differential tests check both give the same problems.
        """
        assert self._fast is not None
        try:
            errors = list(self._fast.iter_errors(document))
        except Exception:
            return None
        problems: list[tuple[tuple[Any, ...], Problem]] = []
        seen: set[Problem] = set()
        for error in errors:
            path = tuple(error.instance_path)
            rule_schema = self._rule_on(tuple(error.evaluation_path))
            if rule_schema is None or not rule_schema.get("description"):
                return None
            found = rule_schema.get("x-found")
            if not found:
                kind = type(error.kind).__name__.removeprefix("ValidationErrorKind_")
                if kind == "Required":
                    found = f"missing {error.kind.property!r}"
                elif kind == "MinItems":
                    found = "found an empty array"
                elif kind in _FAST_KINDS:
                    found = f"found {short_repr(error.instance)}"
                else:
                    return None
            message = f"{found}; expected {rule_schema['description']}"
            problem = Problem(
                rule=str(rule_schema[RULE_KEYWORD]), severity=self.severity, message=message, pointer=json_pointer(path)
            )
            if problem in seen:
                # One rule failing at one place is one problem, however many of its keywords
                # fail there (the regex engines differ: a DOI with a trailing newline fails a
                # rule's pattern in Rust and its other guard in both).
                continue
            seen.add(problem)
            weak = type(error.kind).__name__ in ("AnyOf", "OneOfNotValid", "OneOfMultipleValid")
            problems.append(((-len(path), not weak), problem))
        if not problems:
            return None
        # jsonschema's best_match: the shallowest error, a weak one (anyOf, oneOf) last; ties keep their order.
        best = max(range(len(problems)), key=lambda index: problems[index][0])
        return [problems[best][1], *(problem for index, (_, problem) in enumerate(problems) if index != best)]

    def _rule_on(self, evaluation_path: tuple[Any, ...]) -> dict[str, Any] | None:
        """The innermost subschema naming a rule along a fast-path evaluation path (cached)."""
        cached = self._rules_on.get(evaluation_path, _UNKNOWN)  # one lookup: threads may clear the cache
        if cached is not _UNKNOWN:
            result: dict[str, Any] | None = cached
            return result
        node: Any = self.schema
        resolver = self.registry.resolver(base_uri=self.schema.get("$id", "") if isinstance(self.schema, dict) else "")
        found = node if isinstance(node, dict) and RULE_KEYWORD in node else None
        try:
            for key in evaluation_path:
                if key == "$ref" and isinstance(node, dict) and isinstance(node.get("$ref"), str):
                    resolved = resolver.lookup(node["$ref"])
                    node, resolver = resolved.contents, resolved.resolver
                else:
                    node = node[key]
                if isinstance(node, dict) and RULE_KEYWORD in node:
                    found = node
        except Exception:  # a path this walk cannot follow: no rule, jsonschema explains
            found = None
        if len(self._rules_on) > 10_000:
            self._rules_on.clear()
        self._rules_on[evaluation_path] = found
        return found

    def _targeted(self, document: Any) -> list[tuple[dict[str, Any], jsonschema.exceptions.ValidationError]]:
        """jsonschema's errors, computed only where the fast path found some (empty: do it all).

        The fast path lists the places that fail; jsonschema then checks the document-level
        rules and the node rules of each node on the way to a failing place. The differential
        tests check that this yields exactly the problems of a full jsonschema run.
        """
        if self._node_rules is None or self._fast is None:
            return []
        try:
            places = [tuple(error.instance_path) for error in self._fast.iter_errors(document)]
        except Exception:
            return []
        found = [
            (root, error)
            for root, validator, fast in self._root_rules
            if not _fast_valid(fast, document)
            for error in validator.iter_errors(document)
        ]
        nodes: dict[tuple[Any, ...], Any] = {}
        for place in places:
            node: Any = document
            prefix: tuple[Any, ...] = ()
            if isinstance(node, dict):
                nodes.setdefault(prefix, node)
            for key in place:
                if key == "@context" or not isinstance(node, (dict, list)):
                    break  # the walk never enters @context values
                try:
                    node = node[key]
                except (KeyError, IndexError, TypeError):
                    break
                prefix = (*prefix, key)
                if isinstance(node, dict):
                    nodes.setdefault(prefix, node)
        root, validator = self._node_rules
        for prefix, node in nodes.items():
            for error in validator.iter_errors(node):
                error.path.extendleft(reversed(prefix))
                found.append((root, error))
        return found

    def _problem(self, error: jsonschema.exceptions.ValidationError, root: dict[str, Any]) -> Problem:
        rule_schema = self._rule_schema(error, root)
        if rule_schema is not None:
            rule = str(rule_schema[RULE_KEYWORD])
            expected = rule_schema.get("description")
            found_text = rule_schema.get("x-found")
        else:
            rule = f"schema.{error.validator}"
            expected = found_text = None
        found = str(found_text) if found_text else _found(error)
        message = f"{found}; expected {expected}" if expected else _shorten(error.message)
        return Problem(rule=rule, severity=self.severity, message=message, pointer=json_pointer(error.absolute_path))

    def _rule_schema(self, error: jsonschema.exceptions.ValidationError, root: dict[str, Any]) -> dict[str, Any] | None:
        """The innermost subschema on the error's schema path (from ``root``) that names a rule."""
        node: Any = root
        resolver = self.registry.resolver(base_uri=self.schema.get("$id", "") if isinstance(self.schema, dict) else "")
        found = node if isinstance(node, dict) and RULE_KEYWORD in node else None
        try:
            for key in error.absolute_schema_path:
                # jsonschema's schema paths step through "$ref" silently: follow it when
                # the next key is not in the referring subschema itself.
                while isinstance(node, dict) and key not in node and "$ref" in node:
                    resolved = resolver.lookup(node["$ref"])
                    node, resolver = resolved.contents, resolved.resolver
                    if isinstance(node, dict) and RULE_KEYWORD in node:
                        found = node
                node = node[key]
                if isinstance(node, dict) and isinstance(node.get("$id"), str):
                    resolver = resolver.in_subresource(self._spec.create_resource(node))
                if isinstance(node, dict) and RULE_KEYWORD in node:
                    found = node
        except Exception:  # a walk that leaves the schema (a keyword named like "$ref" in data): no rule
            return found
        return found


def rule_at(location: str) -> dict[str, Any] | None:
    """The innermost subschema naming a rule on the way to ``location`` in a packaged schema.

    ``location`` is an absolute keyword location (``urn:fmevidence:schema:x#/$defs/doi/pattern``),
    as jsonschema-rs reports it; other schemas have no rules (None).
    """
    from .registry import packaged_schemas

    uri, _, pointer = location.partition("#")
    node: Any = packaged_schemas().get(uri)
    found = node if isinstance(node, dict) and RULE_KEYWORD in node else None
    for part in pointer.split("/")[1:] if node is not None else ():
        key = unescape(part)
        if isinstance(node, dict):
            node = node.get(key)
        elif isinstance(node, list) and key.isdigit() and int(key) < len(node):
            node = node[int(key)]
        else:
            break
        if isinstance(node, dict) and RULE_KEYWORD in node:
            found = node
    return found


_UNKNOWN: Any = object()

#: jsonschema-rs error kinds whose problem reads "found <the value>" on the jsonschema path too.
_FAST_KINDS = frozenset(
    {
        "AnyOf",
        "Constant",
        "Enum",
        "Format",
        "MaxItems",
        "MaxLength",
        "Maximum",
        "MinLength",
        "Minimum",
        "Not",
        "OneOfNotValid",
        "OneOfMultipleValid",
        "Pattern",
        "Type",
        "Contains",
        "FalseSchema",
        "UniqueItems",
        "MultipleOf",
        "ExclusiveMaximum",
        "ExclusiveMinimum",
    }
)


def _fast_valid(fast: Any, document: Any) -> bool:
    """Whether a compiled validator says the document is valid (False: it could not say)."""
    try:
        return fast is not None and bool(fast.is_valid(document))
    except Exception:
        return False


def _fast_validator(schema: dict[str, Any]) -> Any:
    """A jsonschema-rs validator over the packaged schemas that can never fetch, or None."""
    try:
        import jsonschema_rs
    except ImportError:
        return None
    from .registry import packaged_schemas

    resources = list(packaged_schemas().items())
    never: Any = refuse  # raises for every URI: jsonschema-rs then reports the $ref as unresolvable
    registry = jsonschema_rs.Registry(resources, retriever=never)
    return jsonschema_rs.validator_for(schema, registry=registry, validate_formats=True, retriever=never)


def _top_level(
    best: jsonschema.exceptions.ValidationError, errors: list[jsonschema.exceptions.ValidationError]
) -> jsonschema.exceptions.ValidationError:
    """The top-level error that ``best_match`` chose (it may descend into an anyOf's context)."""
    node: jsonschema.exceptions.ValidationError | None = best
    while node is not None:
        if any(node is error for error in errors):
            return node
        node = node.parent
    return errors[0]


def _found(error: jsonschema.exceptions.ValidationError) -> str:
    """What the document has where a rule failed, in a few words."""
    if error.validator in ("required", "dependentRequired"):
        missing = error.message.removesuffix(" is a required property")
        return f"missing {missing}" if missing != error.message else _shorten(error.message)
    if error.validator == "minItems":
        return "found an empty array"
    return f"found {short_repr(error.instance)}"


def _shorten(message: str, limit: int = 200) -> str:
    return message if len(message) <= limit else message[: limit - 3] + "..."


def json_pointer(path: Iterable[Any]) -> str:
    """RFC 6901 pointer for a jsonschema path (``deque(['code', 0])`` -> ``/code/0``)."""
    return pointer(path)


def short_repr(value: Any, limit: int = 60) -> str:
    """A short description of a JSON value for messages (never the whole document)."""
    if isinstance(value, dict):
        keys = ", ".join(list(map(str, value))[:6])
        more = ", ..." if len(value) > 6 else ""
        return f"an object with keys {keys}{more}" if value else "an empty object"
    if isinstance(value, list):
        return f"an array of {len(value)} item{'s' if len(value) != 1 else ''}"
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."

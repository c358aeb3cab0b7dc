"""The fast path: walk a plain schema.org document directly, without JSON-LD expansion.

A document qualifies when every ``@context`` in it is exactly the schema.org context URL
(``https://schema.org``, http or https, with or without the slash, or the ``/docs/jsonldcontext``
file; alone or in a one-item list) and it uses no JSON-LD
feature whose meaning depends on processing: no other keywords than ``@context``, ``@type``,
``@id`` (or the context's ``type``/``id`` aliases) and a top-level ``@graph``, no compact IRIs,
no terms the schema.org context maps elsewhere (prefixes, ``HTML``), no nested arrays. Under
that context every other key ``k`` expands to ``http://schema.org/k``, so the walk sees the
same terms pyld would. Anything else raises :class:`Ineligible` and the caller expands the
document with pyld instead. ``tests/test_vocabulary_paths.py`` proves the two paths agree.
"""

from __future__ import annotations

import functools
from typing import Any

from ..pointers import escape as escape  # re-exported: vocab_expand uses it from here
from .vocab_rules import Checker, Range

__all__ = ["MAX_DEPTH", "PLAIN_CONTEXTS", "Ineligible", "TooDeep", "escape", "walk_plain"]

PLAIN_CONTEXTS = frozenset(
    f"{scheme}://schema.org{path}"
    for scheme in ("http", "https")
    for path in ("", "/", "/docs/jsonldcontext.json", "/docs/jsonldcontext.jsonld")
)
"""The URLs under which schema.org publishes its context (the offline loader serves them all)."""
MAX_DEPTH = 200
"""Deeper documents are refused: no real page nests that far, and it bounds recursion."""


_FLOAT_LIMIT = 2**1023


class Ineligible(Exception):
    """The document needs real JSON-LD processing; take the pyld path."""


class TooDeep(Exception):
    """The document nests deeper than :data:`MAX_DEPTH` objects and arrays."""


@functools.lru_cache(maxsize=1)
def _redefined_terms() -> frozenset[str]:
    """Terms of the schema.org context that do not simply expand to ``schema:<term>``.

    Prefixes, aliases and terms mapped elsewhere count; a term that only coerces its value
    (``"url": {"@type": "@id"}``, ``"birthDate": {"@type": "Date"}``) does not, because the
    rules treat a coerced value and the plain string alike (a URL range takes both, a Date
    range takes both).
    """
    from ..jsonld.context import schemaorg_context

    context = schemaorg_context()["@context"]
    own_iris = ("schema:{}", "http://schema.org/{}")
    redefined = set()
    for term, definition in context.items():
        if (
            not isinstance(definition, dict)
            or not set(definition) <= {"@id", "@type"}
            or definition.get("@id", f"schema:{term}") not in [iri.format(term) for iri in own_iris]
            or definition.get("@type", "@id") not in _COERCIONS
        ):
            redefined.add(term)
    return frozenset(redefined)


_COERCIONS = frozenset({"@id", "Date", "DateTime"})
_KEYWORDS = frozenset({"@context", "@type", "@id", "type", "id"})
_PLAIN_TERMS: set[str] = set()
"""Keys already seen to expand to ``schema:<key>`` (bounded; only a speed-up)."""


def walk_plain(document: Any, checker: Checker) -> None:
    """Check ``document`` through ``checker`` if it is a plain schema.org document.

    Raises :class:`Ineligible` (before or during the walk; the caller discards the
    checker's problems) when it is not, and :class:`TooDeep` when it nests too deeply.
    """
    walker = _Walker(checker, _redefined_terms())
    if isinstance(document, dict):
        walker.top(document, "")
    elif isinstance(document, list):
        for index, item in enumerate(document):
            if not isinstance(item, dict):
                raise Ineligible
            walker.top(item, f"/{index}")
    else:
        raise Ineligible


class _Walker:
    __slots__ = ("checker", "redefined")

    def __init__(self, checker: Checker, redefined: frozenset[str]) -> None:
        self.checker = checker
        self.redefined = redefined

    def top(self, item: dict[str, Any], pointer: str) -> None:
        if not _plain_context(item.get("@context")):
            raise Ineligible
        graph = item.get("@graph")
        if graph is None:
            self.node(item, pointer, None, 1)
            return
        if not set(item) <= {"@context", "@graph"}:
            raise Ineligible  # a named graph: let pyld say what it means
        if isinstance(graph, dict):
            self.node(graph, f"{pointer}/@graph", None, 2)
            return
        if not isinstance(graph, list):
            raise Ineligible
        for index, node in enumerate(graph):
            if not isinstance(node, dict):
                raise Ineligible
            self.node(node, f"{pointer}/@graph/{index}", None, 2)

    def _types(self, value: Any, pointer: str) -> list[tuple[str, str]]:
        if isinstance(value, str):
            self._plain_term(value)
            return [(value, pointer)]
        if not isinstance(value, list):
            raise Ineligible
        names = []
        for index, item in enumerate(value):
            if not isinstance(item, str):
                raise Ineligible
            self._plain_term(item)
            names.append((item, f"{pointer}/{index}"))
        return names

    def _plain_term(self, term: str) -> None:
        if term in _PLAIN_TERMS:
            return
        if not term or ":" in term or term[0] == "@" or term in self.redefined or term in _KEYWORDS:
            raise Ineligible
        if len(_PLAIN_TERMS) < 20_000:
            _PLAIN_TERMS.add(term)

    def node(self, obj: dict[str, Any], pointer: str, via: str | None, depth: int) -> tuple[str, ...] | str:
        """Check one node object.

        Returns its known classes, or the IRI when it is a node reference (nothing but an
        id, as expansion sees it: null properties and an empty type list do not count).
        """
        if depth > MAX_DEPTH:
            raise TooDeep
        type_key = id_key = None
        properties = []
        plain = _PLAIN_TERMS
        for key, value in obj.items():
            if key in plain:
                if value is not None:
                    properties.append(key)
            elif key in _KEYWORDS:
                if key == "@context":
                    if not _plain_context(value):
                        raise Ineligible
                elif key == "@type" or key == "type":
                    if type_key is not None:
                        raise Ineligible
                    type_key = key
                elif id_key is not None or type(value) is not str:
                    raise Ineligible
                else:
                    id_key = key
                    prefix, colon, suffix = value.partition(":")
                    if colon and prefix != "schema" and prefix in self.redefined and not suffix.startswith("//"):
                        raise Ineligible  # a compact IRI such as rdf:type: expansion rewrites it
            else:
                self._plain_term(key)
                if value is not None:
                    properties.append(key)
        checker = self.checker
        classes: tuple[str, ...] = ()
        subject = None
        if type_key is not None:
            types = obj[type_key]
            if type(types) is str:
                self._plain_term(types)
                classes, subject, verdict = checker.type_lookup(types)
                if verdict:
                    checker.report(verdict, f"{pointer}/{type_key}")
            elif types or type(types) is not list:
                classes, complete = checker.node_types(self._types(types, f"{pointer}/{type_key}"))
                subject = classes if complete and classes else None
            else:
                type_key = None  # "@type": [] says nothing, as in expansion
        if not properties:
            if id_key is not None and type_key is None:
                iri: str = obj[id_key]
                return iri
            return classes
        lookup = checker.property_lookup
        for key in properties:
            value = obj[key]
            expected, verdict = lookup(key, subject, via)
            if verdict:
                checker.report(verdict, f"{pointer}/{escape(key)}")
            if type(value) is list:
                for index, item in enumerate(value):
                    if type(item) is str:
                        if expected is not None and not expected.text:
                            checker.string(key, item, f"{pointer}/{escape(key)}/{index}")
                    elif item is not None:
                        self.value(key, expected, item, pointer, index, depth)
            elif type(value) is str:
                if expected is not None and not expected.text:
                    checker.string(key, value, f"{pointer}/{escape(key)}")
            else:
                self.value(key, expected, value, pointer, None, depth)
        return classes

    def value(self, key: str, expected: Range | None, value: Any, parent: str, index: int | None, depth: int) -> None:
        """Check one non-text value of ``key`` (item ``index`` of its list)."""
        kind = type(value)
        if kind is dict:
            if "@graph" in value:
                raise Ineligible
            pointer = _pointer(parent, key, index)
            found = self.node(value, pointer, key, depth + 1)
            if expected is None:
                return
            if type(found) is tuple:
                verdict = self.checker.node_verdict(key, found)
                if verdict:
                    self.checker.report(verdict, pointer)
                return
            reference = str(found)
            if reference.startswith("schema:") and not reference.startswith("schema://"):
                reference = "http://schema.org/" + reference[len("schema:") :]  # a compact IRI
            self.checker.reference(key, reference, pointer)
        elif kind is bool:
            if expected is not None:
                self.checker.boolean(key, value, _pointer(parent, key, index))
        elif kind is int or kind is float:
            if kind is int and not -_FLOAT_LIMIT < value < _FLOAT_LIMIT:
                raise Ineligible  # beyond a double: expansion fails on it, let pyld report that
            if expected is not None:
                self.checker.number(key, value, _pointer(parent, key, index))
        else:
            raise Ineligible  # a nested array (or a value json.loads never makes)


def _pointer(parent: str, key: str, index: int | None) -> str:
    if index is None:
        return f"{parent}/{escape(key)}"
    return f"{parent}/{escape(key)}/{index}"


def _plain_context(value: Any) -> bool:
    """The schema.org context URL, alone or as the only item of a list."""
    if type(value) is list and len(value) == 1:
        value = value[0]
    return isinstance(value, str) and value in PLAIN_CONTEXTS

"""The general path: expand with pyld (offline), then check the expanded form.

Expansion resolves everything a document can do with contexts (``@graph``, aliases, prefixes,
nested, scoped or extended contexts, http/https schema.org IRIs) but forgets where each node
was written. To report JSON pointers into the document *as written*, every object that can be
a node gets a marker property (an IRI no context can redefine) whose value is its pointer;
expansion carries it onto the node. Property and value pointers are then found by matching
the expanded IRI against the keys of the original object. Marker artefacts (a marker that
landed in a language or index map) are recognised by their sentinel prefix and skipped.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from ..pointers import unescape
from .report import Problem, Severity
from .vocab_rules import Checker
from .vocab_walk import MAX_DEPTH, TooDeep, escape
from .vocabulary import local_name

__all__ = ["expand_and_check"]

MARKER = "urn:x-fmevidence:pointer"
SENTINEL = "\x00fmevidence-pointer:"
_UNMARKABLE = frozenset({"@value", "@list", "@set", "@language", "@direction"})
_GRAPH_ONLY = frozenset({"@context", "@graph"})


def _mark(value: Any, pointer: str, depth: int, parent_key: str | None) -> Any:
    """A copy of ``value`` with a pointer marker in every object that may be a node."""
    if depth > MAX_DEPTH:
        raise TooDeep
    if isinstance(value, list):
        return [_mark(item, f"{pointer}/{index}", depth + 1, parent_key) for index, item in enumerate(value)]
    if not isinstance(value, dict):
        return value
    marked: dict[str, Any] = {}
    for key, item in value.items():
        if key == "@context":
            marked[key] = item
        else:
            marked[key] = _mark(item, f"{pointer}/{escape(key)}", depth + 1, key)
    keys = value.keys()
    if parent_key != "@reverse" and _UNMARKABLE.isdisjoint(keys) and not keys <= _GRAPH_ONLY:
        marked[MARKER] = SENTINEL + pointer
    return marked


def _resolve(document: Any, pointer: str) -> Any:
    """The value at a JSON pointer, or ``None``."""
    if not pointer:
        return document
    current = document
    for raw in pointer[1:].split("/"):
        token = unescape(raw)
        if isinstance(current, dict):
            current = current.get(token)
        elif isinstance(current, list) and token.isdigit() and int(token) < len(current):
            current = current[int(token)]
        else:
            return None
    return current


def _matches(key: str, iri: str, name: str | None) -> bool:
    if key == iri or (name is not None and key == name):
        return True
    if ":" in key:
        suffix = key.split(":", 1)[1]
        return suffix == name if name is not None else iri.endswith(suffix) and bool(suffix)
    return name is None and key == iri.rsplit("/", 1)[-1].rsplit("#", 1)[-1]


class _ExpandedWalker:
    def __init__(self, checker: Checker, document: Any) -> None:
        self.checker = checker
        self.document = document

    def pointer_of(self, node: dict[str, Any], fallback: str) -> str:
        pointers = [
            value["@value"][len(SENTINEL) :]
            for value in node.get(MARKER, ())
            if isinstance(value, dict) and isinstance(value.get("@value"), str) and value["@value"].startswith(SENTINEL)
        ]
        return min(pointers, key=len) if pointers else fallback

    def _type_pointers(self, original: Any, pointer: str, iris: list[str]) -> list[str]:
        key = None
        if isinstance(original, dict):
            key = "@type" if "@type" in original else "type" if "type" in original else None
            if key is None and iris:  # an alias of @type: the key whose value names the first type
                name = local_name(iris[0])
                for candidate, raw in original.items():
                    items = raw if isinstance(raw, list) else [raw]
                    if any(isinstance(item, str) and _matches(item, iris[0], name) for item in items):
                        key = candidate
                        break
        if key is None:
            return [pointer] * len(iris)
        raw = original[key]
        key_pointer = f"{pointer}/{escape(key)}"
        if not isinstance(raw, list):
            return [key_pointer] * len(iris)
        used: set[int] = set()
        pointers = []
        for iri in iris:
            name = local_name(iri)
            for index, item in enumerate(raw):
                if index not in used and isinstance(item, str) and _matches(item, iri, name):
                    used.add(index)
                    pointers.append(f"{key_pointer}/{index}")
                    break
            else:
                pointers.append(key_pointer)
        return pointers

    def _locate(
        self, original: Any, pointer: str, iri: str, name: str | None, values: list[Any]
    ) -> tuple[str, list[str]]:
        """The pointer of the key written for ``iri`` and of each of its values."""
        count = len(values)
        if isinstance(original, dict):
            for key, raw in original.items():
                if key[:1] != "@" and _matches(key, iri, name):
                    key_pointer = f"{pointer}/{escape(key)}"
                    if isinstance(raw, list):
                        present = [index for index, item in enumerate(raw) if item is not None]
                        if len(present) == count:
                            return key_pointer, [f"{key_pointer}/{index}" for index in present]
                    return key_pointer, [key_pointer] * count
        for value in values:  # an alias: a node value's marker says which key it was under
            inner = self.pointer_of(value, "") if isinstance(value, dict) else ""
            if inner.startswith(pointer + "/"):
                key_pointer = f"{pointer}/{inner[len(pointer) + 1 :].split('/', 1)[0]}"
                return key_pointer, [key_pointer] * count
        return pointer, [pointer] * count

    def node(self, node: dict[str, Any], fallback: str, via: str | None, depth: int) -> tuple[str, ...]:
        if depth > MAX_DEPTH:
            raise TooDeep
        checker = self.checker
        pointer = self.pointer_of(node, fallback)
        original = _resolve(self.document, pointer)
        iris = [t for t in node.get("@type", ()) if isinstance(t, str) and t != MARKER]
        names: list[tuple[str, str]] = []
        for iri, type_pointer in zip(iris, self._type_pointers(original, pointer, iris), strict=True):
            name = local_name(iri)
            if name is None:
                checker.foreign_term("type", iri, type_pointer)
            else:
                names.append((name, type_pointer))
        classes, complete = checker.node_types(names)
        subject = classes if complete and classes else None
        for key, values in node.items():
            if key == MARKER or (not isinstance(values, list) and key != "@reverse"):
                continue
            if key in ("@graph", "@included"):
                for item in values:
                    if isinstance(item, dict) and not self._artefact(item):
                        self.node(item, pointer, None, depth + 1)
                continue
            if key == "@reverse":
                self._reverse(values, pointer, depth)
                continue
            if key[:1] == "@":
                continue
            name = local_name(key)
            key_pointer, value_pointers = self._locate(original, pointer, key, name, values)
            if name is None:
                checker.foreign_term("property", key, key_pointer)
                known = False
            else:
                known = checker.property(name, key_pointer, subject, via)
            for value, value_pointer in zip(values, value_pointers, strict=True):
                self.value(name or key, known, value, value_pointer, depth)
        return classes

    def _reverse(self, reverse: Any, pointer: str, depth: int) -> None:
        if not isinstance(reverse, dict):
            return
        for key, values in reverse.items():
            name = local_name(key)
            if name is None:
                self.checker.foreign_term("property", key, pointer)
            else:
                self.checker.property(name, pointer, None, None)
            for value in values if isinstance(values, list) else ():
                if isinstance(value, dict) and "@value" not in value and not self._artefact(value):
                    self.node(value, pointer, None, depth + 1)

    @staticmethod
    def _artefact(value: dict[str, Any]) -> bool:
        iri = value.get("@id")
        return isinstance(iri, str) and iri.startswith(SENTINEL)

    def value(self, prop: str, known: bool, value: Any, pointer: str, depth: int) -> None:
        if not isinstance(value, dict):
            return
        checker = self.checker
        if "@value" in value:
            literal = value["@value"]
            datatype = value.get("@type")
            if not known or datatype == "@json":
                return
            if isinstance(literal, str):
                if literal.startswith(SENTINEL):
                    return
                if isinstance(datatype, str):
                    checker.typed(prop, literal, datatype, pointer)
                else:
                    checker.string(prop, literal, pointer)
            elif isinstance(literal, bool):
                checker.boolean(prop, literal, pointer)
            elif isinstance(literal, (int, float)):
                checker.number(prop, literal, pointer)
            return
        if "@list" in value:
            for item in value["@list"] if isinstance(value["@list"], list) else ():
                self.value(prop, known, item, pointer, depth + 1)
            return
        if self._artefact(value):
            return
        node_pointer = self.pointer_of(value, pointer)
        classes = self.node(value, pointer, prop, depth + 1)
        if not known:
            return
        if "@id" in value and value.keys() <= {"@id", MARKER} and isinstance(value["@id"], str):
            checker.reference(prop, value["@id"], node_pointer)
        else:
            checker.node(prop, classes, node_pointer)


def _chain(error: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    pending: list[BaseException | None] = [error]
    while pending and len(seen) < 20:
        current = pending.pop()
        if current is None or any(current is s for s in seen):
            continue
        seen.append(current)
        cause = getattr(current, "cause", None)
        pending.extend([current.__cause__, current.__context__, cause if isinstance(cause, BaseException) else None])
    return seen


def _find_string(document: Any, text: str) -> str:
    """The pointer of the first occurrence of the string ``text`` in ``document`` (or the root)."""
    stack: list[tuple[Any, str]] = [(document, "")]
    while stack:
        value, pointer = stack.pop()
        if value == text and isinstance(value, str):
            return pointer
        if isinstance(value, dict):
            stack.extend((item, f"{pointer}/{escape(key)}") for key, item in reversed(list(value.items())))
        elif isinstance(value, list):
            stack.extend((item, f"{pointer}/{index}") for index, item in reversed(list(enumerate(value))))
    return ""


def _expansion_problem(error: BaseException, document: Any) -> Problem:
    from ..jsonld.errors import RemoteDocumentRefused

    chain = _chain(error)
    for link in chain:
        if isinstance(link, RemoteDocumentRefused):
            return Problem(
                "jsonld.context-refused",
                Severity.ERROR,
                f"@context {link.url!r} was not loaded: fmevidence works offline and knows only the "
                "schema.org context (https://schema.org); inline the context instead",
                _find_string(document, link.url),
            )
    if any(isinstance(link, OverflowError) for link in chain):
        return Problem("jsonld.invalid", Severity.ERROR, "a number is too large for JSON-LD (beyond a double)")
    if any(isinstance(link, RecursionError) for link in chain):
        return Problem("jsonld.invalid", Severity.ERROR, "JSON-LD expansion failed: the document nests too deeply")
    code = getattr(error, "code", None)
    details = getattr(error, "details", None)
    message = f"not valid JSON-LD: {code or type(error).__name__}"
    if isinstance(details, dict):
        shown = {k: v for k, v in details.items() if k in ("term", "context", "url", "value", "key")}
        if shown:
            message += " (" + ", ".join(f"{k}: {_brief(v)}" for k, v in sorted(shown.items())) + ")"
    elif not code:
        message += f" ({_brief(str(error))})"
    return Problem("jsonld.invalid", Severity.ERROR, message)


def _brief(value: Any) -> str:
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


_LAYER_HOSTS = re.compile(r"https?://(health-lifesci|pending|bib|auto|meta|attic)\.schema\.org/?\Z")
"""schema.org's own extension hosts, which published the schema.org context under their names
(the official examples still use ``http://health-lifesci.schema.org/``)."""


def _loader(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """The offline loader, also serving schema.org's extension hosts as the schema.org context."""
    from ..jsonld.loader import offline_document_loader

    if _LAYER_HOSTS.match(url):
        response = offline_document_loader("https://schema.org", options)
        response["documentUrl"] = url
        return response
    return offline_document_loader(url, options)


def _expand(document: Any, dropped: list[str | None]) -> Any:
    from pyld import jsonld

    return jsonld.expand(document, {"documentLoader": _loader, "base": None}, on_property_dropped=dropped.append)


def _find_key(document: Any, key: str) -> str:
    """The pointer of the first object key ``key`` outside any ``@context`` (or the root)."""
    stack: list[tuple[Any, str]] = [(document, "")]
    while stack:
        value, pointer = stack.pop()
        if isinstance(value, dict):
            if key in value:
                return f"{pointer}/{escape(key)}"
            stack.extend(
                (item, f"{pointer}/{escape(k)}") for k, item in reversed(list(value.items())) if k != "@context"
            )
        elif isinstance(value, list):
            stack.extend((item, f"{pointer}/{index}") for index, item in reversed(list(enumerate(value))))
    return ""


def expand_and_check(document: Any, checker: Checker) -> list[Problem]:
    """Expand ``document`` offline and run ``checker`` over it.

    Returns expansion problems (``jsonld.*`` errors); vocabulary problems, and the keys that
    expansion dropped because no context maps them, land in ``checker``.
    Raises :class:`TooDeep` when the document nests deeper than ``MAX_DEPTH``.
    """
    if not isinstance(document, (dict, list)):
        kind = "null" if document is None else type(document).__name__
        return [Problem("jsonld.invalid", Severity.ERROR, f"expected a JSON-LD object or array, found {kind}")]
    marked = _mark(document, "", 1, None)
    dropped: list[str | None] = []
    try:
        expanded = _expand(marked, dropped)
    except Exception:  # a marker may be what broke it: try the document as written
        dropped = []
        try:
            expanded = _expand(copy.deepcopy(document), dropped)
        except RecursionError as error:
            return [_expansion_problem(error, document)]
        except Exception as error:
            return [_expansion_problem(error, document)]
    for key in dict.fromkeys(k for k in dropped if isinstance(k, str) and k):
        checker.dropped_term(key, _find_key(document, key))
    walker = _ExpandedWalker(checker, document)
    for node in expanded if isinstance(expanded, list) else [expanded]:
        if isinstance(node, dict) and not walker._artefact(node):
            walker.node(node, "", None, 1)
    return []

"""Microdata and RDFa in HTML pages, turned into JSON-LD items the vocabulary check can read.

A page may carry its structured data as microdata (``itemscope``/``itemprop``) or RDFa
(``vocab``/``typeof``/``property``) instead of JSON-LD scripts. Parsing either correctly is
a job of its own (nested items, ``itemref``, prefixes, the RDFa initial context), so it is
left to extruct -- the extractor Scrapinghub/Zyte maintain for exactly this, built on lxml,
pyRdfa and w3lib -- an optional dependency (``pip install fmevidence[microdata]``).

Each top-level schema.org item becomes one JSON-LD document with ``"@context":
"https://schema.org"``, placed at the line of its element, so the same profile and vocabulary
checks run on it as on a JSON-LD script; a problem's JSON pointer then reads as an item path
(``/author/name``). A page whose markup cannot be read, or cannot be read because extruct is
not installed, gets an error saying so: its structured data was not checked.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import attrs

from ..pointers import escape
from .report import Problem, Severity
from .vocabulary import local_name

__all__ = ["MarkupItem", "markup_items"]

SCHEMA_CONTEXT = "https://schema.org"
_RDFA_SKIP = frozenset({"http://www.w3.org/ns/rdfa#usesVocabulary"})
_MAX_DEPTH = 100


@attrs.frozen
class MarkupItem:
    """One microdata or RDFa item as a JSON-LD document, or the problem that stopped reading."""

    line: int | None
    document: Any = None
    problem: Problem | None = None
    #: Where nested items are: (JSON pointer of the item in ``document``, line of its element).
    lines: tuple[tuple[str, int], ...] = ()


def _problem(rule: str, severity: Severity, message: str, file: str, line: int | None) -> MarkupItem:
    return MarkupItem(line, problem=Problem(rule, severity, message, file=file, line=line))


def markup_items(file: str, html: str, found: dict[str, int]) -> list[MarkupItem]:
    """The schema.org items of the syntaxes ``found`` on the page (syntax -> first line seen).

    Never raises: a page extruct cannot read, or extruct missing, is a problem item.
    """
    first = min(found.values())
    syntaxes = " and ".join(sorted(found))
    try:
        from extruct.utils import parse_xmldom_html
    except ImportError:
        return [
            _problem(
                "html.markup-unchecked",
                Severity.ERROR,
                f"the page has {syntaxes} structured data (line {first}), which was NOT checked: reading it "
                "needs the optional extruct library (pip install 'fmevidence[microdata]')",
                file,
                first,
            )
        ]
    items: list[MarkupItem] = []
    try:
        tree = _parse(parse_xmldom_html, html)
        if tree is not None and "microdata" in found:
            items.extend(_microdata(file, tree))
        if tree is not None and "RDFa" in found:
            items.extend(_rdfa(file, tree))
    except Exception as error:  # lxml, pyRdfa or rdflib failing on odd markup
        return [
            _problem(
                "html.markup-unreadable",
                Severity.ERROR,
                f"the page's {syntaxes} (line {first}) could not be read, so it was not checked "
                f"({type(error).__name__}: {_brief(str(error))})",
                file,
                first,
            )
        ]
    if not items:
        items.append(
            _problem(
                "html.markup-empty",
                Severity.WARNING,
                f"the page has {syntaxes} attributes (line {first}) but no schema.org item could be read from them",
                file,
                first,
            )
        )
    items.sort(key=lambda item: item.line or 0)
    return items


def _parse(parse: Any, html: str) -> Any:
    """The page as extruct's DOM, or ``None`` when lxml finds no element at all (a page whose
    attributes sit inside an unclosed comment): then there is no item, which is not a failure."""
    try:
        return parse(html, encoding="UTF-8")
    except Exception as error:
        if "document is empty" in str(error).lower():
            return None
        raise


def _brief(text: str) -> str:
    return text if len(text) <= 120 else text[:117] + "..."


# -- microdata --------------------------------------------------------------------------------


def _microdata(file: str, tree: Any) -> Iterator[MarkupItem]:
    from extruct.w3cmicrodata import LxmlMicrodataExtractor

    for item in LxmlMicrodataExtractor(add_html_node=True).extract_items(tree, None):
        line = _line(item.get("htmlNode"))
        types = _list(item.get("type"))
        if not types:
            yield _problem(
                "html.untyped-item",
                Severity.WARNING,
                "a microdata item has no itemtype, so consumers cannot tell what it describes; "
                'expected itemtype="https://schema.org/..."',
                file,
                line,
            )
        elif all(local_name(t) is None for t in types):
            yield _problem(
                "vocab.not-schema-org",
                Severity.WARNING,
                f"microdata item of type {types[0]!r} is not schema.org, so it is not checked",
                file,
                line,
            )
        else:
            lines: list[tuple[str, int]] = []
            node = _microdata_node(item, 1, "", lines)
            yield MarkupItem(line, document={"@context": SCHEMA_CONTEXT, **node}, lines=tuple(lines))


_URL_ATTRIBUTES = {
    "a": "href",
    "area": "href",
    "link": "href",
    "object": "data",
    **{tag: "src" for tag in ("audio", "embed", "iframe", "img", "source", "track", "video")},
}
"""Elements whose microdata value is a URL, and the attribute it comes from (WHATWG HTML,
"Microdata: values")."""
_SAME_DOCUMENT = "#"
"""An empty ``href``/``src`` resolves to the page itself: a same-document reference."""


def _url_properties(element: Any) -> dict[str, bool]:
    """The item's properties written on URL elements (not inside a nested item).

    Their values are IRIs in microdata's RDF meaning (a link to the thing), not text, so they
    become ``{"@id": ...}`` references. The flag says the URL attribute is present but empty
    (the page itself), as opposed to absent (no value at all: an ``<img>`` without ``src``).
    """
    names: dict[str, bool] = {}
    if element is None:
        return names
    stack = [child for child in element if isinstance(child.tag, str)]
    while stack:
        current = stack.pop()
        prop = current.get("itemprop")
        attribute = _URL_ATTRIBUTES.get(current.tag)
        if prop and attribute and current.get("itemscope") is None:
            value = current.get(attribute)
            for name in prop.split():
                names[name] = names.get(name, False) or (value is not None and not value.strip())
        if current.get("itemscope") is None:
            stack.extend(child for child in current if isinstance(child.tag, str))
    return names


def _link(value: str, empty_is_page: bool) -> Any:
    """A URL element's value as a reference (the empty string as the page when the attribute is there)."""
    if value.strip():
        return {"@id": value}
    return {"@id": _SAME_DOCUMENT} if empty_is_page else value


def _microdata_node(item: dict[str, Any], depth: int, pointer: str, lines: list[tuple[str, int]]) -> dict[str, Any]:
    """The JSON-LD node of a microdata item; ``lines`` collects its nested items' lines."""
    node: dict[str, Any] = {}
    line = _line(item.get("htmlNode"))
    if pointer and line is not None:
        lines.append((pointer, line))
    links = _url_properties(item.get("htmlNode"))
    types = [local_name(t) or t for t in _list(item.get("type"))]
    if types:
        node["@type"] = types[0] if len(types) == 1 else types
    if isinstance(item.get("id"), str):
        node["@id"] = item["id"]
    for name, value in (item.get("properties") or {}).items():
        key = local_name(name) or name
        items = _list(value)
        values = [
            _microdata_node(v, depth + 1, _child(pointer, key, index, len(items)), lines)
            if isinstance(v, dict) and depth < _MAX_DEPTH
            else _link(v, links[name])
            if name in links and isinstance(v, str)
            else v
            for index, v in enumerate(items)
        ]
        node[key] = values[0] if len(values) == 1 else values
    return node


# -- RDFa -------------------------------------------------------------------------------------


def _rdfa(file: str, tree: Any) -> Iterator[MarkupItem]:
    from extruct.rdfa import RDFaExtractor

    nodes = [n for n in RDFaExtractor().extract_items(tree, base_url=None) if isinstance(n, dict)]
    by_id = {n["@id"]: n for n in nodes if isinstance(n.get("@id"), str)}
    referenced = {
        value["@id"]
        for node in nodes
        for key, values in node.items()
        if not key.startswith("@")
        for value in _list(values)
        if isinstance(value, dict) and isinstance(value.get("@id"), str)
    }
    schema_nodes = [n for n in nodes if _is_schema_node(n)]
    roots = [n for n in schema_nodes if n.get("@id") not in referenced] or schema_nodes[:1]
    elements = [(element, element.get("typeof")) for element in tree.iter() if element.get("typeof") is not None]
    used: set[int] = set()
    for root in roots:
        line = _rdfa_line(root, elements, used)
        lines: list[tuple[str, int]] = []
        node = _rdfa_node(root, by_id, set(), 1, "", (elements, used, lines))
        yield MarkupItem(line, document={"@context": SCHEMA_CONTEXT, **node}, lines=tuple(lines))


def _is_schema_node(node: dict[str, Any]) -> bool:
    return any(local_name(t) is not None for t in _list(node.get("@type"))) or any(
        local_name(key) is not None for key in node if not key.startswith("@")
    )


_Places = tuple[list[tuple[Any, str]], set[int], list[tuple[str, int]]]
"""The page's typed elements, those already matched to a node, and the nested lines found."""


def _rdfa_node(
    node: dict[str, Any], by_id: dict[str, Any], seen: set[str], depth: int, pointer: str, places: _Places
) -> dict[str, Any]:
    """The JSON-LD node of an RDFa node, nested nodes embedded (each once along a path)."""
    out: dict[str, Any] = {}
    elements, used, lines = places
    if pointer and "@type" in node:
        line = _rdfa_line(node, elements, used)
        if line is not None:
            lines.append((pointer, line))
    identifier = node.get("@id")
    if isinstance(identifier, str):
        seen = seen | {identifier}
        if not identifier.startswith("_:") and identifier:
            out["@id"] = identifier
    types = [local_name(t) or t for t in _list(node.get("@type")) if isinstance(t, str)]
    if types:
        out["@type"] = types[0] if len(types) == 1 else types
    for key, values in node.items():
        if key.startswith("@") or key in _RDFA_SKIP:
            continue
        converted: list[Any] = []
        key_name = local_name(key) or key
        items = [value for value in _list(values) if isinstance(value, dict)]
        for value in items:
            if "@value" in value:
                converted.append(value["@value"])
            elif isinstance(value.get("@id"), str):
                target = value["@id"]
                if not target:  # href="" or resource="": the page itself, not the page's node
                    converted.append({"@id": _SAME_DOCUMENT})
                elif target in by_id and target not in seen and depth < _MAX_DEPTH:
                    inner = _child(pointer, key_name, len(converted), len(items))
                    converted.append(_rdfa_node(by_id[target], by_id, seen, depth + 1, inner, places))
                elif not target.startswith("_:"):
                    converted.append({"@id": target})
        if converted:
            out[key_name] = converted[0] if len(converted) == 1 else converted
    return out


def _rdfa_line(root: dict[str, Any], elements: list[tuple[Any, str]], used: set[int]) -> int | None:
    """The line of the element that made ``root``: the one naming its id, else its type, in order."""
    identifier = root.get("@id")
    if isinstance(identifier, str) and not identifier.startswith("_:"):
        for index, (element, _) in enumerate(elements):
            if index not in used and identifier in (element.get("about"), element.get("resource")):
                used.add(index)
                return _line(element)
    names = {local_name(t) or t for t in _list(root.get("@type")) if isinstance(t, str)}
    for index, (element, typeof) in enumerate(elements):
        written = {token.rsplit("/", 1)[-1].split(":")[-1] for token in typeof.split()}
        if index not in used and not names.isdisjoint(written):
            used.add(index)
            return _line(element)
    return _line(elements[0][0]) if elements else None


def _child(pointer: str, key: str, index: int, count: int) -> str:
    """The JSON pointer of value ``index`` of ``key`` (a single value is not in a list)."""
    escaped = escape(key)
    return f"{pointer}/{escaped}" if count == 1 else f"{pointer}/{escaped}/{index}"


def _line(element: Any) -> int | None:
    line = getattr(element, "sourceline", None)
    return line if isinstance(line, int) else None


def _list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]

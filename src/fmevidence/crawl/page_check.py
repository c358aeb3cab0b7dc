"""One page in, one report out: the pure function every crawl engine maps over pages.

It keeps no state between calls (the compiled checks are cached per process by the runner,
keyed by the options), touches no network and returns plain picklable data.
"""

from __future__ import annotations

import json
from typing import Any

import attrs

from ..pointers import unescape
from ..validation.inputs import Task, documents_of
from ..validation.report import Problem, problem_dict
from ..validation.runner import Options, build_checks, check_document
from ..validation.vocabulary import local_name

__all__ = ["PageReport", "check_page"]

#: Rules whose pointer names an unknown term; the term is counted in the crawl summary.
_UNKNOWN_TERM_RULES = {"vocab.unknown-property": "property", "vocab.unknown-type": "type"}


@attrs.frozen
class PageReport:
    """What one page holds: its structured-data blocks, their types, and their problems."""

    uri: str
    blocks: int
    types: tuple[str, ...]
    problems: tuple[Problem, ...]
    unknown_properties: tuple[str, ...] = ()
    unknown_types: tuple[str, ...] = ()

    @property
    def has_structured_data(self) -> bool:
        return self.blocks > 0

    def to_dict(self) -> dict[str, Any]:
        """One line of the per-page JSON Lines output."""
        return {
            "uri": self.uri,
            "blocks": self.blocks,
            "types": list(self.types),
            "problems": [problem_dict(problem) for problem in self.problems],
            "unknown_properties": list(self.unknown_properties),
            "unknown_types": list(self.unknown_types),
        }


def check_page(data: bytes, uri: str, options: Options | None = None) -> PageReport:
    """Check every structured-data block of one HTML page, exactly as ``fmevidence validate`` does."""
    checks = build_checks(options if options is not None else Options())
    blocks = 0
    types: list[str] = []
    problems: list[Problem] = []
    unknown: dict[str, list[str]] = {"property": [], "type": []}
    for raw in documents_of(Task(file=uri, kind="html", data=data)):
        if raw.problem is not None:
            problems.append(raw.problem)
            continue
        assert raw.data is not None
        blocks += 1
        result = check_document(checks, raw.data, file=raw.file, line=raw.line, text_line=raw.text_line)
        problems.extend(result.problems)
        document = _parsed(raw.data)
        types.extend(_types_in(document))
        for problem in result.problems:
            kind = _UNKNOWN_TERM_RULES.get(problem.rule)
            if kind is not None:
                unknown[kind].append(_term_at(document, problem.pointer))
    return PageReport(
        uri=uri,
        blocks=blocks,
        types=tuple(sorted(set(types))),
        problems=tuple(problems),
        unknown_properties=tuple(unknown["property"]),
        unknown_types=tuple(unknown["type"]),
    )


def _parsed(data: bytes | str) -> Any:
    try:
        return json.loads(data)
    except (ValueError, RecursionError):
        return None


def _types_in(document: Any) -> list[str]:
    """Every ``@type`` in a JSON-LD document, by schema.org local name where it is one."""
    found: list[str] = []
    stack = [document]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            value = node.get("@type")
            for name in value if isinstance(value, list) else [value]:
                if isinstance(name, str):
                    found.append(local_name(name) or name)
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return found


def _term_at(document: Any, pointer: str) -> str:
    """The term a problem's pointer names: the key it ends in, or the string value there."""
    node = document
    key = ""
    for part in pointer.split("/")[1:]:
        key = unescape(part)
        if isinstance(node, dict):
            node = node.get(key)
        elif isinstance(node, list) and key.isdigit() and int(key) < len(node):
            node = node[int(key)]
        else:
            node = None
    if isinstance(node, str) and (key == "@type" or key.isdigit()):
        return node
    return key

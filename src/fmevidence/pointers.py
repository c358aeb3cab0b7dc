"""JSON pointers (RFC 6901): the one place that escapes and joins reference tokens.

Every problem this library reports names its place as a JSON pointer; writing the escape
rule once keeps ``/`` and ``~`` in keys from ever producing a pointer that leads elsewhere.
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["escape", "join", "pointer", "unescape"]


def escape(token: object) -> str:
    """One reference token: ``~`` becomes ``~0`` and ``/`` becomes ``~1``."""
    text = str(token)
    if "~" in text or "/" in text:
        return text.replace("~", "~0").replace("/", "~1")
    return text


def unescape(token: str) -> str:
    """The key a reference token names (the inverse of :func:`escape`)."""
    return token.replace("~1", "/").replace("~0", "~")


def pointer(parts: Iterable[object]) -> str:
    """The pointer of a path of keys and indexes (``['a/b', 0]`` -> ``/a~1b/0``)."""
    return "".join("/" + escape(part) for part in parts)


def join(base: str, *parts: object) -> str:
    """``base`` extended by ``parts``."""
    return base + pointer(parts)

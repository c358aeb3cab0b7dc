"""JSON-LD inside HTML: a ``<script type="application/ld+json">`` element no data can break out of.

The escaping follows Django's ``json_script`` and Rails' ``json_escape``: ``<``, ``>`` and
``&`` become ``\\u003c``, ``\\u003e`` and ``\\u0026``, so no string can close the element
(``</script>``) or open a comment (``<!--``); U+2028 and U+2029 become ``\\u2028`` and
``\\u2029`` for old JavaScript parsers. ``JSON.parse`` of the element's text gives back
exactly the exported document.
"""

from __future__ import annotations

from typing import Any, Final

from .export import dumps

__all__ = ["escape_json_for_html", "script_element"]

_ESCAPES: Final = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026", 0x2028: "\\u2028", 0x2029: "\\u2029"}


def escape_json_for_html(json_text: str) -> str:
    """JSON text made safe to sit inside a script element (still the same JSON value)."""
    return json_text.translate(_ESCAPES)


def script_element(document: dict[str, Any], *, minify: bool = False) -> str:
    """The element for ``document``, with a final newline (``minify``: JSON without whitespace)."""
    body = escape_json_for_html(dumps(document, minify=minify).rstrip("\n"))
    return f'<script type="application/ld+json">\n{body}\n</script>\n'

"""Package resources (data, schemas, contexts), read through importlib.resources.

Reading through ``importlib.resources`` instead of ``__file__`` paths keeps the package
working from a wheel, a zip or an editable install alike.
"""

from __future__ import annotations

import sys
from importlib import resources

if sys.version_info >= (3, 11):
    from importlib.resources.abc import Traversable
else:  # pragma: no cover - Python 3.10
    from importlib.abc import Traversable

__all__ = ["resource", "read_bytes", "read_text"]


def resource(*parts: str) -> Traversable:
    """The packaged file or folder at ``parts`` below the ``fmevidence`` package."""
    node = resources.files("fmevidence")
    for part in parts:
        node = node.joinpath(part)
    return node


def read_bytes(*parts: str) -> bytes:
    """Bytes of a packaged file."""
    data: bytes = resource(*parts).read_bytes()
    return data


def read_text(*parts: str) -> str:
    """UTF-8 text of a packaged file."""
    text: str = resource(*parts).read_text(encoding="utf-8")
    return text

"""Errors raised by the JSON-LD layer; each carries the data a caller needs to act."""

from __future__ import annotations

from ..errors import FmevidenceError

__all__ = ["ExportOptionError", "RemoteDocumentRefused"]


class RemoteDocumentRefused(FmevidenceError, PermissionError):
    """A JSON-LD processor asked for a document that fmevidence will not fetch.

    Only the schema.org context is served, from the copy shipped in the package; every
    other URL (remote, ``file:``, ``data:``) is refused so nothing ever touches the network.
    """

    def __init__(self, url: str) -> None:
        self.url = url
        super().__init__(url)

    def __str__(self) -> str:
        return (
            f"refused to load JSON-LD document {self.url!r}: fmevidence works offline and serves "
            "only the schema.org context (https://schema.org) from its own shipped copy"
        )


class ExportOptionError(FmevidenceError, ValueError):
    """An export option is unusable; ``option`` names it and the message says what was expected."""

    def __init__(self, option: str, message: str) -> None:
        self.option = option
        self.message = message
        super().__init__(f"{option}: {message}")

"""Remote schema URIs a user's schema may ``$ref``, served from local files (``--schema-map``).

Kept apart from :mod:`.registry` so that building run options does not import ``referencing``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

import attrs

from ..errors import FmevidenceError

__all__ = ["SchemaMap", "SchemaMapError"]


class SchemaMapError(FmevidenceError, ValueError):
    """A ``--schema-map`` entry that cannot be used (bad form, missing file or folder)."""


@attrs.frozen
class SchemaMap:
    """Remote schema URIs served from local files: ``URI=FILE`` or ``PREFIX/=FOLDER/``.

    A user's schema may ``$ref`` a remote URI only when it is mapped here; the file is then
    read instead (nothing is fetched). An entry whose URI ends with ``/`` maps every URI
    under it to the same relative path below a folder, as the JSON Schema Test Suite's
    ``remotes/`` folder is served at ``http://localhost:1234/``.
    """

    entries: tuple[tuple[str, str], ...] = ()

    @classmethod
    def parse(cls, texts: Iterable[str]) -> SchemaMap:
        """Entries from ``URI=PATH`` texts; raises :class:`SchemaMapError` naming the bad one."""
        entries = []
        for text in texts:
            uri, sep, path = text.partition("=")
            if not sep or not uri or not path:
                raise SchemaMapError(f"expected URI=PATH, found {text!r}")
            entries.append((uri, path))
        return cls.of(entries)

    @classmethod
    def of(cls, entries: Iterable[tuple[str, str | os.PathLike[str]]]) -> SchemaMap:
        """A map from ``(uri, path)`` pairs; each path must exist (a folder for a ``/`` prefix)."""
        checked = []
        for uri, path in entries:
            local = os.path.abspath(os.fspath(path))
            if uri.endswith("/"):
                if not os.path.isdir(local):
                    raise SchemaMapError(f"{uri} is mapped to {os.fspath(path)}, which is not a folder")
            elif not os.path.isfile(local):
                raise SchemaMapError(f"{uri} is mapped to {os.fspath(path)}, which is not a file")
            checked.append((uri.split("#")[0] if not uri.endswith("/") else uri, local))
        return cls(tuple(checked))

    def local_path(self, uri: str) -> str | None:
        """The file that stands for ``uri`` (fragment ignored), or None when it is not mapped."""
        bare = uri.split("#")[0]
        best: tuple[int, str] | None = None
        for mapped, path in self.entries:
            if mapped.endswith("/"):
                if bare.startswith(mapped) and (best is None or len(mapped) > best[0]):
                    rest = bare[len(mapped) :]
                    target = os.path.normpath(os.path.join(path, *rest.split("/")))
                    if target == path or target.startswith(path + os.sep):  # never climb out of the folder
                        best = (len(mapped), target)
            elif bare == mapped:
                return path
        return best[1] if best is not None else None

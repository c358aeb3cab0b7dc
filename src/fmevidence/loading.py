"""Load a dataset: JSON files -> cattrs -> model -> integrity checks -> EvidenceBase.

A dataset is a folder with a ``dataset.json`` manifest (name, version, last reviewed, and
the list of files) and bundle files, each an object whose keys are record kinds
(``sources``, ``findings``, ...). Either every record loads or nothing does: all problems
are collected and raised together as one :class:`~fmevidence.errors.DatasetError`.
"""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import _resources
from .errors import DataProblem, DatasetError
from .evidence_base import EvidenceBase
from .kinds import KINDS
from .model import DatasetInfo, Record

__all__ = ["MANIFEST", "load"]

MANIFEST = "dataset.json"
_META_KEYS = frozenset({"$schema", "$comment"})


def load(path: str | os.PathLike[str] | None = None) -> EvidenceBase:
    """The shipped evidence base (cached), or the dataset at ``path`` (a folder or one file).

    ``path`` may be a folder holding ``dataset.json``, a ``dataset.json`` manifest, or a
    single bundle file. Raises :class:`~fmevidence.errors.DatasetError` listing every problem.
    """
    if path is None:
        return _load_builtin()
    return _load_path(Path(path))


@functools.cache
def _load_builtin() -> EvidenceBase:
    def read(name: str) -> bytes:
        return _resources.read_bytes("data", name)

    return _load_files("fmevidence/data", read)


def _load_path(path: Path) -> EvidenceBase:
    if path.is_dir():
        return _load_files(str(path), lambda name: (path / name).read_bytes())
    if path.name == MANIFEST:
        folder = path.parent
        return _load_files(str(folder), lambda name: (folder / name).read_bytes())
    info = DatasetInfo(name=path.stem, version="unversioned", last_reviewed="unknown", files=(path.name,))
    return _build(info, [(str(path), _read_bytes(path))])


def _read_bytes(path: Path) -> bytes | DataProblem:
    try:
        return path.read_bytes()
    except OSError as exc:
        return DataProblem(file=str(path), pointer="", message=f"cannot read file: {exc.strerror or exc}")


def _load_files(folder: str, read: Callable[[str], bytes]) -> EvidenceBase:
    manifest_name = f"{folder}/{MANIFEST}"
    try:
        manifest_bytes = read(MANIFEST)
    except OSError as exc:
        raise DatasetError([DataProblem(manifest_name, "", f"cannot read manifest: {exc.strerror or exc}")]) from None
    manifest = _parse(manifest_name, manifest_bytes)
    if isinstance(manifest, DataProblem):
        raise DatasetError([manifest])
    info = _structure_info(manifest_name, manifest)
    contents: list[tuple[str, bytes | DataProblem]] = []
    for name in info.files:
        label = f"{folder}/{name}"
        try:
            contents.append((label, read(name)))
        except OSError as exc:
            contents.append((label, DataProblem(label, "", f"cannot read file listed in the manifest: {exc.strerror or exc}")))
    return _build(info, contents, manifest_name)


def _structure_info(file: str, manifest: Any) -> DatasetInfo:
    from .fast_structure import Invalid, structure

    if isinstance(manifest, dict):
        manifest = {key: value for key, value in manifest.items() if key not in _META_KEYS}
    try:
        info: DatasetInfo = structure(manifest, DatasetInfo)
    except (Invalid, ValueError):
        raise DatasetError(_explain(file, "", manifest, DatasetInfo)) from None
    if not info.files:
        raise DatasetError([DataProblem(file, "/files", "the manifest lists no data files")])
    return info


def _build(
    info: DatasetInfo, contents: list[tuple[str, bytes | DataProblem]], manifest: str = MANIFEST
) -> EvidenceBase:
    from .integrity import Placed, check

    problems: list[DataProblem] = []
    placed: list[Placed] = []
    for file, raw in contents:
        if isinstance(raw, DataProblem):
            problems.append(raw)
            continue
        data = _parse(file, raw)
        if isinstance(data, DataProblem):
            problems.append(data)
            continue
        placed.extend(_structure_file(file, data, problems))
    problems.extend(check(placed))
    if info.condition is not None and not any(
        item.record.id == info.condition and type(item.record).__name__ == "Condition" for item in placed
    ):
        problems.append(DataProblem(manifest, "/condition",
                                    f"primary condition {info.condition!r} is not a condition in the dataset's files"))
    if problems:
        raise DatasetError(problems)
    return EvidenceBase(info, tuple(item.record for item in placed))


def _parse(file: str, raw: bytes) -> Any:
    try:
        return json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        return DataProblem(file, "", f"not UTF-8 text (byte {exc.start}); expected UTF-8 JSON")
    except json.JSONDecodeError as exc:
        return DataProblem(file, "", f"invalid JSON: {exc.msg}", line=exc.lineno, column=exc.colno)


def _structure_file(file: str, data: Any, problems: list[DataProblem]) -> list[Any]:
    from .fast_structure import Invalid, structure
    from .integrity import Placed

    if not isinstance(data, dict):
        problems.append(DataProblem(file, "", f"expected an object with record kinds as keys, found {_json_type(data)}"))
        return []
    placed: list[Placed] = []
    for kind, items in data.items():
        if kind in _META_KEYS:
            continue
        cls = KINDS.get(kind)
        if cls is None:
            expected = ", ".join(KINDS)
            problems.append(DataProblem(file, f"/{_escape(kind)}", f"unknown record kind {kind!r}; expected one of: {expected}"))
            continue
        if not isinstance(items, list):
            problems.append(DataProblem(file, f"/{kind}", f"expected a list of {kind}, found {_json_type(items)}"))
            continue
        for index, item in enumerate(items):
            pointer = f"/{kind}/{index}"
            try:
                record: Record = structure(item, cls)
            except (Invalid, ValueError):
                problems.extend(_explain(file, pointer, item, cls))
                continue
            placed.append(Placed(record, file, pointer))
    return placed


def _explain(file: str, pointer: str, item: Any, cls: type[Any]) -> list[DataProblem]:
    """Every problem of a record that failed to structure (unknown keys first, then the rest)."""
    import attrs

    from .converter import converter, describe_errors

    if not isinstance(item, dict):
        return [DataProblem(file, pointer, f"expected an object ({cls.__name__}), found {_json_type(item)}")]
    record_id = item.get("id") if isinstance(item.get("id"), str) else None
    known = {field.name for field in attrs.fields(cls)}
    problems = [
        DataProblem(file, f"{pointer}/{_escape(key)}", f"unknown field {key!r}; known fields: {', '.join(sorted(known))}",
                    record_id=record_id)
        for key in item
        if key not in known
    ]
    try:
        converter().structure({key: value for key, value in item.items() if key in known}, cls)
    except Exception as exc:
        problems.extend(describe_errors(exc, file, pointer, record_id))
    return problems


def _json_type(value: Any) -> str:
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, bool):
        return "a boolean"
    if value is None:
        return "null"
    return "a number"


def _escape(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")

"""Load a dataset: JSON files -> cattrs -> model -> integrity checks -> EvidenceBase.

A dataset is a folder with a ``dataset.json`` manifest (name, version, last reviewed, and
the list of files) and bundle files, each an object whose keys are record kinds
(``sources``, ``findings``, ...). Either every record loads or nothing does: all problems
are collected and raised together as one :class:`~fmevidence.errors.DatasetError`.
:func:`inspect` runs the same steps and returns the problems instead (``fmevidence check``).

Input is treated as hostile: files are read through :mod:`fmevidence.jsonread` (regular
files only, size-capped, strict JSON), the manifest is checked against its published
schema (:mod:`fmevidence.manifest`), and files it names must lie inside the dataset folder.
"""

from __future__ import annotations

import difflib
import functools
import os
import re
from pathlib import Path
from typing import Any

import attrs

from . import _resources
from .errors import DataProblem, DatasetError
from .evidence_base import EvidenceBase
from .jsonread import Parsed, locate, parse, read_file
from .kinds import KINDS, normalise_kind
from .manifest import manifest_problems
from .model import DatasetInfo, Record
from .pointers import escape

__all__ = ["MANIFEST", "Inspection", "inspect", "load"]

MANIFEST = "dataset.json"
_META_KEYS = frozenset({"$schema", "$comment"})


@attrs.frozen
class Inspection:
    """What loading a dataset found: the records that loaded and every problem and note."""

    info: DatasetInfo | None
    records: tuple[Record, ...]
    problems: tuple[DataProblem, ...]

    @property
    def errors(self) -> tuple[DataProblem, ...]:
        """Problems that stop a load (everything except notes)."""
        return tuple(problem for problem in self.problems if problem.level != "note")

    @property
    def notes(self) -> tuple[DataProblem, ...]:
        """Things fixed while loading (e.g. a DOI lower-cased); they never stop a load."""
        return tuple(problem for problem in self.problems if problem.level == "note")


def load(path: str | os.PathLike[str] | None = None) -> EvidenceBase:
    """The shipped evidence base (cached), or the dataset at ``path`` (a folder or one file).

    ``path`` may be a folder holding ``dataset.json``, a ``dataset.json`` manifest, or a
    single bundle file. Raises :class:`~fmevidence.errors.DatasetError` listing every problem.
    """
    if path is None:
        return _load_builtin()
    found = inspect(path)
    if found.errors or found.info is None:
        raise DatasetError(found.errors)
    return EvidenceBase(found.info, found.records)


@functools.cache
def _load_builtin() -> EvidenceBase:
    def read(name: str) -> bytes:
        return _resources.read_bytes("data", name)

    manifest = parse(f"fmevidence/data/{MANIFEST}", read(MANIFEST))
    info = _structure_info(manifest.document)
    assert info is not None, "the shipped manifest is valid (tests/test_loading.py)"
    files: list[tuple[str, Parsed | DataProblem]] = [
        (f"fmevidence/data/{name}", parse(f"fmevidence/data/{name}", read(name))) for name in info.files
    ]
    found = _build(info, files, f"fmevidence/data/{MANIFEST}")
    if found.errors:
        raise DatasetError(found.errors)
    return EvidenceBase(info, found.records)


def inspect(path: str | os.PathLike[str]) -> Inspection:
    """Every problem of the dataset at ``path`` (folder, manifest or one file), never raising for bad data."""
    target = Path(path)
    if target.is_dir() and not (target / MANIFEST).exists():
        message = f"no {MANIFEST} manifest in this folder; expected a dataset folder (create one with `fmevidence init`)"
        return Inspection(None, (), (DataProblem(str(target), "", message, level="unreadable"),))
    if target.is_dir() or target.name == MANIFEST:
        return _inspect_folder(target if target.is_dir() else target.parent)
    label = str(target)
    raw = read_file(target, label)
    parsed = raw if isinstance(raw, DataProblem) else parse(label, raw)
    info = DatasetInfo(name=target.stem, version="unversioned", last_reviewed="unknown", files=(target.name,))
    return _build(info, [(label, parsed)])


def _inspect_folder(folder: Path) -> Inspection:
    manifest_label = str(folder / MANIFEST)
    raw = read_file(folder / MANIFEST, manifest_label)
    manifest = raw if isinstance(raw, DataProblem) else parse(manifest_label, raw)
    if isinstance(manifest, DataProblem):
        return Inspection(None, (), (manifest,))
    problems = list(manifest.problems)
    if manifest.document is None:
        return Inspection(None, (), tuple(problems))
    if not problems:
        problems.extend(manifest_problems(manifest_label, manifest.document))
    info = _structure_info(manifest.document) if not problems else None
    names = _file_names(manifest.document)
    files: list[tuple[str, Parsed | DataProblem]] = []
    root = folder.resolve()
    seen: set[Path] = set()
    for index, name in enumerate(names):
        label = str(folder / name)
        outside = _outside(root, name)
        if outside:
            problems.append(DataProblem(manifest_label, f"/files/{index}", outside, level="unreadable"))
            continue
        if (root / name).resolve() in seen:
            problems.append(DataProblem(manifest_label, f"/files/{index}", f"file {name!r} is listed twice; list each file once"))
            continue
        seen.add((root / name).resolve())
        raw_file = read_file(folder / name, label)
        files.append((label, raw_file if isinstance(raw_file, DataProblem) else parse(label, raw_file)))
    _add_places(problems, {manifest_label: manifest.text})
    found = _build(info or DatasetInfo(name="", version="", last_reviewed=""), files, manifest_label)
    return Inspection(info, found.records, (*problems, *found.problems))


def _outside(root: Path, name: str) -> str | None:
    """Why ``name`` may not be read (absolute, or resolving outside the dataset folder), else None."""
    if os.path.isabs(name) or name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:[/\\]", name):
        return f"file {name!r} is an absolute path; expected a path inside the dataset folder {root}"
    resolved = (root / name).resolve()
    if resolved != root and root not in resolved.parents:
        return f"file {name!r} lies outside the dataset folder {root}; expected a path inside it"
    return None


def _file_names(manifest: Any) -> list[str]:
    if not isinstance(manifest, dict) or not isinstance(manifest.get("files"), list):
        return []
    return [name for name in manifest["files"] if isinstance(name, str) and name]


def _structure_info(manifest: Any) -> DatasetInfo | None:
    from .fast_structure import Invalid, structure

    if not isinstance(manifest, dict):
        return None
    manifest = {key: value for key, value in manifest.items() if key not in _META_KEYS}
    try:
        info: DatasetInfo = structure(manifest, DatasetInfo)
    except (Invalid, ValueError):
        return None
    return info if info.files else None


def _build(
    info: DatasetInfo, files: list[tuple[str, Parsed | DataProblem]], manifest: str = MANIFEST
) -> Inspection:
    from .integrity import Placed, check

    problems: list[DataProblem] = []
    placed: list[Placed] = []
    rejected: dict[str, str] = {}
    unreadable: list[str] = []
    texts: dict[str, str] = {}
    for file, parsed in files:
        if isinstance(parsed, DataProblem):
            problems.append(parsed)
            unreadable.append(file)
            continue
        problems.extend(parsed.problems)
        texts[file] = parsed.text
        if parsed.document is None:
            unreadable.append(file)
            continue
        placed.extend(_structure_file(file, parsed.document, parsed.bad_pointers(), problems, rejected))
    integrity, records = check(placed, rejected=rejected, unreadable=tuple(unreadable))
    problems.extend(integrity)
    if info.condition is not None and not unreadable and not any(
        item.record.id == info.condition and type(item.record).__name__ == "Condition" for item in placed
    ):
        where = "exists but was rejected" if info.condition in rejected else "is not a condition in the dataset's files"
        problems.append(DataProblem(manifest, "/condition", f"primary condition {info.condition!r} {where}"))
    _add_places(problems, texts)
    return Inspection(info, records, tuple(problems))


def _add_places(problems: list[DataProblem], texts: dict[str, str]) -> None:
    """Give every problem without a line the line and column of its pointer (in place)."""
    wanted: dict[str, set[str]] = {}
    for problem in problems:
        if problem.line is None and problem.file in texts and texts[problem.file]:
            wanted.setdefault(problem.file, set()).add(problem.pointer)
    places = {file: locate(texts[file], pointers) for file, pointers in wanted.items()}
    for index, problem in enumerate(problems):
        place = places.get(problem.file, {}).get(problem.pointer)
        if place is not None and problem.line is None:
            problems[index] = attrs.evolve(problem, line=place[0], column=place[1])


def _structure_file(
    file: str, data: Any, bad: list[str], problems: list[DataProblem], rejected: dict[str, str]
) -> list[Any]:
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
            alias = normalise_kind(kind)
            hint = f"; did you mean {alias!r}?" if alias else _did_you_mean(kind, list(KINDS))
            problems.append(
                DataProblem(file, f"/{escape(kind)}", f"unknown record kind {kind!r}{hint}; expected one of: {', '.join(KINDS)}")
            )
            continue
        if not isinstance(items, list):
            problems.append(DataProblem(file, f"/{escape(kind)}", f"expected a list of {kind}, found {_json_type(items)}"))
            continue
        for index, item in enumerate(items):
            pointer = f"/{escape(kind)}/{index}"
            record_id = item.get("id") if isinstance(item, dict) and isinstance(item.get("id"), str) else None
            if any(b == pointer or b.startswith(pointer + "/") for b in bad):
                # Already reported by the JSON reader (NaN, a huge number, a duplicate key...).
                if record_id is not None:
                    rejected.setdefault(record_id, f"{file} {pointer}")
                continue
            try:
                record: Record = structure(item, cls)
            except (Invalid, ValueError):
                explained = _explain(file, pointer, item, cls)
                if not explained:
                    # The fast path refused what cattrs accepts: trust the full converter rather
                    # than drop the record without a word (tests/test_mutants.py).
                    from .converter import converter

                    placed.append(Placed(converter().structure(item, cls), file, pointer))
                    continue
                problems.extend(explained)
                if record_id is not None:
                    rejected.setdefault(record_id, f"{file} {pointer}")
                continue
            placed.append(Placed(record, file, pointer))
    return placed


def _explain(file: str, pointer: str, item: Any, cls: type[Any]) -> list[DataProblem]:
    """Every problem of a record that failed to structure (unknown keys first, then the rest)."""
    import attrs as attrs_

    from .converter import converter, describe_errors

    if not isinstance(item, dict):
        return [DataProblem(file, pointer, f"expected an object ({cls.__name__}), found {_json_type(item)}")]
    record_id = item.get("id") if isinstance(item.get("id"), str) else None
    known = sorted(field.name for field in attrs_.fields(cls))
    problems = [
        DataProblem(
            file, f"{pointer}/{escape(key)}",
            f"unknown field {key!r}{_did_you_mean(key, known)}; known fields: {', '.join(known)}",
            record_id=record_id,
        )
        for key in item
        if key not in known
    ]
    try:
        converter().structure({key: value for key, value in item.items() if key in known}, cls)
    except Exception as exc:
        problems.extend(describe_errors(exc, file, pointer, record_id))
    return problems


def _did_you_mean(word: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


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

"""Write a skeleton dataset that passes ``fmevidence check``: the quickest correct start.

The skeleton holds one placeholder of each record a first finding needs (a source, a
condition, a finding), all marked ``unverified``, so it loads and shows the format by example
without pretending to be evidence. Files are written to a temporary folder and moved into
place, so an interrupted run never leaves a half-written dataset.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from .errors import UsageError

__all__ = ["init_dataset"]

_DATA_FILE = "records.json"


def _manifest(name: str) -> dict[str, Any]:
    return {
        "name": name,
        "version": "0.1.0",
        "last_reviewed": "2026-01-01",
        "description": "Replace with what this dataset covers.",
        "license": "CC-BY-4.0",
        "condition": "my-condition",
        "files": [_DATA_FILE],
    }


_RECORDS: dict[str, Any] = {
    "$comment": "Placeholders: replace each with a real, checked record. See docs/authoring.md.",
    "sources": [
        {
            "id": "first-source",
            "kind": "web_page",
            "title": "Replace with the title of the source you read",
            "publisher": "Replace with the publisher",
            "url": "https://example.org/replace-me",
            "verification": "unverified",
        }
    ],
    "conditions": [
        {
            "id": "my-condition",
            "name": "Replace with the condition's name",
            "sources": ["first-source"],
        }
    ],
    "findings": [
        {
            "id": "first-finding",
            "statement": "Replace with one claim the source makes, in your own words.",
            "about": ["my-condition"],
            "direction": "supports",
            "origin": "expert_opinion",
            "sources": ["first-source"],
            "verification": "unverified",
        }
    ],
}


def init_dataset(folder: str | os.PathLike[str]) -> list[Path]:
    """Create ``folder`` holding a skeleton dataset; returns the files written.

    Raises :class:`~fmevidence.errors.UsageError` if ``folder`` exists and is not empty.
    """
    target = Path(folder)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise UsageError(f"{target} already exists and is not an empty folder; expected a new or empty folder")
    parent = target.resolve().parent
    if not parent.is_dir():
        raise UsageError(f"{parent} does not exist; create it first")
    name = target.resolve().name or "dataset"
    staging = Path(tempfile.mkdtemp(prefix=".fmevidence-init-", dir=parent))
    try:
        for file, content in (("dataset.json", _manifest(name)), (_DATA_FILE, _RECORDS)):
            (staging / file).write_text(json.dumps(content, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        if target.exists():
            target.rmdir()
        staging.rename(target)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise UsageError(f"cannot create {target}: {exc.strerror or exc}") from None
    return [target / "dataset.json", target / _DATA_FILE]

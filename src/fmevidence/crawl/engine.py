"""The Dask integration: WARC files in, per-page JSON Lines and a crawl summary out.

Why Dask: it runs the same task graph on one machine (a process pool, nothing to install
beyond pip) and on a distributed cluster (``dask.distributed``, Kubernetes, YARN, HPC
schedulers), and reads any filesystem fsspec knows (local, S3 - where Common Crawl lives -,
GCS, HDFS) without a JVM. The library itself never opens a connection: to use a cluster,
*you* create a ``dask.distributed.Client``; Dask then sends this graph to it.

Work is cut into splits of whole WARC records (a quick pass over each file's record headers,
itself run as tasks), so one big crawl file is checked by many workers at once.
"""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any

import attrs

from ..validation.inputs import DEFAULT_MAX_BYTES
from ..validation.report import Problem, Severity, problem_dict
from ..validation.runner import Options
from ..validation.warc import WarcSplit, read_pages, splits
from .page_check import check_page
from .report_html import render_summary_html
from .summary import CrawlSummary

__all__ = ["CrawlResult", "run"]

#: Records per unit of work when a file is cut into splits: enough to amortise a task's cost.
DEFAULT_RECORDS_PER_TASK = 1000


@attrs.frozen
class CrawlResult:
    """A finished crawl run: the summary and where its files were written."""

    summary: CrawlSummary
    pages_dir: str
    summary_json: str
    summary_html: str

    @property
    def exit_code(self) -> int:
        """2 when a crawl file could not be read at all, 1 when errors were found, else 0."""
        if self.summary.input_problems.get("input.unreadable"):
            return 2
        return 1 if sum(self.summary.errors.values()) else 0


def run(
    paths: Sequence[str],
    out_dir: str,
    *,
    options: Options | None = None,
    workers: int | None = None,
    records_per_task: int | None = DEFAULT_RECORDS_PER_TASK,
    scheduler: str | None = None,
) -> CrawlResult:
    """Validate every HTML page of the WARC files at ``paths``; write results under ``out_dir``.

    ``workers`` runs a local process pool of that size (1 runs in this process); leave it
    ``None`` to use Dask's configured scheduler, e.g. the cluster of an active
    ``dask.distributed.Client``. ``records_per_task=None`` checks each file as one task (no
    header pass: the better choice for thousands of files). ``out_dir`` receives
    ``pages/part-N.jsonl`` (one line per page), ``summary.json`` and ``summary.html``.
    """
    import dask

    from ..validation.runner import build_checks

    options = options if options is not None else Options()
    build_checks(options)  # compiled here once; forked workers inherit the compiled checks
    with _scheduler(workers, scheduler) as config, dask.config.set(config):
        split_lists = dask.compute(*[dask.delayed(_splits_of)(path, records_per_task) for path in paths])
        work = [item for items in split_lists for item in items]
        staging = _staging_dir(out_dir)
        # One task per split checks its pages, writes its part file and returns its summary:
        # every page is read and checked exactly once.
        tasks = [dask.delayed(_check_split)(index, item, options, staging) for index, item in enumerate(work)]
        try:
            parts = dask.compute(*tasks)
        except BaseException:
            if _is_local(out_dir):
                shutil.rmtree(staging, ignore_errors=True)  # nothing half-written is left behind
            raise
    result_summary = _merge_all(parts)
    pages_dir = _publish(staging, os.path.join(out_dir, "pages"))
    summary_json = _write_text(
        os.path.join(out_dir, "summary.json"),
        json.dumps(result_summary.to_dict(), indent=2, ensure_ascii=False) + "\n",
    )
    summary_html = _write_text(os.path.join(out_dir, "summary.html"), render_summary_html(result_summary))
    return CrawlResult(result_summary, pages_dir, summary_json, summary_html)


@contextlib.contextmanager
def _scheduler(workers: int | None, scheduler: str | None) -> Iterator[dict[str, Any]]:
    """Dask settings for this run; a local pool is made once for both passes and forked
    (on Linux), so workers start with the checks already compiled instead of rebuilding them."""
    if scheduler is not None:
        yield {"scheduler": scheduler}
    elif workers is None:
        yield {}
    elif workers == 1:
        yield {"scheduler": "sync"}
    else:
        method = "fork" if sys.platform.startswith("linux") else "spawn"
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(method)) as pool:
            yield {"scheduler": "processes", "pool": pool}


@attrs.frozen
class _Work:
    """One split to check, or the reason a file could not be opened."""

    split: WarcSplit
    error: str | None = None


def _splits_of(path: str, records_per_task: int | None) -> list[_Work]:
    import fsspec

    try:
        if records_per_task is None:
            with fsspec.open(path, "rb") as handle:
                handle.read(1)  # fail here, not in a worker, when the file cannot be opened
            return [_Work(WarcSplit(path))]
        with fsspec.open(path, "rb") as handle:
            return [_Work(split) for split in splits(handle, path, records_per_task)]
    except OSError as exc:
        return [_Work(WarcSplit(path), error=f"cannot read {path}: {exc.strerror or exc}")]


def _check_split(index: int, item: _Work, options: Options, staging: str) -> CrawlSummary:
    """Check one split: write its rows to ``part-NNNNN.jsonl`` and return their summary."""
    import fsspec

    summary = CrawlSummary()
    with fsspec.open(f"{staging}/part-{index:05d}.jsonl", "w", encoding="utf-8") as part:
        for row in _rows_of(item, options):
            part.write(_json_line(row) + "\n")
            summary.add(row)
    return summary


def _rows_of(item: _Work, options: Options) -> Iterator[dict[str, Any]]:
    import fsspec

    split = item.split
    if item.error is not None:
        problem = Problem("input.unreadable", Severity.ERROR, item.error, file=split.path)
        yield _file_row(split.path, problem)
        return
    max_bytes = options.max_bytes or DEFAULT_MAX_BYTES
    with fsspec.open(split.path, "rb") as handle:
        handle.seek(split.offset)
        for page in read_pages(handle, split.path, max_bytes=max_bytes, count=split.count):
            if page.skipped is not None:
                yield {"page": False, "uri": page.uri, "file": split.path, "skipped": page.skipped, "problems": []}
            elif page.problem is not None:
                yield _file_row(page.uri, page.problem)
            else:
                assert page.data is not None
                yield {"page": True, **check_page(page.data, page.uri, options).to_dict()}


def _file_row(name: str, problem: Problem) -> dict[str, Any]:
    return {"page": False, "uri": name, "problems": [problem_dict(problem)]}


def _json_line(row: dict[str, Any]) -> str:
    return json.dumps(row, ensure_ascii=False, sort_keys=True)


def _merge_all(parts: Sequence[CrawlSummary]) -> CrawlSummary:
    total = CrawlSummary()
    for part in parts:
        total = total.merge(part)
    return total


def _is_local(path: str) -> bool:
    return "://" not in path or path.startswith("file://")


def _staging_dir(out_dir: str) -> str:
    """Where the page files are written before they replace ``out_dir/pages`` in one step."""
    if not _is_local(out_dir):
        return os.path.join(out_dir, "pages")  # object stores have no atomic rename
    os.makedirs(out_dir, exist_ok=True)
    staging = tempfile.mkdtemp(prefix=".pages-", dir=out_dir)
    os.chmod(staging, 0o777 & ~_umask())
    return staging


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _publish(staging: str, final: str) -> str:
    if staging == final:
        return final
    if os.path.isdir(final):
        shutil.rmtree(final)
    os.replace(staging, final)
    return final


def _write_text(path: str, text: str) -> str:
    """Write ``text`` whole: a local file appears only when complete."""
    if _is_local(path):
        folder = os.path.dirname(path) or "."
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=folder, delete=False, suffix=".tmp") as handle:
            handle.write(text)
        os.chmod(handle.name, 0o666 & ~_umask())
        os.replace(handle.name, path)
        return path
    import fsspec

    with fsspec.open(path, "w", encoding="utf-8") as remote:
        remote.write(text)
    return path

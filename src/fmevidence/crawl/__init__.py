"""Validating web crawls at scale: WARC files checked page by page on a Dask cluster.

The per-page check (:func:`check_page`) is a pure function of a page's bytes and its URI, so
any engine can run it; :func:`run` ships the integration for Dask, whose bags run the same
code on one machine (processes) or on a distributed cluster. Results are written as JSON
Lines (one line per page) and summarised in :class:`CrawlSummary` (JSON and an HTML page).
"""

from __future__ import annotations

from .engine import CrawlResult, run
from .page_check import PageReport, check_page
from .summary import CrawlSummary

__all__ = ["CrawlResult", "CrawlSummary", "PageReport", "check_page", "run"]

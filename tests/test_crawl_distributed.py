"""The crawl integration on dask.distributed: the scheduler a cluster user runs, in-process here."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

from crawl_helpers import many_pages, need_module


def test_a_distributed_client_runs_the_same_crawl(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    need_module("warcio")
    need_module("distributed")
    from distributed import Client

    from fmevidence.crawl import run

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the crawl tried to open a network connection")

    warc = many_pages(tmp_path / "c.warc.gz", 40)
    local = run([str(warc)], str(tmp_path / "local"), workers=1)
    # Starting the cluster is distributed's business (it probes the host's address); the crawl
    # run itself, over the in-process transport, must open no connection at all.
    with Client(processes=False, n_workers=1, threads_per_worker=2, dashboard_address=None):
        monkeypatch.setattr(socket.socket, "connect", refuse)
        monkeypatch.setattr(socket, "create_connection", refuse)
        remote = run([str(warc)], str(tmp_path / "cluster"), records_per_task=7)
        monkeypatch.undo()
    assert remote.summary == local.summary
    assert json.loads((tmp_path / "cluster" / "summary.json").read_text())["pages"] == 40
    assert _lines(tmp_path / "cluster") == _lines(tmp_path / "local")


def _lines(out: Path) -> list[str]:
    return sorted(line for part in (out / "pages").iterdir() for line in part.read_text().splitlines())

"""WARC input for ``validate`` and the Dask crawl integration (``fmevidence crawl``)."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import pytest

from crawl_helpers import many_pages, need_module, write_warc
from fmevidence.cli import main
from validate_helpers import no_network  # noqa: F401 - autouse fixture


@pytest.fixture(autouse=True)
def _packages() -> None:
    need_module("warcio")
    need_module("dask")


def validate_json(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, dict[str, Any]]:
    code = main(["validate", "--format", "json", *map(str, args)])
    out, _ = capsys.readouterr()
    return code, json.loads(out)


def by_uri(results: list[dict[str, Any]]) -> dict[str, list[tuple[str, str, str]]]:
    """Problems per document name, as comparable tuples, sorted."""
    grouped: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for result in results:
        for problem in result["problems"]:
            grouped[result["file"]].append((problem["rule"], problem["pointer"], problem["message"]))
    return {name: sorted(problems) for name, problems in grouped.items()}


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_validate_reads_each_html_response_as_a_page(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    warc = write_warc(tmp_path / name)
    code, report = validate_json(capsys, warc)
    problems = by_uri(report["results"])
    assert code == 1  # the unknown property and type are errors
    assert [rule for rule, _, _ in problems["https://b.example/article"]] == ["vocab.unknown-property"]
    assert [rule for rule, _, _ in problems["https://b.example/typo"]] == ["vocab.unknown-type"]
    assert "https://a.example/good" not in problems
    assert [rule for rule, _, _ in problems["https://c.example/plain"]] == ["html.no-json-ld"]
    # requests are not pages; image, JSON and crawler-truncated responses are counted with reasons
    (skipped,) = problems[str(warc)]
    assert skipped[0] == "warc.skipped"
    assert "3 response records not checked as pages" in skipped[2]
    assert "1 not HTML (image/png)" in skipped[2] and "1 not HTML (application/json)" in skipped[2]
    assert "1 cut short by the crawler (WARC-Truncated: length)" in skipped[2]
    assert report["summary"]["documents"] == 4  # good, article, typo (one JSON-LD block each) and the microdata item


def test_folders_pick_up_warc_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_warc(tmp_path / "a.warc.gz")
    code, report = validate_json(capsys, tmp_path)
    assert code == 1
    assert "https://b.example/article" in by_uri(report["results"])


@pytest.mark.parametrize("name", ["cut.warc", "cut.warc.gz"])
def test_every_cut_inside_a_record_is_reported(tmp_path: Path, name: str) -> None:
    """A file cut anywhere but at a record boundary is an error, never a quiet short read."""
    from fmevidence.validation.warc import read_pages

    whole = write_warc(tmp_path / name).read_bytes()
    boundaries = _record_boundaries(whole, separator=0 if name.endswith(".gz") else 4)
    near = {end + shift for end in boundaries for shift in range(-6, 7)}
    for cut in sorted((set(range(1, len(whole), 7)) | near) & set(range(1, len(whole)))):
        target = tmp_path / f"part-{name}"
        target.write_bytes(whole[:cut])
        with target.open("rb") as handle:
            rules = [page.problem.rule for page in read_pages(handle, str(target), max_bytes=1 << 20) if page.problem]
        assert ("warc.unreadable" in rules) is (cut not in boundaries), cut


def _record_boundaries(whole: bytes, separator: int) -> set[int]:
    """Where records end, with the CRLF CRLF that follows each uncompressed record."""
    import io

    from warcio.archiveiterator import ArchiveIterator

    iterator = ArchiveIterator(io.BytesIO(whole))
    ends = set()
    for _ in iterator:
        ends.add(iterator.get_record_offset() + iterator.get_record_length() + separator)
    return ends


def test_a_damaged_file_is_an_error_with_the_offset(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    whole = write_warc(tmp_path / "a.warc.gz").read_bytes()
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(whole[: len(whole) // 2])
    code = main(["validate", str(cut)])
    out, err = capsys.readouterr()
    assert code == 1
    assert "error [warc.unreadable]" in out and "breaks off or is damaged after the record at byte" in out
    assert "Traceback" not in out + err


def test_pages_over_the_size_limit_are_skipped_not_held(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    warc = write_warc(tmp_path / "big.warc", [("response", "https://x.example/", "text/html", b"<p>" * 4000, {})])
    code, report = validate_json(capsys, warc, "--max-size", "1K")
    (result,) = report["results"]
    assert code == 0
    assert "larger than the limit of 1,024 bytes" in result["problems"][0]["message"]


def test_engine_agrees_with_the_cli_page_for_page(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from fmevidence.crawl import run
    from fmevidence.validation.warc import skipped_problem

    plain = write_warc(tmp_path / "one.warc")
    packed = many_pages(tmp_path / "two.warc.gz", 30)
    _, report = validate_json(capsys, plain, packed)
    expected = by_uri(report["results"])
    result = run([str(plain), str(packed)], str(tmp_path / "out"), workers=2, records_per_task=4)
    rows = [json.loads(line) for line in page_lines(tmp_path / "out")]
    got: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    skipped: dict[str, Counter[str]] = defaultdict(Counter)
    for row in rows:
        got[row["uri"]].extend((p["rule"], p["pointer"], p["message"]) for p in row["problems"])
        if row.get("skipped"):
            skipped[row["file"]][row["skipped"]] += 1
    for file, reasons in skipped.items():  # the CLI reports a file's skipped records in one warning
        problem = skipped_problem(file, reasons)
        got[file].append((problem.rule, problem.pointer, problem.message))
    assert {uri: sorted(problems) for uri, problems in got.items() if problems} == expected
    pages = [row for row in rows if row["page"]]
    assert len(pages) == 5 + 30  # every HTML response, with or without structured data
    assert result.summary.pages == len(pages)
    assert result.exit_code == 1


def test_splitting_a_file_changes_nothing(tmp_path: Path) -> None:
    from fmevidence.crawl import run

    warc = many_pages(tmp_path / "c.warc.gz", 25)
    whole = run([str(warc)], str(tmp_path / "whole"), workers=1, records_per_task=None)
    split = run([str(warc)], str(tmp_path / "split"), workers=2, records_per_task=3)
    assert whole.summary == split.summary
    assert (tmp_path / "whole" / "summary.json").read_text() == (tmp_path / "split" / "summary.json").read_text()


def test_summary_counts_types_rules_unknown_terms_and_health_markup(tmp_path: Path) -> None:
    from fmevidence.crawl import run

    warc = write_warc(tmp_path / "a.warc.gz")
    result = run([str(warc)], str(tmp_path / "out"), workers=1)
    data = json.loads((tmp_path / "out" / "summary.json").read_text())
    assert data["format"] == "fmevidence-crawl-summary/1"
    assert data["pages"] == 5 and data["pages_with_structured_data"] == 4  # 3 JSON-LD pages, 1 microdata
    assert data["types"] == {"Article": 1, "MedicalCondition": 1, "MedicalCondtion": 1, "Person": 1}  # Person: microdata
    assert data["health_types"] == {"MedicalCondition": 1}  # the misspelt type is not health markup
    assert data["errors_by_rule"] == {"vocab.unknown-property": 1, "vocab.unknown-type": 1}
    assert data["top_unknown_properties"] == {"colour": 1}
    assert data["top_unknown_types"] == {"MedicalCondtion": 1}
    assert data["input_problems"] == {}
    assert data["skipped_records"] == {
        "cut short by the crawler (WARC-Truncated: length)": 1,
        "not HTML (application/json)": 1,
        "not HTML (image/png)": 1,
    }
    assert result.exit_code == 1


def test_summary_merge_is_the_same_in_any_grouping(tmp_path: Path) -> None:
    from fmevidence.crawl.summary import CrawlSummary

    rows = [json.loads(line) for line in _rows(tmp_path)]
    whole = CrawlSummary.of(rows)
    for cut in range(len(rows) + 1):
        assert CrawlSummary.of(rows[:cut]).merge(CrawlSummary.of(rows[cut:])) == whole
        assert CrawlSummary.of(rows[cut:]).merge(CrawlSummary.of(rows[:cut])) == whole


def _rows(tmp_path: Path) -> list[str]:
    from fmevidence.crawl import run

    run([str(write_warc(tmp_path / "a.warc"))], str(tmp_path / "o"), workers=1)
    return page_lines(tmp_path / "o")


def page_lines(out: Path) -> list[str]:
    """Every line of a crawl's per-page files, in part order."""
    return [line for part in sorted((out / "pages").iterdir()) for line in part.read_text().splitlines()]


def test_summary_html_has_labelled_charts_and_escapes_names(tmp_path: Path) -> None:
    from fmevidence.crawl.report_html import render_summary_html
    from fmevidence.crawl.summary import CrawlSummary

    summary = CrawlSummary()
    summary.add({"uri": "u", "blocks": 1, "types": ["<script>alert(1)</script>"], "problems": []})
    html = render_summary_html(summary)
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<svg role='img'" in html and "<title id='types-t'>" in html and "<desc id='types-d'>" in html


def test_crawl_cli_writes_results_and_exits_with_the_verdict(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    warc = many_pages(tmp_path / "a.warc.gz", 12, error_every=100)  # page 0 only has an error
    out = tmp_path / "report"
    code = main(["crawl", str(warc), "-o", str(out), "--workers", "2", "--records-per-task", "5"])
    printed, err = capsys.readouterr()
    assert code == 1, err
    assert printed.splitlines()[0] == (
        "12 pages (12 with structured data), 1 error, 0 warnings; 0 response records not checked as pages "
        "(see summary.json)"
    )
    assert sorted(path.name for path in out.iterdir()) == ["pages", "summary.html", "summary.json"]
    assert not [path for path in out.iterdir() if path.name.startswith(".")]  # no staging left


def test_crawl_cli_missing_file_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["crawl", str(tmp_path / "nope.warc.gz"), "-o", str(tmp_path / "out")])
    _, err = capsys.readouterr()
    assert code == 2 and "no such file" in err
    assert not (tmp_path / "out").exists()


def test_check_page_is_pure_and_picklable() -> None:
    import pickle

    from crawl_helpers import GOOD, json_ld_page
    from fmevidence.crawl import check_page

    first = check_page(json_ld_page(GOOD), "https://x.example/")
    assert pickle.loads(pickle.dumps(first)) == first
    assert check_page(json_ld_page(GOOD), "https://x.example/") == first
    assert first.types == ("MedicalCondition",) and first.problems == ()

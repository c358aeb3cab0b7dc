"""``fmevidence export``: formats, shapes, page options, atomic -o and clear usage errors."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import fmevidence
from fmevidence.cli import export as export_cli
from fmevidence.cli import main
from fmevidence.jsonld.canonical import canonical_nquads, fingerprint
from fmevidence.jsonld.export import PageOptions, dumps, export_jsonld

Capture = pytest.CaptureFixture[str]


def run(capsys: Capture, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_default_is_fibromyalgia_json_ld_on_stdout(capsys: Capture) -> None:
    code, out, err = run(capsys, "export")
    assert (code, err) == (0, "")
    assert out == dumps(export_jsonld(fmevidence.load()))
    assert json.loads(out)["name"] == "Fibromyalgia"


def test_graph_and_page_options(capsys: Capture) -> None:
    code, out, _ = run(
        capsys,
        "export",
        "fibromyalgia",
        "--graph",
        "--page-url",
        "https://pub.example/fm",
        "--page-name",
        "FM",
        "--last-reviewed",
        "2026-11-30",
        "--reviewed-by",
        "Dr A",
        "--reviewed-by",
        "Dr B",
        "--publisher",
        "Pub",
        "--in-language",
        "en-GB",
    )
    assert code == 0
    page = json.loads(out)["@graph"][0]
    assert page == {
        **page,
        "@id": "https://pub.example/fm",
        "@type": "MedicalWebPage",
        "url": "https://pub.example/fm",
        "name": "FM",
        "lastReviewed": "2026-11-30",
        "inLanguage": "en-GB",
        "publisher": {"@type": "Organization", "name": "Pub"},
        "reviewedBy": [{"@type": "Person", "name": "Dr A"}, {"@type": "Person", "name": "Dr B"}],
    }


def test_include_selects_topics(capsys: Capture) -> None:
    code, out, _ = run(capsys, "export", "--include", "autoimmunity", "small-fiber-neuropathy")
    assert code == 0
    names = [p.split(" (")[0] for p in json.loads(out)["pathophysiology"]]
    assert names == ["Autoimmunity", "Small-fiber neuropathy"]


def test_nquads_with_fingerprint_on_stderr(capsys: Capture) -> None:
    code, out, err = run(capsys, "export", "--format", "nquads")
    assert code == 0
    assert out == canonical_nquads(export_jsonld(fmevidence.load()))
    assert err.strip() == fingerprint(out)
    code, graph_out, graph_err = run(capsys, "export", "--format", "nquads", "--graph")
    assert (graph_out, graph_err) == (out, err)


def test_html_format(capsys: Capture) -> None:
    code, out, _ = run(capsys, "export", "--format", "html", "--page-url", "https://pub.example/fm")
    assert code == 0
    assert out.startswith('<script type="application/ld+json">\n') and out.endswith("</script>\n")
    body = out.split("\n", 1)[1].rsplit("\n</script>", 1)[0]
    assert json.loads(body) == export_jsonld(fmevidence.load(), page=PageOptions(url="https://pub.example/fm"))


def test_output_file_is_written_atomically(capsys: Capture, tmp_path: Path) -> None:
    target = tmp_path / "fm.jsonld"
    target.write_text("old", encoding="utf-8")
    code, out, err = run(capsys, "export", "-o", str(target))
    assert (code, out, err) == (0, "", "")
    assert target.read_text(encoding="utf-8") == dumps(export_jsonld(fmevidence.load()))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fm.jsonld"]


def test_interrupted_write_keeps_the_old_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    target = tmp_path / "fm.jsonld"
    target.write_text("old", encoding="utf-8")

    def interrupted(src: str, dst: str) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        export_cli.write_atomically(target, "new content")
    assert target.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fm.jsonld"]


def test_unwritable_output_is_a_usage_error(capsys: Capture, tmp_path: Path) -> None:
    code, out, err = run(capsys, "export", "-o", str(tmp_path / "missing" / "fm.jsonld"))
    assert (code, out) == (2, "")
    assert "cannot write" in err and "missing" in err and "Traceback" not in err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["export", "--format", "xml"], "invalid choice: 'xml'"),
        (["export", "--page-url", "not a url"], "page url: expected an absolute http(s) URL"),
        (["export", "--last-reviewed", "yesterday"], "last reviewed: expected a date as YYYY-MM-DD"),
        (["export", "--in-language", "?"], "in language: expected a BCP 47 language tag"),
        (["export", "no-such-condition"], "condition: no record with id 'no-such-condition'"),
        (["export", "autoimmunity"], "condition: 'autoimmunity' is a record of kind 'mechanisms', not a condition"),
        (["export", "--include", "no-such-topic"], "include: no record with id 'no-such-topic'"),
        (["export", "--include", "fibromyalgia"], "include: 'fibromyalgia' (fibromyalgia) is not a mechanism"),
    ],
)
def test_bad_options_exit_2_with_a_clear_message(capsys: Capture, argv: list[str], message: str) -> None:
    code, out, err = run(capsys, *argv)
    assert (code, out) == (2, "")
    assert message in err
    assert "Traceback" not in err


@pytest.mark.parametrize("shape", [[], ["--graph"], ["--format", "html"], ["--format", "html", "--graph"]])
def test_exports_pass_the_product_validator(capsys: Capture, tmp_path: Path, shape: list[str]) -> None:
    target = tmp_path / ("page.html" if "html" in shape else "page.jsonld")
    code, _, _ = run(
        capsys,
        "export",
        *shape,
        "--page-url",
        "https://pub.example/fm",
        "--page-name",
        "FM",
        "--last-reviewed",
        "2026-11-30",
        "--reviewed-by",
        "Dr A",
        "--publisher",
        "Pub",
        "--in-language",
        "en",
        "-o",
        str(target),
    )
    assert code == 0
    code, out, err = run(capsys, "validate", "--profile", "medical-condition-page", str(target))
    assert code == 0, out + err
    assert "\n0 errors," in "\n" + out, out

"""Web crawls as input: every HTML response record of a WARC file is one page.

WARC (ISO 28500) is how crawlers such as Common Crawl and Heritrix store what they fetched.
Records are read one at a time with warcio (the Webrecorder project's reader, which also
handles the record-per-gzip-member ``.warc.gz`` layout), so memory is bounded by the largest
page, not by the crawl. Records that are not pages (requests, metadata, images, PDFs, pages cut
short by the crawler) are counted and reported once per file with the reason, never silently.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import IO, Any

import attrs

from .report import Problem, Severity

__all__ = ["WARC_SUFFIXES", "HTML_TYPES", "WarcPage", "WarcSplit", "is_warc", "read_pages", "skipped_problem", "splits"]

#: File names that are read as WARC.
WARC_SUFFIXES = (".warc", ".warc.gz")
#: HTTP content types read as HTML pages.
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})

_MISSING_WARCIO = (
    "reading WARC files needs the optional 'warcio' package; install it with: "
    "python3 -m pip install 'fmevidence[crawl]'"
)


def is_warc(path: str) -> bool:
    """Whether ``path`` names a WARC file (``.warc`` or ``.warc.gz``)."""
    return path.lower().endswith(WARC_SUFFIXES)


@attrs.frozen
class WarcSplit:
    """A run of ``count`` records starting at byte ``offset`` of one WARC file: a unit of work.

    Offsets are record starts (for ``.warc.gz``, gzip member starts), so a worker can seek
    straight to its part of a large crawl file.
    """

    path: str
    offset: int = 0
    count: int | None = None


@attrs.frozen
class WarcPage:
    """One HTML page (``data``), a response record that is not checked as a page (``skipped``,
    with the reason), or a problem with the file itself (``problem``)."""

    uri: str
    data: bytes | None = None
    problem: Problem | None = None
    skipped: str | None = None


def _archive_iterator(handle: IO[bytes]) -> Any:
    try:
        from warcio.archiveiterator import ArchiveIterator
    except ImportError:  # pragma: no cover - exercised only without the extra
        raise ImportError(_MISSING_WARCIO) from None
    return ArchiveIterator(handle)


def splits(handle: IO[bytes], path: str, records_per_split: int) -> list[WarcSplit]:
    """Cut one WARC file into splits of ``records_per_split`` records (a quick header pass)."""
    result: list[WarcSplit] = []
    records = 0
    iterator = _archive_iterator(handle)
    try:
        for _record in iterator:
            if records % records_per_split == 0:
                result.append(WarcSplit(path, iterator.get_record_offset(), records_per_split))
            records += 1
    except Exception:  # a broken tail is reported when that split is read
        pass
    if not result:
        result.append(WarcSplit(path, 0, None))
    last = result[-1]
    result[-1] = attrs.evolve(last, count=None)  # the last split reads to the end, errors included
    return result


def read_pages(handle: IO[bytes], name: str, *, max_bytes: int, count: int | None = None) -> Iterator[WarcPage]:
    """The response records of a WARC stream positioned at a record start, in order.

    ``name`` is the file's name for messages; each page is named by its target URI. At most
    ``count`` records are read (all when ``None``). Responses that are not checkable HTML (and
    pages larger than ``max_bytes``, which are never held) come back ``skipped`` with the
    reason; a stream that breaks off ends with a problem naming the offset.
    """
    iterator = _archive_iterator(handle)
    ended = _watch_last_member(iterator)
    records = 0
    offset = end = 0
    try:
        for record in iterator:
            if count is not None and records >= count:
                break
            records += 1
            if record.rec_headers.get_header("Content-Length") is None:
                raise EOFError("a record header without Content-Length")
            page = _page_of(record, name, max_bytes)
            if page is not None:
                yield page
            offset = iterator.get_record_offset()  # reads the record to its end first
            end = offset + iterator.get_record_length()
            if getattr(record.raw_stream, "limit", 0) > 0:
                raise EOFError("the file ends inside a record")
        else:
            if ended.get("complete") is False or _unread_tail(handle, end, ended):
                raise EOFError("the file ends inside a record")
    except Exception as exc:  # warcio and zlib raise many kinds
        yield WarcPage(uri=name, problem=_broken(name, offset, exc))


def _unread_tail(handle: IO[bytes], last_end: int, ended: dict[str, bool]) -> bool:
    """Whether an uncompressed file has bytes after its last whole record (a cut-off record).

    warcio stops without a word when a record's header is incomplete; only the blank lines
    that end a record (``CRLF CRLF``, ISO 28500 section 4) may follow it, and must.
    """
    if "complete" in ended:  # compressed: the gzip member check decides
        return False
    try:
        end = handle.seek(0, 2)
        if end == 0:
            return False
        if not 4 <= end - last_end <= 64:
            return True
        handle.seek(last_end)
        return handle.read(end - last_end).strip(b"\r\n") != b""
    except (OSError, ValueError):
        return False


def _watch_last_member(iterator: Any) -> dict[str, bool]:
    """Notes whether the last gzip member was complete: warcio ends quietly on a cut member."""
    reader = iterator.reader
    close = reader.close_decompressor
    state: dict[str, bool] = {}

    def close_and_note() -> None:
        decompressor = reader.decompressor
        if decompressor is not None:
            state["complete"] = bool(getattr(decompressor, "eof", True))
        close()

    reader.close_decompressor = close_and_note
    return state


def _page_of(record: Any, name: str, max_bytes: int) -> WarcPage | None:
    if record.rec_type != "response":
        return None  # requests, metadata, warcinfo: not pages, not worth a count
    uri = record.rec_headers.get_header("WARC-Target-URI") or name
    truncated = record.rec_headers.get_header("WARC-Truncated")
    http = record.http_headers
    content_type = (http.get_header("Content-Type") if http is not None else None) or ""
    media_type = content_type.split(";", 1)[0].strip().lower()
    if media_type not in HTML_TYPES:
        return WarcPage(uri=uri, skipped=f"not HTML ({media_type or 'no content type'})")
    if truncated:
        return WarcPage(uri=uri, skipped=f"cut short by the crawler (WARC-Truncated: {truncated})")
    data = record.content_stream().read(max_bytes + 1)
    if len(data) > max_bytes:
        return WarcPage(uri=uri, skipped=f"larger than the limit of {max_bytes:,} bytes (raise it with --max-size)")
    return WarcPage(uri=uri, data=data)


def _broken(name: str, offset: int, exc: Exception) -> Problem:
    reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return Problem(
        rule="warc.unreadable",
        severity=Severity.ERROR,
        message=(
            f"{name}: the file breaks off or is damaged after the record at byte {offset:,} ({reason}); "
            "what follows was not checked; expected complete WARC records (for .warc.gz, one gzip member "
            "per record)"
        ),
        file=name,
    )


def skipped_problem(name: str, skipped: Counter[str]) -> Problem:
    """One warning for a file's skipped records, counted by reason (most frequent first)."""
    total = sum(skipped.values())
    reasons = "; ".join(f"{n} {reason}" for reason, n in sorted(skipped.items(), key=lambda item: (-item[1], item[0])))
    return Problem(
        rule="warc.skipped",
        severity=Severity.WARNING,
        message=f"{name}: {total} response record{'s' if total != 1 else ''} not checked as pages: {reasons}",
        file=name,
    )

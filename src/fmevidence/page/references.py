"""The reference list, formatted by citeproc-py in a named CSL style.

The project ships one style, the AMA Manual of Style (11th edition, numeric) from the
Citation Style Language project (CC BY-SA 3.0; see ``styles/NOTICE``); any other ``.csl``
file can be named by path. Fields are HTML-escaped before citeproc-py sees them, because
its HTML formatter adds ``<i>``/``<b>`` tags but does not escape the data; the DOI (or URL)
is rendered by the page as a link of its own, so it is left out of the formatted text. A
work without authors is credited to its publisher (a group author, as Vancouver does).
"""

from __future__ import annotations

import html
import re
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Final

from ..jsonld.csl import csl_item
from ..jsonld.errors import ExportOptionError
from ..model import Source

__all__ = ["STYLES", "format_references", "style_path"]

_STYLE_DIR: Final = Path(__file__).parent / "styles"
#: Built-in style names -> file.
STYLES: Final = {"ama": "american-medical-association.csl"}
_NUMBER: Final = re.compile(r"^\s*\[?\d+[.\]]?\s*")
_LINK_KEYS: Final = ("DOI", "URL", "PMID")


def style_path(style: str) -> Path:
    """The CSL file for a built-in style name or a path to a ``.csl`` file."""
    if style in STYLES:
        return _STYLE_DIR / STYLES[style]
    path = Path(style)
    if path.suffix == ".csl" and path.is_file():
        return path
    raise ExportOptionError("style", f"expected {', '.join(STYLES)} or the path of a .csl file, got {style!r}")


def _escaped(value: Any) -> Any:
    if isinstance(value, str):
        return html.escape(value, quote=False)
    if isinstance(value, list):
        return [_escaped(item) for item in value]
    if isinstance(value, dict):
        return {key: _escaped(item) for key, item in value.items()}
    return value


def format_references(sources: Sequence[Source], style: str = "ama") -> list[str]:
    """Each source as an HTML fragment in ``style``, in the order given (numbering is the page's)."""
    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.json import CiteProcJSON

    items = []
    for number, source in enumerate(sources):
        item = {key: value for key, value in csl_item(source).items() if key not in _LINK_KEYS}
        item["id"] = f"ref{number}"  # citeproc-py folds ids to lower case; these stay unique
        if "author" not in item and "publisher" in item:
            # citeproc-py puts the title in the author's place and then prints it again (it
            # does not suppress substituted variables); the issuing body as author avoids that.
            item["author"] = [{"literal": item.pop("publisher")}]
        items.append(_escaped(item))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # citeproc-py warns about CSL features it skips
        try:
            csl_style = CitationStylesStyle(str(style_path(style)), validate=False)
        except ExportOptionError:
            raise
        except Exception as exc:  # lxml and citeproc raise many kinds for a broken file
            raise ExportOptionError("style", f"cannot read CSL style {style!r}: {exc}") from None
        bibliography = CitationStylesBibliography(csl_style, CiteProcJSON(items), formatter.html)
        for item in items:
            bibliography.register(Citation([CitationItem(item["id"])]))
        entries = [str(entry) for entry in bibliography.bibliography()]
    if len(entries) != len(items):
        raise ExportOptionError("style", f"CSL style {style!r} formatted {len(entries)} of {len(items)} references")
    return [_NUMBER.sub("", entry, count=1).replace("?.", "?") for entry in entries]

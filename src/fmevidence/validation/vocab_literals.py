"""How schema.org's literal data types and quantities are written, and what to say when they are not.

schema.org's data model (https://schema.org/docs/datamodel.html) gives each data type a
lexical form: ``Date``, ``DateTime`` and ``Time`` in ISO 8601, ``Number`` and ``Integer`` as
numerals, ``Boolean`` as ``True``/``False``, ``URL`` as a URL. Its quantity types are written as
text too: ``Duration`` in ISO 8601 (``PT30M``), ``Distance``, ``Energy`` and ``Mass`` as
``<Number> <unit>`` (``7 ft``, ``250 calories``, ``7 kg``). The readers here answer one
question -- can this text be read as that type? -- so the rules in ``vocab_rules`` can accept
what the data model accepts and say precisely what was expected when nothing fits.
"""

from __future__ import annotations

import datetime
import re

__all__ = [
    "EXPECTED_FORM",
    "QUANTITY_FORM",
    "is_date",
    "is_datetime",
    "is_duration",
    "is_integer",
    "is_measure",
    "is_number",
    "is_spaced_datetime",
    "is_time",
    "is_url",
]

_DATE = r"(?P<year>[+-]\d{4,}|\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?"
_FULL_DATE = r"(?P<year>[+-]\d{4,}|\d{4})-(?P<month>\d{2})-(?P<day>\d{2})"
_TIME = r"(?:[01]\d|2[0-3]):[0-5]\d(?::(?:[0-5]\d|60)(?:[.,]\d+)?)?|24:00(?::00(?:[.,]0+)?)?"
_ZONE = r"(?:[Zz]|[+-](?:[01]\d|2[0-3])(?::?[0-5]\d)?)?"
_DATE_RE = re.compile(rf"{_DATE}\Z")
_TIME_RE = re.compile(rf"(?:{_TIME}){_ZONE}\Z")
_DATETIME_RE = re.compile(rf"{_FULL_DATE}[Tt](?:{_TIME}){_ZONE}\Z")
_SPACED_DATETIME_RE = re.compile(rf"{_FULL_DATE} (?:{_TIME}){_ZONE}\Z")
_NUMBER_RE = re.compile(r"[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\Z")
_INTEGER_RE = re.compile(r"[-+]?\d+\Z")
_DURATION_RE = re.compile(
    r"P(?!\Z)(\d+([.,]\d+)?Y)?(\d+([.,]\d+)?M)?(\d+([.,]\d+)?W)?(\d+([.,]\d+)?D)?"
    r"(T(?=[\d.,]+[HMS])(\d+([.,]\d+)?H)?(\d+([.,]\d+)?M)?(\d+([.,]\d+)?S)?)?\Z"
)
_MEASURE_RE = re.compile(r"[-+]?(\d+([.,]\d*)?|[.,]\d+)\s*[^\d\s.,+-][^\d]*\Z")


def _calendar(match: re.Match[str]) -> bool:
    """Whether the year, month and day a date pattern matched name a real day."""
    month, day = match.group("month"), match.group("day")
    if month is None:
        return True
    if not 1 <= int(month) <= 12:
        return False
    if day is None:
        return True
    year = int(match.group("year"))
    try:
        datetime.date(year if 1 <= year <= 9999 else 2000, int(month), int(day))
    except ValueError:
        return False
    return True


def is_date(text: str) -> bool:
    """An ISO 8601 calendar date, complete (``2024-05-31``) or reduced (``2024-05``, ``2024``)."""
    match = _DATE_RE.match(text.strip())
    return match is not None and _calendar(match)


def is_datetime(text: str) -> bool:
    """An ISO 8601 date and time (``2024-05-31T14:30``, seconds, fraction and zone optional)."""
    match = _DATETIME_RE.match(text.strip())
    return match is not None and _calendar(match)


def is_spaced_datetime(text: str) -> bool:
    """A date and time joined by a space (RFC 3339 allows it; ISO 8601 wants ``T``)."""
    match = _SPACED_DATETIME_RE.match(text.strip())
    return match is not None and _calendar(match)


def is_time(text: str) -> bool:
    """An ISO 8601 time of day (``14:30``, ``14:30:00``, ``14:30:00+01:00``)."""
    return _TIME_RE.match(text.strip()) is not None


def is_number(text: str) -> bool:
    return _NUMBER_RE.match(text.strip()) is not None


def is_integer(text: str) -> bool:
    return _INTEGER_RE.match(text.strip()) is not None


def is_duration(text: str) -> bool:
    """An ISO 8601 duration (``PT30M``, ``P1DT2H``, ``P2W``)."""
    return _DURATION_RE.match(text.strip()) is not None


def is_measure(text: str) -> bool:
    """``<Number> <unit>``, the text form of Distance, Energy and Mass (``7 ft``, ``250 calories``)."""
    return _MEASURE_RE.match(text.strip()) is not None


def is_url(text: str) -> bool:
    """A URL: absolute (``https://...``, ``mailto:...``) or a relative reference a consumer
    resolves against the page (``/about``, ``#logo``, ``sweet-home-alabama``, as schema.org's own
    examples write them). Never empty, and never with spaces, quotes or angle brackets inside
    (RFC 3986 excludes them; ``{`` stays allowed for the URL templates of Actions)."""
    stripped = text.strip()
    return bool(stripped) and not any(character.isspace() or character in '<>"' for character in stripped)


EXPECTED_FORM = {
    "Date": "an ISO 8601 date such as '2024-05-31'",
    "DateTime": "an ISO 8601 date and time such as '2024-05-31T14:30:00Z'",
    "Time": "an ISO 8601 time such as '14:30:00'",
    "Number": "a number such as 4.5",
    "Integer": "an integer such as 4",
    "Boolean": "true or false (or 'https://schema.org/True' / 'False')",
    "URL": "a URL such as 'https://example.org/page'",
}
"""What to tell the user a literal data type looks like."""

QUANTITY_FORM = {
    "Duration": "an ISO 8601 duration such as 'PT30M'",
    "Distance": "a Distance such as '600 px' or '7 ft'",
    "Energy": "an Energy such as '250 calories'",
    "Mass": "a Mass such as '7 kg'",
    "QuantitativeValue": "a QuantitativeValue with 'value' and 'unitCode'",
}
"""The more precise form to name when a bare number or text stands for a quantity."""

"""Dates that readers can trust because a format states them: ISO strings and the
seeds' ``date YYYY-MM`` header. Free-text dates are meta/dates.py's job."""

from __future__ import annotations

import datetime as dt
import re

from recoupe.model import DateValue

# "2019", "2019-03", "2019-03-05", "2019-03-05T10:20", "2019-03-05 10:20:00+01:00", "...Z"
_ISO = re.compile(
    r"^\s*(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[T ](\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?"
    r"(?:Z|[+-]\d{2}:?\d{2})?)?)?)?\s*$"
)
# The seeds' convention: the text starts with "date 2023-09" (or a full day), and the
# header is a PREFIX of the first line, the article going on right after it.
_HEADER = re.compile(r"^\s*date\s+(\d{4}-\d{2}(?:-\d{2})?)(?![\d-])", re.IGNORECASE)


def parse_iso(value: str, source: str) -> DateValue | None:
    """An ISO date or timestamp at the precision written, or None when it is not one
    (or not a real date: month 13, 30 February)."""
    match = _ISO.match(value)
    if match is None:
        return None
    year, month, day, hour, minute = match.groups()
    try:
        if month is None:
            dt.date(int(year), 1, 1)
            return DateValue(year, "year", source)
        if day is None:
            dt.date(int(year), int(month), 1)
            return DateValue(f"{year}-{month}", "month", source)
        dt.date(int(year), int(month), int(day))
        if hour is None:
            return DateValue(f"{year}-{month}-{day}", "day", source)
        dt.time(int(hour), int(minute))
        # The time is kept as written (local to the outlet); converting to UTC would move
        # the day of evening articles, and the day is what the export shows.
        return DateValue(f"{year}-{month}-{day}T{hour}:{minute}", "minute", source)
    except ValueError:
        return None


def header_date(text: str) -> DateValue | None:
    """The ``date YYYY-MM[-DD]`` header at the start of a text, if any."""
    match = _HEADER.match(text)
    if match is None:
        return None
    return parse_iso(match.group(1), "header")

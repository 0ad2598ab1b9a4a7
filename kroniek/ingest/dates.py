"""Dates as sources give them (headers, metadata fields, feeds) to ISO dates with a precision."""

from __future__ import annotations

import re
from datetime import date, datetime
from email.utils import parsedate_to_datetime

from kroniek.model import Precision

_ISO = re.compile(r"^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:[T ][0-9:.+\-Z]*)?\s*$")
_DMY = re.compile(r"^\s*(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})\s*$")


def _valid(y: int, m: int | None, d: int | None) -> bool:
    try:
        date(y, m or 1, d or 1)
    except ValueError:
        return False
    return 1 <= y <= 9999


def format_date(y: int, m: int | None = None, d: int | None = None) -> tuple[str, Precision]:
    if m is None:
        return f"{y:04d}", "year"
    if d is None:
        return f"{y:04d}-{m:02d}", "month"
    return f"{y:04d}-{m:02d}-{d:02d}", "day"


def parse_date(value: object) -> tuple[str, Precision] | None:
    """Parse a metadata date: ISO (any precision, with or without time), D-M-YYYY, RFC 2822, epoch seconds.

    Returns None for anything unparseable; a bad date never fails a document, it only leaves it undated.
    """
    if value is None:
        return None
    if isinstance(value, datetime | date):
        return format_date(value.year, value.month, value.day)
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 0 < value < 4_102_444_800:  # epoch seconds before 2100
            dt = datetime.fromtimestamp(value)
            return format_date(dt.year, dt.month, dt.day)
        return None
    text = str(value).strip()
    if not text:
        return None
    if m := _ISO.match(text):
        y, mo, d = int(m[1]), m[2] and int(m[2]), m[3] and int(m[3])
        return format_date(y, mo or None, d or None) if _valid(y, mo or None, d or None) else None
    if m := _DMY.match(text):
        d, mo, y = int(m[1]), int(m[2]), int(m[3])
        return format_date(y, mo, d) if _valid(y, mo, d) else None
    try:
        dt = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    return format_date(dt.year, dt.month, dt.day)

"""Dates and their arithmetic at the precision the reference allows, and the tense around an expression."""

from __future__ import annotations

import re
from calendar import monthrange
from datetime import date, timedelta

from kroniek.analyze.timex_resources import FUTURE, NONE, PAST, SENT_END, UNDER, Ref, TimexResources
from kroniek.model import Document

# --- dates and their arithmetic at the precision the reference allows ------------------------------------------

def document_ref(doc: Document) -> Ref | None:
    """The document date as (year, month, day), cut to its precision; None when there is none."""
    if not doc.date or doc.date_precision in ("unknown", "decade"):
        return None
    m = re.match(r"(-?\d{4})(?:-(\d\d)(?:-(\d\d))?)?", doc.date)
    if not m:
        return None
    y, mo, dd = int(m.group(1)), m.group(2), m.group(3)
    month = int(mo) if mo and doc.date_precision in ("month", "day") else None
    day = int(dd) if dd and month and doc.date_precision == "day" else None
    return y, month, day


def leading_int(text: str) -> int:
    """The number a day group starts with ('3e', '21st' -> 3, 21)."""
    digits = re.match(r"\d+", text)
    return int(digits.group()) if digits else 0


def fmt(y: int | None, m: int | None = None, d: int | None = None) -> str:
    if y is None:
        return "XXXX" + ("-XX" if m is not None else "") + ("-XX" if d is not None else "")
    return f"{y:04d}" + (f"-{m:02d}" if m else "") + (f"-{d:02d}" if m and d else "")


def _add_months(y: int, m: int, n: int) -> tuple[int, int]:
    k = y * 12 + (m - 1) + n
    return k // 12, k % 12 + 1


def _week(day: date) -> str:
    iso = day.isocalendar()
    return f"{iso[0]:04d}-W{iso[1]:02d}"


def shift(ref: Ref | None, unit: str, n: int) -> str:
    """The value `n` units from `ref`, at the unit's granularity but never finer than `ref` allows."""
    if ref is None:
        return UNDER.get(unit, "XXXX-XX-XX")
    y, m, d = ref
    if unit in ("Y", "DE", "CE"):
        n = n * {"Y": 1, "DE": 10, "CE": 100}[unit]
        return str(y + n) if unit == "Y" else (f"{(y + n) // 10}X" if unit == "DE" else f"{(y + n) // 100}")
    if m is None:
        return str(y) if abs(n) < 12 or unit != "M" else str(y + n // 12)
    if unit == "M":
        return fmt(*_add_months(y, m, n))
    if unit == "Q":
        q = (m - 1) // 3 + n
        return f"{y + q // 4:04d}-Q{q % 4 + 1}"
    if d is None or not 1 <= d <= monthrange(y, m)[1]:
        return fmt(y, m)  # weeks and days need a day: stay at the month
    day = date(y, m, d)
    if unit in ("W", "WE"):
        w = _week(day + timedelta(weeks=n))
        return w + "-WE" if unit == "WE" else w
    if unit == "D":
        return (day + timedelta(days=n)).isoformat()
    return day.isoformat()


def ref_of(value: str) -> Ref | None:
    m = re.fullmatch(r"(\d{4})(?:-(\d\d)(?:-(\d\d))?)?(?:T.*)?", value)
    if not m:
        return None
    return int(m.group(1)), int(m.group(2)) if m.group(2) else None, int(m.group(3)) if m.group(3) else None


# --- context: tense around an expression ---------------------------------------------------------------------

def sentence_window(text: str, start: int, end: int) -> tuple[int, int]:
    lo = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start), text.rfind("? ", 0, start),
             text.rfind("! ", 0, start))
    m = SENT_END.search(text, end)
    return lo + 1, (m.start() + 1 if m else len(text))


def tense(text: str, start: int, end: int, res: TimexResources) -> int:
    """PAST, FUTURE or NONE from the tense cue nearest the expression in its sentence: the one before it first
    (the governing verb usually precedes: 'said Friday', 'will meet on Thursday'), else the one after."""
    lo, hi = sentence_window(text, start, end)
    before: tuple[int, int] = (-1, NONE)
    after: tuple[int, int] = (10**9, NONE)
    for regex, direction in ((res.future_re, FUTURE), (res.past_re, PAST)):
        for m in regex.finditer(text, lo, hi):
            if m.end() <= start and m.end() > before[0]:
                before = (m.end(), direction)
            elif m.start() >= end and m.start() < after[0]:
                after = (m.start(), direction)
    return before[1] if before[1] != NONE else after[1]


"""Date selection: which dates a story's sources keep referring to.

A date matters when many articles refer to it, above all articles written later (a date still cited days
or months after is a milestone, not just a busy news day), and when many articles appear on it or the day
after (a burst of reporting). Dates known only to the month or year compete with a lower weight, so they
surface when a story's background is told that way (a corpus from 2019-2024 can start in 2000).
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from kroniek.timeline.sources import DatedSentence

PRECISION_BY_LENGTH = {10: "day", 7: "month", 4: "year"}


def precision(value: str) -> str:
    return PRECISION_BY_LENGTH.get(len(value), "unknown")


@dataclass(frozen=True, slots=True)
class DateWeights:
    docs: float = 1.0  # per article referring to the date
    later: float = 1.0  # extra per article published after the date that refers to it
    sentences: float = 0.0  # per referring sentence beyond the first of each article (log-damped)
    published: float = 0.5  # per article published on the date or the day after
    coarse: dict[str, float] = field(default_factory=lambda: {"month": 0.5, "year": 0.3})


@dataclass
class DateStats:
    docs: set[str] = field(default_factory=set)
    later: set[str] = field(default_factory=set)
    sentences: int = 0
    published: int = 0

    def score(self, value: str, w: DateWeights) -> float:
        s = (w.docs * len(self.docs) + w.later * len(self.later) + w.published * self.published
             + w.sentences * math.log1p(max(0, self.sentences - len(self.docs))))
        return s * w.coarse.get(precision(value), 1.0)


def date_stats(sentences: Sequence[DatedSentence], precisions: Sequence[str]) -> dict[str, DateStats]:
    stats: dict[str, DateStats] = defaultdict(DateStats)
    published: dict[str, str] = {}
    for s in sentences:
        if s.published:
            published[s.doc] = s.published
        for d in s.dates:
            if precision(d) not in precisions:
                continue
            st = stats[d]
            st.sentences += 1
            st.docs.add(s.doc)
            if s.published and s.published[:len(d)] > d:
                st.later.add(s.doc)
    if "day" in precisions:
        for day in published.values():
            if precision(day) == "day":
                stats[day].published += 1
                # An evening event is reported the next morning: the day before a burst counts too.
                prev = (date.fromisoformat(day) - timedelta(days=1)).isoformat()
                stats[prev].published += 1
    return stats


def in_span(value: str, start: str | None, end: str | None) -> bool:
    """Is the date (at any precision) inside [start, end]? A month or year overlapping the span is."""
    return (start is None or value >= start[:len(value)]) and (end is None or value <= end[:len(value)])


def rank_dates(sentences: Sequence[DatedSentence], precisions: Sequence[str], weights: DateWeights,
               start: str | None = None, end: str | None = None) -> list[tuple[str, float]]:
    """Dates by descending score (ties: the earlier date first), limited to the span."""
    stats = date_stats(sentences, precisions)
    scored = [(d, st.score(d, weights)) for d, st in stats.items() if in_span(d, start, end)]
    return sorted(scored, key=lambda x: (-x[1], x[0]))


# --- A small English date tagger: the fallback while no time layer (kroniek.analyze.timex) is installed ---------

_MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
                "november", "december")
_MONTHS = {m: i + 1 for i, m in enumerate(_MONTH_NAMES)}
_MONTHS.update({m[:3]: v for m, v in list(_MONTHS.items())} | {"sept": 9})
_WEEKDAYS = {d: i for i, d in enumerate(("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"))}
_MONTH = r"(?:january|february|march|april|may|june|july|august|september|october|november|december" \
         r"|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?"
_DATE_RE = re.compile(
    rf"\b(?:(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m1>{_MONTH})(?:\s*,?\s*(?P<y1>(?:19|20)\d\d))?"
    rf"|(?P<m2>{_MONTH})\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\b(?:\s*,?\s*(?P<y2>(?:19|20)\d\d))?"
    rf"|(?P<m3>{_MONTH})\s*,?\s+(?P<y3>(?:19|20)\d\d)"
    r"|(?:on\s+|last\s+)?(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
    r"|(?P<rel>yesterday|today|tonight|last\s+night|this\s+morning|this\s+afternoon|this\s+evening))\b",
    re.IGNORECASE)


def _month(name: str) -> int:
    return _MONTHS[name.lower().rstrip(".")]


def _near_year(month: int, day: int, published: date) -> date:
    """A day named without its year: the one within half a year of the publication date."""
    d = date(published.year, month, day)
    if (d - published).days > 183:
        return date(published.year - 1, month, day)
    if (published - d).days > 183:
        return date(published.year + 1, month, day)
    return d


def tag_dates(text: str, published: str | None) -> list[tuple[int, int, str]]:
    """(start, end, ISO value) of the calendar dates an English text names: '25 January 2011', 'Jan. 25',
    'May 2010', weekdays (the last one on or before the publication day), 'yesterday', 'today', 'last night'.
    Relative expressions need a publication day; without one only dates with a year are returned.
    Deliberately small: kroniek.analyze.timex is the full time layer."""
    try:
        dct = date.fromisoformat(published[:10]) if published and len(published) >= 10 else None
    except ValueError:
        dct = None
    out = []
    for m in _DATE_RE.finditer(text):
        g = m.groupdict()
        try:
            if g["d1"] or g["d2"]:
                day, month = int(g["d1"] or g["d2"]), _month(g["m1"] or g["m2"])
                year = g["y1"] or g["y2"]
                if year:
                    value = date(int(year), month, day).isoformat()
                elif dct:
                    value = _near_year(month, day, dct).isoformat()
                else:
                    continue
            elif g["m3"]:
                value = f"{int(g['y3']):04d}-{_month(g['m3']):02d}"
            elif not dct:
                continue
            elif g["wd"]:
                back = (dct.weekday() - _WEEKDAYS[g["wd"].lower()]) % 7
                value = (dct - timedelta(days=back)).isoformat()
            else:
                back = 1 if g["rel"].lower() in ("yesterday", "last night") else 0
                value = (dct - timedelta(days=back)).isoformat()
        except (ValueError, KeyError):
            continue  # 31 February, 'may' the verb with a day number that is no date
        out.append((m.start(), m.end(), value))
    return out

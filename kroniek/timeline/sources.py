"""The summariser's input, from a per-document Analysis or from a chronicle's store.

A DatedSentence is one sentence of one document with the document's publication date and the calendar
dates its time expressions resolve to (TIMEX3 values truncated to day, month or year; weeks, seasons,
durations and unresolved values carry no date).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from kroniek.model import Analysis, Document

_CALENDAR = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?=$|T)")
_DATED_TYPES = ("DATE", "TIME")


@dataclass(frozen=True, slots=True)
class DatedSentence:
    doc: str
    start: int
    end: int
    text: str
    published: str | None  # the document's date (ISO, truncated to its precision)
    position: int  # index of the sentence in its document: leads summarise an article
    dates: tuple[str, ...] = ()  # calendar dates the sentence refers to, in order, without repeats


def calendar_date(value: str | None) -> str | None:
    """'2009-04-25', '2009-04-25TMO' -> '2009-04-25'; '2009-04' and '2009' stay; 'PRESENT_REF', 'XXXX-04',
    '2009-W17' and '2009-SU' -> None (not a calendar date one can place on a timeline)."""
    m = _CALENDAR.match(value or "")
    return m.group(0) if m else None


def _dates(values: Iterable[str | None]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(d for d in map(calendar_date, values) if d))


_WORDS = re.compile(r"\w+")


def bounds(text: str, timex_start: int, words: frozenset[str]) -> bool:
    """Does one of `words` ('since', 'after': a language's anchor prepositions) come right before the time
    expression? 'Oil has gushed since 22 April' is not what happened on 22 April."""
    before = [w.lower() for w in _WORDS.findall(text[max(0, timex_start - 30):timex_start])][-2:]
    return bool(before) and (before[-1] in words or " ".join(before) in words)


def from_analysis(doc: Document, analysis: Analysis, bounding: frozenset[str] = frozenset()) -> list[DatedSentence]:
    """Sentences of one analysed document; a time expression belongs to the sentence it starts in. Time
    expressions right after a `bounding` word are bounds of a span, not dates of the sentence."""
    timexes = sorted((t for t in analysis.timexes if t.type in _DATED_TYPES
                      and not (bounding and bounds(doc.text, t.start, bounding))), key=lambda t: t.start)
    out, k = [], 0
    for i, s in enumerate(analysis.sentences):
        values = []
        while k < len(timexes) and timexes[k].start < s.end:
            if timexes[k].start >= s.start:
                values.append(timexes[k].value)
            k += 1
        out.append(DatedSentence(doc.id, s.start, s.end, doc.text[s.start:s.end], doc.date, i, _dates(values)))
    return out


_STORE_SQL = """
SELECT s.doc, s.idx, s.start, s."end", substr(d.text, s.start + 1, s."end" - s.start) AS text, d.date,
       list(t.value ORDER BY t.start) FILTER (WHERE t.value IS NOT NULL) AS dates
FROM sentences s JOIN documents d ON d.id = s.doc
LEFT JOIN timexes t ON t.doc = s.doc AND t.start >= s.start AND t.start < s."end" AND t.type IN ('DATE', 'TIME')
GROUP BY ALL ORDER BY s.doc, s.idx
"""


def from_store(store) -> list[DatedSentence]:  # store: kroniek.store.Store (not imported: no cycle, no DuckDB)
    """Every stored sentence with its document date and resolved time expressions."""
    return [DatedSentence(r["doc"], r["start"], r["end"], r["text"], r["date"], r["idx"], _dates(r["dates"] or []))
            for r in store.rows(_STORE_SQL)]

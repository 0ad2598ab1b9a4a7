"""Ages and birth years of people as dating evidence: 'Jansen (47)' in an article dated 2019 and 'Jansen (49)'
in an undated one place the undated one in 2020–2022.

The patterns that state an age or a birth year beside a name are data (resources/<lang>/ages.json), matched at
the mentions of linked people. A person's birth range is the intersection of what every dated article (age at
its date) and every stated birth year allow; people whose statements contradict one another (two people behind
one name, or a misread) are dropped. An undated article stating a person's age K was written between the day
that person turned K and the day they turned K + 1. Coarse (a year or two), so it narrows other evidence or
stands alone where there is none.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from kroniek.resources import resource_json
from kroniek.store import Store

MAX_AGE = 115
WINDOW = 40  # characters beside a mention in which an age is looked for


@dataclass(frozen=True)
class AgePatterns:
    after: tuple[re.Pattern, ...]
    before: tuple[re.Pattern, ...]


@cache
def patterns(lang: str) -> AgePatterns:
    data = resource_json(lang, "ages.json", fallback=False)
    return AgePatterns(tuple(re.compile(p) for p in data.get("after", [])),
                       tuple(re.compile(p) for p in data.get("before", [])))


def stated(text: str, start: int, end: int, lang: str) -> tuple[str, int] | None:
    """('age', 47) or ('born', 1972) stated beside the mention text[start:end], or None."""
    pats = patterns(lang)
    after, before = text[end:end + WINDOW], text[max(0, start - WINDOW):start]
    for pat, window in [(p, after) for p in pats.after] + [(p, before) for p in pats.before]:
        if m := pat.search(window):
            kind = "age" if m.groupdict().get("age") else "born"
            value = int(m[kind])
            if (kind == "age" and 0 < value <= MAX_AGE) or (kind == "born" and 1000 < value < 2200):
                return kind, value
    return None


def shift_years(d: date, years: int) -> date:
    """`d` moved by whole years; 29 February becomes 28 February in a common year."""
    try:
        return d.replace(year=d.year + years)
    except ValueError:
        return d.replace(year=d.year + years, day=28)


def _birth(kind: str, value: int, written: tuple[date, date]) -> tuple[date, date]:
    """The days a person can have been born on, given an age stated in an article written within `written`."""
    if kind == "born":
        return date(value, 1, 1), date(value, 12, 31)
    return shift_years(written[0], -(value + 1)) + timedelta(days=1), shift_years(written[1], -value)


def _statements(store: Store) -> list[tuple[str, str, str, int]]:
    """(document, person, 'age'|'born', value) for every linked person's mention with an age beside it. Only the
    text around each mention is read (substr is 1-based)."""
    rows = store.con.execute(
        "SELECT m.doc, m.entity, m.start - greatest(m.start - ?, 0), m.\"end\" - greatest(m.start - ?, 0), "
        "d.language, substr(d.text, greatest(m.start - ?, 0) + 1, m.\"end\" + ? - greatest(m.start - ?, 0)) "
        "FROM mentions m JOIN documents d ON d.id = m.doc WHERE m.type = 'PER' AND m.entity IS NOT NULL",
        [WINDOW] * 5).fetchall()
    out = []
    for doc, person, start, end, lang, around in rows:
        if found := stated(around, start, end, lang):
            out.append((doc, person, *found))
    return out


def age_ranges(store: Store, dated: Mapping[str, tuple[date, date]]) -> dict[str, tuple[date, date, list[str]]]:
    """Undated documents that state the age of a person whose birth the dated ones fix: the days they can have
    been written on, and the documents the birth range came from."""
    births: dict[str, tuple[date, date]] = {}
    basis: dict[str, set[str]] = defaultdict(set)
    contradicted: set[str] = set()
    undated_ages: list[tuple[str, str, int]] = []
    for doc, person, kind, value in _statements(store):
        if doc not in dated:
            if kind == "age":
                undated_ages.append((doc, person, value))
            continue
        lo, hi = _birth(kind, value, dated[doc])
        if person in births:
            lo, hi = max(lo, births[person][0]), min(hi, births[person][1])
        if lo > hi:
            contradicted.add(person)
        births[person] = (lo, hi)
        basis[person].add(doc)
    out: dict[str, tuple[date, date, list[str]]] = {}
    for doc, person, age in undated_ages:
        if person not in births or person in contradicted:
            continue
        b_lo, b_hi = births[person]
        lo, hi = shift_years(b_lo, age), shift_years(b_hi, age + 1) - timedelta(days=1)
        if doc in out:  # several people's ages: the days all of them allow
            lo, hi = max(lo, out[doc][0]), min(hi, out[doc][1])
            if lo > hi:
                continue
            out[doc] = (lo, hi, sorted(set(out[doc][2]) | basis[person]))
        else:
            out[doc] = (lo, hi, sorted(basis[person]))
    return out

"""The time layer: time expressions found and normalised to TIMEX3 values against the document date.

Rules are data (resources/<lang>/timex.json), month and weekday names come from CLDR via babel; this module is
the engine, in the manner of HeidelTime: every rule's regex runs over the text, overlapping matches keep the
longest, and each match's named groups are normalised by the rule's `norm` function. Resolution respects the
precision of the document date: in a document dated to the month, 'donderdag' is that month, never a day.
Weekdays, bare months and seasons take their direction from the tense of the sentence around them.

`infer_date(doc, timexes, lang)` dates an undated document: the latest absolute date it refers to in the past
tense (or the latest named historical anchor it mentions) is the earliest the document can have been written.
"""


from __future__ import annotations

import re
from collections.abc import Callable

from kroniek.analyze.numbers import number_resources
from kroniek.analyze.timex_dates import document_ref, ref_of, tense
from kroniek.analyze.timex_norm import (
    Ctx,
    Norm,
    norm_century,
    norm_date,
    norm_decade,
    norm_holiday,
    norm_quarter,
    norm_weekday,
)
from kroniek.analyze.timex_norm_relative import norm_ago, norm_duration, norm_ref, norm_rel, norm_set, norm_time
from kroniek.analyze.timex_resources import FUTURE, Ref, TimexResources, norm_key, timex_resources
from kroniek.model import DEFAULT_SETTINGS, Analysis, AnalysisSettings, Document, Precision, Timex
from kroniek.resources import LANGUAGES

NORMS: dict[str, Callable[[dict, Ctx, str], Norm]] = {
    "date": norm_date, "decade": norm_decade, "quarter": norm_quarter, "weekday": norm_weekday, "rel": norm_rel,
    "ago": norm_ago, "duration": norm_duration, "ref": norm_ref, "set": norm_set, "time": norm_time,
    "century": norm_century, "holiday": norm_holiday,
}


# --- the annotator ------------------------------------------------------------------------------------------------

_TOKEN = re.compile(r"\w+|[^\w\s]")
# digits that can hold a time expression by themselves: a year, a clock time, a numeric date, '10 a.m.'
_DIGIT_TRIGGER = re.compile(r"(?<![\d.,])(?:1[6-9]|20)\d\d(?!\d)|\d{1,2}(?:[:./-]\d|\s*[ap]\.?m\b)|\d\d'?s\b")
LOOKBACK = 6  # tokens before a trigger where an expression may start ('the last twenty four hours')


_WORD = re.compile(r"[^\W\d_]+")
_BACK = 80  # characters before a trigger searched for the start of its expression


def _starts(text: str, res: TimexResources) -> list[int]:
    """Offsets where an expression may start: a trigger word or digit, or a starter word, number word or
    punctuation within LOOKBACK tokens before one. Rules are tried only there, anchored: far fewer attempts
    than scanning every rule over every position."""
    lower = text.lower()
    triggers = res.triggers
    found = [m.start() for m in _WORD.finditer(lower) if m.group() in triggers]
    found += [m.start() for m in _DIGIT_TRIGGER.finditer(lower)]
    word_re = number_resources(res.lang).word_re
    starts: set[int] = set(found)
    for p in found:
        lo = max(0, p - _BACK)
        back = [(m.start(), m.group()) for m in _TOKEN.finditer(lower, lo, p)][-LOOKBACK:]
        for start, word in reversed(back):
            if not (word in res.starters or word[0].isdigit() or not word[0].isalnum() or word in triggers
                    or word_re.fullmatch(word)):
                break  # an ordinary word: no expression starts before it and reaches the trigger
            starts.add(start)
    return sorted(starts)


def _candidates(text: str, res: TimexResources) -> list[tuple[int, int, int, re.Match[str]]]:
    """Every rule match as (start, end, rule index, match), the extent narrowed to group 't' where a rule has one."""
    found = []
    rules = [(i, r.regex.match, "t" in r.regex.groupindex) for i, r in enumerate(res.rules)]
    for pos in _starts(text, res):
        for i, match, narrowed in rules:
            m = match(text, pos)
            if m is None:
                continue
            s, e = m.span("t") if narrowed and m.group("t") is not None else m.span()
            if e > s:
                found.append((s, e, i, m))
    return found


def _select(found: list[tuple[int, int, int, re.Match[str]]],
            valid: Callable[[tuple[int, int, int, re.Match[str]]], bool]) -> list[tuple[int, int, int, re.Match[str]]]:
    """Longest first, then earliest rule; no overlaps. A match its rule cannot normalise ('31 februari') gives way
    to the shorter ones inside it."""
    found.sort(key=lambda c: (c[0] - c[1], c[2], c[0]))
    taken: list[tuple[int, int]] = []
    chosen = []
    for c in found:
        if any(c[0] < e and s < c[1] for s, e in taken) or not valid(c):
            continue
        taken.append((c[0], c[1]))
        chosen.append(c)
    chosen.sort(key=lambda c: c[0])
    return chosen


ANCHORED = ("ago", "ref", "time")  # rule families whose value may count from the narrative anchor


def _normalise(c: tuple[int, int, int, re.Match[str]], text: str, ref: Ref | None, anchor: Ref | None,
               res: TimexResources, last_year: int | None = None, near: Ref | None = None) -> Timex | None:
    s, e, i, m = c
    rule = res.rules[i]
    groups = {k: v for k, v in m.groupdict().items() if v is not None}
    if groups.get("mod") and norm_key(groups["mod"]) in res.mods_outside:
        s = m.end("mod")
        while text[s] in " -":
            s += 1
    result = NORMS[rule.norm](groups, Ctx(text, ref, anchor, res, s, e, last_year, near), rule.type)
    if result is None:
        return None
    typ, value, mod = result
    return Timex(s, e, text[s:e], typ, value, mod)  # type: ignore[arg-type]


def tag(text: str, lang: str, ref: Ref | None) -> list[Timex]:
    """The time expressions of `text`, normalised against `ref` (the document date at its precision).

    Expressions are normalised in text order, so 'de dag erna' counts from the last day named before it."""
    res = timex_resources(lang)
    out: list[Timex] = []
    anchor = ref
    first: dict[int, Timex | None] = {}  # normalised against the document date while selecting

    def valid(c: tuple[int, int, int, re.Match[str]]) -> bool:
        first[id(c)] = _normalise(c, text, ref, ref, res)
        return first[id(c)] is not None

    last_year: int | None = None
    near: Ref | None = None
    for c in _select(_candidates(text, res), valid):
        norm = res.rules[c[2]].norm
        again = ((anchor != ref or near is not None) and norm in ANCHORED) or (
            last_year is not None and norm in ("rel", "ref"))
        timex = _normalise(c, text, ref, anchor, res, last_year, near) if again else first[id(c)]
        if timex is None:
            continue
        out.append(timex)
        if timex.type in ("DATE", "TIME") and (r := ref_of(timex.value)) is not None:
            last_year = r[0]
            near = r
            if r[2] is not None:
                anchor = r
    return out


def annotate(doc: Document, analysis: Analysis, settings: AnalysisSettings = DEFAULT_SETTINGS) -> None:
    lang = analysis.language if analysis.language in LANGUAGES else doc.language
    analysis.timexes = tag(doc.text, lang, document_ref(doc))
    if doc.date is None:
        inferred = infer_date(doc.text, analysis.timexes, lang)
        if inferred is not None:
            analysis.inferred_date, analysis.inferred_precision = inferred
            analysis.inferred_range = (inferred[0], None)


# --- dating an undated document -----------------------------------------------------------------------------------

_ABSOLUTE = re.compile(r"\d{4}(?:-\d\d(?:-\d\d)?)?")
PRECISION: dict[int, Precision] = {4: "year", 7: "month", 10: "day"}


def _later(a: str, b: str | None) -> bool:
    """Whether `a` starts after `b` (compared on what both state: '2019-04' is later than '2019')."""
    if b is None:
        return True
    n = min(len(a), len(b))
    return a[:n] > b[:n] or (a[:n] == b[:n] and len(a) > len(b))


def infer_date(text: str, timexes: list[Timex], lang: str) -> tuple[str, Precision] | None:
    """(lower bound, precision): the latest absolute date referred to in the past tense, or the latest named
    historical anchor in the text. Never finer than what the text states, so never a made-up day."""
    res = timex_resources(lang)
    best: str | None = None
    for t in timexes:
        if t.type != "DATE" or not _ABSOLUTE.fullmatch(t.value):
            continue
        if tense(text, t.start, t.end, res) == FUTURE:
            continue
        if _later(t.value, best):
            best = t.value
    if res.anchors_re is not None:
        for m in res.anchors_re.finditer(text):
            value = res.anchors.get(norm_key(m.group()))
            if value and _later(value, best):
                best = value
    return (best, PRECISION[len(best)]) if best else None

"""Claims: the figures in a document, what they count, and who says so.

A claim is a number (digits with the language's separators, or number words read by the number layer) with an
optional approximator before it (circa, zo'n, about), a unit or currency, and the noun phrase it counts
(`50.000 Noord-Koreaanse arbeiders`, `30 procent van de boeren`). Dates and durations belong to the time layer:
numbers inside a timex are skipped, and so are bare years ('in 2019'), ordinals and list numbers. A claim inside
a quote carries that quote's speaker.

Malformed figures are not claims: in Dutch a point groups thousands, so `100.00` (a headline typo for 100.000 in
seed 004) is neither a Dutch thousands group nor a Dutch decimal; storing 100 or guessing 100.000 would both
put a number in a source's mouth that it did not print.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import import_module
from types import ModuleType

from kroniek.analyze.claim_shapes import (
    DASHES,
    JOINS,
    address,
    aside,
    attached,
    glued_before,
    leading_zero,
    list_index,
    score_or_date,
)
from kroniek.analyze.claim_shapes import Tok as _Tok
from kroniek.model import DEFAULT_SETTINGS, Analysis, AnalysisSettings, Claim, Document, Quote
from kroniek.resources import FALLBACK, LANGUAGES, resource_json

_DIGITS = re.compile(r"\d+(?:[.,]\d+)*$")
_HAS_DIGIT = re.compile(r"\d+")


@dataclass(frozen=True)
class ClaimResources:
    units: dict[str, str]
    unit_words: tuple[tuple[str, ...], ...]  # longest first
    currency: dict[str, str]
    approximators: tuple[tuple[str, ...], ...]  # longest first
    year_words: frozenset[str]
    ordinal_suffixes: tuple[str, ...]
    ordinal_word_suffixes: tuple[str, ...]
    referential: frozenset[str]
    min_word_value: float
    decimal: str
    group: str
    part_of: frozenset[str]
    adjective_suffix: str
    stopwords: frozenset[str]
    number_starters: frozenset[str]  # words that may open a number ('een half miljoen') but are none alone
    articles: frozenset[str]  # articles inside a counted phrase ('van de boeren')
    labels: frozenset[str]  # nouns a number names rather than counts ('artikel 5')
    units_with_counts: frozenset[str]  # units followed by what they measure ('400 ton graan')
    range_joiners: frozenset[str]  # '10 tot 15', '10-15'
    opened_range_joiners: frozenset[str]  # 'en' in 'tussen de 14 en 18' (after an opener only)
    range_openers: tuple[tuple[str, ...], ...]  # 'tussen (de)' before a range, longest first
    count_nouns: frozenset[str]  # 'aantal' in 'het aantal doden steeg naar 35': what follows is counted


@cache
def claim_resources(lang: str) -> ClaimResources:
    d = resource_json(lang, "claims.json")
    units = {k.lower(): v for k, v in d["units"].items()}
    return ClaimResources(
        units=units,
        unit_words=tuple(sorted((tuple(k.split()) for k in units), key=len, reverse=True)),
        currency=d.get("currency_signs", {}),
        approximators=_phrases(d["approximators"]),
        year_words=frozenset(d["year_words"]),
        ordinal_suffixes=tuple(d["ordinal_suffixes"]),
        ordinal_word_suffixes=tuple(d["ordinal_word_suffixes"]),
        referential=frozenset(d["referential_determiners"]),
        min_word_value=float(d["min_word_value"]),
        decimal=d["decimal"],
        group=d["group"],
        part_of=frozenset(d["part_of"]),
        adjective_suffix=d.get("adjective_suffix", ""),
        stopwords=frozenset(d["stopwords"]),
        number_starters=frozenset(d.get("number_starters", [])),
        articles=frozenset(d.get("articles", [])),
        labels=frozenset(w.lower() for w in d.get("labels", [])),
        units_with_counts=frozenset(d.get("units_with_counts", [])),
        range_joiners=frozenset(d.get("range_joiners", [])),
        opened_range_joiners=frozenset(d.get("opened_range_joiners", [])),
        range_openers=_phrases(d.get("range_openers", [])),
        count_nouns=frozenset(d.get("count_nouns", [])),
    )


def _phrases(items: list[str]) -> tuple[tuple[str, ...], ...]:
    return tuple(sorted((tuple(a.lower().split()) for a in items), key=len, reverse=True))


# --- the number layer, behind a thin adapter ----------------------------------------------------------------


@cache
def _numbers_module() -> ModuleType | None:
    """kroniek.analyze.numbers (the number-word layer) when installed; digits alone otherwise."""
    try:
        return import_module("kroniek.analyze.numbers")
    except ModuleNotFoundError as exc:
        if exc.name != "kroniek.analyze.numbers":
            raise
        return None


def parse_digits(text: str, res: ClaimResources) -> float | None:
    """A figure written in digits with the language's group and decimal marks; None if malformed."""
    if not _DIGITS.match(text):
        return None
    head, dec, frac = text.rpartition(res.decimal) if res.decimal in text else (text, "", "")
    if not dec:
        head = text
    groups = head.split(res.group)
    if len(groups) > 1 and (not 1 <= len(groups[0]) <= 3 or any(len(g) != 3 for g in groups[1:])):
        return None  # '100.00' in Dutch: not thousands, not a decimal
    if not head.replace(res.group, "").isdigit() or (dec and not frac.isdigit()):
        return None
    return float(head.replace(res.group, "") + ("." + frac if dec else ""))


@lru_cache(maxsize=65536)
def parse_number(text: str, lang: str) -> float | None:
    module = _numbers_module()
    if module is not None and hasattr(module, "parse_number"):
        try:
            value = module.parse_number(text, lang)
        except (ValueError, TypeError):
            value = None
        if value is None or _DIGITS.match(text.split()[0]) is None:
            return None if value is None else float(value)
        # digits: the number layer reads them, but a malformed group is still not a claim
        return float(value) if parse_digits(text.split()[0], claim_resources(lang)) is not None else None
    return parse_digits(text, claim_resources(lang)) if " " not in text else None


# --- finding claims -----------------------------------------------------------------------------------------


_SPLIT = re.compile(r"(\d[\d.,]*)(%)$")  # '30%' is one token of the shared layer, a figure and a unit here


def _tokens(text: str, analysis: Analysis, sentence: int) -> list[_Tok]:
    """The shared token layer's tokens of one sentence, a percentage split from its figure."""
    toks = analysis.tokens
    lo = bisect_left(toks.sentences, sentence)
    hi = bisect_right(toks.sentences, sentence, lo)
    make = tuple.__new__
    out: list[_Tok] = []
    for k in range(lo, hi):
        a, b = toks.starts[k], toks.ends[k]
        w = text[a:b]
        m = _SPLIT.match(w)
        if m:
            cut = a + m.end(1)
            out.append(make(_Tok, (a, cut, m.group(1), m.group(1))))
            out.append(make(_Tok, (cut, b, "%", "%")))
        else:
            out.append(make(_Tok, (a, b, w, w.lower())))
    return out


def _number_at(toks: list[_Tok], i: int, text: str, lang: str, res: ClaimResources) -> tuple[int, float] | None:
    """The longest run of tokens from i that reads as one number ('1,5 miljoen', 'een half miljoen')."""
    if parse_number(toks[i].text, lang) is None and not (toks[i].low in res.number_starters and i + 1 < len(toks)):
        return None
    best = None
    for j in range(i + 1, min(i + 6, len(toks) + 1)):
        if j > i + 1 and toks[j - 1].start - toks[j - 2].end > 1:
            break
        value = parse_number(text[toks[i].start:toks[j - 1].end], lang)
        if value is not None:
            best = (j, value)
    return best


def _is_year(toks: list[_Tok], i: int, j: int, value: float, res: ClaimResources) -> bool:
    tok = toks[i].text
    if j != i + 1 or not tok.isdigit() or len(tok) != 4 or not 1000 <= value <= 2100:
        return False
    return (i > 0 and toks[i - 1].low in res.year_words) or j >= len(toks) or not toks[j].text[0].isalpha()


def _glued_after(toks: list[_Tok], j: int, res: ClaimResources) -> bool:
    """What touches the figure's end makes it an ordinal ('2e', '21st'), a code ('4x4') or a hyphenated
    compound ('18-jarigen', '14- tot 24-jarigen'); '10-15' is a range."""
    if j >= len(toks) or not attached(toks, j):
        return False
    nxt = toks[j]
    if nxt.low in res.ordinal_suffixes or nxt.text[0].isalpha():
        return True
    if nxt.text in JOINS and j + 1 < len(toks) and attached(toks, j + 1):
        return True  # '1+1' (a channel), 'B&B'-like codes
    return nxt.text in DASHES and not (j + 1 < len(toks) and toks[j + 1].text[0].isdigit())


def _ordinal_or_code(text: str, toks: list[_Tok], i: int, j: int, res: ClaimResources) -> bool:
    """Not a quantity: an ordinal, part of a code, a label ('bladzijde 36') or a list number."""
    tok, nxt = toks[i], (toks[j] if j < len(toks) else None)
    if not tok.text[0].isdigit():
        return any(tok.low.endswith(s) for s in res.ordinal_word_suffixes)
    if _glued_after(toks, j, res) or glued_before(toks, i):
        return True
    if leading_zero(tok.text):
        return True
    if i > 0 and toks[i - 1].low.rstrip(".") in res.labels:
        return True  # 'artikel 5', 'page 36': the number names, it does not count
    line_start = text.rfind("\n", 0, tok.start) + 1
    if not text[line_start:tok.start].strip() and nxt is not None and nxt.text in (".", ")"):
        return True  # a list
    return list_index(text, toks, i, j)


def _in_name(toks: list[_Tok], i: int, j: int, names: list[tuple[int, int]], name_starts: list[int],
             stop: frozenset[str]) -> bool:
    """A number inside a name the entity layer found, or inside a capitalised name it did not ('Boeing 737 Max
    8', 'Apollo 17'): a capitalised word before it that does not open the sentence, and nothing, another
    capitalised word or a function word after it."""
    if names and _in_spans(toks[i].start, name_starts, names):
        return True
    if i < 2 or toks[i].start - toks[i - 1].end != 1 or not toks[i - 1].text[0].isupper():
        return False
    if not toks[i].text[0].isdigit():
        return False  # names number in digits ('Apollo 17'); 'de VVD tien van de 55 zetels' counts
    return j >= len(toks) or not toks[j].text[0].isalpha() or toks[j].text[0].isupper() or toks[j].low in stop


def _match_words(toks: list[_Tok], i: int, words: tuple[str, ...]) -> bool:
    return all(i + k < len(toks) and toks[i + k].low == w for k, w in enumerate(words))


def _before(toks: list[_Tok], i: int, phrases: tuple[tuple[str, ...], ...]) -> int:
    """Start of the longest phrase ending right before token i, or i."""
    for phrase in phrases:
        k = i - len(phrase)
        if k >= 0 and _match_words(toks, k, phrase):
            return k
    return i


def _unit(toks: list[_Tok], j: int, res: ClaimResources) -> tuple[int, str | None]:
    for words in res.unit_words:
        if _match_words(toks, j, words):
            return j + len(words), res.units[" ".join(words)]
    return j, None


def _head_word(toks: list[_Tok], k: int, res: ClaimResources) -> bool | None:
    """Whether token k ends the counted phrase (a head noun), continues it (an adjective), or None: it stops."""
    t = toks[k]
    if not t.text[0].isalpha() or t.low in res.stopwords and t.low not in res.articles:
        return None
    nxt = toks[k + 1] if k + 1 < len(toks) else None
    follows = nxt is not None and nxt.text[0].isalpha() and nxt.low not in res.stopwords
    if res.adjective_suffix:
        adjective = t.low.endswith(res.adjective_suffix) and follows
    else:
        adjective = t.text[0].isupper() and follows
    return not adjective and t.low not in res.articles


def _counted(text: str, toks: list[_Tok], j: int, unit: str | None, res: ClaimResources) -> int:
    """End of the noun phrase the figure counts: adjectives and a head noun, 'van de boeren' after a share, and
    'van de 55 zetels' after a part of a whole."""
    n, k = len(toks), j
    if k < n and toks[k].low in res.part_of and unit in (None, "%"):  # a share or a part; '1500 km van' is far
        k += 1
        while k < n and toks[k].low in res.articles:
            k += 1
        if k < n and toks[k].text[0].isdigit():
            k = _unit(toks, k + 1, res)[0]  # the whole: 'tien van de 55 zetels'
    elif unit is not None and unit not in res.units_with_counts or k < n and toks[k].low in res.part_of:
        return j
    while k < n:
        head = _head_word(toks, k, res)
        if head is None:
            return j
        k += 1
        if head:
            return k
    return j


def _range(toks: list[_Tok], i: int, j: int, text: str, lang: str, res: ClaimResources) -> tuple[int, float] | None:
    """A second figure that makes the first a range: '10 tot 15', '10-15', 'tussen de 14 en 18'."""
    if j + 1 >= len(toks):
        return None
    joiner = toks[j].low
    if joiner not in res.range_joiners and not (joiner in res.opened_range_joiners
                                                and _before(toks, i, res.range_openers) < i):
        return None
    found = _number_at(toks, j + 1, text, lang, res)
    return found if found and toks[j + 1].text[0].isdigit() == toks[j - 1].text[0].isdigit() else None


def _in_spans(pos: int, starts: list[int], spans: list[tuple[int, int]]) -> bool:
    k = bisect_right(starts, pos) - 1
    return k >= 0 and spans[k][0] <= pos < spans[k][1]


def _speaker(quotes: list[Quote], start: int, end: int) -> Quote | None:
    inside = [q for q in quotes if q.start <= start and end <= q.end + 1 and q.speaker_text]
    return min(inside, key=lambda q: q.end - q.start) if inside else None


@dataclass
class _Context:
    """What one document's claims are read against: its text, its language's resources, and the spans of the
    layers before (time expressions, names, quotes)."""

    text: str
    lang: str
    res: ClaimResources
    timex: list[tuple[int, int]]
    timex_starts: list[int]
    names: list[tuple[int, int]]
    name_starts: list[int]
    quotes: list[Quote]
    place_starts: frozenset[int] = frozenset()  # where a place name begins ('Oktoberplein' in '24 Oktoberplein')


def annotate(doc: Document, analysis: Analysis, settings: AnalysisSettings = DEFAULT_SETTINGS) -> None:
    lang = doc.language if doc.language in LANGUAGES else FALLBACK
    timex = sorted((t.start, t.end) for t in analysis.timexes)
    names = sorted((m.start, m.end) for m in analysis.mentions)
    ctx = _Context(doc.text, lang, claim_resources(lang), timex, [s for s, _ in timex], names,
                   [s for s, _ in names], analysis.quotes,
                   # a place, or a seat of power named by its address ('10 Downing Street', typed as its office)
                   frozenset(m.start for m in analysis.mentions if m.type in ("LOC", "GPE") or m.metonym_of))
    for k in _candidate_sentences(doc.text, analysis, lang):
        toks = _tokens(doc.text, analysis, k)
        i = 0
        while i < len(toks):
            found = _number_at(toks, i, doc.text, lang, ctx.res)
            if not found:
                i += 1
                continue
            claim, i = _claim(ctx, toks, i, *found)
            if claim:
                analysis.claims.append(claim)


@cache
def _number_words(lang: str) -> re.Pattern[str] | None:
    """Words that may be number words (the number layer's pieces and fractions), found by one regex scan instead
    of parsing every word of the text."""
    numbers = _numbers_module()
    if numbers is None:
        return None
    res = numbers.number_resources(lang)
    fractions = sorted(map(re.escape, res.fractions), key=len, reverse=True)
    alternatives = res.word_re.pattern + ("|" + "|".join(fractions) if fractions else "")
    return re.compile(r"(?<![^\W\d_])(?:" + alternatives + r")(?![^\W\d_])", re.IGNORECASE)


def _candidate_sentences(text: str, analysis: Analysis, lang: str) -> list[int]:
    """Indexes of the sentences holding a digit or a number word: only those are read."""
    sentences = analysis.sentences or []
    if not sentences or not len(analysis.tokens):
        return []
    starts = [s.start for s in sentences]
    hits = {m.start() for m in _HAS_DIGIT.finditer(text)}
    words = _number_words(lang)
    if words is not None:
        hits.update(m.start() for m in words.finditer(text) if parse_number(m.group().lower(), lang) is not None)
    return sorted({bisect_right(starts, h) - 1 for h in hits} - {-1})


def _not_quantity(ctx: _Context, toks: list[_Tok], i: int, j: int, value: float) -> bool:
    """Numbers the text does not use as quantities: inside a time expression, a year, an ordinal, a code, part
    of a name, an aside in brackets."""
    if _in_timex(ctx, toks, i, j):
        return True
    return (_is_year(toks, i, j, value, ctx.res) or _ordinal_or_code(ctx.text, toks, i, j, ctx.res)
            or aside(toks, i, j) or _in_name(toks, i, j, ctx.names, ctx.name_starts, ctx.res.stopwords)
            or address(ctx.place_starts, toks, j))


def _claim(ctx: _Context, toks: list[_Tok], i: int, j: int, value: float) -> tuple[Claim | None, int]:
    """The claim whose figure spans tokens [i, j), if the text uses it as a quantity, and where to read on."""
    res, text = ctx.res, ctx.text
    if _not_quantity(ctx, toks, i, j, value):
        return None, j
    high = None
    second = _range(toks, i, j, text, ctx.lang, res)
    if second and second[1] > value and not _in_timex(ctx, toks, j + 1, second[0]):
        j, high = second
    elif score_or_date(toks, j):
        return None, j + 2  # '2-1', '6-4': neither half counts
    start, unit = i, None
    if i > 0 and toks[i - 1].text in res.currency and toks[i - 1].end == toks[i].start:
        start, unit = i - 1, res.currency[toks[i - 1].text]
    end, found_unit = _unit(toks, j, res)
    unit = unit or found_unit
    if _too_small(toks, i, value, unit, res) and not _partitive(toks, end, res):
        return None, end
    a = _before(toks, start, res.range_openers) if high is not None else start
    a = _before(toks, a, res.approximators)
    c_end = _counted(text, toks, end, unit, res)
    last = max(c_end, end)
    lo, hi = toks[a].start, toks[last - 1].end
    q = _speaker(ctx.quotes, lo, hi)
    approx = text[toks[a].start:toks[start - 1].end] if a < start else None
    counts = text[toks[end].start:toks[c_end - 1].end] if c_end > end else None
    if counts is None and unit is None:
        unit, counts = _enumerated(ctx, toks, end)
        counts = counts or _said_before(ctx, toks, a)
    return Claim(lo, hi, text[lo:hi], value, unit, counts, q.speaker_text if q else None, approx,
                 q.speaker_start if q else None, q.speaker_end if q else None, high), last


def _in_timex(ctx: _Context, toks: list[_Tok], i: int, j: int) -> bool:
    lo, hi = toks[i].start, toks[j - 1].end - 1
    return bool(ctx.timex) and (_in_spans(lo, ctx.timex_starts, ctx.timex) or _in_spans(hi, ctx.timex_starts,
                                                                                          ctx.timex))


def _partitive(toks: list[_Tok], end: int, res: ClaimResources) -> bool:
    """'zeven van de 39 zetels': a part of a whole is a figure, however small."""
    k = end
    if k >= len(toks) or toks[k].low not in res.part_of:
        return False
    k += 1
    while k < len(toks) and toks[k].low in res.articles:
        k += 1
    return k < len(toks) and toks[k].text[0].isdigit()


def _enumerated(ctx: _Context, toks: list[_Tok], end: int) -> tuple[str | None, str | None]:
    """A figure in a list shares the unit and what is counted of the list's last figure ('3, 5 en 7
    konijnen', 'de kinderen (11, 13 en 16 jaar)')."""
    res, k, n = ctx.res, end, len(toks)
    while k + 1 < n and (toks[k].text == "," or toks[k].low in res.opened_range_joiners):
        found = _number_at(toks, k + 1, ctx.text, ctx.lang, res)
        if not found:
            return None, None
        k = found[0]
    if k == end:
        return None, None
    u_end, unit = _unit(toks, k, res)
    c_end = _counted(ctx.text, toks, u_end, unit, res)
    return unit, ctx.text[toks[u_end].start:toks[c_end - 1].end] if c_end > u_end else None


def _said_before(ctx: _Context, toks: list[_Tok], a: int) -> str | None:
    """What a figure with nothing after it counts, where the sentence said it before: 'het aantal doden steeg
    naar 35', or the figure before it ('825.000 banen, en we willen naar een miljoen')."""
    for k in range(a - 1, -1, -1):
        if toks[k].low in ctx.res.count_nouns:
            lo = k + 1
            while lo < a and toks[lo].low in ctx.res.part_of | ctx.res.articles:
                lo += 1
            end = _counted(ctx.text, toks, lo, None, ctx.res)
            if end > lo:
                return ctx.text[toks[lo].start:toks[end - 1].end]
    return None


def _too_small(toks: list[_Tok], i: int, value: float, unit: str | None, res: ClaimResources) -> bool:
    """'twee landen', 'een reden', 'de twee leiders': small numbers in words refer, they do not count."""
    if toks[i].text[0].isdigit():
        return False
    return value < res.min_word_value and unit is None or value == 1 or (i > 0 and toks[i - 1].low in res.referential)

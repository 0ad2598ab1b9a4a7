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

import json
import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import import_module
from importlib import resources as importlib_resources
from types import ModuleType
from typing import NamedTuple

from kroniek.model import Analysis, Claim, Document, Quote
from kroniek.resources import FALLBACK, LANGUAGES

_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+(?:[-'’][^\W\d_]+)*|%|[$€£]|\S")
_DIGITS = re.compile(r"\d+(?:[.,]\d+)*$")
_HAS_DIGIT = re.compile(r"\d+")


@dataclass(frozen=True)
class ClaimResources:
    units: dict[str, str]
    unit_words: frozenset[tuple[str, ...]]
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


@cache
def claim_resources(lang: str) -> ClaimResources:
    if lang not in LANGUAGES:
        lang = FALLBACK
    path = importlib_resources.files("kroniek.resources").joinpath(lang, "claims.json")
    d = json.loads(path.read_text(encoding="utf-8"))
    units = {k.lower(): v for k, v in d["units"].items()}
    return ClaimResources(
        units=units,
        unit_words=frozenset(tuple(k.split()) for k in units),
        currency=d.get("currency_signs", {}),
        approximators=tuple(sorted((tuple(a.lower().split()) for a in d["approximators"]), key=len, reverse=True)),
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
    )


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


class _Tok(NamedTuple):  # a tuple: every word of a sentence with a number is one, so creation cost counts
    start: int
    end: int
    text: str
    low: str


def _tokens(text: str, lo: int, hi: int) -> list[_Tok]:
    make = tuple.__new__
    return [make(_Tok, (m.start(), m.end(), w, w.lower())) for m in _TOKEN.finditer(text, lo, hi)
            for w in (m.group(),)]


def _number_at(toks: list[_Tok], i: int, text: str, lang: str) -> tuple[int, float] | None:
    """The longest run of tokens from i that reads as one number ('1,5 miljoen', 'een half miljoen')."""
    if parse_number(toks[i].text, lang) is None and not (toks[i].low in ("een", "a", "an", "half") and
                                                         i + 1 < len(toks)):
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


def _ordinal_or_code(text: str, toks: list[_Tok], i: int, j: int, res: ClaimResources) -> bool:
    tok, nxt = toks[i], (toks[j] if j < len(toks) else None)
    if tok.text[0].isdigit():
        if nxt and nxt.start == toks[j - 1].end and nxt.low in res.ordinal_suffixes:
            return True  # 2e, 3de, 21st
        if tok.start > 0 and (text[tok.start - 1] == "-" and tok.start > 1 and text[tok.start - 2].isalpha()):
            return True  # F-16, Covid-19
        if nxt and nxt.start == toks[j - 1].end and nxt.text[0].isalpha():
            return True  # G7, 4x4
        line_start = text.rfind("\n", 0, tok.start) + 1
        return not text[line_start:tok.start].strip() and nxt is not None and nxt.text in (".", ")")  # list
    return any(tok.low.endswith(s) for s in res.ordinal_word_suffixes)


def _match_words(toks: list[_Tok], i: int, words: tuple[str, ...]) -> bool:
    return all(i + k < len(toks) and toks[i + k].low == w for k, w in enumerate(words))


def _approx(toks: list[_Tok], i: int, res: ClaimResources) -> int:
    for phrase in res.approximators:
        k = i - len(phrase)
        if k >= 0 and _match_words(toks, k, phrase):
            return k
    if i >= 2 and toks[i - 1].text in "'’" and toks[i - 2].low == "zo":  # zo'n split by the tokenizer
        return i - 2
    return i


def _unit(toks: list[_Tok], j: int, res: ClaimResources) -> tuple[int, str | None]:
    for words in sorted(res.unit_words, key=len, reverse=True):
        if _match_words(toks, j, words):
            return j + len(words), res.units[" ".join(words)]
    return j, None


def _counted(toks: list[_Tok], j: int, unit: str | None, res: ClaimResources) -> int:
    """End of the noun phrase the figure counts: adjectives and a head noun, or 'van de boeren' after a share."""
    n = len(toks)
    k = j
    if unit == "%" and k < n and toks[k].low in res.part_of:
        k += 1
    elif unit is not None:
        return j
    head = False
    while k < n and not head:
        t = toks[k]
        if not t.text[0].isalpha() or t.low in res.stopwords and not (k > j and toks[k - 1].low in res.part_of):
            break
        nxt = toks[k + 1] if k + 1 < n else None
        adjective = (res.adjective_suffix and t.low.endswith(res.adjective_suffix) and nxt is not None
                     and nxt.text[0].isalpha() and nxt.low not in res.stopwords) or (
            not res.adjective_suffix and t.text[0].isupper() and nxt is not None and nxt.text[0].isalpha())
        head = not adjective and t.low not in ("de", "het", "the")
        k += 1
    return k if head else j


def _in_spans(pos: int, starts: list[int], spans: list[tuple[int, int]]) -> bool:
    k = bisect_right(starts, pos) - 1
    return k >= 0 and spans[k][0] <= pos < spans[k][1]


def _speaker(quotes: list[Quote], start: int, end: int) -> Quote | None:
    inside = [q for q in quotes if q.start <= start and end <= q.end + 1 and q.speaker_text]
    return min(inside, key=lambda q: q.end - q.start) if inside else None


def annotate(doc: Document, analysis: Analysis) -> None:
    lang = doc.language if doc.language in LANGUAGES else FALLBACK
    res = claim_resources(lang)
    text = doc.text
    timex = sorted((t.start, t.end) for t in analysis.timexes)
    timex_starts = [s for s, _ in timex]
    for lo, hi in _candidate_sentences(text, analysis, lang):
        toks = _tokens(text, lo, hi)
        i = 0
        while i < len(toks):
            found = _number_at(toks, i, text, lang)
            if not found:
                i += 1
                continue
            j, value = found
            claim = _claim(text, toks, i, j, value, res, timex, timex_starts, analysis.quotes)
            if claim:
                analysis.claims.append(claim)
            i = j


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


def _candidate_sentences(text: str, analysis: Analysis, lang: str) -> list[tuple[int, int]]:
    """Sentences holding a digit or a number word: only those are tokenised."""
    sentences = analysis.sentences or []
    if not sentences:
        return [(0, len(text))]
    starts = [s.start for s in sentences]
    hits = {m.start() for m in _HAS_DIGIT.finditer(text)}
    words = _number_words(lang)
    if words is not None:
        hits.update(m.start() for m in words.finditer(text) if parse_number(m.group().lower(), lang) is not None)
    picked = sorted({bisect_right(starts, h) - 1 for h in hits} - {-1})
    return [(sentences[k].start, sentences[k].end) for k in picked]


def _claim(text: str, toks: list[_Tok], i: int, j: int, value: float, res: ClaimResources,
           timex: list[tuple[int, int]], timex_starts: list[int], quotes: list[Quote]) -> Claim | None:
    if timex and (_in_spans(toks[i].start, timex_starts, timex) or _in_spans(toks[j - 1].end - 1, timex_starts,
                                                                           timex)):
        return None
    words = not toks[i].text[0].isdigit()
    if _is_year(toks, i, j, value, res) or _ordinal_or_code(text, toks, i, j, res):
        return None
    start = i
    unit = None
    if i > 0 and toks[i - 1].text in res.currency and toks[i - 1].end == toks[i].start:
        start, unit = i - 1, res.currency[toks[i - 1].text]
    end, found_unit = _unit(toks, j, res)
    unit = unit or found_unit
    if words and (value < res.min_word_value and unit is None or value == 1):
        return None  # 'twee landen', 'een reden': not figures
    if words and i > 0 and toks[i - 1].low in res.referential:
        return None  # 'de twee leiders' refers, it does not count
    a = _approx(toks, start, res)
    approx = " ".join(t.text for t in toks[a:start]).replace(" ' ", "'").replace(" ’ ", "’") or None
    if approx:
        approx = text[toks[a].start:toks[start - 1].end]
    c_end = _counted(toks, end, unit, res)
    counts = text[toks[end].start:toks[c_end - 1].end] if c_end > end else None
    last = max(c_end, end)
    lo, hi = toks[a].start, toks[last - 1].end
    q = _speaker(quotes, lo, hi)
    return Claim(lo, hi, text[lo:hi], value, unit, counts, q.speaker_text if q else None, approx,
                 q.speaker_start if q else None, q.speaker_end if q else None)

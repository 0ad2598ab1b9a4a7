"""Numbers written in digits or words, in Dutch and English: reading them and finding them in text.

Public API (used by the time layer and the claims layer):

- `parse_number(text, lang) -> float | None` reads one number expression: digits with the language's group and
  decimal marks ('100.000', '1,5' in Dutch; '100,000', '1.5' in English), number words including Dutch
  compounds ('tweeëntwintig', 'tienduizend', 'honderdduizend', 'anderhalf') and English phrases ('twenty-four',
  'a hundred thousand', 'two and a half'), and mixtures ('1,5 miljoen', 'een half miljoen'). Anything else,
  including malformed digit groups ('100.00' in Dutch), is None.
- `find_numbers(text, lang) -> list[NumberMatch]` finds every number expression with its offsets and value.
- `number_pattern(lang) -> str` is the regular expression of one number expression (no groups), to embed in
  other patterns; `number_regex(lang)` is it compiled.

The words live in resources/<lang>/numbers.json; compound words are read piece by piece, so the lexicon holds
only units, tens, 'hundred' and the scales.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from kroniek.resources import resource_json

NUM, HUNDRED, SCALE, CONN, ART, FRAC, DIGIT = range(7)


@dataclass(frozen=True, slots=True)
class NumberMatch:
    start: int
    end: int
    text: str
    value: float


@dataclass(frozen=True)
class NumberResources:
    lang: str
    pieces: dict[str, tuple[int, float]]  # word piece -> (kind, value)
    articles: frozenset[str]
    connectors: frozenset[str]
    fractions: dict[str, float]
    decimal: str
    group: str
    piece_re: re.Pattern[str]  # one piece of a compound word
    word_re: re.Pattern[str]  # a whole number word (compound)
    digits_re: re.Pattern[str]  # a whole digit number with the language's marks
    pattern: str  # one number expression, to embed
    finder: re.Pattern[str]
    token_re: re.Pattern[str]


def _alt(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@cache
def number_resources(lang: str) -> NumberResources:
    d = resource_json(lang, "numbers.json")
    pieces: dict[str, tuple[int, float]] = {w: (NUM, float(v)) for w, v in d["numbers"].items()}
    pieces.update({w: (HUNDRED, 100.0) for w in d["hundred"]})
    pieces.update({w: (SCALE, float(v)) for w, v in d["scales"].items()})
    connectors = frozenset(d["connectors"])
    solid = [w for w in pieces]
    word = f"(?:{_alt(solid)})(?:(?:{_alt(list(connectors))})?(?:{_alt(solid)}))*"
    dec, grp = re.escape(d["decimal"]), re.escape(d["group"])
    digits = rf"\d{{1,3}}(?:{grp}\d{{3}})+(?:{dec}\d+)?|\d+(?:{dec}\d+)?"
    fractions = {w: float(v) for w, v in d["fractions"].items()}
    articles = frozenset(d["articles"])
    # A number token: digits (not part of a longer digit string) or a number word or a fraction word.
    digit_token = rf"(?<![\d.,])(?:{digits})(?![\d]|[.,]\d|[^\W\d_])"
    token = rf"(?:{digit_token}|(?<![^\W\d_])(?:{word}|{_alt(list(fractions))})(?![^\W\d_]))"
    art, conn = _alt(list(articles)), _alt([c for c in connectors if c.isascii()])
    lead = rf"(?:(?<![^\W\d_])(?:{art})\s+(?={_alt(list(fractions) + d['hundred'] + list(d['scales']))}))?"
    joint = rf"(?:\s+|-)(?:(?:{conn})\s+)?(?:(?:{art})\s+)?"
    pattern = rf"{lead}{token}(?:{joint}{token})*"
    return NumberResources(
        lang=lang, pieces=pieces, articles=articles, connectors=connectors, fractions=fractions,
        decimal=d["decimal"], group=d["group"],
        piece_re=re.compile(_alt(solid + list(connectors))),
        word_re=re.compile(word),
        digits_re=re.compile(digits),
        pattern=pattern,
        finder=re.compile(pattern, re.IGNORECASE),
        token_re=re.compile(r"\d[\d.,]*\d|\d|[^\W\d_]+", re.IGNORECASE),
    )


def number_pattern(lang: str) -> str:
    return number_resources(lang).pattern


def number_regex(lang: str) -> re.Pattern[str]:
    return number_resources(lang).finder


def _digits_value(token: str, res: NumberResources) -> float | None:
    if not res.digits_re.fullmatch(token):
        return None
    return float(token.replace(res.group, "").replace(res.decimal, "."))


def _pieces(token: str, res: NumberResources) -> list[tuple[int, float]] | None:
    """The pieces of one token (a word or digits) as (kind, value); None if it is not a number token."""
    if token[0].isdigit():
        value = _digits_value(token, res)
        return None if value is None else [(DIGIT, value)]
    if token in res.articles:
        return [(ART, 1.0)]
    if token in res.connectors:
        return [(CONN, 0.0)]
    if token in res.fractions:
        return [(FRAC, res.fractions[token])]
    if not res.word_re.fullmatch(token):
        return None
    parts = res.piece_re.findall(token)
    if "".join(parts) != token:
        return None
    return [(CONN, 0.0) if p in res.connectors else res.pieces[p] for p in parts]


_TENS = (20, 30, 40, 50, 60, 70, 80, 90)


@dataclass
class _Reading:
    """The state of reading number pieces left to right; each step returns False where the pieces stop being one
    number."""

    total: float = 0.0
    current: float = 0.0
    last: int = -1
    last_num: float = 0.0
    before_conn: int = -1
    last_scale: float = float("inf")
    article: bool = False

    def digit(self, value: float) -> bool:
        self.current = value
        return self.last == -1

    def num(self, value: float) -> bool:
        if self.article:
            self.current, self.article = self.current + value, False  # 'a dozen'
        elif self.last == CONN:
            # Dutch 'twee-ën-twintig' joins a unit to tens; English 'hundred and five' follows a hundred/scale.
            if self.before_conn == NUM and not (self.last_num < 10 and value in _TENS):
                return False
            self.current += value
        elif self.last in (NUM, DIGIT):
            if not (self.last_num in _TENS and value < 10):
                return False  # 'twenty four' yes, 'two three' no
            self.current += value
        else:
            self.current += value
        self.last_num = value
        return True

    def hundred(self, value: float) -> bool:
        if self.current >= 100 or self.last == CONN:
            return False
        self.current = (self.current or 1.0) * 100 if not self.article else 100.0
        self.article = False
        return True

    def scale(self, value: float) -> bool:
        if value >= self.last_scale or self.last == CONN:
            return False
        self.total += (self.current or 1.0) * value
        self.current, self.last_scale, self.article = 0.0, value, False
        return True

    def conn(self, value: float) -> bool:
        if self.last not in (NUM, HUNDRED, SCALE, DIGIT) or self.before_conn != -1:
            return False  # one link per number: 'two and a half', not a list 'two and three and a half'
        self.before_conn = self.last
        return True

    def art(self, value: float) -> bool:
        if self.last not in (-1, CONN, FRAC):
            return False
        self.article = self.last != FRAC  # 'half a million': the article only links
        return True

    def frac(self, value: float) -> bool:
        if self.last in (NUM, DIGIT, HUNDRED) or (self.last == CONN and not self.article):
            return False
        self.current, self.article = self.current + value, False
        return True


def _evaluate(pieces: list[tuple[int, float]]) -> float | None:
    """The value of a sequence of pieces, or None if they do not form one number."""
    reading = _Reading()
    steps = {DIGIT: reading.digit, NUM: reading.num, HUNDRED: reading.hundred, SCALE: reading.scale,
             CONN: reading.conn, ART: reading.art, FRAC: reading.frac}
    substantive = False
    for kind, value in pieces:
        if not steps[kind](value):
            return None
        substantive = substantive or kind != ART
        reading.last = kind
    if reading.last in (CONN, ART) or not substantive:
        return None
    return reading.total + reading.current


@lru_cache(maxsize=65536)
def parse_number(text: str, lang: str) -> float | None:
    """The value of one number expression ('tweeëntwintig', '1,5 miljoen', 'a hundred thousand'), else None."""
    res = number_resources(lang)
    tokens = re.split(r"\s+|(?<=[^\W\d_])-(?=[^\W\d_])", text.strip().lower())
    if not tokens or not tokens[0]:
        return None
    pieces: list[tuple[int, float]] = []
    for token in tokens:
        found = _pieces(token, res)
        if found is None:
            return None
        pieces.extend(found)
    if len(tokens) == 1 and pieces[0][0] == ART:
        return None  # 'een', 'a' alone are articles
    return _evaluate(pieces)


def find_numbers(text: str, lang: str) -> list[NumberMatch]:
    """Every number expression in `text`, longest first from the left, with its value."""
    res = number_resources(lang)
    found: list[NumberMatch] = []
    for m in res.finder.finditer(text):
        value = parse_number(m.group(), lang)
        if value is not None:
            found.append(NumberMatch(m.start(), m.end(), m.group(), value))
        else:
            found.extend(_split_match(text, m.start(), m.end(), lang))
    return found


def _split_match(text: str, lo: int, hi: int, lang: str) -> list[NumberMatch]:
    """A run the finder joined that is not one number ('vier en vijf'): the longest numbers inside it."""
    toks = [(t.start(), t.end()) for t in number_resources(lang).token_re.finditer(text, lo, hi)]
    out, i = [], 0
    while i < len(toks):
        best = None
        for j in range(len(toks), i, -1):
            value = parse_number(text[toks[i][0]:toks[j - 1][1]], lang)
            if value is not None:
                best = (j, value)
                break
        if best is None:
            i += 1
            continue
        j, value = best
        out.append(NumberMatch(toks[i][0], toks[j - 1][1], text[toks[i][0]:toks[j - 1][1]], value))
        i = j
    return out

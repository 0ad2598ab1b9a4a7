"""Shapes of numbers in a sentence that the text does not use as quantities (kroniek.analyze.claims): codes,
list numbers, asides, addresses, scores. Language-neutral: they read punctuation and spacing, not words."""

from __future__ import annotations

import re
from typing import NamedTuple

_LEADING_ZERO = re.compile(r"0\d")


class Tok(NamedTuple):  # a tuple: every word of a sentence with a number is one, so creation cost counts
    start: int
    end: int
    text: str
    low: str


def attached(toks: list[Tok], k: int) -> bool:
    """Token k touches the one before it (no space between)."""
    return 0 < k < len(toks) and toks[k].start == toks[k - 1].end


DASHES = "-‐"
LIST_SEPARATORS = frozenset(",;)(")  # after these a numbered item may follow (not ":": "gestolen: 32.")
JOINS = "+&"  # '1+1', '3&4': a figure joined to another without spaces is a name or a code


def glued_before(toks: list[Tok], i: int) -> bool:
    """What touches the figure's start makes it part of a code ('CO2' split by a tokenizer, 'F-16', 'Covid-19')
    or the second half of a '6-4' or '1-1' that is no range (a date, a score)."""
    if not attached(toks, i):
        return False
    prev = toks[i - 1].text
    if prev[-1].isalpha():
        return True
    if prev in JOINS and i > 1 and attached(toks, i - 1) and toks[i - 2].text[-1].isalnum():
        return True  # the second half of '1+1'
    return prev in DASHES + "/" and i > 1 and attached(toks, i - 1) and toks[i - 2].text[-1].isalnum()


def list_index(text: str, toks: list[Tok], i: int, j: int) -> bool:
    """'... hulproute. 1. Aangifte', '5. Eiking (Noo/Wan), 6. Knox': a small whole number that opens its
    sentence or follows a separator, then a full stop or bracket and a capital, numbers an item of a list."""
    if j != i + 1 or not toks[i].text.isdigit() or len(toks[i].text) > 2 or j >= len(toks):
        return False
    opens = i == 0 or toks[i - 1].text in LIST_SEPARATORS
    after = text[toks[j].end:toks[j].end + 3].lstrip()  # the item may be cut off as a sentence of its own
    if toks[j].text == ")" and open_bracket(toks, i):
        return False  # '(voetbal, 45)': the bracket closes an aside (an age), it numbers nothing
    return opens and toks[j].text in (".", ")") and after[:1].isupper()


def open_bracket(toks: list[Tok], i: int) -> bool:
    """A bracket opened before token i in its sentence is still open."""
    depth = 0
    for tok in toks[:i]:
        depth += (tok.text == "(") - (tok.text == ")")
    return depth > 0


def aside(toks: list[Tok], i: int, j: int) -> bool:
    """A number alone in brackets: an age after a name ('Roy (55)'), a tally in a list ('D66 (5)')."""
    return i > 0 and j < len(toks) and toks[i - 1].text == "(" and toks[j].text == ")"


def address(place_starts: frozenset[int], toks: list[Tok], j: int) -> bool:
    """A number right before a place name is part of it or of an address ('het 24 Oktoberplein', '10 Downing
    Street'): a place is not what a figure counts."""
    return j < len(toks) and toks[j].start in place_starts and toks[j].start == toks[j - 1].end + 1


def score_or_date(toks: list[Tok], j: int) -> bool:
    """Two figures joined by a dash with no space that make no range ('2-1', '6-4')."""
    return j + 1 < len(toks) and toks[j].text in DASHES and attached(toks, j) and attached(toks, j + 1) \
        and toks[j + 1].text[0].isdigit()


def leading_zero(text: str) -> bool:
    """'0165-526800', '06 123': a phone number or a code; no figure is written '0165'."""
    return bool(_LEADING_ZERO.match(text))

"""Named token patterns: rules as data, applied by one small matcher (in the manner of spaCy's Matcher).

A pattern file in resources/<lang>/ holds a list of patterns; each has a name, a sequence of token constraints
and example sentences written by us that it must match (`match`) and must not match (`no_match`); one
parametrised test runs every example of every pattern. A constraint is a dict of tests on one token, all of
which must hold:

    {"lower": "told"}  or {"lower": ["told", "asked"]}   the token's lower-case form
    {"class": "verbs"}                                  the lower-case form is in a named word class (the layer
                                                        that uses the pattern passes its classes)
    {"shape": "Xx"}                                     capitalised ('Xx'), lower case ('x'), digits ('d'),
                                                        punctuation ('p')
    {"suffix": "ed"}                                    the lower-case form ends so (a list: any of them)
    {"not": {...}}                                      the inner constraint fails
    {"anchor": true}                                    the token a match is reported at
    {"op": "?"}                                         optional token ("*": any number, "+": one or more)

Matching is greedy and language-neutral: the words live in the pattern files and word classes only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from kroniek.resources import resource_json

Classes = Mapping[str, frozenset[str]]


@dataclass(frozen=True)
class Pattern:
    name: str
    tokens: tuple[dict[str, Any], ...]
    match: tuple[str, ...] = ()  # example sentences the pattern matches
    no_match: tuple[str, ...] = ()  # example sentences it must not match
    meaning: str = ""  # what a match means, for the reader of the file
    anchor: int = field(default=0)  # index of the anchor constraint

    @staticmethod
    def from_dict(data: Mapping[str, Any]) -> Pattern:
        tokens = tuple(data["tokens"])
        anchor = next((i for i, t in enumerate(tokens) if t.get("anchor")), 0)
        return Pattern(data["name"], tokens, tuple(data.get("match", ())), tuple(data.get("no_match", ())),
                       data.get("meaning", ""), anchor)


def _shape(text: str) -> str:
    if not text[:1].isalnum():
        return "p"
    if text[0].isdigit():
        return "d"
    return "Xx" if text[0].isupper() else "x"  # lang-neutral: a word shape


def token_ok(constraint: Mapping[str, Any], text: str, low: str, classes: Classes) -> bool:
    """Does one token (its text and lower-case form) meet every test of a constraint?"""
    for key, want in constraint.items():
        if key in ("op", "anchor"):
            continue
        if key == "lower":
            ok = low == want if isinstance(want, str) else low in want
        elif key == "class":
            ok = low in classes.get(want, frozenset())
        elif key == "shape":
            ok = _shape(text) == want
        elif key == "suffix":
            ok = low.endswith(want if isinstance(want, str) else tuple(want))
        elif key == "not":
            ok = not token_ok(want, text, low, classes)
        else:
            raise ValueError(f"unknown pattern test {key!r}")
        if not ok:
            return False
    return True


def _match_at(tokens: tuple[dict[str, Any], ...], words: Sequence[tuple[str, str]], i: int, classes: Classes,
              c: int = 0) -> list[int] | None:
    """The position each constraint matched (-1: an optional one left out) when the pattern matches from
    words[i], else None. Repeats are greedy and give back tokens when the rest needs them."""
    if c == len(tokens):
        return []
    constraint = tokens[c]
    op = constraint.get("op", "")

    def ok(j: int) -> bool:
        return j < len(words) and token_ok(constraint, words[j][0], words[j][1], classes)

    if op in ("*", "+"):
        j = i
        while ok(j):
            j += 1
        for end in range(j, i + (op == "+") - 1, -1):
            rest = _match_at(tokens, words, end, classes, c + 1)
            if rest is not None:
                return [i if end > i else -1, *rest]
        return None
    if ok(i):
        rest = _match_at(tokens, words, i + 1, classes, c + 1)
        if rest is not None:
            return [i, *rest]
    if op == "?":
        rest = _match_at(tokens, words, i, classes, c + 1)
        return None if rest is None else [-1, *rest]
    return None


def matches(pattern: Pattern, words: Sequence[tuple[str, str]], classes: Classes) -> list[int]:
    """Positions of the anchor token of every match of the pattern in words ((text, lower) pairs)."""
    out = []
    for i in range(len(words)):
        found = _match_at(pattern.tokens, words, i, classes)
        if found is not None and found[pattern.anchor] >= 0:
            out.append(found[pattern.anchor])
    return out


def match_from(pattern: Pattern, words: Sequence[tuple[str, str]], i: int, classes: Classes) -> bool:
    """Does the pattern match starting at words[i]?"""
    return _match_at(pattern.tokens, words, i, classes) is not None


def anchored(patterns: Sequence[Pattern], words: Sequence[tuple[str, str]], k: int, classes: Classes) -> str | None:
    """The name of the first pattern with a match anchored at words[k], else None."""
    for p in patterns:
        start = max(0, k - p.anchor - 8)
        for i in range(start, k + 1):
            found = _match_at(p.tokens, words, i, classes)
            if found is not None and found[p.anchor] == k:
                return p.name
    return None


@cache
def load_patterns(lang: str, name: str) -> dict[str, tuple[Pattern, ...]]:
    """resources/<lang>/<name>.json: {group: [pattern, ...]}; a missing file holds no patterns."""
    data = resource_json(lang, f"{name}.json", fallback=False)
    return {group: tuple(Pattern.from_dict(p) for p in items) for group, items in data.items()
            if not group.startswith("_")}

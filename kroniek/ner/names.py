"""Keys for comparing person names across spellings, transliterations and languages.

'Poetin'/'Putin', 'Dmitrij'/'Dmitry', 'Kim Jung-un'/'Kim Jong-un' differ in how a name was transliterated, so each
name part is reduced to an ASCII key with Dutch transliteration conventions mapped onto English ones. Two parts
match when their keys are equal, or when their consonant skeletons are equal and the keys are one vowel apart:
'jung-un' ~ 'jong-un', but 'jong-un' is never 'jong-il' (different consonants), which keeps Kim Jong-un, Kim
Jong-il and Kim Yo-jong apart.
"""

from __future__ import annotations

import re
from functools import cache

from kroniek.ner.lexicon import _read_json, fold, lexicon
from kroniek.resources import LANGUAGES


@cache
def _transliteration() -> tuple[re.Pattern, dict[str, str]]:
    """Spelling conventions of every language's resources ('oe' -> 'u'), in their order: the first that fits wins."""
    pairs = [(a, b) for lang in LANGUAGES for a, b in _read_json(lang).get("transliteration", ())]
    if not pairs:
        return re.compile(r"(?!)"), {}
    return re.compile("|".join(re.escape(a) for a, _ in pairs)), dict(pairs)

_VOWELS = re.compile(r"[aeiouy]+")
_DOUBLE = re.compile(r"(.)\1+")
_NON_NAME = re.compile(r"[^a-z\- ]")


def part_key(part: str) -> str:
    """ASCII key of one name part: 'Poetin' -> 'putin', 'Dmitrij' -> 'dmitry', 'Jung-un' -> 'yung-un'."""
    low = _NON_NAME.sub("", fold(part))
    pattern, mapping = _transliteration()
    low = pattern.sub(lambda m: mapping[m.group(0)], low)
    low = low.replace("yy", "y")
    return _DOUBLE.sub(r"\1", low)


def skeleton(key: str) -> str:
    """Consonants of a part key, in order: the blocking key and the part of a name spelling never changes."""
    return _VOWELS.sub("", key)


def name_parts(name: str) -> list[str]:
    """Part keys of a full name, without possessive endings and name particles ('Pieter van Aalst' and 'Van
    Aalst' -> [..., 'aalst']), so a surname with a particle still matches its full name."""
    name = re.sub(r"['’]s$", "", name.strip())
    words = name.split()
    particles = _particles()
    kept = [w for w in words if fold(w) not in particles] or words
    return [k for k in (part_key(p) for p in kept) if k]


@cache
def _particles() -> frozenset[str]:
    lex = lexicon()
    return frozenset().union(*(lex.lang(lang).particles for lang in LANGUAGES))


def _edits(a: str, b: str) -> int:
    """Levenshtein distance, for the short strings name parts are."""
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def parts_match(a: str, b: str) -> bool:
    if a == b:
        return True
    return skeleton(a) == skeleton(b) and _edits(a, b) <= 1 + min(len(a), len(b)) // 8


def names_match(a: list[str], b: list[str]) -> bool:
    """Same person by name alone: all parts match in order, or the shorter name (2+ parts) keeps the first and
    last part of the longer one ('Vladimir Poetin' ~ 'Vladimir Vladimirovitsj Poetin')."""
    if len(a) > len(b):
        a, b = b, a
    if len(a) == len(b):
        return all(parts_match(x, y) for x, y in zip(a, b, strict=True))
    return len(a) >= 2 and parts_match(a[0], b[0]) and parts_match(a[-1], b[-1])


def is_part_of(single: str, full: list[str]) -> bool:
    """A one-word mention ('Breuker', 'Kim', 'Jong-un') that is one of the parts of a full name."""
    return any(parts_match(single, p) for p in full) or any(
        parts_match(single, sub) for p in full if "-" in p for sub in p.split("-") if len(sub) > 3)

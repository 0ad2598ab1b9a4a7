"""A compact TF-IDF: sparse dict vectors, cosine similarity and centroids, no dependencies.

Language-neutral on purpose: instead of a stop-word list, words found in more than `max_df` of the texts
are dropped and the rest weighted by smoothed IDF, which silences function words in any language.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable

Vector = dict[str, float]

_WORD = re.compile(r"[^\W\d_]{2,}|\d+(?:[.,]\d+)*")
_PTB = frozenset({"lrb", "rrb", "lsb", "rsb", "lcb", "rcb"})  # Penn Treebank bracket tokens


def words(text: str) -> list[str]:
    return [w for w in _WORD.findall(text.lower()) if w not in _PTB]


def features(text: str, bigrams: bool = False) -> list[str]:
    """Words, and with `bigrams` also adjacent word pairs ('oil spill' -> 'oil_spill'): shared phrasing."""
    ws = words(text)
    return ws + [f"{a}_{b}" for a, b in zip(ws, ws[1:], strict=False)] if bigrams else ws


class Vectoriser:
    """IDF fitted on a collection of texts; turns any text into an L2-normalised TF-IDF vector with sublinear
    term frequency (1 + log tf: a word repeated in one sentence does not make it the topic)."""

    def __init__(self, texts: Iterable[str], max_df: float = 0.5, bigrams: bool = False) -> None:
        self.bigrams = bigrams
        df: Counter[str] = Counter()
        # The fitted texts' counts are kept: the summariser vectorises the same sentences it fitted on.
        self.counts: list[Counter[str]] = []
        for text in texts:
            counts = Counter(features(text, bigrams))
            df.update(counts.keys())
            self.counts.append(counts)
        n = len(self.counts)
        limit = max(2.0, max_df * n)
        self.idf = {w: math.log((1 + n) / (1 + c)) + 1.0 for w, c in df.items() if c <= limit}

    def vector(self, text: str) -> Vector:
        return self.weigh(Counter(features(text, self.bigrams)))

    def fitted(self, i: int) -> Vector:
        """The vector of the i-th fitted text."""
        return self.weigh(self.counts[i])

    def weigh(self, counts: Counter[str]) -> Vector:
        idf = self.idf
        return normalise({w: (1.0 + math.log(c)) * idf[w] for w, c in counts.items() if w in idf})


def normalise(vec: Vector) -> Vector:
    norm = math.sqrt(sum(v * v for v in vec.values()))
    return {w: v / norm for w, v in vec.items()} if norm else {}


def cosine(a: Vector, b: Vector) -> float:
    """Dot product of two normalised vectors (iterate over the shorter one)."""
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(w, 0.0) for w, v in a.items())


def add(into: dict[str, float], vec: Vector, weight: float = 1.0) -> None:
    for w, v in vec.items():
        into[w] = into.get(w, 0.0) + weight * v


def centroid(vectors: Iterable[Vector]) -> Vector:
    total: dict[str, float] = {}
    for vec in vectors:
        add(total, vec)
    return normalise(total)

"""Who speaks a quote without a cue: the candidates compete by learned weights, not by the order of rules.

The candidates are the rule's own answer (the subject named since the running speaker spoke, else the running
speaker, else the person named just before), the speaker before the running one (dialogue turns alternate), and the
persons the entity layer named in the 600 characters before the quote. Each gets a few language-neutral features
(where it comes from, how far back it was named, same paragraph, spoke before); an averaged perceptron (trained
by bench/train_quote_ranker.py on OpenBoek, CC BY, and evaluated on books it did not see) scores them, and the best
candidate wins only when it beats the rule's answer. The weights are data: resources/<lang>/quote_speaker_weights.json;
without that file the rule's answer stands. None ships yet: trained on six books, the ranker lowered speaker
accuracy on the three held-out ones (BENCHMARKS.md), so every language keeps the rule.
"""

from __future__ import annotations

import json
import random
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources as importlib_resources
from typing import TYPE_CHECKING

from kroniek.analyze.quotes.speakers import Speaker

if TYPE_CHECKING:
    from kroniek.analyze.quotes.resolver import Resolver

REACH = 600  # characters before the quote in which named persons are candidates


@dataclass
class Candidate:
    speaker: Speaker
    sources: set[str] = field(default_factory=set)
    distance: int = 10_000  # characters from its nearest mention to the quote

    def features(self, same_paragraph: bool, spoke: bool) -> list[str]:
        # Chosen by leave-one-book-out on the training books: conjunctions with whether the quote before was cued
        # overfit (choice accuracy 0.405 against 0.435 without them).
        feats = [f"src={s}" for s in sorted(self.sources)]
        bucket = "0" if self.distance < 80 else "1" if self.distance < 200 else "2" if self.distance < 400 else "3"
        feats += [f"dist={bucket}", f"para={same_paragraph}", f"spoke={spoke}", f"n_src={min(len(self.sources), 3)}"]
        return feats


def candidates(resolver: Resolver, at: int, rule: Speaker | None) -> list[tuple[Candidate, list[str]]]:
    """The speakers a quote without a cue may have, each with its features (see ranker)."""
    found: dict[tuple[int | None, int | None], Candidate] = {}

    def add(sp: Speaker | None, source: str) -> None:
        if sp is not None and sp.start is not None:
            found.setdefault((sp.start, sp.end), Candidate(sp)).sources.add(source)

    add(rule, "rule")
    add(resolver.recent if resolver.recent_at > resolver.last_at else None, "recent")
    add(resolver.last, "last")
    add(resolver.previous, "previous")
    k = bisect_right(resolver.persons, (at, at)) - 1
    rank = 0
    while k >= 0 and rank < 3 and at - resolver.persons[k][1] <= REACH:
        s, e = resolver.persons[k]
        if e <= at:
            words = resolver.text[s:e].split()
            full = resolver.names.best(words[-1], s) if words else None
            add(Speaker(*((full[2], *full[:2]) if full else (resolver.text[s:e], s, e))), f"near{rank}")
            rank += 1
        k -= 1
    out = []
    for c in found.values():
        c.distance = _distance(resolver, c.speaker, at)
        para = "\n\n" not in resolver.text[max(0, at - c.distance):at]
        spoke = bool(resolver.spoken & set(c.speaker.text.split()))
        out.append((c, c.features(para, spoke)))
    return out


def _distance(resolver: Resolver, sp: Speaker, at: int) -> int:
    """Characters from the nearest mention of the speaker (its last word) before `at`."""
    last = sp.text.split()[-1] if sp.text.split() else ""
    ends = [e for s, e, _t, words in resolver.names.spans if e <= at and last in words]
    ends += [e for s, e in resolver.persons if e <= at and resolver.text[s:e].split()[-1:] == [last]]
    return at - max(ends) if ends else 10_000


@cache
def weights(lang: str) -> dict[str, float] | None:
    path = importlib_resources.files("kroniek.resources").joinpath(lang, "quote_speaker_weights.json")
    if not path.is_file():
        return None
    return dict(json.loads(path.read_text(encoding="utf-8"))["weights"])


def score(w: dict[str, float], feats: Iterable[str]) -> float:
    return sum(w.get(f, 0.0) for f in feats)


def choose(w: dict[str, float] | None, cands: Sequence[tuple[Candidate, list[str]]],
           rule: Speaker | None) -> Speaker | None:
    """The best-scoring candidate when it beats the rule's answer, else the rule's answer."""
    if not w or not cands:
        return rule
    best, best_feats = max(cands, key=lambda c: score(w, c[1]))
    rule_score = next((score(w, f) for c, f in cands if "rule" in c.sources), float("-inf"))
    return best.speaker if score(w, best_feats) > rule_score else rule


def train(examples: list[tuple[list[list[str]], set[int]]], epochs: int = 10, seed: int = 16) -> dict[str, float]:
    """Averaged perceptron over ranking examples: (the feature lists of the candidates, the indexes of the right
    ones). Examples without a right candidate teach nothing and are skipped."""
    w: dict[str, float] = defaultdict(float)
    total: dict[str, float] = defaultdict(float)
    stamp: dict[str, int] = defaultdict(int)
    step = 0
    data = [e for e in examples if e[1]]
    rng = random.Random(seed)
    for _ in range(epochs):
        rng.shuffle(data)
        for feats, right in data:
            step += 1
            guess = max(range(len(feats)), key=lambda i: (score(w, feats[i]), -i))
            if guess in right:
                continue
            gold = max(right, key=lambda i: score(w, feats[i]))
            for f, delta in [(f, 1.0) for f in feats[gold]] + [(f, -1.0) for f in feats[guess]]:
                total[f] += (step - stamp[f]) * w[f]
                stamp[f] = step
                w[f] += delta
    for f in w:
        total[f] += (step - stamp[f]) * w[f]
    return {f: round(v / max(step, 1), 4) for f, v in total.items() if abs(v) > 1e-9}

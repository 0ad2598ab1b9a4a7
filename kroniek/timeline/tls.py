"""Timeline summarisation: key dates, each told in a few source sentences (extractive, every one citable).

Stages as in news-tls's datewise method, with our own choices:
1. date selection (kroniek.timeline.dates): how often, and how much later, articles refer to a date; a day
   next to one already chosen counts less, so one busy week does not fill the timeline;
2. candidates per date: sentences whose time expressions resolve to it, plus the lead sentences of
   articles published on it or the day after that name no other date (news reports yesterday's events);
3. ranking: TF-IDF similarity to the date's centroid (terms shared by the dated and the published
   sentences) and to the story's centroid (on-topic), picked greedily so the summary's sum stays close to
   the centroid, skipping sentences too similar to one already in the timeline.
A date keeps its precision: a month-precision reference yields a month entry.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from kroniek.timeline import tfidf
from kroniek.timeline.dates import DateWeights, precision, rank_dates
from kroniek.timeline.sources import DatedSentence

_QUOTE = re.compile(r'["“”]')


@dataclass(frozen=True, slots=True)
class Settings:
    dates: int = 12
    per_date: int = 2
    precisions: tuple[str, ...] = ("day", "month", "year")
    start: str | None = None  # only dates inside [start, end] (ISO, any precision)
    end: str | None = None
    lead: int = 5  # an article's first sentences stand for it on its publication date
    publication_days: int = 2  # an article speaks for its publication day and the day before
    redundancy: float = 0.5  # cosine above which a sentence repeats one already chosen
    topic_weight: float = 0.5  # weight of similarity to the whole story against the date's centroid
    min_words: int = 6
    max_words: int = 60
    max_dates: int = 2  # a sentence naming more dates is a list or a chronology, not one date's story
    first: bool = True  # the first sentence can stand for its article (False: often a headline glued to a caption)
    quotes: bool = True  # quoted speech can be a candidate
    lead_bonus: float = 0.0  # added to a sentence's score, divided by 1 + its position in the article
    bigrams: bool = True  # word pairs count in the similarity: sentences sharing the sources' phrasing rank higher
    # A day next to a chosen day (within `neighbour_days`) has its score multiplied by `neighbour_penalty` per
    # such day: a burst of reporting otherwise fills a timeline with one week (0.7: chosen on Timeline17 in
    # every leave-one-topic-out fold; 1.0 turns it off).
    neighbour_penalty: float = 0.7
    neighbour_days: int = 1
    weights: DateWeights = field(default_factory=DateWeights)


@dataclass(frozen=True, slots=True)
class Entry:
    date: str  # ISO, truncated to its precision
    precision: str
    score: float
    sentences: tuple[DatedSentence, ...]  # most representative first


def _publication_days(published: str, n: int) -> list[str]:
    try:
        day = date.fromisoformat(published)
    except ValueError:
        return []
    return [(day - timedelta(days=k)).isoformat() for k in range(n)]


@dataclass
class _Pools:
    mentioned: dict[str, list[int]]
    published: dict[str, list[int]]


def _pools(sentences: Sequence[DatedSentence], cfg: Settings) -> _Pools:
    mentioned: dict[str, list[int]] = defaultdict(list)
    published: dict[str, list[int]] = defaultdict(list)
    for i, s in enumerate(sentences):
        for d in s.dates:
            mentioned[d].append(i)
        if s.position < cfg.lead and s.published and not any(precision(d) == "day" for d in s.dates):
            for day in _publication_days(s.published, cfg.publication_days):
                published[day].append(i)
    return _Pools(mentioned, published)


def _date_centroid(ment: list[tfidf.Vector], pub: list[tfidf.Vector]) -> tfidf.Vector:
    """With both pools, the terms both use (weighted by their mean); else the one pool's centroid."""
    if not ment or not pub:
        return tfidf.centroid(ment or pub)
    cm, cp = tfidf.centroid(ment), tfidf.centroid(pub)
    return tfidf.normalise({w: cm[w] + cp[w] for w in cm.keys() & cp.keys()}) or tfidf.centroid(ment + pub)


class _Ranker:
    def __init__(self, sentences: Sequence[DatedSentence], cfg: Settings) -> None:
        self.sentences, self.cfg = sentences, cfg
        self.vectoriser = tfidf.Vectoriser((s.text for s in sentences), bigrams=cfg.bigrams)
        self._vectors: dict[int, tfidf.Vector] = {}
        leads = [self.vector(i) for i, s in enumerate(sentences) if s.position < cfg.lead]
        self.topic = tfidf.centroid(leads)
        self.chosen: list[tfidf.Vector] = []

    def vector(self, i: int) -> tfidf.Vector:
        vec = self._vectors.get(i)
        if vec is None:
            vec = self._vectors[i] = self.vectoriser.fitted(i)
        return vec

    def eligible(self, i: int) -> bool:
        s, cfg = self.sentences[i], self.cfg
        n = len(tfidf.words(s.text))
        return (cfg.min_words <= n <= cfg.max_words and not s.text.rstrip().endswith("?")
                and len(s.dates) <= cfg.max_dates and (cfg.first or s.position > 0)
                and (cfg.quotes or not _QUOTE.search(s.text)))

    def redundant(self, i: int) -> bool:
        vec = self.vector(i)
        return any(tfidf.cosine(vec, c) > self.cfg.redundancy for c in self.chosen)

    def summarise(self, ment: list[int], pub: list[int], k: int) -> list[int]:
        ment = [i for i in dict.fromkeys(ment) if self.eligible(i)]
        pub = [i for i in dict.fromkeys(pub) if self.eligible(i) and i not in set(ment)]
        cands = ment + pub
        if not cands:
            return []
        centre = _date_centroid([self.vector(i) for i in ment], [self.vector(i) for i in pub])
        w = self.cfg.topic_weight
        to_centre = {i: tfidf.cosine(self.vector(i), centre) for i in cands}
        on_topic = {i: w * tfidf.cosine(self.vector(i), self.topic)
                    + self.cfg.lead_bonus / (1 + self.sentences[i].position) for i in cands}
        picked: list[int] = []
        dot, norm2 = 0.0, 0.0  # the summary's sum: its dot product with the centre and its squared norm
        while len(picked) < k:
            # Greedy on the summary's sum, as news-tls's CentroidOpt: cos(sum + v, centre), incrementally.
            scored = []
            for i in cands:
                if i not in picked:
                    cross = sum(tfidf.cosine(self.vector(i), self.vector(j)) for j in picked)
                    total = norm2 + 2 * cross + 1.0
                    scored.append(((1 - w) * (dot + to_centre[i]) / total ** 0.5 + on_topic[i], i))
            best = next((i for _, i in sorted(scored, reverse=True) if not self.redundant(i)), None)
            if best is None:
                break
            norm2 += 2 * sum(tfidf.cosine(self.vector(best), self.vector(j)) for j in picked) + 1.0
            dot += to_centre[best]
            picked.append(best)
            self.chosen.append(self.vector(best))
        return picked


def summarise(sentences: Sequence[DatedSentence], cfg: Settings | None = None) -> list[Entry]:
    """The timeline: up to cfg.dates entries in date order, each with up to cfg.per_date sentences."""
    cfg = cfg or Settings()
    if not sentences or cfg.dates <= 0:
        return []
    pools = _pools(sentences, cfg)
    ranker = _Ranker(sentences, cfg)
    entries: list[Entry] = []
    dates = _DatePicker(rank_dates(sentences, cfg.precisions, cfg.weights, cfg.start, cfg.end), cfg)
    while len(entries) < cfg.dates and (best := dates.next()):
        day, score = best
        picked = ranker.summarise(pools.mentioned.get(day, []), pools.published.get(day, []), cfg.per_date)
        if picked:
            entries.append(Entry(day, precision(day), round(score, 3), tuple(sentences[i] for i in picked)))
            dates.chosen(day)
    return sorted(entries, key=lambda e: e.date)


class _DatePicker:
    """Ranked dates, best first; with a neighbour penalty, each choice lowers the days around it."""

    def __init__(self, ranked: list[tuple[str, float]], cfg: Settings) -> None:
        self.ranked, self.cfg = ranked, cfg
        self.todo = dict(ranked)
        self.near: dict[str, int] = {}  # day -> chosen days within cfg.neighbour_days

    def next(self) -> tuple[str, float] | None:
        if not self.todo:
            return None
        if self.cfg.neighbour_penalty == 1.0 or not self.near:
            day = next(d for d, _ in self.ranked if d in self.todo)
        else:
            pen = self.cfg.neighbour_penalty
            # todo keeps rank_dates's order and max keeps the first of equals: ties go to the earlier date
            day = max(self.todo, key=lambda d: self.todo[d] * pen ** self.near.get(d, 0))
        return day, self.todo.pop(day)

    def chosen(self, day: str) -> None:
        if precision(day) != "day" or self.cfg.neighbour_penalty == 1.0:
            return
        d = date.fromisoformat(day)
        for k in range(1, self.cfg.neighbour_days + 1):
            for near in (d - timedelta(days=k), d + timedelta(days=k)):
                self.near[near.isoformat()] = self.near.get(near.isoformat(), 0) + 1

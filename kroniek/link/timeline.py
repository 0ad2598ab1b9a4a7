"""The story's key dates, each told in a few source sentences with their citations.

Date selection follows news-tls's datewise idea on events instead of raw dates: an event's weight grows with
the number of documents that report it (the strongest signal of importance in a news corpus), its mentions,
its named participants and an explicit date in the text; a date's weight is that of its best event.
Summaries are extractive: the best-placed sentence of each top event of the date, most important first.
Dates keep their precision: an event known to the month is shown as a month.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterable

from kroniek.analyze.events import DATED, STATEMENT
from kroniek.link.events import stated
from kroniek.link.story import off_story_sentences
from kroniek.store import Store, scalar
from kroniek.timeline.tfidf import Vectoriser, cosine

# What makes a key date: meetings, agreements and deployments more than statements of support or ties.
TYPE_WEIGHT = {"CONSULT": 2.0, "AGREE": 2.0, "MOBILIZE": 1.5, "FIGHT": 1.5, "THREATEN": 1.0, "REJECT": 1.0,
               "AID": 0.8, "ACCUSE": 0.8, "SANCTION": 0.5, "DEMAND": 0.5, "SUPPORT": 0.3, "COOPERATE": 0.2}
DEFAULT_DATES = 20  # key events on the timeline of a large corpus
# Up to this many documents the corpus is small: its timeline is the whole story, every stated dated event
# (a reader of ten articles wants all they date, not 20 picks); above it, the DEFAULT_DATES key dates.
SMALL_CORPUS = 30
DEFAULT_SENTENCES = 2  # source sentences per entry of the key dates
WHOLE_STORY_SENTENCES = 1  # per entry of the whole story: many entries, each told by its best sentence
MAX_EVENTS_PER_DATE = 2
# A second event on a date must be nearly as strong as the date's first: else a date's filler sentences crowd
# out nothing but still clutter the timeline when the corpus has few dates.
SECOND_EVENT_RATIO = 0.65
MAX_UNDATED = 3
# Key dates favour what happened; a denied rumour or a plan can still make it, on its own strength.
# Two events of one date (or one within the other's month or year) whose sentences share this much rare wording
# (TF-IDF cosine over the corpus's sentences) tell one happening: 'Guaidó riep zichzelf in januari uit tot
# interimpresident' and 'Die riep zich in januari uit tot interim-president'.
SAME_EVENT_COSINE = 0.3
# Words in more than this share of the corpus's sentences carry no weight in that comparison.
SAME_EVENT_MAX_DF = 0.1
STATUS_WEIGHT = {"happened": 1.0, "planned": 0.9, "denied": 0.9, "speculated": 0.6, "unknown": 0.0}
_WORD = re.compile(r"\w+")


# Aggregated per event id, then joined to the events: grouped by every column of `events` (its sources JSON
# grows with the event), each of an event's mention rows carried those wide keys, and at 45,000 articles the
# aggregate needed 2 GB that DuckDB cannot spill. Ordered by id: equal weights are chosen by id in every build.
EVENT_SCORES_SQL = """
WITH per_event AS (
    SELECT m.event AS id, count(DISTINCT m.doc) AS docs, count(*) AS mentions,
           bool_or(m.date_source = 'timex') AS timex_dated, min(m.sentence) AS first_sentence,
           list(substr(d.text, s.start + 1, s."end" - s.start)) AS sentence_texts, any_value(d.language) AS language,
           bool_or(d.date IS NULL) AS from_undated
    FROM event_mentions m JOIN documents d ON d.id = m.doc JOIN sentences s ON s.doc = m.doc AND s.idx = m.sentence
    WHERE m.event IS NOT NULL GROUP BY m.event)
SELECT e.*, p.* EXCLUDE (id) FROM events e JOIN per_event p ON p.id = e.id ORDER BY e.id"""


def event_scores(store: Store) -> list[dict]:
    rows = store.rows(EVENT_SCORES_SQL)
    for r in rows:
        r["score"] = score(r)
        r["sources"] = json.loads(r["sources"]) if isinstance(r["sources"], str) else r["sources"]
        r["stated"] = stated(bool(r["timex_dated"]), r["first_sentence"], r["sentence_texts"], r["language"])
        del r["sentence_texts"]
    return rows


def documents(store: Store) -> int:
    return int(scalar(store.con, "SELECT count(*) FROM documents") or 0)


def default_dates(n_documents: int, events: list[dict]) -> int | None:
    """How many dates the timeline keeps when none is asked for: every stated event (None) for a small corpus,
    the DEFAULT_DATES key dates for a large one."""
    return None if n_documents <= SMALL_CORPUS else DEFAULT_DATES


def score(event: dict) -> float:
    """An event's importance: documents reporting it above all, then mentions, participants, a stated date."""
    return round(
        2.0 * event["docs"] + math.log1p(event["mentions"]) + 0.5 * min(len(event["participants"] or []), 4)
        + (1.0 if event["timex_dated"] else 0.0) + TYPE_WEIGHT.get(event["type"], 0.3), 3)


def weight(event: dict) -> float:
    """What ranks an event for the timeline: its score, weighted by its status."""
    return _weight(event)


def _similar(a: str, b: str) -> bool:
    wa, wb = set(_WORD.findall(a.lower())), set(_WORD.findall(b.lower()))
    return bool(wa and wb) and len(wa & wb) / min(len(wa), len(wb)) > 0.7


def select(events: list[dict], n_dates: int | None = DEFAULT_DATES, per_date: int = DEFAULT_SENTENCES) -> list[dict]:
    """The top events, at most MAX_EVENTS_PER_DATE on one date and none retelling a chosen one, oldest first;
    each summarised by its best source sentences, from different documents first. `n_dates` None: the whole
    story, every stated dated event (see `stated`), any number on one date."""
    # a source's statement is in the chronology; the timeline tells what happened and what was planned
    events = [e for e in events if e["type"] != STATEMENT]
    if n_dates is None:
        chosen = _choose([e for e in events if e["date"] and e.get("stated", True) and e.get("on_story", True)],
                         len(events), per_date_cap=None)
    else:
        chosen = _choose([e for e in events if e["date"]], n_dates)
    chosen += _undated(events, chosen)
    entries = []
    leads = {(c["sources"][0]["doc"], c["sources"][0]["start"]): c["id"] for c in chosen}
    for ev in sorted(chosen, key=lambda e: (e["date"] is None, e["date"] or "", -e["score"])):
        # a sentence that leads another entry tells that entry's event ('Kim heeft gereageerd op de brief')
        own = [s for s in ev["sources"] if leads.get((s["doc"], s["start"]), ev["id"]) == ev["id"]]
        sentences = _summary_sentences(own or ev["sources"], per_date)
        entries.append({
            "date": ev["date"], "date_precision": ev["date_precision"],
            "summary": " ".join(s["text"] for s in sentences), "event": ev["id"], "score": ev["score"],
            # the summary's sentences first, then every other article that tells the event (one entry, all
            # its sources), but not a sentence that leads another entry
            "status": ev["status"], "type": ev["type"],
            "sources": _with_retold(sentences + _other_articles(own, sentences), ev.get("retold", ())),
        })
    return entries


def _undated(events: list[dict], chosen: list[dict]) -> list[dict]:
    """Events whose sources give no date but that are as strong as the dated key events (an undated article
    reporting a visit): shown after the dated entries, at most MAX_UNDATED, rather than silently dropped."""
    floor = min((_weight(c) for c in chosen), default=0.0)
    # Only an undated article's events: its inferred range places them ('after 2022-02'); an undated event
    # of a dated article (a speaker's aside, background of no known time) has no place on a timeline.
    undated = [e for e in events if not e["date"] and STATUS_WEIGHT.get(e["status"]) and _weight(e) >= floor
               and e.get("from_undated", True) and e.get("stated", True)]
    return _choose(undated, MAX_UNDATED, key=lambda e: e["sources"][0]["doc"])  # one article, one happening


def mark_whole_story(store: Store, events: list[dict]) -> None:
    """`mark_story` over the store's documents; the events off the story are marked in the store too, for the
    chronology, which leaves them out as well (the events listing keeps them, marked)."""
    docs = {d: (t, lang) for d, t, lang in store.con.execute("SELECT id, text, language FROM documents").fetchall()}
    sentences: dict[str, list[tuple[int, int]]] = {}
    for d, start, end in store.con.execute('SELECT doc, start, "end" FROM sentences').fetchall():
        sentences.setdefault(d, []).append((start, end))
    off_ids = mark_story(docs, sentences, events)
    if off_ids:
        store.con.execute("UPDATE events SET on_story = false WHERE list_contains(?, id)", [off_ids])


def mark_story(docs: dict[str, tuple[str, str | None]], sentences: dict[str, list[tuple[int, int]]],
               events: list[dict]) -> list[str]:
    """What the whole story's selection reads beside the scores: each event's `on_story` (is any of its
    sentences about the corpus's story, see link.story) and `wording` (its lead sentence's TF-IDF vector);
    returns the ids of the events off the story. A pure function: the Spark build runs it too."""
    texts = Vectoriser((docs[d][0][a:b] for d, spans in sentences.items() for a, b in spans if d in docs),
                       max_df=SAME_EVENT_MAX_DF)
    for ev in events:
        ev["wording"] = texts.vector(ev["sources"][0]["text"])  # its best sentence: a cluster may hold strays
    off = off_story_sentences(docs, sentences)
    for ev in events:
        ev["on_story"] = not off or any((s["doc"], s["start"]) not in off for s in ev["sources"])
    return [ev["id"] for ev in events if not ev["on_story"]]


def _choose(events: list[dict], n: int, key: Callable[[dict], str] = lambda e: e["date"],
            per_date_cap: int | None = MAX_EVENTS_PER_DATE) -> list[dict]:
    """The strongest n events, at most `per_date_cap` per date key, none retelling a chosen one."""
    chosen: list[dict] = []
    per_day: dict[str, int] = {}
    best: dict[str, float] = {}
    for ev in sorted(events, key=_weight, reverse=True):
        if len(chosen) == n:
            break
        day = key(ev)
        if not STATUS_WEIGHT.get(ev["status"]):
            continue
        if per_date_cap is not None and (per_day.get(day, 0) >= per_date_cap
                                         or (day in best and _weight(ev) < SECOND_EVENT_RATIO * best[day])):
            continue
        lead = ev["sources"][0]
        # The same happening told as two events, or its sentence already tells a chosen one. With no cap per
        # date (the whole story) only a chosen event's own lead sentence counts: one sentence can tell two
        # events ('Net voor de ontmoeting lanceerde Noord-Korea raketten').
        whole = per_date_cap is None
        told = _told if not whole else (lambda s, c: _told(s, {"sources": c["sources"][:1]}))
        host = next((c for c in chosen if told(lead, c) or (key(c) == day and (
            _similar(lead["text"], c["sources"][0]["text"]) or (whole and _retelling(ev, c))))
            or (whole and _same_wording(ev, c))), None)
        if host is not None:  # one entry, all its sources: the retelling's sentences join the chosen entry
            if whole and _finer(ev, host):  # the entry shows the happening at the finest date told
                chosen[chosen.index(host)] = ev
                ev["retold"] = [host, *host.pop("retold", [])]
            else:
                host.setdefault("retold", []).append(ev)
            continue
        per_day[day] = per_day.get(day, 0) + 1
        best.setdefault(day, _weight(ev))
        chosen.append(ev)
    return chosen


def _retelling(ev: dict, chosen: dict) -> bool:
    """Does `ev` tell the happening of a chosen event of the same day? Two plans for one stated day ('the
    deadline is October 31', 'leave by October 31') are one plan; an event known by its date alone that names
    a person of a typed event that day ('Guaidó maakte maandag een lange neus') retells that event."""
    if ev["date_precision"] != "day" or ev["date"] != chosen["date"]:
        return False
    if ev["status"] == chosen["status"] == "planned":
        return True
    return (ev["type"] == DATED and chosen["type"] != DATED
            and bool(set(ev["participants"] or ()) & set(chosen["participants"] or ())))


def _same_wording(ev: dict, chosen: dict) -> bool:
    """Do two events of nested dates (one day, or a day in the other's month or year) share rare wording?"""
    if not (_within(ev["date"], chosen["date"]) or _within(chosen["date"], ev["date"])):
        return False
    a, b = ev.get("wording") or {}, chosen.get("wording") or {}
    return cosine(a, b) >= SAME_EVENT_COSINE


def _within(inner: str | None, outer: str | None) -> bool:
    """Is date `inner` the date `outer` or inside it ('2019-03-10' within '2019-03' and '2019')?"""
    return inner is not None and outer is not None and (inner == outer or inner.startswith(f"{outer}-"))


def _finer(ev: dict, than: dict) -> bool:
    return ev["date"] != than["date"] and _within(ev["date"], than["date"])


def _told(sentence: dict, event: dict) -> bool:
    """Is this source sentence among the sentences of an event already chosen?"""
    return any(s["doc"] == sentence["doc"] and s["start"] == sentence["start"] for s in event["sources"])


def _weight(ev: dict) -> float:
    return ev["score"] * STATUS_WEIGHT.get(ev["status"], 0.5)


def _with_retold(sources: list[dict], retold) -> list[dict]:
    """The entry's sources and those of every event that retold it, each sentence once."""
    return sources + _unseen((s for ev in retold for s in ev["sources"]), _sentence_key, sources)


def _other_articles(sources: list[dict], picked: list[dict]) -> list[dict]:
    """The best sentence of each article that tells the event and gives no summary sentence."""
    return _unseen(sources, lambda s: s["doc"], picked)


def _sentence_key(s: dict) -> tuple[str, int]:
    return s["doc"], s["start"]


def _unseen(items: Iterable[dict], key: Callable[[dict], object], known: list[dict]) -> list[dict]:
    """The items in order whose key is neither among `known` nor an earlier item's."""
    seen = {key(k) for k in known}
    out = []
    for item in items:
        if key(item) not in seen:
            seen.add(key(item))
            out.append(item)
    return out


def _summary_sentences(sources: list[dict], k: int) -> list[dict]:
    """Up to k sentences in the event's ranking, one per document first, no near-duplicates."""
    picked: list[dict] = []
    for pass_ in (0, 1):
        for s in sources:
            if len(picked) == k:
                return picked
            if s in picked or any(_similar(s["text"], p["text"]) for p in picked):
                continue
            if pass_ == 0 and any(p["doc"] == s["doc"] for p in picked):
                continue
            picked.append(s)
    return picked


def link(store: Store, n_dates: int | None = -1, per_date: int = DEFAULT_SENTENCES) -> None:
    """The timeline table; `n_dates` -1 (the default) chooses by the corpus's size (`default_dates`)."""
    events = event_scores(store)
    if n_dates == -1:
        n_dates = default_dates(documents(store), events)
    if n_dates is None:  # the whole story: no entry from a stretch of text off it
        mark_whole_story(store, events)
    entries = select(events, n_dates, WHOLE_STORY_SENTENCES if n_dates is None else per_date)
    store.replace_rows("timeline", {
        "rank": list(range(len(entries))), "date": [e["date"] for e in entries],
        "date_precision": [e["date_precision"] for e in entries], "summary": [e["summary"] for e in entries],
        "event": [e["event"] for e in entries], "score": [e["score"] for e in entries],
        "sources": [json.dumps(e["sources"], ensure_ascii=False) for e in entries],
        "status": [e["status"] for e in entries],
    })

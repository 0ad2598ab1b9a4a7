"""Dating undated articles from the corpus: what dated articles that tell the same story were published.

An article with no date of its own (no metadata, no header, its text giving at most a lower bound) usually
tells events that dated articles of the same corpus tell too, with the same names and rare words. Its
neighbours are the dated documents that share its events (the event linker's clusters) or, failing that, its
rarest terms and entities (inverse document frequency weights, an inverted index so only documents sharing a
rare term are compared). Its range runs from the earliest to the latest publication date of its best
neighbours, widened by a small margin; an article is written after what it reports, so the lower bound the
text itself gives (the time layer's `date_from`) is kept when it is later.

The result is a range with a precision no finer than its width (`date_source = "corpus"`) and the documents it
came from (`date_basis`); the text's own bound is kept aside (`text_from`, `text_to`), so linking again after
new documents arrive starts from what the text says, not from the last guess.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from kroniek.link.ages import age_ranges
from kroniek.resources import resource_json
from kroniek.store import Store

_TERM = re.compile(r"[^\W\d_]{4,}")  # words of four letters or more, any script
RARE_SHARE = 0.02  # a term in at most this share of the documents (and at least two) is rare
NEIGHBOURS = 3  # dated documents a range is drawn from
MARGIN_DAYS = 2  # an article appears around the dates of the articles telling the same events
MIN_SIMILARITY = 0.12  # below this, shared terms say too little to date an article
RELATIVE_GAP_DAYS = 14  # a relative reference's range this close to the neighbours' one replaces it
INFORMATIVE_SHARE = 0.5  # neighbours that are most of the dated documents do not date an article
EVENT_WEIGHT = 1.0  # a shared event counts as much as a perfect term match


@dataclass(frozen=True)
class Dated:
    lo: date
    hi: date


def _day_range(value: str, precision: str | None) -> Dated | None:
    """A stored date at its precision as the days it covers: '2019-03' is the whole of March."""
    try:
        if len(value) >= 10:
            d = date.fromisoformat(value[:10])
            return Dated(d, d)
        if len(value) >= 7:
            y, m = int(value[:4]), int(value[5:7])
            nxt = date(y + (m == 12), m % 12 + 1, 1)
            return Dated(date(y, m, 1), nxt - timedelta(days=1))
        y = int(value[:4])
        return Dated(date(y, 1, 1), date(y, 12, 31))
    except ValueError:
        return None


def _terms(store: Store) -> dict[str, Counter]:
    """Each document's rare terms and linked entities, as features to compare documents by."""
    docs: dict[str, Counter] = {}
    for doc, text in store.con.execute("SELECT id, lower(text) FROM documents").fetchall():
        docs[doc] = Counter(_TERM.findall(text))
    for doc, entity in store.con.execute(
            "SELECT doc, entity FROM mentions WHERE entity IS NOT NULL").fetchall():
        if doc in docs:
            docs[doc]["\x00" + entity] += 1  # an entity id is a term no word can be
    df = Counter(t for feats in docs.values() for t in feats)
    ceiling = max(3, RARE_SHARE * len(docs))
    n = len(docs) + 1
    idf = {t: math.log(n / c) for t, c in df.items() if 2 <= c <= ceiling}
    return {d: Counter({t: idf[t] for t in feats if t in idf}) for d, feats in docs.items()}


def _similar(doc: str, feats: dict[str, Counter], index: dict[str, list[str]],
             dated: dict[str, Dated]) -> dict[str, float]:
    """Cosine similarity of `doc` to the dated documents sharing one of its rare terms."""
    mine = feats.get(doc, Counter())
    norm = math.sqrt(sum(w * w for w in mine.values())) or 1.0
    dots: dict[str, float] = defaultdict(float)
    for term, w in mine.items():
        for other in index.get(term, ()):
            if other != doc and other in dated:
                dots[other] += w * feats[other][term]
    out = {}
    for other, dot in dots.items():
        other_norm = math.sqrt(sum(w * w for w in feats[other].values())) or 1.0
        out[other] = dot / (norm * other_norm)
    return out


def _events(store: Store) -> dict[str, set[str]]:
    by_doc: dict[str, set[str]] = defaultdict(set)
    for doc, event in store.con.execute(
            "SELECT DISTINCT doc, event FROM event_mentions WHERE event IS NOT NULL").fetchall():
        by_doc[doc].add(event)
    return by_doc


def _precision(lo: date, hi: date) -> str:
    if lo == hi:
        return "day"
    if (lo.year, lo.month) == (hi.year, hi.month):
        return "month"
    return "year" if lo.year == hi.year else "unknown"


def infer(doc: str, neighbours: dict[str, float], dated: dict[str, Dated],
          floor: date | None) -> tuple[date, date, list[str]] | None:
    """The range the best neighbours' dates span (with a margin), not before the text's own lower bound."""
    best = sorted(neighbours.items(), key=lambda kv: (-kv[1], kv[0]))[:NEIGHBOURS]
    if not best or len(best) > INFORMATIVE_SHARE * len(dated):
        return None  # like most dated documents of a small corpus: their dates say nothing about this one
    lo = min(dated[d].lo for d, _ in best) - timedelta(days=MARGIN_DAYS)
    hi = max(dated[d].hi for d, _ in best) + timedelta(days=MARGIN_DAYS)
    if floor and floor > hi:
        return None  # the text says it is later than everything like it: the corpus cannot date it
    return max(lo, floor) if floor else lo, hi, [d for d, _ in best]


@cache
def _relative_words(lang: str) -> tuple[dict[str, str], dict[str, int], dict[str, str]]:
    """The time layer's own words for references relative to the writing date: 'gisteren' -> '-1D',
    'vorige' -> -1, 'week' -> 'W' (resources/<lang>/timex.json: refs, rel, units)."""
    data = resource_json(lang, "timex.json")
    return data.get("refs", {}), data.get("rel", {}), data.get("units", {})


_SHIFT = re.compile(r"^([+-]\d+)([DWMY])$")


def relative_shift(text: str, lang: str) -> tuple[int, str] | None:
    """'vorige week' -> (-1, 'W'), 'gisteren' -> (-1, 'D'): how far from the writing date a reference points."""
    refs, rel, units = _relative_words(lang)
    words = text.lower().split()
    if m := _SHIFT.match(refs.get(" ".join(words), "")):
        return int(m[1]), m[2]
    if len(words) == 2 and words[0] in rel and units.get(words[1]) in ("D", "W", "M", "Y"):
        return rel[words[0]], units[words[1]]
    return None


def _shifted(event_day: date, n: int, unit: str) -> Dated:
    """The days the article can have been written on, if `event_day` is `n` units from its writing date."""
    if unit == "D":
        d = event_day - timedelta(days=n)
        return Dated(d, d)
    if unit == "W":
        monday = event_day - timedelta(days=event_day.weekday()) - timedelta(weeks=n)
        return Dated(monday, monday + timedelta(days=6))
    if unit == "M":
        k = event_day.year * 12 + event_day.month - 1 - n
        first = date(k // 12, k % 12 + 1, 1)
        nxt = date((k + 1) // 12, (k + 1) % 12 + 1, 1)
        return Dated(first, nxt - timedelta(days=1))
    return Dated(date(event_day.year - n, 1, 1), date(event_day.year - n, 12, 31))


_RELATIVE_SQL = """
SELECT DISTINCT t.doc, t.text, d.language, s.start AS s_start, s."end" AS s_end, m.type
FROM timexes t JOIN documents d ON d.id = t.doc AND d.date IS NULL
JOIN sentences s ON s.doc = t.doc AND s.start <= t.start AND t.start < s."end"
JOIN event_mentions m ON m.doc = t.doc AND m.start >= s.start AND m.start < s."end" AND m.type IS NOT NULL
ORDER BY t.doc, s_start, t.text, m.type"""
_DATED_EVENTS_SQL = """
SELECT e.id, e.type, e.date, e.participants, list(DISTINCT o.doc ORDER BY o.doc) AS basis
FROM events e JOIN event_mentions o ON o.event = e.id JOIN documents od ON od.id = o.doc AND od.date IS NOT NULL
WHERE e.date_precision = 'day' GROUP BY ALL ORDER BY e.id"""


def _sentence_entities(store: Store, docs: set[str]) -> dict[str, list[tuple[int, str]]]:
    out: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for doc, start, entity in store.con.execute(
            "SELECT doc, start, entity FROM mentions WHERE entity IS NOT NULL AND doc IN (SELECT unnest(?))",
            [sorted(docs)]).fetchall():
        out[doc].append((start, entity))
    return out


def _told_event(kind: str, names: set[str], dated_events: list[tuple]) -> tuple | None:
    """The dated event of this type with the most of these participants (two at least, or the only one)."""
    best, best_n = None, 0
    for ev in dated_events:
        if ev[1] != kind:
            continue
        n = len(names & set(ev[3] or []))
        if n > best_n and n >= min(2, len(ev[3] or [])):
            best, best_n = ev, n
    return best


def relative_ranges(store: Store) -> dict[str, tuple[Dated, list[str]]]:
    """Undated documents that place an event the corpus dates elsewhere relative to their own writing date
    ('vorige week ontmoette Jansen Müller', the meeting dated by other articles): the days they can have been
    written on, and the documents that date the event. The event is found by its type and participants (the
    entities of the reference's sentence). Several references narrow the range; contradicting ones leave the
    first."""
    rows = store.con.execute(_RELATIVE_SQL).fetchall()
    shifts = [(r, shift) for r in rows if (shift := relative_shift(r[1], r[2]))]
    if not shifts:
        return {}
    dated_events = store.con.execute(_DATED_EVENTS_SQL).fetchall()
    entities = _sentence_entities(store, {r[0] for r, _ in shifts})
    out: dict[str, tuple[Dated, list[str]]] = {}
    for (doc, _text, _lang, s_start, s_end, kind), shift in shifts:
        names = {e for start, e in entities.get(doc, ()) if s_start <= start < s_end}
        event = _told_event(kind, names, dated_events) if names else None
        day = _day_range(event[2], "day") if event else None
        if not day or event is None:
            continue
        rng, basis = _shifted(day.lo, *shift), list(event[4])
        if doc in out:
            old, old_basis = out[doc]
            lo, hi = max(old.lo, rng.lo), min(old.hi, rng.hi)
            if lo <= hi:
                out[doc] = (Dated(lo, hi), sorted(set(old_basis) | set(basis)))
            continue
        out[doc] = (rng, basis)
    return out


def _refined(found: tuple[date, date, list[str]] | None, rng: Dated, basis: list[str], floor: date | None,
             replace_within: int | None = RELATIVE_GAP_DAYS) -> tuple[date, date, list[str]] | None:
    """Other evidence (a relative reference, a stated age) narrows the neighbours' range where the two overlap,
    and replaces it when it lies within `replace_within` days of it (an article on last week's meeting appears
    after the articles reporting it); farther, or with `replace_within` None, the neighbours stand (the event
    found for a reference may be another occurrence, an age a namesake's). Without neighbours the evidence
    alone dates the article."""
    lo, hi = (max(rng.lo, floor), rng.hi) if floor else (rng.lo, rng.hi)
    if lo > hi:
        return found
    if found is None:
        return lo, hi, basis
    both = sorted(set(basis) | set(found[2]))
    if max(lo, found[0]) <= min(hi, found[1]):
        return max(lo, found[0]), min(hi, found[1]), both
    if replace_within is None:
        return found
    gap = (lo - found[1]).days if lo > found[1] else (found[0] - hi).days
    return (lo, hi, basis) if gap <= replace_within else found


def _reset(store: Store) -> None:
    """Undo the last corpus dating: back to the text's own range (kept aside in text_from/text_to), or none."""
    store.con.execute(
        "UPDATE documents SET date_from = text_from, date_to = text_to, date_basis = NULL, "
        "date_source = CASE WHEN text_from IS NOT NULL OR text_to IS NOT NULL THEN 'inferred' ELSE 'none' END, "
        "date_precision = 'unknown', text_from = NULL, text_to = NULL WHERE date_source = 'corpus'")


def neighbours_of(doc: str, events: dict[str, set[str]], feats: dict[str, Counter], index: dict[str, list[str]],
                  dated: dict[str, Dated]) -> dict[str, float]:
    """Dated documents like `doc`: those sharing its events (each shared event adds EVENT_WEIGHT) or, when it
    shares none, those whose rare terms and entities are close enough."""
    sims = _similar(doc, feats, index, dated)
    mine = events.get(doc, set())
    shared = {d: EVENT_WEIGHT * len(mine & events[d]) + sims.get(d, 0.0)
              for d in dated if d != doc and mine & events.get(d, set())} if mine else {}
    return shared or {d: s for d, s in sims.items() if s >= MIN_SIMILARITY}


def _floor(text_from: str | None, latest: date) -> date | None:
    """The text's own lower bound, unless it is later than every dated document: a year the text names in the
    future ('by 2030') is no bound on when it was written."""
    bound = _day_range(text_from, None) if text_from else None
    return bound.lo if bound and bound.lo <= latest else None


def link(store: Store) -> None:
    _reset(store)
    rows = store.rows("SELECT id, date, date_precision, date_from FROM documents")
    dated = {r["id"]: rng for r in rows if r["date"] and (rng := _day_range(r["date"], r["date_precision"]))}
    undated = [r for r in rows if not r["date"]]
    if not undated or not dated:
        return
    feats = _terms(store)
    index: dict[str, list[str]] = defaultdict(list)
    for d, terms in feats.items():
        for t in terms:
            index[t].append(d)
    events = _events(store)
    latest = max(d.hi for d in dated.values())
    relative = relative_ranges(store)
    ages = age_ranges(store, {d: (rng.lo, rng.hi) for d, rng in dated.items()})
    updates = []
    for r in undated:
        floor = _floor(r["date_from"], latest)
        found = infer(r["id"], neighbours_of(r["id"], events, feats, index, dated), dated, floor)
        if r["id"] in relative:
            found = _refined(found, *relative[r["id"]], floor)
        if r["id"] in ages:  # the coarsest clue: it narrows, or dates alone, never replaces
            lo, hi, basis = ages[r["id"]]
            found = _refined(found, Dated(lo, hi), basis, floor, replace_within=None)
        if found:
            lo, hi, basis = found
            updates.append((lo.isoformat(), hi.isoformat(), _precision(lo, hi), basis, r["id"]))
    if not updates:
        return
    store.con.executemany(
        "UPDATE documents SET text_from = date_from, text_to = date_to, date_from = ?, date_to = ?, "
        "date_precision = ?, date_basis = ?, date_source = 'corpus' WHERE id = ?", updates)

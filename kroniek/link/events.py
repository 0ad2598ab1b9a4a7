"""Events across documents: mentions of one real-world event, told in several articles, become one event.

Stages, each linear in the number of event mentions:
1. within a document, mentions of one type and one date form a document event (their participants, places
   and sentences pooled), because an article about a summit mentions it many times;
2. document events are blocked by (type, year) and merged across documents when their dates are
   compatible ('2019' and '2019-04') and they share a participant (a person when both name one; else also a
   place, or the same day named in both texts);
3. each cluster becomes an event with the most precise date its sources state, a status, participants
   and place ranked by support, and every source sentence as a span.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import cache

import pyarrow as pa

from kroniek.analyze.events import STATEMENT
from kroniek.resources import resource_json
from kroniek.store import Store

STATUS_ORDER = ("happened", "denied", "planned", "speculated", "unknown")
DOCUMENT_DATE_SLACK_DAYS = 3
PRECISION_RANK = {"day": 3, "month": 2, "year": 1, "decade": 0, "unknown": -1}


@dataclass
class DocEvent:
    doc: str
    type: str
    date: str | None
    precision: str
    timex_dated: bool
    doc_date: str | None
    mentions: list[dict] = field(default_factory=list)
    participants: Counter = field(default_factory=Counter)
    persons: set = field(default_factory=set)
    places: Counter = field(default_factory=Counter)
    place_spans: dict = field(default_factory=dict)


def compatible(a: str | None, b: str | None) -> bool:
    """Dates at different precisions agree when one is a prefix of the other ('2019' and '2019-04-25')."""
    if a is None or b is None:
        return False
    return a.startswith(b) or b.startswith(a)


# Only the mentions an event mention names as a participant or its place: the others are never looked up.
_KEYED_SQL = """
WITH named AS (
    SELECT DISTINCT doc, p[1] AS start, p[2] AS "end" FROM (SELECT doc, unnest(participants) AS p FROM event_mentions)
    UNION SELECT doc, location_start, location_end FROM event_mentions WHERE location_start IS NOT NULL)
SELECT m.doc, m.start, m."end", coalesce(m.entity, 'text:' || lower(m.text)), m.type, m.text
FROM mentions m JOIN named n ON n.doc = m.doc AND n.start = m.start AND n."end" = m."end"
"""


def _entity_keys(store: Store) -> dict[tuple[str, int, int], tuple[str, str, str]]:
    """(doc, start, end) of every mention an event names -> (entity key, type, text). Without identity, the
    text is the key."""
    shared: dict[str, str] = {}  # one string per document id, key and type, not one per row
    out = {}
    for d, s, e, key, t, txt in store.con.execute(_KEYED_SQL).fetchall():
        out[(shared.setdefault(d, d), s, e)] = (shared.setdefault(key, key), shared.setdefault(t, t), txt)
    return out


EVENT_ROWS_SQL = (
    'SELECT m.doc, m.start, m."end", m.trigger, m.type, m.status, m.sentence, m.date, m.date_precision, '
    'm.date_source, m.location_start, m.location_end, m.participants, s.start AS s_start, s."end" AS s_end, '
    'd.date AS doc_date, d.language AS language, substr(d.text, s.start + 1, s."end" - s.start) AS sentence_text, '
    'EXISTS (SELECT 1 FROM quotes q WHERE q.doc = m.doc AND q.start < s."end" AND q."end" > s.start) AS quoted '
    'FROM event_mentions m JOIN documents d ON d.id = m.doc '
    'JOIN sentences s ON s.doc = m.doc AND s.idx = m.sentence ORDER BY m.doc, m.start')


def _doc_events(store: Store) -> list[DocEvent]:
    return doc_events(store.rows(EVENT_ROWS_SQL), _entity_keys(store))


def doc_events(rows: list[dict], keys: dict[tuple[str, int, int], tuple[str, str, str]]) -> list[DocEvent]:
    """Event mention rows (in document, offset order) -> document events; `keys` maps the mentions they name.
    A pure function of its input, so the Spark build runs it per document (kroniek.spark.link)."""
    grouped: dict[tuple, DocEvent] = {}
    first_date: dict[tuple, str | None] = {}
    for r in rows:
        # a sentence states the date of its first event; another date in it is said in passing ('On Wednesday the
        # court ruled on the suspension, which took effect on Tuesday'), so it is no plain source of that event
        r = {**r, "secondary": first_date.setdefault((r["doc"], r["sentence"]), r["date"]) != r["date"]}
        # a document's statements of one day are one event per speaker (its first participant), not one
        key = (r["doc"], r["type"], r["date"],
               tuple((r["participants"] or [()])[0]) if r["type"] == STATEMENT else None)
        ev = grouped.get(key)
        if ev is None:
            ev = grouped[key] = DocEvent(r["doc"], r["type"], r["date"], r["date_precision"] or "unknown",
                                         False, r["doc_date"])
        ev.timex_dated |= r["date_source"] == "timex"
        ev.mentions.append(r)
        for start, end in r["participants"] or []:
            key_, etype, _ = keys.get((r["doc"], start, end), (None, None, None))
            if key_:
                ev.participants[key_] += 1
                if etype == "PER":
                    ev.persons.add(key_)
        if r["location_start"] is not None:
            loc = keys.get((r["doc"], r["location_start"], r["location_end"]))
            if loc:
                ev.places[loc[0]] += 1
                ev.place_spans.setdefault(loc[0], (r["doc"], r["location_start"], r["location_end"], loc[2]))
    return list(grouped.values())


def _close_days(a: str | None, b: str | None, days: int) -> bool:
    if a is None or b is None:
        return False
    da, db = date.fromisoformat(a), date.fromisoformat(b)
    return abs((da - db).days) <= days


def _mergeable(a: DocEvent, b: DocEvent) -> bool:
    if a.doc == b.doc:
        return False
    if not compatible(a.date, b.date):
        # An article dated by its publication day reports what happened a day or two before.
        loose = not (a.timex_dated and b.timex_dated) and a.precision == b.precision == "day"
        if not (loose and _close_days(a.date, b.date, DOCUMENT_DATE_SLACK_DAYS)):
            return False
    if a.persons and b.persons:
        return bool(a.persons & b.persons)
    if stated_day(a) and stated_day(a) == stated_day(b):
        return bool(set(a.participants) & set(b.participants))  # one day named in both texts: a strong key
    # Without people on both sides, shared countries alone ('Rusland', 'Noord-Korea') are too common a
    # ground: the same place is needed as well.
    return bool(set(a.participants) & set(b.participants)) and bool(set(a.places) & set(b.places))


def blocking_keys(ev: DocEvent) -> set[tuple]:
    """Keys two events must share to be mergeable (see _mergeable): a person, or a participant with a place.
    Comparing only within a key's block keeps clustering near linear instead of all pairs per type and year,
    and gives the same clusters: every mergeable pair shares one of these keys."""
    if not ev.date:
        return set()
    head = (ev.type, ev.date[:4])
    keys: set[tuple] = {(*head, "person", p) for p in ev.persons}
    keys |= {(*head, "place", p, place) for p in ev.participants for place in ev.places}
    if day := stated_day(ev):
        keys |= {(*head, "day", p, day) for p in ev.participants}
    return keys


def stated_day(ev: DocEvent) -> str | None:
    """The day the article's text names for the event ('op 29 oktober'), if it names one."""
    return ev.date if ev.timex_dated and ev.precision == "day" and ev.date else None


def candidate_blocks(doc_events: list[DocEvent]) -> dict[tuple, list[int]]:
    blocks: dict[tuple, list[int]] = defaultdict(list)
    for i, ev in enumerate(doc_events):
        for key in blocking_keys(ev):
            blocks[key].append(i)
    return blocks


def cluster(doc_events: list[DocEvent]) -> list[list[DocEvent]]:
    parent = list(range(len(doc_events)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for members in candidate_blocks(doc_events).values():
        for x, i in enumerate(members):
            for j in members[x + 1:]:
                if find(i) != find(j) and _mergeable(doc_events[i], doc_events[j]):
                    parent[find(j)] = find(i)
    clusters: dict[int, list[DocEvent]] = defaultdict(list)
    for i, ev in enumerate(doc_events):
        clusters[find(i)].append(ev)
    return list(clusters.values())


def _status(members: list[DocEvent]) -> str:
    """Each article's word on the event is the status of its first mention (its lead states it; a later 'het
    bezoek' says nothing of whether it took place). A later article's 'it happened' settles an earlier plan, a
    denial beats a rumour."""
    statuses: Counter = Counter()
    latest: dict[str, str] = {}
    for ev in members:
        first = _lead_status(ev.mentions)
        statuses[first] += 1
        when = str(ev.doc_date or "9999")  # an undated article may be the latest
        latest[first] = max(latest.get(first, ""), when)
    if statuses["happened"] and statuses["happened"] >= statuses["speculated"] + statuses["denied"] \
            and latest["happened"] >= latest.get("planned", ""):
        return "happened"
    if statuses["denied"]:
        return "denied"
    for status in ("planned", "speculated", "happened", "unknown"):
        if statuses[status]:
            return status
    return "unknown"


LEAD_SENTENCES = 3  # an article states its news in its first sentences


def _lead_status(mentions: list[dict]) -> str:
    """One article's word on its event: a denial anywhere in it settles what it reported; a plan or a rumour
    stated in its lead is what the article is about (a later 'het bezoek' says nothing of whether the visit
    took place); else its mentions vote, and an unmarked mention counts as 'happened'."""
    statuses = Counter(m["status"] for m in mentions)
    if statuses["denied"]:
        return "denied"
    lead = [m for m in sorted(mentions, key=lambda m: m["start"]) if m["sentence"] < LEAD_SENTENCES]
    if lead and lead[0]["status"] in ("planned", "speculated"):
        return lead[0]["status"]
    if statuses["happened"] and statuses["happened"] >= statuses["speculated"] + statuses["planned"]:
        return "happened"
    return max(("planned", "speculated", "unknown"), key=lambda k: statuses[k])


def _date(members: list[DocEvent]) -> tuple[str | None, str]:
    """The most precise date a source states in its text; else the earliest document date (reports follow)."""
    dated = [ev for ev in members if ev.date]
    if not dated:
        return None, "unknown"
    best = min(dated, key=lambda ev: (not ev.timex_dated, -PRECISION_RANK[ev.precision], ev.date))
    return best.date, best.precision


_QUOTE_MARKS = "\"'‘’“”„«»"


def _sentence_score(m: dict) -> float:
    """Prefer sentences that state the event plainly: in the article's lead, with named participants, a
    place and an explicit date, in the reporter's words rather than a quote or a question, not too long, and
    stating this event's date rather than another's."""
    text = m["sentence_text"].strip()
    quoted = m["quoted"] or text[:1] in _QUOTE_MARKS or sum(text.count(q) for q in _QUOTE_MARKS) >= 2
    return (min(len(m["participants"] or []), 3) + 2 * (m["date_source"] == "timex") + (m["status"] == "happened")
            + (m["location_start"] is not None) + 3 / (1 + m["sentence"]) - abs(len(text) - 140) / 140
            - 2 * quoted - 3 * text.endswith("?") - 3 * bool(m.get("secondary")))


LEAD_SENTENCES = 2  # an event in an article's first sentences is what the article states


def stated(timex_dated: bool, first_sentence: int, sentence_texts: list[str], language: str | None) -> bool:
    """Is the event the subject of a statement, not a word in passing ('de steun voor Oekraïne')? Its text dates
    it, an article's lead tells it, or a sentence telling it (not a question) holds a past-tense word of the
    language's tense list ('lanceerde', 'hebben', 'onlangs'; the loose suffix patterns are left out: they
    match plural nouns too)."""
    if timex_dated or first_sentence < LEAD_SENTENCES:
        return True
    past = _past_words(language or "und")
    return any(past.search(t) for t in sentence_texts if t and not t.rstrip("’'\"” ").endswith("?"))


@cache
def _past_words(lang: str) -> re.Pattern[str]:
    words = sorted(resource_json(lang, "timex.json")["tense"]["past"], key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words) + r")(?!\w)", re.IGNORECASE)


def event_id(members: list[DocEvent]) -> str:
    first = min((m["doc"], m["start"]) for ev in members for m in ev.mentions)
    return "ev-" + hashlib.sha1(f"{members[0].type}|{first}".encode()).hexdigest()[:10]


def event_record(members: list[DocEvent]) -> dict:
    """One cluster of document events -> the event: date, status, participants, place and ranked sources."""
    participants: Counter = Counter()
    places: Counter = Counter()
    for ev in members:
        participants.update(ev.participants)
        places.update(ev.places)
    sentences: dict[tuple[str, int], dict] = {}
    for ev in members:
        for m in ev.mentions:
            sentences.setdefault((m["doc"], m["s_start"]), m)
    ranked = sorted(sentences.values(), key=lambda m: -_sentence_score(m))
    when, precision = _date(members)
    return {
        "id": event_id(members), "date": when, "date_precision": precision,
        "summary": ranked[0]["sentence_text"], "type": members[0].type, "status": _status(members),
        "participants": [p for p, _ in participants.most_common() if not p.startswith("text:")],
        "location": next((p for p, _ in places.most_common() if not p.startswith("text:")), None),
        "sources": [{"doc": m["doc"], "start": m["s_start"], "end": m["s_end"], "text": m["sentence_text"]}
                    for m in ranked],
        "docs": len({ev.doc for ev in members}),
        "keys": [*participants, *places],  # participants and places, text keys included
        "mentions": sum(len(ev.mentions) for ev in members),
        "timex_dated": any(ev.timex_dated for ev in members),
        "stated": stated(any(ev.timex_dated for ev in members), min(m["sentence"] for m in ranked),
                         [m["sentence_text"] for m in ranked], ranked[0].get("language")),
        "from_undated": any(ev.doc_date is None for ev in members),  # placed by its article's inferred range
        "members": members,
    }


def build_events(store: Store) -> list[dict]:
    return [event_record(members) for members in cluster(_doc_events(store))]


def kept(event: dict) -> bool:
    """An event worth a row: it names someone or something, or its date is stated in the text."""
    return bool(event["keys"] or event["timex_dated"])


def link(store: Store) -> None:
    events = [e for e in build_events(store) if kept(e)]
    store.replace_rows("events", {
        "id": [e["id"] for e in events], "date": [e["date"] for e in events],
        "date_precision": [e["date_precision"] for e in events], "summary": [e["summary"] for e in events],
        "type": [e["type"] for e in events], "status": [e["status"] for e in events],
        "participants": [e["participants"] for e in events], "location": [e["location"] for e in events],
        "sources": [json.dumps(e["sources"], ensure_ascii=False) for e in events],
    })
    assign = pa.table({  # noqa: F841 - read by DuckDB below
        "event": [e["id"] for e in events for ev in e["members"] for _ in ev.mentions],
        "doc": [m["doc"] for e in events for ev in e["members"] for m in ev.mentions],
        "start": [m["start"] for e in events for ev in e["members"] for m in ev.mentions],
    })
    store.con.execute("UPDATE event_mentions SET event = NULL")
    store.con.execute("UPDATE event_mentions SET event = assign.event FROM assign "
                      "WHERE event_mentions.doc = assign.doc AND event_mentions.start = assign.start")

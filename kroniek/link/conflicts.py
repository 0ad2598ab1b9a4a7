"""Where sources disagree: one event placed or dated differently, one quantity given differently.

- place: the documents of one event name different places for it on the same day (not a country against a city
  in it, not two spellings of one place: identity is decided by the entity layer first);
- date: the documents of one event state different days, at most ANCHOR_DAYS apart, for it in explicit time
  expressions, one of them a calendar date (two 'vandaag's differ by their articles' dates), with the same
  trigger word;
  for both, two accounts are of one event only when they name a common actor (a person or organisation named in
  the mention's sentence or the ACTOR_SENTENCES before it): an event cluster alone may join unrelated mentions;
- quantity: two articles give figures for the same thing counted (resources/<lang>/concepts.json) in the same
  unit, about the same event or the same subject, at the same time (the dates their sentences name, else the
  articles' own dates, at most ANCHOR_DAYS apart), held by the same party (the person or organisation named
  last before each figure), in the same scope (a number for a city and one for a whole country are different
  scopes, a share of one whole and a figure for another are different things), and the two cannot both be
  true once hedges are read as ranges.
Each side of a conflict is the exact source span.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections import Counter, defaultdict
from datetime import date, timedelta
from functools import cache
from importlib import resources as importlib_resources

from babel import Locale

from kroniek.analyze.events import STATEMENT
from kroniek.resources import LANGUAGES
from kroniek.store import Store

QUANTITY_WINDOW_DAYS = 62  # articles further apart are never compared (a first cut, on the articles' dates)
ANCHOR_DAYS = 7  # two figures are of one moment when the days they are about are at most this far apart
# Relative margins: they also cover a figure rounded to two significant digits (12.000 for 11.600).
QUANTITY_TOLERANCE = 0.1  # relative difference below which two figures agree
APPROX_TOLERANCE = 0.25  # ... when either is hedged ('circa', 'about')
SUBJECT_OVERLAP = 2  # entities two sentences must both name to be about one subject ...
SUBJECT_SHARE = 0.5  # ... and the share of all they name: a list of parties is not about any one of them
ACTOR_SENTENCES = 2  # sentences before an event mention whose persons and organisations are its actors
REPORT_LAG_DAYS = 1  # an event dated only by its article may have happened this many days before


@cache
def country_names() -> frozenset[str]:
    """Country names in the languages we read (CLDR via babel), lower case: places that contain others."""
    names: set[str] = set()
    for lang in LANGUAGES:
        names.update(n.lower() for n in Locale.parse(lang).territories.values())
    return frozenset(names)


@cache
def concepts() -> dict[str, str]:
    """Head noun (any language) -> concept name."""
    out = {}
    for lang in LANGUAGES:
        path = importlib_resources.files("kroniek.resources").joinpath(lang, "concepts.json")
        for concept, words in json.loads(path.read_text("utf-8")).items():
            if not concept.startswith("_"):
                out.update({w.lower(): concept for w in words})
    return out


@cache
def quantity_cues() -> dict[str, frozenset[str]]:
    """Bound approximators and head separators of every language we read, merged (see quantities.json)."""
    out: dict[str, set[str]] = defaultdict(set)
    for lang in LANGUAGES:
        path = importlib_resources.files("kroniek.resources").joinpath(lang, "quantities.json")
        for key, words in json.loads(path.read_text("utf-8")).items():
            if not key.startswith("_"):
                out[key].update(w.lower() for w in words)
    return {key: frozenset(words) for key, words in out.items()}


def _head(counts: str) -> tuple[list[str], int]:
    """The words of a counted phrase up to its head, and how many of the last ones name the concept."""
    words = counts.lower().replace("’", "'").split()
    cut = next((i for i, w in enumerate(words) if i and w in quantity_cues()["head_separators"]), len(words))
    words = words[:cut]  # 'containers of shells' counts containers
    for n in (2, 1):  # 'ballistische raketten' before 'raketten'
        if len(words) >= n and " ".join(words[-n:]) in concepts():
            return words, n
    return words, 1


def concept_of(counts: str | None) -> str | None:
    if not counts:
        return None
    words, n = _head(counts)
    if not words:
        return None
    key = " ".join(words[-n:])
    return concepts().get(key, words[-1])


def modifiers(counts: str | None) -> frozenset[str]:
    """The words before the head that narrow what is counted ('Noord-Koreaanse' in 'Noord-Koreaanse soldaten')."""
    if not counts:
        return frozenset()
    words, n = _head(counts)
    return frozenset(w for w in words[:-n] if w not in quantity_cues()["function_words"])


def _conflict(kind: str, description: str, sides: list[dict]) -> dict:
    key = "|".join(f"{s['doc']}:{s['start']}" for s in sides)
    return {"id": "cf-" + hashlib.sha1(f"{kind}|{key}".encode()).hexdigest()[:10], "kind": kind,
            "description": description, "sides": sides}


def _span(doc: str, start: int, end: int, text: str) -> dict:
    return {"doc": doc, "start": start, "end": end, "text": text}


# A source's statement is no occasion of its own to disagree about: one speaker's statements of a day are one
# event whatever they were about, so its mentions neither place, date nor give a subject to a figure.
NOT_STATEMENT = f"type IS DISTINCT FROM '{STATEMENT}'"  # on an event mention's columns (the Spark build too)
_NOT_STATEMENT = f"em.{NOT_STATEMENT}"
# The persons and organisations named in an event mention's sentence or the ACTOR_SENTENCES before it
# ('Kim ging naar Rusland. ... De Russische president ontving zijn hoog bezoek op Vostotsjny').
ACTORS_SQL = (
    f"(SELECT list(DISTINCT a.entity) FROM mentions a WHERE a.doc = em.doc AND a.entity IS NOT NULL "
    f"AND a.type IN ('PER', 'ORG') AND a.sentence BETWEEN em.sentence - {ACTOR_SENTENCES} AND em.sentence) AS actors")
PLACE_SQL = (
    'SELECT em.event, em.doc, em.location_start AS start, em.location_end AS "end", m.text, '
    "coalesce(m.entity, 'text:' || lower(m.text)) AS place, e.name, e.aliases, ev.summary, em.date AS day, "
    "em.date_source = 'timex' AS day_stated, "
    + ACTORS_SQL + " FROM event_mentions em JOIN mentions m ON m.doc = em.doc AND m.start = em.location_start "
    'AND m."end" = em.location_end LEFT JOIN entities e ON e.id = m.entity JOIN events ev ON ev.id = em.event '
    f"WHERE em.event IS NOT NULL AND em.status = 'happened' AND {_NOT_STATEMENT} ORDER BY em.event, em.doc, em.start")
DATE_SQL = (
    "SELECT em.event, em.doc, em.date, t.start, t.\"end\", t.text, lower(em.trigger) AS trigger, " + ACTORS_SQL
    + " FROM event_mentions em "
    "JOIN timexes t ON t.doc = em.doc AND t.start = em.timex_start "
    f"WHERE em.event IS NOT NULL AND em.date_source = 'timex' AND em.date_precision = 'day' AND {_NOT_STATEMENT} "
    "ORDER BY em.event, em.doc, t.start")
# Each dated claim with what its sentence is about: the places named in it (its scope), the known entities named
# in it (not MISC: 'Noord-Koreaanse' names no subject), the persons and organisations with their offsets (who
# holds the figure), the events mentioned in it (its subject), and the dates its time expressions name.
_IN_SENTENCE = ("JOIN sentences s ON s.doc = {t}.doc AND {t}.start >= s.start AND {t}.\"end\" <= s.\"end\" "
                "WHERE {t}.doc = c.doc AND s.start <= c.start AND c.\"end\" <= s.\"end\"")
QUANTITY_SQL = (
    'SELECT c.doc, c.start, c."end", c.text, c.value, c.unit, c.counts, c.approx, d.date, '
    "(SELECT list(coalesce(m.entity, 'text:' || lower(m.text))) FROM mentions m " + _IN_SENTENCE.format(t="m")
    + " AND m.type IN ('LOC', 'GPE') AND m.metonym_of IS NULL) AS places, "
    "(SELECT list(DISTINCT m.entity) FROM mentions m " + _IN_SENTENCE.format(t="m")
    + " AND m.entity IS NOT NULL AND m.type <> 'MISC') AS subjects, "
    "(SELECT list(DISTINCT em.event) FROM event_mentions em " + _IN_SENTENCE.format(t="em")
    + f" AND em.event IS NOT NULL AND {_NOT_STATEMENT}) AS events, "
    "(SELECT list(DISTINCT m.start || ':' || m.entity) FROM mentions m " + _IN_SENTENCE.format(t="m")
    + " AND m.entity IS NOT NULL AND (m.type IN ('PER', 'ORG') OR m.metonym_of IS NOT NULL)) AS holders, "
    "(SELECT list(DISTINCT t.value) FROM timexes t " + _IN_SENTENCE.format(t="t")
    + " AND t.type = 'DATE' AND regexp_matches(t.value, '^[0-9]{4}')) AS dates "
    "FROM claims c JOIN documents d ON d.id = c.doc WHERE d.date IS NOT NULL")


def place_conflicts(store: Store) -> list[dict]:
    return places_disagree(store.rows(PLACE_SQL))


def places_disagree(rows: list[dict]) -> list[dict]:
    """PLACE_SQL rows (by event, document, offset) -> place conflicts; pure, so it runs per event in Spark."""
    by_event: dict[str, dict[str, Counter]] = defaultdict(lambda: defaultdict(Counter))
    spans: dict[tuple[str, str, str], dict] = {}
    accounts: dict[tuple[str, str], tuple[set, set]] = defaultdict(lambda: (set(), set()))  # actors, days
    summaries = {}
    for r in rows:
        names = {r["text"].lower(), (r["name"] or "").lower(), *(a.lower() for a in r["aliases"] or [])}
        if names & country_names():
            continue  # a country contains the city another source names: different scope, not a conflict
        by_event[r["event"]][r["doc"]][r["place"]] += 1
        spans.setdefault((r["event"], r["doc"], r["place"]), _span(r["doc"], r["start"], r["end"], r["text"]))
        actors, days = accounts[(r["event"], r["doc"])]
        actors.update(r.get("actors") or ())
        if r.get("day"):
            days.add((r["day"], bool(r.get("day_stated"))))
        summaries[r["event"]] = r["summary"]
    out = []
    for event, docs in by_event.items():
        # A source's place for the event: the one it names most, the earliest of equals (Counter keeps order).
        top = {doc: places.most_common(1)[0][0] for doc, places in docs.items()}
        top = {doc: place for doc, place in top.items()
               if any(top[other] != place and _one_occasion(accounts[(event, doc)], accounts[(event, other)])
                      for other in top if other != doc)}
        if len(set(top.values())) < 2:
            continue
        named = {doc: set(places) for doc, places in docs.items()}
        if any(top[a] in named[b] for a in top for b in top if a != b):
            continue  # a source that also names the other place (a route, a trip) does not contradict it
        sides = [spans[(event, doc, place)] for doc, place in sorted(top.items())]
        texts = list(dict.fromkeys(s["text"] for s in sides))  # in the sides' order: who says what lines up
        out.append(_conflict("place", f"{' / '.join(texts)}: sources place one event differently "
                                      f"({clip(summaries[event], 80)})", sides))
    return out


def _calendar(text: str) -> bool:
    """A date stated on the calendar ('12 maart', '2019-03-12'), not read from the article's own date."""
    return any(ch.isdigit() for ch in text)


def _one_occasion(a: tuple[set, set], b: tuple[set, set]) -> bool:
    """Two accounts (actors, days) of one occasion: a common actor, and days that meet (a trip to Paris on
    Tuesday and a summit in Brussels on Wednesday are two occasions of one person). A day read from the
    article's own date may be a day late: yesterday's visit in today's paper."""
    (actors_a, days_a), (actors_b, days_b) = a, b
    return bool(actors_a & actors_b) and any(_meet(x, y, 0 if x_stated and y_stated else REPORT_LAG_DAYS)
                                             for x, x_stated in days_a for y, y_stated in days_b)


def _meet(x: str, y: str, gap_days: int) -> bool:
    """Two ISO dates of any precision whose days are at most `gap_days` apart."""
    sx, sy = _days_of(x), _days_of(y)
    if not sx or not sy:
        return False
    gap = timedelta(days=gap_days)
    return sx[0] - gap <= sy[1] and sy[0] - gap <= sx[1]


def clip(text: str, limit: int) -> str:
    """The text cut at the last word boundary within `limit` characters, with an ellipsis: a description
    that ends mid-word ('op bez') reads as a typo in the source."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit + 1].rsplit(" ", 1)[0] if " " in text[:limit + 1] else text[:limit]
    return cut.rstrip(" ,;:–—-") + "…"


def date_conflicts(store: Store) -> list[dict]:
    return dates_disagree(store.rows(DATE_SQL))


def dates_disagree(rows: list[dict]) -> list[dict]:
    """DATE_SQL rows (by event, document, offset) -> date conflicts; pure, so it runs per event in Spark."""
    by_event: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        if (r.get("trigger") or "") != r["text"].lower():  # an event named only by its date ('eind juli')
            by_event[r["event"]].append(r)
    out = []
    for mentions in by_event.values():
        dates: dict[str, dict] = {}
        for a in mentions:
            if any(_same_account_other_day(a, b) for b in mentions):
                dates.setdefault(a["date"], _span(a["doc"], a["start"], a["end"], a["text"]))
        if len(dates) >= 2:
            out.append(_conflict("date", f"sources date one event differently: {', '.join(sorted(dates))}",
                                 list(dates.values())))
    return out


def _same_account_other_day(a: dict, b: dict) -> bool:
    """Two sources telling one happening (same trigger word, a common actor) on days close enough to be one
    event told wrongly rather than two events (a weekly meeting is not one meeting dated twice)."""
    if not (_calendar(a["text"]) or _calendar(b["text"])):
        return False  # 'vandaag' in two articles of different days: two days, read from the articles' dates
    return (a["doc"] != b["doc"] and a["date"] != b["date"] and a.get("trigger") == b.get("trigger")
            and bool(set(a.get("actors") or ()) & set(b.get("actors") or ()))
            and _meet(a["date"], b["date"], ANCHOR_DAYS))


def _day(value: str | None) -> date:
    """The first day of an ISO date of any precision; an undated claim is never within a window of another."""
    if not value:
        return date.min
    parts = [int(p) for p in value.split("-")] + [1, 1]
    return date(parts[0], parts[1], parts[2])


def quantity_conflicts(store: Store) -> list[dict]:
    return quantities_disagree(store.rows(QUANTITY_SQL))


def quantities_disagree(rows: list[dict]) -> list[dict]:
    """QUANTITY_SQL rows -> quantity conflicts; pure, so it runs per (concept, unit) in Spark.

    Two sources disagree on a figure when every pair of their figures that are comparable (one thing counted,
    one subject, one time) is incompatible: a source that also gives the other's figure is only counting more
    things, as a source naming both places of a trip does not contradict either."""
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for r in rows:
        concept = concept_of(r["counts"])
        if concept:
            groups[(concept, r["unit"])].append(r)
    out = []
    for (concept, _unit), claims in groups.items():
        for a, b in _source_disputes(claims):
            out.append(_conflict("quantity", f"{concept}: {a['text']} / {b['text']}", [
                _span(a["doc"], a["start"], a["end"], a["text"]), _span(b["doc"], b["start"], b["end"], b["text"])]))
    return out


def _source_disputes(claims: list[dict]) -> list[tuple[dict, dict]]:
    """Per pair of sources, their first comparable figures that disagree, unless another comparable pair agrees."""
    claims.sort(key=lambda r: (r["date"], r["doc"], r["start"]))
    days = [_day(r["date"]) for r in claims]  # ISO dates of any precision sort as their first days do
    first: dict[tuple[str, str], tuple[dict, dict]] = {}
    agreed: set[tuple[str, str]] = set()
    for i, a in enumerate(claims):
        for j in range(i + 1, len(claims)):
            if (days[j] - days[i]).days > QUANTITY_WINDOW_DAYS:
                break  # sorted by date: no later claim is within the window either
            b = claims[j]
            pair = (a["doc"], b["doc"])
            if pair in agreed or not comparable(a, b):
                continue
            if _incompatible(a, b):
                first.setdefault(pair, (a, b))
            else:
                agreed.add(pair)
    return [sides for pair, sides in first.items() if pair not in agreed]


def comparable(a: dict, b: dict) -> bool:
    """Two figures from different sources about one thing: the same event, or the same subject (entities named
    together), at one moment, held by the same party, in one scope, counting the same kind of thing."""
    if a["doc"] == b["doc"]:
        return False  # one article: an update or a breakdown, not a disagreement between sources
    if abs((_day(b["date"]) - _day(a["date"])).days) > QUANTITY_WINDOW_DAYS:
        return False
    if _disjoint(a.get("places"), b.get("places")) or not _same_moment(a, b):
        return False  # numbers for different places or different times
    if not _same_kind(a.get("counts"), b.get("counts")) or not _same_holder(a, b):
        return False
    if set(a.get("events") or ()) & set(b.get("events") or ()):
        return True
    sa, sb = set(a.get("subjects") or ()), set(b.get("subjects") or ())
    shared = len(sa & sb)
    return shared >= SUBJECT_OVERLAP and shared >= SUBJECT_SHARE * len(sa | sb)


def _disjoint(xs: list | None, ys: list | None) -> bool:
    return bool(xs) and bool(ys) and not set(xs or ()) & set(ys or ())


def _days_of(value: str) -> tuple[date, date] | None:
    """The days an ISO date of any precision covers (2019, 2019-03, 2019-03-20, 2019-W12, 2019-Q1); None for
    what names no span of days (a season, PRESENT_REF)."""
    head = value.split("T")[0]
    try:
        if re.fullmatch(r"\d{4}", head):
            return date(int(head), 1, 1), date(int(head), 12, 31)
        if re.fullmatch(r"\d{4}-\d{2}", head):
            first = date(int(head[:4]), int(head[5:]), 1)
            return first, (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", head):
            day = date.fromisoformat(head)
            return day, day
        week = re.fullmatch(r"(\d{4})-W(\d{2})", head)
        if week:
            first = date.fromisocalendar(int(week[1]), int(week[2]), 1)
            return first, first + timedelta(days=6)
        quarter = re.fullmatch(r"(\d{4})-Q([1-4])", head)
        if quarter:
            first = date(int(quarter[1]), 3 * int(quarter[2]) - 2, 1)
            return first, (first + timedelta(days=95)).replace(day=1) - timedelta(days=1)
    except ValueError:
        return None
    return None


def _anchors(claim: dict) -> list[tuple[date, date]]:
    """The moments a figure is about: the dates its sentence names, else its article's date (a figure in the
    present tense is of the day it was written)."""
    named = [span for span in map(_days_of, claim.get("dates") or ()) if span]
    if named:
        return named
    own = _days_of(claim["date"]) if claim.get("date") else None
    return [own] if own else []


def _same_moment(a: dict, b: dict) -> bool:
    """Figures of one moment: some day of one is at most ANCHOR_DAYS from some day of the other ('in 1991'
    against a figure of today is a different time; 'een week geleden' against today too)."""
    xs, ys = _anchors(a), _anchors(b)
    if not xs or not ys:
        return False
    gap = timedelta(days=ANCHOR_DAYS)
    return any(x0 - gap <= y1 and y0 - gap <= x1 for x0, x1 in xs for y0, y1 in ys)


def _holder(claim: dict) -> str | None:
    """Who holds a figure: the person or organisation named last before it in its sentence ('de VVD, die op elf
    zetels', 'İmamoglu heeft een voorsprong van 25.000 stemmen'); one named only after it is its source."""
    before = []
    for item in claim.get("holders") or ():
        start, _, entity = str(item).partition(":")
        if start.isdigit() and int(start) < claim["start"]:
            before.append((int(start), entity))
    return max(before)[1] if before else None


def _same_holder(a: dict, b: dict) -> bool:
    ha, hb = _holder(a), _holder(b)
    return ha is None or hb is None or ha == hb


def _same_kind(a: str | None, b: str | None) -> bool:
    """'Russische soldaten' and 'Oekraïense soldaten' count different things; 'soldaten' may be either. A part
    of a whole ('tien van de 55 zetels') is only comparable with a part of the same whole."""
    ma, mb = modifiers(a), modifiers(b)
    wa, wb = {w for w in ma if w[:1].isdigit()}, {w for w in mb if w[:1].isdigit()}
    if wa != wb:
        return False
    return not (ma and mb) or bool(ma & mb)


def _disagree(a: dict, b: dict) -> bool:
    return comparable(a, b) and _incompatible(a, b)


def _incompatible(a: dict, b: dict) -> bool:
    (alo, ahi), (blo, bhi) = _interval(a), _interval(b)
    return ahi < blo or bhi < alo


def _interval(claim: dict) -> tuple[float, float]:
    """The values a figure allows: a range ('10 tot 15') is its ends, a bound ('more than 10,000') is open on one
    side, a hedged figure ('about 10,000') has a wider margin than an exact one, and every figure is read with
    the precision it is written in (rounding)."""
    value, approx = claim["value"], (claim.get("approx") or "").lower().replace("’", "'")
    high = claim.get("high")
    cues = quantity_cues()
    if approx in cues["lower"]:
        return value, math.inf
    if approx in cues["upper"]:
        return 0.0, high if high is not None else value
    margin = (APPROX_TOLERANCE if approx else QUANTITY_TOLERANCE) / 2
    top = high if high is not None else value
    return value * (1 - margin), top * (1 + margin)


def link(store: Store) -> None:
    found = place_conflicts(store) + date_conflicts(store) + quantity_conflicts(store)
    store.replace_rows("conflicts", {
        "id": [c["id"] for c in found], "kind": [c["kind"] for c in found],
        "description": [c["description"] for c in found],
        "sides": [json.dumps(c["sides"], ensure_ascii=False) for c in found],
    })

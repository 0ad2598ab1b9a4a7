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

from kroniek.store import Store

TYPE_WEIGHT = {"CONSULT": 1.0, "AGREE": 1.0, "MOBILIZE": 0.8, "FIGHT": 0.8, "REJECT": 0.6, "AID": 0.6,
               "THREATEN": 0.6, "SANCTION": 0.5, "SUPPORT": 0.4, "COOPERATE": 0.3, "ACCUSE": 0.5, "DEMAND": 0.4}
DEFAULT_DATES = 12
DEFAULT_SENTENCES = 2
SECOND_EVENT_SHARE = 0.8  # a date's further events join its summary only if nearly as important as the first
_WORD = re.compile(r"\w+")


def event_scores(store: Store) -> list[dict]:
    rows = store.rows(
        "SELECT e.*, count(DISTINCT m.doc) AS docs, count(*) AS mentions, "
        "bool_or(m.date_source = 'timex') AS timex_dated FROM events e JOIN event_mentions m ON m.event = e.id "
        "WHERE e.date IS NOT NULL GROUP BY ALL")
    for r in rows:
        r["score"] = round(
            2.0 * r["docs"] + math.log1p(r["mentions"]) + 0.5 * min(len(r["participants"] or []), 4)
            + (1.0 if r["timex_dated"] else 0.0) + TYPE_WEIGHT.get(r["type"], 0.3), 3)
        r["sources"] = json.loads(r["sources"]) if isinstance(r["sources"], str) else r["sources"]
    return rows


def _similar(a: str, b: str) -> bool:
    wa, wb = set(_WORD.findall(a.lower())), set(_WORD.findall(b.lower()))
    return bool(wa and wb) and len(wa & wb) / min(len(wa), len(wb)) > 0.7


def select(events: list[dict], n_dates: int = DEFAULT_DATES, per_date: int = DEFAULT_SENTENCES) -> list[dict]:
    by_date: dict[str, list[dict]] = {}
    for ev in events:
        by_date.setdefault(ev["date"], []).append(ev)
    ranked_dates = sorted(by_date, key=lambda d: -max(e["score"] for e in by_date[d]))[:n_dates]
    entries = []
    for day in sorted(ranked_dates):
        evs = sorted(by_date[day], key=lambda e: -e["score"])
        picked: list[dict] = []
        for ev in evs:
            if picked and ev["score"] < SECOND_EVENT_SHARE * evs[0]["score"]:
                break
            source = ev["sources"][0]
            if any(_similar(source["text"], p["text"]) for p, _ in picked):
                continue
            picked.append((source, ev))
            if len(picked) == per_date:
                break
        top = evs[0]
        entries.append({
            "date": day, "date_precision": top["date_precision"],
            "summary": " ".join(s["text"] for s, _ in picked), "event": top["id"], "score": top["score"],
            "status": top["status"], "sources": [s for s, _ in picked],
            "events": [{"id": e["id"], "status": e["status"], "type": e["type"]} for _, e in picked],
        })
    return entries


def link(store: Store, n_dates: int = DEFAULT_DATES, per_date: int = DEFAULT_SENTENCES) -> None:
    entries = select(event_scores(store), n_dates, per_date)
    store.replace_rows("timeline", {
        "rank": list(range(len(entries))), "date": [e["date"] for e in entries],
        "date_precision": [e["date_precision"] for e in entries], "summary": [e["summary"] for e in entries],
        "event": [e["event"] for e in entries], "score": [e["score"] for e in entries],
        "sources": [json.dumps(e["sources"], ensure_ascii=False) for e in entries],
        "status": [e["status"] for e in entries],
    })

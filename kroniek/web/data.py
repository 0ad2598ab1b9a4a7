"""Read-only views of a chronicle for the web app, each the JSON twin of one page.

The store is opened read-only and a DuckDB writer cannot open the file while we hold it, so the data cannot
change while the app runs: every view is computed once and cached for the life of the process. One lock
serialises the few queries that run, because a DuckDB connection is not meant for concurrent use.
"""

from __future__ import annotations

import json
import threading
from bisect import bisect_right
from collections import Counter, defaultdict
from datetime import date, timedelta
from functools import cached_property, lru_cache
from typing import Any

from kroniek.citation import public_source
from kroniek.export.network import entity_graph
from kroniek.store import Store

PAGE = 200  # rows per page in long lists
PAGE_CONFLICTS = 50  # conflicts carry context on each side: fewer per page
LAYERS = ("mentions", "timexes", "quotes", "claims")  # what the reader marks in a document


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else (value or [])


def in_range(doc_date: str | None, date_from: str | None, date_to: str | None) -> bool:
    """Whether a (possibly coarse) ISO date can fall within [date_from, date_to], both optional."""
    if not (date_from or date_to):
        return True
    if not doc_date:
        return False
    if date_from and doc_date < date_from[: len(doc_date)]:
        return False
    return not (date_to and doc_date[: len(date_to)] > date_to)


def _label(opening: str, title: str | None, source: str) -> str:
    """What to call a document: its title, else its opening words, else its file name."""
    if title and title.strip():
        return " ".join(title.split())
    words = " ".join((opening or "").split())
    if not words:
        return source.rsplit("/", 1)[-1]
    return words if len(words) <= 90 else words[:89].rsplit(" ", 1)[0] + " …"


def _buckets(dates: list[str]) -> tuple[str, list[str]]:
    """A continuous run of day, month or year keys spanning the dates, fine enough to show a shape."""
    months = sorted({d[:7] for d in dates if len(d) >= 7})
    if len(dates) and all(len(d) >= 10 for d in dates) and len(months) <= 4:
        lo, hi = date.fromisoformat(min(dates)[:10]), date.fromisoformat(max(dates)[:10])
        return "day", [(lo + timedelta(days=i)).isoformat() for i in range((hi - lo).days + 1)]
    if months and len(months) <= 48:
        (y0, m0), (y1, m1) = (map(int, months[0].split("-")), map(int, months[-1].split("-")))
        return "month", [f"{y:04d}-{m:02d}" for y in range(y0, y1 + 1) for m in range(1, 13)
                         if (y0, m0) <= (y, m) <= (y1, m1)]
    years = sorted({int(d[:4]) for d in dates if d[:4].isdigit()})
    return "year", [f"{y:04d}" for y in range(years[0], years[-1] + 1)] if years else []


class Speakers:
    """Quotes or claims in page order (oldest first), indexed by who says them: an entity page asks for its
    entity's quotes among thousands, and a speaker is matched on far fewer distinct names than rows."""

    def __init__(self, rows: list[dict]) -> None:
        self.rows = sorted(rows, key=lambda r: (r["date"] or "9999", r["doc"], r["start"] or 0))
        self.by_id: dict[str, list[int]] = defaultdict(list)
        self.by_words: dict[str, list[int]] = defaultdict(list)  # case-folded speaker text or name -> rows
        for i, r in enumerate(self.rows):
            if r.get("speaker"):
                self.by_id[r["speaker"]].append(i)
            for words in dict.fromkeys((r.get(k) or "").casefold() for k in ("speaker_text", "speaker_name")):
                if words:
                    self.by_words[words].append(i)

    def said_by(self, speaker: str) -> list[dict]:
        """Rows whose speaker is the entity `speaker`, or whose speaker's words or name contain it."""
        if not speaker:
            return self.rows
        needle = speaker.casefold()
        hits = set(self.by_id.get(speaker, ()))
        for words, rows in self.by_words.items():
            if needle in words:
                hits.update(rows)
        return [self.rows[i] for i in sorted(hits)]


class Chronicle:
    """Everything the pages show, computed from one read-only store."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.lock = threading.RLock()

    def warm(self) -> None:
        """Compute the shared views (a few seconds on thousands of articles) before anyone asks."""
        for view in (lambda: self.info, lambda: self.timeline, self.entities, self.network, self.quotes,
                     self.claims, self.conflicts_view, lambda: self.speakers, lambda: self._events_of):
            view()
        for table in LAYERS:
            self._by_doc(table)

    def rows(self, sql: str, params: list | None = None) -> list[dict]:
        with self.lock:
            return self.store.rows(sql, params)

    # --- documents -----------------------------------------------------------------------------------

    @cached_property
    def docs(self) -> dict[str, dict]:
        rows = self.rows(
            "SELECT id, title, source, url, language, date, date_precision, date_source, date_from, date_to, "
            "n_chars, n_sentences, left(text, 200) AS opening FROM documents ORDER BY date NULLS LAST, source")
        for r in rows:
            r["label"] = _label(r.pop("opening"), r["title"], r["source"])
            r["source"] = public_source(r["source"])  # older chronicles stored absolute input paths
        return {r["id"]: r for r in rows}

    def doc_meta(self, doc_id: str) -> dict:
        return self.docs.get(doc_id) or {"id": doc_id, "label": doc_id[:12], "date": None, "title": None}

    @cached_property
    def info(self) -> dict[str, Any]:
        counts = {}
        for table in ("documents", "entities", "events", "timeline", "quotes", "claims", "conflicts", "timexes",
                      "mentions"):
            counts[table] = self.rows(f"SELECT count(*) AS n FROM {table}")[0]["n"]
        dated = [d["date"] for d in self.docs.values() if d["date"]]
        languages = Counter(d["language"] for d in self.docs.values())
        path = public_source(str(self.store.path))  # the file's name: a shared page leaks no folder layout
        return {"path": path, "counts": counts, "languages": dict(languages.most_common()),
                "dates": {"first": min(dated, default=None), "last": max(dated, default=None),
                          "undated": len(self.docs) - len(dated)}}

    def documents(self, page: int = 0) -> dict[str, Any]:
        items = list(self.docs.values())
        return {"total": len(items), "page": page, "per_page": PAGE, "items": items[page * PAGE:(page + 1) * PAGE]}

    @lru_cache(maxsize=256)  # noqa: B019 - one Chronicle per app
    def document(self, doc_id: str) -> dict[str, Any] | None:
        found = self.rows("SELECT text FROM documents WHERE id = ?", [doc_id])
        if not found:
            return None
        # The layers of all documents are read once, grouped by document: a query per layer and document
        # costs more than the rest of the page, and quotes and claims are held for their own pages anyway.
        return {**self.doc_meta(doc_id), "text": found[0]["text"],
                **{table: list(self._by_doc(table).get(doc_id, ())) for table in LAYERS}}

    def context(self, span: dict, width: int = 160) -> dict[str, Any]:
        """A span with the text around it, cut at its sentence where sentences are known."""
        text = self._text(span["doc"])
        if text is None:
            return {**span, "before": "", "after": "", **self.doc_meta(span["doc"]) | {"doc": span["doc"]}}
        start, end = span["start"], span["end"]
        lo, hi = self._sentence_bounds(span["doc"], start, end)
        lo, hi = max(lo, start - width), min(hi, end + width)
        meta = self.doc_meta(span["doc"])
        return {**span, "text": text[start:end], "before": text[lo:start], "after": text[end:hi],
                "label": meta["label"], "date": meta["date"], "date_precision": meta.get("date_precision")}

    @lru_cache(maxsize=1024)  # noqa: B019
    def _text(self, doc_id: str) -> str | None:
        found = self.rows("SELECT text FROM documents WHERE id = ?", [doc_id])
        return found[0]["text"] if found else None

    def _sentence_bounds(self, doc_id: str, start: int, end: int) -> tuple[int, int]:
        starts, ends = self._sentences.get(doc_id, ((), ()))
        if not starts:
            return 0, 10**9
        i = max(bisect_right(starts, start) - 1, 0)
        j = max(bisect_right(starts, max(end - 1, start)) - 1, i)
        return starts[i], ends[j]

    @cached_property
    def _sentences(self) -> dict[str, tuple[list[int], list[int]]]:
        """Sentence starts and ends per document, all at once: conflicts and contexts look up thousands."""
        with self.lock:
            rows = self.store.con.execute(
                'SELECT doc, list(start ORDER BY start), list("end" ORDER BY start) FROM sentences GROUP BY doc'
            ).fetchall()
        return {doc: (starts, ends) for doc, starts, ends in rows}

    # --- entities ------------------------------------------------------------------------------------

    @cached_property
    def entity_rows(self) -> dict[str, dict]:
        out = {}
        for r in self.rows("SELECT * FROM entities ORDER BY name"):
            mentions = _json(r["mentions"])
            out[r["id"]] = {"id": r["id"], "name": r["name"], "type": r["type"], "aliases": list(r["aliases"] or []),
                            "descriptions": list(r["descriptions"] or []), "mentions": mentions,
                            "n_mentions": len(mentions), "n_docs": len({m["doc"] for m in mentions})}
        return out

    def entity_name(self, entity_id: str | None) -> str | None:
        row = self.entity_rows.get(entity_id or "")
        return row["name"] if row else None

    @lru_cache(maxsize=256)  # noqa: B019
    def entities(self, q: str = "", type_: str = "", page: int = 0) -> dict[str, Any]:
        needle = q.casefold().strip()
        items = [
            {k: e[k] for k in ("id", "name", "type", "aliases", "descriptions", "n_mentions", "n_docs")}
            for e in sorted(self.entity_rows.values(), key=lambda e: (-e["n_mentions"], e["name"]))
            if (not type_ or e["type"] == type_)
            and (not needle or any(needle in a.casefold() for a in [e["name"], *e["aliases"]]))
        ]
        types = Counter(e["type"] for e in self.entity_rows.values())
        return {"total": len(items), "page": page, "per_page": PAGE, "types": dict(types.most_common()),
                "items": items[page * PAGE:(page + 1) * PAGE]}

    @lru_cache(maxsize=512)  # noqa: B019
    def entity(self, entity_id: str) -> dict[str, Any] | None:
        e = self.entity_rows.get(entity_id)
        if e is None:
            return None
        dates = [self.doc_meta(m["doc"])["date"] for m in e["mentions"]]
        unit, keys = _buckets([d for d in dates if d])
        width = {"day": 10, "month": 7, "year": 4}[unit]
        counts = Counter(d[:width] for d in dates if d and len(d) >= width)
        over_time = [{"date": k, "count": counts.get(k, 0)} for k in keys]
        events = self._events_of.get(entity_id, [])
        return {**e, "mentions_over_time": {"unit": unit, "buckets": over_time,
                                            "imprecise": sum(1 for d in dates if not d or len(d) < width)},
                "quotes": self.quotes(speaker=entity_id)["items"], "events": events,
                "documents": [self.doc_meta(d) for d in dict.fromkeys(m["doc"] for m in e["mentions"])]}

    # --- events and timeline -------------------------------------------------------------------------

    @cached_property
    def _conflict_ranges(self) -> dict[str, list[tuple[int, int, int]]]:
        """Per document, the sentence ranges that a conflict side falls in, with the conflict's index."""
        out: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
        for i, c in enumerate(self.conflicts):
            for side in c["sides"]:
                lo, hi = self._sentence_bounds(side["doc"], side["start"], side["end"])
                out[side["doc"]].append((lo, hi, i))
        return out

    def _conflicts_of(self, sources: list[dict]) -> list[int]:
        hits = set()
        for s in sources:
            for lo, hi, i in self._conflict_ranges.get(s.get("doc", ""), ()):
                if s["start"] < hi and s["end"] > lo:
                    hits.add(i)
        return sorted(hits)

    @cached_property
    def events(self) -> list[dict]:
        key = {r["event"]: r["rank"] for r in self.rows("SELECT event, rank FROM timeline WHERE event IS NOT NULL")}
        out = []
        for r in self.rows("SELECT * FROM events ORDER BY date NULLS LAST, id"):
            sources = _json(r["sources"])
            participants = list(r["participants"] or [])
            out.append({
                "id": r["id"], "date": r["date"], "date_precision": r["date_precision"] or "unknown",
                "summary": r["summary"] or "", "type": r["type"], "status": r["status"] or "unknown",
                "participants": participants, "location": r["location"],
                "participant_names": [self.entity_name(p) or p for p in participants],
                "location_name": self.entity_name(r["location"]),
                "sources": [{**s, "label": self.doc_meta(s["doc"])["label"]} for s in sources],
                "key": r["id"] in key, "rank": key.get(r["id"]), "conflicts": self._conflicts_of(sources),
            })
        return out

    @cached_property
    def _events_of(self) -> dict[str, list[dict]]:
        """The events each entity takes part in or is the place of, in event order."""
        out: dict[str, list[dict]] = defaultdict(list)
        for ev in self.events:
            for eid in dict.fromkeys([*ev["participants"], *([ev["location"]] if ev["location"] else [])]):
                out[eid].append(ev)
        return out

    @cached_property
    def timeline(self) -> dict[str, Any]:
        """Dated items for the zoomable timeline: the events, or the timeline's entries when there are none."""
        items = [e for e in self.events if e["date"]]
        if not items:
            for i, t in enumerate(self.rows("SELECT * FROM timeline ORDER BY rank")):
                sources = _json(t["sources"])
                if t["date"]:
                    items.append({"id": f"t{i}", "date": t["date"], "date_precision": t["date_precision"] or "unknown",
                                  "summary": t["summary"] or "", "type": None, "status": "unknown",
                                  "participants": [], "participant_names": [], "location": None,
                                  "location_name": None, "key": True, "rank": t["rank"],
                                  "sources": [{**s, "label": self.doc_meta(s["doc"])["label"]} for s in sources],
                                  "conflicts": self._conflicts_of(sources)})
        statuses = Counter(i["status"] for i in items)
        return {"items": items, "undated": sum(1 for e in self.events if not e["date"]),
                "statuses": dict(statuses.most_common())}

    # --- network -------------------------------------------------------------------------------------

    @lru_cache(maxsize=16)  # noqa: B019
    def network(self, limit: int = 150) -> dict[str, Any]:
        with self.lock:
            graph = entity_graph(self.store)
        ranked = sorted(graph.nodes, key=lambda n: (-graph.degree(n, weight="weight"), n))[:limit]
        keep = set(ranked)
        nodes = [{"id": n, **graph.nodes[n]} for n in ranked]
        edges = [{"source": a, "target": b, "weight": d["weight"], "events": d["events"].split()}
                 for a, b, d in graph.edges(data=True) if a in keep and b in keep]
        return {"total_nodes": graph.number_of_nodes(), "total_edges": graph.number_of_edges(),
                "nodes": nodes, "edges": edges}

    # --- quotes, claims, conflicts -------------------------------------------------------------------

    @lru_cache(maxsize=len(LAYERS))  # noqa: B019
    def _raw(self, table: str) -> list[dict]:
        """The rows of one layer as stored, by document and offset."""
        return self.rows(f"SELECT * FROM {table} ORDER BY doc, start")

    @lru_cache(maxsize=len(LAYERS))  # noqa: B019
    def _by_doc(self, table: str) -> dict[str, list[dict]]:
        out: dict[str, list[dict]] = defaultdict(list)
        for row in self._raw(table):
            out[row["doc"]].append(row)
        return out

    @cached_property
    def _quotes(self) -> list[dict]:
        return [self._with_doc(q) for q in self._raw("quotes")]

    @cached_property
    def _claims(self) -> list[dict]:
        return [self._with_doc(c) for c in self._raw("claims")]

    @cached_property
    def _quotes_keyed(self) -> Speakers:
        return Speakers(self._quotes)

    @cached_property
    def _claims_keyed(self) -> Speakers:
        return Speakers(self._claims)

    def _with_doc(self, row: dict) -> dict:
        meta = self.doc_meta(row["doc"])
        return {**row, "speaker_name": self.entity_name(row.get("speaker")), "doc_label": meta["label"],
                "date": meta["date"], "date_precision": meta.get("date_precision")}

    @staticmethod
    def _filtered(keyed: Speakers, speaker: str, date_from: str, date_to: str, page: int) -> dict:
        items = [r for r in keyed.said_by(speaker) if in_range(r["date"], date_from, date_to)]
        return {"total": len(items), "page": page, "per_page": PAGE, "items": items[page * PAGE:(page + 1) * PAGE]}

    @lru_cache(maxsize=512)  # noqa: B019
    def quotes(self, speaker: str = "", date_from: str = "", date_to: str = "", page: int = 0) -> dict[str, Any]:
        return self._filtered(self._quotes_keyed, speaker, date_from, date_to, page)

    @lru_cache(maxsize=512)  # noqa: B019
    def claims(self, speaker: str = "", date_from: str = "", date_to: str = "", page: int = 0) -> dict[str, Any]:
        return self._filtered(self._claims_keyed, speaker, date_from, date_to, page)

    @cached_property
    def speakers(self) -> list[dict]:
        """Who is quoted, most quoted first: resolved entities by id, unresolved ones by their words."""
        counts: Counter[tuple[str, str]] = Counter()
        for q in self._quotes:
            if q.get("speaker"):
                counts[(q["speaker"], q["speaker_name"] or q["speaker"])] += 1
            elif q.get("speaker_text"):
                counts[(q["speaker_text"], q["speaker_text"])] += 1
        return [{"value": v, "name": n, "count": c} for (v, n), c in counts.most_common()]

    @cached_property
    def conflicts(self) -> list[dict]:
        out = []
        for r in self.rows("SELECT * FROM conflicts ORDER BY id"):
            out.append({"id": r["id"], "kind": r["kind"], "description": r["description"] or "",
                        "sides": _json(r["sides"])})
        return out

    @lru_cache(maxsize=256)  # noqa: B019
    def conflicts_view(self, kind: str = "", page: int = 0) -> dict[str, Any]:
        """One page of conflicts of a kind (or all), each side with its context."""
        items = [(i, c) for i, c in enumerate(self.conflicts) if not kind or c["kind"] == kind]
        kinds = Counter(c["kind"] for c in self.conflicts)
        return {"total": len(items), "page": page, "per_page": PAGE_CONFLICTS, "kinds": dict(kinds.most_common()),
                "items": [{**c, "index": i, "sides": [self.context(s) for s in c["sides"]]}
                          for i, c in items[page * PAGE_CONFLICTS:(page + 1) * PAGE_CONFLICTS]]}
